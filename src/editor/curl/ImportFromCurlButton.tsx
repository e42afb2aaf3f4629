// ---------------------------------------------------------------------------
// "Import from cURL" in the HTTPS step's panel. Only the button is in the editor's
// initial code: the dialog, the parser and the shell tokenizer load the first time it
// is pressed. Renders nothing for other actions and in a read-only editor.
// ---------------------------------------------------------------------------

import { lazy, Suspense, useState, type ReactElement } from 'react';
import { findStep, HTTPS_REQUEST_ACTION_ID } from '../../definition';
import { DialogErrorBoundary } from '../dialogs/DialogErrorBoundary';
import { useLabels, useWorkflowEditor } from '../WorkflowEditorProvider';
import type { ImportFromCurlDialogProps } from './ImportFromCurlDialog';

/**
 * The dialog and the parser (with shell-quote) are two chunks, each within the lazy-chunk
 * budget, loaded side by side; the dialog gets the parser as a prop.
 */
const ImportFromCurlDialog = lazy(async () => {
  const [dialog, parser] = await Promise.all([import('./ImportFromCurlDialog'), import('./parse-curl')]);
  const Dialog = dialog.ImportFromCurlDialog;
  return { default: (props: Omit<ImportFromCurlDialogProps, 'parser'>) => <Dialog {...props} parser={parser} /> };
});

/** Props of {@link ImportFromCurlButton}. */
export interface ImportFromCurlButtonProps {
  /** The step the import writes into; the button shows only for an HTTPS step. */
  stepId: string;
}

/** The "Import from cURL" button and, while open, its dialog. Needs `<WorkflowEditorProvider>`. */
export function ImportFromCurlButton({ stepId }: ImportFromCurlButtonProps): ReactElement | null {
  const labels = useLabels();
  const readOnly = useWorkflowEditor((state) => state.readOnly);
  const isHttpsStep = useWorkflowEditor((state) => {
    const step = findStep(state.definition, stepId)?.step;
    return step?.type === 'action' && step.action === HTTPS_REQUEST_ACTION_ID;
  });
  const [open, setOpen] = useState(false);
  const [status, setStatus] = useState('');
  if (!isHttpsStep || readOnly) return null;
  return (
    <div className="wfe-curl-import">
      <button
        type="button"
        className="wfe-button"
        aria-haspopup="dialog"
        onClick={() => {
          setStatus('');
          setOpen(true);
        }}
      >
        {labels.importFromCurl}
      </button>
      <p className="wfe-curl-import-status" role="status">
        {status}
      </p>
      {open && (
        // The dialog's code may fail to load (a network error): the boundary shows a dialog
        // saying so, with Close, instead of taking the panel down.
        <DialogErrorBoundary title={labels.importFromCurl} onClose={() => setOpen(false)} labels={labels}>
          <Suspense fallback={null}>
            <ImportFromCurlDialog
              stepId={stepId}
              onClose={() => setOpen(false)}
              onImported={() => setStatus(labels.curlImported)}
            />
          </Suspense>
        </DialogErrorBoundary>
      )}
    </div>
  );
}
