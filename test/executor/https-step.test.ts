// The HTTPS step against real servers on 127.0.0.1: every row of the spec's field
// table, the output and error objects, retries, timeouts and the signature.

import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { runStep } from '../../src/executor';
import { httpsStep, LOOPBACK, only, recordingOptions, serverPerTest } from './helpers';
import { json, type Responder } from './servers';

const serve = serverPerTest();

const ok: Responder = (_request, response) => json(response, 200, { ok: true });

describe('url', () => {
  it('is templated from the trigger, earlier steps and secrets, values percent-encoded', async () => {
    const server = await serve(ok);
    const result = await runStep(
      httpsStep({
        url: `${server.origin}/users/{{ trigger.userId }}/{{ steps.lookup.output.body.slug }}?key={{ secrets.token }}`,
        method: 'GET',
      }),
      recordingOptions({
        trigger: { userId: 'a/b c' },
        steps: { lookup: { output: { body: { slug: '../admin' } } } },
        secrets: { token: 's&t=1' },
      }),
    );
    expect(result.status).toBe('succeeded');
    expect(server.requests[0]!.url).toBe('/users/a%2Fb%20c/..%2Fadmin?key=s%26t%3D1');
  });

  it('takes a reference that starts the URL as its base, as is', async () => {
    const server = await serve(ok);
    const result = await runStep(
      httpsStep({ url: '{{ trigger.base }}/v1/items', method: 'GET' }),
      recordingOptions({ trigger: { base: `${server.origin}/api` } }),
    );
    expect(result.status).toBe('succeeded');
    expect(server.requests[0]!.url).toBe('/api/v1/items');
  });
});

describe('method', () => {
  it.each(['DELETE', 'GET', 'PATCH', 'POST', 'PUT'] as const)('sends %s', async (method) => {
    const server = await serve(ok);
    const result = await runStep(httpsStep({ url: `${server.origin}/r`, method }), recordingOptions());
    expect(result.status).toBe('succeeded');
    expect(server.requests[0]!.method).toBe(method);
  });
});

describe('headers', () => {
  it('sends ordered, templated headers', async () => {
    const server = await serve(ok);
    await runStep(
      httpsStep({
        url: `${server.origin}/h`,
        method: 'GET',
        headers: [
          { key: 'X-Api-Key', value: '{{ secrets.api_key }}' },
          { key: 'X-Inquiry', value: 'inq-{{ trigger.id }}' },
        ],
      }),
      recordingOptions({ trigger: { id: 42 }, secrets: { api_key: 'k-123' } }),
    );
    expect(server.requests[0]!.headers['x-api-key']).toBe('k-123');
    expect(server.requests[0]!.headers['x-inquiry']).toBe('inq-42');
  });

  it('fails with invalid_config, sending nothing, when a resolved value holds a line break', async () => {
    const server = await serve(ok);
    const result = await runStep(
      httpsStep({
        url: `${server.origin}/h`,
        method: 'GET',
        headers: [{ key: 'X-Name', value: '{{ trigger.name }}' }],
      }),
      recordingOptions({ trigger: { name: 'a\r\nX-Injected: 1' } }),
    );
    expect(only(result).error).toMatchObject({ type: 'invalid_config', attempts: 0 });
    expect(server.requests).toHaveLength(0);
  });
});

describe('query', () => {
  it('appends ordered pairs to the URL query, values encoded', async () => {
    const server = await serve(ok);
    await runStep(
      httpsStep({
        url: `${server.origin}/q?existing=1`,
        method: 'GET',
        query: [
          { key: 'source', value: 'workflow' },
          { key: 'q', value: '{{ trigger.q }}' },
        ],
      }),
      recordingOptions({ trigger: { q: 'a b&c=d/é' } }),
    );
    expect(server.requests[0]!.url).toBe('/q?existing=1&source=workflow&q=a%20b%26c%3Dd%2F%C3%A9');
  });
});

describe('body', () => {
  it('is sent as its JSON text with Content-Type: application/json, references keeping their type', async () => {
    const server = await serve(ok);
    await runStep(
      httpsStep({
        url: `${server.origin}/b`,
        method: 'POST',
        body: {
          status: 'approved',
          count: '{{ trigger.count }}',
          note: 'n={{ trigger.count }}',
          tags: '{{ trigger.tags }}',
        },
      }),
      recordingOptions({ trigger: { count: 3, tags: ['x', 'y'] } }),
    );
    const request = server.requests[0]!;
    expect(request.headers['content-type']).toBe('application/json');
    expect(request.body.toString('utf8')).toBe('{"status":"approved","count":3,"note":"n=3","tags":["x","y"]}');
  });

  it('keeps a Content-Type the config sets', async () => {
    const server = await serve(ok);
    await runStep(
      httpsStep({
        url: `${server.origin}/b`,
        method: 'PUT',
        headers: [{ key: 'content-type', value: 'application/vnd.api+json' }],
        body: [1, 2],
      }),
      recordingOptions(),
    );
    expect(server.requests[0]!.headers['content-type']).toBe('application/vnd.api+json');
    expect(server.requests[0]!.body.toString()).toBe('[1,2]');
  });

  it('is absent when the config has none', async () => {
    const server = await serve(ok);
    await runStep(httpsStep({ url: `${server.origin}/b`, method: 'POST' }), recordingOptions());
    expect(server.requests[0]!.body).toHaveLength(0);
    expect(server.requests[0]!.headers['content-type']).toBeUndefined();
  });

  it('is refused by validation on GET and DELETE: nothing is sent', async () => {
    const server = await serve(ok);
    const result = await runStep(
      httpsStep({ url: `${server.origin}/b`, method: 'GET', body: { a: 1 } }),
      recordingOptions(),
    );
    expect(result.status).toBe('failed');
    expect(result.steps).toEqual({});
    expect(result.problems?.map((problem) => problem.code)).toContain('body_not_allowed');
    expect(server.requests).toHaveLength(0);
  });
});

describe('output', () => {
  it('has the status, lower-cased headers and the body parsed as JSON when the response says JSON', async () => {
    const server = await serve((_request, response) =>
      json(
        response,
        201,
        { id: 'u_1', n: [1] },
        { 'X-Request-Id': 'abc', 'Content-Type': 'application/json; charset=utf-8' },
      ),
    );
    const result = await runStep(httpsStep({ url: `${server.origin}/o`, method: 'POST' }), recordingOptions());
    const step = only(result);
    expect(step).toMatchObject({ status: 'succeeded', attempts: 1 });
    const output = step.output as { status: number; headers: Record<string, string>; body: unknown };
    expect(output.status).toBe(201);
    expect(output.headers['x-request-id']).toBe('abc');
    expect(output.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(Object.keys(output.headers).every((name) => name === name.toLowerCase())).toBe(true);
    expect(output.body).toEqual({ id: 'u_1', n: [1] });
  });

  it('keeps a body that does not say JSON as text', async () => {
    const server = await serve((_request, response) => {
      response.writeHead(200, { 'content-type': 'text/plain' });
      response.end('{"looks":"like json"}');
    });
    const result = await runStep(httpsStep({ url: `${server.origin}/t`, method: 'GET' }), recordingOptions());
    expect((only(result).output as { body: unknown }).body).toBe('{"looks":"like json"}');
  });

  it.each([
    ['text/plain; charset=iso-8859-1', Buffer.from('café à Zürich', 'latin1'), 'café à Zürich'],
    ['text/plain; charset="windows-1252"', Buffer.from('Grüße', 'latin1'), 'Grüße'],
    ['text/plain; charset=shift_jis', Buffer.from([0x93, 0xfa, 0x96, 0x7b]), '日本'],
    ['application/json; Charset=ISO-8859-1', Buffer.from('{"city":"Zürich"}', 'latin1'), { city: 'Zürich' }],
    ['text/plain; charset=utf-16le', Buffer.from('naïve', 'utf16le'), 'naïve'],
    // No charset, or one no engine knows: UTF-8.
    ['text/plain', Buffer.from('café', 'utf8'), 'café'],
    ['text/plain; charset=x-unknown-1', Buffer.from('café', 'utf8'), 'café'],
  ])('decodes the body in the charset its Content-Type declares: %s', async (contentType, bytes, body) => {
    const server = await serve((_request, response) => {
      response.writeHead(200, { 'content-type': contentType });
      response.end(bytes);
    });
    const result = await runStep(httpsStep({ url: `${server.origin}/c`, method: 'GET' }), recordingOptions());
    expect((only(result).output as { body: unknown }).body).toEqual(body);
  });

  // JSON.parse reads them as Infinity, which is not JSON data: a later step would send null.
  it.each(['{"x":1e400}', '{"x":[-1e400]}', `{"x":${'9'.repeat(400)}}`])(
    'keeps a JSON body holding a number no double holds as text: %s',
    async (text) => {
      const server = await serve((_request, response) => {
        response.writeHead(200, { 'content-type': 'application/json' });
        response.end(text);
      });
      const result = await runStep(httpsStep({ url: `${server.origin}/n`, method: 'GET' }), recordingOptions());
      expect((only(result).output as { body: unknown }).body).toBe(text);
      expect(JSON.parse(JSON.stringify(result))).toEqual(result);
    },
  );

  it('parses a JSON body whose big numbers a double holds', async () => {
    const server = await serve((_request, response) => {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end('{"x":1e308,"y":"e400","z":-1.5e-400}');
    });
    const result = await runStep(httpsStep({ url: `${server.origin}/n`, method: 'GET' }), recordingOptions());
    expect((only(result).output as { body: unknown }).body).toEqual({ x: 1e308, y: 'e400', z: -0 });
  });
});

describe('responseSchema', () => {
  const schema = { type: 'object', properties: { id: { type: 'string' } }, required: ['id'] };

  it('passes a matching body', async () => {
    const server = await serve((_request, response) => json(response, 200, { id: 'x' }));
    const result = await runStep(
      httpsStep({ url: `${server.origin}/s`, method: 'GET', responseSchema: schema }),
      recordingOptions(),
    );
    expect(only(result).status).toBe('succeeded');
  });

  it('fails the step with response_schema_mismatch, without retrying', async () => {
    const server = await serve((_request, response) => json(response, 200, { id: 7 }));
    const result = await runStep(
      httpsStep({ url: `${server.origin}/s`, method: 'GET', responseSchema: schema, retryIntervals: [1, 1] }),
      recordingOptions(),
    );
    expect(only(result).error).toMatchObject({ type: 'response_schema_mismatch', status: 200, attempts: 1 });
    expect(only(result).error!.message).toContain('/id');
    expect(server.requests).toHaveLength(1);
  });
});

describe('signing', () => {
  function expectedSignature(secret: string, timestamp: string, body: Buffer): string {
    return createHmac('sha256', secret)
      .update(Buffer.concat([Buffer.from(`${timestamp}.`), body]))
      .digest('hex');
  }

  it('signs the exact bytes sent; a receiver verifies independently with node:crypto', async () => {
    let verified = false;
    const server = await serve((request, response) => {
      const header = String(request.headers['persona-signature']);
      const match = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(header);
      verified = match !== null && match[2] === expectedSignature('whsec_1', match[1]!, request.body);
      json(response, verified ? 200 : 401, {});
    });
    const result = await runStep(
      httpsStep({
        url: `${server.origin}/hook`,
        method: 'POST',
        body: { name: 'Zoë', n: 1 },
        signing: { secret: '{{ secrets.signing }}' },
      }),
      recordingOptions({ secrets: { signing: 'whsec_1' }, now: () => 1_767_268_800_000 }),
    );
    expect(result.status).toBe('succeeded');
    expect(verified).toBe(true);
    expect(String(server.requests[0]!.headers['persona-signature'])).toMatch(/^t=1767268800,v1=/);
  });

  it('uses the configured header and signs the empty string for a request without a body', async () => {
    const server = await serve(ok);
    await runStep(
      httpsStep({
        url: `${server.origin}/g`,
        method: 'GET',
        signing: { secret: '{{ secrets.s }}', header: 'X-Signature' },
      }),
      recordingOptions({ secrets: { s: 'k' }, now: () => 1_000_000 }),
    );
    expect(server.requests[0]!.headers['x-signature']).toBe(
      `t=1000,v1=${expectedSignature('k', '1000', Buffer.alloc(0))}`,
    );
  });

  it('fails with reference_unresolved, sending nothing, when the secret is missing', async () => {
    const server = await serve(ok);
    const result = await runStep(
      httpsStep({ url: `${server.origin}/g`, method: 'GET', signing: { secret: '{{ secrets.missing }}' } }),
      recordingOptions({ secrets: async () => undefined }),
    );
    expect(only(result).error).toMatchObject({ type: 'reference_unresolved', attempts: 0 });
    expect(only(result).error!.message).toContain('secrets.missing');
    expect(server.requests).toHaveLength(0);
  });
});

describe('retryIntervals', () => {
  it('retries 5xx at the configured intervals and reports the exact attempt count', async () => {
    const server = await serve((_request, response) => json(response, 503, {}));
    const options = recordingOptions();
    const result = await runStep(
      httpsStep({ url: `${server.origin}/r`, method: 'GET', retryIntervals: [5, 30, 120] }),
      options,
    );
    expect(only(result)).toMatchObject({
      status: 'failed',
      attempts: 4,
      error: { type: 'http_status', status: 503, attempts: 4 },
    });
    expect(server.requests).toHaveLength(4);
    expect(options.sleeps).toEqual([5000, 30000, 120000]);
  });

  it.each([408, 429, 500, 502, 504])('retries status %i', async (status) => {
    const server = await serve((_request, response, index) => json(response, index === 0 ? status : 200, { index }));
    const options = recordingOptions();
    const result = await runStep(httpsStep({ url: `${server.origin}/r`, method: 'GET', retryIntervals: [2] }), options);
    expect(only(result)).toMatchObject({ status: 'succeeded', attempts: 2 });
    expect(options.sleeps).toEqual([2000]);
  });

  it.each([400, 401, 403, 404, 409, 422])('never retries status %i', async (status) => {
    const server = await serve((_request, response) => json(response, status, {}));
    const options = recordingOptions();
    const result = await runStep(
      httpsStep({ url: `${server.origin}/r`, method: 'GET', retryIntervals: [1, 1] }),
      options,
    );
    expect(only(result)).toMatchObject({
      status: 'failed',
      attempts: 1,
      error: { type: 'http_status', status, attempts: 1 },
    });
    expect(server.requests).toHaveLength(1);
    expect(options.sleeps).toEqual([]);
  });

  it('makes one attempt only without intervals', async () => {
    const server = await serve((_request, response) => json(response, 500, {}));
    const result = await runStep(httpsStep({ url: `${server.origin}/r`, method: 'GET' }), recordingOptions());
    expect(only(result).attempts).toBe(1);
    expect(server.requests).toHaveLength(1);
  });

  it('honours a Retry-After longer than the interval, capped at 3600 s, and ignores a shorter one', async () => {
    const retryAfter = ['90', '7200', '1', new Date(Date.UTC(2030, 0, 1, 0, 10, 0)).toUTCString()];
    const server = await serve((_request, response, index) =>
      index < retryAfter.length
        ? json(response, 429, {}, { 'Retry-After': retryAfter[index]! })
        : json(response, 200, {}),
    );
    const options = recordingOptions({ now: () => Date.UTC(2030, 0, 1, 0, 0, 0) });
    const result = await runStep(
      httpsStep({ url: `${server.origin}/r`, method: 'GET', retryIntervals: [10, 10, 10, 10] }),
      options,
    );
    expect(only(result)).toMatchObject({ status: 'succeeded', attempts: 5 });
    expect(options.sleeps).toEqual([90_000, 3_600_000, 10_000, 600_000]);
  });

  it('reports each failed attempt with its reason and the next delay', async () => {
    const server = await serve((_request, response, index) => json(response, index < 2 ? 500 : 200, {}));
    const options = recordingOptions();
    await runStep(httpsStep({ url: `${server.origin}/r`, method: 'GET', retryIntervals: [3, 4] }), options);
    const failed = options.events.filter((event) => event.type === 'attempt_failed');
    expect(failed).toMatchObject([
      { attempt: 1, reason: { type: 'http_status', status: 500 }, nextDelaySeconds: 3 },
      { attempt: 2, reason: { type: 'http_status', status: 500 }, nextDelaySeconds: 4 },
    ]);
    expect(options.events.filter((event) => event.type === 'attempt_started').map((event) => event.attempt)).toEqual([
      1, 2, 3,
    ]);
  });
});

describe('Idempotency-Key', () => {
  it.each(['POST', 'PATCH'] as const)('is the same on every attempt of a %s', async (method) => {
    const server = await serve((_request, response, index) => json(response, index < 2 ? 503 : 200, {}));
    await runStep(
      httpsStep({ url: `${server.origin}/i`, method, retryIntervals: [0, 0] }),
      recordingOptions({ runId: 'run-1' }),
    );
    const keys = server.requests.map((request) => request.headers['idempotency-key']);
    expect(keys).toEqual(['run-1:call', 'run-1:call', 'run-1:call']);
  });

  it('differs between runs and between steps, and is stable for the same run and step', async () => {
    const server = await serve(ok);
    const send = (runId: string, id: string) =>
      runStep(httpsStep({ url: `${server.origin}/i`, method: 'POST' }, id), recordingOptions({ runId }));
    await send('run-1', 'a');
    await send('run-1', 'a');
    await send('run-2', 'a');
    await send('run-1', 'b');
    const keys = server.requests.map((request) => request.headers['idempotency-key']);
    expect(keys[0]).toBe(keys[1]);
    expect(keys[2]).not.toBe(keys[0]);
    expect(keys[3]).not.toBe(keys[0]);
  });

  it('hashes a run id that could not sit in a header', async () => {
    const server = await serve(ok);
    await runStep(
      httpsStep({ url: `${server.origin}/i`, method: 'POST' }),
      recordingOptions({ runId: 'run with spaces/é' }),
    );
    expect(server.requests[0]!.headers['idempotency-key']).toMatch(/^[0-9a-f]{32}:call$/);
  });

  it.each(['GET', 'PUT', 'DELETE'] as const)('is not sent on %s', async (method) => {
    const server = await serve(ok);
    await runStep(httpsStep({ url: `${server.origin}/i`, method }), recordingOptions());
    expect(server.requests[0]!.headers['idempotency-key']).toBeUndefined();
  });

  it('is left to the config when it sets the header itself', async () => {
    const server = await serve(ok);
    await runStep(
      httpsStep({
        url: `${server.origin}/i`,
        method: 'POST',
        headers: [{ key: 'idempotency-key', value: 'mine-{{ trigger.id }}' }],
      }),
      recordingOptions({ trigger: { id: 9 } }),
    );
    expect(server.requests[0]!.headers['idempotency-key']).toBe('mine-9');
  });
});

describe('timeoutSeconds', () => {
  it('aborts an attempt past the timeout (timeout), and retries it', async () => {
    const server = await serve((_request, response, index) => {
      if (index === 0) setTimeout(() => json(response, 200, { late: true }), 3000).unref();
      else json(response, 200, { index });
    });
    const options = recordingOptions();
    const result = await runStep(
      httpsStep({ url: `${server.origin}/slow`, method: 'GET', timeoutSeconds: 1, retryIntervals: [0] }),
      options,
    );
    expect(only(result)).toMatchObject({ status: 'succeeded', attempts: 2 });
    expect(options.events.find((event) => event.type === 'attempt_failed')).toMatchObject({
      reason: { type: 'timeout' },
    });
  });

  it('fails the step with timeout when no attempt answers in time', async () => {
    const server = await serve((_request, response) => {
      setTimeout(() => json(response, 200, {}), 3000).unref();
    });
    const result = await runStep(
      httpsStep({ url: `${server.origin}/slow`, method: 'GET', timeoutSeconds: 1 }),
      recordingOptions(),
    );
    expect(only(result).error).toMatchObject({ type: 'timeout', attempts: 1 });
  });

  it('also covers a body that trickles in too slowly', async () => {
    const server = await serve((_request, response) => {
      response.writeHead(200, { 'content-type': 'text/plain' });
      response.write('first part');
      setTimeout(() => response.end('rest'), 3000).unref();
    });
    const result = await runStep(
      httpsStep({ url: `${server.origin}/slow`, method: 'GET', timeoutSeconds: 1 }),
      recordingOptions(),
    );
    expect(only(result).error).toMatchObject({ type: 'timeout', attempts: 1 });
  });
});

describe('network errors', () => {
  it('retries after a connection reset', async () => {
    const server = await serve((_request, response, index) => {
      if (index === 0) response.socket?.destroy();
      else json(response, 200, { index });
    });
    const options = recordingOptions();
    const result = await runStep(
      httpsStep({ url: `${server.origin}/reset`, method: 'GET', retryIntervals: [1] }),
      options,
    );
    expect(only(result)).toMatchObject({ status: 'succeeded', attempts: 2 });
    expect(options.events.find((event) => event.type === 'attempt_failed')).toMatchObject({
      reason: { type: 'network' },
      nextDelaySeconds: 1,
    });
  });

  it('fails with network after the last refused connection', async () => {
    const server = await serve(ok);
    const origin = server.origin;
    await server.close();
    const options = recordingOptions();
    const result = await runStep(httpsStep({ url: `${origin}/gone`, method: 'GET', retryIntervals: [1, 2] }), options);
    expect(only(result).error).toMatchObject({ type: 'network', attempts: 3 });
    expect(only(result).error!.message).toMatch(/ECONNREFUSED/);
    expect(options.sleeps).toEqual([1000, 2000]);
  });
});

describe('redirects', () => {
  it('are not followed: a 3xx is an http_status error', async () => {
    const server = await serve((request, response) => {
      if (request.url === '/from') {
        response.writeHead(302, { location: '/to' });
        response.end();
      } else json(response, 200, {});
    });
    const result = await runStep(
      httpsStep({ url: `${server.origin}/from`, method: 'GET', retryIntervals: [1] }),
      recordingOptions(),
    );
    expect(only(result).error).toMatchObject({ type: 'http_status', status: 302, attempts: 1 });
    expect(server.requests.map((request) => request.url)).toEqual(['/from']);
  });
});

describe('maxResponseBytes', () => {
  it('fails with response_too_large on a declared length over the limit', async () => {
    const server = await serve((_request, response) => json(response, 200, { data: 'x'.repeat(2000) }));
    const result = await runStep(
      httpsStep({ url: `${server.origin}/big`, method: 'GET', retryIntervals: [1] }),
      recordingOptions({ maxResponseBytes: 1000 }),
    );
    expect(only(result).error).toMatchObject({ type: 'response_too_large', attempts: 1 });
  });

  it('fails with response_too_large on a chunked body that grows past the limit', async () => {
    const server = await serve((_request, response) => {
      response.writeHead(200, { 'content-type': 'application/json' });
      for (let i = 0; i < 10; i++) response.write('x'.repeat(500));
      response.end();
    });
    const result = await runStep(
      httpsStep({ url: `${server.origin}/big`, method: 'GET' }),
      recordingOptions({ maxResponseBytes: 2048 }),
    );
    expect(only(result).error).toMatchObject({ type: 'response_too_large' });
  });

  it('defaults to 10 MiB', async () => {
    const size = 10 * 1024 * 1024 + 1;
    const server = await serve((_request, response) => {
      response.writeHead(200, { 'content-type': 'text/plain', 'content-length': size });
      response.end(Buffer.alloc(size, 97));
    });
    const result = await runStep(httpsStep({ url: `${server.origin}/big`, method: 'GET' }), recordingOptions());
    expect(only(result).error).toMatchObject({ type: 'response_too_large' });
  });
});

describe('reference_unresolved', () => {
  it('fails the step naming the references and field, sending nothing', async () => {
    const server = await serve(ok);
    const result = await runStep(
      httpsStep({
        url: `${server.origin}/u/{{ trigger.missing }}`,
        method: 'POST',
        body: { a: '{{ steps.earlier.output.body.id }}' },
      }),
      recordingOptions({ trigger: {} }),
    );
    const error = only(result).error!;
    expect(error).toMatchObject({ type: 'reference_unresolved', attempts: 0 });
    expect(error.message).toContain('trigger.missing');
    expect(error.message).toContain('steps.earlier.output.body.id');
    expect(server.requests).toHaveLength(0);
  });

  // Percent-encoding keeps "." as it is: ".." as a value would be a segment the URL parser
  // removes with the one before it, and a value ending the host could name another domain.
  it.each([
    ['/v1/tenants/{{ trigger.t }}/admin', '..', 'path segment ".."'],
    ['/v1/tenants/{{ trigger.t }}/admin', '.', 'path segment "."'],
    ['{{ trigger.t }}/x', '.evil.test', 'host'],
  ])('refuses a value that would move the URL (%s with %j), sending nothing', async (rest, value, reason) => {
    const server = await serve(ok);
    const result = await runStep(
      httpsStep({ url: `${server.origin}${rest}`, method: 'GET' }),
      recordingOptions({ trigger: { t: value } }),
    );
    const error = only(result).error!;
    expect(error).toMatchObject({ type: 'reference_unresolved', attempts: 0 });
    expect(error.message).toContain('{{ trigger.t }} in url');
    expect(error.message).toContain(reason);
    expect(server.requests).toHaveLength(0);
  });
});

describe('continueOnError', () => {
  it('records the error and lets the run succeed', async () => {
    const server = await serve((_request, response) => json(response, 500, {}));
    const result = await runStep(httpsStep({ url: `${server.origin}/e`, method: 'GET', continueOnError: true }), {
      network: LOOPBACK,
    });
    expect(result.status).toBe('succeeded');
    expect(only(result)).toMatchObject({ status: 'failed', error: { type: 'http_status', status: 500 } });
  });
});
