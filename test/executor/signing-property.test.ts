// A cross-check of signRequest and verifySignature against an HMAC computed
// independently with node:crypto: verifySignature accepts exactly what signRequest
// produces and refuses every single-character change of the header.
import { createHmac } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { signRequest, verifySignature } from '../../src/executor';

/** Any code point, lone surrogates included (both sides encode them as U+FFFD). */
const text = (minLength: number) =>
  fc.string({
    unit: fc.oneof(
      { weight: 8, arbitrary: fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }) },
      { weight: 1, arbitrary: fc.constantFrom('\uD800', '\uDFFF', ' ', ',', '=', '.') },
    ),
    minLength,
    maxLength: 40,
  });

/** A body as a sender could pass it, with the bytes that go on the wire. */
const bodies = text(0).chain((value) => {
  const bytes = new TextEncoder().encode(value);
  return fc.constantFrom<{ body: string | Uint8Array | ArrayBuffer; bytes: Uint8Array }>(
    { body: value, bytes },
    { body: bytes, bytes },
    { body: bytes.slice().buffer, bytes },
  );
});

/** Seconds from 0 to the largest twelve-digit timestamp. */
const timestamps = fc
  .tuple(fc.integer({ min: 0, max: 999_999 }), fc.integer({ min: 0, max: 999_999 }))
  .map(([high, low]) => high * 1_000_000 + low);

/** What may replace a header character: printable ASCII, whitespace, a few others. */
const replacements = fc.oneof(
  fc.integer({ min: 0x20, max: 0x7e }).map((code) => String.fromCharCode(code)),
  fc.constantFrom('\t', '\n', '\u00a0', '\u0661', 'é', '\uD800'),
);

function referenceHeader(secret: string, timestamp: number, bytes: Uint8Array): string {
  const mac = createHmac('sha256', secret).update(`${timestamp}.`).update(bytes).digest('hex');
  return `t=${timestamp},v1=${mac}`;
}

describe('signRequest and verifySignature against node:crypto', () => {
  it('2,000 cases: the header is the reference, it verifies, and no single-character change of it does', async () => {
    await fc.assert(
      fc.asyncProperty(
        text(1),
        text(1),
        bodies,
        timestamps,
        fc.integer({ min: 0, max: 999 }),
        fc.integer({ min: -300_000, max: 300_000 }),
        fc.nat(),
        replacements,
        async (secret, decoy, { body, bytes }, timestamp, subsecond, skew, position, replacement) => {
          const header = await signRequest({ body, secret, now: () => timestamp * 1000 + subsecond });
          const expected = referenceHeader(secret, timestamp, bytes);
          expect(header).toBe(expected);

          const receiverNow = () => timestamp * 1000 + skew;
          expect(await verifySignature({ header, body, secret, now: receiverNow })).toBe(true);
          expect(await verifySignature({ header, body, secrets: ['', decoy, secret], now: receiverNow })).toBe(true);
          if (decoy !== secret) {
            expect(await verifySignature({ header, body, secret: decoy, now: receiverNow })).toBe(false);
          }

          const at = position % header.length;
          const original = header.charAt(at);
          const inHex = at >= header.indexOf('v1=') + 3;
          // Hex is read case-insensitively, so changing the case of a hex digit is no change.
          const same = replacement === original || (inHex && replacement.toLowerCase() === original.toLowerCase());
          if (!same) {
            const mutated = header.slice(0, at) + replacement + header.slice(at + 1);
            expect(await verifySignature({ header: mutated, body, secret, now: receiverNow }), mutated).toBe(false);
          }

          if (bytes.length > 0) {
            const changed = bytes.slice();
            changed[position % changed.length]! ^= 1 << (position % 8);
            expect(await verifySignature({ header, body: changed, secret, now: receiverNow })).toBe(false);
          }
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('hex digits are read in either case', async () => {
    const header = await signRequest({ body: 'b', secret: 's', now: () => 1_767_268_800_000 });
    const upper = header.replace(/v1=([0-9a-f]+)/, (_, hex: string) => `v1=${hex.toUpperCase()}`);
    expect(upper).not.toBe(header);
    expect(await verifySignature({ header: upper, body: 'b', secret: 's', now: () => 1_767_268_800_000 })).toBe(true);
  });
});
