// ---------------------------------------------------------------------------
// A step's run details ("Run" in its panel), loaded apart from the editor's initial code:
// an editor shows them only while a run is drawn, so a host pays for them then. The
// editor starts loading them as soon as a run is drawn (preloadStepRunDetails), so a
// panel opened after that shows them at once.
// ---------------------------------------------------------------------------

import type { ReactElement } from 'react';
import { lazyPart } from '../lazy-part';
import { useStepRun } from './run-view';

/** JSON text longer than this shows cut short until "Show all": a 10 MB body would stall the panel. */
export const RUN_JSON_SHOWN_CHARACTERS = 20_000;

/** Props of {@link StepRunDetails}. */
export interface StepRunDetailsProps {
  stepId: string;
}

const details = lazyPart(() => import('./StepRunDetailsImpl').then((module) => module.StepRunDetailsImpl));

/** Starts loading the run details' code; resolves once it is there. */
export const preloadStepRunDetails = details.preload;

/**
 * The "Run" section of a step's panel: status, attempts, duration, the branch taken, the
 * input it ran with, its output and its error. Nothing when no run is drawn or the run
 * does not know the step, and nothing while its code loads (a chunk that failed to load
 * throws to the panel's error boundary, whose "Try again" loads it again). Needs
 * `<WorkflowEditorProvider>`; reads the run the editor draws.
 */
export function StepRunDetails(props: StepRunDetailsProps): ReactElement | null {
  const inRun = useStepRun(props.stepId) !== undefined;
  if (!inRun) return null;
  return <details.Loaded stepId={props.stepId} />;
}
