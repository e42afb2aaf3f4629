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

/**
 * Places with an undo of their own: dialogs (import, export), the pickers' searches, and
 * any control marked `data-wfe-own-undo` (a scratch box such as "from sample"). Their
 * text is not in the editor's history, so Ctrl/Cmd+Z there is the browser's.
 */
const OWN_UNDO = 'dialog, [role="dialog"], [cmdk-root], [data-wfe-own-undo]';

/**
 * The key the person meant: `event.key` on Latin layouts, the physical key elsewhere
 * (Ctrl+Z on a Russian layout reports "я").
 */
function historyKey(event: KeyboardEvent<HTMLElement>): 'z' | 'y' | null {
  const key = event.key.toLowerCase();
  if (key === 'z' || key === 'y') return key;
  if (/^[a-z]$/.test(key)) return null;
  return event.code === 'KeyZ' ? 'z' : event.code === 'KeyY' ? 'y' : null;
}

/**
 * A keydown handler that turns Ctrl/Cmd+Z into the editor's undo and Ctrl/Cmd+Shift+Z
 * or Ctrl/Cmd+Y into its redo inside the element it is on (fields, and the buttons a
 * history step may leave focus on). Left to the browser: an event already handled (an
 * inner part's own handler, the canvas's), a composition in progress, places with an
 * undo of their own, and a field holding text the history does not have yet
 * (`data-wfe-local-edit`: invalid JSON, a half-typed number), whose own undo comes first.
 */
export function useHistoryKeys(): (event: KeyboardEvent<HTMLElement>) => void {
  const store = useWorkflowEditorStore();
  return useCallback(
    (event: KeyboardEvent<HTMLElement>) => {
      if (event.defaultPrevented || !(event.ctrlKey || event.metaKey) || event.altKey) return;
      // keyCode 229 is how Safari reports a key that an input method is composing.
      // eslint-disable-next-line @typescript-eslint/no-deprecated
      if (event.nativeEvent.isComposing || event.keyCode === 229) return;
      const key = historyKey(event);
      if (key === null || !(event.target instanceof Element)) return;
      // Only the editor's own dialogs and searches: a host's <dialog> around the editor is not one.
      const ownUndo = event.target.closest(OWN_UNDO);
      if ((ownUndo && event.currentTarget.contains(ownUndo)) || event.target.closest('[data-wfe-local-edit]')) return;
      event.preventDefault();
      const state = store.getState();
      if (key === 'y' || event.shiftKey) state.redo();
      else state.undo();
    },
    [store],
  );
}
