// ---------------------------------------------------------------------------
// The canvas's viewport follows the person: it fits the workflow once the pane has a
// size, keeps the view centred when the pane changes width, and pans into view what gets
// focus or is selected, always into the part of the pane a drawer (the panel of a narrow
// editor) leaves uncovered.
// ---------------------------------------------------------------------------

import { useReactFlow, useStore, useStoreApi, type ReactFlowState } from '@xyflow/react';
import { useCallback, useEffect, useLayoutEffect, useRef, useState, type RefObject } from 'react';
import { TRIGGER_NODE_ID, findLayoutNode, stepNodeId, type LayoutNode, type WorkflowLayout } from '../../definition';
import { selectPanelOpen, selectSelectedStepId, type EditorStore } from '../store';
import { useWorkflowEditor } from '../WorkflowEditorProvider';
import type { CanvasUiStore } from './canvas-ui';
import { createPaneCoverMemo, uncoveredPaneSize } from './pane-cover';
import { fitViewportToBounds, revealViewport } from './viewport';

const selectPaneReady = (state: ReactFlowState) => state.width > 0 && state.height > 0;
const selectPaneWidth = (state: ReactFlowState) => state.width;

/** What {@link useViewportFollow} works with. */
export interface ViewportFollowInput {
  store: EditorStore;
  ui: CanvasUiStore;
  /** The canvas element (its region), inside the editor's layout. */
  wrapperRef: RefObject<HTMLDivElement | null>;
  /** The layout drawn in this render. */
  workflowLayout: WorkflowLayout;
  /** The layout of the store's current definition (for event handlers and effects). */
  getLayout: () => WorkflowLayout;
}

/** What {@link useViewportFollow} gives the canvas. */
export interface ViewportFollow {
  /** Whether the first fit view has happened (the viewport is where it will be). */
  fitted: boolean;
  /** Fits the whole workflow into the uncovered part of the pane. */
  fitView: () => void;
  /** Pans `node` into the uncovered part of the pane, if it is not in it already. */
  reveal: (node: LayoutNode) => void;
}

/** Fit view, centring on width changes, and revealing the selection; see the file's header. */
export function useViewportFollow({
  store,
  ui,
  wrapperRef,
  workflowLayout,
  getLayout,
}: ViewportFollowInput): ViewportFollow {
  const reactFlow = useReactFlow();
  const flowStore = useStoreApi();
  const paneReady = useStore(selectPaneReady);
  const paneWidth = useStore(selectPaneWidth);
  const [fitted, setFitted] = useState(false);

  // Revealing pans into the part of the pane a drawer (the panel of a narrow editor)
  // leaves uncovered: what gets focus or is selected is never under it. It runs on every
  // selection and insert, so the drawer's cover is remembered rather than measured in
  // each commit (see createPaneCoverMemo); fitting and following a resize measure it afresh.
  const [paneCover] = useState(createPaneCoverMemo);
  useEffect(() => () => paneCover.disconnect(), [paneCover]);
  const reveal = useCallback(
    function revealNode(node: LayoutNode) {
      const { transform, width, height } = flowStore.getState();
      // A remembered cover the frame then shows stale: revealed again, with the cover measured.
      const uncovered = paneCover.uncoveredSize(wrapperRef.current, width, height, () => revealNode(node));
      const next = revealViewport(
        node,
        { x: transform[0], y: transform[1], zoom: transform[2] },
        uncovered.width,
        uncovered.height,
      );
      if (next) void reactFlow.setViewport(next);
    },
    [flowStore, reactFlow, wrapperRef, paneCover],
  );

  // ---- The pane's size before the first paint ----
  // React Flow measures its pane in a passive effect, which the browser may run only
  // after painting an empty canvas; the workflow would then be drawn a frame later, by a
  // second pass over the whole canvas. Giving React Flow the size here, before the first
  // paint, makes React run those effects and the fit view below in this same task, so the
  // first frame already shows the workflow. React Flow's own measurement follows and finds
  // the same size. The state update is what makes React re-render in this task: on the
  // first commit nothing is subscribed to React Flow's store yet.
  const [, setPaneMeasured] = useState(false);
  useLayoutEffect(() => {
    if (flowStore.getState().width > 0) return;
    const pane = wrapperRef.current?.querySelector<HTMLElement>('.react-flow__renderer');
    if (!pane || pane.offsetWidth === 0 || pane.offsetHeight === 0) return;
    flowStore.setState({ width: pane.offsetWidth, height: pane.offsetHeight });
    setPaneMeasured(true);
  }, [flowStore, wrapperRef]);

  // ---- Fit view once the pane has a size ----
  // Into the uncovered part, too: "Fit view" with a drawer open fits beside the drawer.
  const fitView = useCallback(() => {
    const { width, height } = flowStore.getState();
    const uncovered = uncoveredPaneSize(wrapperRef.current, width, height);
    void reactFlow.setViewport(fitViewportToBounds(getLayout().bounds, uncovered.width, uncovered.height));
  }, [flowStore, reactFlow, getLayout, wrapperRef]);

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
  }, [paneWidth, fitted, flowStore, store, getLayout, reactFlow, wrapperRef]);

  // ---- A newly selected step (inserted, pasted, chosen from the problems list) comes into view ----
  // Also when its panel opens: in a narrow editor the panel is a drawer over the canvas,
  // and the selected card (the trigger's too) pans out from under it. A passive effect,
  // after the tab stop's layout effects (use-roving-focus.ts) have settled.
  const selectedStepId = useWorkflowEditor(selectSelectedStepId);
  const panelOpen = useWorkflowEditor(selectPanelOpen);
  const selectedTrigger = useWorkflowEditor((state) => state.selection?.kind === 'trigger');
  useEffect(() => {
    const selectedId = selectedStepId !== null ? stepNodeId(selectedStepId) : selectedTrigger ? TRIGGER_NODE_ID : null;
    if (selectedId === null) return;
    const node = findLayoutNode(workflowLayout, selectedId);
    if (!node) return;
    reveal(node);
    if (selectedStepId !== null && !wrapperRef.current?.contains(document.activeElement))
      ui.setState({ activeId: node.id });
    // Only a change of selection or of the panel should pan; a relayout of the same
    // selection should not.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [selectedStepId, selectedTrigger, panelOpen]);

  return { fitted, fitView, reveal };
}
