// Where a dragged step drops: the nearest drawn "+" within reach that moves it, counted
// as moveStep counts (after the step has left its list).
import { describe, expect, it } from 'vitest';
import { findLayoutNode, layout, layoutNodeCenter, type LayoutNode } from '../../../src/definition';
import { DROP_RADIUS, dropTargetAmong } from '../../../src/editor/canvas/drop-target';
import { sampleWorkflow } from '../store/fixtures';

const workflow = sampleWorkflow();
const workflowLayout = layout(workflow);
const drawn: LayoutNode[] = workflowLayout.nodes.slice();
const centreOf = (id: string) => layoutNodeCenter(findLayoutNode(workflowLayout, id)!);

describe('dropTargetAmong', () => {
  it('drops on the "+" under the pointer, its index counted after the step has left its list', () => {
    // "Call CRM" (root index 0) onto the "+" at the end (index 3): index 2 once it has left.
    expect(dropTargetAmong(workflow, null, 'call_crm', centreOf('insert:after:approve'), drawn)).toEqual({
      id: 'insert:after:approve',
      point: { branchId: null, index: 2 },
    });
    // Into a branch: the index is the branch's own.
    expect(dropTargetAmong(workflow, null, 'call_crm', centreOf('insert:start:approved'), drawn)?.point).toEqual({
      branchId: 'approved',
      index: 0,
    });
  });

  it('refuses the points around the step, inside its own branches, out of reach, or refused by the host', () => {
    expect(dropTargetAmong(workflow, null, 'call_crm', centreOf('insert:root'), drawn)).toBeNull();
    expect(dropTargetAmong(workflow, null, 'call_crm', centreOf('insert:after:call_crm'), drawn)).toBeNull();
    expect(dropTargetAmong(workflow, null, 'route', centreOf('insert:start:approved'), drawn)).toBeNull();
    const far = centreOf('insert:after:approve');
    expect(dropTargetAmong(workflow, null, 'call_crm', { x: far.x + DROP_RADIUS + 1, y: far.y }, drawn)).toBeNull();
    expect(dropTargetAmong(workflow, (point) => point.branchId !== null, 'call_crm', far, drawn)).toBeNull();
  });

  it('drops only on a "+" that is drawn', () => {
    const withoutEnd = drawn.filter((node) => node.id !== 'insert:after:approve');
    expect(dropTargetAmong(workflow, null, 'call_crm', centreOf('insert:after:approve'), withoutEnd)).toBeNull();
  });
});
