// The network policy in real runs: refused destinations are never contacted (the
// servers count TCP connections), and the Node adapter checks every address a name
// resolves to, at connect time.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runStep, type LookupAddress, type NetworkPolicy, type RunEvent } from '../../src/executor';
import { NEVER_ABORTED } from '../../src/executor/http/transport';
import { createNodeTransport } from '../../src/executor/node/transport';
import { httpsStep, LOOPBACK, only } from './helpers';
import { json, startHttpsServer, startServer, testCertificate, type TestServer } from './servers';

let server: TestServer;
beforeAll(async () => {
  server = await startServer((_request, response) => json(response, 200, { ok: true }));
});
afterAll(() => server.close());

async function refused(url: string, network: NetworkPolicy = { allowHttp: true }) {
  const events: RunEvent[] = [];
  const before = server.connections();
  const result = await runStep(httpsStep({ url, method: 'POST', body: { a: 1 }, retryIntervals: [1] }), {
    network,
    onEvent: (event) => events.push(event),
    sleep: async () => undefined,
  });
  return { result, events, newConnections: server.connections() - before };
}

describe('the default policy', () => {
  it.each([
    ['localhost', (port: number) => `http://localhost:${port}/x`],
    ['127.0.0.1', (port: number) => `http://127.0.0.1:${port}/x`],
    ['[::1]', (port: number) => `http://[::1]:${port}/x`],
    ['2130706433 (decimal)', (port: number) => `http://2130706433:${port}/x`],
    ['0x7f000001 (hex)', (port: number) => `http://0x7f000001:${port}/x`],
    ['0177.0.0.1 (octal)', (port: number) => `http://0177.0.0.1:${port}/x`],
    ['127.1 (short)', (port: number) => `http://127.1:${port}/x`],
    ['[::ffff:127.0.0.1] (mapped)', (port: number) => `http://[::ffff:127.0.0.1]:${port}/x`],
    ['169.254.169.254 (metadata)', () => 'http://169.254.169.254/latest/meta-data/'],
    ['metadata.google.internal', () => 'http://metadata.google.internal/computeMetadata/v1/'],
    ['10.0.0.1', () => 'http://10.0.0.1/x'],
    ['192.168.1.1', () => 'http://192.168.1.1/x'],
    ['[::ffff:0:127.0.0.1] (IPv4-translated)', (port: number) => `http://[::ffff:0:127.0.0.1]:${port}/x`],
    ['[64:ff9b:1::7f00:1] (local-use NAT64)', (port: number) => `http://[64:ff9b:1::7f00:1]:${port}/x`],
    ['[64:ff9b::7f00:1] (NAT64 of loopback)', (port: number) => `http://[64:ff9b::7f00:1]:${port}/x`],
    ['[2002:7f00:1::1] (6to4 of loopback)', (port: number) => `http://[2002:7f00:1::1]:${port}/x`],
  ])('refuses %s with blocked_destination, sending nothing', async (_name, url) => {
    const { result, events, newConnections } = await refused(url(server.port));
    expect(result.status).toBe('failed');
    expect(only(result)).toMatchObject({
      status: 'failed',
      attempts: 0,
      error: { type: 'blocked_destination', attempts: 0 },
    });
    expect(events.some((event) => event.type === 'attempt_started')).toBe(false);
    expect(newConnections).toBe(0);
    expect(server.requests).toHaveLength(0);
  });

  it('refuses http:// URLs unless allowHttp is set', async () => {
    const result = await runStep(httpsStep({ url: `http://127.0.0.1:${server.port}/x`, method: 'GET' }), {
      network: { allowPrivateNetwork: true },
    });
    // The validator already holds the URL to https; nothing runs.
    expect(result.status).toBe('failed');
    expect(result.problems?.map((problem) => problem.code)).toEqual(['url_not_https']);
    const templated = await runStep(httpsStep({ url: '{{ trigger.url }}', method: 'GET' }), {
      trigger: { url: `http://127.0.0.1:${server.port}/x` },
      network: { allowPrivateNetwork: true },
    });
    expect(only(templated).error).toMatchObject({ type: 'blocked_destination', attempts: 0 });
    expect(server.connections()).toBe(0);
  });

  it('refuses a host name that resolves to loopback (checked on the resolved address)', async () => {
    const lookup = async (): Promise<LookupAddress[]> => [{ address: '127.0.0.1', family: 4 }];
    const { result, newConnections } = await refused(`http://api.example.test:${server.port}/x`, {
      allowHttp: true,
      lookup,
    });
    expect(only(result).error).toMatchObject({ type: 'blocked_destination', attempts: 1 });
    expect(only(result).error!.message).toContain('127.0.0.1');
    expect(newConnections).toBe(0);
  });

  it('refuses a name when any of its addresses is private, so the socket cannot pick that one', async () => {
    const lookup = async (): Promise<LookupAddress[]> => [
      { address: '93.184.216.34', family: 4 },
      { address: '10.0.0.7', family: 4 },
    ];
    const { result } = await refused('http://mixed.example.test/x', { allowHttp: true, lookup });
    expect(only(result).error).toMatchObject({ type: 'blocked_destination' });
  });

  it.each([
    ['::ffff:0:7f00:1', 6, '::ffff:0:0:0/96'],
    ['64:ff9b:1::7f00:1', 6, '64:ff9b:1::/48'],
    ['::ffff:127.0.0.1', 6, '127.0.0.0/8'],
    ['100:0:0:1::1', 6, '100:0:0:1::/64'],
    ['192.88.99.2', 4, '192.88.99.2/32'],
  ] as const)(
    'refuses a name that resolves to %s, checked by the Node adapter at connect time',
    async (address, family, range) => {
      const lookup = async (): Promise<LookupAddress[]> => [{ address, family }];
      const { result, newConnections } = await refused(`http://rebind.example.test:${server.port}/x`, {
        allowHttp: true,
        lookup,
      });
      expect(only(result).error).toMatchObject({ type: 'blocked_destination', attempts: 1 });
      expect(only(result).error!.message).toContain(address);
      expect(only(result).error!.message).toContain(range);
      expect(newConnections).toBe(0);
    },
  );

  it('resolves with real DNS in the Node adapter: localhost is refused by its address', async () => {
    // The transport alone, below the literal-host check runStep makes first.
    const send = createNodeTransport({});
    const failure = await send(
      { url: new URL(`http://localhost:${server.port}/x`), method: 'GET', headers: [], body: undefined },
      { timeoutMilliseconds: 5000, signal: NEVER_ABORTED, maxResponseBytes: 1024 },
    );
    expect(failure).toMatchObject({ type: 'blocked_destination' });
    expect((failure as { message: string }).message).toMatch(/resolves to (127\.0\.0\.1|::1)/);
    expect(server.requests).toHaveLength(0);
  });
});

describe('opening the policy deliberately', () => {
  it('allowPrivateNetwork (with allowHttp) reaches a loopback server', async () => {
    const result = await runStep(httpsStep({ url: `http://127.0.0.1:${server.port}/open`, method: 'GET' }), {
      network: LOOPBACK,
    });
    expect(result.status).toBe('succeeded');
  });

  it('allowedHosts lets a named host through, connecting to the address the lookup gave', async () => {
    const lookup = async (hostname: string): Promise<LookupAddress[]> => {
      expect(hostname).toBe('api.example.test');
      return [{ address: '127.0.0.1', family: 4 }];
    };
    const before = server.requests.length;
    const result = await runStep(httpsStep({ url: `http://api.example.test:${server.port}/named`, method: 'GET' }), {
      network: { allowHttp: true, allowedHosts: ['api.example.test'], lookup },
    });
    expect(result.status).toBe('succeeded');
    const request = server.requests[before]!;
    expect(request.url).toBe('/named');
    expect(request.headers.host).toBe(`api.example.test:${server.port}`);
  });

  it('allowedHosts does not open other private hosts', async () => {
    const { result } = await refused(`http://127.0.0.1:${server.port}/x`, {
      allowHttp: true,
      allowedHosts: ['localhost'],
    });
    expect(only(result).error).toMatchObject({ type: 'blocked_destination' });
  });
});

describe('an HTTPS server with a self-signed certificate', () => {
  let certificate: { key: string; cert: string };
  let secure: TestServer;
  beforeAll(async () => {
    certificate = await testCertificate();
    secure = await startHttpsServer(certificate, (request, response) =>
      json(response, 200, { received: JSON.parse(request.body.toString() || 'null') as unknown }),
    );
  });
  afterAll(() => secure.close());

  it('is reached over https:// when its certificate is trusted (network.ca) and the host allowed', async () => {
    const result = await runStep(
      httpsStep({ url: `${secure.origin}/secure`, method: 'POST', body: { hello: 'tls' } }),
      { network: { allowedHosts: ['localhost'], ca: certificate.cert } },
    );
    expect(result.status).toBe('succeeded');
    expect(only(result).output).toMatchObject({ status: 200, body: { received: { hello: 'tls' } } });
    expect(secure.requests.at(-1)!.headers['idempotency-key']).toBeDefined();
  });

  it('fails with network when the certificate is not trusted', async () => {
    const before = secure.requests.length;
    const result = await runStep(httpsStep({ url: `${secure.origin}/secure`, method: 'GET' }), {
      network: { allowedHosts: ['localhost'] },
    });
    expect(only(result).error).toMatchObject({ type: 'network', attempts: 1 });
    expect(secure.requests.length).toBe(before);
  });

  it('is refused by the default policy without a connection', async () => {
    const before = secure.connections();
    const result = await runStep(httpsStep({ url: `${secure.origin}/secure`, method: 'GET' }), {
      network: { ca: certificate.cert },
    });
    expect(only(result).error).toMatchObject({ type: 'blocked_destination', attempts: 0 });
    expect(secure.connections()).toBe(before);
  });
});
