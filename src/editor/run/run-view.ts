// ---------------------------------------------------------------------------
// A run drawn on the canvas: the `run` the host hands the editor (a live RunSnapshot or a
// finished RunResult) in a tiny store of its own, so a card re-renders only when its own
// step's state changes, however often the run reports.
// ---------------------------------------------------------------------------

import { createContext, createElement, useContext, useState, type ReactElement, type ReactNode } from 'react';
import { useStore } from 'zustand';
import { createStore, type StoreApi } from 'zustand/vanilla';
import { branchTakenIn } from '../../executor/run-snapshot';
import type { RunResult, RunSnapshot, StepSnapshot } from '../../executor/types';
import { useIsomorphicLayoutEffect } from '../isomorphic-layout-effect';

/** What the editor can draw: a run going on, or one that has finished. */
export type RunView = RunSnapshot | RunResult;

interface RunViewState {
  run: RunView | null;
}

const RunViewContext = /* @__PURE__ */ createContext<StoreApi<RunViewState> | null>(null);

/** Holds `run` for the cards below it. */
export function RunViewProvider(props: { run: RunView | null | undefined; children: ReactNode }): ReactElement {
  const [store] = useState(() => createStore<RunViewState>(() => ({ run: props.run ?? null })));
  // Before the browser paints: the cards show the run the host's page shows in the same
  // frame (a passive effect drew them a frame later, so a page could say "Run succeeded"
  // beside a card still running).
  useIsomorphicLayoutEffect(() => {
    store.setState({ run: props.run ?? null });
  }, [store, props.run]);
  return createElement(RunViewContext.Provider, { value: store }, props.children);
}

const noRun = /* @__PURE__ */ createStore<RunViewState>(() => ({ run: null }));

function useRunViewState<T>(selector: (state: RunViewState) => T): T {
  return useStore(useContext(RunViewContext) ?? noRun, selector);
}

/** This step's state in the run drawn, or undefined when no run is drawn (or it lacks the step). */
export function useStepRun(stepId: string): StepSnapshot | undefined {
  return useRunViewState((state) => {
    const steps = state.run?.steps;
    return steps && Object.hasOwn(steps, stepId) ? steps[stepId] : undefined;
  });
}

/**
 * For a branch of `ownerStepId`: "taken" or "not-taken" once the branch step has finished
 * in the run drawn, undefined before (or with no run).
 */
export function useBranchOutcome(ownerStepId: string, branchId: string): 'taken' | 'not-taken' | undefined {
  return useRunViewState((state) => {
    const steps = state.run?.steps;
    const owner = steps && Object.hasOwn(steps, ownerStepId) ? steps[ownerStepId] : undefined;
    if (!owner || owner.status !== 'succeeded') return undefined;
    // A live snapshot names the branch; a run result has it in the step's output only.
    const taken =
      'branchId' in owner && owner.branchId !== undefined ? owner.branchId : (branchTakenIn(owner.output) ?? null);
    return taken === branchId ? 'taken' : 'not-taken';
  });
}
