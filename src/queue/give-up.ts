// ---------------------------------------------------------------------------
// Ending a run the queue gave up on. Only Redis trouble or an unexpected worker error
// fails a job (a run's own failures are its result), and BullMQ tries it again; once
// its last attempt has failed, or its workers stopped holding it more often than
// `maxStalledCount` allows, nothing carries the run out any more. It still has to end,
// or `getRun` shows it running forever and `waitForRun` never resolves. It ends as a
// cancelled run does: the step in progress fails with `cancelled` (nothing in the step
// went wrong: the queue stopped it), the message says why, the rest is skipped, and the
// result and `run_finished` are stored as for any other end.
// ---------------------------------------------------------------------------

import type { Job } from 'bullmq';
import type { Redis } from 'ioredis';
import { walkSteps } from '../definition/tree';
import type { Step, Workflow } from '../definition/types';
import { setOwn } from '../executor/json-data';
import { EXECUTOR_STEP_KINDS, executorKindOf } from '../executor/step-kinds';
import type { RunEvent, RunResult, RunSnapshot, StepError, StepResult, StepSnapshot } from '../executor/types';
import { readProgress, recordResult, resultOf, type QueueKeys } from './run-store';

/** What the message keeps of a reason: one line, this long at most. */
const MAX_REASON_LENGTH = 500;

/** Why the queue gave up on a job, in a person's words, for the error of the step it stopped. */
export function gaveUpMessage(
  job: Pick<Job, 'attemptsMade' | 'stalledCounter' | 'deferredFailure'>,
  error: Error,
): string {
  // BullMQ fails a job that stalled too often with a deferred failure (it sets one
  // otherwise only on the parents of job flows, which a run's job never is).
  if (job.deferredFailure)
    return `The queue gave up on this run after its workers stopped ${times(job.stalledCounter)} while holding it (a process died or lost its hold on the run), more than maxStalledCount allows.`;
  const attempts = job.attemptsMade === 1 ? '1 attempt' : `${job.attemptsMade} attempts`;
  return `The queue gave up on this run after ${attempts}; the last one failed with: ${reasonOf(error)}`;
}

function times(count: number): string {
  return count === 1 ? 'once' : `${count} times`;
}

function reasonOf(error: Error): string {
  const line = (error.message || error.name).split('\n', 1)[0] ?? '';
  return line.length > MAX_REASON_LENGTH ? `${line.slice(0, MAX_REASON_LENGTH)}…` : line;
}

/** How a run given up on ends: its result, and the events that report it (`run_finished` last). */
export interface GivenUpEnding {
  result: RunResult;
  /** `step_finished` of the step the queue stopped, when there was one to stop. */
  before: RunEvent[];
  event: RunEvent & { type: 'run_finished' };
}

/**
 * The end of a run given up on at `snapshot`. The step in progress is stopped; with none
 * in progress, the next step to run (so the result still says why), unless the run had
 * already ended on its own, whose outcome then stands.
 */
export function givenUpEnding(definition: unknown, snapshot: RunSnapshot, message: string, now: number): GivenUpEnding {
  const { runId } = snapshot;
  const endedOnItsOwn = Object.entries(snapshot.steps).some(([id, step]) => stoppedTheRun(definition, id, step));
  const stopped = stepToStop(snapshot, endedOnItsOwn);
  const steps: Record<string, StepResult> = {};
  for (const [id, step] of Object.entries(snapshot.steps)) setOwn(steps, id, finalStateOf(step));
  const before: RunEvent[] = [];
  if (stopped) {
    const [stepId, step] = stopped;
    const error: StepError = { type: 'cancelled', message, attempts: step.attempts };
    setOwn(steps, stepId, { status: 'failed', attempts: step.attempts, error });
    before.push(stoppedStep(runId, stopped, error, now));
  }
  // A run whose steps had all finished (only its result was not stored) ends as it went;
  // one with no step to go by (a definition that cannot be read) was not carried out.
  const failed = stopped !== undefined || endedOnItsOwn || Object.keys(steps).length === 0;
  const status = failed ? 'failed' : 'succeeded';
  return {
    result: { status, runId, steps },
    before,
    event: { type: 'run_finished', runId, status, cancelled: stopped !== undefined, at: now },
  };
}

/** `step_finished` of the step the queue stopped. */
function stoppedStep(runId: string, [stepId, step]: [string, StepSnapshot], error: StepError, now: number): RunEvent {
  const startedAt = step.startedAt ?? now;
  return {
    type: 'step_finished',
    runId,
    stepId,
    status: 'failed',
    attempts: step.attempts,
    error,
    startedAt,
    durationMs: Math.max(0, now - startedAt),
    at: now,
  };
}

/** The step running; else, for a run that has not ended, the first step still waiting. */
function stepToStop(snapshot: RunSnapshot, endedOnItsOwn: boolean): [string, StepSnapshot] | undefined {
  const entries = Object.entries(snapshot.steps);
  const running = entries.find(([, step]) => step.status === 'running');
  if (running || endedOnItsOwn) return running;
  // Workflow order, and the steps of branches not taken are already skipped: the first
  // step waiting is the one the run would have started next.
  return entries.find(([, step]) => step.status === 'waiting');
}

/** A finished step as the result holds it; one that never finished is skipped. */
function finalStateOf(step: StepSnapshot): StepResult {
  if (step.status === 'succeeded' || step.status === 'failed') return resultOf(step);
  return { status: 'skipped', attempts: 0 };
}

/** True for a step whose failure ended the run (as the executor decides it). */
function stoppedTheRun(definition: unknown, stepId: string, step: StepSnapshot): boolean {
  if (step.status !== 'failed') return false;
  if (step.error?.type === 'cancelled') return true;
  const defined = stepOf(definition, stepId);
  if (!defined || !Object.hasOwn(EXECUTOR_STEP_KINDS, defined.type)) return true;
  return !executorKindOf(defined).continuesAfterFailure(defined);
}

function stepOf(definition: unknown, stepId: string): Step | undefined {
  let found: Step | undefined;
  try {
    walkSteps((definition as Workflow).steps, ({ step }) => {
      if (step.id !== stepId) return true;
      found = step;
      return false;
    });
  } catch {
    // A stored definition that is no workflow: no step of it continues after a failure.
  }
  return found;
}

/**
 * Ends the run of a job the queue gave up on, unless it has ended already (or is not
 * stored any more). Resolves with the events recorded, none when nothing was.
 */
export async function endGivenUpRun(
  redis: Redis,
  keys: QueueKeys,
  runId: string,
  message: string,
  now = Date.now(),
): Promise<RunEvent[]> {
  const progress = await readProgress(redis, keys, runId);
  if (!progress) return [];
  const ending = givenUpEnding(progress.definition, progress.snapshot, message, now);
  const standing = await recordResult(redis, keys, ending, progress.retentionSeconds);
  return standing === ending.result ? [...ending.before, ending.event] : [];
}
