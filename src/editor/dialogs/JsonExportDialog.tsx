// ---------------------------------------------------------------------------
// A dialog that shows JSON text read-only with "Copy" and "Download": "Export step
// JSON" here, the workflow's "Export JSON" elsewhere. A native modal <dialog>
// (useModalDialog) gives focus containment, Escape and the backdrop without a library.
// ---------------------------------------------------------------------------

import { useId, useRef, useState, type ReactElement } from 'react';
import { defaultLabels, mergeLabels, type EditorLabels } from '../labels';
import { DialogErrorBoundary } from './DialogErrorBoundary';
import { ModalDialogHeader } from './ModalDialogHeader';
import { useModalDialog } from './use-modal-dialog';

/** Props of {@link JsonExportDialog}. */
export interface JsonExportDialogProps {
  /** Dialog title and accessible name, e.g. "Export step JSON". */
  title: string;
  /** Label of the read-only text area, e.g. "Step JSON". */
  textLabel: string;
  /** The JSON text. */
  text: string;
  /** File name "Download" saves as, e.g. `notify_crm.step.json`. */
  filename: string;
  /** Close button, Escape, or a click on the backdrop. */
  onClose: () => void;
  /** Overrides of the visible strings. @default defaultLabels */
  labels?: Partial<EditorLabels>;
}

/** Read-only JSON with Copy and Download, as a modal dialog (open while rendered). */
export function JsonExportDialog(props: JsonExportDialogProps): ReactElement {
  const labels = props.labels ? mergeLabels(props.labels) : defaultLabels;
  return (
    <DialogErrorBoundary title={props.title} onClose={props.onClose} labels={labels}>
      <JsonExportDialogContent {...props} labels={labels} />
    </DialogErrorBoundary>
  );
}

function JsonExportDialogContent(props: JsonExportDialogProps & { labels: EditorLabels }): ReactElement {
  const { title, textLabel, text, filename, onClose, labels } = props;
  const textRef = useRef<HTMLTextAreaElement>(null);
  const titleId = useId();
  const textId = useId();
  const [copied, setCopied] = useState(false);
  const { dialogProps, close } = useModalDialog({
    onClose,
    onOpen: () => {
      textRef.current?.focus();
      textRef.current?.select();
    },
  });

  const copy = async (): Promise<void> => {
    try {
      await navigator.clipboard.writeText(text);
    } catch {
      // Clipboard API refused (permissions, insecure origin): the selection route still works.
      textRef.current?.select();
      // eslint-disable-next-line @typescript-eslint/no-deprecated -- the only copy left without the Clipboard API
      document.execCommand('copy');
    }
    setCopied(true);
  };

  const download = (): void => {
    const url = URL.createObjectURL(new Blob([text], { type: 'application/json' }));
    const link = document.createElement('a');
    link.href = url;
    link.download = filename;
    link.click();
    setTimeout(() => URL.revokeObjectURL(url), 0);
  };

  return (
    <dialog {...dialogProps} className="wfe-dialog wfe-json-dialog" aria-labelledby={titleId}>
      <ModalDialogHeader titleId={titleId} title={title} closeLabel={labels.close} onClose={close} />
      <label className="wfe-label" htmlFor={textId}>
        {textLabel}
      </label>
      <textarea
        ref={textRef}
        id={textId}
        className="wfe-input wfe-textarea wfe-code wfe-dialog-text"
        value={text}
        readOnly
        rows={18}
        spellCheck={false}
      />
      <div className="wfe-dialog-actions">
        <span className="wfe-dialog-status" role="status">
          {copied ? labels.copied : ''}
        </span>
        <button type="button" className="wfe-button" onClick={() => void copy()}>
          {labels.copy}
        </button>
        <button type="button" className="wfe-button wfe-button--primary" onClick={download}>
          {labels.download}
        </button>
      </div>
    </dialog>
  );
}
