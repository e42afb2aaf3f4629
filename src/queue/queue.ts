// ---------------------------------------------------------------------------
// createRunQueue: the side of the queue a host's API server holds. It puts runs in,
// reads how they are doing, follows their events and cancels them, from any process.
// ---------------------------------------------------------------------------

import { Queue } from 'bullmq';
import type { JsonValue, Workflow } from '../definition/types';
import type { RunEvent, RunResult, RunSnapshot } from '../executor/types';
import { connect, DEFAULT_QUEUE_NAME, DEFAULT_RETENTION_SECONDS, type QueueConnection } from './connection';
import { RunQueueError } from './errors';
import { createRun, jobIdForRun, markCancelled, queueKeys, readResult, readSnapshot } from './run-store';

/** Options of {@link createRunQueue}. */
export interface RunQueueOptions {
  /** Redis: connection options, a `redis://` URL or an ioredis client (duplicated, never closed here). */
  connection: QueueConnection;
  /** Key prefix in Redis, the same for the queue and its workers. @default "bull" */
  prefix?: string;
  /** @default "workflow-runs" */
  queueName?: string;
  /** How long finished runs stay readable. @default 7 days */
  retentionSeconds?: number;
  /**
   * Times a run's job is tried before the queue gives up on it. Only Redis trouble or an
   * unexpected worker error fails a job (a run's own failures are its result); a run given
   * up on ends `failed`, its step in progress failed with `cancelled` and a message that
   * says why. @default 5
   */
  jobAttempts?: number;
  /** Wait before a failed job's second try, doubled before each later one. @default 1000 */
  jobBackoffMs?: number;
}

/** Options of {@link RunQueue.enqueue}. */
export interface EnqueueOptions {
  /** The trigger payload (`{{ trigger... }}`). */
  trigger?: JsonValue;
  /**
   * The run's id. Enqueueing the same id again, while the run is retained, returns it and
   * starts nothing new. @default a random UUID
   */
  runId?: string;
}

/** Options of {@link RunQueue.subscribe}. */
export interface SubscribeOptions {
  /** Also deliver the events that happened before subscribing (in order). @default true */
  fromStart?: boolean;
}

/** The queue of runs, as a host's servers use it. */
export interface RunQueue {
  /** Puts a run of `definition` in the queue; resolves with its run id. */
  enqueue: (definition: Workflow, options?: EnqueueOptions) => Promise<string>;
  /**
   * How a run is doing: a `RunSnapshot` while it goes on, its `RunResult` once finished,
   * `undefined` for a run unknown or no longer retained.
   */
  getRun: (runId: string) => Promise<RunSnapshot | RunResult | undefined>;
  /**
   * Cancels a run from any process: the step in progress fails with `cancelled` and the
   * rest is skipped. Resolves false for a run unknown or already finished.
   */
  cancel: (runId: string) => Promise<boolean>;
  /** Calls `onEvent` with the run's events as `runWorkflow`'s `onEvent` gets them; returns a stop function. */
  subscribe: (runId: string, onEvent: (event: RunEvent) => void, options?: SubscribeOptions) => () => void;
  /** Resolves with the run's result once it has finished. Rejects after `timeoutMs` (default: never). */
  waitForRun: (runId: string, options?: { timeoutMs?: number }) => Promise<RunResult>;
  /** Closes the queue's connections (subscriptions end). */
  close: () => Promise<void>;
}

/** How long one blocking read of a run's events waits before looking again. */
const READ_BLOCK_MS = 1_000;

/** Opens the queue of runs in Redis. */
export function createRunQueue(options: RunQueueOptions): RunQueue {
  const prefix = options.prefix ?? 'bull';
  const queueName = options.queueName ?? DEFAULT_QUEUE_NAME;
  const keys = queueKeys(prefix, queueName);
  const retentionSeconds = options.retentionSeconds ?? DEFAULT_RETENTION_SECONDS;
  const jobAttempts = options.jobAttempts ?? 5;
  const jobBackoffMs = options.jobBackoffMs ?? 1_000;
  if (!Number.isInteger(jobAttempts) || jobAttempts < 1)
    throw new RangeError(`createRunQueue: jobAttempts must be a whole number of at least 1, not ${jobAttempts}.`);
  if (!Number.isFinite(jobBackoffMs) || jobBackoffMs < 0)
    throw new RangeError(
      `createRunQueue: jobBackoffMs must be a number of milliseconds of 0 or more, not ${jobBackoffMs}.`,
    );
  const redis = connect(options.connection);
  // BullMQ leaves a connection it was given open on close: ours is closed in close().
  const queueConnection = connect(options.connection);
  const queue = new Queue<{ runId: string }, RunResult>(queueName, { connection: queueConnection, prefix });
  // Without a listener BullMQ prints every Redis reconnect as a stack trace; the commands
  // that fail meanwhile reject, which is where the host sees them.
  queue.on('error', () => undefined);
  const readers = new Set<ReturnType<typeof connect>>();
  let closed = false;

  /** Reads a run's events from `after` on, calling `deliver` for each, until `stop()` says so. */
  async function follow(
    runId: string,
    after: string,
    deliver: (event: RunEvent) => void,
    stopped: () => boolean,
  ): Promise<void> {
    const reader = connect(options.connection);
    readers.add(reader);
    let last = after;
    try {
      while (!stopped() && !closed) {
        const answer = await reader.xread('COUNT', 500, 'BLOCK', READ_BLOCK_MS, 'STREAMS', keys.events(runId), last);
        for (const [, entries] of answer ?? []) {
          for (const [id, fields] of entries) {
            last = id;
            const text = fields[fields.indexOf('event') + 1];
            if (text !== undefined && !stopped()) deliver(JSON.parse(text) as RunEvent);
          }
        }
      }
    } catch (error) {
      // A reader closed by close() or stop() ends quietly; anything else is the host's to see.
      if (!closed && !stopped()) throw error;
    } finally {
      readers.delete(reader);
      reader.disconnect();
    }
  }

  return {
    async enqueue(definition, enqueueOptions = {}) {
      const runId = enqueueOptions.runId ?? crypto.randomUUID();
      if (typeof runId !== 'string' || runId === '')
        throw new RunQueueError('invalid_run_id', 'enqueue: runId must be non-empty text.');
      const created = await createRun(redis, keys, runId, {
        definition,
        trigger: enqueueOptions.trigger,
        retentionSeconds,
      });
      const jobId = jobIdForRun(runId);
      if (created) {
        // A run of this id that is no longer retained may still have its finished job in
        // BullMQ (it removes them lazily), which would swallow this run's job as a duplicate.
        const previous = await queue.getJob(jobId);
        if (previous && ((await previous.isCompleted()) || (await previous.isFailed()))) await previous.remove();
      } else {
        // The same id again: a finished or running run starts nothing new. But an enqueue
        // that stored the run and then failed to add its job (Redis trouble) is retried
        // like this: the run would never start without its job.
        if ((await readResult(redis, keys, runId)) !== null) return runId;
        if (await queue.getJob(jobId)) return runId;
      }
      // BullMQ adds nothing for a job id it holds: two enqueues racing here add one job.
      await queue.add(
        'run',
        { runId },
        {
          jobId,
          // Only Redis trouble or an unexpected worker error fails a job (a run's own
          // failures are its result): try again. The worker ends a run given up on.
          attempts: jobAttempts,
          backoff: { type: 'exponential', delay: jobBackoffMs },
          removeOnComplete: { age: retentionSeconds },
          removeOnFail: { age: retentionSeconds },
        },
      );
      return runId;
    },

    getRun: (runId) => readSnapshot(redis, keys, runId),

    async cancel(runId) {
      // Only the result is read (not the whole run): a finished or unknown run is not cancelled.
      if ((await readResult(redis, keys, runId)) !== null) return false;
      if (!(await markCancelled(redis, keys, runId))) return false;
      // A run waiting for its next attempt is taken now, to end as cancelled.
      const job = await queue.getJob(jobIdForRun(runId));
      if (job && (await job.isDelayed())) await job.promote().catch(() => undefined);
      return true;
    },

    subscribe(runId, onEvent, subscribeOptions = {}) {
      let stopped = false;
      const from = subscribeOptions.fromStart === false ? '$' : '0';
      void follow(runId, from, onEvent, () => stopped).catch(() => undefined);
      return () => {
        stopped = true;
      };
    },

    async waitForRun(runId, waitOptions = {}) {
      const deadline = waitOptions.timeoutMs === undefined ? Infinity : Date.now() + waitOptions.timeoutMs;
      const watcher = connect(options.connection);
      readers.add(watcher);
      try {
        let last = '0';
        let look = true;
        for (;;) {
          if (look) {
            const result = await readResult(redis, keys, runId);
            if (result === undefined)
              throw new RunQueueError(
                'unknown_run',
                `Run ${runId} is not in the queue (unknown, or no longer retained).`,
              );
            if (result) return result;
          }
          if (closed) throw new RunQueueError('queue_closed', 'The run queue was closed.');
          if (Date.now() >= deadline)
            throw new RunQueueError(
              'wait_timed_out',
              `Run ${runId} did not finish within ${waitOptions.timeoutMs} ms.`,
            );
          const block = Math.max(1, Math.min(READ_BLOCK_MS, deadline - Date.now()));
          const answer = await watcher.xread('COUNT', 500, 'BLOCK', block, 'STREAMS', keys.events(runId), last);
          // The worker appends a `stored` entry once the result is in: look only then (or
          // after a quiet second, in case the result came while this was not reading).
          look = !answer;
          for (const [, entries] of answer ?? []) {
            for (const [id, fields] of entries) {
              last = id;
              if (fields[0] === 'stored') look = true;
            }
          }
        }
      } finally {
        readers.delete(watcher);
        watcher.disconnect();
      }
    },

    async close() {
      closed = true;
      for (const reader of readers) reader.disconnect();
      await queue.close();
      await Promise.allSettled([redis.quit(), queueConnection.quit()]);
    },
  };
}
