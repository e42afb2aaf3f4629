// ---------------------------------------------------------------------------
// Reading JSON a person types: the value, or the first error with its line and
// column, worded for a person rather than as a parser code.
// ---------------------------------------------------------------------------

import { parse, printParseErrorCode, type ParseError } from 'jsonc-parser';
import { MAX_DOCUMENT_DEPTH, type JsonValue } from '../../../definition';

/** The outcome of reading JSON text. */
export type JsonTextResult =
  { ok: true; value: JsonValue | undefined } | { ok: false; line: number; column: number; message: string };

const MESSAGES: Record<string, string> = {
  InvalidSymbol: 'this is not valid JSON here',
  InvalidNumberFormat: 'this number is not written correctly',
  PropertyNameExpected: 'a property name in double quotes is expected',
  ValueExpected: 'a value is expected',
  ColonExpected: 'a colon (:) is expected',
  CommaExpected: 'a comma is expected',
  CloseBraceExpected: 'a closing brace (}) is expected',
  CloseBracketExpected: 'a closing bracket (]) is expected',
  EndOfFileExpected: 'nothing more is expected after the value',
  InvalidCommentToken: 'comments are not allowed in JSON',
  UnexpectedEndOfComment: 'comments are not allowed in JSON',
  UnexpectedEndOfString: 'the text is missing its closing double quote',
  UnexpectedEndOfNumber: 'the number is incomplete',
  InvalidUnicode: 'the \\u escape is not valid',
  InvalidEscapeCharacter: 'the backslash escape is not valid',
  InvalidCharacter: 'this character must be escaped inside text',
};

/** 1-based line and column of `offset` in `text`. */
export function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text[i] === '\n') {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
}

/**
 * Offset of the first bracket that opens a level past `maxDepth`, or -1. One pass without
 * recursion; only strings and brackets matter (a string may hold brackets).
 */
function firstTooDeep(text: string, maxDepth: number): number {
  let depth = 0;
  for (let index = 0; index < text.length; index++) {
    const char = text[index];
    if (char === '"') {
      index++;
      while (index < text.length && text[index] !== '"') index += text[index] === '\\' ? 2 : 1;
    } else if (char === '{' || char === '[') {
      if (++depth > maxDepth) return index;
    } else if (char === '}' || char === ']') {
      depth--;
    }
  }
  return -1;
}

/**
 * Parses strict JSON (no comments, no trailing commas). Empty text is `undefined`. Text
 * nested deeper than a document may be is refused before parsing (the parser recurses
 * once per level, and such a value could never be saved).
 */
export function readJsonText(text: string): JsonTextResult {
  if (text.trim() === '') return { ok: true, value: undefined };
  const tooDeep = firstTooDeep(text, MAX_DOCUMENT_DEPTH);
  if (tooDeep >= 0)
    return {
      ok: false,
      ...lineAndColumn(text, tooDeep),
      message: `it is nested too deeply (at most ${MAX_DOCUMENT_DEPTH} levels)`,
    };
  const errors: ParseError[] = [];
  const value = parse(text, errors, { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false }) as
    JsonValue | undefined;
  const first = errors[0];
  if (first) {
    const { line, column } = lineAndColumn(text, first.offset);
    return { ok: false, line, column, message: MESSAGES[printParseErrorCode(first.error)] ?? 'this is not valid JSON' };
  }
  return { ok: true, value };
}

/**
 * Texts of objects and arrays already written out, by identity: values in the definition
 * never change in place, and writing out a 2 MB body takes several frames, which opening
 * its panel again should not pay.
 */
const textsOfValues = new WeakMap<object, string>();

/** Stable JSON text of a value for an editing area (2-space indentation). */
export function jsonText(value: JsonValue | undefined): string {
  if (value === undefined) return '';
  if (value === null || typeof value !== 'object') return JSON.stringify(value, null, 2);
  let text = textsOfValues.get(value);
  if (text === undefined) {
    text = JSON.stringify(value, null, 2);
    textsOfValues.set(value, text);
  }
  return text;
}

/** Deep equality of JSON values, key order ignored. */
export function jsonEqual(a: JsonValue | undefined, b: JsonValue | undefined): boolean {
  if (a === b) return true;
  if (a === null || b === null || a === undefined || b === undefined) return false;
  if (typeof a !== 'object' || typeof b !== 'object') return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a) && Array.isArray(b)) {
    return a.length === b.length && a.every((item, index) => jsonEqual(item, b[index]));
  }
  const aObject = a as Record<string, JsonValue>;
  const bObject = b as Record<string, JsonValue>;
  const aKeys = Object.keys(aObject).filter((key) => aObject[key] !== undefined);
  const bKeys = Object.keys(bObject).filter((key) => bObject[key] !== undefined);
  return aKeys.length === bKeys.length && aKeys.every((key) => jsonEqual(aObject[key], bObject[key]));
}

/**
 * Whether `a` and `b` have the same JSON text (`JSON.stringify` equality: key order counts,
 * `undefined` properties are left out), found without writing either out. Shared
 * subtrees are skipped by identity and the walk stops at the first difference, so
 * comparing a 2 MB body with itself, or with an edit of it, costs little.
 */
export function sameJsonText(a: JsonValue | undefined, b: JsonValue | undefined): boolean {
  if (a === b) return true;
  if (a === null || b === null || a === undefined || b === undefined) return false;
  if (typeof a !== 'object' || typeof b !== 'object')
    return typeof a === 'number' && typeof b === 'number' && JSON.stringify(a) === JSON.stringify(b);
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    for (let index = 0; index < a.length; index++) {
      // JSON.stringify writes `undefined` items as null.
      if (!sameJsonText(a[index] ?? null, b[index] ?? null)) return false;
    }
    return true;
  }
  const aKeys = Object.keys(a).filter((key) => a[key] !== undefined);
  const bKeys = Object.keys(b).filter((key) => b[key] !== undefined);
  if (aKeys.length !== bKeys.length) return false;
  for (let index = 0; index < aKeys.length; index++) {
    const key = aKeys[index]!;
    if (key !== bKeys[index] || !sameJsonText(a[key], b[key])) return false;
  }
  return true;
}

/** The number of lines in `text`, counting no further than `limit`. */
export function lineCountUpTo(text: string, limit: number): number {
  let lines = 1;
  for (let index = text.indexOf('\n'); index !== -1 && lines < limit; index = text.indexOf('\n', index + 1)) lines++;
  return lines;
}

/**
 * A field's text that may not be written out yet: a big JSON value's text takes longer
 * to write out than a frame, and a panel opening shows only its first lines. Its first
 * lines come at once; all of it when `full` is first called (then kept).
 */
export interface DeferredText {
  /** The first `count` lines, joined by line breaks (no break after the last). */
  readonly firstLines: (count: number) => string;
  /** The whole text. */
  readonly full: () => string;
}

/** What a JSON field shows: its text, or a big value's text not written out yet. */
export type FieldText = string | DeferredText;

/**
 * Values whose text has at most this many lines (about 100 KB of JSON at most) are written
 * out at once: that takes less than a millisecond or two; a longer text is deferred.
 */
const AT_ONCE_LINES = 4_000;

/**
 * The first `count` lines of `text`, found without splitting all of it (a long line is
 * cut at `count` × 2,000 characters).
 */
export function firstLinesOf(text: FieldText, count: number): string {
  if (typeof text !== 'string') return text.firstLines(count);
  let end = -1;
  for (let line = 0; line < count; line++) {
    end = text.indexOf('\n', end + 1);
    if (end === -1) return text.length > 2_000 * count ? text.slice(0, 2_000 * count) : text;
  }
  return text.slice(0, Math.min(end, 2_000 * count));
}

/** The whole of `text` (writes out a deferred one). */
export function fullText(text: FieldText): string {
  return typeof text === 'string' ? text : text.full();
}

/** Whether a JSON value holds something `JSON.stringify` writes its own way (toJSON), so only it can write it. */
function hasOwnWriter(value: object): boolean {
  return typeof (value as { toJSON?: unknown }).toJSON === 'function';
}

/** What `JSON.stringify` leaves out of an object (and writes as null in an array). */
function leftOut(value: unknown): boolean {
  return value === undefined || typeof value === 'function' || typeof value === 'symbol';
}

/** Thrown by {@link writeLines} when it has written as many lines as it was asked for (one object, made once). */
const ENOUGH = new Error('enough lines');

/**
 * Writes the lines of `JSON.stringify(value, null, 2)` into `lines`, the same text line
 * for line (strings and numbers are written by `JSON.stringify` itself), throwing
 * {@link ENOUGH} once `lines` holds `limit` of them.
 */
function writeLines(
  value: unknown,
  indent: string,
  prefix: string,
  suffix: string,
  lines: string[],
  limit: number,
): void {
  const push = (line: string): void => {
    lines.push(line);
    if (lines.length >= limit) throw ENOUGH;
  };
  if (value === null || typeof value !== 'object') {
    push(prefix + JSON.stringify(value) + suffix);
    return;
  }
  if (hasOwnWriter(value)) throw new TypeError('a value with toJSON');
  const inner = `${indent}  `;
  if (Array.isArray(value)) {
    if (value.length === 0) {
      push(`${prefix}[]${suffix}`);
      return;
    }
    push(`${prefix}[`);
    for (let index = 0; index < value.length; index++) {
      const item: unknown = value[index];
      writeLines(leftOut(item) ? null : item, inner, inner, index < value.length - 1 ? ',' : '', lines, limit);
    }
    push(`${indent}]${suffix}`);
    return;
  }
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record).filter((key) => !leftOut(record[key]));
  if (keys.length === 0) {
    push(`${prefix}{}${suffix}`);
    return;
  }
  push(`${prefix}{`);
  for (let index = 0; index < keys.length; index++) {
    const key = keys[index]!;
    writeLines(
      record[key],
      inner,
      `${inner}${JSON.stringify(key)}: `,
      index < keys.length - 1 ? ',' : '',
      lines,
      limit,
    );
  }
  push(`${indent}}${suffix}`);
}

/**
 * The first `limit` lines of `jsonText(value)`, written without the rest, and whether
 * they are all of it; null when only `JSON.stringify` can write the value.
 */
export function jsonTextHead(value: JsonValue, limit: number): { lines: string[]; complete: boolean } | null {
  const lines: string[] = [];
  try {
    // One more than asked: a text of exactly `limit` lines is complete.
    writeLines(value, '', '', '', lines, limit + 1);
  } catch (error) {
    if (error === ENOUGH) return { lines: lines.slice(0, limit), complete: false };
    return null;
  }
  return { lines, complete: true };
}

/**
 * The text a JSON field shows for `value` (what {@link jsonText} writes): the text itself
 * when it is short or already written, otherwise a {@link DeferredText} whose first lines
 * come without writing out the rest.
 */
export function fieldTextOf(value: JsonValue | undefined): FieldText {
  if (value === undefined || value === null || typeof value !== 'object') return jsonText(value);
  const written = textsOfValues.get(value);
  if (written !== undefined) return written;
  const head = jsonTextHead(value, AT_ONCE_LINES);
  if (head === null) return jsonText(value);
  if (head.complete) {
    const text = head.lines.join('\n');
    textsOfValues.set(value, text);
    return text;
  }
  const firstLines = head.lines;
  return {
    firstLines: (count) =>
      count <= firstLines.length ? firstLines.slice(0, count).join('\n') : firstLinesOf(jsonText(value), count),
    full: () => jsonText(value),
  };
}
