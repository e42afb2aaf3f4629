// ---------------------------------------------------------------------------
// Folding a run's events into a RunSnapshot: what a live view draws and what a durable
// queue stores while a run happens. Pure data in, new data out, so a React view can
// keep each snapshot as state and a queue can persist it as JSON.
// ---------------------------------------------------------------------------

import { childLists, isContainerStep } from '../definition/step-kinds';
import { walkSteps } from '../definition/tree';
import type { Step, Workflow } from '../definition/types';
import { setOwn } from './json-data';
import type { RunEvent, RunResult, RunSnapshot, StepSnapshot } from './types';

/** The snapshot of a run that has not started a step yet: every step `waiting`. */
export function createRunSnapshot(workflow: Pick<Workflow, 'steps'>, runId: string): RunSnapshot {
  const steps: Record<string, StepSnapshot> = {};
  walkSteps(workflow.steps, ({ step }) => {
    setOwn(steps, step.id, { status: 'waiting', attempts: 0 });
  });
  return { status: 'running', runId, steps };
}

/**
 * The snapshot after `event`. Returns a new object when something changed (the steps it
 * did not touch are shared) and `snapshot` itself for events of another run or of a step
 * it does not know. A finished branch step marks the steps of the branches not taken
 * `skipped`; `run_finished` marks what never started `skipped`.
 */
export function applyRunEvent(snapshot: RunSnapshot, event: RunEvent, workflow: Pick<Workflow, 'steps'>): RunSnapshot {
  if (event.runId !== snapshot.runId) return snapshot;
  if (event.type === 'run_finished') {
    const steps = { ...snapshot.steps };
    for (const [id, step] of Object.entries(steps)) {
      if (step.status === 'waiting' || step.status === 'running') setOwn(steps, id, { ...step, status: 'skipped' });
    }
    return { ...snapshot, status: event.status, steps };
  }
  const current = snapshot.steps[event.stepId];
  if (!Object.hasOwn(snapshot.steps, event.stepId) || !current) return snapshot;
  switch (event.type) {
    case 'step_started':
      return withStep(snapshot, event.stepId, { status: 'running', attempts: 0, startedAt: event.at });
    case 'attempt_started':
      return withStep(snapshot, event.stepId, { ...current, status: 'running', attempts: event.attempt });
    case 'attempt_failed':
      return snapshot;
    case 'step_finished': {
      const finished: StepSnapshot = {
        status: event.status,
        attempts: event.attempts,
        ...(event.output !== undefined ? { output: event.output } : {}),
        ...(event.error ? { error: event.error } : {}),
        ...(event.input !== undefined ? { input: event.input } : {}),
        ...(event.branchId !== undefined ? { branchId: event.branchId } : {}),
        startedAt: event.startedAt,
        durationMs: event.durationMs,
      };
      const next = withStep(snapshot, event.stepId, finished);
      return event.branchId !== undefined ? skipBranchesNotTaken(next, workflow, event.stepId, event.branchId) : next;
    }
  }
}

/**
 * A finished run's result as a snapshot (for a run view of a result that came back from
 * a server). Steps the result does not list stay `skipped`.
 */
export function snapshotFromResult(result: RunResult, workflow: Pick<Workflow, 'steps'>): RunSnapshot {
  const snapshot = createRunSnapshot(workflow, result.runId ?? '');
  const steps: Record<string, StepSnapshot> = {};
  for (const id of Object.keys(snapshot.steps)) {
    const step = Object.hasOwn(result.steps, id) ? result.steps[id] : undefined;
    const branchId = step ? branchTakenIn(step.output) : undefined;
    setOwn(
      steps,
      id,
      step ? { ...step, ...(branchId !== undefined ? { branchId } : {}) } : { status: 'skipped', attempts: 0 },
    );
  }
  return { status: result.status, runId: snapshot.runId, steps };
}

function withStep(snapshot: RunSnapshot, stepId: string, step: StepSnapshot): RunSnapshot {
  return { ...snapshot, steps: { ...snapshot.steps, [stepId]: step } };
}

/**
 * The branch a branch step's output (`{ branchId }`) says was taken: its id, `null` for
 * none, undefined for an output that is not a branch step's.
 */
export function branchTakenIn(output: unknown): string | null | undefined {
  if (output === null || typeof output !== 'object' || Array.isArray(output) || !('branchId' in output))
    return undefined;
  const { branchId } = output;
  return typeof branchId === 'string' || branchId === null ? branchId : undefined;
}

function skipBranchesNotTaken(
  snapshot: RunSnapshot,
  workflow: Pick<Workflow, 'steps'>,
  branchStepId: string,
  branchId: string | null,
): RunSnapshot {
  let branchStep: Step | undefined;
  walkSteps(workflow.steps, ({ step }) => {
    if (step.id !== branchStepId) return true;
    branchStep = step;
    return false;
  });
  if (!branchStep || !isContainerStep(branchStep)) return snapshot;
  const steps = { ...snapshot.steps };
  for (const { holder, steps: list } of childLists(branchStep)) {
    if (holder.id === branchId) continue;
    walkSteps(list, ({ step }) => {
      const current = Object.hasOwn(steps, step.id) ? steps[step.id] : undefined;
      if (current?.status === 'waiting') setOwn(steps, step.id, { ...current, status: 'skipped' });
    });
  }
  return { ...snapshot, steps };
}
