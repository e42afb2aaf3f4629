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

/** Forms a value can take in text: as is, percent-encoded (URLs) and JSON-escaped. */
function spellingsOf(value: string): readonly string[] {
  return [value, encodeURIComponent(value), JSON.stringify(value).slice(1, -1)];
}

function cachedSpellingsOf(source: object | undefined, value: string): readonly string[] {
  if (!source) return spellingsOf(value);
  let known = spellingsBySource.get(source);
  if (!known) {
    known = new Map();
    spellingsBySource.set(source, known);
  }
  let spellings = known.get(value);
  if (!spellings) {
    if (known.size >= MAX_SPELLINGS_PER_SOURCE) known.clear();
    spellings = spellingsOf(value);
    known.set(value, spellings);
  }
  return spellings;
}

/** What replaces a secret value wherever it would otherwise show. */
export const REDACTED = '[redacted]';

/** The secrets one run has fetched, and the means to keep them out of what it reports. */
export class RunSecrets {
  private readonly values = new Map<string, string>();
  private readonly missing = new Set<string>();
  /** Every spelling of every value fetched (see {@link spellingsOf}). */
  private readonly spellingSet = new Set<string>();
  /** The spellings longest first, sorted on first use after a change (a run adds several secrets, then redacts). */
  private sortedSpellings: readonly string[] | undefined = [];
  /** The values as a record, built once per change rather than for every template context. */
  private asRecord: Record<string, string> | undefined;

  constructor(private readonly source: SecretsSource | undefined) {}

  /**
   * Fetches the named secrets not fetched yet. A resolver that throws leaves the secret
   * unresolved. Returns undefined (no promise) when nothing had to be awaited.
   */
  load(names: Iterable<string>): Promise<void> | undefined {
    const source = this.source;
    if (typeof source !== 'function') {
      for (const name of names) {
        if (this.values.has(name) || this.missing.has(name)) continue;
        const value = source && Object.prototype.hasOwnProperty.call(source, name) ? source[name] : undefined;
        this.settle(name, value);
      }
      return undefined;
    }
    const pending = [...names].filter((name) => !this.values.has(name) && !this.missing.has(name));
    if (pending.length === 0) return undefined;
    return (async () => {
      for (const name of pending) {
        let value: string | undefined;
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
    for (const spelling of cachedSpellingsOf(this.source, value)) this.spellingSet.add(spelling);
    this.sortedSpellings = undefined;
  }

  /** Longest first, so a value containing another secret is replaced whole. */
  private get spellings(): readonly string[] {
    this.sortedSpellings ??= [...this.spellingSet].sort((a, b) => b.length - a.length);
    return this.sortedSpellings;
  }

  /** The HMAC signing key of a fetched secret, imported once per source and value. */
  signingKey(name: string): Promise<CryptoKey> | undefined {
    const value = this.values.get(name);
    if (value === undefined) return undefined;
    if (!this.source) return importSigningKey(value);
    let keys = signingKeys.get(this.source);
    if (!keys) {
      keys = new Map();
      signingKeys.set(this.source, keys);
    }
    const known = keys.get(name);
    if (known && known.value === value) return known.key;
    const key = importSigningKey(value);
    keys.set(name, { value, key });
    return key;
  }

  /** The fetched values by name, for template resolution. */
  record(): Record<string, string> {
    // A fresh record only when a value was added: template resolution only reads it.
    this.asRecord ??= Object.fromEntries(this.values);
    return this.asRecord;
  }

  /** Whether a string contains any secret value (in any of its spellings). */
  appearsIn(text: string): boolean {
    return this.spellings.some((spelling) => text.includes(spelling));
  }

  /**
   * `value` with every secret value in its strings (and keys) replaced by `[redacted]`.
   * Parts without a secret are shared with the input, not copied.
   */
  redact<T>(value: T): T {
    if (this.spellings.length === 0) return value;
    return this.scrub(value) as T;
  }

  private scrub(value: unknown): unknown {
    if (typeof value === 'string') return this.scrubText(value);
    if (Array.isArray(value)) {
      let copy: unknown[] | undefined;
      for (let index = 0; index < value.length; index++) {
        const item: unknown = value[index];
        const scrubbed = this.scrub(item);
        if (scrubbed !== item) (copy ??= value.slice())[index] = scrubbed;
      }
      return copy ?? value;
    }
    if (value !== null && typeof value === 'object') {
      // Copied only from the first key or value that changes, in the same key order.
      const record = value as Record<string, unknown>;
      const keys = Object.keys(record);
      let copy: [string, unknown][] | undefined;
      for (let index = 0; index < keys.length; index++) {
        const key = keys[index]!;
        const item = record[key];
        const cleanKey = this.scrubText(key);
        const cleanItem = this.scrub(item);
        if (!copy && (cleanKey !== key || cleanItem !== item)) {
          copy = keys.slice(0, index).map((earlier) => [earlier, record[earlier]] as [string, unknown]);
        }
        copy?.push([cleanKey, cleanItem]);
      }
      return copy ? Object.fromEntries(copy) : value;
    }
    return value;
  }

  private scrubText(text: string): string {
    let result = text;
    for (const spelling of this.spellings) {
      if (result.includes(spelling)) result = result.split(spelling).join(REDACTED);
    }
    return result;
  }
}
