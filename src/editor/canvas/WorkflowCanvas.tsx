// ---------------------------------------------------------------------------
// The canvas: React Flow draws what `layout()` positions, and only the part of it near
// the viewport. The layout (not React Flow's node list) answers every question about
// the whole workflow: keyboard order, fit view, the minimap, revealing a step. React
// Flow is controlled and never owns the graph; dragging a step only moves a preview
// until it is dropped on an insertion point, which is one store action.
// ---------------------------------------------------------------------------

import {
  useCallback,
  useEffect,
  useId,
  useLayoutEffect,
  useMemo,
  useRef,
  useState,
  type FocusEvent,
  type KeyboardEvent,
  type MouseEvent as ReactMouseEvent,
  type ReactElement,
} from 'react';
import {
  Background,
  BackgroundVariant,
  ReactFlow,
  ReactFlowProvider,
  useReactFlow,
  useStore,
  useStoreApi,
  type NodeChange,
  type ReactFlowState,
} from '@xyflow/react';
import {
  TRIGGER_NODE_ID,
  findLayoutNode,
  findStep,
  layout,
  layoutItemsIn,
  stepNodeId,
  type InsertionPoint,
  type LayoutNode,
  type LayoutRect,
  type Step,
  type WorkflowLayout,
} from '../../definition';
import { useStore as useZustandStore } from 'zustand';
import {
  selectDefinition,
  selectInsertRule,
  selectPanelOpen,
  selectReadOnly,
  selectSelectedStepId,
  type EditorStore,
} from '../store';
import { useCanvasLayoutOf } from '../compare/compare-state';
import { useLabels, useWorkflowEditor, useWorkflowEditorStore } from '../WorkflowEditorProvider';
import { CanvasContext, createCanvasUiStore, itemDomId, type CanvasContextValue } from './canvas-ui';
import { CanvasControls, CanvasMinimap } from './CanvasControls';
import { ConnectorLayer } from './ConnectorLayer';
import { FindStep } from './LazyFindStep';
import { createFlowElementCache, toConnectorPaths, toFlowNodes } from './flow-elements';
import { canvasNodeTypes, type CanvasNode } from './nodes';
import { fitViewportToBounds, revealViewport } from './viewport';

/** Props of {@link WorkflowCanvas}. */
export interface WorkflowCanvasProps {
  /** Show a minimap of the whole workflow. @default false */
  minimap?: boolean;
  /**
   * Called when a person activates an insertion point ("+"). Without it the canvas opens
   * the store's action picker (`openPicker`) at that point; with it the host decides,
   * e.g. `(point, store) => store.getState().insertAction('https_request', point)`; `store`
   * is this editor's store, so the host needs no ref to reach it.
   */
  onInsertRequest?: (point: InsertionPoint, store: EditorStore) => void;
  /** Extra class names on the canvas element. */
  className?: string;
}

/**
 * Draws the editor's workflow: trigger, steps, branch columns, insertion points and
 * connectors. Must be inside a `WorkflowEditorProvider`.
 */
export function WorkflowCanvas(props: WorkflowCanvasProps): ReactElement {
  return (
    <ReactFlowProvider>
      <CanvasInner {...props} />
    </ReactFlowProvider>
  );
}

// ---- Culling -------------------------------------------------------------------------

/** Viewport rectangles are snapped to this grid so small pans re-render nothing. */
const CULL_GRID = 320;

/**
 * The part of the canvas to render, as a string so React Flow's store notifies us only
 * when it changes: the viewport plus half a viewport on every side, snapped outward.
 */
function selectCullKey(state: ReactFlowState): string {
  const { width, height } = state;
  const [tx, ty, zoom] = state.transform;
  if (!width || !height) return '';
  const w = width / zoom;
  const h = height / zoom;
  const x0 = Math.floor((-tx / zoom - w / 2) / CULL_GRID) * CULL_GRID;
  const y0 = Math.floor((-ty / zoom - h / 2) / CULL_GRID) * CULL_GRID;
  const x1 = Math.ceil((-tx / zoom + w * 1.5) / CULL_GRID) * CULL_GRID;
  const y1 = Math.ceil((-ty / zoom + h * 1.5) / CULL_GRID) * CULL_GRID;
  return `${x0},${y0},${x1},${y1}`;
}

function cullRect(key: string): LayoutRect | null {
  if (!key) return null;
  const [x0, y0, x1, y1] = key.split(',').map(Number) as [number, number, number, number];
  return { x: x0, y: y0, width: x1 - x0, height: y1 - y0 };
}

const selectPaneReady = (state: ReactFlowState) => state.width > 0 && state.height > 0;

// ---- The part of the pane a drawer leaves uncovered -----------------------------------

/**
 * The width and height, from the pane's top left corner, that the editor's configuration
 * panel leaves uncovered when it overlays the canvas as a drawer (a narrow editor, see
 * panel.css): along the right edge it takes width, as a sheet along the bottom height.
 * Beside the canvas (a wide editor), or outside a `WorkflowEditor`, it covers nothing.
 * Measured rather than known, so the drawer's sizes live in the stylesheet alone.
 */
function uncoveredPaneSize(pane: HTMLElement | null, width: number, height: number): { width: number; height: number } {
  const panel = pane?.closest('.wfe-editor-layout')?.querySelector<HTMLElement>(':scope > .wfe-body > .wfe-panel');
  if (!pane || !panel) return { width, height };
  const paneRect = pane.getBoundingClientRect();
  const panelRect = panel.getBoundingClientRect();
  const overlaps =
    panelRect.left < paneRect.right &&
    panelRect.right > paneRect.left &&
    panelRect.top < paneRect.bottom &&
    panelRect.bottom > paneRect.top;
  if (!overlaps) return { width, height };
  if (panelRect.left > paneRect.left) return { width: Math.min(width, panelRect.left - paneRect.left), height };
  if (panelRect.top > paneRect.top) return { width, height: Math.min(height, panelRect.top - paneRect.top) };
  return { width, height };
}
const selectPaneWidth = (state: ReactFlowState) => state.width;

// ---- Keyboard ------------------------------------------------------------------------

function isTypingTarget(element: HTMLElement): boolean {
  return (
    element.isContentEditable ||
    element.tagName === 'INPUT' ||
    element.tagName === 'TEXTAREA' ||
    element.tagName === 'SELECT'
  );
}

function itemIdOf(element: Element | null): string | null {
  return element?.closest<HTMLElement>('[data-wfe-item]')?.dataset.wfeItem ?? null;
}

function stepIdOfItem(itemId: string | null): string | null {
  return itemId?.startsWith('step:') ? itemId.slice('step:'.length) : null;
}

/** Step ids inside a step (a branch step's whole subtree, itself excluded). */
function branchIdsInside(step: Step): Set<string> {
  const ids = new Set<string>();
  const visit = (s: Step) => {
    if (s.type !== 'branch') return;
    for (const branch of s.branches) {
      ids.add(branch.id);
      branch.steps.forEach(visit);
    }
  };
  visit(step);
  return ids;
}

const noop = () => {};
const DROP_RADIUS = 30;

// ---- The canvas ----------------------------------------------------------------------

function CanvasInner({ minimap = false, onInsertRequest, className }: WorkflowCanvasProps): ReactElement {
  const store = useWorkflowEditorStore();
  const labels = useLabels();
  const definition = useWorkflowEditor(selectDefinition);
  const readOnly = useWorkflowEditor(selectReadOnly);
  const selectedStepId = useWorkflowEditor(selectSelectedStepId);
  const reactFlow = useReactFlow();
  const flowStore = useStoreApi();
  const cullKey = useStore(selectCullKey);
  const paneReady = useStore(selectPaneReady);
  const paneWidth = useStore(selectPaneWidth);
  const domIdPrefix = `wfe${useId().replace(/[^a-zA-Z0-9]/g, '')}`;
  const [ui] = useState(() => createCanvasUiStore(TRIGGER_NODE_ID));
  const activeId = useZustandStore(ui, (state) => state.activeId);
  const menuStepId = useZustandStore(ui, (state) => state.menuStepId);
  const [drag, setDrag] = useState<{ id: string; x: number; y: number } | null>(null);
  // "Find step" is open while this holds the element focus goes back to on Escape.
  const [findOpenedFrom, setFindOpenedFrom] = useState<HTMLElement | null>(null);
  const [fitted, setFitted] = useState(false);
  const wrapperRef = useRef<HTMLDivElement>(null);
  const cacheRef = useRef(createFlowElementCache());

  const insertRule = useWorkflowEditor(selectInsertRule);
  // While comparing with the published version, removed steps are drawn as ghosts.
  const layoutOf = useCanvasLayoutOf();
  const workflowLayout = useMemo(() => layoutOf(definition), [layoutOf, definition]);
  // Insertion points without a button (read-only, or refused by the host) are not stops.
  const focusOrder = useMemo(() => {
    if (readOnly) return workflowLayout.focusOrder.filter((id) => !id.startsWith('insert:'));
    if (!insertRule) return workflowLayout.focusOrder;
    return workflowLayout.focusOrder.filter((id) => {
      if (!id.startsWith('insert:')) return true;
      const node = findLayoutNode(workflowLayout, id);
      return node?.kind !== 'insertionPoint' || insertRule(node.point);
    });
  }, [workflowLayout, readOnly, insertRule]);
  const focusOrderRef = useRef(focusOrder);
  const onInsertRequestRef = useRef(onInsertRequest);
  onInsertRequestRef.current = onInsertRequest;

  // Event handlers may run right after a store change, before React re-renders:
  // they read the layout of the store's current definition (cached by identity).
  const getLayout = useCallback((): WorkflowLayout => layoutOf(store.getState().definition), [store, layoutOf]);

  // Revealing pans into the part of the pane a drawer (the panel of a narrow editor)
  // leaves uncovered: what gets focus or is selected is never under it.
  const reveal = useCallback(
    (node: LayoutNode) => {
      const { transform, width, height } = flowStore.getState();
      const uncovered = uncoveredPaneSize(wrapperRef.current, width, height);
      const next = revealViewport(node, { x: transform[0], y: transform[1], zoom: transform[2] }, uncovered.width, uncovered.height);
      if (next) void reactFlow.setViewport(next);
    },
    [flowStore, reactFlow],
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

  const context = useMemo<CanvasContextValue>(
    () => ({
      ui,
      domIdPrefix,
      readOnly,
      getLayout,
      focusItem,
      requestInsert(point, layoutId) {
        if (store.getState().readOnly) return;
        ui.setState({ activeId: layoutId });
        const host = onInsertRequestRef.current;
        if (host) host(point, store);
        else store.getState().openPicker(point, itemDomId(domIdPrefix, layoutId));
      },
    }),
    [ui, domIdPrefix, readOnly, getLayout, focusItem, store],
  );

  // ---- Fit view once the pane has a size ----
  // Into the uncovered part, too: "Fit view" with a drawer open fits beside the drawer.
  const fitView = useCallback(() => {
    const { width, height } = flowStore.getState();
    const uncovered = uncoveredPaneSize(wrapperRef.current, width, height);
    void reactFlow.setViewport(fitViewportToBounds(getLayout().bounds, uncovered.width, uncovered.height));
  }, [flowStore, reactFlow, getLayout]);

  useLayoutEffect(() => {
    if (paneReady && !fitted) {
      fitView();
      setFitted(true);
    }
  }, [paneReady, fitted, fitView]);

  // ---- Keep the view centred when the pane changes width ----
  // The configuration panel opening beside the canvas narrows it from the right; React
  // Flow keeps the left edge, which would slide the workflow under the panel. Keep the
  // centre where it was instead, and the selected step in view.
  const paneWidthRef = useRef(paneWidth);
  useLayoutEffect(() => {
    const previous = paneWidthRef.current;
    paneWidthRef.current = paneWidth;
    if (!fitted || previous <= 0 || paneWidth <= 0 || previous === paneWidth) return;
    const { transform, height } = flowStore.getState();
    let next = { x: transform[0] + (paneWidth - previous) / 2, y: transform[1], zoom: transform[2] };
    const selection = store.getState().selection;
    const selected = selection?.kind === 'step' ? findLayoutNode(getLayout(), stepNodeId(selection.stepId)) : undefined;
    if (selected) {
      const uncovered = uncoveredPaneSize(wrapperRef.current, paneWidth, height);
      next = revealViewport(selected, next, uncovered.width, uncovered.height) ?? next;
    }
    void reactFlow.setViewport(next);
  }, [paneWidth, fitted, flowStore, store, getLayout, reactFlow]);

  // ---- Keep the tab stop on something that exists ----
  useLayoutEffect(() => {
    const previousOrder = focusOrderRef.current;
    focusOrderRef.current = focusOrder;
    const { activeId: current } = ui.getState();
    if (focusOrder.includes(current)) return;
    const present = new Set(focusOrder);
    let replacement = TRIGGER_NODE_ID;
    for (let i = previousOrder.indexOf(current) - 1; i >= 0; i--) {
      if (present.has(previousOrder[i]!)) {
        replacement = previousOrder[i]!;
        break;
      }
    }
    // The focused item is being removed (delete, undo): focus its predecessor instead of
    // letting focus fall to the page. React Flow drops the node's element a little later,
    // so "focus is inside a node that no longer exists" counts as lost too.
    const focused = document.activeElement;
    const focusedNodeId = focused?.closest('.react-flow__node')?.getAttribute('data-id');
    const focusLost =
      !focused || focused === document.body || (focusedNodeId != null && !findLayoutNode(workflowLayout, focusedNodeId));
    ui.setState({ activeId: replacement, focusRequest: focusLost ? replacement : null });
  }, [focusOrder, workflowLayout, ui]);

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
      selection?.kind === 'trigger' ? TRIGGER_NODE_ID : selection?.kind === 'step' ? stepNodeId(selection.stepId) : null;
    focusItem(selectedId !== null && focusOrderRef.current.includes(selectedId) ? selectedId : ui.getState().activeId);
  }, [canvasFocusRequested, store, focusItem, ui]);

  // ---- A newly selected step (inserted, pasted, chosen from the problems list) comes into view ----
  // Also when its panel opens: in a narrow editor the panel is a drawer over the canvas,
  // and the selected card (the trigger's too) pans out from under it.
  const panelOpen = useWorkflowEditor(selectPanelOpen);
  const selectedTrigger = useWorkflowEditor((state) => state.selection?.kind === 'trigger');
  useEffect(() => {
    const selectedId = selectedStepId !== null ? stepNodeId(selectedStepId) : selectedTrigger ? TRIGGER_NODE_ID : null;
    if (selectedId === null) return;
    const node = findLayoutNode(workflowLayout, selectedId);
    if (!node) return;
    reveal(node);
    if (selectedStepId !== null && !wrapperRef.current?.contains(document.activeElement)) ui.setState({ activeId: node.id });
    // Only a change of selection or of the panel should pan; a relayout of the same
    // selection should not.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [selectedStepId, selectedTrigger, panelOpen]);

  // ---- What React Flow draws ----
  const visible = useMemo(() => {
    const rect = fitted ? cullRect(cullKey) : null;
    if (!rect) return { nodes: [] as LayoutNode[], edges: [] as ReturnType<typeof layoutItemsIn>['edges'] };
    const items = layoutItemsIn(workflowLayout, rect);
    // The tab stop, an open menu and a dragged step stay rendered wherever they are,
    // so focus and the drag survive panning them out of view.
    const pinned = [activeId, menuStepId && stepNodeId(menuStepId), drag?.id].filter(
      (id): id is string => typeof id === 'string' && id !== '',
    );
    for (const id of pinned) {
      const node = findLayoutNode(workflowLayout, id);
      if (node && !items.nodes.some((item) => item.id === node.id)) items.nodes.push(node);
    }
    return items;
  }, [workflowLayout, cullKey, fitted, activeId, menuStepId, drag?.id]);

  const nodes = useMemo(
    () =>
      toFlowNodes(visible.nodes, cacheRef.current, {
        readOnly,
        drag,
        raisedId: menuStepId ? stepNodeId(menuStepId) : null,
      }),
    [visible.nodes, readOnly, drag, menuStepId],
  );
  const connectorPaths = useMemo(() => toConnectorPaths(visible.edges, cacheRef.current), [visible.edges]);

  // ---- Drag a step onto an insertion point ----
  const onNodesChange = useCallback((changes: NodeChange<CanvasNode>[]) => {
    for (const change of changes) {
      if (change.type === 'position' && change.position && change.dragging) {
        const { x, y } = change.position;
        setDrag({ id: change.id, x, y });
      }
    }
  }, []);

  // Read through a ref so the drag handlers keep their identity across edits: React
  // Flow copies every changed handler prop into its store, and each copy re-runs every
  // node's store selectors.
  const visibleNodesRef = useRef(visible.nodes);
  visibleNodesRef.current = visible.nodes;

  const dropTargetFor = useCallback(
    (stepId: string, clientX: number, clientY: number) => {
      const state = store.getState();
      const location = findStep(state.definition, stepId);
      if (!location) return null;
      const inside = branchIdsInside(location.step);
      const pointer = reactFlow.screenToFlowPosition({ x: clientX, y: clientY });
      let best: { id: string; point: InsertionPoint; distance: number } | null = null;
      for (const node of visibleNodesRef.current) {
        if (node.kind !== 'insertionPoint') continue;
        const { point } = node;
        if (point.branchId !== null && inside.has(point.branchId)) continue;
        if (state.insertRule && !state.insertRule(point)) continue;
        // The points right above and below the step would leave it where it is.
        if (point.branchId === location.branchId && (point.index === location.index || point.index === location.index + 1)) {
          continue;
        }
        const distance = Math.hypot(node.x + node.width / 2 - pointer.x, node.y + node.height / 2 - pointer.y);
        if (distance <= DROP_RADIUS && (!best || distance < best.distance)) best = { id: node.id, point, distance };
      }
      if (!best) return null;
      // moveStep counts the index after the step has left its list.
      const point =
        best.point.branchId === location.branchId && best.point.index > location.index
          ? { branchId: best.point.branchId, index: best.point.index - 1 }
          : best.point;
      return { id: best.id, point };
    },
    [store, reactFlow],
  );

  const onNodeDrag = useCallback(
    (event: ReactMouseEvent | MouseEvent | TouchEvent, node: CanvasNode) => {
      const stepId = stepIdOfItem(node.id);
      if (!stepId || !('clientX' in event)) return;
      const target = dropTargetFor(stepId, event.clientX, event.clientY);
      if (ui.getState().dropTargetId !== (target?.id ?? null)) ui.setState({ dropTargetId: target?.id ?? null });
    },
    [dropTargetFor, ui],
  );

  const onNodeDragStop = useCallback(
    (event: ReactMouseEvent | MouseEvent | TouchEvent, node: CanvasNode) => {
      const stepId = stepIdOfItem(node.id);
      const target = stepId && 'clientX' in event ? dropTargetFor(stepId, event.clientX, event.clientY) : null;
      ui.setState({ dropTargetId: null });
      setDrag(null);
      if (stepId && target) store.getState().moveStep(stepId, target.point);
    },
    [dropTargetFor, store, ui],
  );

  const onPaneClick = useCallback(() => store.getState().select(null), [store]);

  // ---- Keyboard: order, shortcuts ----
  const moveFocus = useCallback(
    (from: string, delta: number): boolean => {
      const order = focusOrderRef.current;
      const index = order.indexOf(from);
      const next = order[index + delta];
      if (index === -1 || next === undefined) return false;
      focusItem(next);
      return true;
    },
    [focusItem],
  );

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const target = event.target as HTMLElement;
    if (isTypingTarget(target) || target.closest('[role="menu"]')) return;
    const state = store.getState();
    const itemId = itemIdOf(target);
    const focusedStepId = stepIdOfItem(itemId);
    const stepId = focusedStepId ?? (state.selection?.kind === 'step' ? state.selection.stepId : null);
    const key = event.key.toLowerCase();

    if ((event.ctrlKey || event.metaKey) && !event.altKey) {
      if (key === 'z' || key === 'y') {
        event.preventDefault();
        if (key === 'y' || event.shiftKey) state.redo();
        else state.undo();
      } else if (key === 'f' && !event.shiftKey) {
        // Find step replaces the browser's find here: what is off-screen is not in the page.
        event.preventDefault();
        setFindOpenedFrom(target);
      } else if (key === 'c' && stepId) {
        event.preventDefault();
        state.copyStep(stepId);
      } else if (key === 'v' && state.clipboard) {
        const point = pastePoint(itemId, stepId);
        if (point) {
          event.preventDefault();
          const newId = state.pasteStep(point);
          if (newId) focusItem(stepNodeId(newId));
        }
      } else if (key === 'd' && stepId) {
        event.preventDefault();
        const newId = state.duplicateStep(stepId);
        if (newId) focusItem(stepNodeId(newId));
      }
      return;
    }
    if (!itemId) return;
    switch (event.key) {
      case 'Tab':
        if (!event.altKey && moveFocus(itemId, event.shiftKey ? -1 : 1)) event.preventDefault();
        return;
      case 'ArrowDown':
      case 'ArrowRight':
      case 'ArrowUp':
      case 'ArrowLeft': {
        const delta = event.key === 'ArrowDown' || event.key === 'ArrowRight' ? 1 : -1;
        event.preventDefault();
        if (event.altKey && focusedStepId && (event.key === 'ArrowUp' || event.key === 'ArrowDown')) {
          state.moveStepBy(focusedStepId, delta as 1 | -1);
          focusItem(stepNodeId(focusedStepId));
        } else {
          moveFocus(itemId, delta);
        }
        return;
      }
      case 'Home':
      case 'End': {
        event.preventDefault();
        const order = focusOrderRef.current;
        const destination = event.key === 'Home' ? order[0] : order[order.length - 1];
        if (destination) focusItem(destination);
        return;
      }
      case 'Delete':
      case 'Backspace':
        if (focusedStepId) {
          event.preventDefault();
          state.removeStep(focusedStepId);
        }
        return;
      case 'ContextMenu':
      case 'F10':
        if (focusedStepId && !readOnly && (event.key === 'ContextMenu' || event.shiftKey)) {
          event.preventDefault();
          ui.setState({ menuStepId: focusedStepId });
        }
        return;
      case 'Escape':
        if (state.selection !== null) state.select(null);
        return;
      default:
        return;
    }
  };

  /** Where Ctrl/Cmd+V pastes: at the focused "+", after the focused or selected step, or at the end. */
  const pastePoint = (itemId: string | null, stepId: string | null): InsertionPoint | null => {
    const current = getLayout();
    const node = itemId ? findLayoutNode(current, itemId) : undefined;
    if (node?.kind === 'insertionPoint') return node.point;
    if (stepId) {
      const location = findStep(store.getState().definition, stepId);
      if (location) return { branchId: location.branchId, index: location.index + 1 };
    }
    return { branchId: null, index: store.getState().definition.steps.length };
  };

  const onFocus = (event: FocusEvent<HTMLDivElement>) => {
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
  };

  const classes = ['wfe-canvas', readOnly ? 'wfe-canvas--read-only' : '', className ?? ''].filter(Boolean).join(' ');
  return (
    <CanvasContext.Provider value={context}>
      <div
        ref={wrapperRef}
        className={classes}
        role="region"
        aria-label={labels.canvas}
        aria-describedby={`${domIdPrefix}-find-hint`}
        aria-keyshortcuts="Control+F Meta+F"
        onKeyDown={onKeyDown}
        onFocus={onFocus}
      >
        <ReactFlow<CanvasNode>
          id={domIdPrefix}
          nodes={nodes}
          nodeTypes={canvasNodeTypes}
          onNodesChange={onNodesChange}
          onNodeDrag={onNodeDrag}
          onNodeDragStop={onNodeDragStop}
          onNodeClick={noop}
          onPaneClick={onPaneClick}
          nodesDraggable={!readOnly}
          nodesConnectable={false}
          nodesFocusable={false}
          edgesFocusable={false}
          elementsSelectable={false}
          selectNodesOnDrag={false}
          nodeDragThreshold={4}
          deleteKeyCode={null}
          selectionKeyCode={null}
          multiSelectionKeyCode={null}
          disableKeyboardA11y
          zoomOnDoubleClick={false}
          panOnScroll
          minZoom={0.1}
          maxZoom={1.5}
        >
          <ConnectorLayer paths={connectorPaths} />
          <Background variant={BackgroundVariant.Dots} gap={20} size={1.2} className="wfe-background" />
          <CanvasControls onFitView={fitView} />
          {minimap && <CanvasMinimap workflowLayout={workflowLayout} />}
        </ReactFlow>
        <span id={`${domIdPrefix}-find-hint`} className="wfe-visually-hidden">
          {labels.findStepHint}
        </span>
        {findOpenedFrom && <FindStep returnFocusTo={findOpenedFrom} onClose={() => setFindOpenedFrom(null)} />}
      </div>
    </CanvasContext.Provider>
  );
}
