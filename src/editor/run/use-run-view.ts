// ---------------------------------------------------------------------------
// useRunView: folds a run's events (runWorkflow's `onEvent`, or the queue's `subscribe`)
// into the RunSnapshot the editor's `run` prop draws.
//
//   const view = useRunView(workflow);
//   runWorkflow(workflow, { onEvent: view.onEvent });
//   <WorkflowEditor definition={workflow} run={view.run} />
// ---------------------------------------------------------------------------

import { useCallback, useRef, useState } from 'react';
import type { Workflow } from '../../definition/types';
import { applyRunEvent, createRunSnapshot } from '../../executor/run-snapshot';
import type { RunEvent, RunSnapshot } from '../../executor/types';

/** What {@link useRunView} returns. */
export interface RunViewHandle {
  /** The run so far; null before its first event (or after `reset`). */
  run: RunSnapshot | null;
  /** Hand every event of the run here, in order. Stable across renders. */
  onEvent: (event: RunEvent) => void;
  /** Forgets the run drawn. */
  reset: () => void;
}

/**
 * A live view of one run of `workflow`: the first event (or an event of another run)
 * starts a fresh snapshot with every step waiting.
 */
export function useRunView(workflow: Pick<Workflow, 'steps'>): RunViewHandle {
  const [run, setRun] = useState<RunSnapshot | null>(null);
  const workflowRef = useRef(workflow);
  workflowRef.current = workflow;
  const onEvent = useCallback((event: RunEvent) => {
    setRun((current) => {
      const base =
        current && current.runId === event.runId ? current : createRunSnapshot(workflowRef.current, event.runId);
      return applyRunEvent(base, event, workflowRef.current);
    });
  }, []);
  const reset = useCallback(() => setRun(null), []);
  return { run, onEvent, reset };
}
