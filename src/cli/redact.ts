// ---------------------------------------------------------------------------
// The CLI's own net under the executor's redaction: every secret value the run
// fetched, in every spelling it can take on the wire or in a message, is replaced
// before anything reaches stdout or stderr. The executor already redacts what it
// reports; this also covers what it does not report on purpose (an error it throws,
// a message from Node that quotes an argument).
// ---------------------------------------------------------------------------

import { REDACTED, redactSecretText, secretMatcher } from '../executor/secrets';

export { REDACTED };

/** Replaces every spelling of every secret value it has been given, as a run's redaction does. */
export class Redactor {
  private readonly values = new Set<string>();
  private matcher: RegExp | undefined;

  /** Adds a secret value (empty values are skipped: there is nothing to hide). */
  add(value: string): void {
    if (value === '' || this.values.has(value)) return;
    this.values.add(value);
    this.matcher = secretMatcher(this.values);
  }

  /** Whether any spelling of any secret value occurs in `text`. */
  appearsIn(text: string): boolean {
    return this.text(text) !== text;
  }

  /** `text` with every spelling of every secret value replaced by {@link REDACTED}. */
  text(text: string): string {
    return this.matcher ? redactSecretText(text, this.matcher) : text;
  }

  /**
   * A copy of a JSON-like value with every string and key redacted, made with an
   * explicit stack (the value may nest deeper than recursion allows). Values other
   * than plain JSON (functions, symbols, bigints) become null, as in JSON.
   */
  value(input: unknown): unknown {
    if (!this.matcher) return input;
    const scrub = (item: unknown): unknown => (typeof item === 'string' ? this.text(item) : item);
    const rootHolder: { value?: unknown } = {};
    const work: { from: unknown; into: (copy: unknown) => void }[] = [
      { from: input, into: (copy) => (rootHolder.value = copy) },
    ];
    while (work.length > 0) {
      const { from, into } = work.pop()!;
      if (Array.isArray(from)) {
        const copy: unknown[] = new Array<unknown>(from.length);
        into(copy);
        from.forEach((child: unknown, index) => work.push({ from: child, into: (value) => (copy[index] = value) }));
      } else if (from !== null && typeof from === 'object') {
        const copy: Record<string, unknown> = {};
        into(copy);
        for (const [key, child] of Object.entries(from)) {
          const cleanKey = this.text(key);
          // Defined as own data properties, so a key such as "__proto__" stays a key.
          Object.defineProperty(copy, cleanKey, {
            value: undefined,
            writable: true,
            enumerable: true,
            configurable: true,
          });
          work.push({ from: child, into: (value) => (copy[cleanKey] = value) });
        }
      } else {
        into(scrub(from));
      }
    }
    return rootHolder.value;
  }
}
