// ---------------------------------------------------------------------------
// JSON the CLI prints: redacted value by value (so the text stays JSON), then checked
// once more as text, since secrecy comes before the shape of the output.
// ---------------------------------------------------------------------------

import type { Redactor } from './redact';

/**
 * `value` as JSON text with `indent` spaces, every secret value redacted; undefined
 * when it cannot be written (nested deeper than JSON.stringify can go, a cycle, a
 * bigint, a throwing `toJSON`). Never throws.
 */
/** `JSON.stringify` as it behaves: undefined for undefined, a function or a symbol. */
const stringify: (value: unknown, replacer: null, indent: number) => string | undefined = JSON.stringify;

export function jsonText(value: unknown, secrets: Redactor, indent: number): string | undefined {
  let text: string | undefined;
  try {
    text = stringify(secrets.value(value), null, indent);
  } catch {
    return undefined;
  }
  if (text === undefined) return undefined;
  // A value split across JSON tokens (a secret holding a quote and a colon) survives
  // the value-by-value pass; replacing it in the text may break the JSON, and showing
  // it is worse.
  return secrets.appearsIn(text) ? secrets.text(text) : text;
}
