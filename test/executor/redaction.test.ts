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
import { runStep, runWorkflow, type RunEvent, type RunOptions } from '../../src/executor';
import { httpsStep, LOOPBACK, only, workflow } from './helpers';
import { startServer, type RecordedRequest, type TestServer } from './servers';

/** Answers the way the request's path asks, always echoing what it received. */
function echo(request: RecordedRequest, response: ServerResponse): void {
  const received = { method: request.method, url: request.url, headers: request.headers, body: request.body.toString('utf8') };
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
  return { id, type: 'action', action: 'https_request', name: id, config: { method: 'GET', continueOnError: true, ...config } };
}

/** Every place a secret can go in a request, each step failing or not on its own. */
function placements(origin: string): JsonObject[] {
  const secret = '{{ secrets.s }}';
  return [
    call('json_path', { url: `${origin}/json/p/${secret}/x?k=${secret}` }),
    call('json_query', { url: `${origin}/json/q`, query: [{ key: 'token', value: secret }, { key: secret, value: 'v' }] }),
    call('text_echo', { url: `${origin}/text/${secret}?k=${secret}`, query: [{ key: 'token', value: `a ${secret} b` }] }),
    call('header', { url: `${origin}/json/h`, headers: [{ key: 'X-Secret', value: secret }, { key: 'Authorization', value: `Bearer ${secret}` }] }),
    call('body', { url: `${origin}/json/b`, method: 'POST', body: { s: secret, t: `pre ${secret} post`, list: [secret] } }),
    call('text_body', { url: `${origin}/text/b`, method: 'PUT', body: { s: secret } }),
    call('status_line', { url: `${origin}/status/${secret}?k=${secret}`, query: [{ key: 'q', value: secret }] }),
    call('redirect', { url: `${origin}/redirect/${secret}?k=${secret}` }),
    call('host', { url: `https://${secret}.invalid/x` }),
    call('host_part', { url: `https://api-${secret}.invalid/x?k=${secret}` }),
    call('host_sub', { url: `https://${secret}.api.invalid:8443/x` }),
    call('signed', { url: `${origin}/json/s`, method: 'POST', body: { s: secret }, signing: { secret: '{{ secrets.s }}' } }),
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
  return [...new Set(spellings.flatMap((spelling) => [spelling, JSON.stringify(spelling).slice(1, -1)]))].filter((s) => s !== '');
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

async function report(secret: string, via: 'resolver' | 'record'): Promise<{ text: string; requests: number }> {
  const events: RunEvent[] = [];
  const before = server.requests.length;
  const result = await runWorkflow(workflow(placements(server.origin)), {
    runId: 'redaction-run',
    now: () => 1_767_268_800_000,
    network: { ...LOOPBACK, lookup: unresolvable },
    secrets: via === 'record' ? { s: secret } : async (name) => (name === 's' ? secret : undefined),
    onEvent: (event) => events.push(event),
  });
  expect(result.problems).toBeUndefined();
  return { text: JSON.stringify({ result, events }), requests: server.requests.length - before };
}

describe('secret redaction', () => {
  it('finds no spelling of a generated secret in the result or the events, wherever it was placed', async () => {
    await fc.assert(
      fc.asyncProperty(secretArbitrary, fc.constantFrom('resolver' as const, 'record' as const), async (secret, via) => {
        const { text, requests } = await report(secret, via);
        // The secret did reach the server (at least the body and query steps always send).
        expect(requests).toBeGreaterThan(0);
        expect(leaks(text, secret)).toEqual([]);
      }),
      { numRuns: 160 },
    );
  });

  it.each([
    ["a ' in a query value (percent-encoded as %27 by the URL parser)", "s3cr3t'Pa55w0rd"],
    ['characters the query and the path encode differently', "K'(*)!~ <\"x\">`{|}`"],
    ['a mixed-case value in a host name (lowercased by the URL parser)', 'MixedCaseSecretHost'],
    ['a value beyond ASCII in a host name (punycode)', 'Bücher'],
    ['a space (+ when form-encoded)', 'two words here'],
  ])('finds none for %s', async (_label, secret) => {
    const { text } = await report(secret, 'resolver');
    expect(leaks(text, secret)).toEqual([]);
  });

  it('hides the error that quotes a host name made from a secret', async () => {
    const result = await runStep(
      httpsStep({ url: 'https://{{ secrets.host }}.invalid/', method: 'GET' }),
      { network: { ...LOOPBACK, lookup: unresolvable }, secrets: { host: 'MixedCaseSecretHost' } },
    );
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
});
