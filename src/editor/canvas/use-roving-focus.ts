// ---------------------------------------------------------------------------
// The canvas's roving tab stop: one card or "+" is in the page's tab order, the arrows
// move it, and it always rests on something that exists. When its item goes away it
// moves to the same item under a step's new id (the step's id changed) or to what came
// before it; focus handed back by the panel lands on the card the panel showed.
// ---------------------------------------------------------------------------

import { useCallback, useLayoutEffect, useMemo, useRef, type FocusEvent, type RefObject } from 'react';
import { TRIGGER_NODE_ID, findLayoutNode, stepNodeId, type LayoutNode, type WorkflowLayout } from '../../definition';
import { selectInsertRule, type EditorStore } from '../store';
import { useWorkflowEditor } from '../WorkflowEditorProvider';
import type { CanvasUiStore } from './canvas-ui';
import { itemIdOf } from './item-ids';
import { canvasFocusOrder, isCanvasTabStop, nextTabStop } from './tab-stop';

/** What {@link useRovingFocus} works with. */
export interface RovingFocusInput {
  store: EditorStore;
  ui: CanvasUiStore;
  wrapperRef: RefObject<HTMLDivElement | null>;
  /** The layout drawn in this render. */
  workflowLayout: WorkflowLayout;
  readOnly: boolean;
  /** The layout of the store's current definition (for event handlers). */
  getLayout: () => WorkflowLayout;
  /** Pans a node into view (use-viewport-follow.ts). */
  reveal: (node: LayoutNode) => void;
}

/** The keyboard order of one layout, written out the first time it is read. */
interface LazyOrder {
  readonly ids: readonly string[];
}

function lazyOrder(write: () => readonly string[]): LazyOrder {
  let ids: readonly string[] | undefined;
  return {
    get ids() {
      return (ids ??= write());
    },
  };
}

/** What {@link useRovingFocus} gives the canvas. */
export interface RovingFocus {
  /** The keyboard order as of the last commit (read in event handlers). */
  focusOrderRef: { readonly current: readonly string[] };
  /** Moves the tab stop to `layoutId`, pans it into view and focuses it. */
  focusItem: (layoutId: string) => void;
  /** Moves focus `delta` items along the keyboard order from `from`; false at either end. */
  moveFocus: (from: string, delta: number) => boolean;
  /** The canvas element's focus handler: the focused item becomes the tab stop, in view. */
  onFocus: (event: FocusEvent<HTMLDivElement>) => void;
}

/** The roving tab stop; see the file's header. */
export function useRovingFocus({
  store,
  ui,
  wrapperRef,
  workflowLayout,
  readOnly,
  getLayout,
  reveal,
}: RovingFocusInput): RovingFocus {
  const insertRule = useWorkflowEditor(selectInsertRule);
  // Written out only when a key moves focus or the tab stop's item went away: a long
  // workflow's order is thousands of ids, which opening it and most edits never read.
  const focusOrder = useMemo(
    () => lazyOrder(() => canvasFocusOrder(workflowLayout, readOnly, insertRule)),
    [workflowLayout, readOnly, insertRule],
  );
  const orderRef = useRef(focusOrder);
  const layoutRef = useRef(workflowLayout);
  const focusOrderRef = useMemo(
    () => ({
      get current() {
        return orderRef.current.ids;
      },
    }),
    [],
  );

  const focusItem = useCallback(
    (layoutId: string) => {
      const node = findLayoutNode(getLayout(), layoutId);
      if (!node) return;
      reveal(node);
      ui.setState({ activeId: layoutId, focusRequest: layoutId });
    },
    [getLayout, reveal, ui],
  );

  // ---- Keep the tab stop on something that exists ----
  useLayoutEffect(() => {
    const before = { order: orderRef.current, layout: layoutRef.current };
    orderRef.current = focusOrder;
    layoutRef.current = workflowLayout;
    const { activeId: current } = ui.getState();
    if (isCanvasTabStop(workflowLayout, current, readOnly, insertRule)) return;
    const replacement = nextTabStop(
      current,
      { order: before.order.ids, layout: before.layout },
      { order: focusOrder.ids, layout: workflowLayout },
    );
    // The focused item is being removed (delete, undo) or renamed (its step's id changed):
    // focus what takes its place instead of letting focus fall to the page. React Flow
    // drops the node's element a little later, so "focus is inside a node that no longer
    // exists" counts as lost too.
    const focused = document.activeElement;
    const focusedNodeId = focused?.closest('.react-flow__node')?.getAttribute('data-id');
    const focusLost =
      !focused ||
      focused === document.body ||
      (focusedNodeId != null && !findLayoutNode(workflowLayout, focusedNodeId));
    ui.setState({ activeId: replacement, focusRequest: focusLost ? replacement : null });
  }, [focusOrder, workflowLayout, ui, readOnly, insertRule]);

  // ---- Focus handed back by the panel (Close, or its step went away) ----
  const canvasFocusRequested = useWorkflowEditor((state) => state.canvasFocusRequest);
  useLayoutEffect(() => {
    if (!canvasFocusRequested) return;
    const state = store.getState();
    state.clearCanvasFocusRequest();
    const { selection } = state;
    // The card of what the panel showed. If that step is gone, the tab stop, which the
    // effect above has already moved to what came before it (usually the "+" where it was).
    const selectedId =
      selection?.kind === 'trigger'
        ? TRIGGER_NODE_ID
        : selection?.kind === 'step'
          ? stepNodeId(selection.stepId)
          : null;
    focusItem(
      selectedId !== null && isCanvasTabStop(layoutRef.current, selectedId, readOnly, insertRule)
        ? selectedId
        : ui.getState().activeId,
    );
  }, [canvasFocusRequested, store, focusItem, ui, readOnly, insertRule]);

  const moveFocus = useCallback(
    (from: string, delta: number): boolean => {
      const order = focusOrderRef.current;
      const index = order.indexOf(from);
      const next = order[index + delta];
      if (index === -1 || next === undefined) return false;
      focusItem(next);
      return true;
    },
    [focusItem, focusOrderRef],
  );

  const onFocus = useCallback(
    (event: FocusEvent<HTMLDivElement>) => {
      const itemId = itemIdOf(event.target);
      if (!itemId) return;
      // Focus that arrived by the browser's own Tab may have scrolled React Flow's
      // overflow-hidden pane; undo that and pan the viewport instead.
      const pane = wrapperRef.current?.querySelector<HTMLElement>('.react-flow');
      if (pane && (pane.scrollTop !== 0 || pane.scrollLeft !== 0)) {
        pane.scrollTop = 0;
        pane.scrollLeft = 0;
      }
      if (ui.getState().activeId !== itemId) ui.setState({ activeId: itemId });
      const node = findLayoutNode(getLayout(), itemId);
      if (node) reveal(node);
    },
    [wrapperRef, ui, getLayout, reveal],
  );

  return { focusOrderRef, focusItem, moveFocus, onFocus };
}
