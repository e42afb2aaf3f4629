// ---------------------------------------------------------------------------
// The canvas's keyboard: one handler on the canvas element that looks the key up in the
// shortcut tables (canvas-shortcuts.ts) and runs its command. Keys typed into a field or
// a menu inside the canvas are theirs.
// ---------------------------------------------------------------------------

import { useCallback, type KeyboardEvent } from 'react';
import type { WorkflowLayout } from '../../definition';
import type { EditorStore } from '../store';
import {
  ITEM_SHORTCUTS,
  MODIFIER_SHORTCUTS,
  pastePointFor,
  shortcutFor,
  type ShortcutContext,
} from './canvas-shortcuts';
import type { CanvasUiStore } from './canvas-ui';
import { itemIdOf, stepIdOfItem } from './item-ids';

/** What {@link useCanvasKeyboard} works with. */
export interface CanvasKeyboardInput {
  store: EditorStore;
  ui: CanvasUiStore;
  /** The layout of the store's current definition. */
  getLayout: () => WorkflowLayout;
  /** The keyboard order as of the last commit. */
  focusOrderRef: { readonly current: readonly string[] };
  focusItem: (layoutId: string) => void;
  moveFocus: (from: string, delta: number) => boolean;
  /** Opens "Find step"; focus goes back to `returnFocusTo` when it closes. */
  openFind: (returnFocusTo: HTMLElement) => void;
}

function isTypingTarget(element: HTMLElement): boolean {
  return (
    element.isContentEditable ||
    element.tagName === 'INPUT' ||
    element.tagName === 'TEXTAREA' ||
    element.tagName === 'SELECT'
  );
}

/** The canvas element's `onKeyDown`. */
export function useCanvasKeyboard(input: CanvasKeyboardInput): (event: KeyboardEvent<HTMLDivElement>) => void {
  const { store, ui, getLayout, focusOrderRef, focusItem, moveFocus, openFind } = input;
  return useCallback(
    (event: KeyboardEvent<HTMLDivElement>) => {
      const target = event.target as HTMLElement;
      if (isTypingTarget(target) || target.closest('[role="menu"]')) return;
      const withModifier = (event.ctrlKey || event.metaKey) && !event.altKey;
      const itemId = itemIdOf(target);
      // Without Ctrl or ⌘, keys act on the focused card or "+" only.
      if (!withModifier && !itemId) return;
      const command = withModifier
        ? shortcutFor(MODIFIER_SHORTCUTS, event.key.toLowerCase())
        : shortcutFor(ITEM_SHORTCUTS, event.key);
      if (!command) return;
      const state = store.getState();
      const focusedStepId = stepIdOfItem(itemId);
      const stepId = focusedStepId ?? (state.selection?.kind === 'step' ? state.selection.stepId : null);
      const context: ShortcutContext = {
        state,
        shiftKey: event.shiftKey,
        altKey: event.altKey,
        itemId,
        focusedStepId,
        stepId,
        // Written out only for the shortcuts that read it (Home, End): a long workflow's
        // order is thousands of ids.
        get focusOrder() {
          return focusOrderRef.current;
        },
        focusItem,
        moveFocus: (delta) => itemId !== null && moveFocus(itemId, delta),
        pastePoint: () => pastePointFor(getLayout(), store.getState(), itemId, stepId),
        openFind: () => openFind(target),
        openStepMenu: (menuStepId) => ui.setState({ menuStepId }),
      };
      if (command(context)) event.preventDefault();
    },
    [store, ui, getLayout, focusOrderRef, focusItem, moveFocus, openFind],
  );
}
