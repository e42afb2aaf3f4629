// Runs the queue gives up on still end, against a real redis-server: a run whose job fails
// every attempt (its stored data damaged, so no worker can read it), and one whose worker
// stopped more often than maxStalledCount allows, end failed with the step in progress
// stopped and a message that says why, for getRun, waitForRun and subscribers alike. When
// even that result cannot be stored, the worker says so through onError and goes on. Then,
// without Redis, which step the queue stops when none was in progress.

import { Worker } from 'bullmq';
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { JsonValue, Workflow } from '../../src/definition';
import type { ActionHandlerContext, RunEvent } from '../../src/executor';
import { applyRunEvent, createRunSnapshot } from '../../src/executor/run-snapshot';
import type { RunSnapshot, StepError } from '../../src/executor/types';
import { createRunQueue, RunQueueError, startRunWorker, type RunQueue, type RunWorkerOptions } from '../../src/queue';
import { givenUpEnding } from '../../src/queue/give-up';
import { answerAfter, workflow } from '../executor/helpers';
import { actionStep, branch, branchStep, workflowOf } from '../fixtures/workflow-builders';
import { startRedis, type TestRedis } from './redis-server';

let redis: TestRedis;
let client: Redis;

beforeAll(async () => {
  redis = await startRedis();
  client = new Redis(redis.url);
});
afterAll(async () => {
  client.disconnect();
  await redis.dispose();
});

const open: { close: () => Promise<void> }[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((item) => item.close()));
});

let queueCount = 0;
/** A queue of its own (a fresh name) that gives up after 3 quick tries, closed after the test. */
function newQueue(): { queue: RunQueue; name: string } {
  const name = `given-up-${++queueCount}-${Date.now()}`;
  const queue = createRunQueue({ connection: redis.url, queueName: name, jobAttempts: 3, jobBackoffMs: 50 });
  open.push(queue);
  return { queue, name };
}

const handlers = {
  quick: () => ({ done: true }),
  hold: ({ signal }: ActionHandlerContext) => answerAfter<JsonValue>(60_000, null, signal),
};

function newWorker(name: string, extra: Partial<RunWorkerOptions> = {}) {
  const worker = startRunWorker({ connection: redis.url, queueName: name, handlers, ...extra });
  open.push(worker);
  return worker;
}

/** first (quick) → held (until the worker stops) → last (quick). */
function heldWorkflow(): Workflow {
  return workflow([
    { id: 'first', type: 'action', action: 'quick', name: 'First', config: {} },
    { id: 'held', type: 'action', action: 'hold', name: 'Held', config: {} },
    { id: 'last', type: 'action', action: 'quick', name: 'Last', config: {} },
  ]) as unknown as Workflow;
}

describe('a run the queue gives up on', () => {
  it('ends failed when its job fails every attempt: the step in progress is stopped with the reason, the rest skipped', async () => {
    const { queue, name } = newQueue();
    const first = newWorker(name);
    const runId = await queue.enqueue(heldWorkflow(), { trigger: { inquiryId: 'inq_1' } });
    await expect.poll(async () => (await queue.getRun(runId))?.steps.held?.status, { timeout: 10_000 }).toBe('running');
    // The worker stops with the step in flight: the run goes back to the queue where it stands.
    await first.close({ handBackAfterMs: 0 });
    // Meanwhile the stored trigger is edited by hand and left as text that is no JSON: every
    // worker that takes the run fails to read it, attempt after attempt.
    await client.hset(`bull:wfe:${name}:run:${runId}`, 'trigger', '{"inquiryId": inq_1}');
    const events: RunEvent[] = [];
    queue.subscribe(runId, (event) => events.push(event));
    newWorker(name);

    const result = await queue.waitForRun(runId, { timeoutMs: 10_000 });
    expect(result).toMatchObject({
      status: 'failed',
      runId,
      steps: {
        first: { status: 'succeeded', output: { done: true } },
        held: {
          status: 'failed',
          error: {
            type: 'cancelled',
            message: expect.stringMatching(
              /^The queue gave up on this run after 3 attempts; the last one failed with: .*JSON/,
            ),
          },
        },
        last: { status: 'skipped', attempts: 0 },
      },
    });
    expect(await queue.getRun(runId)).toEqual(result);
    await expect.poll(() => events.at(-1)?.type, { timeout: 5_000 }).toBe('run_finished');
    expect(events.at(-1)).toMatchObject({ status: 'failed', cancelled: true });
    expect(events.at(-2)).toMatchObject({
      type: 'step_finished',
      stepId: 'held',
      status: 'failed',
      error: result.steps.held!.error,
    });
    // Kept for the retention, as every finished run.
    expect(await client.ttl(`bull:wfe:${name}:run:${runId}`)).toBeGreaterThan(0);
    expect(await client.ttl(`bull:wfe:${name}:events:${runId}`)).toBeGreaterThan(0);
  });

  it('ends failed when its worker stopped more often than maxStalledCount allows', async () => {
    const { queue, name } = newQueue();
    const runId = await queue.enqueue(heldWorkflow());
    // A worker takes the run's job and dies at once: its hold on the run is never renewed.
    const dying = new Worker(name, null, { connection: { host: '127.0.0.1', port: redis.port }, lockDuration: 200 });
    expect((await dying.getNextJob('dying')).data).toEqual({ runId });
    await dying.close();
    newWorker(name, { maxStalledCount: 0, stalledIntervalMs: 100 });

    const result = await queue.waitForRun(runId, { timeoutMs: 10_000 });
    expect(result).toMatchObject({
      status: 'failed',
      steps: {
        first: {
          status: 'failed',
          attempts: 0,
          error: {
            type: 'cancelled',
            message:
              'The queue gave up on this run after its workers stopped once while holding it (a process died or lost its hold on the run), more than maxStalledCount allows.',
          },
        },
        held: { status: 'skipped' },
        last: { status: 'skipped' },
      },
    });
  });

  it('is reported to onError when even its failed result cannot be stored, and the worker goes on', async () => {
    const { queue, name } = newQueue();
    const broken = await queue.enqueue(heldWorkflow());
    // The run's hash replaced by a string: every command on it fails with WRONGTYPE,
    // the worker's attempts and the failed result alike.
    await client.set(`bull:wfe:${name}:run:${broken}`, 'not a hash');
    const errors: Error[] = [];
    newWorker(name, {
      handlers: { ...handlers, hold: () => ({ held: false }) },
      onError: (error) => errors.push(error),
    });

    await expect.poll(() => errors.length, { timeout: 10_000 }).toBe(1);
    expect(errors[0]).toBeInstanceOf(RunQueueError);
    expect(errors[0]).toMatchObject({
      code: 'result_not_recorded',
      message: expect.stringMatching(
        new RegExp(
          `^Run ${broken} did not end: .*\\(WRONGTYPE .*\\)\\. The queue gave up on this run after 3 attempts`,
        ),
      ),
    });
    const next = await queue.enqueue(heldWorkflow());
    expect((await queue.waitForRun(next, { timeoutMs: 10_000 })).status).toBe('succeeded');
  });
  it('stores no result without its events when the event stream cannot take them', async () => {
    const { queue, name } = newQueue();
    const runId = await queue.enqueue(heldWorkflow());
    // The run's event stream replaced by a string: its steps run, but no event, and so no
    // end, can be written (a result stored without them would never expire).
    await client.set(`bull:wfe:${name}:events:${runId}`, 'not a stream');
    const errors: Error[] = [];
    newWorker(name, {
      handlers: { ...handlers, hold: () => ({ held: false }) },
      onError: (error) => errors.push(error),
    });

    await expect.poll(() => errors.length, { timeout: 10_000 }).toBe(1);
    expect(errors[0]).toMatchObject({ code: 'result_not_recorded', message: expect.stringContaining('WRONGTYPE') });
    expect(await client.hexists(`bull:wfe:${name}:run:${runId}`, 'result')).toBe(0);
  });
});

describe('the step the queue stops when none was in progress', () => {
  const message = 'The queue gave up on this run after 5 attempts; the last one failed with: boom';
  const fails = (stepId: string, error: StepError, at = 1): RunEvent => ({
    type: 'step_finished',
    runId: 'r',
    stepId,
    status: 'failed',
    attempts: error.attempts,
    error,
    startedAt: at,
    durationMs: 0,
    at,
  });
  const snapshotAfter = (definition: Workflow, events: RunEvent[]): RunSnapshot =>
    events.reduce((snapshot, event) => applyRunEvent(snapshot, event, definition), createRunSnapshot(definition, 'r'));

  it('is the next one to run: after a failure that continues, inside the branch taken', () => {
    const definition = workflowOf([
      actionStep('tolerant', { config: { url: 'https://a.example', method: 'GET', continueOnError: true } }),
      branchStep('route', [
        branch('high', [actionStep('review')]),
        branch('low', [actionStep('approve')], { when: null }),
      ]),
      actionStep('notify'),
    ]);
    const snapshot = snapshotAfter(definition, [
      fails('tolerant', { type: 'http_status', message: 'HTTP 500', status: 500, attempts: 1 }),
      {
        type: 'step_finished',
        runId: 'r',
        stepId: 'route',
        status: 'succeeded',
        attempts: 1,
        output: { branchId: 'low' },
        branchId: 'low',
        startedAt: 2,
        durationMs: 0,
        at: 2,
      },
    ]);
    const ending = givenUpEnding(definition, snapshot, message, 10);
    expect(ending.result).toEqual({
      status: 'failed',
      runId: 'r',
      steps: {
        tolerant: {
          status: 'failed',
          attempts: 1,
          error: { type: 'http_status', message: 'HTTP 500', status: 500, attempts: 1 },
        },
        route: { status: 'succeeded', attempts: 1, output: { branchId: 'low' } },
        review: { status: 'skipped', attempts: 0 },
        approve: { status: 'failed', attempts: 0, error: { type: 'cancelled', message, attempts: 0 } },
        notify: { status: 'skipped', attempts: 0 },
      },
    });
    expect(ending.before).toMatchObject([
      { type: 'step_finished', stepId: 'approve', status: 'failed', startedAt: 10, durationMs: 0 },
    ]);
    expect(ending.event).toEqual({ type: 'run_finished', runId: 'r', status: 'failed', cancelled: true, at: 10 });
  });

  it('is none when the run had already failed on its own: its outcome stands', () => {
    const definition = workflowOf([actionStep('send'), actionStep('after')]);
    const own: StepError = { type: 'http_status', message: 'HTTP 404', status: 404, attempts: 1 };
    const ending = givenUpEnding(definition, snapshotAfter(definition, [fails('send', own)]), message, 10);
    expect(ending.result).toEqual({
      status: 'failed',
      runId: 'r',
      steps: { send: { status: 'failed', attempts: 1, error: own }, after: { status: 'skipped', attempts: 0 } },
    });
    expect(ending.before).toEqual([]);
    expect(ending.event).toMatchObject({ status: 'failed', cancelled: false });
  });
});
