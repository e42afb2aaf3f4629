// ---------------------------------------------------------------------------
// Insertion points: every connector on the canvas where a step can be added or
// dropped, in workflow order, so keyboard navigation and the "Add step" buttons follow
// the order steps run in rather than "all nodes, then all edges".
// ---------------------------------------------------------------------------

import type { InsertionPoint, Step, Workflow } from './types';

/** One place a step can go, with what a person needs to know about it. */
export interface InsertionPointInfo {
  /** Stable while the tree around it is unchanged: `root:0`, `b:<branchId>:<index>`. */
  id: string;
  point: InsertionPoint;
  /** The step just above this point in its list, if any. */
  afterStepId?: string;
  /** The step just below this point in its list, if any. */
  beforeStepId?: string;
  /** Where the point is, for the "Add step" button's description: "after Notify CRM". */
  description: string;
}

/** The stable id of an insertion point: `root:<index>` or `b:<branchId>:<index>`. */
export function insertionPointId(point: InsertionPoint): string {
  return point.branchId === null ? `root:${point.index}` : `b:${point.branchId}:${point.index}`;
}

/**
 * Every insertion point of the workflow in workflow order: before the first step of
 * the root list (just after the trigger), between steps, after the last step of every
 * list, and at the start of every branch (an empty branch has exactly one). A point
 * above a branch step comes before the points inside its branches; the point below it
 * comes after them.
 */
export function insertionPoints(workflow: Pick<Workflow, 'steps'>): InsertionPointInfo[] {
  const points: InsertionPointInfo[] = [];
  const visitList = (list: readonly Step[], branchId: string | null, startDescription: string): void => {
    for (let index = 0; index <= list.length; index++) {
      const before = list[index];
      const after = list[index - 1];
      const point: InsertionPoint = { branchId, index };
      const info: InsertionPointInfo = {
        id: insertionPointId(point),
        point,
        description: after === undefined ? startDescription : `after ${after.name}`,
      };
      if (after !== undefined) info.afterStepId = after.id;
      if (before !== undefined) info.beforeStepId = before.id;
      points.push(info);
      if (before?.type === 'branch') {
        for (const branch of before.branches) visitList(branch.steps, branch.id, `at the start of ${branch.name}`);
      }
    }
  };
  visitList(workflow.steps, null, 'after the trigger');
  return points;
}
