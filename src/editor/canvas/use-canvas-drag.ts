// ---------------------------------------------------------------------------
// Dragging a step onto an insertion point. React Flow is controlled: dragging a step only
// moves a preview (the drag state, drawn by toFlowNodes) and marks the "+" it would drop
// on; dropping it there is one store action (`moveStep`). Panning is React Flow's own.
// ---------------------------------------------------------------------------

import { useReactFlow, type NodeChange } from '@xyflow/react';
import { useCallback, useState, type MouseEvent as ReactMouseEvent } from 'react';
import type { LayoutNode } from '../../definition';
import type { EditorStore } from '../store';
import type { CanvasUiStore } from './canvas-ui';
import { dropTargetAmong } from './drop-target';
import type { FlowNodeOverrides } from './flow-elements';
import { stepIdOfItem } from './item-ids';
import type { CanvasNode } from './nodes';

/** What {@link useCanvasDrag} works with. */
export interface CanvasDragInput {
  store: EditorStore;
  ui: CanvasUiStore;
  /**
   * The layout nodes the canvas draws (a step drops only on a "+" that is drawn). A ref,
   * so the handlers keep their identity across edits: React Flow copies every changed
   * handler prop into its store, and each copy re-runs every node's store selectors.
   */
  drawnNodesRef: { readonly current: readonly LayoutNode[] };
}

/** The drag's state and React Flow's handlers for it. */
export interface CanvasDrag {
  /** The step being dragged and where the pointer holds it; null when none is. */
  drag: FlowNodeOverrides['drag'];
  onNodesChange: (changes: NodeChange<CanvasNode>[]) => void;
  onNodeDrag: (event: ReactMouseEvent | MouseEvent | TouchEvent, node: CanvasNode) => void;
  onNodeDragStop: (event: ReactMouseEvent | MouseEvent | TouchEvent, node: CanvasNode) => void;
}

/** Drag a step onto an insertion point; see the file's header. */
export function useCanvasDrag({ store, ui, drawnNodesRef }: CanvasDragInput): CanvasDrag {
  const reactFlow = useReactFlow();
  const [drag, setDrag] = useState<FlowNodeOverrides['drag']>(null);

  const onNodesChange = useCallback((changes: NodeChange<CanvasNode>[]) => {
    for (const change of changes) {
      if (change.type === 'position' && change.position && change.dragging) {
        const { x, y } = change.position;
        setDrag({ id: change.id, x, y });
      }
    }
  }, []);

  const dropTargetFor = useCallback(
    (stepId: string, clientX: number, clientY: number) => {
      const state = store.getState();
      const pointer = reactFlow.screenToFlowPosition({ x: clientX, y: clientY });
      return dropTargetAmong(state.definition, state.insertRule, stepId, pointer, drawnNodesRef.current);
    },
    [store, reactFlow, drawnNodesRef],
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

  return { drag, onNodesChange, onNodeDrag, onNodeDragStop };
}
