// ---------------------------------------------------------------------------
// The read-only JSON dialog ("Export step JSON" in a step's panel), loaded apart from the
// editor's initial code the first time it opens: most sessions never open it. The panel
// starts loading it when the pointer or focus reaches "Export step JSON", so it usually
// opens at once. A chunk that failed to load shows the dialog's own failure message
// ("Try again" loads it again, "Close" gives up).
// ---------------------------------------------------------------------------

import type { ReactElement } from 'react';
import { defaultLabels, mergeLabels } from '../labels';
import { lazyPart } from '../lazy-part';
import { DialogErrorBoundary } from './DialogErrorBoundary';
import type { JsonExportDialogProps } from './JsonExportDialog';

const jsonExportDialog = lazyPart(() => import('./JsonExportDialog').then((module) => module.JsonExportDialog));

/** Starts loading the JSON dialog's code; resolves once it is there. */
export const preloadJsonExportDialog = jsonExportDialog.preload;

/** Read-only JSON with Copy and Download, as a modal dialog (open while rendered, once its code is there). */
export function JsonExportDialog(props: JsonExportDialogProps): ReactElement {
  const labels = props.labels ? mergeLabels(props.labels) : defaultLabels;
  return (
    <DialogErrorBoundary title={props.title} onClose={props.onClose} labels={labels}>
      <jsonExportDialog.Loaded {...props} />
    </DialogErrorBoundary>
  );
}
