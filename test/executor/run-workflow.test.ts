// Whole runs: validation before anything is sent, branches, skipped steps, run status,
// host handlers, wait, cancellation, events and secret redaction.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JsonObject, JsonValue, Workflow } from '../../src/definition';
import {
  ActionError,
  applyRunEvent,
  createRunSnapshot,
  runStep,
  runWorkflow,
  snapshotFromResult,
  type RunEvent,
} from '../../src/executor';
import { resumeWorkflow } from '../../src/executor/run';
import { answerAfter, httpsStep, LOOPBACK, recordingOptions, workflow } from './helpers';
import { json, startServer, type TestServer } from './servers';

let server: TestServer;
beforeAll(async () => {
  server = await startServer((request, response) => {
    if (request.url.startsWith('/fail')) {
      json(response, 500, { echo: request.headers['x-api-key'] ?? null });
      return;
    }
    if (request.url.startsWith('/echo')) {
      json(response, 200, { key: request.headers['x-api-key'] ?? null, url: request.url });
      return;
    }
    json(response, 200, { risk: Number(new URL(request.url, 'http://x').searchParams.get('risk') ?? 0) });
  });
});
afterAll(() => server.close());

function call(id: string, path: string, extra: JsonObject = {}): JsonObject {
  const { config } = httpsStep({ url: `${server.origin}${path}`, method: 'GET', ...extra }, id) as {
    config: JsonObject;
  };
  return { id, type: 'action', action: 'https_request', name: id, config };
}

function branchStep(id: string, branches: JsonObject[]): JsonObject {
  return { id, type: 'branch', name: id, branches };
}

describe('a definition that does not validate', () => {
  it('is not run: status failed, the problems, no steps, nothing sent', async () => {
    const before = server.requests.length;
    const result = await runWorkflow(workflow([call('first', '/score'), call('first', '/score')]), recordingOptions());
    expect(result).toEqual({ status: 'failed', problems: expect.any(Array), steps: {} });
    expect(result.problems!.some((problem) => problem.code === 'duplicate_id')).toBe(true);
    expect(server.requests.length).toBe(before);
  });

  it('is reported for input that is not a document at all', async () => {
    for (const input of [null, 42, 'text', { kind: 'workflow' }]) {
      const result = await runWorkflow(input);
      expect(result.status).toBe('failed');
      expect(result.steps).toEqual({});
      expect(result.problems!.length).toBeGreaterThan(0);
    }
    expect((await runStep({})).problems!.length).toBeGreaterThan(0);
  });

  it('includes secrets missing from a secrets record', async () => {
    const result = await runWorkflow(
      workflow([call('a', '/echo', { headers: [{ key: 'X-Api-Key', value: '{{ secrets.absent }}' }] })]),
      recordingOptions({ secrets: { present: 'x' } }),
    );
    expect(result.problems?.map((problem) => problem.code)).toContain('reference_unknown_secret');
  });
});

describe('branches', () => {
  const routed = (risk: number) =>
    workflow([
      call('score', `/score?risk=${risk}`),
      branchStep('route', [
        {
          id: 'high',
          name: 'High',
          when: { all: [{ left: '{{ steps.score.output.body.risk }}', op: 'gte', right: 0.8 }] },
          steps: [call('notify_high', '/high')],
        },
        {
          id: 'medium',
          name: 'Medium',
          when: { any: [{ left: '{{ steps.score.output.body.risk }}', op: 'gt', right: 0.4 }] },
          steps: [call('notify_medium', '/medium')],
        },
        { id: 'otherwise', name: 'Otherwise', steps: [call('notify_low', '/low')] },
      ]),
      call('after', '/after'),
    ]);

  it.each([
    [0.9, 'high', 'notify_high'],
    [0.5, 'medium', 'notify_medium'],
    [0.1, 'otherwise', 'notify_low'],
  ])('risk %s takes %s; the other branches are skipped', async (risk, branchId, ran) => {
    const result = await runWorkflow(routed(risk), recordingOptions());
    expect(result.status).toBe('succeeded');
    expect(Object.keys(result.steps)).toEqual([
      'score',
      'route',
      'notify_high',
      'notify_medium',
      'notify_low',
      'after',
    ]);
    expect(result.steps.route).toMatchObject({ status: 'succeeded', output: { branchId } });
    for (const id of ['notify_high', 'notify_medium', 'notify_low']) {
      expect(result.steps[id]!.status).toBe(id === ran ? 'succeeded' : 'skipped');
    }
    expect(result.steps.after!.status).toBe('succeeded');
  });

  it('takes no branch when none holds and there is no default', async () => {
    const result = await runWorkflow(
      workflow([
        branchStep('route', [{ id: 'never', name: 'Never', when: { any: [] }, steps: [call('inner', '/inner')] }]),
      ]),
      recordingOptions(),
    );
    expect(result.status).toBe('succeeded');
    expect(result.steps.route).toMatchObject({ output: { branchId: null } });
    expect(result.steps.inner!.status).toBe('skipped');
  });

  const holds = async (condition: JsonObject, trigger: JsonObject = {}): Promise<boolean> => {
    const result = await runStep(
      {
        schemaVersion: 1,
        kind: 'step',
        id: 'check',
        type: 'branch',
        name: 'Check',
        branches: [
          { id: 'yes', name: 'Yes', when: condition, steps: [] },
          { id: 'no', name: 'No', steps: [] },
        ],
      },
      { trigger },
    );
    return (result.steps.check!.output as { branchId: string }).branchId === 'yes';
  };
  const t = { n: 5, s: 'hello world', list: ['a', 'b'], obj: { k: 1 }, nothing: null };

  it.each([
    [{ left: '{{ trigger.n }}', op: 'eq', right: 5 }, true],
    [{ left: '{{ trigger.n }}', op: 'eq', right: '5' }, false],
    [{ left: '{{ trigger.obj }}', op: 'eq', right: { k: 1 } }, true],
    [{ left: '{{ trigger.n }}', op: 'neq', right: 6 }, true],
    [{ left: '{{ trigger.n }}', op: 'gt', right: 4 }, true],
    [{ left: '{{ trigger.n }}', op: 'gt', right: 5 }, false],
    [{ left: '{{ trigger.n }}', op: 'gte', right: 5 }, true],
    [{ left: '{{ trigger.n }}', op: 'lt', right: 5 }, false],
    [{ left: '{{ trigger.n }}', op: 'lte', right: 5 }, true],
    [{ left: '{{ trigger.s }}', op: 'contains', right: 'world' }, true],
    [{ left: '{{ trigger.list }}', op: 'contains', right: 'b' }, true],
    [{ left: '{{ trigger.list }}', op: 'contains', right: 'c' }, false],
    [{ left: '{{ trigger.n }}', op: 'exists' }, true],
    [{ left: '{{ trigger.nothing }}', op: 'exists' }, false],
    [{ left: '{{ trigger.n }}', op: 'not_exists' }, false],
    [{ all: [] }, true],
    [{ any: [] }, false],
    [
      {
        all: [
          { left: '{{ trigger.n }}', op: 'eq', right: 5 },
          { left: '{{ trigger.s }}', op: 'eq', right: 'x' },
        ],
      },
      false,
    ],
    [
      {
        any: [
          { left: '{{ trigger.n }}', op: 'eq', right: 1 },
          { left: '{{ trigger.s }}', op: 'contains', right: 'hello' },
        ],
      },
      true,
    ],
  ])('%j holds: %s', async (condition, expected) => {
    expect(await holds(condition as JsonObject, t)).toBe(expected);
  });

  it.each([
    ['exists', undefined, false],
    ['not_exists', undefined, true],
    ['eq', null, false],
    ['neq', 1, false],
    ['lt', 10, false],
  ])('treats an unresolvable reference as absent: %s is %s', async (op, right, expected) => {
    const condition: JsonObject = { left: '{{ trigger.missing.deep }}', op: op };
    if (right !== undefined) condition.right = right;
    expect(await holds(condition, t)).toBe(expected);
  });
});

describe('run status and skipped steps', () => {
  it('fails on a step that fails without continueOnError; later steps are skipped', async () => {
    const result = await runWorkflow(
      workflow([call('a', '/ok'), call('b', '/fail'), call('c', '/ok')]),
      recordingOptions(),
    );
    expect(result.status).toBe('failed');
    expect(result.runId).toEqual(expect.any(String));
    expect(result.steps).toMatchObject({
      a: { status: 'succeeded', attempts: 1 },
      b: { status: 'failed', attempts: 1, error: { type: 'http_status', status: 500, attempts: 1 } },
      c: { status: 'skipped', attempts: 0 },
    });
  });

  it('succeeds when the failed step has continueOnError, and later steps see its error', async () => {
    const result = await runWorkflow(
      workflow([call('a', '/fail', { continueOnError: true }), call('b', '/echo/{{ steps.a.error.type }}')]),
      recordingOptions(),
    );
    expect(result.status).toBe('succeeded');
    expect(result.steps.a!.status).toBe('failed');
    expect((result.steps.b!.output as { body: { url: string } }).body.url).toBe('/echo/http_status');
  });

  it('resolves workflow.id and run.id', async () => {
    const result = await runWorkflow(
      workflow([call('a', '/echo/{{ workflow.id }}/{{ run.id }}')]),
      recordingOptions({ runId: 'r-7' }),
    );
    expect(result.runId).toBe('r-7');
    expect((result.steps.a!.output as { body: { url: string } }).body.url).toBe('/echo/test_flow/r-7');
  });
});

describe('host actions', () => {
  const emailStep: JsonObject = {
    id: 'email',
    type: 'action',
    action: 'send_email',
    name: 'Email',
    config: { to: '{{ trigger.email }}', subject: 'Approved', text: 'Hello' },
  };

  it('fail with an error naming the action when no handler is given', async () => {
    const result = await runWorkflow(
      workflow([emailStep, call('after', '/ok')]),
      recordingOptions({ trigger: { email: 'a@b.test' } }),
    );
    expect(result.status).toBe('failed');
    expect(result.steps.email!.error!.message).toContain('send_email');
    expect(result.steps.after!.status).toBe('skipped');
  });

  it('run through handlers, with references resolved; the return value is the output', async () => {
    const seen: JsonObject[] = [];
    const result = await runWorkflow(
      workflow([emailStep]),
      recordingOptions({
        trigger: { email: 'a@b.test' },
        handlers: {
          send_email: ({ config }) => {
            seen.push(config);
            return { messageId: 'm1' };
          },
        },
      }),
    );
    expect(result.status).toBe('succeeded');
    expect(seen[0]).toMatchObject({ to: 'a@b.test' });
    expect(result.steps.email).toEqual({ status: 'succeeded', attempts: 1, output: { messageId: 'm1' } });
  });

  it('fail the step with the ActionError type a handler throws', async () => {
    const result = await runWorkflow(
      workflow([emailStep]),
      recordingOptions({
        trigger: { email: 'a@b.test' },
        handlers: {
          send_email: () => {
            throw new ActionError('http_status', 'Mail server said no', { status: 550 });
          },
        },
      }),
    );
    expect(result.steps.email!.error).toEqual({
      type: 'http_status',
      message: 'Mail server said no',
      status: 550,
      attempts: 1,
    });
  });

  it('can be actions outside the built-in catalog', async () => {
    const result = await runWorkflow(
      workflow([{ id: 'crm', type: 'action', action: 'sync_crm', name: 'CRM', config: { id: '{{ trigger.id }}' } }]),
      recordingOptions({ trigger: { id: 3 }, handlers: { sync_crm: ({ config }) => ({ synced: config.id ?? null }) } }),
    );
    expect(result.steps.crm).toMatchObject({ status: 'succeeded', output: { synced: 3 } });
  });
});

describe('wait', () => {
  it('waits through the sleep hook', async () => {
    const options = recordingOptions();
    const result = await runWorkflow(
      workflow([{ id: 'pause', type: 'action', action: 'wait', name: 'Pause', config: { seconds: 90 } }]),
      options,
    );
    expect(result.steps.pause).toEqual({ status: 'succeeded', attempts: 1, output: {} });
    expect(options.sleeps).toEqual([90_000]);
  });
});

describe('many runs at once', () => {
  // A host's server runs many workflows at once, most without a signal of their own: Node
  // must not warn of a leak (listeners on one shared signal past ten) in its logs.
  it('without signals, with retries, add no listener Node warns about', async () => {
    const warnings: string[] = [];
    const onWarning = (warning: Error): void => void warnings.push(`${warning.name}: ${warning.message}`);
    process.on('warning', onWarning);
    try {
      const results = await Promise.all(
        Array.from({ length: 24 }, () =>
          runWorkflow(
            workflow([call('a', '/ok'), call('b', '/fail', { retryIntervals: [0.01], continueOnError: true })]),
            {
              network: LOOPBACK,
            },
          ),
        ),
      );
      expect(results.every((result) => result.status === 'succeeded')).toBe(true);
      // Warnings are emitted on the next tick.
      await new Promise((resolve) => setImmediate(resolve));
    } finally {
      process.off('warning', onWarning);
    }
    expect(warnings.filter((warning) => warning.startsWith('MaxListenersExceededWarning'))).toEqual([]);
  });
});

describe('cancellation', () => {
  it('stops the run at the signal: the current step fails, the rest are skipped', async () => {
    const controller = new AbortController();
    const result = await runWorkflow(
      workflow([
        call('a', '/ok'),
        { id: 'pause', type: 'action', action: 'wait', name: 'Pause', config: { seconds: 3600 } },
        call('b', '/ok'),
      ]),
      {
        network: LOOPBACK,
        signal: controller.signal,
        onEvent: (event) => {
          if (event.type === 'step_started' && event.stepId === 'pause') controller.abort();
        },
      },
    );
    expect(result.status).toBe('failed');
    expect(result.steps.a!.status).toBe('succeeded');
    expect(result.steps.pause!.status).toBe('failed');
    expect(result.steps.pause!.error).toEqual({ type: 'cancelled', message: 'The run was cancelled.', attempts: 1 });
    expect(result.steps.b!.status).toBe('skipped');
  });

  it('between two steps fails the step about to start, even one that continues on error', async () => {
    const controller = new AbortController();
    const events: RunEvent[] = [];
    const result = await runWorkflow(
      workflow([call('a', '/ok'), call('b', '/ok', { continueOnError: true }), call('c', '/ok')]),
      {
        network: LOOPBACK,
        signal: controller.signal,
        onEvent: (event) => {
          events.push(event);
          if (event.type === 'step_finished' && event.stepId === 'a') controller.abort();
        },
      },
    );
    expect(result.status).toBe('failed');
    expect(result.steps.b).toEqual({
      status: 'failed',
      attempts: 0,
      error: { type: 'cancelled', message: 'The run was cancelled.', attempts: 0 },
    });
    expect(result.steps.c!.status).toBe('skipped');
    expect(events.at(-1)).toMatchObject({ type: 'run_finished', status: 'failed', cancelled: true });
  });
});

describe('time limits', () => {
  it('a run past AbortSignal.timeout fails its step in progress with timeout, not cancelled', async () => {
    const result = await runWorkflow(
      workflow([
        call('a', '/ok'),
        { id: 'pause', type: 'action', action: 'wait', name: 'Pause', config: { seconds: 3600 } },
        call('b', '/ok'),
      ]),
      { network: LOOPBACK, signal: AbortSignal.timeout(300) },
    );
    expect(result.status).toBe('failed');
    expect(result.steps.pause!.error).toEqual({
      type: 'timeout',
      message: 'The run went past its time limit.',
      attempts: 1,
    });
    expect(result.steps.b!.status).toBe('skipped');
  });

  it("a step past a runner's step time limit fails with timeout, and the run goes on when it continues on error", async () => {
    const slow = ({ signal }: { signal: AbortSignal }) => answerAfter<JsonValue>(5_000, 'late', signal);
    const result = await resumeWorkflow(
      workflow([
        { id: 'slow', type: 'action', action: 'slow', name: 'Slow', config: { continueOnError: true } },
        call('after', '/ok'),
      ]),
      { network: LOOPBACK, handlers: { slow } },
      { steps: {} },
      { stepTimeLimitMs: 200 },
    );
    expect(result.steps.slow!.error).toEqual({
      type: 'timeout',
      message: 'The step went past its time limit of 0.2 seconds.',
      attempts: 1,
    });
    expect(result.steps.after!.status).toBe('succeeded');
    expect(result.status).toBe('succeeded');
  });
});

describe('events', () => {
  it('report step and attempt progress in order', async () => {
    const options = recordingOptions({ runId: 'ev' });
    await runWorkflow(workflow([call('a', '/fail', { retryIntervals: [7], continueOnError: true })]), options);
    expect(options.events.map((event) => event.type)).toEqual([
      'step_started',
      'attempt_started',
      'attempt_failed',
      'attempt_started',
      'attempt_failed',
      'step_finished',
      'run_finished',
    ]);
    expect(options.events[2]).toMatchObject({
      stepId: 'a',
      attempt: 1,
      reason: { type: 'http_status', status: 500 },
      nextDelaySeconds: 7,
    });
    expect(options.events[4]).toMatchObject({ attempt: 2, nextDelaySeconds: null });
    expect(options.events[5]).toMatchObject({ status: 'failed', attempts: 2, error: { type: 'http_status' } });
    expect(options.events[6]).toMatchObject({
      type: 'run_finished',
      runId: 'ev',
      status: 'succeeded',
      cancelled: false,
    });
  });

  it("carry what a run view needs: a finished step's output, start, duration and the branch taken", async () => {
    let clock = 1_000;
    const events: RunEvent[] = [];
    await runWorkflow(
      workflow([
        call('score', '/score?risk=80'),
        branchStep('route', [
          {
            id: 'high',
            name: 'High',
            when: { all: [{ left: '{{ steps.score.output.body.risk }}', op: 'gt', right: 50 }] },
            steps: [],
          },
          { id: 'low', name: 'Low', steps: [] },
        ]),
      ]),
      { network: LOOPBACK, runId: 'view', now: () => (clock += 5), onEvent: (event) => events.push(event) },
    );
    const finished = events.filter((event) => event.type === 'step_finished');
    expect(finished[0]).toMatchObject({
      stepId: 'score',
      status: 'succeeded',
      output: { status: 200, body: { risk: 80 } },
    });
    expect(finished[0]!.durationMs).toBeGreaterThan(0);
    expect(finished[0]!.durationMs).toBe(finished[0]!.at - finished[0]!.startedAt);
    expect(finished[1]).toMatchObject({ stepId: 'route', output: { branchId: 'high' }, branchId: 'high' });
  });
});

describe('run snapshots', () => {
  const definition = () =>
    workflow([
      call('score', '/score?risk=10'),
      branchStep('route', [
        {
          id: 'high',
          name: 'High',
          when: { all: [{ left: '{{ steps.score.output.body.risk }}', op: 'gt', right: 50 }] },
          steps: [call('review', '/ok')],
        },
        { id: 'low', name: 'Low', steps: [call('approve', '/ok')] },
      ]),
      call('notify', '/fail'),
      call('after', '/ok'),
    ]);

  it('fold the events of a real run into the run result, with states on the way', async () => {
    const document = definition();
    let snapshot = createRunSnapshot(document as unknown as Workflow, 'snap');
    expect(Object.values(snapshot.steps).map((step) => step.status)).toEqual(Array(6).fill('waiting'));
    const seen: string[] = [];
    const result = await runWorkflow(document, {
      network: LOOPBACK,
      runId: 'snap',
      onEvent: (event) => {
        snapshot = applyRunEvent(snapshot, event, document as unknown as Workflow);
        seen.push(`${event.type}:${snapshot.steps.review!.status}:${snapshot.steps.notify!.status}`);
      },
    });
    // The branch not taken is skipped as soon as the branch step finishes, not only at the end.
    expect(seen).toContain('step_started:skipped:running');
    expect(snapshot.status).toBe('failed');
    const { startedAt, durationMs, ...approve } = snapshot.steps.approve!;
    expect(approve).toEqual(result.steps.approve);
    expect(typeof startedAt).toBe('number');
    expect(durationMs).toBeGreaterThanOrEqual(0);
    expect(snapshot.steps.route).toMatchObject({ status: 'succeeded', branchId: 'low' });
    expect(snapshot.steps.notify).toMatchObject({ status: 'failed', error: { type: 'http_status', status: 500 } });
    expect(snapshot.steps.after!.status).toBe('skipped');
    expect(Object.fromEntries(Object.entries(snapshot.steps).map(([id, step]) => [id, step.status]))).toEqual(
      Object.fromEntries(Object.entries(result.steps).map(([id, step]) => [id, step.status])),
    );
    expect(snapshotFromResult(result, document as unknown as Workflow).steps.route).toMatchObject({ branchId: 'low' });
  });

  it('ignore events of another run and of unknown steps', () => {
    const document = definition() as unknown as Workflow;
    const snapshot = createRunSnapshot(document, 'mine');
    expect(
      applyRunEvent(
        snapshot,
        { type: 'step_started', runId: 'other', stepId: 'score', action: 'https_request', at: 1 },
        document,
      ),
    ).toBe(snapshot);
    expect(
      applyRunEvent(
        snapshot,
        { type: 'step_started', runId: 'mine', stepId: 'nope', action: 'https_request', at: 1 },
        document,
      ),
    ).toBe(snapshot);
    expect(
      applyRunEvent(
        snapshot,
        { type: 'step_started', runId: 'mine', stepId: 'toString', action: 'https_request', at: 1 },
        document,
      ),
    ).toBe(snapshot);
  });
});

describe('secrets', () => {
  const secret = 'sk_live_Very$ecret/Value';

  it('never appear in events, errors or the result; a header that carried one shows [redacted]', async () => {
    const events: RunEvent[] = [];
    const result = await runWorkflow(
      workflow([
        call('a', '/echo?k={{ secrets.api_key }}', {
          headers: [{ key: 'X-Api-Key', value: 'Bearer {{ secrets.api_key }}' }],
        }),
        call('b', '/fail/{{ secrets.api_key }}', { headers: [{ key: 'X-Api-Key', value: '{{ secrets.api_key }}' }] }),
      ]),
      {
        network: LOOPBACK,
        secrets: async (name) => (name === 'api_key' ? secret : undefined),
        onEvent: (event) => events.push(event),
      },
    );
    // The server did get the secret…
    expect(server.requests.some((request) => request.headers['x-api-key'] === `Bearer ${secret}`)).toBe(true);
    // …but nothing the executor reports holds it, in any spelling.
    const reported = JSON.stringify({ result, events });
    expect(reported).not.toContain(secret);
    expect(reported).not.toContain(encodeURIComponent(secret));
    const started = events.find((event) => event.type === 'attempt_started');
    expect(started).toMatchObject({ headers: { 'X-Api-Key': '[redacted]' } });
    expect(started?.type === 'attempt_started' && started.url).toContain('[redacted]');
    expect((result.steps.a!.output as { body: { key: string } }).body.key).toBe('Bearer [redacted]');
    expect(result.steps.b!.status).toBe('failed');
  });
});

describe('runStep', () => {
  it('answers references to other steps from options.steps and returns one entry', async () => {
    const result = await runStep(
      httpsStep({ url: `${server.origin}/echo/{{ steps.lookup.output.body.id }}`, method: 'GET' }, 'single'),
      recordingOptions({ steps: { lookup: { output: { body: { id: 'u9' } } } } }),
    );
    expect(Object.keys(result.steps)).toEqual(['single']);
    expect((result.steps.single!.output as { body: { url: string } }).body.url).toBe('/echo/u9');
  });
});
