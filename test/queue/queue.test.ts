// Runs through the queue, against a real redis-server and a loopback HTTP server this file
// starts: the same results as in-process, idempotent enqueue, snapshots while a run goes
// on, events, cancel from another process's queue, and retry waits handed back.

import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { JsonObject, JsonValue, Workflow } from '../../src/definition';
import { runWorkflow, type RunEvent, type RunResult } from '../../src/executor';
import { createRunQueue, startRunWorker, type RunQueue, type RunWorker, type RunWorkerOptions } from '../../src/queue';
import { createRun, queueKeys } from '../../src/queue/run-store';
import { answerAfter, LOOPBACK, workflow } from '../executor/helpers';
import { json, startServer, type TestServer } from '../executor/servers';
import { startRedis, type TestRedis } from './redis-server';

let redis: TestRedis;
let server: TestServer;
/** Per path: how many times it answered 503 before answering 200. */
const failuresLeft = new Map<string, number>();

beforeAll(async () => {
  redis = await startRedis();
  server = await startServer((request, response) => {
    const path = request.url;
    const left = failuresLeft.get(path) ?? 0;
    if (left > 0) {
      failuresLeft.set(path, left - 1);
      json(response, 503, { path });
      return;
    }
    if (path.startsWith('/fail')) {
      json(response, 500, { path });
      return;
    }
    const risk = Number(new URL(path, 'http://x').searchParams.get('risk') ?? 0);
    json(response, 200, { path, risk, key: request.headers['idempotency-key'] ?? null });
  });
});
afterAll(async () => {
  await server.close();
  await redis.dispose();
});

const open: { close: () => Promise<void> }[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((item) => item.close()));
});

let queueCount = 0;
/** A queue and a worker of their own (a fresh queue name), closed after the test. */
function setUp(workerOptions: Partial<RunWorkerOptions> = {}): { queue: RunQueue; worker: RunWorker; name: string } {
  const name = `q${++queueCount}-${Date.now()}`;
  const queue = createRunQueue({ connection: redis.url, queueName: name });
  const worker = startRunWorker({ connection: redis.url, queueName: name, network: LOOPBACK, ...workerOptions });
  open.push(worker, queue);
  return { queue, worker, name };
}

function call(id: string, path: string, extra: JsonObject = {}): JsonObject {
  return {
    id,
    type: 'action',
    action: 'https_request',
    name: id,
    config: { url: `${server.origin}${path}`, method: 'GET', ...extra },
  };
}

function routed(risk: number): Workflow {
  return workflow([
    call('score', `/score?risk=${risk}`),
    {
      id: 'route',
      type: 'branch',
      name: 'Route',
      branches: [
        {
          id: 'high',
          name: 'High',
          when: { all: [{ left: '{{ steps.score.output.body.risk }}', op: 'gt', right: 50 }] },
          steps: [call('review', '/review')],
        },
        { id: 'low', name: 'Low', steps: [call('approve', '/approve')] },
      ],
    },
    call('notify', '/notify', { method: 'POST', body: { risk: '{{ steps.score.output.body.risk }}' } }),
    call('broken', '/fail', { continueOnError: true }),
  ]) as unknown as Workflow;
}

/** first → held (the host action `hold`, which the test controls) → last. */
function heldWorkflow(): Workflow {
  return workflow([
    call('first', '/first'),
    { id: 'held', type: 'action', action: 'hold', name: 'Held', config: {} },
    call('last', '/last'),
  ]) as unknown as Workflow;
}

/** A result without what differs between two runs of the same definition (response dates). */
function comparable(result: RunResult): unknown {
  return JSON.parse(JSON.stringify(result, (key, value) => (key === 'date' || key === 'runId' ? undefined : value)));
}

describe('a run through the queue', () => {
  it('ends with the result runWorkflow gives in-process, for both branches', async () => {
    const { queue } = setUp();
    for (const risk of [10, 90]) {
      const runId = `same-${risk}`;
      const viaQueue = await queue.waitForRun(await queue.enqueue(routed(risk), { runId }), { timeoutMs: 20_000 });
      const inProcess = await runWorkflow(routed(risk), { network: LOOPBACK, runId });
      expect(comparable(viaQueue)).toEqual(comparable(inProcess));
      expect(viaQueue.runId).toBe(runId);
      expect(viaQueue.steps.broken!.status).toBe('failed');
      expect(await queue.getRun(runId)).toEqual(viaQueue);
    }
  });

  it('is enqueued once per run id', async () => {
    const { queue } = setUp();
    const before = server.requests.length;
    const first = await queue.enqueue(routed(10), { runId: 'once' });
    const second = await queue.enqueue(routed(10), { runId: 'once' });
    expect(second).toBe(first);
    await queue.waitForRun('once', { timeoutMs: 20_000 });
    expect(await queue.enqueue(routed(10), { runId: 'once' })).toBe('once');
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(server.requests.length - before).toBe(4);
  });

  it('reports the events runWorkflow reports, in order, to a subscriber', async () => {
    const { queue } = setUp();
    const inProcess: RunEvent[] = [];
    await runWorkflow(routed(90), { network: LOOPBACK, runId: 'events', onEvent: (event) => inProcess.push(event) });
    const received: RunEvent[] = [];
    const runId = await queue.enqueue(routed(90), { runId: 'events-q' });
    const stop = queue.subscribe(runId, (event) => received.push(event));
    await queue.waitForRun(runId, { timeoutMs: 20_000 });
    await expect.poll(() => received.at(-1)?.type, { timeout: 5_000 }).toBe('run_finished');
    stop();
    const shape = (events: RunEvent[]) =>
      events.map((event) => `${event.type}:${'stepId' in event ? event.stepId : ''}`);
    expect(shape(received)).toEqual(shape(inProcess));
  });

  it('shows a snapshot while a step is in progress', async () => {
    let release: () => void = () => undefined;
    const held = new Promise<void>((resolve) => (release = resolve));
    const { queue } = setUp({ handlers: { hold: () => held.then(() => ({ done: true })) } });
    const runId = await queue.enqueue(heldWorkflow());
    await expect.poll(async () => (await queue.getRun(runId))?.steps.held?.status, { timeout: 10_000 }).toBe('running');
    const snapshot = await queue.getRun(runId);
    expect(snapshot).toMatchObject({
      status: 'running',
      runId,
      steps: {
        first: { status: 'succeeded', attempts: 1 },
        held: { status: 'running' },
        last: { status: 'waiting', attempts: 0 },
      },
    });
    expect(snapshot!.steps.first).toMatchObject({ startedAt: expect.any(Number), durationMs: expect.any(Number) });
    release();
    expect((await queue.waitForRun(runId, { timeoutMs: 20_000 })).status).toBe('succeeded');
  });

  it('is cancelled from another queue client: the step in progress fails with cancelled, the rest is skipped', async () => {
    const { queue, name } = setUp({
      handlers: {
        hold: ({ signal }) => answerAfter(60_000, null, signal),
      },
    });
    const runId = await queue.enqueue(heldWorkflow());
    await expect.poll(async () => (await queue.getRun(runId))?.steps.held?.status, { timeout: 10_000 }).toBe('running');
    const elsewhere = createRunQueue({ connection: redis.url, queueName: name });
    open.push(elsewhere);
    expect(await elsewhere.cancel(runId)).toBe(true);
    const result = await queue.waitForRun(runId, { timeoutMs: 10_000 });
    expect(result.status).toBe('failed');
    expect(result.steps.held).toMatchObject({ status: 'failed', error: { type: 'cancelled' } });
    expect(result.steps.last!.status).toBe('skipped');
    expect(await elsewhere.cancel(runId)).toBe(false);
  });
});

describe('enqueue, read from outside', () => {
  it('runs a run id again once the earlier run of that id is no longer retained', async () => {
    const name = `q${++queueCount}-${Date.now()}`;
    const queue = createRunQueue({ connection: redis.url, queueName: name, retentionSeconds: 1 });
    const worker = startRunWorker({ connection: redis.url, queueName: name, network: LOOPBACK });
    open.push(worker, queue);
    await queue.enqueue(routed(10), { runId: 'again' });
    expect((await queue.waitForRun('again', { timeoutMs: 20_000 })).status).toBe('succeeded');
    await expect.poll(() => queue.getRun('again'), { timeout: 5_000 }).toBeUndefined();
    // BullMQ still holds the finished job of that id: it must not swallow the new run's.
    expect(await queue.enqueue(routed(10), { runId: 'again' })).toBe('again');
    expect((await queue.waitForRun('again', { timeoutMs: 20_000 })).status).toBe('succeeded');
  });

  it('starts the run when an enqueue that stored it but failed to add its job is retried', async () => {
    const { queue, name } = setUp();
    // What a failed enqueue leaves behind: the run stored, and no job (Redis went away between the two).
    const client = new Redis(redis.url);
    await createRun(client, queueKeys('bull', name), 'half', {
      definition: routed(10),
      trigger: undefined,
      retentionSeconds: 60,
    });
    client.disconnect();
    expect(await queue.enqueue(routed(10), { runId: 'half' })).toBe('half');
    expect((await queue.waitForRun('half', { timeoutMs: 20_000 })).status).toBe('succeeded');
  });

  it('fails a document that is no workflow with its problems, and shows it meanwhile without throwing', async () => {
    const { queue } = setUp();
    const documents: unknown[] = [
      { ...routed(10), steps: [null, 5] },
      { ...routed(10), kind: 'step' },
      null,
      'workflow',
    ];
    for (const document of documents) {
      const runId = await queue.enqueue(document as Workflow);
      const seen = await queue.getRun(runId);
      expect(seen, JSON.stringify(document)).toBeDefined();
      const result = await queue.waitForRun(runId, { timeoutMs: 10_000 });
      expect(result.status, JSON.stringify(document)).toBe('failed');
      expect(result.problems?.length, JSON.stringify(document)).toBeGreaterThan(0);
    }
  });

  it('shows the steps of the branches not taken as skipped while the run goes on', async () => {
    let release: () => void = () => undefined;
    const held = new Promise<void>((resolve) => (release = resolve));
    const { queue } = setUp({ handlers: { hold: () => held.then(() => ({ done: true })) } });
    const definition = routed(90);
    definition.steps.push({ id: 'held', type: 'action', action: 'hold', name: 'Held', config: {} });
    const runId = await queue.enqueue(definition);
    await expect.poll(async () => (await queue.getRun(runId))?.steps.held?.status, { timeout: 10_000 }).toBe('running');
    expect(await queue.getRun(runId)).toMatchObject({
      status: 'running',
      steps: {
        route: { status: 'succeeded', branchId: 'high' },
        review: { status: 'succeeded' },
        approve: { status: 'skipped', attempts: 0 },
      },
    });
    release();
    expect((await queue.waitForRun(runId, { timeoutMs: 20_000 })).status).toBe('succeeded');
  });
});

describe('limits', () => {
  it("start at most the limiter's runs per period, over all workers", async () => {
    const { queue, name } = setUp({ limiter: { max: 2, duration: 1_000 } });
    const second = startRunWorker({
      connection: redis.url,
      queueName: name,
      network: LOOPBACK,
      limiter: { max: 2, duration: 1_000 },
    });
    open.push(second);
    const started: number[] = [];
    const runIds = await Promise.all(
      Array.from({ length: 5 }, () => queue.enqueue(workflow([call('only', '/limited')]) as unknown as Workflow)),
    );
    for (const runId of runIds) {
      queue.subscribe(runId, (event) => {
        if (event.type === 'step_started') started.push(event.at);
      });
    }
    await Promise.all(runIds.map((runId) => queue.waitForRun(runId, { timeoutMs: 20_000 })));
    await expect.poll(() => started.length, { timeout: 5_000 }).toBe(5);
    started.sort((a, b) => a - b);
    // Two a second: the fifth run starts two periods after the first (lower bound only).
    expect(started[4]! - started[0]!).toBeGreaterThanOrEqual(1_900);
  }, 30_000);
});

describe('what Redis keeps', () => {
  it("a finished run stays for the queue's retention, and a host action's output past the size limit fails its step", async () => {
    const name = `kept-${Date.now()}`;
    const queue = createRunQueue({ connection: redis.url, queueName: name, retentionSeconds: 120 });
    const worker = startRunWorker({
      connection: redis.url,
      queueName: name,
      network: LOOPBACK,
      maxResponseBytes: 1_000,
      handlers: { big: () => ({ text: 'x'.repeat(2_000) }), small: () => ({ text: 'ok' }) },
    });
    open.push(worker, queue);
    const runId = await queue.enqueue(
      workflow([
        { id: 'small', type: 'action', action: 'small', name: 'Small', config: {} },
        { id: 'big', type: 'action', action: 'big', name: 'Big', config: {} },
      ]) as unknown as Workflow,
    );
    const result = await queue.waitForRun(runId, { timeoutMs: 10_000 });
    expect(result.steps.small).toMatchObject({ status: 'succeeded', output: { text: 'ok' } });
    expect(result.steps.big!.error).toMatchObject({
      type: 'response_too_large',
      message: expect.stringMatching(/more than the 1000 this runner keeps/),
    });
    const client = new Redis(redis.url);
    try {
      const ttl = await client.ttl(`bull:wfe:${name}:run:${runId}`);
      expect(ttl).toBeGreaterThan(100);
      expect(ttl).toBeLessThanOrEqual(120);
      expect(await client.ttl(`bull:wfe:${name}:events:${runId}`)).toBeGreaterThan(100);
    } finally {
      client.disconnect();
    }
  });
});

describe('time limits', () => {
  const holdUntilAborted = ({ signal }: { signal: AbortSignal }) => answerAfter<JsonValue>(30_000, 'late', signal);

  it('fail a step past the step limit with timeout; the run goes on when it continues on error', async () => {
    const { queue } = setUp({ handlers: { hold: holdUntilAborted }, stepTimeLimitSeconds: 0.5 });
    const runId = await queue.enqueue(
      workflow([
        { id: 'held', type: 'action', action: 'hold', name: 'Held', config: { continueOnError: true } },
        call('after', '/after-step-limit'),
      ]) as unknown as Workflow,
    );
    const result = await queue.waitForRun(runId, { timeoutMs: 10_000 });
    expect(result.steps.held!.error).toMatchObject({
      type: 'timeout',
      message: 'The step went past its time limit of 0.5 seconds.',
    });
    expect(result.steps.after!.status).toBe('succeeded');
  });

  it('fail a step past the step limit counted over its retry waits, reported started once, with its whole duration', async () => {
    const { queue } = setUp({ stepTimeLimitSeconds: 2 });
    const runId = await queue.enqueue(
      workflow([call('send', '/fail-step-limit', { retryIntervals: [1, 1, 1, 1, 1] })]) as unknown as Workflow,
    );
    const events: RunEvent[] = [];
    queue.subscribe(runId, (event) => events.push(event));
    const result = await queue.waitForRun(runId, { timeoutMs: 15_000 });
    expect(result.steps.send).toMatchObject({ status: 'failed', error: { type: 'timeout' } });
    expect(result.steps.send!.attempts).toBeLessThan(4);
    await expect.poll(() => events.some((event) => event.type === 'run_finished'), { timeout: 5_000 }).toBe(true);
    expect(events.filter((event) => event.type === 'step_started')).toHaveLength(1);
    const finished = events.find((event) => event.type === 'step_finished');
    expect(finished?.type === 'step_finished' && finished.durationMs).toBeGreaterThanOrEqual(1_900);
  });

  it('end a run past the run limit, even one waiting for a retry: the step fails with timeout, the rest is skipped', async () => {
    const { queue } = setUp({ runTimeLimitSeconds: 1 });
    failuresLeft.set('/run-limit', 5);
    const runId = await queue.enqueue(
      workflow([
        call('send', '/run-limit', { retryIntervals: [3600] }),
        call('after', '/after-run-limit'),
      ]) as unknown as Workflow,
    );
    const started = Date.now();
    const result = await queue.waitForRun(runId, { timeoutMs: 15_000 });
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(result.status).toBe('failed');
    expect(result.steps.send).toMatchObject({
      status: 'failed',
      attempts: 1,
      error: { type: 'timeout', message: 'The run went past its time limit.' },
    });
    expect(result.steps.after!.status).toBe('skipped');
  });
});

describe('graceful shutdown', () => {
  it('lets a short step finish, and hands a long one back to continue in another worker', async () => {
    const calls: string[] = [];
    const slow = ({ config, signal }: { config: JsonObject; signal: AbortSignal }) => {
      const label = typeof config.label === 'string' ? config.label : '';
      calls.push(label);
      return answerAfter<JsonValue>(Number(config.ms), { done: label }, signal);
    };
    const { queue, worker, name } = setUp({ handlers: { slow } });
    const step = (id: string, ms: number) => ({
      id,
      type: 'action',
      action: 'slow',
      name: id,
      config: { label: id, ms },
    });
    const short = await queue.enqueue(
      workflow([call('first', '/shutdown-short'), step('short', 300)]) as unknown as Workflow,
    );
    const long = await queue.enqueue(
      workflow([call('first', '/shutdown-long'), step('long', 60_000), call('after', '/after')]) as unknown as Workflow,
    );
    await expect.poll(() => calls.length, { timeout: 10_000 }).toBe(2);

    await worker.close({ handBackAfterMs: 1_000 });
    // The short run finished in the grace period; the long one is back in the queue.
    expect((await queue.getRun(short))?.status).toBe('succeeded');
    expect(await queue.getRun(long)).toMatchObject({
      status: 'running',
      steps: { first: { status: 'succeeded' }, after: { status: 'waiting' } },
    });

    const successor = startRunWorker({
      connection: redis.url,
      queueName: name,
      network: LOOPBACK,
      handlers: { slow: (context) => slow({ ...context, config: { ...context.config, ms: 10 } }) },
    });
    open.push(successor);
    const result = await queue.waitForRun(long, { timeoutMs: 20_000 });
    expect(result.status).toBe('succeeded');
    expect(result.steps.long).toMatchObject({ status: 'succeeded', output: { done: 'long' } });
    expect(calls).toEqual(['short', 'long', 'long']);
    // "first" was not sent again by the successor.
    expect(server.requests.filter((request) => request.url === '/shutdown-long')).toHaveLength(1);
  }, 40_000);
});

describe('every valid workflow fixture', () => {
  const fixtureDir = fileURLToPath(new URL('../fixtures/valid/', import.meta.url));
  const handlers = Object.fromEntries(
    ['approve_inquiry', 'create_case', 'decline_inquiry', 'mark_for_review', 'send_email'].map((action) => [
      action,
      ({ config }: { config: JsonObject }) => ({ handled: action, config }),
    ]),
  );
  const secrets = { crm_api_key: 'sk_test_fixture_key', crm_signing_secret: 'whsec_fixture' };
  const trigger = { inquiryId: 'inq_1', userId: 'usr_1', fields: { tags: ['vip'], 'content-type': 'json' } };

  it('ends with the same result through the queue as in-process', async () => {
    const { queue } = setUp({ handlers, secrets });
    const files = readdirSync(fixtureDir).filter((file) => file.endsWith('.json'));
    let compared = 0;
    for (const file of files) {
      // Every destination becomes the loopback server (the fixtures name public hosts).
      const text = readFileSync(path.join(fixtureDir, file), 'utf8').replace(/https:\/\/[a-z0-9.-]+/g, server.origin);
      // Waits of a second: through the queue they are real (delayed jobs), in-process too.
      const document = JSON.parse(text.replace(/"seconds": \d+/g, '"seconds": 1')) as { kind: string };
      if (document.kind !== 'workflow') continue;
      const definition = document as Workflow;
      const runId = `fixture-${file}`;
      const viaQueue = await queue.waitForRun(await queue.enqueue(definition, { runId, trigger }), {
        timeoutMs: 30_000,
      });
      const inProcess = await runWorkflow(definition, { network: LOOPBACK, runId, trigger, secrets, handlers });
      expect(comparable(viaQueue), file).toEqual(comparable(inProcess));
      compared += 1;
    }
    expect(compared).toBe(3);
  }, 60_000);
});

describe('retry waits', () => {
  it('end at once as cancelled when the run is cancelled while it waits', async () => {
    const { queue } = setUp();
    failuresLeft.set('/slow-retry', 5);
    const runId = await queue.enqueue(
      workflow([
        call('send', '/slow-retry', { retryIntervals: [3600] }),
        call('after', '/after'),
      ]) as unknown as Workflow,
    );
    await expect.poll(async () => (await queue.getRun(runId))?.steps.send?.attempts, { timeout: 10_000 }).toBe(1);
    expect(await queue.cancel(runId)).toBe(true);
    const result = await queue.waitForRun(runId, { timeoutMs: 10_000 });
    expect(result.steps.send).toMatchObject({
      status: 'failed',
      attempts: 1,
      error: { type: 'cancelled', attempts: 1 },
    });
    expect(result.steps.after!.status).toBe('skipped');
    expect(server.requests.filter((request) => request.url === '/slow-retry')).toHaveLength(1);
  });

  it('are handed back to the queue: attempts keep their intervals and the worker runs other runs meanwhile', async () => {
    const { queue } = setUp({ concurrency: 1 });
    failuresLeft.set('/flaky', 2);
    const started = Date.now();
    const flaky = await queue.enqueue(
      workflow([call('flaky', '/flaky', { method: 'POST', body: {}, retryIntervals: [1, 2] })]) as unknown as Workflow,
    );
    const attempts: number[] = [];
    queue.subscribe(flaky, (event) => {
      if (event.type === 'attempt_started') attempts.push(event.at);
    });
    // With one slot, this run can only finish while the other one waits without the worker.
    await expect.poll(async () => (await queue.getRun(flaky))?.steps.flaky?.attempts, { timeout: 10_000 }).toBe(1);
    const other = await queue.enqueue(routed(10));
    const otherResult = await queue.waitForRun(other, { timeoutMs: 20_000 });
    const otherDone = Date.now();
    const result = await queue.waitForRun(flaky, { timeoutMs: 20_000 });
    expect(otherResult.status).toBe('succeeded');
    expect(result.steps.flaky).toMatchObject({ status: 'succeeded', attempts: 3 });
    await expect.poll(() => attempts.length, { timeout: 5_000 }).toBe(3);
    expect(attempts[1]! - attempts[0]!).toBeGreaterThanOrEqual(1_000);
    expect(attempts[2]! - attempts[1]!).toBeGreaterThanOrEqual(2_000);
    expect(attempts[0]! - started).toBeGreaterThanOrEqual(0);
    expect(otherDone).toBeLessThan(attempts[2]!);
    // Every attempt of the step carried the same Idempotency-Key.
    const keys = server.requests
      .filter((request) => request.url === '/flaky')
      .map((request) => request.headers['idempotency-key']);
    expect(keys).toHaveLength(3);
    expect(new Set(keys).size).toBe(1);
  });
});
