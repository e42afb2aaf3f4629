// ---------------------------------------------------------------------------
// The run the editor draws, and "Test workflow" that makes one. TestRunProvider sits
// inside the editor's store provider: it keeps the editor's own test run (started from
// the toolbar, drawn live as its events come) and hands the canvas and panels the run to
// draw: the host's `run` when it passes one (the host wins), else the test run.
// ---------------------------------------------------------------------------

import {
  createContext,
  useCallback,
  useContext,
  useEffect,
  useMemo,
  useRef,
  useState,
  type ReactElement,
  type ReactNode,
} from 'react';
import type { ActionCatalog, JsonValue, Problem, Workflow } from '../../definition/types';
import type { NetworkPolicy } from '../../executor/types';
import { useWorkflowEditorStore } from '../WorkflowEditorProvider';
import { RunViewProvider, type RunView } from './run-view';
import { preloadStepRunDetails } from './StepRunDetails';
import type { TestWorkflowHandler } from './test-workflow';

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

type TestRunSession = typeof import('./test-run-session');

let sessionLoading: Promise<TestRunSession> | undefined;

/**
 * Loads what runs a test (apart from the editor's initial code); after a failed load, the
 * next "Test workflow" loads it again.
 */
function loadTestRunSession(): Promise<TestRunSession> {
  sessionLoading ??= import('./test-run-session').catch((error: unknown) => {
    sessionLoading = undefined;
    throw error;
  });
  return sessionLoading;
}

/** Starts loading what runs a test (e.g. when the pointer reaches "Test workflow"). */
export function preloadTestRun(): void {
  loadTestRunSession().catch(() => undefined);
}

/** An error in words: its message, or "unknown error". */
export function reasonOf(error: unknown): string {
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
    const controller = new AbortController();
    controllerRef.current = controller;
    setTestRun(null);
    setPhase({ kind: 'running' });
    const current = (): boolean => controllerRef.current === controller;
    const finish = (next: TestRunPhase, drawn: RunView | null): void => {
      if (!current()) return;
      controllerRef.current = null;
      setTestRun(drawn);
      setPhase(next);
    };
    loadTestRunSession().then(
      (session) => {
        // Unmounted meanwhile: nothing to run for. A "Stop" meanwhile still hands the
        // run over, its signal already aborted, so it ends (and is drawn) as cancelled.
        if (!current()) return;
        session.runTest({
          workflow,
          catalog,
          trigger: trigger as JsonValue | undefined,
          handler: hostHandler ?? undefined,
          network: testNetworkPolicy,
          signal: controller.signal,
          onRun: (run) => {
            if (current()) setTestRun(run);
          },
          onEnd: finish,
        });
      },
      (error: unknown) => finish({ kind: 'error', message: reasonOf(error) }, null),
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
