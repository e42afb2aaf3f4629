// ---------------------------------------------------------------------------
// "Export JSON": the store's definition exactly as `serializeWorkflow` writes it, in
// the shared read-only JSON dialog (Copy, Download `<id>.workflow.json`).
// ---------------------------------------------------------------------------

import { useMemo, type ReactElement } from 'react';
import { serializeWorkflow } from '../../definition';
import { selectCatalog, selectDefinition } from '../store';
import { useLabels, useWorkflowEditor } from '../WorkflowEditorProvider';
import { DialogErrorBoundary } from './DialogErrorBoundary';
import { JsonExportDialog } from './JsonExportDialog';
import { workflowFileName } from './workflow-file-name';

/** Props of {@link WorkflowExportDialog}. */
export interface WorkflowExportDialogProps {
  /** Close button, Escape, or a click on the backdrop. */
  onClose: () => void;
}

/** The "Export JSON" dialog of the nearest editor (open while rendered). */
export function WorkflowExportDialog(props: WorkflowExportDialogProps): ReactElement {
  const labels = useLabels();
  // Serialising happens here, outside the JSON dialog's own boundary.
  return (
    <DialogErrorBoundary title={labels.exportJson} onClose={props.onClose} labels={labels}>
      <WorkflowExportDialogContent {...props} />
    </DialogErrorBoundary>
  );
}

function WorkflowExportDialogContent(props: WorkflowExportDialogProps): ReactElement {
  const labels = useLabels();
  const definition = useWorkflowEditor(selectDefinition);
  const catalog = useWorkflowEditor(selectCatalog);
  const text = useMemo(() => serializeWorkflow(definition, { catalog }), [definition, catalog]);
  return (
    <JsonExportDialog
      title={labels.exportJson}
      textLabel={labels.workflowJson}
      text={text}
      filename={workflowFileName(definition.id)}
      onClose={props.onClose}
      labels={labels}
    />
  );
}
