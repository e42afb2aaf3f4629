// ---------------------------------------------------------------------------
// One undo everywhere inside the editor. In a field, Ctrl/Cmd+Z would otherwise be the
// browser's own undo of that field: it reverts text the editor's history already holds,
// and the revert then becomes a new editor entry, so the two histories fight (the
// toolbar's Undo seems to redo). Fields therefore hand these keys to the editor's
// history, which groups typing per field in bursts and restores exactly what was there.
// The canvas handles the same keys for its own focus targets.
// ---------------------------------------------------------------------------

import { useCallback, type KeyboardEvent } from 'react';
import { useWorkflowEditorStore } from './WorkflowEditorProvider';

/** Elements whose keys are text editing: where the browser would run its own undo. */
function isField(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || target.tagName === 'INPUT' || target.tagName === 'TEXTAREA' || target.tagName === 'SELECT';
}

/**
 * A keydown handler that turns Ctrl/Cmd+Z into the editor's undo and Ctrl/Cmd+Shift+Z
 * or Ctrl/Cmd+Y into its redo, for fields inside the element it is on. An event already
 * handled (an inner part's own handler) is left alone.
 */
export function useHistoryKeys(): (event: KeyboardEvent<HTMLElement>) => void {
  const store = useWorkflowEditorStore();
  return useCallback(
    (event: KeyboardEvent<HTMLElement>) => {
      if (event.defaultPrevented || !(event.ctrlKey || event.metaKey) || event.altKey) return;
      const key = event.key.toLowerCase();
      if ((key !== 'z' && key !== 'y') || !isField(event.target)) return;
      event.preventDefault();
      const state = store.getState();
      if (key === 'y' || event.shiftKey) state.redo();
      else state.undo();
    },
    [store],
  );
}
