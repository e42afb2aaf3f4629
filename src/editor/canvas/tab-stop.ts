// ---------------------------------------------------------------------------
// The canvas's roving tab stop: which items take part in the keyboard order, and which
// item takes the tab stop over when the item holding it goes away.
// ---------------------------------------------------------------------------

import {
  TRIGGER_NODE_ID,
  findLayoutNode,
  parseLayoutId,
  stepNodeId,
  type InsertionPoint,
  type LayoutNode,
  type WorkflowLayout,
} from '../../definition';

/**
 * The keyboard order of the canvas: the layout's, less the insertion points without a
 * button (every one in a read-only editor, those the host's insert rule refuses).
 */
export function canvasFocusOrder(
  workflowLayout: WorkflowLayout,
  readOnly: boolean,
  insertRule: ((point: InsertionPoint) => boolean) | null | undefined,
): readonly string[] {
  const isInsertionPoint = (id: string) => parseLayoutId(id)?.kind === 'insertionPoint';
  if (readOnly) return workflowLayout.focusOrder.filter((id) => !isInsertionPoint(id));
  if (!insertRule) return workflowLayout.focusOrder;
  return workflowLayout.focusOrder.filter((id) => {
    if (!isInsertionPoint(id)) return true;
    const node = findLayoutNode(workflowLayout, id);
    return node?.kind !== 'insertionPoint' || insertRule(node.point);
  });
}

/**
 * Whether `id` is in {@link canvasFocusOrder}'s order, found without writing the order out:
 * the canvas asks after every change, and the order of a long workflow is thousands of ids.
 */
export function isCanvasTabStop(
  workflowLayout: WorkflowLayout,
  id: string,
  readOnly: boolean,
  insertRule: ((point: InsertionPoint) => boolean) | null | undefined,
): boolean {
  // Where the tab stop starts, and every layout has one.
  if (id === TRIGGER_NODE_ID) return true;
  const node = findLayoutNode(workflowLayout, id);
  if (node?.kind === 'step') return true;
  if (node?.kind !== 'insertionPoint') return false;
  return !readOnly && (!insertRule || insertRule(node.point));
}

/** The step a card or a "+" belongs to: the card's step, the step right before the "+". */
function stepOfItem(node: LayoutNode | undefined): string | undefined {
  if (node?.kind === 'step') return node.step.id;
  if (node?.kind === 'insertionPoint') return node.afterStepId;
  return undefined;
}

/**
 * When `itemId` (of `before`) is gone from `after` because its step's id changed, the
 * item that is the same thing under the new id: the renamed step's card, or the "+"
 * after it. An id change keeps the order as it was and only renames, so the item is at
 * the same place in the order, of the same kind, about a step that has the same type and
 * name, whose new id `before` did not have and whose old id `after` does not have.
 */
export function renamedItem(
  itemId: string,
  before: { order: readonly string[]; layout: WorkflowLayout },
  after: { order: readonly string[]; layout: WorkflowLayout },
): string | null {
  if (before.order.length !== after.order.length) return null;
  const index = before.order.indexOf(itemId);
  const candidate = index === -1 ? undefined : after.order[index];
  if (candidate === undefined || before.order.includes(candidate)) return null;
  const was = findLayoutNode(before.layout, itemId);
  const is = findLayoutNode(after.layout, candidate);
  if (!was || !is || was.kind !== is.kind) return null;
  const oldStepId = stepOfItem(was);
  const newStepId = stepOfItem(is);
  if (oldStepId === undefined || newStepId === undefined || oldStepId === newStepId) return null;
  if (findLayoutNode(after.layout, stepNodeId(oldStepId)) || findLayoutNode(before.layout, stepNodeId(newStepId)))
    return null;
  const oldStep = findLayoutNode(before.layout, stepNodeId(oldStepId));
  const newStep = findLayoutNode(after.layout, stepNodeId(newStepId));
  if (oldStep?.kind !== 'step' || newStep?.kind !== 'step') return null;
  if (oldStep.step.type !== newStep.step.type || oldStep.step.name !== newStep.step.name) return null;
  return candidate;
}

/**
 * Who holds the tab stop once the keyboard order has changed from `before` to `after`:
 * `current` while it is still there; the same item under its step's new id when the id
 * changed; else the nearest item before it that is still there (usually the "+" where a
 * removed step was); else the trigger.
 */
export function nextTabStop(
  current: string,
  before: { order: readonly string[]; layout: WorkflowLayout },
  after: { order: readonly string[]; layout: WorkflowLayout },
): string {
  if (after.order.includes(current)) return current;
  const renamed = renamedItem(current, before, after);
  if (renamed !== null) return renamed;
  const present = new Set(after.order);
  for (let i = before.order.indexOf(current) - 1; i >= 0; i--) {
    if (present.has(before.order[i]!)) return before.order[i]!;
  }
  return TRIGGER_NODE_ID;
}
