// ---------------------------------------------------------------------------
// What Redis holds about one run, and the only code that reads or writes it.
//
//   <prefix>:wfe:<queue>:run:<runId>      hash   definition, trigger, step:<id> (a StepSnapshot
//                                               as JSON), next (where a handed-back wait
//                                               continues), startedAt (for the run's time
//                                               limit), cancel, result (once finished)
//   <prefix>:wfe:<queue>:events:<runId>   stream one entry per run event, field `event` (JSON)
//
// Both get the retention as their expiry once the run has finished. Step entries are
// written as the run goes, so a run continued by another worker starts from them.
// ---------------------------------------------------------------------------

import type { Redis } from 'ioredis';
import type { JsonValue, Workflow } from '../definition/types';
import { createRunSnapshot } from '../executor/run-snapshot';
import type { ResumePoint, RunEvent, RunResult, RunSnapshot, StepResult, StepSnapshot } from '../executor/types';
import { DEFAULT_RETENTION_SECONDS } from './connection';

/** Keys and channel names of one queue. */
export interface QueueKeys {
  run: (runId: string) => string;
  events: (runId: string) => string;
  /** Pub/sub channel on which `cancel` names the run to stop at once. */
  cancelChannel: string;
}

export function queueKeys(prefix: string, queueName: string): QueueKeys {
  const base = `${prefix}:wfe:${queueName}`;
  return {
    run: (runId) => `${base}:run:${runId}`,
    events: (runId) => `${base}:events:${runId}`,
    cancelChannel: `${base}:cancel`,
  };
}

/**
 * A BullMQ job id for a run id. BullMQ refuses ids that look like integers or contain
 * ":"; the prefix and hex encoding keep every run id usable and distinct.
 */
export function jobIdForRun(runId: string): string {
  return `run-${Buffer.from(runId, 'utf8').toString('hex')}`;
}

/** What the worker needs to run (or continue) a run. */
export interface StoredRun {
  definition: Workflow;
  trigger: JsonValue | undefined;
  resume: ResumePoint;
  cancelled: boolean;
  result: RunResult | undefined;
  /** How long the finished run stays readable, as the queue that enqueued it said. */
  retentionSeconds: number;
}

const STEP_FIELD = 'step:';
/** Events kept per run: a long run's stream stops growing; its snapshot stays complete. */
const MAX_EVENTS_PER_RUN = 10_000;

/** A stored JSON field; the caller says what it wrote there. */
function parse(text: string | undefined): unknown {
  return text === undefined ? undefined : JSON.parse(text);
}

/** Stores the run unless one with this id exists; true when this call created it. */
export async function createRun(
  redis: Redis,
  keys: QueueKeys,
  runId: string,
  run: { definition: Workflow; trigger: JsonValue | undefined; retentionSeconds: number },
): Promise<boolean> {
  const key = keys.run(runId);
  const created = await redis.hsetnx(key, 'definition', JSON.stringify(run.definition));
  if (created !== 1) return false;
  // The queue's retention goes with the run, so whichever worker finishes it applies it.
  await redis.hset(
    key,
    'retention',
    String(run.retentionSeconds),
    ...(run.trigger !== undefined ? ['trigger', JSON.stringify(run.trigger)] : []),
  );
  return true;
}

export async function readRun(redis: Redis, keys: QueueKeys, runId: string): Promise<StoredRun | undefined> {
  const fields = await redis.hgetall(keys.run(runId));
  // Whatever was enqueued, `null` included: a document that is no workflow fails its run with its problems.
  if (fields.definition === undefined) return undefined;
  const definition = parse(fields.definition) as Workflow;
  const steps: Record<string, StepResult> = {};
  for (const [field, value] of Object.entries(fields)) {
    if (!field.startsWith(STEP_FIELD)) continue;
    const step = JSON.parse(value) as StepSnapshot;
    if (step.status !== 'succeeded' && step.status !== 'failed') continue;
    Object.defineProperty(steps, field.slice(STEP_FIELD.length), {
      value: resultOf(step),
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  const next = parse(fields.next) as ResumePoint['next'] | undefined;
  return {
    definition,
    trigger: parse(fields.trigger) as JsonValue | undefined,
    resume: next ? { steps, next } : { steps },
    cancelled: fields.cancel === '1',
    result: parse(fields.result) as RunResult | undefined,
    retentionSeconds: retentionOf(fields),
  };
}

function retentionOf(fields: Record<string, string>): number {
  return Number(fields.retention) > 0 ? Number(fields.retention) : DEFAULT_RETENTION_SECONDS;
}

/** A finished step's snapshot as the run result holds it (and as a resumed run takes it). */
export function resultOf(step: StepSnapshot): StepResult {
  const { status, attempts, output, error } = step;
  return {
    status: status as StepResult['status'],
    attempts,
    ...(output !== undefined ? { output } : {}),
    ...(error !== undefined ? { error } : {}),
  };
}

/** The run as a snapshot while it goes on, or its result once finished; undefined when unknown. */
export async function readSnapshot(
  redis: Redis,
  keys: QueueKeys,
  runId: string,
): Promise<RunSnapshot | RunResult | undefined> {
  const fields = await redis.hgetall(keys.run(runId));
  if (fields.definition === undefined) return undefined;
  const result = parse(fields.result) as RunResult | undefined;
  if (result) return result;
  return progressOf(fields, runId, parse).snapshot;
}

/**
 * A run that has not finished, as stored: its definition and its snapshot; undefined for a
 * run unknown or finished. For ending a run from outside: a stored field that does not
 * parse (damaged data may be why the run could not go on) counts as absent, so it cannot
 * keep the run from ending.
 */
export async function readProgress(
  redis: Redis,
  keys: QueueKeys,
  runId: string,
): Promise<{ definition: unknown; snapshot: RunSnapshot; retentionSeconds: number } | undefined> {
  const fields = await redis.hgetall(keys.run(runId));
  if (fields.definition === undefined || fields.result !== undefined) return undefined;
  return { ...progressOf(fields, runId, parseOrAbsent), retentionSeconds: retentionOf(fields) };
}

function parseOrAbsent(text: string | undefined): unknown {
  try {
    return parse(text);
  } catch {
    return undefined;
  }
}

/** The snapshot the stored fields make: the definition's steps, each with its stored state. */
function progressOf(
  fields: Record<string, string>,
  runId: string,
  read: (text: string | undefined) => unknown,
): { definition: unknown; snapshot: RunSnapshot } {
  const definition = read(fields.definition);
  const snapshot = snapshotOf(definition, runId);
  for (const [field, value] of Object.entries(fields)) {
    if (!field.startsWith(STEP_FIELD)) continue;
    const id = field.slice(STEP_FIELD.length);
    const step = Object.hasOwn(snapshot.steps, id) ? read(value) : undefined;
    if (step !== undefined)
      Object.defineProperty(snapshot.steps, id, {
        value: step,
        enumerable: true,
        writable: true,
        configurable: true,
      });
  }
  return { definition, snapshot };
}

/**
 * The snapshot of a run not started yet. Enqueued documents are not checked (the worker
 * checks them, and fails one that does not validate with its problems): one that is no
 * workflow at all (`null`, steps that are no steps) shows no steps until then.
 */
export function snapshotOf(definition: unknown, runId: string): RunSnapshot {
  try {
    return createRunSnapshot(definition as Workflow, runId);
  } catch {
    return { status: 'running', runId, steps: {} };
  }
}

/**
 * Records one event: appends it to the run's stream and, for a step starting, attempting
 * or ending, stores the step's state (what a continuing worker starts from, and what
 * `getRun` reads); a branch step that ended also stores the steps of the branches it did
 * not take, which `snapshot` (after the event; `previous` before it) marks skipped.
 * Pipelined, not a transaction: each write stands on its own, and fewer commands a step
 * is what the queue's throughput is made of.
 */
export function recordEvent(
  redis: Redis,
  keys: QueueKeys,
  event: RunEvent,
  snapshot: RunSnapshot,
  previous: RunSnapshot,
): Promise<unknown> {
  const batch = redis.pipeline();
  const store = (stepId: string): void => {
    const step = Object.hasOwn(snapshot.steps, stepId) ? snapshot.steps[stepId] : undefined;
    if (step) batch.hset(keys.run(event.runId), `${STEP_FIELD}${stepId}`, JSON.stringify(step));
  };
  if (event.type === 'step_started' || event.type === 'attempt_started') store(event.stepId);
  if (event.type === 'step_finished') {
    store(event.stepId);
    if (event.branchId !== undefined)
      for (const stepId of Object.keys(snapshot.steps))
        if (stepId !== event.stepId && snapshot.steps[stepId] !== previous.steps[stepId]) store(stepId);
  }
  batch.xadd(keys.events(event.runId), 'MAXLEN', '~', MAX_EVENTS_PER_RUN, '*', 'event', JSON.stringify(event));
  return batch.exec().then((replies) => {
    const failure = replies?.find(([error]) => error)?.[0];
    if (failure) throw failure;
  });
}

/** The run's result once finished; `null` while it goes on; undefined for a run unknown. */
export async function readResult(redis: Redis, keys: QueueKeys, runId: string): Promise<RunResult | null | undefined> {
  const [result, exists] =
    (await redis.pipeline().hget(keys.run(runId), 'result').exists(keys.run(runId)).exec()) ?? [];
  const failure = result?.[0] ?? exists?.[0];
  if (failure) throw failure;
  if (exists?.[1] !== 1) return undefined;
  return typeof result?.[1] === 'string' ? (JSON.parse(result[1]) as RunResult) : null;
}

/** When the run first started (epoch ms): `now` the first time, the stored time after that. */
export async function markStarted(redis: Redis, keys: QueueKeys, runId: string, now: number): Promise<number> {
  const [, startedAt] =
    (await redis
      .pipeline()
      .hsetnx(keys.run(runId), 'startedAt', String(now))
      .hget(keys.run(runId), 'startedAt')
      .exec()) ?? [];
  const stored = Number(startedAt?.[1]);
  return Number.isFinite(stored) ? stored : now;
}

/** Where a handed-back wait continues. */
export function recordNext(
  redis: Redis,
  keys: QueueKeys,
  runId: string,
  next: NonNullable<ResumePoint['next']>,
): Promise<unknown> {
  return redis.hset(keys.run(runId), 'next', JSON.stringify(next));
}

/**
 * Stores the result, appends the run's `run_finished` event (after `before`, events that
 * end the run with it), and starts the retention clock, in one step and only once: when
 * two workers finished the same run (one lost its hold while slow, and another took the
 * run over), the second records nothing. Resolves with the result that stands.
 */
export async function recordResult(
  redis: Redis,
  keys: QueueKeys,
  finished: { result: RunResult; event: RunEvent; before?: readonly RunEvent[] },
  retentionSeconds: number,
): Promise<RunResult> {
  const runId = finished.event.runId;
  const client = redis as Redis & { wfeRecordResult?: (...args: (string | number)[]) => Promise<number> };
  if (!client.wfeRecordResult) redis.defineCommand('wfeRecordResult', { numberOfKeys: 2, lua: RECORD_RESULT });
  const events = [...(finished.before ?? []), finished.event].map((event) => JSON.stringify(event));
  const recorded = await client.wfeRecordResult!(
    keys.run(runId),
    keys.events(runId),
    JSON.stringify(finished.result),
    retentionSeconds,
    MAX_EVENTS_PER_RUN,
    ...events,
  );
  if (recorded === 1) return finished.result;
  const stored = parse((await redis.hget(keys.run(runId), 'result')) ?? undefined) as RunResult | undefined;
  return stored ?? finished.result;
}

/**
 * KEYS: run hash, event stream. ARGV: result, retention seconds, stream length, then the
 * events to append, in order. A script that fails half way keeps what it wrote: the
 * stream is written before the result, so a stream that takes no entries (a damaged key)
 * leaves no result without its events and expiry.
 */
const RECORD_RESULT = `
if redis.call('HEXISTS', KEYS[1], 'result') == 1 then return 0 end
for i = 4, #ARGV do
  redis.call('XADD', KEYS[2], 'MAXLEN', '~', ARGV[3], '*', 'event', ARGV[i])
end
-- Wakes whoever waits on the stream for the result (no event: subscribers skip it).
redis.call('XADD', KEYS[2], 'MAXLEN', '~', ARGV[3], '*', 'stored', 'result')
redis.call('HSET', KEYS[1], 'result', ARGV[1])
redis.call('EXPIRE', KEYS[1], ARGV[2])
redis.call('EXPIRE', KEYS[2], ARGV[2])
return 1
`;

export async function markCancelled(redis: Redis, keys: QueueKeys, runId: string): Promise<boolean> {
  const exists = await redis.exists(keys.run(runId));
  if (!exists) return false;
  await redis.multi().hset(keys.run(runId), 'cancel', '1').publish(keys.cancelChannel, runId).exec();
  return true;
}
