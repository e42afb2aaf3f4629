// ---------------------------------------------------------------------------
// Insertion points: every connector on the canvas where a step can be added or
// dropped, in workflow order, so keyboard navigation and the "Add step" buttons follow
// the order steps run in rather than "all nodes, then all edges".
// ---------------------------------------------------------------------------

import { walkSteps, type StepLocation } from './tree';
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
  const push = (list: readonly Step[], branchId: string | null, index: number, startDescription: string): void => {
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
  };
  const startOf = (ancestors: StepLocation['ancestors']): string =>
    ancestors.length === 0 ? 'after the trigger' : `at the start of ${ancestors[ancestors.length - 1]!.branch.name}`;
  // The point above a step when entering it, the one below the last step of a list when
  // leaving it (after the points inside it), and the only point of an empty list.
  walkSteps(workflow.steps, {
    enter: ({ list, branchId, index, ancestors }) => push(list, branchId, index, startOf(ancestors)),
    leave: ({ list, branchId, index, ancestors }) => {
      if (index === list.length - 1) push(list, branchId, index + 1, startOf(ancestors));
    },
    enterList: ({ holder, steps }) => {
      if (steps.length === 0) push(steps, holder.id, 0, `at the start of ${holder.name}`);
    },
  });
  if (workflow.steps.length === 0) push(workflow.steps, null, 0, 'after the trigger');
  return points;
}
