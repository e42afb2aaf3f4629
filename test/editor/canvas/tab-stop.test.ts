// The canvas's tab stop when the keyboard order changes: it stays, follows a step whose
// id changed, or falls back to what came before it.
import { describe, expect, it } from 'vitest';
import { TRIGGER_NODE_ID, changeStepId, layout, removeStep, type Workflow } from '../../../src/definition';
import { canvasFocusOrder, isCanvasTabStop, nextTabStop, renamedItem } from '../../../src/editor/canvas/tab-stop';
import { sampleWorkflow } from '../store/fixtures';

function view(workflow: Workflow) {
  const workflowLayout = layout(workflow);
  return { order: canvasFocusOrder(workflowLayout, false, null), layout: workflowLayout };
}

function renamed(workflow: Workflow, from: string, to: string): Workflow {
  const result = changeStepId(workflow, from, to);
  if (!result.ok) throw new Error(result.error.message);
  return result.workflow;
}

describe('nextTabStop', () => {
  const before = view(sampleWorkflow());

  it('keeps the tab stop on an item that is still there', () => {
    expect(nextTabStop('step:route', before, view(renamed(sampleWorkflow(), 'call_crm', 'call_sales')))).toBe(
      'step:route',
    );
  });

  it('follows a step\'s card and the "+" after it when the step\'s id changes', () => {
    const after = view(renamed(sampleWorkflow(), 'call_crm', 'call_sales'));
    expect(nextTabStop('step:call_crm', before, after)).toBe('step:call_sales');
    expect(nextTabStop('insert:after:call_crm', before, after)).toBe('insert:after:call_sales');
    // A step inside a branch, and back (an undo).
    const inBranch = view(renamed(sampleWorkflow(), 'mark', 'mark_for_review'));
    expect(nextTabStop('step:mark', before, inBranch)).toBe('step:mark_for_review');
    expect(nextTabStop('step:mark_for_review', inBranch, before)).toBe('step:mark');
  });

  it('falls back to the item before a removed step, and to the trigger when there is none', () => {
    const after = view(removeStep(sampleWorkflow(), 'route'));
    expect(nextTabStop('step:route', before, after)).toBe('insert:after:call_crm');
    expect(nextTabStop('step:gone', before, after)).toBe(TRIGGER_NODE_ID);
  });
});

describe('renamedItem', () => {
  it('is not fooled by another step taking the place of a removed one', () => {
    const workflow = sampleWorkflow();
    const replaced: Workflow = {
      ...workflow,
      steps: [
        { id: 'other', type: 'action', action: 'wait', name: 'Wait', config: { seconds: 1 } },
        ...workflow.steps.slice(1),
      ],
    };
    expect(renamedItem('step:call_crm', view(workflow), view(replaced))).toBeNull();
  });
});

describe('canvasFocusOrder', () => {
  it('leaves out the insertion points of a read-only editor and those the insert rule refuses', () => {
    const workflowLayout = layout(sampleWorkflow());
    expect(canvasFocusOrder(workflowLayout, true, null).some((id) => id.startsWith('insert:'))).toBe(false);
    const rootOnly = canvasFocusOrder(workflowLayout, false, (point) => point.branchId === null);
    expect(rootOnly).toContain('insert:root');
    expect(rootOnly).not.toContain('insert:start:approved');
    expect(rootOnly).toContain('step:approve_early');
  });
});

describe('isCanvasTabStop', () => {
  it('answers as membership of canvasFocusOrder does, for every node, read-only or not, with or without an insert rule', () => {
    const workflowLayout = layout(sampleWorkflow());
    const ids = [...workflowLayout.nodes.map((node) => node.id), 'step:nowhere', 'insert:after:nowhere', 'end', ''];
    const rules = [null, () => false, (point: { branchId: string | null }) => point.branchId === null];
    let pointsAllowed = 0;
    for (const readOnly of [false, true]) {
      for (const rule of rules) {
        const order = canvasFocusOrder(workflowLayout, readOnly, rule);
        for (const id of ids) {
          expect(isCanvasTabStop(workflowLayout, id, readOnly, rule), `${id}, read-only ${readOnly}`).toBe(
            order.includes(id),
          );
          if (!readOnly && id.startsWith('insert:') && order.includes(id)) pointsAllowed++;
        }
      }
    }
    // The rules above let some points through and keep others out.
    expect(pointsAllowed).toBeGreaterThan(0);
  });
});
