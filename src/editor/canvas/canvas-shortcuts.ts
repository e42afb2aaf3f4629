// ---------------------------------------------------------------------------
// The canvas's keyboard shortcuts, as two tables of key → command: one for Ctrl (⌘ on a
// Mac) shortcuts, one for keys on a focused card or "+". A new shortcut is one line here;
// use-canvas-keyboard.ts finds the command and prevents the browser's default when the
// command says it handled the key.
// ---------------------------------------------------------------------------

import { findLayoutNode, findStep, stepNodeId, type InsertionPoint, type WorkflowLayout } from '../../definition';
import type { EditorState } from '../store';

/** What a command sees of the key press and the canvas. */
export interface ShortcutContext {
  /** The editor's state when the key was pressed. */
  readonly state: EditorState;
  readonly shiftKey: boolean;
  readonly altKey: boolean;
  /** Layout id of the focused card or "+", if focus is on one. */
  readonly itemId: string | null;
  /** The step whose card has focus. */
  readonly focusedStepId: string | null;
  /** The step whose card has focus, else the selected step. */
  readonly stepId: string | null;
  /** The keyboard order of the canvas (layout ids). */
  readonly focusOrder: readonly string[];
  /** Moves the tab stop to `layoutId`, pans it into view and focuses it. */
  focusItem: (layoutId: string) => void;
  /** Moves focus `delta` items along the keyboard order from the focused item; false at either end. */
  moveFocus: (delta: number) => boolean;
  /** Where Ctrl+V pastes. */
  pastePoint: () => InsertionPoint | null;
  /** Opens "Find step" (focus goes back to the focused element when it closes). */
  openFind: () => void;
  /** Opens a step's menu. */
  openStepMenu: (stepId: string) => void;
}

/** A shortcut's command: true when it handled the key, so the browser's default is prevented. */
export type ShortcutCommand = (context: ShortcutContext) => boolean;

/** A command that always handles its key. */
function always(run: (context: ShortcutContext) => void): ShortcutCommand {
  return (context) => {
    run(context);
    return true;
  };
}

/** A command that handles its key only when `applies`; otherwise the key is left to the browser. */
function onlyIf(
  applies: (context: ShortcutContext) => boolean,
  run: (context: ShortcutContext) => void,
): ShortcutCommand {
  return (context) => {
    if (!applies(context)) return false;
    run(context);
    return true;
  };
}

/**
 * A command about a step: the focused card's (`focused`), or else the selected one
 * (`focusedOrSelected`). Without such a step the key is left to the browser.
 */
function onStep(
  which: 'focused' | 'focusedOrSelected',
  run: (context: ShortcutContext, stepId: string) => void,
): ShortcutCommand {
  return (context) => {
    const stepId = which === 'focused' ? context.focusedStepId : context.stepId;
    if (stepId === null) return false;
    run(context, stepId);
    return true;
  };
}

/** Focuses a step the command just made (a duplicate, a pasted step). */
function focusNewStep(context: ShortcutContext, newId: string | null): void {
  if (newId) context.focusItem(stepNodeId(newId));
}

/** The arrows move along the keyboard order; with Alt, ↑ and ↓ on a step's card move the step. */
function arrow(delta: 1 | -1, altMovesStep: boolean): ShortcutCommand {
  return always(({ state, altKey, focusedStepId, focusItem, moveFocus }) => {
    if (altMovesStep && altKey && focusedStepId) {
      state.moveStepBy(focusedStepId, delta);
      focusItem(stepNodeId(focusedStepId));
    } else {
      moveFocus(delta);
    }
  });
}

const paste: ShortcutCommand = (context) => {
  const point = context.state.clipboard ? context.pastePoint() : null;
  if (!point) return false;
  focusNewStep(context, context.state.pasteStep(point));
  return true;
};

/** The menu key, or Shift+F10, on a step's card opens the step's menu (not in a read-only editor). */
function openMenu(needsShift: boolean): ShortcutCommand {
  const open = onStep('focused', ({ openStepMenu }, stepId) => openStepMenu(stepId));
  return (context) => (!needsShift || context.shiftKey) && !context.state.readOnly && open(context);
}

/** Home and End: the first or last item of the keyboard order. */
function focusEnd(end: 'first' | 'last'): ShortcutCommand {
  return always(({ focusOrder, focusItem }) => {
    const destination = end === 'first' ? focusOrder[0] : focusOrder[focusOrder.length - 1];
    if (destination !== undefined) focusItem(destination);
  });
}

/**
 * With Ctrl or ⌘ (and without Alt), by the key in lower case. They work wherever focus is
 * in the canvas; none of the keys below applies while Ctrl or ⌘ is held.
 */
export const MODIFIER_SHORTCUTS: Readonly<Record<string, ShortcutCommand>> = {
  z: always(({ state, shiftKey }) => (shiftKey ? state.redo() : state.undo())),
  y: always(({ state }) => state.redo()),
  // Find step replaces the browser's find here: what is off-screen is not in the page.
  f: onlyIf(
    ({ shiftKey }) => !shiftKey,
    ({ openFind }) => openFind(),
  ),
  c: onStep('focusedOrSelected', ({ state }, stepId) => state.copyStep(stepId)),
  v: paste,
  d: onStep('focusedOrSelected', (context, stepId) => focusNewStep(context, context.state.duplicateStep(stepId))),
};

/** On a focused card or "+" (without Ctrl or ⌘), by `KeyboardEvent.key`. */
export const ITEM_SHORTCUTS: Readonly<Record<string, ShortcutCommand>> = {
  // At either end of the order Tab leaves the canvas, as the browser does it.
  Tab: ({ altKey, shiftKey, moveFocus }) => !altKey && moveFocus(shiftKey ? -1 : 1),
  ArrowDown: arrow(1, true),
  ArrowUp: arrow(-1, true),
  ArrowRight: arrow(1, false),
  ArrowLeft: arrow(-1, false),
  Home: focusEnd('first'),
  End: focusEnd('last'),
  Delete: onStep('focused', ({ state }, stepId) => state.removeStep(stepId)),
  Backspace: onStep('focused', ({ state }, stepId) => state.removeStep(stepId)),
  ContextMenu: openMenu(false),
  F10: openMenu(true),
  // Clears the selection but leaves Escape to the page too (a host's dialog around the editor).
  Escape: ({ state }) => {
    if (state.selection !== null) state.select(null);
    return false;
  },
};

/** The command of `key` in `table`, if it has one (a key such as "constructor" has none). */
export function shortcutFor(
  table: Readonly<Record<string, ShortcutCommand>>,
  key: string,
): ShortcutCommand | undefined {
  return Object.hasOwn(table, key) ? table[key] : undefined;
}

/** Where Ctrl/Cmd+V pastes: at the focused "+", after the focused or selected step, or at the end. */
export function pastePointFor(
  workflowLayout: WorkflowLayout,
  state: Pick<EditorState, 'definition'>,
  itemId: string | null,
  stepId: string | null,
): InsertionPoint {
  const node = itemId ? findLayoutNode(workflowLayout, itemId) : undefined;
  if (node?.kind === 'insertionPoint') return node.point;
  if (stepId) {
    const location = findStep(state.definition, stepId);
    if (location) return { branchId: location.branchId, index: location.index + 1 };
  }
  return { branchId: null, index: state.definition.steps.length };
}
