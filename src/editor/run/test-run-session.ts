// ---------------------------------------------------------------------------
// One "Test workflow" run, from handing the workflow over to drawing how it ended. Loaded
// the first time a test starts (TestRunProvider keeps only the controls): the default
// handler then loads the executor as well, so this adds nothing a run would not wait for.
// ---------------------------------------------------------------------------

import type { ActionCatalog, JsonValue, Workflow } from '../../definition/types';
import type { NetworkPolicy, RunResult, RunSnapshot, StepSnapshot } from '../../executor/types';
import { createRunView } from './create-run-view';
import type { RunView } from './run-view';
import { reasonOf, type TestRunPhase } from './test-run';
import { newTestRunId, runWorkflowInPage, type TestWorkflowHandler } from './test-workflow';

/** What {@link runTest} needs. */
export interface TestRunOptions {
  workflow: Workflow;
  /** The editor's catalog (the page run validates against it). */
  catalog: ActionCatalog;
  /** The sample trigger payload, when there is one. */
  trigger: JsonValue | undefined;
  /** The host's handler; undefined: the reference executor in the page. */
  handler: TestWorkflowHandler | undefined;
  /** The page run's destination rules. */
  network: NetworkPolicy | undefined;
  /** Aborted by "Stop". */
  signal: AbortSignal;
  /** The run so far, after every event that changed it. */
  onRun: (run: RunView | null) => void;
  /** How the test ended, and the run to draw from then on. Called once. */
  onEnd: (phase: TestRunPhase, drawn: RunView | null) => void;
}

/** What the problems of a run that did not start say, in one sentence. */
function notRunMessage(result: RunResult): string {
  return (result.problems ?? []).map((problem) => problem.message).join(' ') || 'the run did not start';
}

/**
 * The end of a test run as drawn: the snapshot its events made, completed from the result
 * for what the events did not say (a host that forwards no events, or not the last).
 */
function finalRun(snapshot: RunSnapshot | null, result: RunResult): RunView {
  if (!snapshot) return result;
  if (snapshot.status !== 'running') return snapshot;
  const steps: Record<string, StepSnapshot> = {};
  for (const [id, step] of Object.entries(snapshot.steps)) {
    const done = step.status === 'waiting' || step.status === 'running';
    const fromResult = Object.hasOwn(result.steps, id) ? result.steps[id] : undefined;
    Object.defineProperty(steps, id, {
      value: done ? (fromResult ?? { status: 'skipped', attempts: step.attempts }) : step,
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return { ...snapshot, status: result.status, steps };
}

/** Runs one test: the handler gets the workflow, its events are drawn as they come. */
export function runTest(options: TestRunOptions): void {
  const { workflow, catalog, trigger, signal, onRun, onEnd } = options;
  const handler = options.handler ?? runWorkflowInPage({ network: options.network, catalog });
  const view = createRunView(workflow);
  const unsubscribe = view.subscribe(() => onRun(view.getRun()));
  const runId = newTestRunId();
  const end = (phase: TestRunPhase, drawn: RunView | null): void => {
    unsubscribe();
    onEnd(phase, drawn);
  };
  let running: Promise<RunResult>;
  try {
    running = Promise.resolve(
      handler(workflow, {
        ...(trigger !== undefined ? { trigger } : {}),
        runId,
        signal,
        onEvent: (event) => {
          // Events after Stop still count: they say how the run ended.
          if (event.runId === runId) view.onEvent(event);
        },
      }),
    );
  } catch (error) {
    // What the host's handler threw, passed on as it was thrown.
    // eslint-disable-next-line @typescript-eslint/prefer-promise-reject-errors
    running = Promise.reject(error);
  }
  running.then(
    (result) => {
      if (result.problems && result.problems.length > 0 && Object.keys(result.steps).length === 0) {
        end({ kind: 'error', message: notRunMessage(result) }, null);
        return;
      }
      const outcome = signal.aborted ? 'cancelled' : result.status;
      end({ kind: 'finished', outcome }, finalRun(view.getRun(), result));
    },
    (error: unknown) => end({ kind: 'error', message: reasonOf(error) }, view.getRun()),
  );
}
