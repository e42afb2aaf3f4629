// ---------------------------------------------------------------------------
// Running "Test step": on the host's side through its `onTestStep` (where the secrets
// are), or, without one, in the page with the reference executor for a built-in HTTPS
// step that needs no secret. The page has secret names, not values; and a browser
// applies CORS and cannot look up DNS, so a page run is a convenience for public,
// secret-free requests, not a stand-in for the host's executor.
// ---------------------------------------------------------------------------

import { HTTPS_REQUEST_ACTION_ID, SCHEMA_VERSION, type ActionDefinition, type ActionStep } from '../../../definition';
import { WorkflowEditorError } from '../../../definition/errors';
import type { NetworkPolicy, StepResult } from '../../../executor/types';
import type { SampleData } from '../../sample-data';
import { secretNamesInConfig } from './request-preview';
import type { TestStepContext, TestStepHandler, TestStepResult } from './types';

/** Where a test of a step can run, or why it cannot. */
export type TestRunPlan =
  | { kind: 'host' }
  | { kind: 'page' }
  /** No host callback, and the step uses secrets or signing: only the host can run it. */
  | { kind: 'needsHost'; secretNames: readonly string[]; signed: boolean }
  /** No host callback, and the action is not one the page can run (a host action). */
  | { kind: 'hostAction' }
  /** The action does not say it can be tested. */
  | { kind: 'notTestable' };

/** How a test of `step` runs given its action and whether the host handles tests. */
export function planTestRun(step: ActionStep, action: ActionDefinition | undefined, hostHandles: boolean): TestRunPlan {
  if (!action?.testable) return { kind: 'notTestable' };
  if (hostHandles) return { kind: 'host' };
  if (step.action !== HTTPS_REQUEST_ACTION_ID) return { kind: 'hostAction' };
  const secretNames = secretNamesInConfig(step.config);
  const signed = step.config.signing !== undefined;
  if (secretNames.length > 0 || signed) return { kind: 'needsHost', secretNames, signed };
  return { kind: 'page' };
}

/** What {@link runTest} needs besides the step. */
export interface RunTestOptions {
  plan: TestRunPlan;
  handler: TestStepHandler | null;
  sample: SampleData;
  workflowId: string;
  signal: AbortSignal;
  /** A page run's destination rules. @default the executor's (https only, no private addresses) */
  pageNetwork?: NetworkPolicy;
  /** For tests. @default crypto.randomUUID-based */
  runId?: string;
}

/** Loads the executor the first time a page run is asked for: it is not part of the editor's initial code. */
function loadExecutor(): Promise<typeof import('../../../executor/run')> {
  return import('../../../executor/run');
}

function newRunId(): string {
  const random =
    typeof crypto !== 'undefined' && 'randomUUID' in crypto ? crypto.randomUUID() : `${Date.now()}-${Math.random()}`;
  return `test_${random}`;
}

/** Thrown when a test cannot run at all (no host callback for a step that needs one). */
export class TestNotRunnableError extends WorkflowEditorError<'test_not_runnable'> {
  constructor(readonly plan: TestRunPlan) {
    super('test_not_runnable', 'This step cannot be tested here');
    this.name = 'TestNotRunnableError';
  }
}

/**
 * Runs one test. Resolves with the step's result (failures included, as `error`); with
 * `durationMs` measured here when the host did not give it. Rejects only when the host's
 * callback rejects or the plan says the test cannot run.
 */
export async function runTest(step: ActionStep, options: RunTestOptions): Promise<TestStepResult> {
  const { plan, sample, signal } = options;
  const runId = options.runId ?? newRunId();
  const steps: Readonly<Record<string, StepResult>> = sample.steps ?? {};
  const started = performance.now();
  let result: TestStepResult;
  if (plan.kind === 'host' && options.handler) {
    const context: TestStepContext = {
      steps,
      workflowId: options.workflowId,
      runId,
      secretNames: secretNamesInConfig(step.config),
      signal,
    };
    if (sample.trigger !== undefined) context.trigger = sample.trigger;
    result = await options.handler(step, context);
  } else if (plan.kind === 'page') {
    const { runStep } = await loadExecutor();
    const run = await runStep(
      { schemaVersion: SCHEMA_VERSION, kind: 'step', ...step },
      {
        ...(sample.trigger !== undefined ? { trigger: sample.trigger } : {}),
        steps: steps,
        signal,
        runId,
        // The page's own fetch: the policy then checks the literal host, as a browser can.
        fetch: (input, init) => globalThis.fetch(input, init),
        ...(options.pageNetwork ? { network: options.pageNetwork } : {}),
      },
    );
    const stepResult = run.steps[step.id];
    if (stepResult) {
      result = stepResult;
    } else {
      // The step did not validate, so nothing was sent: say why in the step's terms.
      const message = (run.problems ?? []).map((problem) => problem.message).join('; ') || 'The step could not be run.';
      result = { status: 'failed', attempts: 0, error: { type: 'invalid_config', message, attempts: 0 } };
    }
  } else {
    throw new TestNotRunnableError(plan);
  }
  if (result.durationMs === undefined) return { ...result, durationMs: Math.round(performance.now() - started) };
  return result;
}
