// ---------------------------------------------------------------------------
// Canvas items in the DOM carry their layout id (`data-wfe-item`); keyboard and drag
// handlers start from an element or a React Flow node id and need the step it is.
// ---------------------------------------------------------------------------

import { parseLayoutId } from '../../definition';

/** Layout id of the canvas item holding `element`, if any. */
export function itemIdOf(element: Element | null): string | null {
  return element?.closest<HTMLElement>('[data-wfe-item]')?.dataset.wfeItem ?? null;
}

/** The step id of a step card's layout id; null for anything else (trigger, "+", …). */
export function stepIdOfItem(itemId: string | null): string | null {
  const parsed = itemId === null ? undefined : parseLayoutId(itemId);
  return parsed?.kind === 'step' ? parsed.stepId : null;
}
