// ---------------------------------------------------------------------------
// One undo everywhere inside the editor. In a field, Ctrl/Cmd+Z would otherwise be the
// browser's own undo of that field: it reverts text the editor's history already holds,
// and the revert then becomes a new editor entry, so the two histories fight (the
// toolbar's Undo seems to redo). Fields therefore hand these keys to the editor's
// history, which groups typing per field in bursts and restores exactly what was there.
// The canvas handles the same keys for its own focus targets.
//
// Two ways out of that history are closed here too. A history step can remove the field
// focus is in (undoing "POST" takes "Body" away): focus would fall to the page, where the
// next Ctrl/Cmd+Z is the browser's. And the browser's undo reaches the editor's fields
// without a key in them (focus on the page, the Edit menu, a context menu): it arrives as
// a `historyUndo` input on the field the person last typed in, and becomes the editor's.
// ---------------------------------------------------------------------------

import { useCallback, useEffect, type KeyboardEvent, type RefObject } from 'react';
import type { EditorStore } from './store';
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

/** Whether `target`'s own undo (not the editor's) answers Ctrl/Cmd+Z there; see {@link OWN_UNDO}. */
function hasOwnUndo(target: Element, editorPart: Element): boolean {
  // Only the editor's own dialogs and searches: a host's <dialog> around the editor is not one.
  const ownUndo = target.closest(OWN_UNDO);
  return (ownUndo !== null && editorPart.contains(ownUndo)) || target.closest('[data-wfe-local-edit]') !== null;
}

/** What can hold focus, for finding a neighbour of a control a history step removed. */
const FOCUSABLE =
  'input:not([type="hidden"]), select, textarea, button, a[href], [contenteditable="true"], [tabindex]:not([tabindex="-1"])';

/** Whether `element` can take focus where it is now. */
function canFocus(element: HTMLElement): boolean {
  return element.isConnected && !element.matches(':disabled') && element.getClientRects().length > 0;
}

/**
 * Applies `step` (an undo or a redo, a "Restore published value") from the control
 * `target`, inside `scope` (the panel, or the editor). If the step removes that control
 * and focus falls out of the editor, focus goes to the nearest control before it that is
 * still there (undoing a change of Request Type takes Body away: focus lands on Request
 * Type), else after it. Looked for once the step is drawn, which React does at the end of
 * the event.
 */
export function stepKeepingFocus(step: () => void, target: Element, scope: HTMLElement): void {
  const controls = [...scope.querySelectorAll<HTMLElement>(FOCUSABLE)];
  const at = controls.findIndex((control) => control === target || control.contains(target));
  step();
  if (at === -1) return;
  const before = controls.slice(0, at).reverse();
  const after = controls.slice(at + 1);
  const refocus = (): void => {
    if (target.isConnected) return;
    const active = document.activeElement;
    // Focus the person (or the step itself) moved somewhere else stays there.
    if (active !== null && active !== document.body && active.isConnected) return;
    (before.find(canFocus) ?? after.find(canFocus))?.focus();
  };
  queueMicrotask(refocus);
  requestAnimationFrame(refocus);
}

/** Undoes or redoes: `key` `y`, or `z` with Shift, redoes. */
function historyStep(store: EditorStore, key: 'z' | 'y', shift: boolean): () => void {
  return () => {
    const state = store.getState();
    if (key === 'y' || shift) state.redo();
    else state.undo();
  };
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
      if (hasOwnUndo(event.target, event.currentTarget)) return;
      event.preventDefault();
      stepKeepingFocus(historyStep(store, key, event.shiftKey), event.target, event.currentTarget);
    },
    [store],
  );
}

/**
 * Makes the browser's own undo and redo of a field inside `editorRef`'s element (the
 * editor's, or a panel's that a host places itself) the editor's, as the file's header
 * says: a `historyUndo` / `historyRedo` input there is cancelled and the editor's history
 * steps instead, except where Ctrl/Cmd+Z is the browser's anyway (places with an undo of
 * their own, a field holding text the history does not have yet).
 */
export function useBrowserUndoAsHistory(editorRef: RefObject<HTMLElement | null>): void {
  const store = useWorkflowEditorStore();
  useEffect(() => {
    const editor = editorRef.current;
    if (!editor) return;
    const onBeforeInput = (event: InputEvent): void => {
      const redo = event.inputType === 'historyRedo';
      if ((!redo && event.inputType !== 'historyUndo') || !(event.target instanceof Element)) return;
      // Stepped already by an inner part of the editor (the panel inside the editor's element).
      if (event.defaultPrevented) return;
      if (hasOwnUndo(event.target, editor)) return;
      event.preventDefault();
      historyStep(store, redo ? 'y' : 'z', false)();
    };
    editor.addEventListener('beforeinput', onBeforeInput);
    return () => editor.removeEventListener('beforeinput', onBeforeInput);
  }, [editorRef, store]);
}
