// ---------------------------------------------------------------------------
// Secret values: fetched from the host once per run, and scrubbed from everything the
// executor hands back (events, errors, the run result).
// ---------------------------------------------------------------------------

import { importSigningKey } from './signing';
import type { SecretsSource } from './types';

/**
 * Signing keys by secrets source, so runs that share a source (a host passing the same
 * record or resolver every time) import each key once. Keyed weakly by the source, and
 * checked against the current value, so a rotated secret gets a new key.
 */
const signingKeys = new WeakMap<object, Map<string, { value: string; key: Promise<CryptoKey> }>>();

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

/**
 * What the WHATWG URL parser makes of `text` in each part of a URL, computed by the
 * platform itself (setters on a template URL) rather than from tables of our own: the
 * path, query and fragment each percent-encode a different set of characters (`'`
 * stays in a path and becomes `%27` in a query), user info another, and a host name is
 * lowercased, decoded and turned into punycode.
 */
function urlSpellings(text: string): (string | undefined)[] {
  const template = (): URL => new URL('http://placeholder.invalid/');
  return [
    attempt(() => {
      const url = template();
      url.pathname = text;
      return url.pathname.slice(1);
    }),
    attempt(() => {
      const url = template();
      url.search = text;
      return url.search.slice(1);
    }),
    attempt(() => {
      const url = template();
      url.hash = text;
      return url.hash.slice(1);
    }),
    attempt(() => {
      const url = template();
      url.username = text;
      return url.username;
    }),
    attempt(() => {
      const url = template();
      url.password = text;
      return url.password;
    }),
    attempt(() => {
      const url = template();
      url.hostname = text;
      // The setter leaves the host alone when `text` cannot be one.
      return url.hostname === 'placeholder.invalid' ? '' : url.hostname;
    }),
    attempt(() => new URL(`http://${text}/`).hostname),
  ];
}

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

/**
 * Every form a secret value can take on the wire and in messages, so that redaction
 * finds it there: as is; lowercased (a host name); percent-encoded by
 * `encodeURIComponent` (how a reference inside a URL is inserted) and by the URL
 * parser in every part of a URL, of the value as is (a reference that starts a URL)
 * and of its `encodeURIComponent` form (the parser re-encodes some characters it
 * leaves, such as `'` in a query); form-encoded (space as `+`); a value that is itself
 * a URL as the parser writes it back; each percent-encoded form with lowercase hex
 * digits too; and every one of these as JSON encoders escape it.
 */
export function secretSpellings(value: string): readonly string[] {
  const forms = new Set<string | undefined>([value, value.toLowerCase(), encodeURIComponent(value), attempt(() => encodeURI(value))]);
  for (const base of [value, encodeURIComponent(value)]) for (const form of urlSpellings(base)) forms.add(form);
  forms.add(attempt(() => new URLSearchParams([['k', value]]).toString().slice(2)));
  const asUrl = attempt(() => new URL(value).href);
  if (asUrl !== undefined) {
    forms.add(asUrl);
    forms.add(asUrl.replace(/\/$/, ''));
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

/** What replaces a secret value wherever it would otherwise show. */
export const REDACTED = '[redacted]';

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
  // Longest first: at any position the longest spelling wins, so a value containing
  // another secret is replaced whole. One pass: a replacement is never searched again.
  return new RegExp(sorted.map(literalPattern).join('|'), 'g');
}

/** A container being redacted: its parts, and whether any changed. */
interface ScrubFrame {
  source: readonly unknown[] | Record<string, unknown>;
  keys: readonly string[] | undefined;
  index: number;
  cleanKeys: string[];
  cleanItems: unknown[];
  changed: boolean;
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
          value = source !== null && typeof source === 'object' && Object.hasOwn(source, name) ? source[name] : undefined;
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
    const key = [...this.values.values()].join('\u0000');
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
    return typeof source === 'function' || (source !== null && typeof source === 'object') ? source : undefined;
  }

  /** The value of a fetched secret (an own entry only), or undefined. */
  value(name: string): string | undefined {
    return this.values.get(name);
  }

  /** The HMAC signing key of a fetched secret, imported once per source and value. */
  signingKey(name: string): Promise<CryptoKey> | undefined {
    const value = this.values.get(name);
    if (value === undefined) return undefined;
    const source = this.source;
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

  /** Whether a string contains any secret value (in any of its spellings). */
  appearsIn(text: string): boolean {
    const pattern = this.pattern;
    if (!pattern) return false;
    pattern.lastIndex = 0;
    const found = pattern.test(text);
    pattern.lastIndex = 0;
    return found;
  }

  /**
   * `value` with every secret value in its strings (and keys) replaced by `[redacted]`.
   * Parts without a secret are shared with the input, not copied. Walks the value with
   * an explicit stack, so no nesting exhausts the call stack; the value must be free of
   * cycles (everything the executor reports is copied JSON data).
   */
  redact<T>(value: T): T {
    const pattern = this.pattern;
    if (!pattern) return value;
    if (typeof value === 'string') return this.scrubText(value, pattern) as T;
    if (value === null || typeof value !== 'object') return value;
    let result: unknown = value;
    const stack: ScrubFrame[] = [this.frameOf(value as object)];
    while (stack.length > 0) {
      const frame = stack[stack.length - 1]!;
      const length = frame.keys ? frame.keys.length : (frame.source as readonly unknown[]).length;
      if (frame.index < length) {
        const index = frame.index++;
        const key = frame.keys?.[index];
        const item = key === undefined ? (frame.source as readonly unknown[])[index] : (frame.source as Record<string, unknown>)[key];
        if (key !== undefined) {
          const cleanKey = this.scrubText(key, pattern);
          if (cleanKey !== key) frame.changed = true;
          frame.cleanKeys.push(cleanKey);
        }
        if (item !== null && typeof item === 'object') {
          stack.push(this.frameOf(item));
          continue;
        }
        const cleanItem = typeof item === 'string' ? this.scrubText(item, pattern) : item;
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

  private frameOf(source: object): ScrubFrame {
    const keys = Array.isArray(source) ? undefined : Object.keys(source);
    return { source: source as ScrubFrame['source'], keys, index: 0, cleanKeys: [], cleanItems: [], changed: false };
  }

  private rebuild(frame: ScrubFrame): unknown {
    if (!frame.keys) return frame.cleanItems;
    const copy: Record<string, unknown> = {};
    for (let index = 0; index < frame.cleanKeys.length; index++) {
      const key = frame.cleanKeys[index]!;
      if (key === '__proto__') Object.defineProperty(copy, key, { value: frame.cleanItems[index], enumerable: true, writable: true, configurable: true });
      else copy[key] = frame.cleanItems[index];
    }
    return copy;
  }

  private scrubText(text: string, pattern: RegExp): string {
    pattern.lastIndex = 0;
    return text.replace(pattern, REDACTED);
  }
}
