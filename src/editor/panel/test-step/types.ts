// ---------------------------------------------------------------------------
// What "Test step" hands a host and gets back. The host runs the step where its secrets
// are (its own server, with the reference executor's `runStep` or its own executor);
// the page only ever knows secret names.
// ---------------------------------------------------------------------------

import type { ActionStep, JsonValue } from '../../../definition';
import type { StepResult } from '../../../executor/types';

/** What "Test step" gives the host's {@link TestStepHandler}. */
export interface TestStepContext {
  /** The sample trigger payload (`{{ trigger... }}`), when there is one. */
  trigger?: JsonValue;
  /**
   * Results of earlier tests (or of a run) by step id, for `{{ steps.<id>.output... }}`
   * references: the sample data's `steps`. May be passed to `runStep` as its `steps`.
   */
  steps: Readonly<Record<string, StepResult>>;
  /** The workflow's id (`{{ workflow.id }}`). */
  workflowId: string;
  /** A fresh id for this test (`{{ run.id }}`, and the base of its idempotency key). */
  runId: string;
  /** Secret names the step references (its values are the host's to fill in). */
  secretNames: readonly string[];
  /** Aborted when the person presses "Cancel" or leaves the step: stop the request then. */
  signal: AbortSignal;
}

/** The request as it was sent, for the result to show. Secret values must be masked by the host. */
export interface TestStepRequest {
  method: string;
  url: string;
  headers?: Readonly<Record<string, string>>;
  /** The body text as sent. */
  body?: string;
}

/**
 * What a test returns: the step's result as a run records it (`output` for a success,
 * `error` with its type for a failure), plus what only a test shows.
 */
export interface TestStepResult extends StepResult {
  /** How long the step took, all attempts and waits included (ms). Measured by the editor when absent. */
  durationMs?: number;
  /** What was sent (secrets masked): shown instead of the editor's own preview. */
  request?: TestStepRequest;
}

/**
 * Runs one step for "Test step", on the host's side where the secrets are. Resolve with
 * the step's result, failures included (a `StepResult` with `error`); a rejection is
 * shown as the host's failure, in its message's words. Must never put secret values in
 * what it returns: the result is shown in the page.
 */
export type TestStepHandler = (step: ActionStep, context: TestStepContext) => Promise<TestStepResult>;
