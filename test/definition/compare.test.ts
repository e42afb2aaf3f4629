import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { builtInCatalog } from '../../src/definition/actions';
import {
  applyWorkflowChanges,
  compareWorkflows,
  workflowWithRemovedSteps,
  type WorkflowChanges,
} from '../../src/definition/compare';
import { insertionPoints } from '../../src/definition/insertion-points';
import {
  addBranch,
  createStep,
  duplicateStep,
  insertStep,
  moveBranch,
  moveStep,
  removeBranch,
  removeStep,
  updateBranch,
  updateStep,
  updateTrigger,
  updateWorkflow,
  WorkflowOperationError,
} from '../../src/definition/operations';
import { allStepIds, walkSteps } from '../../src/definition/tree';
import type { Workflow } from '../../src/definition/types';
import { workflowArbitrary as validWorkflowArbitrary } from '../fixtures/arbitraries';
import { actionStep, branch, branchStep, deepFreeze, sampleWorkflow, workflowArbitrary, workflowOf } from './builders';

function kinds(changes: WorkflowChanges): Record<string, string> {
  return Object.fromEntries(changes.steps.map((change) => [change.stepId, change.kind]));
}

function branchIds(workflow: Workflow): string[] {
  const ids: string[] = [];
  walkSteps(workflow.steps, ({ step }) => {
    if (step.type === 'branch') ids.push(...step.branches.map((b) => b.id));
  });
  return ids;
}

/** One random edit, picked and placed by the numbers; refusals (a move into itself, say) leave the workflow as it is. */
type Edit = [kind: number, a: number, b: number, c: number];

function applyEdit(workflow: Workflow, [kind, a, b, c]: Edit): Workflow {
  const stepIds = allStepIds(workflow);
  const pick = <T,>(items: readonly T[], n: number): T | undefined => (items.length === 0 ? undefined : items[n % items.length]);
  const points = insertionPoints(workflow).map((info) => info.point);
  try {
    switch (kind % 10) {
      case 0: {
        const action = pick(['https_request', 'wait', 'branch', 'send_email'], a)!;
        return insertStep(workflow, pick(points, b)!, createStep(workflow, action, builtInCatalog, { name: `New ${c % 7}` }));
      }
      case 1: {
        const id = pick(stepIds, a);
        return id ? removeStep(workflow, id) : workflow;
      }
      case 2: {
        const id = pick(stepIds, a);
        if (!id) return workflow;
        const without = removeStep(workflow, id);
        const target = pick(insertionPoints(without).map((info) => info.point), b)!;
        return moveStep(workflow, id, target);
      }
      case 3: {
        const id = pick(stepIds, a);
        return id ? updateStep(workflow, id, { name: `Renamed ${b % 5}` }) : workflow;
      }
      case 4: {
        const id = pick(stepIds, a);
        if (!id) return workflow;
        const config = { url: `https://example.com/${b % 4}`, method: 'POST', ...(c % 2 === 0 ? { timeoutSeconds: c % 300 } : {}) };
        return updateStep(workflow, id, { config });
      }
      case 5: {
        const id = pick(branchIds(workflow), a);
        return id ? updateBranch(workflow, id, { name: `Path ${b % 3}`, when: { all: [{ left: b % 9, op: 'eq', right: c % 4 }] } }) : workflow;
      }
      case 6: {
        const id = pick(branchIds(workflow), a);
        return id ? (b % 2 === 0 ? removeBranch(workflow, id) : moveBranch(workflow, id, c % 3)) : workflow;
      }
      case 7: {
        const id = pick(stepIds, a);
        return id ? addBranch(workflow, id) : workflow;
      }
      case 8: {
        const id = pick(stepIds, a);
        return id ? duplicateStep(workflow, id).workflow : workflow;
      }
      default:
        return b % 2 === 0
          ? updateTrigger(workflow, { event: `inquiry.e${c % 3}` })
          : updateWorkflow(workflow, { name: `Flow ${c % 3}`, description: a % 2 === 0 ? '' : 'Reviewed' });
    }
  } catch (error) {
    if (error instanceof WorkflowOperationError) return workflow;
    throw error;
  }
}

const editsArbitrary = fc.array(fc.tuple(fc.nat(), fc.nat(), fc.nat(), fc.nat()), { maxLength: 8 });

describe('compareWorkflows: properties', () => {
  it('finds nothing between a workflow and itself, or an equal copy', () => {
    fc.assert(
      fc.property(fc.oneof(workflowArbitrary, validWorkflowArbitrary), (workflow) => {
        const empty = { workflow: [], trigger: [], steps: [], count: 0 };
        expect(compareWorkflows(workflow, workflow)).toEqual(empty);
        expect(compareWorkflows(workflow, JSON.parse(JSON.stringify(workflow)) as Workflow)).toEqual(empty);
      }),
    );
  });

  it('applying the changes to the earlier version gives the later one, for random edits', () => {
    fc.assert(
      fc.property(fc.oneof(workflowArbitrary, validWorkflowArbitrary), editsArbitrary, (before, edits) => {
        deepFreeze(before);
        const after = edits.reduce(applyEdit, before);
        const changes = compareWorkflows(before, after);
        // Plain JSON: what a host stores or sends is the same thing.
        const sent = JSON.parse(JSON.stringify(changes)) as WorkflowChanges;
        expect(sent).toEqual(changes);
        expect(applyWorkflowChanges(before, sent)).toEqual(after);
        // Each step appears at most once, and the count is what the lists hold.
        const ids = changes.steps.map((change) => change.stepId);
        expect(new Set(ids).size).toBe(ids.length);
        expect(changes.count).toBe(ids.length + (changes.trigger.length > 0 ? 1 : 0) + (changes.workflow.length > 0 ? 1 : 0));
        // Only real differences: nothing at all when the edits cancelled out.
        if (JSON.stringify(before) === JSON.stringify(after)) expect(changes.count).toBe(0);
      }),
      { numRuns: 300 },
    );
  });

  it('puts every removed step back, each once, when drawing the comparison', () => {
    fc.assert(
      fc.property(workflowArbitrary, editsArbitrary, (before, edits) => {
        const after = edits.reduce(applyEdit, before);
        const changes = compareWorkflows(before, after);
        const { workflow, removedStepIds } = workflowWithRemovedSteps(before, after, changes);
        const drawn = allStepIds(workflow);
        expect(new Set(drawn).size).toBe(drawn.length);
        // Every step of the later version, in its order.
        expect(drawn.filter((id) => !removedStepIds.has(id))).toEqual(allStepIds(after));
      }),
    );
  });
});

describe('compareWorkflows: examples', () => {
  const base = () => deepFreeze(workflowOf([actionStep('a'), actionStep('b'), actionStep('c')]));

  it('an insert in the middle is one added step and moves nothing', () => {
    const before = base();
    const after = insertStep(before, { branchId: null, index: 1 }, actionStep('new_one'));
    const changes = compareWorkflows(before, after);
    expect(changes.steps).toEqual([
      { kind: 'added', stepId: 'new_one', name: 'new one', after: { branchId: null, index: 1 }, step: actionStep('new_one'), fields: [] },
    ]);
    expect(changes.count).toBe(1);
  });

  it('swapping two neighbours moves one of them', () => {
    const before = base();
    const after = moveStep(before, 'a', { branchId: null, index: 1 });
    const changes = compareWorkflows(before, after);
    expect(changes.steps).toHaveLength(1);
    expect(changes.steps[0]).toMatchObject({ kind: 'moved', before: { branchId: null, index: 0 }, after: { branchId: null, index: 1 }, fields: [] });
    expect(['a', 'b']).toContain(changes.steps[0]!.stepId);
  });

  it('a removed step is listed where it was, with the whole step', () => {
    const before = base();
    const after = removeStep(before, 'b');
    const changes = compareWorkflows(before, after);
    expect(changes.steps).toEqual([{ kind: 'removed', stepId: 'b', name: 'b', before: { branchId: null, index: 1 }, step: actionStep('b'), fields: [] }]);
    expect(allStepIds(workflowWithRemovedSteps(before, after, changes).workflow)).toEqual(['a', 'b', 'c']);
  });

  it('a config change lists each changed field by its pointer, with the values before and after, and its title', () => {
    const before = base();
    const after = updateStep(before, 'b', { config: { url: 'https://example.com/v2', method: 'GET', timeoutSeconds: 10 } });
    const changes = compareWorkflows(before, after, { catalog: builtInCatalog });
    expect(changes.steps).toEqual([
      {
        kind: 'changed',
        stepId: 'b',
        name: 'b',
        before: { branchId: null, index: 1 },
        after: { branchId: null, index: 1 },
        fields: [
          { path: '/config/url', label: 'URL', before: 'https://example.com', after: 'https://example.com/v2' },
          { path: '/config/timeoutSeconds', label: expect.any(String) as string, after: 10 },
        ],
      },
    ]);
  });

  it('a rename is a change of /name', () => {
    const changes = compareWorkflows(base(), updateStep(base(), 'c', { name: 'Notify' }));
    expect(changes.steps[0]!.fields).toEqual([{ path: '/name', before: 'c', after: 'Notify' }]);
    expect(changes.steps[0]!.name).toBe('Notify');
  });

  it('a branch condition or name change is a change of the branch step, by branch position', () => {
    const before = deepFreeze(sampleWorkflow());
    const when = { all: [{ left: '{{ trigger.score }}', op: 'gt' as const, right: 80 }] };
    const after = updateBranch(before, 'high_risk', { when, name: 'Very high risk' });
    const changes = compareWorkflows(before, after);
    expect(changes.steps).toEqual([
      expect.objectContaining({
        kind: 'changed',
        stepId: 'risk_route',
        fields: [
          { path: '/branches/0/name', before: 'High risk', after: 'Very high risk' },
          { path: '/branches/0/when', before: { all: [] }, after: when },
        ],
      }),
    ]);
  });

  it('moving a step into a branch is a move, even at the same index', () => {
    const before = deepFreeze(sampleWorkflow());
    const after = moveStep(before, 'notify_crm', { branchId: 'otherwise', index: 0 });
    const changes = compareWorkflows(before, after);
    expect(kinds(changes)).toEqual({ notify_crm: 'moved' });
    expect(changes.steps[0]).toMatchObject({ before: { branchId: null, index: 0 }, after: { branchId: 'otherwise', index: 0 } });
  });

  it('a step that moved and changed is one moved entry with its fields', () => {
    const before = base();
    const after = updateStep(moveStep(before, 'c', { branchId: null, index: 0 }), 'c', { name: 'First' });
    expect(compareWorkflows(before, after).steps).toEqual([
      expect.objectContaining({ kind: 'moved', stepId: 'c', fields: [{ path: '/name', before: 'c', after: 'First' }] }),
    ]);
  });

  it('added and reordered branches are one /branches change holding the branches without their steps', () => {
    const before = deepFreeze(workflowOf([branchStep('route', [branch('yes', [actionStep('a')]), branch('no', [], { when: null })])]));
    const after = addBranch(before, 'route', { name: 'Maybe' });
    const [change] = compareWorkflows(before, after).steps;
    expect(change).toMatchObject({ kind: 'changed', stepId: 'route' });
    expect(change!.fields).toEqual([
      {
        path: '/branches',
        before: [{ id: 'yes', name: 'yes', when: { all: [] } }, { id: 'no', name: 'no' }],
        after: [{ id: 'yes', name: 'yes', when: { all: [] } }, { id: 'maybe', name: 'Maybe', when: { all: [] } }, { id: 'no', name: 'no' }],
      },
    ]);
    expect(applyWorkflowChanges(before, compareWorkflows(before, after))).toEqual(after);
  });

  it('removing a branch step lists it and the steps inside it, ghosts holding their removed steps', () => {
    const before = deepFreeze(sampleWorkflow());
    const after = removeStep(before, 'risk_route');
    const changes = compareWorkflows(before, after);
    expect(changes.steps.map((change) => [change.kind, change.stepId])).toEqual([
      ['removed', 'risk_route'],
      ['removed', 'score'],
      ['removed', 'review'],
    ]);
    expect(workflowWithRemovedSteps(before, after, changes).workflow).toEqual(before);
  });

  it('trigger and workflow fields are listed on their own and counted once each', () => {
    const before = deepFreeze(sampleWorkflow());
    const after = updateWorkflow(updateTrigger(before, { event: 'inquiry.declined', payloadSchema: undefined }), { name: 'Renamed', description: 'Now with notes' });
    const changes = compareWorkflows(before, after);
    expect(changes.trigger).toEqual([
      { path: '/event', before: 'inquiry.approved', after: 'inquiry.declined' },
      { path: '/payloadSchema', before: before.trigger.payloadSchema },
    ]);
    expect(changes.workflow).toEqual([
      { path: '/name', before: 'Test workflow', after: 'Renamed' },
      { path: '/description', after: 'Now with notes' },
    ]);
    expect(changes.count).toBe(2);
  });
});
