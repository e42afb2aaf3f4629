// ---------------------------------------------------------------------------
// State that belongs to one canvas and never to the definition: which item holds the
// roving tab stop, which item should take focus after the next render, the drop target
// of a drag and the open step menu. A tiny store per canvas (not React state in the
// canvas) so a node re-renders only when its own flag flips.
// ---------------------------------------------------------------------------

import { createContext, useContext } from 'react';
import { useStore } from 'zustand';
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { InsertionPoint, WorkflowLayout } from '../../definition';
import { WorkflowEditorError } from '../../definition/errors';

/** UI state of one canvas. */
export interface CanvasUiState {
  /** Layout id of the item that is the canvas's tab stop. */
  activeId: string;
  /** Layout id of the item that should take DOM focus once it is rendered. */
  focusRequest: string | null;
  /** Layout id of the insertion point a dragged step would drop on. */
  dropTargetId: string | null;
  /** Step id whose menu is open. */
  menuStepId: string | null;
}

/** The canvas UI store. */
export type CanvasUiStore = StoreApi<CanvasUiState>;

/** Creates the UI store of one canvas. */
export function createCanvasUiStore(activeId: string): CanvasUiStore {
  return createStore<CanvasUiState>(() => ({ activeId, focusRequest: null, dropTargetId: null, menuStepId: null }));
}

/** What nodes need from the canvas besides the editor store. */
export interface CanvasContextValue {
  ui: CanvasUiStore;
  /** Prefix making DOM ids unique per canvas (two editors on one page). */
  domIdPrefix: string;
  readOnly: boolean;
  /** The layout being drawn (read in event handlers only). */
  getLayout: () => WorkflowLayout;
  /** "+" activated: opens the picker, or calls the host's `onInsertRequest`. */
  requestInsert: (point: InsertionPoint, layoutId: string) => void;
  /** Moves the tab stop to `layoutId`, pans it into view and focuses it. */
  focusItem: (layoutId: string) => void;
}

/** Shared by every node of one canvas. */
export const CanvasContext = /* @__PURE__ */ createContext<CanvasContextValue | null>(null);

/** The canvas's context; nodes are only ever rendered inside a canvas. */
export function useCanvas(): CanvasContextValue {
  const value = useContext(CanvasContext);
  if (value === null)
    throw new WorkflowEditorError('outside_canvas', 'Canvas nodes must be rendered inside <WorkflowCanvas>');
  return value;
}

/** A narrow read of the canvas UI store. */
export function useCanvasUi<T>(selector: (state: CanvasUiState) => T): T {
  return useStore(useCanvas().ui, selector);
}

/** DOM id of a canvas item: layout ids hold `:`, which is valid in ids but awkward in selectors. */
export function itemDomId(prefix: string, layoutId: string): string {
  return `${prefix}-${layoutId.replace(/[^a-zA-Z0-9_-]/g, '-')}`;
}
