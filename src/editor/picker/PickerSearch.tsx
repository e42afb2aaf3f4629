// ---------------------------------------------------------------------------
// The search row at the top of a cmdk picker (the action picker, the reference
// picker): a magnifier and the cmdk input, which filters the list as one types.
// ---------------------------------------------------------------------------

import { Command } from 'cmdk';
import type { ReactElement, Ref } from 'react';

/** Props of {@link PickerSearch}. */
export interface PickerSearchProps {
  /** Accessible name of the input; the placeholder is the same text with an ellipsis. */
  label: string;
  /**
   * The input, for the floating dialog's initial focus. `Ref`, not `RefObject<… | null>`:
   * React 18's types reject the latter as a `ref` prop.
   */
  inputRef: Ref<HTMLInputElement>;
  /** The search text, for a picker that filters its list itself (cmdk's `shouldFilter={false}`). */
  value?: string;
  /** Called with the new text as the person types; with `value`. */
  onValueChange?: (value: string) => void;
}

/** Search box of a picker. Render inside cmdk's `<Command>`. */
export function PickerSearch({ label, inputRef, value, onValueChange }: PickerSearchProps): ReactElement {
  return (
    <div className="wfe-picker-search">
      <svg viewBox="0 0 16 16" width="16" height="16" aria-hidden="true" className="wfe-picker-search-icon">
        <circle cx="7" cy="7" r="4.5" fill="none" stroke="currentColor" strokeWidth="1.5" />
        <path d="M10.5 10.5L14 14" stroke="currentColor" strokeWidth="1.5" strokeLinecap="round" />
      </svg>
      <Command.Input
        ref={inputRef}
        className="wfe-picker-input"
        aria-label={label}
        placeholder={`${label}…`}
        value={value}
        onValueChange={onValueChange}
      />
    </div>
  );
}
