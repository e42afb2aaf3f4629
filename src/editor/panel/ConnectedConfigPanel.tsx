// ---------------------------------------------------------------------------
// The panel for whatever the store has selected, while the panel is open: the
// trigger's, a Conditional step's, or an action step's. What WorkflowEditor renders.
// ---------------------------------------------------------------------------

import type { ReactElement } from 'react';
import { findStep } from '../../definition';
import { useWorkflowEditor } from '../WorkflowEditorProvider';
import { BranchPanel } from './BranchPanel';
import { StepConfigPanel } from './StepConfigPanel';
import { TriggerPanel } from './TriggerPanel';

/** Props of {@link ConnectedConfigPanel}. */
export interface ConnectedConfigPanelProps {
  /** Show every problem beside its field, touched or not (after "Publish"). @default false */
  showAllErrors?: boolean;
}

/** The configuration panel of the store's selection, or nothing when the panel is closed. */
export function ConnectedConfigPanel(props: ConnectedConfigPanelProps): ReactElement | null {
  const { showAllErrors = false } = props;
  const selection = useWorkflowEditor((state) => state.selection);
  const panelOpen = useWorkflowEditor((state) => state.panelOpen);
  const stepType = useWorkflowEditor((state) =>
    state.selection?.kind === 'step' ? (findStep(state.definition, state.selection.stepId)?.step.type ?? null) : null,
  );
  if (!panelOpen || selection === null) return null;
  if (selection.kind === 'trigger') return <TriggerPanel showAllErrors={showAllErrors} />;
  // Keyed by step id: a different step starts with fresh touched-state and drafts.
  if (stepType === 'branch') return <BranchPanel key={selection.stepId} stepId={selection.stepId} />;
  if (stepType === 'action') {
    return <StepConfigPanel key={selection.stepId} stepId={selection.stepId} showAllErrors={showAllErrors} />;
  }
  return null;
}
