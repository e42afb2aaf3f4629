// ---------------------------------------------------------------------------
// Regular expressions people write, evaluated in time linear in the input.
//
// A JSON Schema `pattern` means an ECMAScript `u`-mode regular expression. The
// backtracking engine built into JavaScript can spend exponential time on patterns like
// `^(a+)+$`, and a schema's author and the text it is tested against are not the host:
// one such pattern would stall a shared worker. So patterns are translated into RE2
// syntax and run on re2js (a pure-JavaScript port of RE2: no native code, no
// WebAssembly, no `eval`), which guarantees linear time.
//
// The translation keeps ECMAScript's meaning where RE2's differs (`.`, `\s`, `^`/`$`,
// `[^]`, `[]`, `\u{…}`, surrogate-pair escapes, named groups, Unicode property names)
// and refuses, with a typed error, what RE2 cannot express: lookarounds,
// backreferences, inline modifiers and very large repetition counts. It never falls back
// to the backtracking engine. The pattern is first checked with `new RegExp(pattern,
// 'u')`: building a RegExp parses it (in linear time) without running it, and gives the
// exact ECMAScript syntax rules, so the translator only ever sees valid patterns.
//
// Pure ECMAScript: no Node built-ins, no DOM, so any validator (in a browser too) can
// use it.
// ---------------------------------------------------------------------------

import { RE2JS } from 're2js';
import { WorkflowEditorError } from '../definition/errors';

/** Why a pattern cannot be evaluated by {@link linearRegExp}. */
export type UnsupportedPatternReason =
  /** Not a valid ECMAScript `u`-mode regular expression. */
  | 'invalid'
  /** Flags other than `u` (the only ones JSON Schema patterns use). */
  | 'flags'
  /** `(?=…)` or `(?!…)`. */
  | 'lookahead'
  /** `(?<=…)` or `(?<!…)`. */
  | 'lookbehind'
  /** `\1` or `\k<name>`. */
  | 'backreference'
  /** `(?i:…)` and other inline modifier groups. */
  | 'modifiers'
  /** A repetition count above RE2's limit of 1,000 (nested counts multiply). */
  | 'repetition'
  /** A `\p{…}` property RE2 has no table for. */
  | 'property'
  /** A pattern whose RE2 program exceeds {@link MAX_PROGRAM_SIZE} instructions. */
  | 'too_large'
  /** Anything else RE2 refuses (for instance a program too large to build). */
  | 'unsupported';

/**
 * A pattern {@link linearRegExp} cannot evaluate. `detail` completes a sentence about
 * the pattern ("The pattern at /x uses a lookahead, which is not supported"), so callers
 * can name where the pattern is in their own words.
 */
export class UnsupportedPatternError extends WorkflowEditorError<'unsupported_pattern'> {
  /** What kind of construct was refused. */
  readonly reason: UnsupportedPatternReason;
  /** The pattern as written. */
  readonly pattern: string;
  /** A sentence fragment that starts with a verb: "uses a lookahead, which is not supported". */
  readonly detail: string;

  constructor(reason: UnsupportedPatternReason, pattern: string, detail: string) {
    super('unsupported_pattern', `The pattern ${JSON.stringify(pattern)} ${detail}.`);
    this.name = 'UnsupportedPatternError';
    this.reason = reason;
    this.pattern = pattern;
    this.detail = detail;
  }
}

/** A compiled pattern: what JSON Schema validators need from a RegExp. */
export interface LinearRegExp {
  /** Whether the pattern matches somewhere in `text` (unanchored, like `RegExp.prototype.test`). Linear in `text`. */
  test(text: string): boolean;
  /** The pattern as written. */
  readonly source: string;
  /** The flags as given (always `u`). */
  readonly flags: string;
  /**
   * Unique per pattern and flags. Validators key compiled patterns by it (ajv does), so
   * it must tell different patterns apart.
   */
  toString(): string;
}

/**
 * The largest RE2 program (in instructions) a pattern may compile to. Matching is linear
 * in the text, but the worst case per character grows with the program (an NFA step
 * visits every live instruction), so the program is bounded too. Real-world patterns
 * (emails, dates, UUIDs, slugs) compile to well under 600.
 */
export const MAX_PROGRAM_SIZE = 5000;

/**
 * Recently compiled patterns (and refusals), by flags and text. A schema is usually
 * checked for unsupported patterns and then compiled by a validator: one compilation
 * serves both. Bounded, since patterns come from documents a host may load many of.
 */
const recent = new Map<string, LinearRegExp | UnsupportedPatternError>();
const MAX_RECENT = 1000;

/**
 * Compiles an ECMAScript `u`-mode pattern for linear-time matching, with
 * `new RegExp(pattern, flags)`'s matching semantics.
 *
 * @param pattern - The pattern, as in a JSON Schema `pattern` or `patternProperties` key.
 * @param flags - Must be `'u'`: JSON Schema patterns are `u`-mode patterns.
 * @throws {@link UnsupportedPatternError} for invalid patterns and for constructs RE2
 *   cannot evaluate in linear time (lookarounds, backreferences, …). Nothing else.
 */
export function linearRegExp(pattern: string, flags = 'u'): LinearRegExp {
  const key = `linear:${flags}:${pattern}`;
  const cached = recent.get(key);
  if (cached instanceof UnsupportedPatternError) throw cached;
  if (cached) return cached;
  let result: LinearRegExp | UnsupportedPatternError;
  try {
    result = compile(pattern, flags, key);
  } catch (error) {
    if (!(error instanceof UnsupportedPatternError)) throw error;
    result = error;
  }
  if (recent.size >= MAX_RECENT) recent.delete(recent.keys().next().value!);
  recent.set(key, result);
  if (result instanceof UnsupportedPatternError) throw result;
  return result;
}

function compile(pattern: string, flags: string, key: string): LinearRegExp {
  if (flags !== 'u') {
    throw new UnsupportedPatternError('flags', pattern, `has the flags "${flags}"; only the "u" flag is supported`);
  }
  try {
    new RegExp(pattern, 'u');
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error);
    throw new UnsupportedPatternError('invalid', pattern, `is not a valid regular expression (${why})`);
  }
  const translated = new Translator(pattern).translate();
  let compiled: ReturnType<typeof RE2JS.compile>;
  try {
    compiled = RE2JS.compile(translated);
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error);
    if (/repeat count/.test(why)) {
      throw new UnsupportedPatternError(
        'repetition',
        pattern,
        'repeats a part more than 1000 times (nested repetitions multiply), which is not supported',
      );
    }
    throw new UnsupportedPatternError('unsupported', pattern, `cannot be evaluated in linear time (${why})`);
  }
  if (compiled.programSize() > MAX_PROGRAM_SIZE) {
    throw new UnsupportedPatternError(
      'too_large',
      pattern,
      `is too large: it compiles to ${compiled.programSize()} instructions, more than the ${MAX_PROGRAM_SIZE} supported`,
    );
  }
  const programSize = compiled.programSize();
  return {
    source: pattern,
    flags,
    test: (text: string) => {
      chargePatternWork(programSize * (text.length + 1));
      return compiled.test(text);
    },
    toString: () => key,
  };
}

/**
 * How much matching one check may do, in RE2 instructions times characters. Linear
 * time still multiplies: a 4,000-instruction pattern over a 1 MB string is billions of
 * steps, about two minutes. A real-world pattern (under 600 instructions) over a 100 kB
 * string is 6e7, within the budget; the worst the budget allows is a few seconds.
 */
export const MAX_PATTERN_WORK = 100_000_000;

/** Thrown by a pattern's `test` when the check it belongs to has used up its budget. */
export class PatternWorkExceededError extends WorkflowEditorError<'pattern_work_exceeded'> {
  constructor() {
    super(
      'pattern_work_exceeded',
      `Checking the patterns would take more than ${MAX_PATTERN_WORK.toExponential()} steps of work`,
    );
    this.name = 'PatternWorkExceededError';
  }
}

/** The budget left for the check in progress; `undefined` outside {@link withPatternWorkBudget}. */
let patternWorkLeft: number | undefined;

function chargePatternWork(work: number): void {
  if (patternWorkLeft === undefined) return;
  patternWorkLeft -= work;
  if (patternWorkLeft < 0) throw new PatternWorkExceededError();
}

/**
 * Runs `check` (synchronous: a schema validation) with a budget of
 * {@link MAX_PATTERN_WORK} for every pattern test inside it; a test over the budget
 * throws {@link PatternWorkExceededError} out of `check`.
 */
export function withPatternWorkBudget<T>(check: () => T): T {
  const outer = patternWorkLeft;
  patternWorkLeft = MAX_PATTERN_WORK;
  try {
    return check();
  } finally {
    patternWorkLeft = outer;
  }
}

/**
 * Why `pattern` cannot be used with {@link linearRegExp}, or `undefined` when it can.
 * Never throws: for editors that tell a person about a pattern before anything runs.
 */
export function linearPatternProblem(pattern: string): UnsupportedPatternError | undefined {
  try {
    linearRegExp(pattern, 'u');
    return undefined;
  } catch (error) {
    if (error instanceof UnsupportedPatternError) return error;
    return new UnsupportedPatternError('unsupported', pattern, `cannot be evaluated (${String(error)})`);
  }
}

// ---- Character sets -----------------------------------------------------------

/** Inclusive code point ranges, sorted, not overlapping. */
type Ranges = ReadonlyArray<readonly [number, number]>;

const MAX_CODE_POINT = 0x10ffff;

const DIGIT: Ranges = [[0x30, 0x39]];
const WORD: Ranges = [
  [0x30, 0x39],
  [0x41, 0x5a],
  [0x5f, 0x5f],
  [0x61, 0x7a],
];
/** ECMAScript's WhiteSpace and LineTerminator (RE2's `\s` lacks \v and everything beyond ASCII). */
const SPACE: Ranges = [
  [0x09, 0x0d],
  [0x20, 0x20],
  [0xa0, 0xa0],
  [0x1680, 0x1680],
  [0x2000, 0x200a],
  [0x2028, 0x2029],
  [0x202f, 0x202f],
  [0x205f, 0x205f],
  [0x3000, 0x3000],
  [0xfeff, 0xfeff],
];
/** What `.` does not match without the `s` flag (RE2's `.` only leaves out \n). */
const LINE_TERMINATORS: Ranges = [
  [0x0a, 0x0a],
  [0x0d, 0x0d],
  [0x2028, 0x2029],
];

function complement(ranges: Ranges): Ranges {
  const result: Array<[number, number]> = [];
  let next = 0;
  for (const [low, high] of ranges) {
    if (low > next) result.push([next, low - 1]);
    next = high + 1;
  }
  if (next <= MAX_CODE_POINT) result.push([next, MAX_CODE_POINT]);
  return result;
}

function hex(codePoint: number): string {
  return `\\x{${codePoint.toString(16).toUpperCase()}}`;
}

/** RE2 class items for `ranges`, every code point spelled as `\x{…}` so nothing is read as syntax. */
function rangeItems(ranges: Ranges): string {
  return ranges.map(([low, high]) => (low === high ? hex(low) : `${hex(low)}-${hex(high)}`)).join('');
}

/** An RE2 class that matches nothing (`[]` in ECMAScript). */
const NOTHING = `[^${hex(0)}-${hex(MAX_CODE_POINT)}]`;
/** An RE2 class that matches any code point (`[^]` in ECMAScript). */
const ANYTHING = `[${hex(0)}-${hex(MAX_CODE_POINT)}]`;
const DOT = `[${rangeItems(complement(LINE_TERMINATORS))}]`;

/** The ranges of the `\d \D \w \W \s \S` escapes, by letter. */
const CLASS_ESCAPES = new Map<string, Ranges>([
  ['d', DIGIT],
  ['D', complement(DIGIT)],
  ['w', WORD],
  ['W', complement(WORD)],
  ['s', SPACE],
  ['S', complement(SPACE)],
]);

// ---- Unicode properties ---------------------------------------------------------

/** ECMAScript General_Category long names and aliases → the short names RE2 knows. */
const GENERAL_CATEGORY_ALIASES: Record<string, string> = {
  Cased_Letter: 'LC',
  Close_Punctuation: 'Pe',
  Connector_Punctuation: 'Pc',
  Control: 'Cc',
  cntrl: 'Cc',
  Currency_Symbol: 'Sc',
  Dash_Punctuation: 'Pd',
  Decimal_Number: 'Nd',
  digit: 'Nd',
  Enclosing_Mark: 'Me',
  Final_Punctuation: 'Pf',
  Format: 'Cf',
  Initial_Punctuation: 'Pi',
  Letter: 'L',
  Letter_Number: 'Nl',
  Line_Separator: 'Zl',
  Lowercase_Letter: 'Ll',
  Mark: 'M',
  Combining_Mark: 'M',
  Math_Symbol: 'Sm',
  Modifier_Letter: 'Lm',
  Modifier_Symbol: 'Sk',
  Nonspacing_Mark: 'Mn',
  Number: 'N',
  Open_Punctuation: 'Ps',
  Other: 'C',
  Other_Letter: 'Lo',
  Other_Number: 'No',
  Other_Punctuation: 'Po',
  Other_Symbol: 'So',
  Paragraph_Separator: 'Zp',
  Private_Use: 'Co',
  Punctuation: 'P',
  punct: 'P',
  Separator: 'Z',
  Space_Separator: 'Zs',
  Spacing_Mark: 'Mc',
  Surrogate: 'Cs',
  Symbol: 'S',
  Titlecase_Letter: 'Lt',
  Unassigned: 'Cn',
  Uppercase_Letter: 'Lu',
};

const GENERAL_CATEGORIES = new Set(
  'C Cc Cf Cn Co Cs L LC Ll Lm Lo Lt Lu M Mc Me Mn N Nd Nl No P Pc Pd Pe Pf Pi Po Ps S Sc Sk Sm So Z Zl Zp Zs'.split(
    ' ',
  ),
);

/** Binary properties both ECMAScript and re2js have tables for (names and ECMAScript's aliases). */
const BINARY_PROPERTIES: Record<string, string> = {
  ASCII_Hex_Digit: 'ASCII_Hex_Digit',
  AHex: 'ASCII_Hex_Digit',
  Alphabetic: 'Alphabetic',
  Alpha: 'Alphabetic',
  Dash: 'Dash',
  Emoji: 'Emoji',
  Emoji_Component: 'Emoji_Component',
  EComp: 'Emoji_Component',
  Emoji_Modifier: 'Emoji_Modifier',
  EMod: 'Emoji_Modifier',
  Emoji_Modifier_Base: 'Emoji_Modifier_Base',
  EBase: 'Emoji_Modifier_Base',
  Emoji_Presentation: 'Emoji_Presentation',
  EPres: 'Emoji_Presentation',
  Extended_Pictographic: 'Extended_Pictographic',
  ExtPict: 'Extended_Pictographic',
  Hex_Digit: 'Hex_Digit',
  Hex: 'Hex_Digit',
  Lowercase: 'Lowercase',
  Lower: 'Lowercase',
  Math: 'Math',
  Quotation_Mark: 'Quotation_Mark',
  QMark: 'Quotation_Mark',
  Terminal_Punctuation: 'Terminal_Punctuation',
  Term: 'Terminal_Punctuation',
  Uppercase: 'Uppercase',
  Upper: 'Uppercase',
  White_Space: 'White_Space',
  space: 'White_Space',
};

/** Whether re2js has a table named `name` (scripts go by their long names, `Greek`). */
function re2HasTable(name: string): boolean {
  if (!/^[A-Za-z_]+$/.test(name)) return false;
  try {
    RE2JS.compile(`\\p{${name}}`);
    return true;
  } catch {
    return false;
  }
}

// ---- The translator -------------------------------------------------------------

/**
 * Translates a valid ECMAScript `u`-mode pattern into RE2 syntax in one pass, keeping no
 * more than the current position: nesting does not recurse, so deep patterns cannot
 * exhaust the stack. Groups become non-capturing (only `test` is offered, and RE2's
 * fastest engines need no captures).
 */
class Translator {
  private readonly chars: string[];
  private index = 0;
  private readonly out: string[] = [];

  constructor(private readonly pattern: string) {
    // One entry per code point: `u`-mode patterns are sequences of code points.
    this.chars = Array.from(pattern);
  }

  translate(): string {
    const chars = this.chars;
    while (this.index < chars.length) {
      const char = chars[this.index++]!;
      switch (char) {
        case '(':
          this.out.push(this.groupOpening());
          break;
        case ')':
        case '|':
          this.out.push(char);
          break;
        case '^':
          // RE2's `\A`/`\z` are the text's ends whatever the flags, as `^`/`$` are without `m`.
          this.out.push('\\A');
          break;
        case '$':
          this.out.push('\\z');
          break;
        case '.':
          this.out.push(DOT);
          break;
        case '*':
        case '+':
        case '?':
          this.out.push(char);
          this.lazyMarker();
          break;
        case '{':
          this.out.push(this.braceQuantifier());
          this.lazyMarker();
          break;
        case '[':
          this.out.push(this.characterClass());
          break;
        case '\\':
          this.out.push(this.atomEscape());
          break;
        default:
          this.out.push(literal(char.codePointAt(0)!));
      }
    }
    return this.out.join('');
  }

  private refuse(reason: UnsupportedPatternReason, detail: string): never {
    throw new UnsupportedPatternError(reason, this.pattern, detail);
  }

  private peek(offset = 0): string | undefined {
    return this.chars[this.index + offset];
  }

  private groupOpening(): string {
    if (this.peek() !== '?') return '(?:';
    const next = this.peek(1);
    if (next === ':') {
      this.index += 2;
      return '(?:';
    }
    if (next === '=' || next === '!') {
      this.refuse('lookahead', 'uses a lookahead, which is not supported (patterns run on a linear-time engine)');
    }
    if (next === '<') {
      const third = this.peek(2);
      if (third === '=' || third === '!') {
        this.refuse('lookbehind', 'uses a lookbehind, which is not supported (patterns run on a linear-time engine)');
      }
      // A named group: the name only matters to captures, which `test` does not report.
      const close = this.chars.indexOf('>', this.index);
      this.index = close + 1;
      return '(?:';
    }
    return this.refuse('modifiers', 'uses inline flags, which are not supported');
  }

  /** A `?` right after a quantifier makes it lazy; for `test` that changes nothing, RE2 accepts it. */
  private lazyMarker(): void {
    if (this.peek() === '?') {
      this.index += 1;
      this.out.push('?');
    }
  }

  private braceQuantifier(): string {
    const close = this.chars.indexOf('}', this.index);
    const body = this.chars.slice(this.index, close).join('');
    this.index = close + 1;
    for (const count of body.split(',')) {
      // Counts are compared as numbers: ECMAScript allows any number of digits.
      if (count !== '' && Number(count) > 1000) {
        this.refuse('repetition', `repeats a part ${count} times; at most 1000 is supported`);
      }
    }
    // Leading zeros would make RE2 read the same count; spell it plainly anyway.
    return `{${body
      .split(',')
      .map((count) => (count === '' ? '' : String(Number(count))))
      .join(',')}}`;
  }

  /** An escape outside a class. */
  private atomEscape(): string {
    const char = this.chars[this.index]!;
    const shorthand = CLASS_ESCAPES.get(char);
    if (shorthand) {
      this.index += 1;
      return `[${rangeItems(shorthand)}]`;
    }
    if (char === 'b' || char === 'B') {
      // Both treat [A-Za-z0-9_] as word characters (ECMAScript without the `i` flag, RE2 always).
      this.index += 1;
      return `\\${char}`;
    }
    if (char === 'p' || char === 'P') {
      const property = this.property();
      if ('escape' in property) return property.escape;
      return property.ranges.length === 0 ? NOTHING : `[${rangeItems(property.ranges)}]`;
    }
    if (char === 'k' || (char >= '1' && char <= '9')) {
      this.refuse(
        'backreference',
        'uses a backreference, which is not supported (patterns run on a linear-time engine)',
      );
    }
    return literal(this.characterEscape());
  }

  /** `\p{…}` or `\P{…}`, the index at the `p`: as explicit ranges, or as an RE2 property escape. */
  private property(): { ranges: Ranges } | { escape: string } {
    const negated = this.chars[this.index] === 'P';
    const close = this.chars.indexOf('}', this.index);
    const body = this.chars.slice(this.index + 2, close).join('');
    this.index = close + 1;
    const written = `\\${negated ? 'P' : 'p'}{${body}}`;
    const name = this.propertyName(body, written);
    if (name === 'Any') return { ranges: negated ? [] : [[0, MAX_CODE_POINT]] };
    if (name === 'ASCII') return { ranges: negated ? [[0x80, MAX_CODE_POINT]] : [[0, 0x7f]] };
    if (name === 'Assigned') return { escape: `\\${negated ? 'p' : 'P'}{Cn}` };
    return { escape: `\\${negated ? 'P' : 'p'}{${name}}` };
  }

  /** The RE2 table for a property body (`L`, `Letter`, `Script=Greek`, …), or a refusal. */
  private propertyName(body: string, written: string): string {
    const equals = body.indexOf('=');
    if (equals >= 0) {
      const key = body.slice(0, equals);
      const value = body.slice(equals + 1);
      if (key === 'General_Category' || key === 'gc') return ownValue(GENERAL_CATEGORY_ALIASES, value) ?? value;
      if (key === 'Script' || key === 'sc') {
        if (!GENERAL_CATEGORIES.has(value) && !Object.hasOwn(BINARY_PROPERTIES, value) && re2HasTable(value))
          return value;
        return this.refuse(
          'property',
          `uses ${written}, which is not supported (write the script's full name, as in \\p{Script=Greek})`,
        );
      }
      return this.refuse('property', `uses ${written}, which is not supported (Script_Extensions is not available)`);
    }
    if (GENERAL_CATEGORIES.has(body)) return body;
    const category = ownValue(GENERAL_CATEGORY_ALIASES, body);
    if (category !== undefined) return category;
    if (body === 'Any' || body === 'ASCII' || body === 'Assigned') return body;
    const binary = ownValue(BINARY_PROPERTIES, body);
    if (binary !== undefined) return binary;
    return this.refuse('property', `uses ${written}, which is not supported`);
  }

  /**
   * A character escape, the index just after the backslash; returns its code point.
   * Shared by escapes inside and outside classes.
   */
  private characterEscape(): number {
    const char = this.chars[this.index++]!;
    switch (char) {
      case 't':
        return 0x09;
      case 'n':
        return 0x0a;
      case 'v':
        return 0x0b;
      case 'f':
        return 0x0c;
      case 'r':
        return 0x0d;
      case '0':
        return 0;
      case 'c':
        return this.chars[this.index++]!.codePointAt(0)! % 32;
      case 'x': {
        const value = parseInt(this.chars.slice(this.index, this.index + 2).join(''), 16);
        this.index += 2;
        return value;
      }
      case 'u':
        return this.unicodeEscape();
      default:
        // An identity escape: a syntax character, `/`, or `-` in a class.
        return char.codePointAt(0)!;
    }
  }

  /** `\u{…}`, `\uXXXX`, or a surrogate pair written `\uD83D\uDE00` (one code point in `u` mode). */
  private unicodeEscape(): number {
    if (this.chars[this.index] === '{') {
      const close = this.chars.indexOf('}', this.index);
      const value = parseInt(this.chars.slice(this.index + 1, close).join(''), 16);
      this.index = close + 1;
      return value;
    }
    const value = parseInt(this.chars.slice(this.index, this.index + 4).join(''), 16);
    this.index += 4;
    if (value >= 0xd800 && value <= 0xdbff && this.chars[this.index] === '\\' && this.chars[this.index + 1] === 'u') {
      const trail = this.chars.slice(this.index + 2, this.index + 6).join('');
      const trailValue = /^[0-9A-Fa-f]{4}$/.test(trail) ? parseInt(trail, 16) : -1;
      if (trailValue >= 0xdc00 && trailValue <= 0xdfff) {
        this.index += 6;
        return (value - 0xd800) * 0x400 + (trailValue - 0xdc00) + 0x10000;
      }
    }
    return value;
  }

  /** A class, the index just after `[`. */
  private characterClass(): string {
    let negated = false;
    if (this.chars[this.index] === '^') {
      negated = true;
      this.index += 1;
    }
    const items: string[] = [];
    while (this.chars[this.index] !== ']') {
      const start = this.classAtom();
      if (this.chars[this.index] === '-' && this.chars[this.index + 1] !== ']' && typeof start === 'number') {
        this.index += 1;
        const end = this.classAtom();
        // Valid `u`-mode patterns only range between single characters.
        items.push(`${hex(start)}-${hex(end as number)}`);
      } else {
        const text = typeof start === 'number' ? hex(start) : start.text;
        // `\P{Any}` adds nothing.
        if (text !== '') items.push(text);
      }
    }
    this.index += 1;
    // RE2 reads `[]…]` and `[^]…]` as classes holding `]`: spell ECMAScript's empty forms out.
    if (items.length === 0) return negated ? ANYTHING : NOTHING;
    return `[${negated ? '^' : ''}${items.join('')}]`;
  }

  /** One class member: a code point, or a set (`\d`, `\p{L}`, …) as RE2 class items. */
  private classAtom(): number | { text: string } {
    const char = this.chars[this.index++]!;
    if (char !== '\\') return char.codePointAt(0)!;
    const next = this.chars[this.index]!;
    const shorthand = CLASS_ESCAPES.get(next);
    if (shorthand) {
      this.index += 1;
      return { text: rangeItems(shorthand) };
    }
    if (next === 'p' || next === 'P') {
      const property = this.property();
      return { text: 'escape' in property ? property.escape : rangeItems(property.ranges) };
    }
    if (next === 'b') {
      this.index += 1;
      return 0x08;
    }
    return this.characterEscape();
  }
}

/** `record[key]` when `key` is the record's own (a pattern's text must never reach `Object.prototype`). */
function ownValue(record: Record<string, string>, key: string): string | undefined {
  return Object.hasOwn(record, key) ? record[key] : undefined;
}

function literal(codePoint: number): string {
  const isAlphanumeric =
    (codePoint >= 0x30 && codePoint <= 0x39) ||
    (codePoint >= 0x41 && codePoint <= 0x5a) ||
    (codePoint >= 0x61 && codePoint <= 0x7a);
  return isAlphanumeric ? String.fromCodePoint(codePoint) : hex(codePoint);
}
