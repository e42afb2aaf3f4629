// ---------------------------------------------------------------------------
// Where a dragged step would land: the nearest insertion point within reach of the
// pointer that is a real move (not the points right around the step, not inside the
// step's own branches, not one the host's insert rule refuses).
// ---------------------------------------------------------------------------

import {
  findStep,
  type InsertionPoint,
  type LayoutNode,
  type LayoutPoint,
  type Step,
  type Workflow,
  walkSteps,
} from '../../definition';

/** How far (canvas pixels) from an insertion point's centre a dragged step still drops on it. */
export const DROP_RADIUS = 30;

/** Ids of the branches inside a step, at any depth (none for an action step). */
export function branchIdsInside(step: Step): Set<string> {
  const ids = new Set<string>();
  walkSteps([step], {
    enterList: ({ holder }) => {
      ids.add(holder.id);
    },
  });
  return ids;
}

/** An insertion point a dragged step would drop on. */
export interface DropTarget {
  /** Layout id of the insertion point (drawn prominent while the step is over it). */
  id: string;
  /** Where `moveStep` puts the step: counted after the step has left its list. */
  point: InsertionPoint;
}

/**
 * The insertion point among `candidates` (the canvas draws only these) that step
 * `stepId` of `definition` drops on with the pointer at `pointer` (canvas coordinates),
 * or null when none is within {@link DROP_RADIUS}.
 */
export function dropTargetAmong(
  definition: Workflow,
  insertRule: ((point: InsertionPoint) => boolean) | null | undefined,
  stepId: string,
  pointer: LayoutPoint,
  candidates: readonly LayoutNode[],
): DropTarget | null {
  const location = findStep(definition, stepId);
  if (!location) return null;
  const inside = branchIdsInside(location.step);
  let best: { id: string; point: InsertionPoint; distance: number } | null = null;
  for (const node of candidates) {
    if (node.kind !== 'insertionPoint') continue;
    const { point } = node;
    if (point.branchId !== null && inside.has(point.branchId)) continue;
    if (insertRule && !insertRule(point)) continue;
    // The points right above and below the step would leave it where it is.
    if (
      point.branchId === location.branchId &&
      (point.index === location.index || point.index === location.index + 1)
    ) {
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
}
