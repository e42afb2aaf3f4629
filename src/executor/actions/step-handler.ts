// ---------------------------------------------------------------------------
// What runs an action's step: one entry of the run's handler map. The built-in actions'
// handlers are listed in ./index.ts; a host's handlers (`options.handlers`) join the same
// map, each wrapped to resolve its config first.
// ---------------------------------------------------------------------------

import type { ActionStep } from '../../definition';
import type { StepOutcome } from '../http/https-step';
import type { Run } from '../run';

/** Runs one step of its action within a run, and says how it ended. */
export interface StepHandler {
  run(step: ActionStep, run: Run, signal: AbortSignal): Promise<StepOutcome>;
  /** Config fields resolved as URLs (percent-encoding references) when the step's input is reported. */
  urlFields?: readonly string[];
}

/** A built-in action's handler, under the id of the action it runs. */
export interface BuiltInStepHandler<Id extends string = string> extends StepHandler {
  id: Id;
}
