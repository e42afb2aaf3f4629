// ---------------------------------------------------------------------------
// JSON input files (--trigger, --secrets, --steps): where a syntax error is and what
// was expected there, and how deep a parsed value nests, both without recursion and
// without quoting the file. JSON.parse's own messages quote the text around the error
// ("..."api_key": sk_live_51"...), and these files hold secret values and personal
// data: a line and column is enough to find the mistake in an editor.
// ---------------------------------------------------------------------------

import { createScanner } from 'jsonc-parser';

/** jsonc-parser's SyntaxKind values (a const enum, which isolated modules cannot import). */
const TOKEN = {
  openBrace: 1,
  closeBrace: 2,
  openBracket: 3,
  closeBracket: 4,
  comma: 5,
  colon: 6,
  nullKeyword: 7,
  trueKeyword: 8,
  falseKeyword: 9,
  string: 10,
  number: 11,
  lineComment: 12,
  blockComment: 13,
  lineBreak: 14,
  trivia: 15,
  unknown: 16,
  eof: 17,
} as const;

/** jsonc-parser's ScanError values, in words that quote nothing. */
const SCAN_ERRORS: Readonly<Record<number, string>> = {
  1: 'a comment that does not end',
  2: 'a string that does not end on its line',
  3: 'a number that does not end properly',
  4: 'an invalid \\u escape in a string',
  5: 'an invalid escape in a string',
  6: 'a control character inside a string',
};

/** Where a JSON text stops being JSON: 1-based line and column, and what was expected. */
export interface JsonSyntaxError {
  line: number;
  column: number;
  /** Words such as "expected a string"; never text from the file. */
  reason: string;
}

/** What the grammar expects next, given the containers open around the current token. */
type Expect =
  'value' | 'key' | 'keyOrClose' | 'colon' | 'commaOrCloseObject' | 'valueOrCloseArray' | 'commaOrCloseArray' | 'end';

const EXPECTED_WORDS: Readonly<Record<Expect, string>> = {
  value: 'expected a value',
  key: 'expected a string (a property name in double quotes)',
  keyOrClose: "expected a string (a property name in double quotes) or '}'",
  colon: "expected ':'",
  commaOrCloseObject: "expected ',' or '}'",
  valueOrCloseArray: "expected a value or ']'",
  commaOrCloseArray: "expected ',' or ']'",
  end: 'unexpected text after the JSON value',
};

/**
 * The first place `text` breaks the JSON grammar, or undefined when the scanner finds
 * none (JSON.parse stays the judge of validity; this only says where). Iterative: a
 * stack of open containers, never a recursive descent, so any depth is fine.
 */
export function locateJsonSyntaxError(text: string): JsonSyntaxError | undefined {
  const scanner = createScanner(text, false);
  // true = object, false = array, for each container open around the current token.
  const open: boolean[] = [];
  let expect: Expect = 'value';
  const at = (reason: string): JsonSyntaxError => ({
    line: scanner.getTokenStartLine() + 1,
    column: scanner.getTokenStartCharacter() + 1,
    reason,
  });
  const afterValue = (): Expect => {
    if (open.length === 0) return 'end';
    return open[open.length - 1] ? 'commaOrCloseObject' : 'commaOrCloseArray';
  };

  for (;;) {
    // Read as a plain number: the constants above stand in for the const enum.
    const token: number = scanner.scan();
    const scanError: number = scanner.getTokenError();
    if (token === TOKEN.trivia || token === TOKEN.lineBreak) continue;
    if (token === TOKEN.lineComment || token === TOKEN.blockComment) return at('comments are not allowed in JSON');
    if (scanError !== 0) return at(`found ${SCAN_ERRORS[scanError] ?? 'an invalid character'}`);
    if (token === TOKEN.eof) {
      return expect === 'end' ? undefined : at(`unexpected end of file, ${EXPECTED_WORDS[expect]}`);
    }
    const isScalar =
      token === TOKEN.string ||
      token === TOKEN.number ||
      token === TOKEN.nullKeyword ||
      token === TOKEN.trueKeyword ||
      token === TOKEN.falseKeyword;
    switch (expect) {
      case 'value':
      case 'valueOrCloseArray':
        if (token === TOKEN.closeBracket && expect === 'valueOrCloseArray') {
          open.pop();
          expect = afterValue();
        } else if (isScalar) {
          expect = afterValue();
        } else if (token === TOKEN.openBrace) {
          open.push(true);
          expect = 'keyOrClose';
        } else if (token === TOKEN.openBracket) {
          open.push(false);
          expect = 'valueOrCloseArray';
        } else {
          return at(EXPECTED_WORDS[expect]);
        }
        break;
      case 'key':
      case 'keyOrClose':
        if (token === TOKEN.string) expect = 'colon';
        else if (token === TOKEN.closeBrace && expect === 'keyOrClose') {
          open.pop();
          expect = afterValue();
        } else return at(EXPECTED_WORDS[expect]);
        break;
      case 'colon':
        if (token !== TOKEN.colon) return at(EXPECTED_WORDS.colon);
        expect = 'value';
        break;
      case 'commaOrCloseObject':
        if (token === TOKEN.comma) expect = 'key';
        else if (token === TOKEN.closeBrace) {
          open.pop();
          expect = afterValue();
        } else return at(EXPECTED_WORDS.commaOrCloseObject);
        break;
      case 'commaOrCloseArray':
        if (token === TOKEN.comma) expect = 'value';
        else if (token === TOKEN.closeBracket) {
          open.pop();
          expect = afterValue();
        } else return at(EXPECTED_WORDS.commaOrCloseArray);
        break;
      case 'end':
        return at(EXPECTED_WORDS.end);
    }
  }
}

/**
 * Where `value` first nests deeper than `limit` levels of objects and arrays (the root
 * container is level 1), as a JSON Pointer, or undefined when it stays within. Walks
 * with an explicit stack, so a value too deep for recursion is measured all the same.
 */
export function findNestingBeyond(value: unknown, limit: number): string | undefined {
  const stack: { value: unknown; depth: number; pointer: string }[] = [{ value, depth: 0, pointer: '' }];
  while (stack.length > 0) {
    const item = stack.pop()!;
    if (item.value === null || typeof item.value !== 'object') continue;
    const depth = item.depth + 1;
    if (depth > limit) return item.pointer;
    const entries: [string, unknown][] = Array.isArray(item.value)
      ? item.value.map((child, index): [string, unknown] => [String(index), child])
      : Object.entries(item.value);
    for (const [key, child] of entries) {
      if (child !== null && typeof child === 'object') {
        stack.push({ value: child, depth, pointer: `${item.pointer}/${key.replace(/~/g, '~0').replace(/\//g, '~1')}` });
      }
    }
  }
  return undefined;
}

/** Where a member of the root object holds something other than a string, and what it holds. */
export interface NonStringMember {
  line: number;
  column: number;
  /** "a number", "an object", ...: the kind of value, never the value. */
  holds: string;
}

const KIND_WORDS: Readonly<Record<number, string>> = {
  [TOKEN.openBrace]: 'an object',
  [TOKEN.openBracket]: 'an array',
  [TOKEN.number]: 'a number',
  [TOKEN.trueKeyword]: 'a boolean',
  [TOKEN.falseKeyword]: 'a boolean',
  [TOKEN.nullKeyword]: 'null',
};

/**
 * In the text of a JSON object (already known to parse), the first member whose value
 * is not a string: its line and column, so a message can point at it without naming
 * the member or quoting its value (a secrets file's keys may be values put in the
 * wrong place). Undefined when every member holds a string.
 */
export function locateNonStringMember(text: string): NonStringMember | undefined {
  const scanner = createScanner(text, true);
  let depth = 0;
  let afterColon = false;
  for (let token: number = scanner.scan(); token !== TOKEN.eof; token = scanner.scan()) {
    if (depth === 1 && afterColon && token !== TOKEN.string) {
      return {
        line: scanner.getTokenStartLine() + 1,
        column: scanner.getTokenStartCharacter() + 1,
        holds: KIND_WORDS[token] ?? 'not a string',
      };
    }
    afterColon = depth === 1 && token === TOKEN.colon;
    if (token === TOKEN.openBrace || token === TOKEN.openBracket) depth++;
    else if (token === TOKEN.closeBrace || token === TOKEN.closeBracket) depth--;
  }
  return undefined;
}
