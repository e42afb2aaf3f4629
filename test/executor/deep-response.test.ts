// Response bodies nested deeper than the executor's limit (1,000 levels of arrays and
// objects) fail the step with `response_too_large`, on both transports, before anything
// recursive (redaction, forwarding to a later step, serialising the result) sees them.

import { describe, expect, it } from 'vitest';
import type { JsonObject } from '../../src/definition';
import { runStep, runWorkflow, type RunOptions } from '../../src/executor';
import { httpsStep, only, recordingOptions, serverPerTest, workflow } from './helpers';
import type { Responder } from './servers';

const serve = serverPerTest();

/** Answers 200 with JSON text as it is. */
function rawJson(text: string): Responder {
  return (_request, response) => {
    response.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
    response.end(text);
  };
}

const nestedArrays = (levels: number): string => '['.repeat(levels) + ']'.repeat(levels);
/** `{"a":{"a":...{}}}` with a string holding brackets, which must not count as nesting. */
const nestedObjects = (levels: number): string =>
  '{"a":'.repeat(levels - 1) + '{"s":"[[[[{{{{"}' + '}'.repeat(levels - 1);

const TRANSPORTS: readonly { name: string; options: RunOptions }[] = [
  { name: 'Node transport', options: {} },
  { name: 'fetch transport', options: { fetch: globalThis.fetch } },
];

describe.each(TRANSPORTS)('$name', ({ options: transportOptions }) => {
  const options = (extra: RunOptions = {}): RunOptions => recordingOptions({ ...transportOptions, ...extra });

  it.each([
    ['no secrets', {}],
    ['a secret loaded', { secrets: { token: 'tok-123' } }],
  ])('fails a body of 10,000 nested arrays with response_too_large (%s)', async (_label, extra) => {
    const server = await serve(rawJson(nestedArrays(10_000)));
    const result = await runStep(
      httpsStep({
        url: `${server.origin}/deep`,
        method: 'GET',
        headers: 'secrets' in extra ? [{ key: 'Authorization', value: '{{ secrets.token }}' }] : [],
      }),
      options(extra),
    );
    const step = only(result);
    expect(step.status).toBe('failed');
    expect(step.error).toMatchObject({ type: 'response_too_large', status: 200, attempts: 1 });
    expect(step.error!.message).toContain('nested deeper than 1,000 levels');
    expect(() => JSON.stringify(result)).not.toThrow();
  });

  it('takes a body nested exactly 1,000 levels, and forwards it to a later step', async () => {
    const server = await serve((request, response) => {
      if (request.method === 'POST') {
        response.writeHead(200, { 'content-type': 'text/plain' });
        response.end(`${request.body.length}`);
        return;
      }
      void rawJson(nestedObjects(1000))(request, response, 0);
    });
    const result = await runWorkflow(
      workflow([
        {
          id: 'fetch_deep',
          type: 'action',
          action: 'https_request',
          name: 'A',
          config: { url: `${server.origin}/a`, method: 'GET' },
        },
        forwardingStep(server.origin),
      ]),
      options({ secrets: { token: 'tok-123' } }),
    );
    expect(result.status).toBe('succeeded');
    expect(() => JSON.stringify(result)).not.toThrow();
    expect(server.requests[1]!.body.toString()).toBe(`{"wrapped":${nestedObjects(1000)}}`);
  });

  it('fails a body of 1,001 nested objects, whose strings hold brackets', async () => {
    const server = await serve(rawJson(nestedObjects(1001)));
    const result = await runStep(httpsStep({ url: `${server.origin}/deep`, method: 'GET' }), options());
    expect(only(result).error).toMatchObject({ type: 'response_too_large' });
  });

  it('keeps a deep body that is not valid JSON as its text', async () => {
    const text = '['.repeat(5000);
    const server = await serve(rawJson(text));
    const result = await runStep(httpsStep({ url: `${server.origin}/deep`, method: 'GET' }), options());
    expect(only(result)).toMatchObject({ status: 'succeeded', output: { body: text } });
  });

  it('fails the step, not the run, when a later step would forward the deep body', async () => {
    const server = await serve(rawJson(nestedArrays(10_000)));
    const result = await runWorkflow(
      workflow([
        {
          id: 'fetch_deep',
          type: 'action',
          action: 'https_request',
          name: 'A',
          config: { url: `${server.origin}/a`, method: 'GET', continueOnError: true },
        },
        forwardingStep(server.origin),
      ]),
      options({ secrets: { token: 'tok-123' } }),
    );
    expect(result.steps.fetch_deep!.error).toMatchObject({ type: 'response_too_large' });
    expect(result.steps.forward!.error).toMatchObject({ type: 'reference_unresolved' });
    expect(server.requests).toHaveLength(1);
    expect(() => JSON.stringify(result)).not.toThrow();
  });
});

describe("a previous result's steps, with a body at the nesting limit", () => {
  it.each([
    ['arrays', nestedArrays(1000)],
    ['objects', nestedObjects(1000)],
  ])('can be passed to runStep as options.steps as is (1,000 levels of %s)', async (_label, text) => {
    const server = await serve((request, response) => {
      if (request.method === 'POST') {
        response.writeHead(200, { 'content-type': 'text/plain' });
        response.end('ok');
        return;
      }
      void rawJson(text)(request, response, 0);
    });
    const first = await runStep(httpsStep({ url: `${server.origin}/deep`, method: 'GET' }, 's'), recordingOptions());
    expect(first.steps.s!.status).toBe('succeeded');
    // Through JSON text too, as a host that stores results would pass them.
    for (const steps of [first.steps, JSON.parse(JSON.stringify(first.steps)) as RunOptions['steps']]) {
      const result = await runStep(
        httpsStep({ url: `${server.origin}/forward`, method: 'POST', body: '{{ steps.s.output.body }}' }, 'u'),
        recordingOptions({ steps: steps! }),
      );
      expect(result.problems).toBeUndefined();
      expect(result.steps.u!.status).toBe('succeeded');
      expect(server.requests.at(-1)!.body.toString()).toBe(text);
    }
  });

  it('a steps record one level deeper than any result is refused, naming where', async () => {
    let body: unknown = [];
    for (let level = 1; level < 1001; level++) body = [body];
    const result = await runStep(httpsStep({ url: 'https://example.invalid/', method: 'GET' }), {
      steps: { s: { output: { status: 200, headers: {}, body } } },
    });
    expect(result.status).toBe('failed');
    expect(result.problems).toHaveLength(1);
    expect(result.problems![0]!.message).toMatch(
      /^options\.steps is not JSON data at \/s\/output\/body(\/0){1000}: nested deeper than 1,003 levels\.$/,
    );
  });
});

/** A step that sends the body `fetch_deep` got on to `<origin>/b`. */
function forwardingStep(origin: string): JsonObject {
  return {
    id: 'forward',
    type: 'action',
    action: 'https_request',
    name: 'B',
    config: { url: `${origin}/b`, method: 'POST', body: { wrapped: '{{ steps.fetch_deep.output.body }}' } },
  };
}
