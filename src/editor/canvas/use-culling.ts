// ---------------------------------------------------------------------------
// What React Flow draws: the layout's items near the viewport (culling.ts), plus the few
// items that must stay rendered wherever they are.
// ---------------------------------------------------------------------------

import { useStore } from '@xyflow/react';
import { useMemo } from 'react';
import {
  findLayoutNode,
  layoutItemsIn,
  stepNodeId,
  type LayoutEdge,
  type LayoutNode,
  type WorkflowLayout,
} from '../../definition';
import { cullRect, selectCullKey } from './culling';

/** The items the canvas renders. */
export interface CulledItems {
  nodes: LayoutNode[];
  edges: LayoutEdge[];
}

/** What {@link useCulledItems} draws from. */
export interface CullingInput {
  workflowLayout: WorkflowLayout;
  /** False until the first fit view: before it the viewport is not where it will be. */
  enabled: boolean;
  /** Layout id of the tab stop. */
  activeId: string;
  /** Step whose menu is open. */
  menuStepId: string | null;
  /** Layout id of the step being dragged. */
  draggedId: string | undefined;
}

/**
 * The layout's nodes and edges near the viewport. The tab stop, an open menu's step and a
 * dragged step stay rendered wherever they are, so focus, the menu and the drag survive
 * panning them out of view. The component re-renders for the viewport only when the
 * snapped rectangle changes.
 */
export function useCulledItems({
  workflowLayout,
  enabled,
  activeId,
  menuStepId,
  draggedId,
}: CullingInput): CulledItems {
  const cullKey = useStore(selectCullKey);
  return useMemo(() => {
    const rect = enabled ? cullRect(cullKey) : null;
    if (!rect) return { nodes: [], edges: [] };
    const items = layoutItemsIn(workflowLayout, rect);
    const pinned = [activeId, menuStepId && stepNodeId(menuStepId), draggedId].filter(
      (id): id is string => typeof id === 'string' && id !== '',
    );
    for (const id of pinned) {
      const node = findLayoutNode(workflowLayout, id);
      if (node && !items.nodes.some((item) => item.id === node.id)) items.nodes.push(node);
    }
    return items;
  }, [workflowLayout, cullKey, enabled, activeId, menuStepId, draggedId]);
}
