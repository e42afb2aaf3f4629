// Signing and verifying under hostile or mistaken input: empty secrets, bodies that are
// not bytes, non-canonical timestamps and oversized headers.
import { createHmac } from 'node:crypto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  MAX_SIGNATURE_HEADER_LENGTH,
  MAX_SIGNATURE_SETS,
  MAX_SIGNATURES_PER_SET,
  SigningError,
  importSigningKey,
  signRequest,
  verifySignature,
} from '../../src/executor';

const NOW = Date.UTC(2026, 0, 1, 12, 0, 0);
const T = NOW / 1000;
const now = (): number => NOW;
const body = '{"event":"inquiry.approved"}';

/** A `t=...,v1=...` set computed independently with node:crypto, `t` written as given. */
function reference(secret: string, payloadBody: string, timestamp: number, written = String(timestamp)): string {
  return `t=${written},v1=${hmacHex(secret, payloadBody, timestamp)}`;
}

function hmacHex(secret: string, payloadBody: string, timestamp: number): string {
  return createHmac('sha256', secret).update(`${timestamp}.${payloadBody}`).digest('hex');
}

/** A `v1` value that is well-formed hex but matches nothing. */
const WRONG = 'ab'.repeat(32);

afterEach(() => {
  vi.restoreAllMocks();
});

describe('empty secrets', () => {
  it('signRequest refuses an empty secret with SigningError empty_secret', async () => {
    const refusal = signRequest({ body, secret: '', now });
    await expect(refusal).rejects.toBeInstanceOf(SigningError);
    await expect(signRequest({ body, secret: '', now })).rejects.toMatchObject({
      name: 'SigningError',
      code: 'empty_secret',
      message: expect.stringMatching(/secret is empty/),
    });
  });

  it('importSigningKey refuses an empty secret with SigningError empty_secret', async () => {
    await expect(importSigningKey('')).rejects.toMatchObject({ name: 'SigningError', code: 'empty_secret' });
  });

  it('verifySignature with an empty secret returns false, never throws', async () => {
    const header = reference('k1', body, T);
    expect(await verifySignature({ header, body, secret: '', now })).toBe(false);
    expect(await verifySignature({ header, body, secrets: ['', ''], now })).toBe(false);
    expect(await verifySignature({ header, body, secrets: [], now })).toBe(false);
  });

  it("verifySignature skips an empty entry in a secret list (['', current] verifies a valid header)", async () => {
    const header = reference('current', body, T);
    expect(await verifySignature({ header, body, secrets: ['', 'current'], now })).toBe(true);
    expect(await verifySignature({ header, body, secrets: ['current', ''], now })).toBe(true);
    expect(await verifySignature({ header, body, secrets: [''], secret: 'current', now })).toBe(true);
    expect(await verifySignature({ header, body, secrets: ['', 'previous'], now })).toBe(false);
  });
});

describe('bodies and secrets that are not what the types say', () => {
  // JavaScript callers (and JSON.parse results) can pass anything.
  const notBytes: unknown[] = [
    null,
    0,
    42,
    true,
    {},
    { a: 1 },
    [1, 2],
    new Uint16Array([1]),
    new DataView(new ArrayBuffer(1)),
  ];

  it('signRequest refuses a body that is not a string, Uint8Array or ArrayBuffer with SigningError invalid_body', async () => {
    for (const value of notBytes) {
      await expect(signRequest({ body: value as string, secret: 'k1', now })).rejects.toMatchObject({
        name: 'SigningError',
        code: 'invalid_body',
        message: expect.stringMatching(/body/),
      });
    }
  });

  it('verifySignature returns false for a body that is not bytes, never throws', async () => {
    const header = reference('k1', '', T);
    for (const value of [...notBytes, undefined]) {
      expect(await verifySignature({ header, body: value as string, secret: 'k1', now })).toBe(false);
    }
  });

  it('an ArrayBuffer body is signed and verified as its bytes', async () => {
    const bytes = new TextEncoder().encode(body);
    const buffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
    const header = await signRequest({ body: buffer, secret: 'k1', now });
    expect(header).toBe(reference('k1', body, T));
    expect(await verifySignature({ header, body: buffer, secret: 'k1', now })).toBe(true);
    // A Uint8Array that views part of a larger buffer covers only its own bytes.
    const framed = new Uint8Array(bytes.length + 4);
    framed.set(bytes, 2);
    expect(await verifySignature({ header, body: framed.subarray(2, 2 + bytes.length), secret: 'k1', now })).toBe(true);
  });

  it('signRequest refuses a secret that is neither a string nor a CryptoKey with SigningError invalid_secret', async () => {
    for (const secret of [undefined, null, 42, {}, ['k1']]) {
      await expect(signRequest({ body, secret: secret as string, now })).rejects.toMatchObject({
        name: 'SigningError',
        code: 'invalid_secret',
      });
    }
    await expect(importSigningKey(42 as unknown as string)).rejects.toMatchObject({ code: 'invalid_secret' });
  });

  it('signRequest still takes a CryptoKey from importSigningKey', async () => {
    const key = await importSigningKey('k1');
    expect(await signRequest({ body, secret: key, now })).toBe(reference('k1', body, T));
  });

  it('signRequest refuses a key that cannot make this signature with SigningError invalid_secret', async () => {
    const subtle = globalThis.crypto.subtle;
    const raw = new TextEncoder().encode('k1');
    const sha512 = await subtle.importKey('raw', raw, { name: 'HMAC', hash: 'SHA-512' }, false, ['sign']);
    const verifyOnly = await subtle.importKey('raw', raw, { name: 'HMAC', hash: 'SHA-256' }, false, ['verify']);
    const aes = await subtle.importKey('raw', new Uint8Array(16), { name: 'AES-GCM' }, false, ['encrypt']);
    const impostor = { [Symbol.toStringTag]: 'CryptoKey' };
    for (const secret of [sha512, verifyOnly, aes, impostor]) {
      await expect(signRequest({ body, secret: secret as CryptoKey, now })).rejects.toMatchObject({
        code: 'invalid_secret',
      });
    }
  });

  it('signRequest refuses a clock that gives no canonical timestamp with SigningError invalid_clock', async () => {
    for (const clock of [
      () => Number.NaN,
      () => -1000,
      () => Number.POSITIVE_INFINITY,
      () => 1e15,
      () => '1' as unknown as number,
      5 as unknown as () => number,
    ]) {
      await expect(signRequest({ body, secret: 'k1', now: clock })).rejects.toMatchObject({ code: 'invalid_clock' });
    }
  });

  it('signRequest refuses options that are not an object with SigningError invalid_options', async () => {
    await expect(signRequest(null as unknown as { secret: string })).rejects.toMatchObject({ code: 'invalid_options' });
  });

  it('verifySignature returns false for options, secrets or a clock of the wrong kind, never throws', async () => {
    const header = reference('k1', body, T);
    expect(await verifySignature(null as unknown as Parameters<typeof verifySignature>[0])).toBe(false);
    expect(await verifySignature({ header, body, secret: 42 as unknown as string, now })).toBe(false);
    expect(await verifySignature({ header, body, secrets: [42, null] as unknown as string[], now })).toBe(false);
    expect(await verifySignature({ header, body, secret: 'k1', now: 5 as unknown as () => number })).toBe(false);
    expect(await verifySignature({ header, body, secret: 'k1', now: () => Number.NaN })).toBe(false);
  });

  it('a secrets list given as one string is not split into one-character secrets', async () => {
    // Spreading the string 'k1' would accept a header signed with the secret 'k'.
    const header = reference('k', body, T);
    expect(await verifySignature({ header, body, secrets: 'k1' as unknown as string[], now })).toBe(false);
  });
});

describe('canonical timestamps only', () => {
  it('refuses t=01767268800 (a leading zero) although the v1 is right for 1767268800', async () => {
    const header = reference('k1', body, T, `0${T}`);
    expect(await verifySignature({ header, body, secret: 'k1', now })).toBe(false);
    expect(await verifySignature({ header: reference('k1', body, T), body, secret: 'k1', now })).toBe(true);
  });

  it('refuses a sign, spaces, fractions, exponents, hex and other spellings of the same second', async () => {
    for (const written of [
      `+${T}`,
      `-${T}`,
      `${T}.0`,
      `${T}.`,
      `${T}e0`,
      `0x${T.toString(16)}`,
      `00${T}`,
      `${T} `,
      `\t${T}`,
      `${T}\u00a0`,
      `١٧٦٧٢٦٨٨٠٠`,
    ]) {
      const header = reference('k1', body, T, written);
      expect(await verifySignature({ header, body, secret: 'k1', now }), written).toBe(false);
    }
  });

  it('refuses a timestamp of more than 12 digits even when the clock agrees', async () => {
    const far = 1_000_000_000_000;
    const header = reference('k1', body, far);
    expect(await verifySignature({ header, body, secret: 'k1', now: () => far * 1000 })).toBe(false);
    const largest = 999_999_999_999;
    expect(
      await verifySignature({ header: reference('k1', body, largest), body, secret: 'k1', now: () => largest * 1000 }),
    ).toBe(true);
  });

  it('accepts t=0 as canonical', async () => {
    expect(await verifySignature({ header: reference('k1', body, 0), body, secret: 'k1', now: () => 0 })).toBe(true);
  });

  it('refuses a set with two timestamps, whichever comes first', async () => {
    const v1 = hmacHex('k1', body, T);
    for (const header of [`t=${T},t=${T - 1},v1=${v1}`, `t=${T - 1},t=${T},v1=${v1}`, `t=${T},t=${T},v1=${v1}`]) {
      expect(await verifySignature({ header, body, secret: 'k1', now }), header).toBe(false);
    }
  });
});

describe('caps on the header, checked before any HMAC work', () => {
  it('exports the documented caps', () => {
    expect(MAX_SIGNATURE_HEADER_LENGTH).toBe(8192);
    expect(MAX_SIGNATURE_SETS).toBe(8);
    expect(MAX_SIGNATURES_PER_SET).toBe(8);
  });

  it('a 1 MB header returns false without importing a key or computing an HMAC', async () => {
    const valid = reference('k1', body, T);
    const junk = `t=${T},v1=${WRONG}`;
    let header = '';
    while (header.length < 1_000_000) header += `${junk} `;
    header += valid;
    // Spies that call through: they only count calls into Web Crypto.
    const subtle = globalThis.crypto.subtle;
    const calls = [vi.spyOn(subtle, 'importKey'), vi.spyOn(subtle, 'sign'), vi.spyOn(subtle, 'verify')];
    expect(await verifySignature({ header, body, secrets: ['a', 'b', 'c', 'd', 'k1'], now })).toBe(false);
    for (const spy of calls) expect(spy).not.toHaveBeenCalled();
    // The same valid set alone is accepted, through the spied functions.
    expect(await verifySignature({ header: valid, body, secret: 'k1', now })).toBe(true);
    expect(calls.some((spy) => spy.mock.calls.length > 0)).toBe(true);
  });

  it('a header one character over 8192 is refused, one at the limit is read', async () => {
    const valid = reference('k1', body, T);
    // An unknown item pads the set; unknown items are ignored.
    const padded = (length: number): string => `${valid},x=${'p'.repeat(length - valid.length - 3)}`;
    expect(padded(MAX_SIGNATURE_HEADER_LENGTH)).toHaveLength(MAX_SIGNATURE_HEADER_LENGTH);
    expect(await verifySignature({ header: padded(MAX_SIGNATURE_HEADER_LENGTH), body, secret: 'k1', now })).toBe(true);
    expect(await verifySignature({ header: padded(MAX_SIGNATURE_HEADER_LENGTH + 1), body, secret: 'k1', now })).toBe(
      false,
    );
  });

  it('more than 8 signature sets are refused even when one matches', async () => {
    const valid = reference('k1', body, T);
    const junk = `t=${T},v1=${WRONG}`;
    const header = (junkSets: number): string => [...Array.from({ length: junkSets }, () => junk), valid].join(' ');
    expect(await verifySignature({ header: header(MAX_SIGNATURE_SETS - 1), body, secret: 'k1', now })).toBe(true);
    expect(await verifySignature({ header: header(MAX_SIGNATURE_SETS), body, secret: 'k1', now })).toBe(false);
    // Malformed sets count too: they are what an attacker would pad with.
    expect(
      await verifySignature({ header: `${'x '.repeat(MAX_SIGNATURE_SETS)}${valid}`, body, secret: 'k1', now }),
    ).toBe(false);
  });

  it('more than 8 v1 values in one set are refused even when one matches', async () => {
    const v1 = hmacHex('k1', body, T);
    const header = (wrong: number): string => `t=${T},${`v1=${WRONG},`.repeat(wrong)}v1=${v1}`;
    expect(await verifySignature({ header: header(MAX_SIGNATURES_PER_SET - 1), body, secret: 'k1', now })).toBe(true);
    expect(await verifySignature({ header: header(MAX_SIGNATURES_PER_SET), body, secret: 'k1', now })).toBe(false);
    // Malformed v1 values count too.
    const malformed = `t=${T},${'v1=zz,'.repeat(MAX_SIGNATURES_PER_SET)}v1=${v1}`;
    expect(await verifySignature({ header: malformed, body, secret: 'k1', now })).toBe(false);
  });

  it('sets and v1 values are separated by spaces or tabs; leading and trailing whitespace is ignored', async () => {
    const valid = reference('k1', body, T);
    const junk = `t=${T},v1=${WRONG}`;
    expect(await verifySignature({ header: ` \t${junk}\t \t${valid}  `, body, secret: 'k1', now })).toBe(true);
  });
});

describe('verifySignature under options that throw, and tolerances that are no number of seconds', () => {
  type VerifyOptions = Parameters<typeof verifySignature>[0];
  const header = reference('k1', body, T);
  const trap = (): never => {
    throw new Error('trap');
  };
  /** A value whose every read throws. */
  const throwing = <T extends object>(target: T): T =>
    new Proxy(target, { get: trap, has: trap, ownKeys: trap, getPrototypeOf: trap });
  const revoked = (): object => {
    const { proxy, revoke } = Proxy.revocable([], {});
    revoke();
    return proxy;
  };

  it.each([
    ['the options a proxy whose reads throw', () => throwing({ header, body, secret: 'k1', now })],
    ['secrets a proxy whose reads throw', () => ({ header, body, secrets: throwing(['k1']), now })],
    ['secrets a revoked proxy', () => ({ header, body, secrets: revoked(), now })],
    [
      'a secret behind a getter that throws',
      () => Object.defineProperty({ header, body, now }, 'secret', { get: trap, enumerable: true }),
    ],
    [
      'a header behind a getter that throws',
      () => Object.defineProperty({ body, secret: 'k1', now }, 'header', { get: trap, enumerable: true }),
    ],
    ['a body that is a proxy whose reads throw', () => ({ header, body: throwing({}), secret: 'k1', now })],
    ['a clock that throws', () => ({ header, body, secret: 'k1', now: trap })],
  ])('%s: false, never a rejection', async (_label, make) => {
    await expect(verifySignature(make() as VerifyOptions)).resolves.toBe(false);
  });

  it.each([
    ['Infinity', Number.POSITIVE_INFINITY],
    ['-Infinity', Number.NEGATIVE_INFINITY],
    ['NaN', Number.NaN],
    ['-1', -1],
    ['text', '300'],
  ])('toleranceSeconds %s verifies nothing, not even a signature made now', async (_label, toleranceSeconds) => {
    for (const signed of [header, reference('k1', body, 0)]) {
      expect(
        await verifySignature({
          header: signed,
          body,
          secret: 'k1',
          now,
          toleranceSeconds: toleranceSeconds as number,
        }),
      ).toBe(false);
    }
  });

  it("a finite tolerance is the host's choice: 0 takes the exact second, a large one an old signature", async () => {
    expect(await verifySignature({ header, body, secret: 'k1', now, toleranceSeconds: 0 })).toBe(true);
    expect(
      await verifySignature({ header: reference('k1', body, 0), body, secret: 'k1', now, toleranceSeconds: T }),
    ).toBe(true);
    expect(
      await verifySignature({ header: reference('k1', body, 0), body, secret: 'k1', now, toleranceSeconds: T - 1 }),
    ).toBe(false);
  });
});
