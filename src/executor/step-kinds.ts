// ---------------------------------------------------------------------------
// How the executor runs each kind of step. The definition's step kinds say what a step
// holds; running differs from walking (one branch is taken, a failure stops the list,
// a resumed run goes on inside the list it took), so each kind has a `run` hook here,
// and the run dispatches through this table rather than testing `step.type`.
// ---------------------------------------------------------------------------

import type { ActionStep, BranchStep, Step, StepType } from '../definition';
import type { TemplateContext } from '../definition/references/resolve';
import { conditionHolds } from './conditions';
import type { StepOutcome } from './http/https-step';
import { branchTakenIn } from './run-snapshot';

/** What a kind's hooks may ask of the run they are part of. */
export interface StepRunner {
  /** Loads the secrets the step's own fields name; a promise only when some must be fetched. */
  loadSecretsOf(step: Step): Promise<void> | undefined;
  templates(): TemplateContext;
  /** Records how the step ended and reports it. */
  finish(step: Step, outcome: StepOutcome): void;
  /** Runs a list top to bottom, stopping once the run has failed. */
  runList(steps: readonly Step[]): Promise<void>;
  /** Runs an action step's action: its handler, its retries, its time limit. */
  runAction(step: ActionStep): Promise<void>;
}

/** What the executor asks of one kind of step. */
export interface ExecutorStepKind<Kind extends Step = Step> {
  /** What `step_started` names as the step's action. */
  startedAs(step: Kind): string;
  /** Runs the step (already reported started), and whichever of the lists it holds it takes. */
  run(runner: StepRunner, step: Kind): Promise<void>;
  /** True when the run goes on after the step fails (other than by a cancellation). */
  continuesAfterFailure(step: Kind): boolean;
  /** For a step that succeeded before the run was resumed: the list it took, where the run goes on. */
  resumedList(step: Kind, output: unknown): readonly Step[] | undefined;
  /** Fields `step_finished` adds for a successful outcome of the step. */
  finishedFields(step: Kind, output: unknown): { branchId?: string | null };
}

const actionKind: ExecutorStepKind<ActionStep> = {
  startedAs: (step) => step.action,
  run: (runner, step) => runner.runAction(step),
  continuesAfterFailure: (step) => step.config.continueOnError === true,
  resumedList: () => undefined,
  finishedFields: () => ({}),
};

const branchKind: ExecutorStepKind<BranchStep> = {
  startedAs: () => 'branch',
  async run(runner, step) {
    const loading = runner.loadSecretsOf(step);
    if (loading) await loading;
    const templates = runner.templates();
    const chosen = step.branches.find((branch) => !branch.when || conditionHolds(branch.when, templates));
    runner.finish(step, { ok: true, output: { branchId: chosen?.id ?? null }, attempts: 1 });
    if (chosen) await runner.runList(chosen.steps);
  },
  continuesAfterFailure: () => false,
  resumedList(step, output) {
    const branchId = branchTakenIn(output) ?? null;
    return step.branches.find((branch) => branch.id === branchId)?.steps;
  },
  finishedFields: (_step, output) => ({ branchId: branchTakenIn(output) ?? null }),
};

/** Every kind of step the executor runs, keyed by `type`. */
export const EXECUTOR_STEP_KINDS: { readonly [Type in StepType]: ExecutorStepKind<Extract<Step, { type: Type }>> } = {
  action: actionKind,
  branch: branchKind,
};

/** The executor's hooks for a (validated) step's kind. */
export function executorKindOf(step: Step): ExecutorStepKind {
  return EXECUTOR_STEP_KINDS[step.type];
}
