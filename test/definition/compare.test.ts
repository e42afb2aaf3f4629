import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { builtInCatalog } from '../../src/definition/actions';
import {
  applyWorkflowChanges,
  compareWorkflows,
  workflowWithRemovedSteps,
  type WorkflowChanges,
} from '../../src/definition/compare';
import {
  addBranch,
  insertStep,
  moveStep,
  removeStep,
  updateBranch,
  updateStep,
  updateTrigger,
  updateWorkflow,
} from '../../src/definition/operations';
import { allStepIds } from '../../src/definition/tree';
import type { Workflow } from '../../src/definition/types';
import { workflowArbitrary as validWorkflowArbitrary } from '../fixtures/arbitraries';
import {
  actionStep,
  branch,
  branchStep,
  deepFreeze,
  sampleWorkflow,
  workflowTreeArbitrary,
  workflowOf,
} from '../fixtures/workflow-builders';
import { applyEdit, editsArbitrary } from './compare-edits';

function kinds(changes: WorkflowChanges): Record<string, string> {
  return Object.fromEntries(changes.steps.map((change) => [change.stepId, change.kind]));
}

describe('compareWorkflows: properties', () => {
  it('finds nothing between a workflow and itself, or an equal copy', () => {
    fc.assert(
      fc.property(fc.oneof(workflowTreeArbitrary, validWorkflowArbitrary), (workflow) => {
        const empty = { workflow: [], trigger: [], steps: [], count: 0 };
        expect(compareWorkflows(workflow, workflow)).toEqual(empty);
        expect(compareWorkflows(workflow, JSON.parse(JSON.stringify(workflow)) as Workflow)).toEqual(empty);
      }),
    );
  });

  it('applying the changes to the earlier version gives the later one, for random edits', () => {
    fc.assert(
      fc.property(fc.oneof(workflowTreeArbitrary, validWorkflowArbitrary), editsArbitrary, (before, edits) => {
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
        expect(changes.count).toBe(
          ids.length + (changes.trigger.length > 0 ? 1 : 0) + (changes.workflow.length > 0 ? 1 : 0),
        );
        // Only real differences: nothing at all when the edits cancelled out.
        if (JSON.stringify(before) === JSON.stringify(after)) expect(changes.count).toBe(0);
      }),
      { numRuns: 300 },
    );
  });

  it('a step removed and another of a different type added under its id are both listed, and applied', () => {
    // Found by the property above: a Conditional step duplicated into a new one whose inner
    // step took the id of an HTTPS step removed meanwhile.
    const before = workflowOf([actionStep('a'), actionStep('b')]);
    const after = workflowOf([
      actionStep('b'),
      branchStep('route', [branch('left', [branchStep('a', [branch('inner')]), actionStep('c')])]),
    ]);
    const changes = compareWorkflows(before, after);
    expect(changes.steps.map((change) => [change.kind, change.stepId])).toEqual(
      expect.arrayContaining([
        ['removed', 'a'],
        ['added', 'a'],
      ]),
    );
    expect(applyWorkflowChanges(before, JSON.parse(JSON.stringify(changes)) as WorkflowChanges)).toEqual(after);
  });

  it('puts every removed step back, each once, when drawing the comparison', () => {
    fc.assert(
      fc.property(workflowTreeArbitrary, editsArbitrary, (before, edits) => {
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
      {
        kind: 'added',
        stepId: 'new_one',
        name: 'new one',
        after: { branchId: null, index: 1 },
        step: actionStep('new_one'),
        fields: [],
      },
    ]);
    expect(changes.count).toBe(1);
  });

  it('swapping two neighbours moves one of them', () => {
    const before = base();
    const after = moveStep(before, 'a', { branchId: null, index: 1 });
    const changes = compareWorkflows(before, after);
    expect(changes.steps).toHaveLength(1);
    expect(changes.steps[0]).toMatchObject({
      kind: 'moved',
      before: { branchId: null, index: 0 },
      after: { branchId: null, index: 1 },
      fields: [],
    });
    expect(['a', 'b']).toContain(changes.steps[0]!.stepId);
  });

  it('a removed step is listed where it was, with the whole step', () => {
    const before = base();
    const after = removeStep(before, 'b');
    const changes = compareWorkflows(before, after);
    expect(changes.steps).toEqual([
      {
        kind: 'removed',
        stepId: 'b',
        name: 'b',
        before: { branchId: null, index: 1 },
        step: actionStep('b'),
        fields: [],
      },
    ]);
    expect(allStepIds(workflowWithRemovedSteps(before, after, changes).workflow)).toEqual(['a', 'b', 'c']);
  });

  it('a config change lists each changed field by its pointer, with the values before and after, and its title', () => {
    const before = base();
    const after = updateStep(before, 'b', {
      config: { url: 'https://example.com/v2', method: 'GET', timeoutSeconds: 10 },
    });
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
    expect(changes.steps[0]).toMatchObject({
      before: { branchId: null, index: 0 },
      after: { branchId: 'otherwise', index: 0 },
    });
  });

  it('a step that moved and changed is one moved entry with its fields', () => {
    const before = base();
    const after = updateStep(moveStep(before, 'c', { branchId: null, index: 0 }), 'c', { name: 'First' });
    expect(compareWorkflows(before, after).steps).toEqual([
      expect.objectContaining({ kind: 'moved', stepId: 'c', fields: [{ path: '/name', before: 'c', after: 'First' }] }),
    ]);
  });

  it('added and reordered branches are one /branches change holding the branches without their steps', () => {
    const before = deepFreeze(
      workflowOf([branchStep('route', [branch('yes', [actionStep('a')]), branch('no', [], { when: null })])]),
    );
    const after = addBranch(before, 'route', { name: 'Maybe' });
    const [change] = compareWorkflows(before, after).steps;
    expect(change).toMatchObject({ kind: 'changed', stepId: 'route' });
    expect(change!.fields).toEqual([
      {
        path: '/branches',
        before: [
          { id: 'yes', name: 'yes', when: { all: [] } },
          { id: 'no', name: 'no' },
        ],
        after: [
          { id: 'yes', name: 'yes', when: { all: [] } },
          { id: 'maybe', name: 'Maybe', when: { all: [] } },
          { id: 'no', name: 'no' },
        ],
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
    const after = updateWorkflow(updateTrigger(before, { event: 'inquiry.declined', payloadSchema: undefined }), {
      name: 'Renamed',
      description: 'Now with notes',
    });
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
