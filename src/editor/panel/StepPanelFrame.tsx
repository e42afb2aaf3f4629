// ---------------------------------------------------------------------------
// What the panels of steps (action and Conditional) share around their own fields: the
// frame, "Step name" with its problems, and "Export step JSON" with its dialog.
// ---------------------------------------------------------------------------

import { useState, type ReactElement, type ReactNode } from 'react';
import { exportStep, serializeStepDocument, type Problem, type Step } from '../../definition';
import { StepChangedFields } from '../compare/ChangedFields';
import { JsonExportDialog } from '../dialogs/JsonExportDialog';
import { problemText } from '../labels';
import { useLabels, useWorkflowEditor, useWorkflowEditorStore } from '../WorkflowEditorProvider';
import { NameInput, PanelFrame } from './PanelFrame';
import { StepRunDetails } from '../run/StepRunDetails';

/** Props of {@link StepPanelFrame}. */
export interface StepPanelFrameProps {
  step: Step;
  /** JSON Pointer of the step in the definition (for its name's problems). */
  pointer: string;
  /** The step's problems; those at `<pointer>/name` show under "Step name". */
  problems: readonly Problem[];
  /** Prefix of DOM ids inside the panel. */
  idPrefix: string;
  heading: string;
  icon?: string;
  description?: string;
  /** @default closes the store's panel */
  onClose?: () => void;
  /** The panel's own fields, below "Step name". */
  children: ReactNode;
}

/** The frame of a step's panel with "Step name" and "Export step JSON". Needs `<WorkflowEditorProvider>`. */
export function StepPanelFrame(props: StepPanelFrameProps): ReactElement {
  const { step, pointer, problems, idPrefix } = props;
  const store = useWorkflowEditorStore();
  const labels = useLabels();
  const readOnly = useWorkflowEditor((state) => state.readOnly);
  const [exportOpen, setExportOpen] = useState(false);
  const nameMessages = problems.filter((problem) => problem.path === `${pointer}/name`).map((problem) => problemText(labels, problem));
  return (
    <PanelFrame
      heading={props.heading}
      icon={props.icon}
      description={props.description}
      labels={labels}
      onClose={props.onClose ?? (() => store.getState().closePanel())}
      footer={
        <button type="button" className="wfe-button" onClick={() => setExportOpen(true)}>
          {labels.exportStepJson}
        </button>
      }
    >
      <NameInput
        id={`${idPrefix}-name`}
        label={labels.stepName}
        value={step.name}
        readOnly={readOnly}
        emptyMessage={labels.nameRequired}
        messages={nameMessages}
        onChange={(name) => store.getState().renameStep(step.id, name)}
        onBlur={() => store.getState().endBurst()}
      />
      <StepChangedFields step={step} />
      <StepRunDetails stepId={step.id} />
      {props.children}
      {exportOpen && (
        <JsonExportDialog
          title={labels.exportStepJson}
          textLabel={labels.stepJson}
          // Read at open time: the dialog shows the step as it is when asked for.
          text={serializeStepDocument(exportStep(store.getState().definition, step.id), {
            catalog: store.getState().catalog,
          })}
          filename={`${step.id}.step.json`}
          labels={labels}
          onClose={() => setExportOpen(false)}
        />
      )}
    </PanelFrame>
  );
}
