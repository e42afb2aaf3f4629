import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { signRequest, verifySignature } from '../../src/executor';

const NOW = Date.UTC(2026, 0, 1, 12, 0, 0);
const now = (): number => NOW;

/** The expected header, computed independently with node:crypto. */
function reference(secret: string, body: string, timestamp: number): string {
  return `t=${timestamp},v1=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

describe('signRequest', () => {
  it('produces t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">', async () => {
    const header = await signRequest({ body: '{"a":1}', secret: 'whsec_test', now });
    expect(header).toBe(reference('whsec_test', '{"a":1}', NOW / 1000));
  });

  it('signs the empty string when there is no body', async () => {
    expect(await signRequest({ secret: 's', now })).toBe(reference('s', '', NOW / 1000));
  });

  it('signs bytes as given, non-ASCII included', async () => {
    const body = '{"name":"Zoë ✓"}';
    const header = await signRequest({ body: new TextEncoder().encode(body), secret: 's', now });
    expect(header).toBe(reference('s', body, NOW / 1000));
  });
});

describe('verifySignature', () => {
  const body = '{"event":"inquiry.approved"}';

  it('accepts a header made by signRequest', async () => {
    const header = await signRequest({ body, secret: 'k1', now });
    expect(await verifySignature({ header, body, secret: 'k1', now })).toBe(true);
  });

  it('accepts a header made independently with node:crypto', async () => {
    expect(await verifySignature({ header: reference('k1', body, NOW / 1000), body, secret: 'k1', now })).toBe(true);
  });

  it('refuses another secret, another body, a changed signature', async () => {
    const header = await signRequest({ body, secret: 'k1', now });
    expect(await verifySignature({ header, body, secret: 'k2', now })).toBe(false);
    expect(await verifySignature({ header, body: `${body} `, secret: 'k1', now })).toBe(false);
    const flipped = header.slice(0, -1) + (header.endsWith('0') ? '1' : '0');
    expect(await verifySignature({ header: flipped, body, secret: 'k1', now })).toBe(false);
  });

  it('applies the timestamp tolerance both ways (default 300 s)', async () => {
    const header = await signRequest({ body, secret: 'k1', now });
    const at = (seconds: number) => () => NOW + seconds * 1000;
    expect(await verifySignature({ header, body, secret: 'k1', now: at(300) })).toBe(true);
    expect(await verifySignature({ header, body, secret: 'k1', now: at(301) })).toBe(false);
    expect(await verifySignature({ header, body, secret: 'k1', now: at(-301) })).toBe(false);
    expect(await verifySignature({ header, body, secret: 'k1', now: at(600), toleranceSeconds: 600 })).toBe(true);
  });

  it('accepts several space-separated sets when any one matches (key rotation)', async () => {
    const oldSet = await signRequest({ body, secret: 'old', now });
    const newSet = await signRequest({ body, secret: 'new', now });
    const header = `${oldSet} ${newSet}`;
    expect(await verifySignature({ header, body, secret: 'new', now })).toBe(true);
    expect(await verifySignature({ header, body, secret: 'old', now })).toBe(true);
    expect(await verifySignature({ header, body, secret: 'other', now })).toBe(false);
  });

  it('accepts any of several receiver secrets', async () => {
    const header = await signRequest({ body, secret: 'current', now });
    expect(await verifySignature({ header, body, secrets: ['previous', 'current'], now })).toBe(true);
    expect(await verifySignature({ header, body, secrets: ['previous'], now })).toBe(false);
  });

  it('returns false, never throws, for missing or malformed headers', async () => {
    for (const header of [
      undefined,
      null,
      '',
      'garbage',
      't=abc,v1=00',
      `t=${NOW / 1000}`,
      `t=${NOW / 1000},v1=zz`,
      'v1=' + 'a'.repeat(64),
    ]) {
      expect(await verifySignature({ header, body, secret: 'k1', now })).toBe(false);
    }
    expect(await verifySignature({ header: await signRequest({ body, secret: 'k1', now }), body, now })).toBe(false);
  });
});
