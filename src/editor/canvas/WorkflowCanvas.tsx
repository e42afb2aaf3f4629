// ---------------------------------------------------------------------------
// The canvas: React Flow draws what `layout()` positions, and only the part of it near
// the viewport. The layout (not React Flow's node list) answers every question about
// the whole workflow: keyboard order, fit view, the minimap, revealing a step. React
// Flow is controlled and never owns the graph; dragging a step only moves a preview
// until it is dropped on an insertion point, which is one store action.
//
// This file composes the canvas's hooks: use-viewport-follow.ts (fit view, centring,
// revealing), use-roving-focus.ts (the tab stop), use-culling.ts (what is drawn),
// use-canvas-drag.ts (drag and drop) and use-canvas-keyboard.ts (shortcuts).
// ---------------------------------------------------------------------------

import { Background, BackgroundVariant, ReactFlow, ReactFlowProvider } from '@xyflow/react';
import { useCallback, useId, useMemo, useRef, useState, type ReactElement } from 'react';
import { useStore as useZustandStore } from 'zustand';
import {
  TRIGGER_NODE_ID,
  stepNodeId,
  type InsertionPoint,
  type LayoutNode,
  type WorkflowLayout,
} from '../../definition';
import { useCanvasLayoutOf } from '../compare/compare-state';
import { selectDefinition, selectReadOnly, type EditorStore } from '../store';
import { useLabels, useWorkflowEditor, useWorkflowEditorStore } from '../WorkflowEditorProvider';
import { CanvasContext, createCanvasUiStore, itemDomId, type CanvasContextValue } from './canvas-ui';
import { CanvasControls, CanvasMinimap } from './CanvasControls';
import { ConnectorLayer } from './ConnectorLayer';
import { createFlowElementCache, toConnectorPaths, toFlowNodes } from './flow-elements';
import { FindStep } from './LazyFindStep';
import { canvasNodeTypes, type CanvasNode } from './nodes';
import { useCanvasDrag } from './use-canvas-drag';
import { useCanvasKeyboard } from './use-canvas-keyboard';
import { useCulledItems } from './use-culling';
import { useRovingFocus } from './use-roving-focus';
import { useViewportFollow } from './use-viewport-follow';

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

const noop = () => {};

// ---- The canvas ----------------------------------------------------------------------

function CanvasInner({ minimap = false, onInsertRequest, className }: WorkflowCanvasProps): ReactElement {
  const store = useWorkflowEditorStore();
  const labels = useLabels();
  const definition = useWorkflowEditor(selectDefinition);
  const readOnly = useWorkflowEditor(selectReadOnly);
  const domIdPrefix = `wfe${useId().replace(/[^a-zA-Z0-9]/g, '')}`;
  const [ui] = useState(() => createCanvasUiStore(TRIGGER_NODE_ID));
  const activeId = useZustandStore(ui, (state) => state.activeId);
  const menuStepId = useZustandStore(ui, (state) => state.menuStepId);
  // "Find step" is open while this holds the element focus goes back to on Escape.
  const [findOpenedFrom, setFindOpenedFrom] = useState<HTMLElement | null>(null);
  const wrapperRef = useRef<HTMLDivElement>(null);
  const cacheRef = useRef(createFlowElementCache());
  // The layout nodes drawn last render: a dragged step drops only on a "+" that is drawn.
  const drawnNodesRef = useRef<readonly LayoutNode[]>([]);
  const onInsertRequestRef = useRef(onInsertRequest);
  onInsertRequestRef.current = onInsertRequest;

  // While comparing with the published version, removed steps are drawn as ghosts.
  const layoutOf = useCanvasLayoutOf();
  const workflowLayout = useMemo(() => layoutOf(definition), [layoutOf, definition]);
  // Event handlers may run right after a store change, before React re-renders:
  // they read the layout of the store's current definition (cached by identity).
  const getLayout = useCallback((): WorkflowLayout => layoutOf(store.getState().definition), [store, layoutOf]);

  // The order matters: the viewport's layout effects (fit view, width changes) run
  // before the tab stop's, as they did when they were one component.
  const { fitted, fitView, reveal } = useViewportFollow({ store, ui, wrapperRef, workflowLayout, getLayout });
  const { focusOrderRef, focusItem, moveFocus, onFocus } = useRovingFocus({
    store,
    ui,
    wrapperRef,
    workflowLayout,
    readOnly,
    getLayout,
    reveal,
  });
  const { drag, onNodesChange, onNodeDrag, onNodeDragStop } = useCanvasDrag({ store, ui, drawnNodesRef });
  const onKeyDown = useCanvasKeyboard({
    store,
    ui,
    getLayout,
    focusOrderRef,
    focusItem,
    moveFocus,
    openFind: setFindOpenedFrom,
  });

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

  // ---- What React Flow draws ----
  const visible = useCulledItems({ workflowLayout, enabled: fitted, activeId, menuStepId, draggedId: drag?.id });
  drawnNodesRef.current = visible.nodes;
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

  const onPaneClick = useCallback(() => store.getState().select(null), [store]);

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
