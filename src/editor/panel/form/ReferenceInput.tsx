// ---------------------------------------------------------------------------
// A text field that takes references: the template input (references as chips, `{{`
// suggestions) with "Insert reference" beside it. The "reference" widget draws it, and so
// do the Conditional step's condition rows, outside any form: it needs none of rjsf.
// ---------------------------------------------------------------------------

import { useEffect, useRef, type ReactElement } from 'react';
import type { ReferenceGroup, ReferenceOption } from '../../../definition';
import { InsertReferenceButton } from '../../references/InsertReferenceButton';
import { LazyTemplateInput as TemplateInput } from '../../references/template-input/LazyTemplateInput';
import type { TemplateInputElement } from '../../references/template-input/TemplateInput';
import { insertAt } from './insert-at';

/** A text field that takes references, with "Insert reference" beside it. */
export function ReferenceInput(props: {
  id: string;
  value: string;
  onChange: (value: string) => void;
  onBlur?: () => void;
  onFocus?: () => void;
  placeholder?: string;
  disabled?: boolean;
  readOnly?: boolean;
  invalid?: boolean;
  /** The field must be filled in (`aria-required`). */
  required?: boolean;
  describedBy?: string;
  /** The accessible name when no `<label htmlFor>` names the input. */
  ariaLabel?: string;
  references: (() => readonly ReferenceGroup[]) | undefined;
  insertReferenceLabel: string;
  multiline?: boolean;
  /** See TemplateInput's `deferTyping`. */
  deferTyping?: boolean;
}): ReactElement {
  const { id, value, onChange, references, insertReferenceLabel, multiline } = props;
  const inputRef = useRef<TemplateInputElement | null>(null);
  const selection = useRef<{ start: number; end: number }>({ start: value.length, end: value.length });
  const pendingCaret = useRef<number | null>(null);

  useEffect(() => {
    if (pendingCaret.current === null || !inputRef.current) return;
    const caret = pendingCaret.current;
    pendingCaret.current = null;
    inputRef.current.focus();
    inputRef.current.setSelectionRange(caret, caret);
  });

  const rememberSelection = (): void => {
    const input = inputRef.current;
    if (!input) return;
    selection.current = { start: input.selectionStart, end: input.selectionEnd };
  };

  const choose = (option: ReferenceOption): void => {
    // The text as typed: keys typed just before may not have reached `value` yet (deferTyping).
    const current = inputRef.current?.value ?? value;
    const { text, caret } = insertAt(current, selection.current.start, selection.current.end, option.insertText);
    pendingCaret.current = caret;
    onChange(text);
  };

  const onBlur = (): void => {
    rememberSelection();
    props.onBlur?.();
  };

  return (
    <div className="wfe-reference-input">
      {/* References show as chips, `{{` suggests them; its element reads like the input it replaces. */}
      <TemplateInput
        id={id}
        inputRef={inputRef}
        value={value}
        onChange={onChange}
        onFocus={props.onFocus}
        onBlur={onBlur}
        placeholder={props.placeholder}
        disabled={props.disabled}
        readOnly={props.readOnly}
        invalid={props.invalid}
        required={props.required}
        describedBy={props.describedBy}
        ariaLabel={props.ariaLabel}
        references={references}
        multiline={multiline}
        deferTyping={props.deferTyping}
      />
      {references && !props.readOnly && !props.disabled && (
        <InsertReferenceButton
          label={insertReferenceLabel}
          references={references}
          onPress={rememberSelection}
          onChoose={choose}
          onEscape={() => inputRef.current?.focus()}
        />
      )}
    </div>
  );
}
