// ---------------------------------------------------------------------------
// "Insert reference" beside a field that takes references: the "{ }" button and the list
// it opens (ReferencePicker). The field says what choosing an option does with it (puts
// `{{ ... }}` where its caret was) and where focus goes back on Escape.
// ---------------------------------------------------------------------------

import { useRef, useState, type ReactElement } from 'react';
import type { ReferenceGroup, ReferenceOption } from '../../definition';
import { ReferencePicker } from './ReferencePicker';

export interface InsertReferenceButtonProps {
  /** The button's accessible name and tooltip ("Insert reference"). */
  label: string;
  /** What may be referenced here, asked for when the list opens. */
  references: () => readonly ReferenceGroup[];
  /** Called as the button is pressed, before the list opens (a field remembers its caret). */
  onPress?: () => void;
  /** The person chose `option`; the list has closed. */
  onChoose: (option: ReferenceOption) => void;
  /** The list closed with Escape: focus goes back to the field. */
  onEscape: () => void;
}

/** The "{ }" button that opens the list of what a field may reference. */
export function InsertReferenceButton(props: InsertReferenceButtonProps): ReactElement {
  const buttonRef = useRef<HTMLButtonElement>(null);
  const [open, setOpen] = useState(false);
  return (
    <>
      <button
        ref={buttonRef}
        type="button"
        className="wfe-icon-button wfe-insert-reference"
        aria-label={props.label}
        title={props.label}
        aria-haspopup="dialog"
        aria-expanded={open}
        onClick={() => {
          props.onPress?.();
          setOpen((current) => !current);
        }}
      >
        <span aria-hidden="true">{'{ }'}</span>
      </button>
      {open && (
        <ReferencePicker
          groups={props.references()}
          anchor={buttonRef.current}
          onSelect={(option) => {
            setOpen(false);
            props.onChoose(option);
          }}
          onClose={(reason) => {
            setOpen(false);
            if (reason === 'escape') props.onEscape();
          }}
        />
      )}
    </>
  );
}
