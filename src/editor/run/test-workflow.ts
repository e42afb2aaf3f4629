// ---------------------------------------------------------------------------
// "Test workflow": what the editor hands a host's `onTestWorkflow`, and the default,
// which runs the reference executor in the page. The executor is imported the first time
// a test runs, so it is not part of the editor's initial code.
//
// A page run has secret names but no values (a step that references a secret fails with
// reference_unresolved), runs only the executor's own actions (a host action fails with
// invalid_config naming it), and goes through the browser's fetch, which applies CORS.
// A host that runs tests where its secrets and handlers are passes `onTestWorkflow`.
// ---------------------------------------------------------------------------

import type { ActionCatalog, JsonValue, Workflow } from '../../definition/types';
import type { NetworkPolicy, RunEvent, RunResult } from '../../executor/types';

/** What "Test workflow" gives the host's {@link TestWorkflowHandler}. */
export interface TestWorkflowContext {
  /** The sample trigger payload (the sample data's `trigger`), when there is one. */
  trigger?: JsonValue;
  /** A fresh id for this run: pass it as the run's `runId`, so its events are this run's. */
  runId: string;
  /** Aborted by "Stop": stop the run then (it ends with the step in progress `cancelled`). */
  signal: AbortSignal;
  /**
   * Hand every event of the run here, in order (runWorkflow's `onEvent`, a queue's
   * `subscribe`): the canvas draws them live. Pass `reportStepInput: true` to runWorkflow
   * so the run details show each step's input.
   */
  onEvent: (event: RunEvent) => void;
}

/**
 * Runs the whole workflow for "Test workflow" and resolves with its result (a failed run
 * is a result, not a rejection). A rejection shows in the toolbar in its message's words.
 * Events and result must never hold secret values (the reference executor redacts them).
 */
export type TestWorkflowHandler = (workflow: Workflow, context: TestWorkflowContext) => Promise<RunResult>;

/** Loads the executor the first time a page run is asked for. */
function loadExecutor(): Promise<typeof import('../../executor/run')> {
  return import('../../executor/run');
}

/** Options of {@link runWorkflowInPage}. */
export interface PageRunOptions {
  /** Destination rules. @default the executor's own: https only, no private addresses */
  network?: NetworkPolicy | undefined;
  /** The catalog to validate against (the editor's), so a host action validates and then fails for want of a handler. */
  catalog?: ActionCatalog | undefined;
}

/**
 * The default {@link TestWorkflowHandler}: the reference executor in this page, with the
 * sample trigger, under `options.network`. The browser's own rules (CORS, mixed content)
 * apply on top.
 */
export function runWorkflowInPage(options: PageRunOptions = {}): TestWorkflowHandler {
  const { network, catalog } = options;
  return async (workflow, context) => {
    const { runWorkflow } = await loadExecutor();
    return runWorkflow(workflow, {
      ...(catalog ? { catalog } : {}),
      ...(context.trigger !== undefined ? { trigger: context.trigger } : {}),
      runId: context.runId,
      signal: context.signal,
      onEvent: context.onEvent,
      reportStepInput: true,
      // The page's own fetch: the policy then checks the literal host, as a browser can.
      fetch: (input, init) => globalThis.fetch(input, init),
      ...(network ? { network } : {}),
    });
  };
}

/** A run id for a test: `test_` and a random UUID. */
export function newTestRunId(): string {
  const random =
    typeof crypto !== 'undefined' && 'randomUUID' in crypto ? crypto.randomUUID() : `${Date.now()}-${Math.random()}`;
  return `test_${random}`;
}
