// ---------------------------------------------------------------------------
// The top row of a modal dialog: its title (which names the dialog through
// aria-labelledby) and the × Close button.
// ---------------------------------------------------------------------------

import type { ReactElement } from 'react';

/** Props of {@link ModalDialogHeader}. */
export interface ModalDialogHeaderProps {
  /** Id of the title, for the dialog's `aria-labelledby`. */
  titleId: string;
  /** The visible title. */
  title: string;
  /** Accessible name of the Close button, e.g. "Close". */
  closeLabel: string;
  /** The Close button was pressed. */
  onClose: () => void;
}

/** Title and Close button of a modal dialog. */
export function ModalDialogHeader({ titleId, title, closeLabel, onClose }: ModalDialogHeaderProps): ReactElement {
  return (
    <div className="wfe-dialog-header">
      <h2 className="wfe-dialog-title" id={titleId}>
        {title}
      </h2>
      <button type="button" className="wfe-icon-button" aria-label={closeLabel} onClick={onClose}>
        <svg viewBox="0 0 16 16" width="14" height="14" aria-hidden="true">
          <path d="M4 4l8 8M12 4l-8 8" stroke="currentColor" strokeWidth="1.6" strokeLinecap="round" />
        </svg>
      </button>
    </div>
  );
}
