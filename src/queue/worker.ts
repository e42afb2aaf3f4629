// ---------------------------------------------------------------------------
// startRunWorker: takes runs from the queue and carries them out with the reference
// executor, one BullMQ job per run.
//
// Durable: every step's result is in Redis as soon as the step ends, so when a worker dies
// (SIGKILL, a lost machine), BullMQ's stalled-job check hands the job to another worker,
// which continues from the last finished step; a step that was in flight is sent again
// with the same Idempotency-Key (it derives from run id and step id).
// Nobody sleeps: a retry interval or a `wait` step hands the job back as a delayed job
// until its time, and the run continues there, at the next attempt.
// A run whose job BullMQ gives up on (every attempt failed, or stalled too often) still
// ends, with a failed result, in the worker that saw its job fail.
// ---------------------------------------------------------------------------

import { DelayedError, Worker, type Job, type RateLimiterOptions } from 'bullmq';
import type { ActionCatalog } from '../definition/types';
import { resumeWorkflow } from '../executor/run';
import { applyRunEvent } from '../executor/run-snapshot';
import type { ActionHandler, NetworkPolicy, ResumePoint, RunEvent, RunResult, SecretsSource } from '../executor/types';
import { connect, DEFAULT_QUEUE_NAME, type QueueConnection } from './connection';
import { RunQueueError } from './errors';
import { endGivenUpRun, gaveUpMessage } from './give-up';
import { markStarted, queueKeys, readRun, recordEvent, recordNext, recordResult, snapshotOf } from './run-store';

/** Options of {@link startRunWorker}. */
export interface RunWorkerOptions {
  /** Redis: connection options or an ioredis client (it is duplicated, never closed by the worker). */
  connection: QueueConnection;
  /** Key prefix, the same as the queue's. @default "bull" */
  prefix?: string;
  /** @default "workflow-runs" */
  queueName?: string;
  /** Runs this worker carries out at once. @default 10 */
  concurrency?: number;
  /** Secret values by name, or a resolver: they stay in this process, never in Redis. */
  secrets?: SecretsSource;
  /** Host actions by action id, as `runWorkflow` takes them. */
  handlers?: Readonly<Record<string, ActionHandler>>;
  /**
   * The catalog every run is validated with before it starts, as `runWorkflow` takes it
   * (`createActionCatalog([...hostActions])`): a host action's config must then match
   * its schema and its `validateConfig` rules, or the run fails with the problems and
   * nothing runs. @default the built-in catalog plus a permissive entry for each handler
   * whose action it lacks (any config of a host action is accepted)
   */
  catalog?: ActionCatalog;
  /** The network policy of every run. */
  network?: NetworkPolicy;
  /**
   * Response bodies, and host actions' outputs as JSON, larger than this fail the step with
   * `response_too_large`: it bounds what Redis stores per step. @default 1 MiB
   */
  maxResponseBytes?: number;
  /** A global rate limit over all workers of the queue (BullMQ's limiter): at most `max` runs started per `duration` ms. */
  limiter?: RateLimiterOptions;
  /**
   * How long a worker's hold on a run lasts without renewal; a worker that died is noticed
   * after about this long and its runs continue elsewhere. @default 30000
   */
  lockDurationMs?: number;
  /** How often the workers look for runs whose worker died. @default 15000 */
  stalledIntervalMs?: number;
  /**
   * Times a run may be picked up again after its worker died, before it is failed (it
   * ends with the step in progress failed, as when its job fails every attempt). @default 20
   */
  maxStalledCount?: number;
  /**
   * How long one action step may take, its attempts and retry waits included; past it the
   * step fails with `timeout` (the run goes on if the step continues on error).
   */
  stepTimeLimitSeconds?: number;
  /**
   * How long a run may take from its first start, waits and hand-overs between workers
   * included; past it the step in progress fails with `timeout` and the rest is skipped.
   */
  runTimeLimitSeconds?: number;
  /** Called with each event of each run this worker carries out, after it is stored. */
  onEvent?: (event: RunEvent) => void;
  /**
   * A run the queue gave up on (Redis trouble or an unexpected error failed its job every
   * attempt) ends with a failed result; when even that cannot be stored, this is called
   * with a `RunQueueError` (code `result_not_recorded`) that names the run and both
   * reasons. Use it to alert an operator. @default logs the message with `console.error`
   */
  onError?: (error: Error) => void;
}

/** A running worker. */
export interface RunWorker {
  /**
   * Graceful shutdown (e.g. on SIGTERM): stops taking runs, lets the runs in progress
   * finish for up to `handBackAfterMs` (default 10 s), then hands the rest back to the
   * queue where they stand: another worker continues each at its step in progress, sent
   * again with the same Idempotency-Key. Resolves once nothing is held.
   */
  close: (options?: { handBackAfterMs?: number }) => Promise<void>;
  /** Resolves once the worker is connected and taking runs. */
  ready: () => Promise<void>;
}

const DEFAULT_MAX_RESPONSE_BYTES = 1024 * 1024;

/** Why a run's signal aborted when the worker hands its wait back (not a cancellation). */
const HANDED_BACK = Symbol('handed back');

/** Without a host handler: one console line per error. */
function logWorkerError(error: Error): void {
  console.error(`workflow-editor/queue: ${error.message}`);
}

/** Aborts as `AbortSignal.timeout` does after `milliseconds`; at once when none are left. */
function timeLimitSignal(milliseconds: number): AbortSignal {
  if (milliseconds > 0) return AbortSignal.timeout(milliseconds);
  return AbortSignal.abort(new DOMException('The run went past its time limit.', 'TimeoutError'));
}

/** Starts a worker that takes runs from the queue until closed. */
export function startRunWorker(options: RunWorkerOptions): RunWorker {
  // A programmer's mistake, said at startup rather than as a failed result of every run.
  if (options.catalog !== undefined && typeof (options.catalog as Partial<ActionCatalog> | null)?.get !== 'function')
    throw new TypeError('startRunWorker: catalog must be an action catalog (see createActionCatalog).');
  const prefix = options.prefix ?? 'bull';
  const queueName = options.queueName ?? DEFAULT_QUEUE_NAME;
  const keys = queueKeys(prefix, queueName);
  const redis = connect(options.connection);
  const subscriber = connect(options.connection);
  /** The runs in progress here, by run id: cancel stops one, shutdown hands them back. */
  const inProgress = new Map<string, { controller: AbortController; handBack: () => void }>();

  // A subscription that fails (Redis down at startup) is made again when ioredis reconnects.
  void subscriber.subscribe(keys.cancelChannel).catch(() => undefined);
  subscriber.on('message', (_channel: string, runId: string) => inProgress.get(runId)?.controller.abort());

  // BullMQ leaves a connection it was given open on close: ours is closed below.
  const workerConnection = connect(options.connection);
  const worker = new Worker<{ runId: string }, RunResult>(queueName, (job, token) => carryOut(job, token), {
    connection: workerConnection,
    prefix,
    concurrency: options.concurrency ?? 10,
    lockDuration: options.lockDurationMs ?? 30_000,
    stalledInterval: options.stalledIntervalMs ?? 15_000,
    maxStalledCount: options.maxStalledCount ?? 20,
    ...(options.limiter ? { limiter: options.limiter } : {}),
  });
  // A worker without an error listener would print Redis reconnect noise as unhandled.
  worker.on('error', () => undefined);

  /** Runs being ended because the queue gave up on them: close() waits for them. */
  const endings = new Set<Promise<void>>();
  worker.on('failed', (job, error) => {
    // Emitted for every failed attempt; only the last one moves the job to failed.
    if (job?.finishedOn === undefined) return;
    const ending = endGivenUp(job, error).finally(() => endings.delete(ending));
    endings.add(ending);
  });

  /** Ends the run of a job the queue gave up on; never rejects (this runs outside any job). */
  async function endGivenUp(job: Job<{ runId: string }, RunResult>, error: Error): Promise<void> {
    const { runId } = job.data;
    const message = gaveUpMessage(job, error);
    let recorded: RunEvent[];
    try {
      recorded = await endGivenUpRun(redis, keys, runId, message);
    } catch (cause) {
      const reason = cause instanceof Error ? cause.message : String(cause);
      report(
        new RunQueueError(
          'result_not_recorded',
          `Run ${runId} did not end: the queue gave up on it, and its failed result could not be stored either (${reason}). ${message}`,
          { cause },
        ),
      );
      return;
    }
    for (const event of recorded) notify(event);
  }

  function notify(event: RunEvent): void {
    try {
      options.onEvent?.(event);
    } catch {
      // The host's callback, as runWorkflow's: what it throws changes nothing.
    }
  }

  function report(error: Error): void {
    try {
      (options.onError ?? logWorkerError)(error);
    } catch {
      // Nothing is left to tell; the worker goes on.
    }
  }

  async function carryOut(job: Job<{ runId: string }, RunResult>, token: string | undefined): Promise<RunResult> {
    const { runId } = job.data;
    const stored = await readRun(redis, keys, runId);
    if (!stored) throw new RunQueueError('unknown_run', `Run ${runId} is not in Redis (expired or removed).`);
    if (stored.result) return stored.result;

    const controller = new AbortController();
    const deadline =
      options.runTimeLimitSeconds === undefined
        ? undefined
        : (await markStarted(redis, keys, runId, Date.now())) + options.runTimeLimitSeconds * 1000;
    const signal =
      deadline === undefined
        ? controller.signal
        : AbortSignal.any([controller.signal, timeLimitSignal(deadline - Date.now())]);
    /** Set when the run stops here to continue from Redis later (a wait, or shutdown). */
    let handedBack: { next: ResumePoint['next']; wakeAt: number } | undefined;
    /**
     * The step in progress: the attempt under way (1 before any), the one after a wait, and
     * when the step first started (before any hand-back: its time limit counts from then).
     */
    let current: { stepId: string; attempt: number; nextAttempt: number; startedAt: number } | undefined;
    const resumed = stored.resume.next;
    inProgress.set(runId, {
      controller,
      handBack: () => {
        if (handedBack || controller.signal.aborted) return;
        handedBack = {
          next: current
            ? { stepId: current.stepId, attempt: current.attempt, startedAt: current.startedAt }
            : undefined,
          wakeAt: Date.now(),
        };
        controller.abort(HANDED_BACK);
      },
    });
    if (stored.cancelled) controller.abort();
    let snapshot = snapshotOf(stored.definition, runId);
    // A step continued here was reported started before the hand-back: it is not reported
    // again, and its snapshot keeps its start.
    if (resumed?.startedAt !== undefined)
      snapshot = applyRunEvent(
        snapshot,
        { type: 'step_started', runId, stepId: resumed.stepId, action: '', at: resumed.startedAt },
        stored.definition,
      );
    let writes: Promise<unknown> = Promise.resolve();
    let runFinished: RunEvent | undefined;

    const onEvent = (event: RunEvent): void => {
      // What happens after a hand-back (the step stopped, the rest skipped) is not the run's.
      if (handedBack) return;
      if (event.type === 'step_started')
        current = { stepId: event.stepId, attempt: 1, nextAttempt: 2, startedAt: event.at };
      if (event.type === 'attempt_started') {
        if (current?.stepId === event.stepId) current.attempt = event.attempt;
        else {
          // The step continued here (no step_started): it started before the hand-back.
          const startedAt = resumed?.stepId === event.stepId ? resumed.startedAt : undefined;
          current = { stepId: event.stepId, attempt: event.attempt, nextAttempt: 0, startedAt: startedAt ?? event.at };
        }
        current.nextAttempt = event.attempt + 1;
      }
      if (event.type === 'step_finished') current = undefined;
      // Stored with the result, once, whichever worker gets there first.
      if (event.type === 'run_finished') {
        runFinished = event;
        return;
      }
      const previous = snapshot;
      snapshot = applyRunEvent(snapshot, event, stored.definition);
      const written = recordEvent(redis, keys, event, snapshot, previous);
      writes = writes.then(() => written);
      // Awaited once the run has returned, maybe long after a write failed (a damaged key,
      // a replica that became read-only): until then the failure must not count as an
      // unhandled rejection, which would end the worker's process instead of failing the job.
      written.catch(() => undefined);
      writes.catch(() => undefined);
      void written.then(
        () => notify(event),
        () => undefined,
      );
    };

    try {
      const result = await resumeWorkflow(
        stored.definition,
        {
          runId,
          ...(stored.trigger !== undefined ? { trigger: stored.trigger } : {}),
          ...(options.secrets ? { secrets: options.secrets } : {}),
          ...(options.handlers ? { handlers: options.handlers } : {}),
          ...(options.catalog ? { catalog: options.catalog } : {}),
          ...(options.network ? { network: options.network } : {}),
          maxResponseBytes: options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES,
          signal,
          onEvent,
          // A wait is handed back to the queue: the run stops here and continues at the
          // next attempt once the time has come, in whichever worker takes it then.
          sleep: (milliseconds) => {
            if (milliseconds > 0 && current && !signal.aborted) {
              // A wait that would outlast the run's or the step's time limit wakes at the limit,
              // to end the run or the step then.
              const stepDeadline =
                options.stepTimeLimitSeconds === undefined
                  ? Infinity
                  : current.startedAt + options.stepTimeLimitSeconds * 1000;
              const wakeAt = Math.min(Date.now() + milliseconds, deadline ?? Infinity, stepDeadline);
              handedBack = {
                next: { stepId: current.stepId, attempt: current.nextAttempt, startedAt: current.startedAt },
                wakeAt,
              };
              controller.abort(HANDED_BACK);
            }
            return Promise.reject(new Error('handed back'));
          },
        },
        stored.resume,
        {
          maxOutputBytes: options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES,
          ...(options.stepTimeLimitSeconds === undefined
            ? {}
            : { stepTimeLimitMs: options.stepTimeLimitSeconds * 1000 }),
        },
      );
      await writes;
      if (handedBack) {
        if (handedBack.next) await recordNext(redis, keys, runId, handedBack.next);
        await job.moveToDelayed(handedBack.wakeAt, token);
        throw new DelayedError();
      }
      const event = runFinished ?? {
        type: 'run_finished',
        runId,
        status: result.status,
        cancelled: signal.aborted,
        at: Date.now(),
      };
      const standing = await recordResult(redis, keys, { result, event }, stored.retentionSeconds);
      if (standing === result) notify(event);
      return standing;
    } finally {
      inProgress.delete(runId);
    }
  }

  return {
    close: async (closeOptions = {}) => {
      const handingBack = setTimeout(() => {
        for (const run of inProgress.values()) run.handBack();
      }, closeOptions.handBackAfterMs ?? 10_000);
      try {
        await worker.close();
      } finally {
        clearTimeout(handingBack);
      }
      await Promise.allSettled([...endings]);
      await Promise.allSettled([redis.quit(), subscriber.quit(), workerConnection.quit()]);
    },
    ready: () => worker.waitUntilReady().then(() => undefined),
  };
}
