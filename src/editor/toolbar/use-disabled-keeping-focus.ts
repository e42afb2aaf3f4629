// ---------------------------------------------------------------------------
// A toolbar button that its own press disables ("Save" once saved, "Undo" at the start of
// the history) would drop the keyboard's focus to the page: a disabled button cannot hold
// it. While such a button has focus it is only marked disabled (`aria-disabled`, ignoring
// presses), and it becomes disabled for real once focus leaves it, out of the Tab order.
// ---------------------------------------------------------------------------

import { useState, type FocusEvent } from 'react';

/** The props that disable a button without taking the focus it holds. */
export interface DisabledKeepingFocusProps {
  disabled: boolean;
  'aria-disabled': true | undefined;
  'data-wfe-disabled': '' | undefined;
  onFocus: (event: FocusEvent<HTMLButtonElement>) => void;
  onBlur: (event: FocusEvent<HTMLButtonElement>) => void;
}

/** Props for a button that is `disabled` now; its click handler must ignore presses while disabled. */
export function useDisabledKeepingFocus(disabled: boolean): DisabledKeepingFocusProps {
  const [focused, setFocused] = useState(false);
  const markedOnly = disabled && focused;
  return {
    disabled: disabled && !focused,
    'aria-disabled': markedOnly || undefined,
    'data-wfe-disabled': markedOnly ? '' : undefined,
    onFocus: () => setFocused(true),
    onBlur: () => setFocused(false),
  };
}
