// ---------------------------------------------------------------------------
// The panel for whatever the store has selected, while the panel is open: the
// trigger's, a Conditional step's, or an action step's. What WorkflowEditor renders.
// ---------------------------------------------------------------------------

import { useMemo, type ReactElement } from 'react';
import { findStep, type StepType } from '../../definition';
import { useWorkflowEditor } from '../WorkflowEditorProvider';
import { BranchPanel } from './BranchPanel';
import { HostFormPartsContext, type HostFormParts } from './form/host-form-parts';
import { StepConfigPanel } from './StepConfigPanel';
import { TriggerPanel } from './TriggerPanel';

/**
 * Props of {@link ConnectedConfigPanel}. `widgets`, `fields` and `templates`: a host's
 * own for every configuration form of the panel (see `WorkflowEditorProps.widgets`).
 */
export interface ConnectedConfigPanelProps extends HostFormParts {
  /** Show every problem beside its field, touched or not (after "Publish"). @default false */
  showAllErrors?: boolean;
}

/**
 * The panel each kind of step is configured in; a kind added to the format adds its panel
 * here. Keyed by step id: a different step starts with fresh touched-state and drafts.
 */
const STEP_PANELS: { readonly [Type in StepType]: (stepId: string, showAllErrors: boolean) => ReactElement } = {
  action: (stepId, showAllErrors) => <StepConfigPanel key={stepId} stepId={stepId} showAllErrors={showAllErrors} />,
  branch: (stepId) => <BranchPanel key={stepId} stepId={stepId} />,
};

/** The configuration panel of the store's selection, or nothing when the panel is closed. */
export function ConnectedConfigPanel(props: ConnectedConfigPanelProps): ReactElement | null {
  const { showAllErrors = false, widgets, fields, templates } = props;
  const hostParts = useMemo<HostFormParts>(() => ({ widgets, fields, templates }), [widgets, fields, templates]);
  const selection = useWorkflowEditor((state) => state.selection);
  const panelOpen = useWorkflowEditor((state) => state.panelOpen);
  const stepType = useWorkflowEditor((state) =>
    state.selection?.kind === 'step' ? (findStep(state.definition, state.selection.stepId)?.step.type ?? null) : null,
  );
  if (!panelOpen || selection === null) return null;
  let panel: ReactElement | null = null;
  if (selection.kind === 'trigger') panel = <TriggerPanel showAllErrors={showAllErrors} />;
  else if (stepType !== null) panel = STEP_PANELS[stepType](selection.stepId, showAllErrors);
  if (panel === null) return null;
  // Every form of the panel (the trigger's too) reads the host's widgets, fields and templates here.
  return <HostFormPartsContext.Provider value={hostParts}>{panel}</HostFormPartsContext.Provider>;
}
