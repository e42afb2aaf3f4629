// ---------------------------------------------------------------------------
// The error boundary of a modal dialog: if the dialog's content throws while rendering,
// a dialog with the same title says so, with "Try again" and "Close", so the person can
// get back to the editor (a failed <dialog> would otherwise leave nothing to close).
// ---------------------------------------------------------------------------

import { useId, type ReactElement, type ReactNode } from 'react';
import { ErrorAlert, ErrorBoundary } from '../ErrorBoundary';
import type { EditorLabels } from '../labels';
import { useEditorErrorHandler } from '../WorkflowEditorProvider';
import { ModalDialogHeader } from './ModalDialogHeader';
import { useModalDialog } from './use-modal-dialog';

/** Props of {@link DialogErrorBoundary}. */
export interface DialogErrorBoundaryProps {
  /** The dialog's title, kept on the message that replaces it. */
  title: string;
  /** Close button, Escape, or a click on the backdrop of the message. */
  onClose: () => void;
  labels: EditorLabels;
  children: ReactNode;
}

/** Renders `children` (a modal dialog) or, after they failed, a dialog saying so. */
export function DialogErrorBoundary(props: DialogErrorBoundaryProps): ReactElement {
  const { title, onClose, labels, children } = props;
  const reportError = useEditorErrorHandler();
  return (
    <ErrorBoundary
      area="dialog"
      onError={reportError}
      fallback={({ error, reset }) => (
        <FailedDialog title={title} error={error} onRetry={reset} onClose={onClose} labels={labels} />
      )}
    >
      {children}
    </ErrorBoundary>
  );
}

interface FailedDialogProps {
  title: string;
  error: Error;
  onRetry: () => void;
  onClose: () => void;
  labels: EditorLabels;
}

function FailedDialog(props: FailedDialogProps): ReactElement {
  const { title, error, onRetry, labels } = props;
  const titleId = useId();
  const { dialogProps, close } = useModalDialog({ onClose: props.onClose });
  return (
    <dialog {...dialogProps} className="wfe-dialog wfe-failed-dialog" aria-labelledby={titleId}>
      <ModalDialogHeader titleId={titleId} title={title} closeLabel={labels.close} onClose={close} />
      <ErrorAlert
        message={labels.dialogFailed}
        error={error}
        onRetry={onRetry}
        labels={labels}
        actions={
          <button type="button" className="wfe-button" onClick={close}>
            {labels.close}
          </button>
        }
      />
    </dialog>
  );
}
