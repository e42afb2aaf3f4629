// ---------------------------------------------------------------------------
// createRunView: the folding of useRunView without React. Hand it a run's events (the
// executor's `onEvent`, the queue's `subscribe`) and read or subscribe to the snapshot
// the editor's `run` prop draws:
//
//   const view = createRunView(workflow);
//   view.subscribe(() => render(view.getRun()));
//   await runWorkflow(workflow, { onEvent: view.onEvent, reportStepInput: true });
// ---------------------------------------------------------------------------

import type { Workflow } from '../../definition/types';
import { applyRunEvent, createRunSnapshot } from '../../executor/run-snapshot';
import type { RunEvent, RunSnapshot } from '../../executor/types';

/** What {@link createRunView} returns. */
export interface RunViewController {
  /** The run so far: null before its first event (or after `reset`). A new object whenever it changed. */
  getRun: () => RunSnapshot | null;
  /** Hand every event of the run here, in order. Bound: pass it as is. */
  onEvent: (event: RunEvent) => void;
  /** Calls `listener` after every change; returns the unsubscribe function. */
  subscribe: (listener: () => void) => () => void;
  /** Forgets the run (listeners are told). */
  reset: () => void;
}

/**
 * A live view of runs of `workflow`, outside React (useRunView is the hook). The first
 * event, or an event of another run, starts a fresh snapshot with every step waiting;
 * events that change nothing do not notify.
 */
export function createRunView(workflow: Pick<Workflow, 'steps'>): RunViewController {
  let run: RunSnapshot | null = null;
  const listeners = new Set<() => void>();
  const set = (next: RunSnapshot | null): void => {
    if (next === run) return;
    run = next;
    for (const listener of [...listeners]) listener();
  };
  return {
    getRun: () => run,
    onEvent: (event) => {
      const base = run && run.runId === event.runId ? run : createRunSnapshot(workflow, event.runId);
      set(applyRunEvent(base, event, workflow));
    },
    subscribe: (listener) => {
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },
    reset: () => set(null),
  };
}
