// ---------------------------------------------------------------------------
// Secret values: fetched from the host once per run, and scrubbed from everything the
// executor hands back (events, errors, the run result).
// ---------------------------------------------------------------------------

import { importSigningKey, type SigningKey } from './signing';
import { STEP_ERROR_TYPES, type RunEvent, type SecretsSource, type StepResult } from './types';

/** What replaces a secret value wherever it would otherwise show. */
export const REDACTED = '[redacted]';

/**
 * Signing keys by secrets source, so runs that share a source (a host passing the same
 * record or resolver every time) import each key once. Keyed weakly by the source, and
 * checked against the current value, so a rotated secret gets a new key.
 */
const signingKeys = new WeakMap<object, Map<string, { value: string; key: Promise<SigningKey> }>>();

/**
 * The spellings of each value, by secrets source: a host passes the same source run
 * after run, and encoding every value again for every run showed in profiles. Weak by
 * source, so no value outlives the host's own hold on it; bounded for rotating values.
 */
const spellingsBySource = new WeakMap<object, Map<string, readonly string[]>>();
const MAX_SPELLINGS_PER_SOURCE = 256;

/** `make()`, or undefined when the platform refuses the input. */
function attempt(make: () => string): string | undefined {
  try {
    return make();
  } catch {
    return undefined;
  }
}

/** `text` with every run of `%XX` escapes that forms UTF-8 decoded; anything else left as is. */
function lenientDecode(text: string): string {
  return text.replace(/(?:%[0-9A-Fa-f]{2})+/g, (run) => attempt(() => decodeURIComponent(run)) ?? run);
}

/** The URL parser drops tabs and newlines wherever they are, before anything else. */
const withoutTabsOrNewlines = (text: string): string => text.replace(/[\t\n\r]/g, '');

/** The shortest piece of a value (not the whole of it) that redaction hides wherever it occurs. */
const MIN_PIECE_LENGTH = 8;

/**
 * A spelling that is not the whole value (a URL's request target, a path after dot
 * segments were removed) is kept only when it is long, in itself and next to the
 * value: a short piece such as `https`, `/` or a host after an `@` occurs in text that
 * has nothing to do with the secret, and replacing it there breaks the report.
 */
function significant(spelling: string, value: string): boolean {
  return spelling.length >= MIN_PIECE_LENGTH && spelling.length * 4 >= value.length;
}

/** One spelling, and whether it encodes the whole value (it decodes back to it). */
interface Spelling {
  text: string;
  whole: boolean;
}

/**
 * What the WHATWG URL parser makes of `text` in each part of a URL, computed by the
 * platform itself (setters on a template URL) rather than from tables of our own: the
 * path, query and fragment each percent-encode a different set of characters (`'`
 * stays in a path and becomes `%27` in a query), user info another. A spelling is whole
 * when it decodes back to `text` (tabs and newlines, which the parser drops, aside, and
 * `\` in a path, which it turns into `/`); a path whose dot segments were removed is not.
 */
function urlPartSpellings(text: string): Spelling[] {
  const template = (): URL => new URL('http://placeholder.invalid/');
  const plain = lenientDecode(withoutTabsOrNewlines(text));
  const inPath = plain.replaceAll('\\', '/');
  const spellings: Spelling[] = [];
  const push = (spelling: string | undefined, decodesTo: readonly string[]): void => {
    if (spelling === undefined || spelling === '') return;
    const decoded = lenientDecode(spelling);
    spellings.push({ text: spelling, whole: decodesTo.includes(decoded) || decoded === lenientDecode(text) });
  };
  push(
    attempt(() => {
      const url = template();
      // A leading `/` of the value stays: the setter would otherwise take it as the path's own.
      url.pathname = `/${text}`;
      return url.pathname.slice(1);
    }),
    [plain, inPath],
  );
  push(
    attempt(() => {
      const url = template();
      url.search = `?${text}`;
      return url.search.slice(1);
    }),
    [plain],
  );
  push(
    attempt(() => {
      const url = template();
      url.hash = `#${text}`;
      return url.hash.slice(1);
    }),
    [plain],
  );
  push(
    attempt(() => {
      const url = template();
      url.username = text;
      return url.username;
    }),
    [plain],
  );
  push(
    attempt(() => {
      const url = template();
      url.password = text;
      return url.password;
    }),
    [plain],
  );
  return spellings;
}

/**
 * `value` as a host name (lowercased, mapped, punycoded), only when all of it would be
 * the host: a value with `@`, `/`, `:` or `?` puts only a piece of itself there.
 */
function hostSpelling(value: string): string | undefined {
  const text = withoutTabsOrNewlines(value);
  if (text === '' || /[/\\?#@:[\]]/.test(text)) return undefined;
  return attempt(() => {
    const url = new URL(`http://${text}/`);
    return url.username === '' && url.port === '' && url.pathname === '/' && url.search === '' ? url.hostname : '';
  });
}

/**
 * For a value that is an `http:` or `https:` URL (a base URL that is itself the
 * secret, such as a webhook address), what the request carries of it as the URL parser
 * normalises it: the whole address with and without its trailing `/`, and the request
 * target a server sees and often echoes (the path, the path and query, the query).
 */
function requestLineSpellings(value: string): string[] {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return [];
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return [];
  const href = url.href.slice(0, url.href.length - url.hash.length);
  return [
    url.href,
    href,
    href.replace(/\/$/, ''),
    url.pathname,
    url.pathname + url.search,
    url.search,
    url.search.slice(1),
  ];
}

// eslint-disable-next-line no-control-regex -- every character past ASCII, control characters included in the range
const NON_ASCII = /[^\x00-\x7e]/g;
const hex4 = (character: string): string => character.charCodeAt(0).toString(16).padStart(4, '0');

/**
 * The ways a JSON encoder can write `text` inside a string: as `JSON.stringify` does;
 * with everything outside ASCII as `\uXXXX` (lowercase or uppercase hex, as Python,
 * PHP and Java servers echo it); with `<`, `>`, `&`, `'` and U+2028/9 escaped as Go
 * does; with `/` as `\/` (PHP); and escaped twice (JSON text inside a JSON string).
 */
function jsonSpellings(text: string): string[] {
  const plain = JSON.stringify(text).slice(1, -1);
  const asciiOnly = plain.replace(NON_ASCII, (character) => `\\u${hex4(character)}`);
  const asciiOnlyUpper = plain.replace(NON_ASCII, (character) => `\\u${hex4(character).toUpperCase()}`);
  const htmlSafe = plain.replace(/[<>&'\u2028\u2029]/g, (character) => `\\u${hex4(character)}`);
  return [
    plain,
    asciiOnly,
    asciiOnlyUpper,
    htmlSafe,
    plain.replaceAll('/', '\\/'),
    asciiOnly.replaceAll('/', '\\/'),
    JSON.stringify(plain).slice(1, -1),
  ];
}

/** HTTP strips these from both ends of a header value before sending it. */
const HTTP_WHITESPACE_AT_ENDS = /^[\t\n\r ]+|[\t\n\r ]+$/g;

/**
 * Every form a secret value can take on the wire and in messages, so that redaction
 * finds it there: as is; lowercased (a host name); trimmed (a header value); percent-
 * encoded by `encodeURIComponent` (how a reference inside a URL is inserted) and by the
 * URL parser in every part of a URL, of the value as is (a reference that starts a URL)
 * and of its `encodeURIComponent` form (the parser re-encodes some characters it
 * leaves, such as `'` in a query); form-encoded (space as `+`); as a host name; a value
 * that is itself a URL as the parser writes it back and as its request line carries
 * it; each percent-encoded form with lowercase hex digits too; and every one of these
 * as JSON encoders escape it.
 *
 * Every spelling encodes the whole value, except the URL parser's rewrites of it (a
 * request target, a path without its dot segments), which are kept only when long
 * (see {@link significant}): a piece of the value, replaced wherever it occurs, would
 * redact text that has nothing to do with the secret.
 */
export function secretSpellings(value: string): readonly string[] {
  const forms = new Set<string | undefined>([
    value,
    value.toLowerCase(),
    encodeURIComponent(value),
    attempt(() => encodeURI(value)),
  ]);
  const trimmed = value.replace(HTTP_WHITESPACE_AT_ENDS, '');
  if (trimmed !== value) forms.add(trimmed);
  for (const base of [value, encodeURIComponent(value)]) {
    for (const spelling of urlPartSpellings(base)) {
      if (spelling.whole || significant(spelling.text, value)) forms.add(spelling.text);
    }
  }
  forms.add(hostSpelling(value));
  forms.add(attempt(() => new URLSearchParams([['k', value]]).toString().slice(2)));
  // What a server sees of a URL value is its request target, however long its host: a
  // webhook's short token path is the secret part.
  for (const form of requestLineSpellings(value)) if (form.length >= MIN_PIECE_LENGTH) forms.add(form);
  // A value that holds the redaction mark itself would otherwise slip between marks
  // (text is never searched inside a mark): its pieces around the mark are hidden too,
  // when long enough not to hide unrelated text.
  if (value.includes(REDACTED)) {
    for (const piece of value.split(REDACTED)) if (piece.length >= MIN_PIECE_LENGTH) forms.add(piece);
  }
  const spellings = new Set<string>();
  for (const form of forms) {
    if (form === undefined || form === '') continue;
    const lowerHex = form.replace(/%[0-9A-F]{2}/g, (escape) => escape.toLowerCase());
    for (const spelling of [form, lowerHex]) {
      spellings.add(spelling);
      for (const escaped of jsonSpellings(spelling)) spellings.add(escaped);
    }
  }
  spellings.delete('');
  return [...spellings];
}

function cachedSpellingsOf(source: object | undefined, value: string): readonly string[] {
  if (!source) return secretSpellings(value);
  let known = spellingsBySource.get(source);
  if (!known) {
    known = new Map();
    spellingsBySource.set(source, known);
  }
  let spellings = known.get(value);
  if (!spellings) {
    if (known.size >= MAX_SPELLINGS_PER_SOURCE) known.clear();
    spellings = secretSpellings(value);
    known.set(value, spellings);
  }
  return spellings;
}

/** `text` with the characters a regular expression gives meaning to escaped. */
function literalPattern(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');
}

/**
 * Matchers by secrets source and then by the values loaded: a host passes the same
 * source run after run, and building and compiling the expression again for every run
 * showed in profiles. Weak by source, like the spellings, so no value outlives the
 * host's own hold on it; bounded for rotating values.
 */
const matchersBySource = new WeakMap<object, Map<string, RegExp>>();
const MAX_MATCHERS_PER_SOURCE = 64;

/** One expression matching any of the spellings, longest first. */
function matcherOf(spellings: Iterable<string>): RegExp {
  const sorted = [...spellings].sort((a, b) => b.length - a.length || (a < b ? -1 : a > b ? 1 : 0));
  // Longest first: at any position the longest spelling that starts there matches.
  return new RegExp(sorted.map(literalPattern).join('|'), 'g');
}

/**
 * `text` with every stretch covered by an occurrence of a spelling replaced by one
 * mark. Occurrences may overlap (one secret ending where another begins): each start
 * is searched, not only the text after the last match, and overlapping or touching
 * occurrences merge, so no part of either value is left between marks.
 */
function scrubStretch(text: string, pattern: RegExp): string {
  pattern.lastIndex = 0;
  let match = pattern.exec(text);
  if (!match) return text;
  let out = '';
  let copied = 0;
  let start = match.index;
  let end = start + match[0].length;
  pattern.lastIndex = start + 1;
  while ((match = pattern.exec(text)) !== null) {
    const at = match.index;
    const until = at + match[0].length;
    if (at <= end) {
      if (until > end) end = until;
    } else {
      out += `${text.slice(copied, start)}${REDACTED}`;
      copied = end;
      start = at;
      end = until;
    }
    pattern.lastIndex = at + 1;
  }
  pattern.lastIndex = 0;
  return `${out}${text.slice(copied, start)}${REDACTED}${text.slice(end)}`;
}

/**
 * `text` redacted between the marks it already holds: a mark is never searched (a
 * value such as `e` or `d]` would otherwise eat into it), which also makes redaction
 * idempotent: text redacted again, as a run does for a message it reports in several
 * places, comes back unchanged.
 */
function scrubText(text: string, pattern: RegExp): string {
  if (!text.includes(REDACTED)) return scrubStretch(text, pattern);
  // Text redacted before usually holds no spelling any more: then it is not split up.
  pattern.lastIndex = 0;
  const found = pattern.test(text);
  pattern.lastIndex = 0;
  if (!found) return text;
  return text
    .split(REDACTED)
    .map((stretch) => scrubStretch(stretch, pattern))
    .join(REDACTED);
}

/**
 * One expression for every spelling of `values` (empty ones skipped), or `undefined`
 * when there is nothing to hide. For callers outside a run (the CLI's own net over what
 * it prints) that must redact exactly as a run does.
 */
export function secretMatcher(values: Iterable<string>): RegExp | undefined {
  const spellings = new Set<string>();
  for (const value of values) if (value !== '') for (const spelling of secretSpellings(value)) spellings.add(spelling);
  return spellings.size === 0 ? undefined : matcherOf(spellings);
}

/** `text` redacted with a {@link secretMatcher}: overlapping values merged, marks never searched. */
export function redactSecretText(text: string, matcher: RegExp): string {
  return scrubText(text, matcher);
}

/**
 * The values of the executor's own `status` and `type` fields: fixed words that say
 * what happened, never data from outside. Left as they are even when a secret equals
 * one of them, so a report stays readable. Event types are a record keyed by every type,
 * so a new type that is not listed here fails the type check.
 */
const EVENT_TYPES: Record<RunEvent['type'], true> = {
  step_started: true,
  attempt_started: true,
  attempt_failed: true,
  step_finished: true,
  run_finished: true,
};
const STATUSES = ['succeeded', 'failed', 'skipped'] as const satisfies readonly StepResult['status'][];
const VOCABULARY = new Set<string>([...STEP_ERROR_TYPES, ...Object.keys(EVENT_TYPES), ...STATUSES]);

/** The fields of an output the executor itself shapes: an HTTPS step's, a branch step's. */
const OUTPUT_FIELDS = new Set(['status', 'headers', 'body', 'branchId']);

/**
 * Where a container sits: in the executor's own structure (keys kept: field names and
 * step ids), directly in a step's `output` (the fields the executor shapes kept, any
 * other key redacted: a handler's value is data), or in data from outside: below an
 * output, or an attempt's request `headers` (every key redacted: a JSON body's keys,
 * header names).
 */
type Place = 'own' | 'output' | 'data';

/** Where the value under `key` (undefined: an array item) of a container in `place` sits. */
function placeOf(place: Place, key: string | undefined): Place {
  if (place !== 'own') return 'data';
  if (key === 'output') return 'output';
  return key === 'headers' ? 'data' : 'own';
}

/** A container being redacted: its parts, and whether any changed. */
interface ScrubFrame {
  source: readonly unknown[] | Record<string, unknown>;
  keys: readonly string[] | undefined;
  index: number;
  cleanKeys: string[];
  cleanItems: unknown[];
  changed: boolean;
  place: Place;
}

/** The secrets one run has fetched, and the means to keep them out of what it reports. */
export class RunSecrets {
  private readonly values = new Map<string, string>();
  private readonly missing = new Set<string>();
  /** Every spelling of every value fetched (see {@link secretSpellings}), and spellings derived during the run. */
  private readonly spellingSet = new Set<string>();
  /** Matches any spelling; built on first use after a change (a run adds several secrets, then redacts). */
  private matcher: RegExp | null | undefined = null;
  /** The values as a record, built once per change rather than for every template context. */
  private asRecord: Record<string, string> | undefined;
  /** Whether spellings were added that no value gives (then the matcher is not shared). */
  private derived = false;

  constructor(private readonly source: SecretsSource | undefined) {}

  /**
   * Fetches the named secrets not fetched yet. A resolver that throws, rejects or
   * answers anything but a string leaves the secret unresolved; so does a record
   * without that name as its own property (an inherited `constructor` or `toString`
   * is not a secret) or whose property cannot be read. Returns undefined (no promise)
   * when nothing had to be awaited.
   */
  load(names: Iterable<string>): Promise<void> | undefined {
    const source = this.source;
    if (typeof source !== 'function') {
      for (const name of names) {
        if (this.values.has(name) || this.missing.has(name)) continue;
        let value: unknown;
        try {
          value =
            // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition -- typed, but a host may pass anything at run time
            source !== null && typeof source === 'object' && Object.hasOwn(source, name) ? source[name] : undefined;
        } catch {
          value = undefined;
        }
        this.settle(name, value);
      }
      return undefined;
    }
    const pending = [...names].filter((name) => !this.values.has(name) && !this.missing.has(name));
    if (pending.length === 0) return undefined;
    return (async () => {
      for (const name of pending) {
        let value: unknown;
        try {
          value = await source(name);
        } catch {
          value = undefined;
        }
        this.settle(name, value);
      }
    })();
  }

  private settle(name: string, value: unknown): void {
    if (typeof value === 'string') this.add(name, value);
    else this.missing.add(name);
  }

  private add(name: string, value: string): void {
    this.values.set(name, value);
    this.asRecord = undefined;
    if (value === '') return;
    for (const spelling of cachedSpellingsOf(this.sourceObject, value)) this.spellingSet.add(spelling);
    this.matcher = undefined;
  }

  /**
   * Hides a text derived from a secret during the run that no spelling of the value
   * covers: a host name made from a secret and other text, whose punycode form holds
   * the secret only in encoded form.
   */
  addDerived(text: string): void {
    if (text === '' || this.spellingSet.has(text)) return;
    this.spellingSet.add(text);
    this.derived = true;
    this.matcher = undefined;
  }

  private get pattern(): RegExp | null {
    if (this.matcher !== undefined) return this.matcher;
    if (this.spellingSet.size === 0) return (this.matcher = null);
    const source = this.sourceObject;
    if (!source || this.derived) return (this.matcher = matcherOf(this.spellingSet));
    let known = matchersBySource.get(source);
    if (!known) {
      known = new Map();
      matchersBySource.set(source, known);
    }
    // JSON of the list: a separator character could also occur inside a value.
    const key = JSON.stringify([...this.values.values()]);
    let matcher = known.get(key);
    if (!matcher) {
      if (known.size >= MAX_MATCHERS_PER_SOURCE) known.clear();
      matcher = matcherOf(this.spellingSet);
      known.set(key, matcher);
    }
    return (this.matcher = matcher);
  }

  /** The source as a weak-map key, when it is an object or a function. */
  private get sourceObject(): object | undefined {
    const source = this.source;
    // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition -- typed, but a host may pass anything at run time
    return typeof source === 'function' || (source !== null && typeof source === 'object') ? source : undefined;
  }

  /** The value of a fetched secret (an own entry only), or undefined. */
  value(name: string): string | undefined {
    return this.values.get(name);
  }

  /** The HMAC signing key of a fetched secret, imported once per source and value. */
  signingKey(name: string): Promise<SigningKey> | undefined {
    const value = this.values.get(name);
    if (value === undefined) return undefined;
    const source = this.source;
    // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition -- typed, but a host may pass anything at run time
    if (source === null || (typeof source !== 'object' && typeof source !== 'function')) return importSigningKey(value);
    let keys = signingKeys.get(source);
    if (!keys) {
      keys = new Map();
      signingKeys.set(source, keys);
    }
    const known = keys.get(name);
    if (known && known.value === value) return known.key;
    const key = importSigningKey(value);
    keys.set(name, { value, key });
    return key;
  }

  /** The fetched values by name, for template resolution (own properties, `__proto__` included). */
  record(): Record<string, string> {
    // A fresh record only when a value was added: template resolution only reads it.
    this.asRecord ??= Object.fromEntries(this.values);
    return this.asRecord;
  }

  /** Whether any secret value with something to hide (not empty) has been fetched. */
  get holdsValues(): boolean {
    return this.spellingSet.size > 0;
  }

  /** Whether a string contains any secret value (in any of its spellings) outside redaction marks. */
  appearsIn(text: string): boolean {
    const pattern = this.pattern;
    if (!pattern) return false;
    return scrubText(text, pattern) !== text;
  }

  /**
   * One of the executor's own structures (a run result's steps, an event, a message)
   * with every secret value in its strings replaced by `[redacted]`. Its own field names
   * and the fixed words of its `status` and `type` fields are left as they are; inside
   * the fields that hold data from outside (`output`, `headers`) keys are redacted too
   * (an output's own `status`, `headers`, `body` and `branchId` aside).
   * Idempotent: redacting again changes nothing. See {@link RunSecrets.redactData}.
   */
  redact<T>(value: T): T {
    return this.scrub(value, false);
  }

  /**
   * Data from outside (headers, a body) with every secret value in its strings and its
   * keys replaced by `[redacted]`. Idempotent, like {@link RunSecrets.redact}.
   */
  redactData<T>(value: T): T {
    return this.scrub(value, true);
  }

  /**
   * Parts without a secret are shared with the input, not copied. Walks the value with
   * an explicit stack, so no nesting exhausts the call stack; the value must be free of
   * cycles (everything the executor reports is copied JSON data).
   */
  private scrub<T>(value: T, data: boolean): T {
    const pattern = this.pattern;
    if (!pattern) return value;
    if (typeof value === 'string') return scrubText(value, pattern) as T;
    if (value === null || typeof value !== 'object') return value;
    let result: unknown = value;
    const stack: ScrubFrame[] = [this.frameOf(value, data ? 'data' : 'own')];
    while (stack.length > 0) {
      const frame = stack[stack.length - 1]!;
      const length = frame.keys ? frame.keys.length : (frame.source as readonly unknown[]).length;
      if (frame.index < length) {
        const index = frame.index++;
        const key = frame.keys?.[index];
        const item =
          key === undefined
            ? (frame.source as readonly unknown[])[index]
            : (frame.source as Record<string, unknown>)[key];
        if (key !== undefined) {
          const keep = frame.place === 'own' || (frame.place === 'output' && OUTPUT_FIELDS.has(key));
          const cleanKey = keep ? key : scrubText(key, pattern);
          if (cleanKey !== key) frame.changed = true;
          frame.cleanKeys.push(cleanKey);
        }
        if (item !== null && typeof item === 'object') {
          stack.push(this.frameOf(item, placeOf(frame.place, key)));
          continue;
        }
        const ownWord =
          frame.place === 'own' &&
          (key === 'status' || key === 'type') &&
          typeof item === 'string' &&
          VOCABULARY.has(item);
        const cleanItem = typeof item === 'string' && !ownWord ? scrubText(item, pattern) : item;
        if (cleanItem !== item) frame.changed = true;
        frame.cleanItems.push(cleanItem);
        continue;
      }
      stack.pop();
      const done = frame.changed ? this.rebuild(frame) : frame.source;
      const parent = stack[stack.length - 1];
      if (!parent) {
        result = done;
        break;
      }
      if (done !== frame.source) parent.changed = true;
      parent.cleanItems.push(done);
    }
    return result as T;
  }

  private frameOf(source: object, place: Place): ScrubFrame {
    const keys = Array.isArray(source) ? undefined : Object.keys(source);
    return {
      source: source as ScrubFrame['source'],
      keys,
      index: 0,
      cleanKeys: [],
      cleanItems: [],
      changed: false,
      place,
    };
  }

  private rebuild(frame: ScrubFrame): unknown {
    if (!frame.keys) return frame.cleanItems;
    const copy: Record<string, unknown> = {};
    for (let index = 0; index < frame.cleanKeys.length; index++) {
      const key = frame.cleanKeys[index]!;
      if (key === '__proto__')
        Object.defineProperty(copy, key, {
          value: frame.cleanItems[index],
          enumerable: true,
          writable: true,
          configurable: true,
        });
      else copy[key] = frame.cleanItems[index];
    }
    return copy;
  }
}
