// The transports under the HTTPS step, through runStep against real servers on
// 127.0.0.1: content decoding, the decoded-size limit, joined response headers,
// default and refused request headers, URLs with credentials, cancellation, timeouts
// and connection reuse. What both transports must agree on runs through each of them:
// the Node transport (the default in Node) and the fetch transport (`options.fetch`,
// here Node's own global fetch), so the two paths are held to the same outcomes.

import type { ServerResponse } from 'node:http';
import { brotliCompressSync, deflateRawSync, deflateSync, gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { runStep, type RunEvent, type RunOptions, type StepResult } from '../../src/executor';
import { httpsStep, LOOPBACK, only, recordingOptions, serverPerTest } from './helpers';
import { json, type RecordedRequest, type Responder } from './servers';

const serve = serverPerTest();

/** The step's output as runStep records it (`JsonValue`), narrowed to what an HTTPS step returns. */
function outputOf(result: { steps: Record<string, StepResult> }): {
  status: number;
  headers: Record<string, string>;
  body: unknown;
} {
  const step = only(result);
  expect(step.status).toBe('succeeded');
  return step.output as { status: number; headers: Record<string, string>; body: unknown };
}

/** How often a header (any case) came on the wire: a default sent besides the config's would show twice. */
function timesSent(request: RecordedRequest, name: string): number {
  return request.rawHeaders.filter((value, index) => index % 2 === 0 && value.toLowerCase() === name).length;
}

const PAYLOAD = { greeting: 'héllo wörld', items: [1, 2, 3], nested: { ok: true } };
const PAYLOAD_BYTES = Buffer.from(JSON.stringify(PAYLOAD));

/** Answers 200 with `bytes` as they are, under the given Content-Encoding. */
function encoded(bytes: Buffer, coding: string, options: { contentType?: string; chunked?: boolean } = {}): Responder {
  return (_request, response) => {
    const headers: Record<string, string | number> = {
      'content-type': options.contentType ?? 'application/json',
      'content-encoding': coding,
    };
    if (options.chunked) {
      // No Content-Length: the body comes in two chunks and only its end tells the size.
      response.writeHead(200, headers);
      const half = Math.floor(bytes.length / 2);
      response.write(bytes.subarray(0, half));
      response.end(bytes.subarray(half));
    } else {
      response.writeHead(200, { ...headers, 'content-length': bytes.length });
      response.end(bytes);
    }
  };
}

/** Resolves when the exchange's connection is closed from the client's side (or the response ends). */
function closed(response: ServerResponse): Promise<void> {
  return new Promise((resolve) => response.on('close', () => resolve()));
}

/**
 * The two ways a run sends in Node. `fetch: globalThis.fetch` is Node's own undici
 * fetch, so both talk to the same real servers; only the client code in between differs.
 */
const TRANSPORTS: readonly { name: string; options: RunOptions; isNodeTransport: boolean }[] = [
  { name: 'Node transport', options: {}, isNodeTransport: true },
  { name: 'fetch transport', options: { fetch: globalThis.fetch }, isNodeTransport: false },
];

describe.each(TRANSPORTS)('$name', ({ options: transportOptions, isNodeTransport }) => {
  const options = (extra: RunOptions = {}): ReturnType<typeof recordingOptions> =>
    recordingOptions({ ...transportOptions, ...extra });

  it('is the transport this table means to test', async () => {
    // Guards the table itself: were `fetch` ignored, both rows would test the Node transport.
    const server = await serve((_request, response) => json(response, 200, {}));
    await runStep(httpsStep({ url: `${server.origin}/which`, method: 'GET' }), options());
    expect(server.requests[0]!.headers['user-agent'] === 'workflow-editor').toBe(isNodeTransport);
  });

  describe('content decoding', () => {
    it('takes a gzip body cut short after its data (no trailer), as fetch and curl do', async () => {
      const whole = gzipSync(PAYLOAD_BYTES);
      const server = await serve(encoded(whole.subarray(0, whole.length - 8), 'gzip'));
      const result = await runStep(httpsStep({ url: `${server.origin}/no-trailer`, method: 'GET' }), options());
      expect(outputOf(result).body).toEqual(PAYLOAD);
    });

    it('refuses more than five stacked codings as a network error', async () => {
      let bytes: Buffer = PAYLOAD_BYTES;
      for (let index = 0; index < 6; index++) bytes = gzipSync(bytes);
      const server = await serve(encoded(bytes, 'gzip, gzip, gzip, gzip, gzip, gzip'));
      const result = await runStep(httpsStep({ url: `${server.origin}/stacked`, method: 'GET' }), options());
      expect(only(result).error).toMatchObject({ type: 'network' });
    });

    it.each([
      ['gzip', 'gzip', gzipSync(PAYLOAD_BYTES)],
      ['x-gzip', 'x-gzip', gzipSync(PAYLOAD_BYTES)],
      ['zlib-wrapped deflate', 'deflate', deflateSync(PAYLOAD_BYTES)],
      // Raw deflate (no zlib header), which some servers send for `deflate`.
      ['raw deflate', 'deflate', deflateRawSync(PAYLOAD_BYTES)],
      ['br', 'br', brotliCompressSync(PAYLOAD_BYTES)],
      // Codings are listed in the order applied: gzip first, then br; so br is undone first.
      ['stacked "gzip, br"', 'gzip, br', brotliCompressSync(gzipSync(PAYLOAD_BYTES))],
      ['upper-case "GZip"', 'GZip', gzipSync(PAYLOAD_BYTES)],
    ])('decodes a %s body into the parsed JSON', async (_label, coding, bytes) => {
      expect(bytes.equals(PAYLOAD_BYTES)).toBe(false);
      const server = await serve(encoded(bytes, coding));
      const output = outputOf(await runStep(httpsStep({ url: `${server.origin}/encoded`, method: 'GET' }), options()));
      expect(output.body).toEqual(PAYLOAD);
      expect(output.headers['content-encoding']).toBe(coding);
    });

    it('decodes a chunked gzip body (no Content-Length)', async () => {
      const server = await serve(encoded(gzipSync(PAYLOAD_BYTES), 'gzip', { chunked: true }));
      const output = outputOf(await runStep(httpsStep({ url: `${server.origin}/encoded`, method: 'GET' }), options()));
      expect(output.body).toEqual(PAYLOAD);
    });

    it('leaves a body under an unknown coding as it came', async () => {
      const server = await serve(
        encoded(Buffer.from('plain text, not encoded'), 'zstd-unknown', { contentType: 'text/plain' }),
      );
      const output = outputOf(await runStep(httpsStep({ url: `${server.origin}/unknown`, method: 'GET' }), options()));
      expect(output.body).toBe('plain text, not encoded');
    });

    it('takes an empty body under a coding as empty (a 200 with Content-Length: 0)', async () => {
      const server = await serve(encoded(Buffer.alloc(0), 'gzip', { contentType: 'text/plain' }));
      const output = outputOf(await runStep(httpsStep({ url: `${server.origin}/empty`, method: 'GET' }), options()));
      expect(output).toMatchObject({ status: 200, body: '' });
    });

    it('takes a 204 that names a coding as empty', async () => {
      const server = await serve((_request, response) => {
        response.writeHead(204, { 'content-encoding': 'gzip' });
        response.end();
      });
      const output = outputOf(await runStep(httpsStep({ url: `${server.origin}/none`, method: 'DELETE' }), options()));
      expect(output).toMatchObject({ status: 204, body: '' });
    });

    it('fails with network on a corrupt gzip body', async () => {
      const server = await serve(encoded(Buffer.from('{"definitely": "not gzip"}'), 'gzip'));
      const result = await runStep(httpsStep({ url: `${server.origin}/corrupt`, method: 'GET' }), options());
      expect(only(result)).toMatchObject({ status: 'failed', error: { type: 'network', attempts: 1 } });
    });
  });

  describe('the response limit counts decoded bytes', () => {
    const large = Buffer.from(JSON.stringify({ data: 'x'.repeat(5000) }));
    const compressed = gzipSync(large);

    it.each([
      ['with a Content-Length', false],
      ['chunked', true],
    ])('fails with response_too_large when a small gzip body (%s) decodes past the limit', async (_label, chunked) => {
      // The point of the case: what arrives is under the limit, what it decodes to is not.
      expect(compressed.length).toBeLessThan(1000);
      expect(large.length).toBeGreaterThan(1000);
      const server = await serve(encoded(compressed, 'gzip', { chunked }));
      const result = await runStep(
        httpsStep({ url: `${server.origin}/bomb`, method: 'GET' }),
        options({ maxResponseBytes: 1000 }),
      );
      expect(only(result)).toMatchObject({
        status: 'failed',
        error: { type: 'response_too_large', status: 200, attempts: 1 },
      });
    });

    it('accepts a body that decodes to exactly the limit', async () => {
      const server = await serve(encoded(compressed, 'gzip'));
      const output = outputOf(
        await runStep(
          httpsStep({ url: `${server.origin}/exact`, method: 'GET' }),
          options({ maxResponseBytes: large.length }),
        ),
      );
      expect(output.body).toEqual({ data: 'x'.repeat(5000) });
    });
  });

  describe('response headers', () => {
    it('come back under lower-cased names, a repeated header joined with ", "', async () => {
      const server = await serve((_request, response) => {
        response.setHeader('X-Multi', ['one', 'two']);
        response.setHeader('Set-Cookie', ['a=1; Path=/', 'b=2; HttpOnly']);
        response.setHeader('X-Mixed-Case', 'single');
        json(response, 200, {});
      });
      const output = outputOf(await runStep(httpsStep({ url: `${server.origin}/headers`, method: 'GET' }), options()));
      expect(output.headers).toMatchObject({
        'x-multi': 'one, two',
        'set-cookie': 'a=1; Path=/, b=2; HttpOnly',
        'x-mixed-case': 'single',
      });
      expect(Object.keys(output.headers).filter((name) => name !== name.toLowerCase())).toEqual([]);
    });

    it("keep a header named __proto__ as an ordinary entry, the record's prototype untouched", async () => {
      const server = await serve((_request, response) => {
        response.setHeader('__proto__', 'polluted');
        json(response, 200, {});
      });
      const output = outputOf(await runStep(httpsStep({ url: `${server.origin}/proto`, method: 'GET' }), options()));
      expect(Object.getPrototypeOf(output.headers)).toBe(Object.prototype);
      expect(Object.getOwnPropertyDescriptor(output.headers, '__proto__')?.value).toBe('polluted');
    });
  });

  describe('request headers', () => {
    it('a config header replaces the default of that name, whatever its case, and is sent once', async () => {
      const server = await serve((_request, response) => json(response, 200, {}));
      await runStep(
        httpsStep({
          url: `${server.origin}/own`,
          method: 'GET',
          headers: [
            { key: 'User-Agent', value: 'my-agent/1.0' },
            { key: 'ACCEPT', value: 'application/json' },
            { key: 'accept-Encoding', value: 'identity' },
          ],
        }),
        options(),
      );
      const request = server.requests[0]!;
      expect(request.headers).toMatchObject({
        'user-agent': 'my-agent/1.0',
        accept: 'application/json',
        'accept-encoding': 'identity',
      });
      expect([
        timesSent(request, 'user-agent'),
        timesSent(request, 'accept'),
        timesSent(request, 'accept-encoding'),
      ]).toEqual([1, 1, 1]);
    });
  });

  describe('headers the HTTP client owns', () => {
    // Schema validation lets these through (each name is an HTTP token, each value plain
    // text). They say where the request goes and how it is framed, which is the client's
    // business: fetch drops or refuses them, undici refuses most and would take a Host
    // as the TLS name to verify. The step refuses them all before sending, not retried.
    it.each([
      ['Host', 'internal.example'],
      ['host', '127.0.0.1'],
      ['Content-Length', '1'],
      ['Transfer-Encoding', 'chunked'],
      ['Connection', 'upgrade'],
      ['Keep-Alive', 'timeout=5'],
      ['Upgrade', 'websocket'],
      ['Expect', '100-continue'],
      ['TE', 'trailers'],
    ])('fail the step with invalid_config naming %s (%s), sending nothing', async (name, value) => {
      const server = await serve((_request, response) => json(response, 200, {}));
      const result = await runStep(
        httpsStep({
          url: `${server.origin}/refused`,
          method: 'POST',
          body: {},
          headers: [{ key: name, value }],
          retryIntervals: [0],
        }),
        options(),
      );
      expect(only(result)).toMatchObject({
        status: 'failed',
        attempts: 0,
        error: { type: 'invalid_config', attempts: 0 },
      });
      expect(only(result).error!.message).toBe(
        `The header ${name} is managed by the HTTP client and cannot be set by a step.`,
      );
      expect(server.connections()).toBe(0);
    });

    it('fail the step as the signature header too', async () => {
      const server = await serve((_request, response) => json(response, 200, {}));
      const result = await runStep(
        httpsStep({
          url: `${server.origin}/refused`,
          method: 'GET',
          signing: { secret: '{{ secrets.key }}', header: 'Host' },
        }),
        options({ secrets: { key: 'k' } }),
      );
      expect(only(result).error).toMatchObject({ type: 'invalid_config', attempts: 0 });
      expect(only(result).error!.message).toBe(
        'The header Host is managed by the HTTP client and cannot be set by a step.',
      );
      expect(server.connections()).toBe(0);
    });
  });

  describe('URLs with credentials', () => {
    it.each([
      ['user name and password', 'user:s3cr3t-pass@'],
      ['user name only', 's3cr3t-pass@'],
    ])(
      'are refused with invalid_config (%s), nothing sent and nothing of them in the result',
      async (_label, userinfo) => {
        const server = await serve((_request, response) => json(response, 200, {}));
        const run = options();
        const result = await runStep(
          httpsStep({ url: `http://${userinfo}127.0.0.1:${server.port}/private`, method: 'GET', retryIntervals: [0] }),
          run,
        );
        expect(only(result)).toMatchObject({
          status: 'failed',
          attempts: 0,
          error: { type: 'invalid_config', attempts: 0 },
        });
        expect(server.connections()).toBe(0);
        expect(JSON.stringify(result)).not.toContain('s3cr3t-pass');
        expect(JSON.stringify(run.events)).not.toContain('s3cr3t-pass');
      },
    );
  });

  describe('redirects', () => {
    it('come back as http_status with the 3xx status, not followed', async () => {
      const server = await serve((request, response) => {
        if (request.url === '/from') {
          response.writeHead(307, { location: '/to', 'content-type': 'text/plain' });
          response.end('moved');
        } else json(response, 200, {});
      });
      const result = await runStep(
        httpsStep({ url: `${server.origin}/from`, method: 'GET', retryIntervals: [0] }),
        options(),
      );
      expect(only(result).error).toMatchObject({ type: 'http_status', status: 307, attempts: 1 });
      expect(server.requests.map((request) => request.url)).toEqual(['/from']);
    });

    it('are reported at once when their body never ends, not timed out and retried', async () => {
      const server = await serve((_request, response) => {
        response.writeHead(302, { location: '/elsewhere', 'content-type': 'text/plain' });
        response.write('moving'); // ...and never ends
      });
      const result = await runStep(
        httpsStep({ url: `${server.origin}/slow-redirect`, method: 'GET', timeoutSeconds: 1, retryIntervals: [0] }),
        options(),
      );
      expect(only(result).error).toMatchObject({ type: 'http_status', status: 302, attempts: 1 });
    });
  });

  describe('timeouts', () => {
    it('end an attempt the server never answers with timeout', async () => {
      // 1 s is the smallest timeout the config allows.
      const server = await serve(() => undefined);
      const result = await runStep(
        httpsStep({ url: `${server.origin}/silent`, method: 'GET', timeoutSeconds: 1 }),
        options(),
      );
      expect(only(result).error).toMatchObject({ type: 'timeout', attempts: 1 });
      expect(server.requests).toHaveLength(1);
    });
  });

  describe('error responses', () => {
    it('keep their status and Retry-After when the body they drain never ends', async () => {
      const server = await serve((_request, response) => {
        response.writeHead(429, { 'retry-after': '7', 'content-type': 'text/plain' });
        response.write('slow down'); // ...and never ends
      });
      const run = options();
      const result = await runStep(
        httpsStep({ url: `${server.origin}/slow-error`, method: 'GET', timeoutSeconds: 1, retryIntervals: [1] }),
        run,
      );
      expect(only(result).error).toMatchObject({ type: 'http_status', status: 429, attempts: 2 });
      expect(run.sleeps).toEqual([7000]);
    });

    it('are drained: the retry after a 500 with a body goes over the same connection', async () => {
      const server = await serve((_request, response, index) => {
        if (index === 0) {
          // Chunked, so the client has to read to the end to find where the next response starts.
          response.writeHead(500, { 'content-type': 'application/json' });
          response.write(JSON.stringify({ error: 'x'.repeat(4000) }));
          response.end(JSON.stringify({ more: 'y'.repeat(4000) }));
        } else json(response, 200, { index });
      });
      const events: RunEvent[] = [];
      // The executor's own sleep (a timer, here of 0 ms), not the recording one: undici hands
      // a finished connection back to its pool a moment after the response ends, and a retry
      // sent in the same turn (as an instant fake sleep would) opens a second connection even
      // though the first was drained. A real wait of 0 s always gives that moment.
      const result = await runStep(httpsStep({ url: `${server.origin}/flaky`, method: 'GET', retryIntervals: [0] }), {
        ...transportOptions,
        network: LOOPBACK,
        onEvent: (event) => events.push(event),
      });
      expect(only(result)).toMatchObject({
        status: 'succeeded',
        attempts: 2,
        output: { status: 200, body: { index: 1 } },
      });
      expect(events.find((event) => event.type === 'attempt_failed')).toMatchObject({
        reason: { type: 'http_status', status: 500 },
        nextDelaySeconds: 0,
      });
      expect(server.requests).toHaveLength(2);
      expect(server.connections()).toBe(1);
    });
  });

  describe('cancellation', () => {
    // A generous timeout: a transport that ignored the signal would end with `timeout`
    // after it, not with the cancellation, so the assertions below would fail.
    const TIMEOUT_SECONDS = 10;

    it('ends the attempt when the run is cancelled before the response arrives', async () => {
      const controller = new AbortController();
      let hungUp: Promise<void> | undefined;
      const server = await serve((_request, response) => {
        hungUp = closed(response);
        // The request is in and the client waits for an answer that never comes.
        controller.abort();
      });
      const result = await runStep(
        httpsStep({
          url: `${server.origin}/never`,
          method: 'GET',
          timeoutSeconds: TIMEOUT_SECONDS,
          retryIntervals: [0],
        }),
        options({ signal: controller.signal }),
      );
      expect(only(result)).toMatchObject({
        status: 'failed',
        error: { type: 'cancelled', message: 'The run was cancelled.', attempts: 1 },
      });
      expect(server.requests).toHaveLength(1);
      // The client hung up rather than leaving the exchange open.
      await hungUp;
    });

    it('ends the attempt when the run is cancelled while the body trickles in', async () => {
      const controller = new AbortController();
      let hungUp: Promise<void> | undefined;
      const server = await serve((_request, response) => {
        hungUp = closed(response);
        response.writeHead(200, { 'content-type': 'text/plain' });
        response.write('first part, and the rest never comes');
        // A moment for the headers and first chunk to reach the client before cancelling.
        setTimeout(() => controller.abort(), 100);
      });
      const result = await runStep(
        httpsStep({ url: `${server.origin}/trickle`, method: 'GET', timeoutSeconds: TIMEOUT_SECONDS }),
        options({ signal: controller.signal }),
      );
      expect(only(result)).toMatchObject({
        status: 'failed',
        error: { type: 'cancelled', message: 'The run was cancelled.', attempts: 1 },
      });
      await hungUp;
    });
  });
});

// What only the Node transport does, or does differently from Node's fetch.
describe('Node transport only', () => {
  it('sends Accept, Accept-Encoding and User-Agent by default, once each', async () => {
    // Node's fetch sends its own defaults (user-agent "node", no br over http, and more),
    // so these values are the Node transport's alone.
    const server = await serve((_request, response) => json(response, 200, {}));
    await runStep(httpsStep({ url: `${server.origin}/defaults`, method: 'GET' }), recordingOptions());
    const request = server.requests[0]!;
    expect(request.headers).toMatchObject({
      accept: '*/*',
      'accept-encoding': 'gzip, deflate, br',
      'user-agent': 'workflow-editor',
    });
    expect([
      timesSent(request, 'accept'),
      timesSent(request, 'accept-encoding'),
      timesSent(request, 'user-agent'),
    ]).toEqual([1, 1, 1]);
  });

  it('names "could not be decoded" when a gzip body is corrupt', async () => {
    // Node's fetch fails such a body too (type network, tested above) but words it its own way.
    const server = await serve(encoded(Buffer.from('{"definitely": "not gzip"}'), 'gzip'));
    const result = await runStep(httpsStep({ url: `${server.origin}/corrupt`, method: 'GET' }), recordingOptions());
    expect(only(result).error!.message).toContain('could not be decoded');
  });
});
