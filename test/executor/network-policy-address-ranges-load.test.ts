// The address tables (the IANA registries' rows, with the code that reads them) load the
// first time a URL's host is an IP address. Their module is replaced here by one that
// fails to load, as a chunk that never arrives in a page would, or that loads only when
// the test lets it. The Node platform is replaced by the browser build's, as that build
// does: requests go out on the global fetch and only the URL's literal host is checked,
// so nothing else stands between a URL and the servers these tests start on 127.0.0.1.
// Host names must never ask for the tables; an IP address is refused, saying why, with
// nothing sent; a run's cancel or time limit ends a step still waiting for them.

import { afterEach, describe, expect, it, vi } from 'vitest';
import { httpsStep, moduleThatFails, only, serverPerTest } from './helpers';
import { json } from './servers';

const TABLES = '../../src/executor/address-ranges';
const NODE_PLATFORM = '../../src/executor/node/platform';
const serve = serverPerTest();

/** The executor in a fresh module graph (nothing loaded yet, the tables included), on the browser build's platform. */
async function browserExecutor() {
  vi.resetModules();
  vi.doMock(NODE_PLATFORM, () => import('../../src/executor/browser-platform'));
  return import('../../src/executor');
}

/** Counts the attempts to load the tables; each one fails. */
const tablesThatFail = () => moduleThatFails(TABLES);

afterEach(() => {
  vi.doUnmock(TABLES);
  vi.doUnmock(NODE_PLATFORM);
});

const NOT_CHECKED =
  /^The URL's destination (.+) is an IP address that cannot be checked: the code that checks addresses could not be loaded \(.+\), so it is not reached\.$/;

describe('URLs while the address tables cannot load', () => {
  it.each([
    ['127.0.0.1', (port: number) => `http://127.0.0.1:${port}/x`],
    ['2130706433 (decimal)', (port: number) => `http://2130706433:${port}/x`],
    ['127.1 (short)', (port: number) => `http://127.1:${port}/x`],
    ['[::ffff:127.0.0.1] (mapped)', (port: number) => `http://[::ffff:127.0.0.1]:${port}/x`],
  ])('refuses %s as blocked_destination, saying why, and sends nothing', async (_name, url) => {
    const tables = tablesThatFail();
    const { runStep } = await browserExecutor();
    const server = await serve((_request, response) => json(response, 200, { ok: true }));
    const result = await runStep(httpsStep({ url: url(server.port), method: 'GET' }), { network: { allowHttp: true } });
    const step = only(result);
    expect(step).toMatchObject({ status: 'failed', attempts: 0, error: { type: 'blocked_destination', attempts: 0 } });
    expect(step.error?.message).toMatch(NOT_CHECKED);
    expect(server.connections()).toBe(0);
    expect(tables.loads()).toBeGreaterThan(0);
  });

  it('checkDestination refuses an IP address, and isBlockedAddress rejects rather than guess', async () => {
    tablesThatFail();
    const { checkDestination, isBlockedAddress } = await browserExecutor();
    for (const url of ['https://10.0.0.1/', 'https://[::1]/', 'https://8.8.8.8/']) {
      const verdict = await checkDestination(new URL(url), {});
      expect(verdict.allowed, url).toBe(false);
      expect(!verdict.allowed && verdict.message, url).toMatch(NOT_CHECKED);
    }
    await expect(isBlockedAddress('10.0.0.1')).rejects.toThrow();
  });

  it('checks host names without asking for them', async () => {
    const tables = tablesThatFail();
    const { checkDestination, isBlockedAddress, runStep } = await browserExecutor();
    expect(await checkDestination(new URL('https://api.example.com/x'), {})).toEqual({ allowed: true });
    expect(await checkDestination(new URL('https://metadata.google.internal/'), {})).toEqual({
      allowed: false,
      message:
        'The destination metadata.google.internal is a loopback, private, link-local or metadata address, which workflows may not reach.',
    });
    expect(await isBlockedAddress('api.example.com')).toBe(false);
    // A run to a name: the host's fetch sends it to the server here, as its DNS would.
    const server = await serve((_request, response) => json(response, 200, { ok: true }));
    const result = await runStep(httpsStep({ url: 'http://api.example.test/x', method: 'GET' }), {
      network: { allowHttp: true },
      fetch: (input, init) =>
        globalThis.fetch(input.replace('//api.example.test/', `//127.0.0.1:${server.port}/`), init),
    });
    expect(only(result)).toMatchObject({ status: 'succeeded', attempts: 1 });
    expect(server.requests).toHaveLength(1);
    expect(tables.loads()).toBe(0);
  });

  it('a failed load is not kept: where the platform loads the module on a later try, the address is decided', async () => {
    tablesThatFail();
    const { checkDestination } = await browserExecutor();
    expect(await checkDestination(new URL('https://10.0.0.1/'), {})).toMatchObject({ allowed: false });
    vi.doUnmock(TABLES);
    expect(await checkDestination(new URL('https://8.8.8.8/'), {})).toEqual({ allowed: true });
    const verdict = await checkDestination(new URL('https://10.0.0.1/'), {});
    expect(!verdict.allowed && verdict.message).toContain('10.0.0.0/8 (Private-Use, RFC 1918)');
  });
});

describe('a step waiting for the address tables', () => {
  it.each([
    [
      'cancel',
      { type: 'cancelled', message: 'The run was cancelled.' },
      () => {
        const controller = new AbortController();
        setTimeout(() => controller.abort(), 200);
        return controller.signal;
      },
    ],
    ['time limit', { type: 'timeout', message: 'The run went past its time limit.' }, () => AbortSignal.timeout(200)],
  ] as const)("is ended by its run's %s at once, with nothing sent", async (_name, error, signal) => {
    // The tables never arrive in this case. A load released after it could still finish
    // while the next case runs and answer that case's check at once (it did once, on a
    // loaded CI machine, in the module graph the next case had just made fresh).
    vi.doMock(TABLES, () => new Promise<never>(() => undefined));
    const { runStep } = await browserExecutor();
    const server = await serve((_request, response) => json(response, 200, { ok: true }));
    // Open to private addresses by name only: once the tables load, 127.0.0.1 is refused.
    const result = await runStep(httpsStep({ url: `${server.origin}/x`, method: 'GET' }), {
      network: { allowHttp: true, allowedHosts: ['localhost'] },
      signal: signal(),
    });
    expect(only(result).error).toEqual({ ...error, attempts: 0 });
    expect(server.connections()).toBe(0);
  });
});
