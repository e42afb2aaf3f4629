// ---------------------------------------------------------------------------
// The toolbar's "Import JSON" and "Export JSON" dialogs, loaded apart from the editor's
// initial code: most sessions never open them. The toolbar starts loading one when the
// pointer or focus reaches its button, so it usually opens at once; otherwise it opens
// as soon as its code is there. A chunk that failed to load shows the dialog's own
// failure message ("Try again" loads it again, "Close" gives up).
// ---------------------------------------------------------------------------

import type { ReactElement } from 'react';
import { DialogErrorBoundary } from '../dialogs/DialogErrorBoundary';
import type { ImportDialogProps } from '../dialogs/ImportDialog';
import type { WorkflowExportDialogProps } from '../dialogs/WorkflowExportDialog';
import { lazyPart } from '../lazy-part';
import { useLabels } from '../WorkflowEditorProvider';

const importDialog = lazyPart(() => import('../dialogs/ImportDialog').then((module) => module.ImportDialog));
const exportDialog = lazyPart(() =>
  import('../dialogs/WorkflowExportDialog').then((module) => module.WorkflowExportDialog),
);

/** Starts loading the "Import JSON" dialog's code; resolves once it is there. */
export const preloadImportDialog = importDialog.preload;
/** Starts loading the "Export JSON" dialog's code; resolves once it is there. */
export const preloadWorkflowExportDialog = exportDialog.preload;

/** The "Import JSON" dialog of the nearest editor (open while rendered, once its code is there). */
export function ImportDialog(props: ImportDialogProps): ReactElement {
  const labels = useLabels();
  return (
    <DialogErrorBoundary title={labels.importJson} onClose={props.onClose} labels={labels}>
      <importDialog.Loaded {...props} />
    </DialogErrorBoundary>
  );
}

/** The "Export JSON" dialog of the nearest editor (open while rendered, once its code is there). */
export function WorkflowExportDialog(props: WorkflowExportDialogProps): ReactElement {
  const labels = useLabels();
  return (
    <DialogErrorBoundary title={labels.exportJson} onClose={props.onClose} labels={labels}>
      <exportDialog.Loaded {...props} />
    </DialogErrorBoundary>
  );
}
