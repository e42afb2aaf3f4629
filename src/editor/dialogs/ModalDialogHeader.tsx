// ---------------------------------------------------------------------------
// The top row of a modal dialog: its title (which names the dialog through
// aria-labelledby) and the × Close button.
// ---------------------------------------------------------------------------

import type { ReactElement } from 'react';
import { IconButton } from '../IconButton';

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
      <IconButton glyph="close" label={closeLabel} onClick={onClose} />
    </div>
  );
}
