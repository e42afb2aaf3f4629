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

/** What replaces a secret value wherever it would otherwise show. */
export const REDACTED = '[redacted]';

/** The secrets one run has fetched, and the means to keep them out of what it reports. */
export class RunSecrets {
  private readonly values = new Map<string, string>();
  private readonly missing = new Set<string>();
  /** Forms a value can take in text: as is, percent-encoded (URLs) and JSON-escaped. */
  private spellings: string[] = [];

  constructor(private readonly source: SecretsSource | undefined) {}

  /** Fetches the named secrets not fetched yet. A resolver that throws leaves the secret unresolved. */
  async load(names: Iterable<string>): Promise<void> {
    for (const name of names) {
      if (this.values.has(name) || this.missing.has(name)) continue;
      let value: string | undefined;
      if (typeof this.source === 'function') {
        try {
          value = await this.source(name);
        } catch {
          value = undefined;
        }
      } else if (this.source && Object.prototype.hasOwnProperty.call(this.source, name)) {
        value = this.source[name];
      }
      if (typeof value === 'string') this.add(name, value);
      else this.missing.add(name);
    }
  }

  private add(name: string, value: string): void {
    this.values.set(name, value);
    if (value === '') return;
    const forms = new Set([value, encodeURIComponent(value), JSON.stringify(value).slice(1, -1)]);
    // Longest first, so a value containing another secret is replaced whole.
    this.spellings = [...new Set([...this.spellings, ...forms])].sort((a, b) => b.length - a.length);
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
    return Object.fromEntries(this.values);
  }

  /** Whether a string contains any secret value (in any of its spellings). */
  appearsIn(text: string): boolean {
    return this.spellings.some((spelling) => text.includes(spelling));
  }

  /** A copy of `value` with every secret value in its strings (and keys) replaced by `[redacted]`. */
  redact<T>(value: T): T {
    if (this.spellings.length === 0) return value;
    return this.scrub(value) as T;
  }

  private scrub(value: unknown): unknown {
    if (typeof value === 'string') return this.scrubText(value);
    if (Array.isArray(value)) return value.map((item) => this.scrub(item));
    if (value !== null && typeof value === 'object') {
      const copy: Record<string, unknown> = {};
      for (const [key, item] of Object.entries(value)) copy[this.scrubText(key)] = this.scrub(item);
      return copy;
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
