// ---------------------------------------------------------------------------
// The run the editor draws, and "Test workflow" that makes one. TestRunProvider sits
// inside the editor's store provider: it keeps the editor's own test run (started from
// the toolbar, drawn live as its events come) and hands the canvas and panels the run to
// draw: the host's `run` when it passes one (the host wins), else the test run.
// ---------------------------------------------------------------------------

import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactElement, type ReactNode } from 'react';
import type { ActionCatalog, JsonValue, Problem, Workflow } from '../../definition/types';
import type { NetworkPolicy, RunResult, RunSnapshot, StepSnapshot } from '../../executor/types';
import { useWorkflowEditorStore } from '../WorkflowEditorProvider';
import { createRunView } from './create-run-view';
import { RunViewProvider, type RunView } from './run-view';
import { preloadStepRunDetails } from './StepRunDetails';
import { newTestRunId, runWorkflowInPage, type TestWorkflowHandler } from './test-workflow';

/** Where "Test workflow" is: not started (or cleared), running, or ended. */
export type TestRunPhase =
  | { kind: 'idle' }
  | { kind: 'running' }
  | { kind: 'finished'; outcome: 'succeeded' | 'failed' | 'cancelled' }
  /** The handler rejected, or the run could not start (its problems in words). */
  | { kind: 'error'; message: string };

/** What the toolbar needs of runs: "Test workflow" / "Stop" and "Clear run". */
export interface TestRunControls {
  /** Whether "Test workflow" is offered (the host did not pass `onTestWorkflow={null}`). */
  canTest: boolean;
  phase: TestRunPhase;
  /** Whether a run is drawn on the canvas (the host's or the test's). */
  runDrawn: boolean;
  /** Whether "Clear run" can leave run view (the test's run, or the host's with `onClearRun`). */
  canClear: boolean;
  /** Starts a test, or returns the workflow's problems instead of running it. */
  start: () => { blocked: readonly Problem[] } | undefined;
  /** Stops the running test: the run ends as cancelled. */
  stop: () => void;
  /** Leaves run view. */
  clear: () => void;
}

const TestRunContext = /* @__PURE__ */ createContext<TestRunControls | null>(null);

/** The editor's run controls; null outside a {@link TestRunProvider} (a toolbar on its own). */
export function useTestRun(): TestRunControls | null {
  return useContext(TestRunContext);
}

/** Props of {@link TestRunProvider}. */
export interface TestRunProviderProps {
  /** The host's run; drawn instead of the test's own whenever not null. */
  run: RunView | null | undefined;
  /** Runs the test; undefined: the reference executor in the page; null: no "Test workflow". */
  onTestWorkflow: TestWorkflowHandler | null | undefined;
  /** The default page run's destination rules. */
  testNetworkPolicy: NetworkPolicy | undefined;
  /** Called by "Clear run" while the host's run is drawn. */
  onClearRun: (() => void) | undefined;
  children: ReactNode;
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

function reasonOf(error: unknown): string {
  if (error instanceof Error && error.message !== '') return error.message;
  if (typeof error === 'string' && error !== '') return error;
  return 'unknown error';
}

/** Keeps the test run and provides the run to draw. Needs `<WorkflowEditorProvider>`. */
export function TestRunProvider(props: TestRunProviderProps): ReactElement {
  const { run: hostRun = null, onTestWorkflow, testNetworkPolicy, onClearRun } = props;
  const store = useWorkflowEditorStore();
  const [testRun, setTestRun] = useState<RunView | null>(null);
  const [phase, setPhase] = useState<TestRunPhase>({ kind: 'idle' });
  const controllerRef = useRef<AbortController | null>(null);
  // Read when a test starts, so a host passing new objects every render restarts nothing.
  const settingsRef = useRef({ onTestWorkflow, testNetworkPolicy, onClearRun });
  settingsRef.current = { onTestWorkflow, testNetworkPolicy, onClearRun };

  useEffect(
    () => () => {
      controllerRef.current?.abort();
      controllerRef.current = null;
    },
    [],
  );

  const start = useCallback((): { blocked: readonly Problem[] } | undefined => {
    if (controllerRef.current) return undefined;
    const state = store.getState();
    state.endBurst();
    const { onTestWorkflow: hostHandler, testNetworkPolicy } = settingsRef.current;
    // The page run under a policy that allows http: an http URL is no reason not to run it
    // (the executor applies the same rule, and reports any other URL problem).
    const httpAllowed = !hostHandler && testNetworkPolicy?.allowHttp === true;
    const problems = store.getState().problems.filter((problem) => !(httpAllowed && problem.code === 'url_not_https'));
    if (problems.length > 0) return { blocked: problems };
    const workflow: Workflow = store.getState().definition;
    const catalog: ActionCatalog = store.getState().catalog;
    // Defensive: the store may predate sample data.
    const trigger = (store.getState() as { sampleData?: { trigger?: unknown } }).sampleData?.trigger;
    const handler = hostHandler ?? runWorkflowInPage({ network: testNetworkPolicy, catalog });
    const controller = new AbortController();
    controllerRef.current = controller;
    const view = createRunView(workflow);
    const unsubscribe = view.subscribe(() => {
      if (controllerRef.current === controller) setTestRun(view.getRun());
    });
    setTestRun(null);
    setPhase({ kind: 'running' });
    const runId = newTestRunId();
    const finish = (next: TestRunPhase, drawn: RunView | null): void => {
      unsubscribe();
      if (controllerRef.current !== controller) return;
      controllerRef.current = null;
      setTestRun(drawn);
      setPhase(next);
    };
    let running: Promise<RunResult>;
    try {
      running = Promise.resolve(
        handler(workflow, {
          ...(trigger !== undefined ? { trigger: trigger as JsonValue } : {}),
          runId,
          signal: controller.signal,
          onEvent: (event) => {
            // Events after Stop still count: they say how the run ended.
            if (event.runId === runId) view.onEvent(event);
          },
        }),
      );
    } catch (error) {
      running = Promise.reject(error);
    }
    running.then(
      (result) => {
        if (result.problems && result.problems.length > 0 && Object.keys(result.steps).length === 0) {
          finish({ kind: 'error', message: notRunMessage(result) }, null);
          return;
        }
        const outcome = controller.signal.aborted ? 'cancelled' : result.status;
        finish({ kind: 'finished', outcome }, finalRun(view.getRun(), result));
      },
      (error: unknown) => finish({ kind: 'error', message: reasonOf(error) }, view.getRun()),
    );
    return undefined;
  }, [store]);

  const stop = useCallback(() => controllerRef.current?.abort(), []);

  const drawn = hostRun ?? testRun;
  // A boolean, so the toolbar does not re-render for every event of a live run.
  const runDrawn = drawn !== null;
  const hostRunDrawn = hostRun !== null;
  const ownDrawn = !hostRunDrawn && testRun !== null;
  const running = phase.kind === 'running';

  // The panel's run details load apart: fetched once a run is drawn, so a panel opened
  // on it shows them at once. A failed load shows (and loads again) in the panel.
  useEffect(() => {
    if (runDrawn) preloadStepRunDetails().catch(() => undefined);
  }, [runDrawn]);

  const clear = useCallback(() => {
    if (controllerRef.current) return;
    if (hostRunDrawn) {
      settingsRef.current.onClearRun?.();
      return;
    }
    setTestRun(null);
    setPhase({ kind: 'idle' });
  }, [hostRunDrawn]);

  const controls = useMemo<TestRunControls>(
    () => ({
      canTest: onTestWorkflow !== null,
      phase,
      runDrawn,
      canClear: !running && (ownDrawn || (hostRunDrawn && onClearRun !== undefined)),
      start,
      stop,
      clear,
    }),
    [onTestWorkflow, phase, runDrawn, running, ownDrawn, hostRunDrawn, onClearRun, start, stop, clear],
  );

  return (
    <TestRunContext.Provider value={controls}>
      <RunViewProvider run={drawn}>{props.children}</RunViewProvider>
    </TestRunContext.Provider>
  );
}
