// Names and values a host or a person controls, chosen to break the executor: every
// Object.prototype member name as a secret name, step id, action id, header name and
// earlier-step id (own-property lookups only); empty signing secrets (refused before
// anything is sent); and options of the wrong kind or that throw (a result, never a
// rejection).

import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createActionCatalog, builtInCatalog, type JsonObject } from '../../src/definition';
import { runStep, runWorkflow, type RunEvent, type RunOptions, type RunResult } from '../../src/executor';
import { httpsStep, LOOPBACK, only, workflow } from './helpers';
import { json, startServer, type TestServer } from './servers';

let server: TestServer;
beforeAll(async () => {
  server = await startServer((request, response) => json(response, 200, { url: request.url }));
});
afterAll(() => server.close());

/** Every name Object.prototype has, and `__proto__` (an accessor there, listed too but said twice for clarity). */
const PROTOTYPE_NAMES = [...new Set([...Object.getOwnPropertyNames(Object.prototype), '__proto__'])];

/** A record with `name` as an own property (a literal `__proto__:` would set the prototype instead). */
function own<T>(name: string, value: T): Record<string, T> {
  const record: Record<string, T> = {};
  Object.defineProperty(record, name, { value, enumerable: true, writable: true, configurable: true });
  return record;
}

/** A result whatever happened: resolved, serialisable, and either problems or step entries. */
async function settled(promise: Promise<RunResult>): Promise<RunResult> {
  const result = await promise;
  expect(() => JSON.stringify(result)).not.toThrow();
  expect(['succeeded', 'failed']).toContain(result.status);
  return result;
}

const signed = (secretName: string): JsonObject =>
  httpsStep({
    url: `${server.origin}/signed`,
    method: 'POST',
    body: { a: 1 },
    signing: { secret: `{{ secrets.${secretName} }}` },
  });

describe.each(PROTOTYPE_NAMES)('the Object.prototype name %s', (name) => {
  it('as a signing secret the host does not have: the ordinary unresolved outcome, nothing sent', async () => {
    const before = server.requests.length;
    for (const secrets of [undefined, async () => undefined, {}] as RunOptions['secrets'][]) {
      const result = await settled(
        runStep(signed(name), { network: LOOPBACK, ...(secrets !== undefined ? { secrets } : {}) }),
      );
      expect(result.status).toBe('failed');
      if (result.problems) {
        expect(result.problems.map((problem) => problem.code)).toEqual(
          expect.arrayContaining([expect.stringMatching(/^reference_(unknown_secret|malformed)$/)]),
        );
      } else {
        expect(only(result).error).toMatchObject({ type: 'reference_unresolved', attempts: 0 });
      }
    }
    expect(server.requests.length).toBe(before);
  });

  it('as a signing secret the host has as its own: signs with it', async () => {
    for (const secrets of [own(name, 'k3y'), async (asked: string) => (asked === name ? 'k3y' : undefined)]) {
      const result = await settled(runStep(signed(name), { network: LOOPBACK, secrets }));
      if (result.problems) continue; // a name the reference syntax does not allow
      expect(only(result).status).toBe('succeeded');
      const request = server.requests.at(-1)!;
      const [t, v1] = String(request.headers['persona-signature'])
        .split(',')
        .map((part) => part.split('=')[1]);
      expect(v1).toBe(createHmac('sha256', 'k3y').update(`${t}.${request.body.toString()}`).digest('hex'));
    }
  });

  it('as a step id and an earlier step id', async () => {
    const step = {
      id: name,
      type: 'action',
      action: 'https_request',
      name: 'S',
      config: { url: `${server.origin}/s`, method: 'GET' },
    };
    const result = await settled(runWorkflow(workflow([step]), { network: LOOPBACK }));
    if (!result.problems) {
      expect(Object.hasOwn(result.steps, name)).toBe(true);
      expect(result.steps[name]!.status).toBe('succeeded');
    }
    const earlier = await settled(
      runStep(httpsStep({ url: `${server.origin}/e/{{ steps.${name}.output.id }}`, method: 'GET' }), {
        network: LOOPBACK,
        steps: own(name, { output: { id: 'e1' } }),
      }),
    );
    if (!earlier.problems) expect((only(earlier).output as { body: { url: string } }).body.url).toBe('/e/e1');
    const missing = await settled(
      runStep(httpsStep({ url: `${server.origin}/e/{{ steps.${name}.output.id }}`, method: 'GET' }), {
        network: LOOPBACK,
        steps: {},
      }),
    );
    if (!missing.problems) expect(only(missing).error).toMatchObject({ type: 'reference_unresolved' });
  });

  it('as an action id, with and without a handler of its own', async () => {
    const step: JsonObject = {
      schemaVersion: 1,
      kind: 'step',
      id: 'act',
      type: 'action',
      action: name,
      name: 'A',
      config: {},
    };
    // A catalog that knows the action (where its id is allowed), so the run gets as far as looking up a handler.
    let catalog = builtInCatalog;
    try {
      catalog = createActionCatalog([
        ...builtInCatalog.actions,
        {
          id: name,
          label: name,
          category: 'Host',
          description: 'd',
          keywords: [],
          icon: 'box',
          configSchema: { type: 'object' },
          defaultConfig: {},
        },
      ]);
    } catch {
      // An id the catalog refuses: validation reports the action as unknown.
    }
    const without = await settled(runStep(step, { catalog, handlers: {} }));
    if (!without.problems) expect(only(without).error).toMatchObject({ type: 'invalid_config', attempts: 0 });
    const calls: string[] = [];
    const withOwn = await settled(
      runStep(step, { catalog, handlers: own(name, () => (calls.push(name), { done: true })) }),
    );
    if (!withOwn.problems) {
      expect(only(withOwn)).toMatchObject({ status: 'succeeded', output: { done: true } });
      expect(calls).toEqual([name]);
    }
  });

  it('as a header name', async () => {
    const events: RunEvent[] = [];
    const result = await settled(
      runStep(httpsStep({ url: `${server.origin}/h`, method: 'GET', headers: [{ key: name, value: 'v' }] }), {
        network: LOOPBACK,
        onEvent: (event) => events.push(event),
      }),
    );
    if (result.problems) return;
    expect(only(result).status).toBe('succeeded');
    const raw = server.requests.at(-1)!.rawHeaders;
    expect(raw[raw.findIndex((value, index) => index % 2 === 0 && value === name) + 1]).toBe('v');
    const started = events.find((event) => event.type === 'attempt_started');
    expect(started?.type === 'attempt_started' && Object.hasOwn(started.headers, name)).toBe(true);
  });
});

describe('an empty signing secret', () => {
  it.each([
    ['a resolver answering ""', async () => ''],
    ['a record holding ""', { signing_key: '' }],
  ] as [string, RunOptions['secrets']][])(
    'fails the step with invalid_config before anything is sent (%s)',
    async (_label, secrets) => {
      const before = server.requests.length;
      const result = await runStep(signed('signing_key'), { network: LOOPBACK, secrets });
      const step = only(result);
      expect(step.error).toMatchObject({ type: 'invalid_config', attempts: 0 });
      expect(step.error!.message).toContain('signing_key');
      expect(step.error!.message).toContain('empty');
      expect(server.requests.length).toBe(before);
    },
  );

  it('lets the run go on under continueOnError', async () => {
    const before = server.requests.length;
    const config = {
      url: `${server.origin}/signed`,
      method: 'POST',
      body: {},
      signing: { secret: '{{ secrets.k }}' },
      continueOnError: true,
    };
    const result = await runWorkflow(
      workflow([
        { id: 'signed', type: 'action', action: 'https_request', name: 'S', config },
        {
          id: 'after',
          type: 'action',
          action: 'https_request',
          name: 'A',
          config: { url: `${server.origin}/after`, method: 'GET' },
        },
      ]),
      { network: LOOPBACK, secrets: { k: '' } },
    );
    expect(result.status).toBe('succeeded');
    expect(result.steps.signed!.error).toMatchObject({ type: 'invalid_config', attempts: 0 });
    expect(result.steps.after!.status).toBe('succeeded');
    expect(server.requests.slice(before).map((request) => request.url)).toEqual(['/after']);
  });
});

/** Throws on every trap. */
const hostileProxy = (): object =>
  new Proxy(
    {},
    Object.fromEntries(
      [
        'get',
        'has',
        'ownKeys',
        'getOwnPropertyDescriptor',
        'getPrototypeOf',
        'set',
        'defineProperty',
        'deleteProperty',
        'apply',
      ].map((trap) => [
        trap,
        () => {
          throw new Error(`trap ${trap}`);
        },
      ]),
    ),
  );

const echoStep = (extra: JsonObject = {}): JsonObject =>
  httpsStep({ url: `${server.origin}/x`, method: 'POST', body: {}, ...extra });

describe('options of the wrong kind, or that throw', () => {
  it.each([
    ['secrets a number', { secrets: 42 }],
    ['secrets a string', { secrets: 'k' }],
    ['handlers a proxy that throws', { handlers: hostileProxy() }],
    ['handlers holding a non-function', { handlers: { x: 1 } }],
    ['trigger a BigInt inside', { trigger: { n: 10n } }],
    [
      'trigger with a throwing getter',
      {
        trigger: Object.defineProperty({}, 'g', {
          enumerable: true,
          get: () => {
            throw new Error('getter');
          },
        }),
      },
    ],
    [
      'trigger with a throwing toJSON',
      {
        trigger: {
          toJSON: () => {
            throw new Error('toJSON');
          },
        },
      },
    ],
    [
      'trigger a cycle',
      {
        trigger: (() => {
          const a: Record<string, unknown> = {};
          a.self = a;
          return a;
        })(),
      },
    ],
    ['trigger a proxy that throws', { trigger: hostileProxy() }],
    ['steps a proxy that throws', { steps: hostileProxy() }],
    ['steps an array', { steps: [] }],
    ['network a number', { network: 5 }],
    ['network.allowedHosts a number', { network: { allowedHosts: 5 } }],
    ['onEvent a string', { onEvent: 'x' }],
    ['signal a plain object', { signal: {} }],
    ['runId a number', { runId: 7 }],
    ['runId empty (every run would share its idempotency keys)', { runId: '' }],
    ['maxResponseBytes NaN', { maxResponseBytes: Number.NaN }],
    ['catalog a number', { catalog: 1 }],
    ['the options a proxy that throws', hostileProxy()],
    ['the options a number', 3],
  ] as [string, unknown][])('%s: a failed result with a problem in words, no rejection', async (_label, options) => {
    const before = server.requests.length;
    const result = await settled(runStep(echoStep(), options as RunOptions));
    expect(result.status).toBe('failed');
    expect(result.problems?.length).toBeGreaterThan(0);
    for (const problem of result.problems!) {
      expect(problem.message).not.toMatch(/\n\s+at /);
      expect(problem.message.length).toBeGreaterThan(10);
    }
    expect(server.requests.length).toBe(before);
  });

  it.each([
    [
      'onEvent throws',
      {
        onEvent: () => {
          throw new Error('listener');
        },
      },
    ],
    [
      'now throws',
      {
        now: () => {
          throw new Error('clock');
        },
      },
    ],
    ['now answers text', { now: () => 'soon' as unknown as number }],
    [
      'sleep throws at once',
      {
        sleep: () => {
          throw new Error('sleep');
        },
      },
    ],
    [
      'a resolver that throws synchronously',
      {
        secrets: () => {
          throw new Error('resolver');
        },
      },
    ],
    ['a resolver that rejects', { secrets: async () => Promise.reject(new Error('resolver')) }],
    ['a resolver answering a number', { secrets: () => 42 as unknown as string }],
    ['a resolver answering a proxy', { secrets: () => hostileProxy() as unknown as string }],
    [
      'a record whose secret is a throwing getter',
      {
        secrets: Object.defineProperty({}, 'k', {
          enumerable: true,
          get: () => {
            throw new Error('g');
          },
        }),
      },
    ],
  ] as [string, RunOptions][])('%s: the run goes on to its ordinary outcome', async (_label, options) => {
    const result = await settled(
      runStep(echoStep({ headers: [{ key: 'X-K', value: '{{ secrets.k }}' }] }), { network: LOOPBACK, ...options }),
    );
    const step = only(result);
    expect(['succeeded', 'failed']).toContain(step.status);
    if (step.status === 'failed') expect(step.error!.type).toBe('reference_unresolved');
  });
});

describe('values that are not JSON', () => {
  it.each([
    ['a BigInt in the body', { n: 10n }],
    [
      'a throwing toJSON in the body',
      {
        toJSON: () => {
          throw new Error('toJSON');
        },
      },
    ],
    ['a Date in the body', { at: new Date(0) }],
    ['a function in the body', { f: () => 1 }],
    [
      'a cycle in the body',
      (() => {
        const a: Record<string, unknown> = {};
        a.self = a;
        return a;
      })(),
    ],
    [
      'a throwing getter in the body',
      Object.defineProperty({}, 'g', {
        enumerable: true,
        get: () => {
          throw new Error('getter');
        },
      }),
    ],
    ['a proxy that throws as the body', hostileProxy()],
  ])('in a definition (%s): problems, nothing sent', async (_label, body) => {
    const before = server.requests.length;
    const result = await settled(
      runStep(
        { ...echoStep(), config: { url: `${server.origin}/x`, method: 'POST', body } },
        {
          network: LOOPBACK,
        },
      ),
    );
    expect(result.status).toBe('failed');
    expect(result.problems!.length).toBeGreaterThan(0);
    expect(server.requests.length).toBe(before);
  });

  it('returned by a handler: the step fails with invalid_config saying where', async () => {
    const cyclic: Record<string, unknown> = { a: 1 };
    cyclic.self = cyclic;
    for (const output of [
      { n: 10n },
      cyclic,
      {
        toJSON: () => {
          throw new Error('no');
        },
      },
    ]) {
      const result = await settled(
        runStep(
          { schemaVersion: 1, kind: 'step', id: 'h', type: 'action', action: 'host_thing', name: 'H', config: {} },
          { handlers: { host_thing: () => output as never } },
        ),
      );
      expect(only(result).error).toMatchObject({ type: 'invalid_config' });
      expect(only(result).error!.message).toContain('not JSON data');
    }
  });

  it('a handler that throws a proxy, or an error whose message getter throws: the step fails, described', async () => {
    const badError = Object.defineProperty(new Error('x'), 'message', {
      get: () => {
        throw new Error('no');
      },
    });
    for (const thrown of [hostileProxy(), badError, 10n, undefined]) {
      const result = await settled(
        runStep(
          { schemaVersion: 1, kind: 'step', id: 'h', type: 'action', action: 'host_thing', name: 'H', config: {} },
          {
            handlers: {
              host_thing: () => {
                throw thrown;
              },
            },
          },
        ),
      );
      expect(only(result).status).toBe('failed');
    }
  });
});

describe('a definition that changes while it runs', () => {
  it('runs as it was validated: later changes to the object are not seen', async () => {
    const document = workflow([
      { id: 'first', type: 'action', action: 'host_thing', name: 'F', config: {} },
      {
        id: 'second',
        type: 'action',
        action: 'https_request',
        name: 'S',
        config: { url: `${server.origin}/second`, method: 'GET' },
      },
    ]);
    const before = server.requests.length;
    const result = await settled(
      runWorkflow(document, {
        network: LOOPBACK,
        handlers: {
          host_thing: () => {
            // The host breaks its own object halfway through the run.
            const steps = document.steps as JsonObject[];
            (steps[1]!.config as JsonObject).url = 'https://169.254.169.254/latest';
            (steps[1]!.config as JsonObject).body = { n: 10n } as never;
            steps.push({
              id: 'third',
              type: 'action',
              action: 'https_request',
              name: 'T',
              config: { url: 'x', method: 'GET' },
            });
            return null;
          },
        },
      }),
    );
    expect(result.status).toBe('succeeded');
    expect(Object.keys(result.steps)).toEqual(['first', 'second']);
    expect(server.requests.slice(before).map((request) => request.url)).toEqual(['/second']);
  });
});

describe('RunSecrets with a record source', () => {
  it('reads own properties only: an inherited name is missing, an own __proto__ is a secret', async () => {
    const { RunSecrets } = await import('../../src/executor/secrets');
    const inherited = new RunSecrets({});
    await inherited.load(PROTOTYPE_NAMES);
    for (const name of PROTOTYPE_NAMES) expect(inherited.value(name)).toBeUndefined();
    expect(Object.keys(inherited.record())).toEqual([]);
    const owned = new RunSecrets(own('__proto__', 'v4lue'));
    await owned.load(['__proto__', 'constructor']);
    expect(owned.value('__proto__')).toBe('v4lue');
    expect(owned.value('constructor')).toBeUndefined();
    expect(owned.redact({ text: 'x v4lue y' })).toEqual({ text: 'x [redacted] y' });
  });
});

/**
 * Runs `work` and collects the promise rejections nobody handled meanwhile (Node ends
 * the process on one when no listener is installed). A rejection is reported once the
 * microtasks of its turn are done, so two more turns pass before counting.
 */
async function withUnhandledRejections<T>(work: () => Promise<T>): Promise<{ value: T; unhandled: unknown[] }> {
  const unhandled: unknown[] = [];
  const record = (reason: unknown): void => {
    unhandled.push(reason);
  };
  process.on('unhandledRejection', record);
  try {
    const value = await work();
    await new Promise((resolve) => setTimeout(resolve, 0));
    await new Promise((resolve) => setImmediate(resolve));
    return { value, unhandled };
  } finally {
    process.off('unhandledRejection', record);
  }
}

type Lookup = NonNullable<NonNullable<RunOptions['network']>['lookup']>;

describe('a host network.lookup that answers badly', () => {
  it.each([
    ['null', async () => null, 'options.network.lookup returned null instead of a list of addresses'],
    ['nothing', async () => undefined, 'options.network.lookup returned nothing instead of a list of addresses'],
    ['a list holding null', async () => [null], 'options.network.lookup returned a list whose entry 0 is null'],
    ['text', async () => '127.0.0.1', 'options.network.lookup returned a string instead of a list of addresses'],
    [
      'one address, not in a list',
      async () => ({ address: '127.0.0.1', family: 4 }),
      'options.network.lookup returned an object instead',
    ],
    ['an entry without an address', async () => [{ ip: '127.0.0.1' }], 'entry 0 is an object without a text address'],
    [
      'a list whose reads throw',
      async () =>
        new Proxy([], {
          get: () => {
            throw new Error('list trap');
          },
        }),
      'list trap',
    ],
    [
      'a rejection with no error',
      () => Promise.reject(undefined),
      'options.network.lookup failed with nothing instead of an error',
    ],
    [
      'a thenable whose then throws',
      () => ({
        then: () => {
          throw new Error('then trap');
        },
      }),
      'then trap',
    ],
    [
      'a synchronous throw',
      () => {
        throw new Error('resolver down');
      },
      'resolver down',
    ],
  ] as [string, () => unknown, string][])(
    'answering %s: the attempt fails with network at once, naming why; nothing is left unhandled',
    async (_label, lookup, message) => {
      const before = server.connections();
      const { value: result, unhandled } = await withUnhandledRejections(() =>
        settled(
          runStep(httpsStep({ url: `http://lookup.test:${server.port}/x`, method: 'GET', timeoutSeconds: 2 }), {
            network: { ...LOOPBACK, lookup: lookup as Lookup },
          }),
        ),
      );
      expect(unhandled).toEqual([]);
      // `network`, not `timeout`: the failure is the lookup's, found when it answered.
      expect(only(result).error).toMatchObject({ type: 'network', attempts: 1 });
      expect(only(result).error!.message).toContain(message);
      expect(server.connections()).toBe(before);
    },
  );

  it('a plain list (no promise) with a padded or non-IP entry: only the IP addresses are used', async () => {
    const lookup = (() => [
      { address: ' 10.0.0.1', family: 4 },
      { address: 'not-an-ip' },
      { address: '127.0.0.1', family: 6 },
    ]) as unknown as Lookup;
    const result = await settled(
      runStep(httpsStep({ url: `http://lookup.test:${server.port}/plain`, method: 'GET' }), {
        network: { ...LOOPBACK, lookup },
      }),
    );
    expect(only(result).status).toBe('succeeded');
    expect(server.requests.at(-1)!.url).toBe('/plain');
  });
});

describe('host functions whose promises reject', () => {
  const waitThenCall = (): JsonObject =>
    workflow([
      { id: 'pause', type: 'action', action: 'wait', name: 'P', config: { seconds: 1 } },
      {
        id: 'call',
        type: 'action',
        action: 'https_request',
        name: 'C',
        config: { url: `${server.origin}/after`, method: 'GET', retryIntervals: [0] },
      },
    ]);

  it.each([
    [
      'an async onEvent that rejects',
      {
        // eslint-disable-next-line @typescript-eslint/no-misused-promises -- the hostile listener under test
        onEvent: async () => {
          throw new Error('listener boom');
        },
      },
    ],
    // eslint-disable-next-line @typescript-eslint/no-misused-promises -- the hostile listener under test
    ['an onEvent returning a rejected promise', { onEvent: () => Promise.reject(new Error('listener boom')) }],
    [
      'an onEvent returning a thenable whose then throws',
      {
        onEvent: () => ({
          then: () => {
            throw new Error('then boom');
          },
        }),
      },
    ],
    [
      'an onEvent returning an object whose then getter throws',
      {
        onEvent: () =>
          Object.defineProperty({}, 'then', {
            get: () => {
              throw new Error('getter boom');
            },
          }),
      },
    ],
    ['a sleep that rejects', { sleep: () => Promise.reject(new Error('sleep boom')) }],
    ['a secrets resolver that rejects with nothing', { secrets: () => Promise.reject(undefined) }],
  ] as [string, RunOptions][])(
    '%s: the run resolves with its ordinary outcome, nothing left unhandled',
    async (_label, options) => {
      const { value: result, unhandled } = await withUnhandledRejections(() =>
        settled(runWorkflow(waitThenCall(), { network: LOOPBACK, sleep: async () => undefined, ...options })),
      );
      expect(unhandled).toEqual([]);
      expect(result.status).toBe('succeeded');
      expect(result.steps.pause!.status).toBe('succeeded');
      expect(result.steps.call!.status).toBe('succeeded');
    },
  );

  it('a handler returning a rejected promise fails its step with the reason', async () => {
    const { value: result, unhandled } = await withUnhandledRejections(() =>
      settled(
        runStep(
          { schemaVersion: 1, kind: 'step', id: 'h', type: 'action', action: 'host_thing', name: 'H', config: {} },
          { handlers: { host_thing: () => Promise.reject(new Error('handler boom')) } },
        ),
      ),
    );
    expect(unhandled).toEqual([]);
    expect(only(result).error).toMatchObject({ type: 'network', message: 'Action "host_thing" failed: handler boom' });
  });
});

describe('a signal that only looks like an AbortSignal', () => {
  it.each([
    ['no removeEventListener', { aborted: false, addEventListener() {} }],
    [
      'an addEventListener that throws',
      {
        aborted: false,
        addEventListener() {
          throw new Error('ael');
        },
        removeEventListener() {},
      },
    ],
  ])('is refused before anything is sent (%s)', async (_label, signal) => {
    let requests = 0;
    const server = await startServer((_request, response) => {
      requests++;
      response.end('{}');
    });
    try {
      const result = await runStep(httpsStep({ url: `${server.origin}/x`, method: 'GET', timeoutSeconds: 1 }), {
        network: LOOPBACK,
        signal: signal as unknown as AbortSignal,
      });
      expect(result.status).toBe('failed');
      expect(JSON.stringify(result.problems)).toContain('options.signal must be an AbortSignal');
      expect(requests).toBe(0);
    } finally {
      await server.close();
    }
  });
});
