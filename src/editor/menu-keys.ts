// ---------------------------------------------------------------------------
// The arrow keys of a menu (the step menu, the toolbar's "More actions"): Up and Down
// move between its items and wrap, Home and End go to the first and last. Escape and Tab
// are each menu's own, since where focus goes after them differs.
// ---------------------------------------------------------------------------

import type { KeyboardEvent } from 'react';

/** Moves focus among `items` for an arrow, Home or End key; true when the key was one of them. */
export function moveMenuFocus(event: KeyboardEvent, items: readonly HTMLElement[]): boolean {
  const current = items.indexOf(document.activeElement as HTMLElement);
  if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
    event.preventDefault();
    const next = (current + (event.key === 'ArrowDown' ? 1 : -1) + items.length) % items.length;
    items[next]?.focus();
    return true;
  }
  if (event.key === 'Home' || event.key === 'End') {
    event.preventDefault();
    items[event.key === 'Home' ? 0 : items.length - 1]?.focus();
    return true;
  }
  return false;
}
