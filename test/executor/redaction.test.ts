// Secret values never show in what a run reports, in any spelling they take on the wire
// or in a message: a property test places generated secrets (printable ASCII and
// characters beyond it) in a URL path, a query value, header values, a body string and
// a host name, runs the workflow against a real server on 127.0.0.1 that echoes every
// request back (URL, headers, body; as JSON, as text, in a status line and a redirect)
// and against host names that do not resolve, and looks for every spelling in the
// serialised result and events.

import type { ServerResponse } from 'node:http';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JsonObject } from '../../src/definition';
import {
  runStep,
  runWorkflow,
  STEP_ERROR_TYPES,
  type RunEvent,
  type RunOptions,
  type RunResult,
} from '../../src/executor';
import { RunSecrets } from '../../src/executor/secrets';
import { httpsStep, LOOPBACK, only, workflow } from './helpers';
import { startServer, type RecordedRequest, type TestServer } from './servers';

/** Answers the way the request's path asks, always echoing what it received. */
function echo(request: RecordedRequest, response: ServerResponse): void {
  const received = {
    method: request.method,
    url: request.url,
    headers: request.headers,
    body: request.body.toString('utf8'),
  };
  if (request.url.startsWith('/text')) {
    response.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' });
    response.end(`${request.method} ${request.url}\n${request.rawHeaders.join('\n')}\n\n${received.body}`);
  } else if (request.url.startsWith('/status')) {
    // The status line carries the (percent-encoded) URL: it comes back in the step's error.
    response.writeHead(500, request.url, { 'content-length': 0 });
    response.end();
  } else if (request.url.startsWith('/redirect')) {
    response.writeHead(302, { location: `https://elsewhere.example${request.url}`, 'content-length': 0 });
    response.end();
  } else {
    const text = JSON.stringify(received);
    response.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
    response.end(text);
  }
}

let server: TestServer;
beforeAll(async () => {
  server = await startServer(echo);
});
afterAll(() => server.close());

/** A resolver that knows no name, answering as the system resolver does. */
const unresolvable: NonNullable<NonNullable<RunOptions['network']>['lookup']> = async (hostname) => {
  throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND', hostname });
};

function call(id: string, config: JsonObject): JsonObject {
  return {
    id,
    type: 'action',
    action: 'https_request',
    name: id,
    config: { method: 'GET', continueOnError: true, ...config },
  };
}

/** Every place a secret can go in a request, each step failing or not on its own. */
function placements(origin: string): JsonObject[] {
  const secret = '{{ secrets.s }}';
  return [
    call('json_path', { url: `${origin}/json/p/${secret}/x?k=${secret}` }),
    call('json_query', {
      url: `${origin}/json/q`,
      query: [
        { key: 'token', value: secret },
        { key: secret, value: 'v' },
      ],
    }),
    call('text_echo', {
      url: `${origin}/text/${secret}?k=${secret}`,
      query: [{ key: 'token', value: `a ${secret} b` }],
    }),
    call('header', {
      url: `${origin}/json/h`,
      headers: [
        { key: 'X-Secret', value: secret },
        { key: 'Authorization', value: `Bearer ${secret}` },
      ],
    }),
    call('body', {
      url: `${origin}/json/b`,
      method: 'POST',
      body: { s: secret, t: `pre ${secret} post`, list: [secret] },
    }),
    call('text_body', { url: `${origin}/text/b`, method: 'PUT', body: { s: secret } }),
    call('status_line', { url: `${origin}/status/${secret}?k=${secret}`, query: [{ key: 'q', value: secret }] }),
    call('redirect', { url: `${origin}/redirect/${secret}?k=${secret}` }),
    call('host', { url: `https://${secret}.invalid/x` }),
    call('host_part', { url: `https://api-${secret}.invalid/x?k=${secret}` }),
    call('host_sub', { url: `https://${secret}.api.invalid:8443/x` }),
    call('signed', {
      url: `${origin}/json/s`,
      method: 'POST',
      body: { s: secret },
      signing: { secret: '{{ secrets.s }}' },
    }),
  ];
}

const withHex = (text: string): string[] => [text, text.replace(/%[0-9A-F]{2}/g, (escape) => escape.toLowerCase())];
const tryOr = (make: () => string): string[] => {
  try {
    return [make()];
  } catch {
    return [];
  }
};

/**
 * Every spelling of `secret` the report is searched for, worked out here independently
 * of the executor: as is and JSON-escaped (the report is JSON text, so a raw value in it
 * shows JSON-escaped), percent-encoded by encodeURIComponent and by the URL parser in a
 * path and a query (with uppercase and lowercase hex), form-encoded, lowercased, and as a
 * host name.
 */
function spellingsToFind(secret: string): string[] {
  const encoded = encodeURIComponent(secret);
  const spellings = [
    secret,
    JSON.stringify(secret).slice(1, -1),
    secret.toLowerCase(),
    ...withHex(encoded),
    ...withHex(new URL(`http://h.invalid/?${encoded}`).search.slice(1)),
    ...withHex(new URL(`http://h.invalid/${encoded}`).pathname.slice(1)),
    ...withHex(new URLSearchParams([['k', secret]]).toString().slice(2)),
    ...tryOr(() => new URL(`http://${encoded}.invalid/`).hostname.slice(0, -'.invalid'.length)),
  ];
  return [...new Set(spellings.flatMap((spelling) => [spelling, JSON.stringify(spelling).slice(1, -1)]))].filter(
    (s) => s !== '',
  );
}

/** The spellings of `secret` found in `report` (after taking out the redaction marks). */
function leaks(report: string, secret: string): string[] {
  const cleaned = report.replaceAll('[redacted]', '\u0001');
  return spellingsToFind(secret).filter((spelling) => cleaned.includes(spelling));
}

const beyondAscii = ['é', 'ß', 'ü', 'İ', 'Ω', '€', '中', '😀', '\u00a0', 'ﬁ', 'Ａ', 'ǅ'];
const secretCharacter = fc.oneof(
  { weight: 6, arbitrary: fc.integer({ min: 0x20, max: 0x7e }).map((code) => String.fromCharCode(code)) },
  { weight: 1, arbitrary: fc.constantFrom(...beyondAscii) },
);
/**
 * A secret: a fixed start (so it cannot occur by chance in a port number or a
 * timestamp) and up to 20 characters from the whole printable range.
 */
const secretArbitrary = fc
  .array(secretCharacter, { minLength: 1, maxLength: 20 })
  .map((characters) => `Sk9${characters.join('')}`);

/** Text that is no secret, sent in a body and echoed back: it must come back as it was sent. */
const MARKER = 'Plain marker text, no secret in it';

/** Field names of the executor's own structures, by what holds them. */
const STEP_FIELDS = ['status', 'attempts', 'output', 'error'];
const ERROR_FIELDS = ['type', 'message', 'status', 'attempts'];
const EVENT_FIELDS: Record<RunEvent['type'], string[]> = {
  step_started: ['type', 'runId', 'stepId', 'action', 'at'],
  attempt_started: ['type', 'runId', 'stepId', 'attempt', 'method', 'url', 'headers', 'at'],
  attempt_failed: ['type', 'runId', 'stepId', 'attempt', 'reason', 'nextDelaySeconds', 'at'],
  step_finished: [
    'type',
    'runId',
    'stepId',
    'status',
    'attempts',
    'output',
    'error',
    'branchId',
    'startedAt',
    'durationMs',
    'at',
  ],
  run_finished: ['type', 'runId', 'status', 'cancelled', 'at'],
};
const subsetOf = (keys: string[], allowed: string[]): string[] => keys.filter((key) => !allowed.includes(key));

/**
 * That redaction left the report's own vocabulary alone: every field name of the result
 * and the events, every status and error type, and the marker text the body echo
 * carried back.
 */
function expectIntact(result: RunResult, events: RunEvent[]): void {
  const errorTypes: readonly string[] = STEP_ERROR_TYPES;
  for (const step of Object.values(result.steps)) {
    expect(subsetOf(Object.keys(step), STEP_FIELDS)).toEqual([]);
    expect(['succeeded', 'failed', 'skipped']).toContain(step.status);
    if (step.error) {
      expect(subsetOf(Object.keys(step.error), ERROR_FIELDS)).toEqual([]);
      expect(errorTypes).toContain(step.error.type);
    }
  }
  for (const event of events) {
    expect(Object.keys(EVENT_FIELDS)).toContain(event.type);
    expect(subsetOf(Object.keys(event), EVENT_FIELDS[event.type])).toEqual([]);
    if (event.type === 'attempt_failed') expect(errorTypes).toContain(event.reason.type);
    if (event.type === 'step_finished' && event.error) expect(errorTypes).toContain(event.error.type);
  }
  expect(JSON.stringify(result.steps.marker?.output)).toContain(MARKER);
}

async function report(
  secret: string,
  via: 'resolver' | 'record',
): Promise<{ text: string; requests: number; result: RunResult; events: RunEvent[] }> {
  const events: RunEvent[] = [];
  const before = server.requests.length;
  const steps = [
    ...placements(server.origin),
    call('marker', { url: `${server.origin}/json/m`, method: 'POST', body: { note: MARKER } }),
  ];
  const result = await runWorkflow(workflow(steps), {
    runId: 'redaction-run',
    now: () => 1_767_268_800_000,
    network: { ...LOOPBACK, lookup: unresolvable },
    secrets: via === 'record' ? { s: secret } : async (name) => (name === 's' ? secret : undefined),
    onEvent: (event) => events.push(event),
  });
  expect(result.problems).toBeUndefined();
  return { text: JSON.stringify({ result, events }), requests: server.requests.length - before, result, events };
}

/**
 * A secret shaped like a URL or a piece of one: a scheme in front, and an `@`, `/` or
 * `:` inside, so the URL parser would put only part of it in a host or a path.
 */
const urlShapedSecretArbitrary = fc
  .tuple(
    fc.constantFrom('', 'http://', 'https://', 'HTTP://'),
    fc.array(secretCharacter, { maxLength: 8 }),
    fc.constantFrom('@', '/', ':', ':8080/', '@e', '@http', '/a', '@h.example/p?q=1'),
    fc.array(secretCharacter, { maxLength: 8 }),
  )
  .map(([scheme, before, separator, after]) => `${scheme}Sk9${before.join('')}${separator}${after.join('')}`);

describe('secret redaction', () => {
  it('finds no spelling of a generated secret in the result or the events, wherever it was placed', async () => {
    await fc.assert(
      fc.asyncProperty(
        secretArbitrary,
        fc.constantFrom('resolver' as const, 'record' as const),
        async (secret, via) => {
          const { text, requests, result, events } = await report(secret, via);
          // The secret did reach the server (at least the body and query steps always send).
          expect(requests).toBeGreaterThan(0);
          expect(leaks(text, secret)).toEqual([]);
          expectIntact(result, events);
        },
      ),
      { numRuns: 160 },
    );
  });

  it('redacts no piece of a URL-shaped secret: field names, error types and other text stay as they were', async () => {
    await fc.assert(
      fc.asyncProperty(urlShapedSecretArbitrary, async (secret) => {
        const { text, result, events } = await report(secret, 'record');
        expect(leaks(text, secret)).toEqual([]);
        expectIntact(result, events);
      }),
      { numRuns: 80 },
    );
  });

  it.each([
    ["a ' in a query value (percent-encoded as %27 by the URL parser)", "s3cr3t'Pa55w0rd"],
    ['characters the query and the path encode differently', 'K\'(*)!~ <"x">`{|}`'],
    ['a mixed-case value in a host name (lowercased by the URL parser)', 'MixedCaseSecretHost'],
    ['a value beyond ASCII in a host name (punycode)', 'Bücher'],
    ['a space (+ when form-encoded)', 'two words here'],
  ])('finds none for %s', async (_label, secret) => {
    const { text } = await report(secret, 'resolver');
    expect(leaks(text, secret)).toEqual([]);
  });

  it('hides the error that quotes a host name made from a secret', async () => {
    const result = await runStep(httpsStep({ url: 'https://{{ secrets.host }}.invalid/', method: 'GET' }), {
      network: { ...LOOPBACK, lookup: unresolvable },
      secrets: { host: 'MixedCaseSecretHost' },
    });
    const step = only(result);
    expect(step.error?.type).toBe('network');
    expect(step.error!.message).toContain('ENOTFOUND');
    expect(step.error!.message.toLowerCase()).not.toContain('mixedcasesecrethost');
  });

  it('hides a secret that is the whole base URL, in the normalised form the parser writes', async () => {
    const events: RunEvent[] = [];
    const base = `${server.origin.replace('http:', 'HTTP:')}/Hooks/T0'K3N`;
    const result = await runStep(httpsStep({ url: '{{ secrets.hook }}/x', method: 'GET' }), {
      network: LOOPBACK,
      secrets: { hook: base },
      onEvent: (event) => events.push(event),
    });
    expect(only(result).status).toBe('succeeded');
    expect(leaks(JSON.stringify({ result, events }), base)).toEqual([]);
    expect(leaks(JSON.stringify({ result, events }), new URL(base).href)).toEqual([]);
    expect(events.find((event) => event.type === 'attempt_started')).toMatchObject({ url: '[redacted]/x' });
  });

  it.each([
    ['an @ (the host after it is a piece of the secret)', 'hunter2@e'],
    ['an @ before a scheme word', 'Zq9@http'],
    ['a URL (its scheme is a piece of it)', 'http://hooks.example/services/T00/B00/XXXX'],
    ['a / (the text before it would be a host)', 'st/uvw'],
  ])('leaves the report alone around a secret with %s', async (_label, secret) => {
    const events: RunEvent[] = [];
    const result = await runWorkflow(
      workflow([
        call('failing', {
          url: `${server.origin}/status/x`,
          headers: [{ key: 'Authorization', value: 'Basic {{ secrets.pw }}' }],
        }),
        call('marker', { url: `${server.origin}/json/m`, method: 'POST', body: { note: MARKER } }),
      ]),
      { network: LOOPBACK, secrets: { pw: secret }, onEvent: (event) => events.push(event) },
    );
    expect(result.steps.failing).toEqual({
      status: 'failed',
      attempts: 1,
      error: { type: 'http_status', message: 'The server answered 500 /status/x.', status: 500, attempts: 1 },
    });
    expectIntact(result, events);
    expect(events.find((event) => event.type === 'attempt_started')).toMatchObject({
      url: `${server.origin}/status/x`,
      headers: { Authorization: '[redacted]' },
    });
  });

  it('redacts a text once however often it is redacted, and never inside a mark', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1, maxLength: 4 }), fc.string({ maxLength: 40 }), (secret, text) => {
        const secrets = new RunSecrets({ s: secret });
        // A record source loads at once: the promise is already settled when `load` returns.
        void secrets.load(['s']);
        const once = secrets.redact(`${text} [redacted] ${secret} ${text}`);
        expect(secrets.redact(once)).toBe(once);
        expect(once).toContain('[redacted]');
      }),
      { numRuns: 500 },
    );
    const secrets = new RunSecrets({ s: 'e' });
    void secrets.load(['s']);
    expect(secrets.redact(secrets.redact('The server answered'))).toBe(
      'Th[redacted] s[redacted]rv[redacted]r answ[redacted]r[redacted]d',
    );
  });

  it('leaves the field names of the result and events alone even when a secret equals one of them', async () => {
    const events: RunEvent[] = [];
    const result = await runWorkflow(
      workflow([
        call('failing', {
          url: `${server.origin}/status/x`,
          headers: [
            { key: 'X-A', value: '{{ secrets.a }}' },
            { key: 'X-B', value: '{{ secrets.b }}' },
          ],
        }),
        call('marker', { url: `${server.origin}/json/m`, method: 'POST', body: { note: MARKER, status: 1 } }),
      ]),
      { network: LOOPBACK, secrets: { a: 'status', b: 'http_status' }, onEvent: (event) => events.push(event) },
    );
    expect(result.steps.failing).toMatchObject({ status: 'failed', error: { type: 'http_status', status: 500 } });
    expectIntact(result, events);
    // An output's own fields stay; data from outside is still redacted, keys included.
    expect(Object.keys(result.steps.marker?.output as JsonObject)).toEqual(['status', 'headers', 'body']);
    const echoed = (result.steps.marker?.output as { body: { body: string } }).body.body;
    expect(echoed).toBe('{"note":"Plain marker text, no secret in it","[redacted]":1}');
  });

  it('hides the request target of a secret that is a whole webhook URL, as the server echoes it', async () => {
    const hook = `${server.origin}/json/services/T0001/B0002/XXXXs3cretTokenXXXX`;
    const result = await runStep(httpsStep({ url: '{{ secrets.hook }}', method: 'POST', body: { text: 'hi' } }), {
      network: LOOPBACK,
      secrets: { hook },
    });
    const step = only(result);
    expect(step.status).toBe('succeeded');
    expect(JSON.stringify(result)).not.toContain('s3cretToken');
    expect(JSON.stringify(result)).not.toContain('/services/T0001');
  });

  it('hides the short token path of a webhook URL whose host is long, as the server echoes it', async () => {
    // The host is most of the value; the server sees only the request target.
    const host = 'outlook-webhooks.eastus2.internal-integration-service.example.com';
    const port = new URL(server.origin).port;
    const toLoopback: NonNullable<NonNullable<RunOptions['network']>['lookup']> = async () => [
      { address: '127.0.0.1', family: 4 },
    ];
    const result = await runStep(httpsStep({ url: '{{ secrets.hook }}', method: 'GET' }), {
      network: { ...LOOPBACK, lookup: toLoopback },
      secrets: { hook: `http://${host}:${port}/json/T0k3n99Z?k=Q9xZ` },
    });
    expect(only(result).status).toBe('succeeded');
    expect(JSON.stringify(result)).not.toContain('T0k3n99Z');
  });

  it.each([
    ['dot segments', '/json/a/../s3cretPathXYZ'],
    ['a backslash', '/json\\s3cretBackslash'],
    ['a tab', '/json/s3cr\tetTabbedPath'],
  ])('hides a secret base URL that the parser rewrites (%s) in the form the server sees', async (_label, path) => {
    const base = `${server.origin}${path}`;
    const result = await runStep(httpsStep({ url: '{{ secrets.u }}/tail', method: 'GET' }), {
      network: LOOPBACK,
      secrets: { u: base },
    });
    expect(only(result).status).toBe('succeeded');
    const text = JSON.stringify(result);
    expect(text).not.toMatch(/s3cr(et)?/);
    expect(text).not.toContain('etTabbedPath');
  });

  it('hides a header secret with whitespace around it, which is sent trimmed', async () => {
    const result = await runStep(
      httpsStep({
        url: `${server.origin}/json/h`,
        method: 'GET',
        headers: [{ key: 'X-Key', value: '{{ secrets.k }}' }],
      }),
      {
        network: LOOPBACK,
        secrets: { k: '  Tr1mmedS3cret\t' },
      },
    );
    expect(only(result).status).toBe('succeeded');
    expect(JSON.stringify(result)).not.toContain('Tr1mmedS3cret');
  });

  it('hides both of two overlapping secrets, wherever one ends inside the other', async () => {
    const result = await runStep(
      httpsStep({
        url: `${server.origin}/json/o`,
        method: 'POST',
        body: { x: 'XYZ-{{ secrets.b }}', y: '{{ secrets.a }}' },
      }),
      { network: LOOPBACK, secrets: { a: 'XYZ-k3y', b: 'k3y-0verlapSecretTail' } },
    );
    expect(only(result).status).toBe('succeeded');
    const text = JSON.stringify(result);
    expect(text).not.toContain('0verlapSecretTail');
    expect(text).not.toContain('XYZ-k3y');
    expect(text).not.toContain('k3y-');
  });

  it('keeps the secrets of one run apart from another run whose values join to the same text', async () => {
    const secrets = { p: 'AlphaS3cret', q: 'BravoS3cret', r: 'AlphaS3cret\u0000BravoS3cret' };
    const handlers = { echo: ({ config }: { config: JsonObject }) => config };
    const echoStep = (config: JsonObject): JsonObject[] => [
      { id: 's', type: 'action', action: 'echo', name: 'S', config },
    ];
    const first = await runWorkflow(workflow(echoStep({ v: '{{ secrets.r }}' })), { secrets, handlers });
    expect(first.steps.s?.output).toEqual({ v: '[redacted]' });
    const second = await runWorkflow(workflow(echoStep({ a: '{{ secrets.p }}', b: '{{ secrets.q }}' })), {
      secrets,
      handlers,
    });
    expect(second.steps.s?.output).toEqual({ a: '[redacted]', b: '[redacted]' });
  });

  it("hides a host built from an earlier step's output that holds a secret", async () => {
    const result = await runWorkflow(
      workflow([
        { id: 'a', type: 'action', action: 'echo', name: 'A', config: { h: '{{ secrets.k }}' } },
        call('s', { url: 'https://api-{{ steps.a.output.h }}.invalid/' }),
      ]),
      {
        secrets: { k: 'TenantSëcretName' },
        handlers: { echo: ({ config }) => config },
        network: { lookup: unresolvable },
      },
    );
    const error = result.steps.s?.error;
    expect(error?.type).toBe('network');
    expect(error!.message).toContain('ENOTFOUND');
    expect(error!.message.toLowerCase()).not.toContain('tenants');
    expect(error!.message).toContain('[redacted]');
  });

  it('leaves a host built from references that hold no secret as it is', async () => {
    const result = await runWorkflow(
      workflow([
        { id: 'a', type: 'action', action: 'echo', name: 'A', config: { h: 'PublicTenant', k: '{{ secrets.k }}' } },
        call('s', { url: 'https://api-{{ steps.a.output.h }}.invalid/' }),
      ]),
      {
        secrets: { k: 'TenantSecretValue' },
        handlers: { echo: ({ config }) => config },
        network: { lookup: unresolvable },
      },
    );
    expect(result.steps.s?.error?.message).toContain('api-publictenant.invalid');
  });
});
