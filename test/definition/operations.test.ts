import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { builtInCatalog, createActionCatalog } from '../../src/definition/actions';
import { takenIds } from '../../src/definition/ids';
import { insertionPoints } from '../../src/definition/insertion-points';
import {
  addBranch,
  createStep,
  duplicateStep,
  emptyWorkflow,
  insertStep,
  moveBranch,
  moveStep,
  removeBranch,
  removeStep,
  renameBranch,
  updateBranch,
  updateStep,
  updateTrigger,
  updateWorkflow,
  withFreshIds,
  WorkflowOperationError,
  type WorkflowOperationErrorCode,
} from '../../src/definition/operations';
import { allStepIds, findBranch, findStep, walkSteps } from '../../src/definition/tree';
import { ID_PATTERN, type BranchStep, type Step, type Workflow } from '../../src/definition/types';
import {
  actionStep,
  branch,
  branchStep,
  deepFreeze,
  sampleWorkflow,
  workflowTreeArbitrary,
  workflowOf,
} from '../fixtures/workflow-builders';

function frozenSample(): Workflow {
  return deepFreeze(sampleWorkflow());
}

function expectRefusal(run: () => unknown, code: WorkflowOperationErrorCode, message?: RegExp): void {
  let caught: unknown;
  try {
    run();
  } catch (error) {
    caught = error;
  }
  expect(caught).toBeInstanceOf(WorkflowOperationError);
  expect((caught as WorkflowOperationError).code).toBe(code);
  if (message) expect((caught as WorkflowOperationError).message).toMatch(message);
}

function ids(steps: readonly Step[]): string[] {
  return steps.map((step) => step.id);
}

function branchOf(workflow: Workflow, branchId: string) {
  return findBranch(workflow, branchId)!.branch;
}

/** Ids of steps whose subtree does not contain `touchedId`: those must keep their identity. */
function untouchedStepIds(workflow: Workflow, touchedId: string): string[] {
  const result: string[] = [];
  walkSteps(workflow.steps, ({ step }) => {
    const inside: string[] = [];
    walkSteps([step], ({ step: inner }) => {
      inside.push(inner.id);
      if (inner.type === 'branch') inside.push(...inner.branches.map((b) => b.id));
    });
    if (!inside.includes(touchedId)) result.push(step.id);
  });
  return result;
}

describe('createStep', () => {
  it('derives the id from the action label and copies the default config', () => {
    const workflow = frozenSample();
    const step = createStep(workflow, 'https_request', builtInCatalog);
    expect(step).toEqual({
      id: 'make_https_request',
      type: 'action',
      action: 'https_request',
      name: 'Make HTTPS Request',
      config: { url: '', method: 'GET' },
    });
    // A copy: editing it cannot change the catalog.
    expect(step.type === 'action' && step.config).not.toBe(builtInCatalog.get('https_request')!.defaultConfig);
  });

  it('makes ids unique in the workflow', () => {
    let workflow = workflowOf([]);
    const first = createStep(workflow, 'https_request', builtInCatalog);
    workflow = insertStep(workflow, { branchId: null, index: 0 }, first);
    expect(createStep(workflow, 'https_request', builtInCatalog).id).toBe('make_https_request_2');
    expect(createStep(workflow, 'https_request', builtInCatalog, { name: 'Notify CRM' }).id).toBe('notify_crm');
    // Branch ids count too.
    expect(createStep(frozenSample(), 'wait', builtInCatalog, { name: 'High risk' }).id).toBe('high_risk_2');
  });

  it('creates a Conditional step with "Branch 1" and a default "Otherwise"', () => {
    const step = createStep(frozenSample(), 'branch', builtInCatalog);
    expect(step).toEqual({
      id: 'conditional',
      type: 'branch',
      name: 'Conditional',
      branches: [
        { id: 'branch_1', name: 'Branch 1', when: { all: [] }, steps: [] },
        { id: 'otherwise_2', name: 'Otherwise', steps: [] },
      ],
    });
  });

  it('uses host actions', () => {
    const catalog = createActionCatalog([
      {
        id: 'kyc_check',
        label: 'KYC check',
        category: 'Host',
        description: '',
        keywords: [],
        icon: 'box',
        configSchema: {},
        defaultConfig: { level: 2 },
      },
    ]);
    expect(createStep(workflowOf([]), 'kyc_check', catalog)).toMatchObject({
      id: 'kyc_check',
      action: 'kyc_check',
      config: { level: 2 },
    });
  });

  it('refuses an unknown action', () => {
    expectRefusal(() => createStep(workflowOf([]), 'teleport', builtInCatalog), 'unknown_action', /teleport/);
  });
});

describe('insertStep', () => {
  it('inserts into the root list and into branches', () => {
    const workflow = frozenSample();
    const a = insertStep(workflow, { branchId: null, index: 0 }, actionStep('first'));
    expect(ids(a.steps)).toEqual(['first', 'notify_crm', 'risk_route', 'finish']);
    const b = insertStep(workflow, { branchId: null, index: 3 }, actionStep('last'));
    expect(ids(b.steps)).toEqual(['notify_crm', 'risk_route', 'finish', 'last']);
    const c = insertStep(workflow, { branchId: 'high_risk', index: 1 }, actionStep('middle'));
    expect(ids(branchOf(c, 'high_risk').steps)).toEqual(['score', 'middle', 'review']);
    const d = insertStep(workflow, { branchId: 'otherwise', index: 0 }, actionStep('fallback'));
    expect(ids(branchOf(d, 'otherwise').steps)).toEqual(['fallback']);
  });

  it('keeps untouched subtrees identical', () => {
    const workflow = frozenSample();
    const next = insertStep(workflow, { branchId: 'otherwise', index: 0 }, actionStep('fallback'));
    expect(next).not.toBe(workflow);
    expect(next.steps[0]).toBe(workflow.steps[0]);
    expect(next.steps[2]).toBe(workflow.steps[2]);
    expect(next.trigger).toBe(workflow.trigger);
    expect(branchOf(next, 'high_risk')).toBe(branchOf(workflow, 'high_risk'));
    expect(next.steps[1]).not.toBe(workflow.steps[1]);
  });

  it('refuses a value that is not shaped like a step, saying what is missing', () => {
    const workflow = frozenSample();
    const at = { branchId: null, index: 0 };
    const insert = (step: unknown) => () => insertStep(workflow, at, step as Step);
    expectRefusal(insert(null), 'invalid_value', /must be a step object/);
    expectRefusal(insert({}), 'invalid_value', /needs an "id"/);
    expectRefusal(
      insert({ id: 'x', type: 'action', action: 'wait', config: {} }),
      'invalid_value',
      /"x" needs a "name"/,
    );
    expectRefusal(insert({ id: 'x', type: 'loop', name: 'X' }), 'invalid_value', /"type": "action" or "branch"/);
    expectRefusal(insert({ id: 'x', type: 'action', name: 'X', config: {} }), 'invalid_value', /needs an "action"/);
    expectRefusal(
      insert({ id: 'x', type: 'action', action: 'wait', name: 'X', config: null }),
      'invalid_value',
      /needs a "config" object/,
    );
    expectRefusal(
      insert({ id: 'x', type: 'branch', name: 'X', branches: 'none' }),
      'invalid_value',
      /list of "branches"/,
    );
    expectRefusal(
      insert({ id: 'x', type: 'branch', name: 'X', branches: [{ id: 'b', name: 'B' }] }),
      'invalid_value',
      /not \{ id, name, when\?, steps: \[\] \}/,
    );
    expectRefusal(
      insert({ id: 'x', type: 'branch', name: 'X', branches: [{ id: 'b', name: 'B', when: 'yes', steps: [] }] }),
      'invalid_value',
      /"when" is not a condition/,
    );
    expectRefusal(
      insert({
        id: 'x',
        type: 'branch',
        name: 'X',
        branches: [{ id: 'b', name: 'B', steps: [{ id: 'inner', type: 'action', name: 'I' }] }],
      }),
      'invalid_value',
      /A step in branch "b" of "x" "inner" needs an "action"/,
    );
  });

  it('refuses points outside the tree', () => {
    const workflow = frozenSample();
    expectRefusal(
      () => insertStep(workflow, { branchId: null, index: 4 }, actionStep('x')),
      'invalid_point',
      /position 4/,
    );
    expectRefusal(() => insertStep(workflow, { branchId: null, index: -1 }, actionStep('x')), 'invalid_point');
    expectRefusal(() => insertStep(workflow, { branchId: null, index: 0.5 }, actionStep('x')), 'invalid_point');
    expectRefusal(
      () => insertStep(workflow, { branchId: 'nowhere', index: 0 }, actionStep('x')),
      'unknown_branch',
      /nowhere/,
    );
    expectRefusal(() => insertStep(workflow, { branchId: 'otherwise', index: 1 }, actionStep('x')), 'invalid_point');
  });

  it('refuses ids already used, nested ones included', () => {
    const workflow = frozenSample();
    expectRefusal(
      () => insertStep(workflow, { branchId: null, index: 0 }, actionStep('score')),
      'duplicate_id',
      /score/,
    );
    expectRefusal(
      () => insertStep(workflow, { branchId: null, index: 0 }, branchStep('fresh', [branch('high_risk')])),
      'duplicate_id',
      /high_risk/,
    );
    expectRefusal(
      () => insertStep(workflow, { branchId: null, index: 0 }, branchStep('dup', [branch('dup')])),
      'duplicate_id',
    );
    expectRefusal(() => insertStep(workflow, { branchId: null, index: 0 }, actionStep('Bad Id')), 'invalid_value');
  });
});

describe('removeStep', () => {
  it('removes a step, and everything inside a branch step', () => {
    const workflow = frozenSample();
    expect(ids(removeStep(workflow, 'notify_crm').steps)).toEqual(['risk_route', 'finish']);
    const withoutRoute = removeStep(workflow, 'risk_route');
    expect(allStepIds(withoutRoute)).toEqual(['notify_crm', 'finish']);
    expect(ids(branchOf(removeStep(workflow, 'score'), 'high_risk').steps)).toEqual(['review']);
  });

  it('does not rewrite references', () => {
    const workflow = workflowOf([
      actionStep('a'),
      actionStep('b', { config: { url: 'https://x/{{ steps.a.output.body.id }}', method: 'GET' } }),
    ]);
    const next = removeStep(workflow, 'a');
    expect(next.steps[0]).toBe(workflow.steps[1]);
  });

  it('refuses an unknown step', () => {
    expectRefusal(() => removeStep(frozenSample(), 'ghost'), 'unknown_step', /ghost/);
  });
});

describe('moveStep', () => {
  it('refuses a point that is not { branchId, index }', () => {
    const workflow = frozenSample();
    for (const point of [null, undefined, 'root', { branchId: 7, index: 0 }]) {
      expectRefusal(
        () => moveStep(workflow, 'notify_crm', point as never),
        'invalid_point',
        /branchId: string \| null, index: number/,
      );
    }
  });

  it('moves within a list, counting the index after the step left', () => {
    const workflow = frozenSample();
    expect(ids(moveStep(workflow, 'notify_crm', { branchId: null, index: 2 }).steps)).toEqual([
      'risk_route',
      'finish',
      'notify_crm',
    ]);
    expect(ids(moveStep(workflow, 'finish', { branchId: null, index: 0 }).steps)).toEqual([
      'finish',
      'notify_crm',
      'risk_route',
    ]);
    expect(ids(moveStep(workflow, 'notify_crm', { branchId: null, index: 1 }).steps)).toEqual([
      'risk_route',
      'notify_crm',
      'finish',
    ]);
  });

  it('returns the input for a move to where the step is', () => {
    const workflow = frozenSample();
    expect(moveStep(workflow, 'risk_route', { branchId: null, index: 1 })).toBe(workflow);
  });

  it('moves between lists', () => {
    const workflow = frozenSample();
    const next = moveStep(workflow, 'score', { branchId: 'otherwise', index: 0 });
    expect(ids(branchOf(next, 'high_risk').steps)).toEqual(['review']);
    expect(ids(branchOf(next, 'otherwise').steps)).toEqual(['score']);
    const out = moveStep(workflow, 'review', { branchId: null, index: 0 });
    expect(ids(out.steps)).toEqual(['review', 'notify_crm', 'risk_route', 'finish']);
    const into = moveStep(workflow, 'finish', { branchId: 'high_risk', index: 2 });
    expect(ids(branchOf(into, 'high_risk').steps)).toEqual(['score', 'review', 'finish']);
    // The moved step is the same object: only its place changed.
    expect(findStep(into, 'finish')!.step).toBe(findStep(workflow, 'finish')!.step);
  });

  it('refuses to move a branch step into itself', () => {
    const workflow = frozenSample();
    expectRefusal(
      () => moveStep(workflow, 'risk_route', { branchId: 'high_risk', index: 0 }),
      'invalid_move',
      /risk_route.*high_risk/,
    );
    const nested = workflowOf([branchStep('outer', [branch('ob', [branchStep('inner', [branch('ib')])])])]);
    expectRefusal(() => moveStep(nested, 'outer', { branchId: 'ib', index: 0 }), 'invalid_move');
  });

  it('refuses an index past the end of the list the step goes to', () => {
    const workflow = frozenSample();
    expectRefusal(() => moveStep(workflow, 'notify_crm', { branchId: null, index: 3 }), 'invalid_point');
    expectRefusal(() => moveStep(workflow, 'ghost', { branchId: null, index: 0 }), 'unknown_step');
    expectRefusal(() => moveStep(workflow, 'score', { branchId: 'nowhere', index: 0 }), 'unknown_branch');
  });
});

describe('duplicateStep', () => {
  it('inserts a copy with a fresh id right after the step', () => {
    const workflow = frozenSample();
    const { workflow: next, stepId } = duplicateStep(workflow, 'notify_crm');
    expect(stepId).toBe('notify_crm_2');
    expect(ids(next.steps)).toEqual(['notify_crm', 'notify_crm_2', 'risk_route', 'finish']);
    const copy = findStep(next, stepId)!.step;
    const original = findStep(workflow, 'notify_crm')!.step;
    expect({ ...copy, id: original.id }).toEqual(original);
    expect(copy.type === 'action' && original.type === 'action' && copy.config).not.toBe(
      original.type === 'action' && original.config,
    );
  });

  it('gives fresh ids to every step and branch inside a copied branch step', () => {
    const workflow = frozenSample();
    const { workflow: next, stepId } = duplicateStep(workflow, 'risk_route');
    expect(stepId).toBe('risk_level');
    const copy = findStep(next, stepId)!.step as BranchStep;
    expect(copy.branches.map((b) => b.id)).toEqual(['high_risk_2', 'otherwise_2']);
    expect(ids(copy.branches[0]!.steps)).toEqual(['score_2', 'review_2']);
    expect(copy.branches[0]!.when).toEqual({ all: [] });
    expect(copy.branches[1]!).not.toHaveProperty('when');
    const all = [...takenIds(next)];
    expect(new Set(all).size).toBe(all.length);
  });

  it('leaves references as they were', () => {
    const workflow = workflowOf([
      actionStep('a'),
      actionStep('b', { config: { url: 'https://x/{{ steps.a.output.body.id }}', method: 'GET' } }),
    ]);
    const { workflow: next, stepId } = duplicateStep(workflow, 'b');
    expect(findStep(next, stepId)!.step).toMatchObject({ config: { url: 'https://x/{{ steps.a.output.body.id }}' } });
  });

  it('withFreshIds gives a pasted step ids free in the target workflow', () => {
    const workflow = frozenSample();
    const pasted = withFreshIds(workflow, actionStep('score', { name: 'Score' }));
    expect(pasted.id).toBe('score_2');
    expect(() => insertStep(workflow, { branchId: null, index: 0 }, pasted)).not.toThrow();
  });
});

describe('updateStep', () => {
  it('renames without changing the id', () => {
    const workflow = frozenSample();
    const next = updateStep(workflow, 'score', { name: 'Risk score' });
    expect(findStep(next, 'score')!.step).toMatchObject({ id: 'score', name: 'Risk score' });
    for (const id of untouchedStepIds(next, 'score'))
      expect(findStep(next, id)!.step).toBe(findStep(workflow, id)!.step);
  });

  it('replaces the config as a whole', () => {
    const workflow = frozenSample();
    const config = { url: 'https://api.example.com', method: 'POST', body: { a: 1 } };
    const next = updateStep(workflow, 'notify_crm', { config });
    expect(findStep(next, 'notify_crm')!.step).toMatchObject({ id: 'notify_crm', name: 'Notify CRM', config });
  });

  it('returns the input when nothing changes', () => {
    const workflow = frozenSample();
    expect(updateStep(workflow, 'score', { name: 'Score' })).toBe(workflow);
    expect(updateStep(workflow, 'score', {})).toBe(workflow);
  });

  it('renames a branch step, which has no config', () => {
    const workflow = frozenSample();
    expect(findStep(updateStep(workflow, 'risk_route', { name: 'Route' }), 'risk_route')!.step.name).toBe('Route');
    expectRefusal(() => updateStep(workflow, 'risk_route', { config: {} }), 'invalid_value', /risk_route/);
  });

  it('refuses bad values and unknown steps', () => {
    const workflow = frozenSample();
    expectRefusal(() => updateStep(workflow, 'ghost', { name: 'x' }), 'unknown_step');
    expectRefusal(
      () => updateStep(workflow, 'score', { config: [] as unknown as Record<string, never> }),
      'invalid_value',
    );
    expectRefusal(() => updateStep(workflow, 'score', { name: 3 as unknown as string }), 'invalid_value');
  });
});

describe('branches', () => {
  it('addBranch inserts before the default branch with a fresh name and id', () => {
    const workflow = frozenSample();
    const next = addBranch(workflow, 'risk_route');
    const owner = findStep(next, 'risk_route')!.step as BranchStep;
    expect(owner.branches.map((b) => [b.id, b.name])).toEqual([
      ['high_risk', 'High risk'],
      ['branch_2', 'Branch 2'],
      ['otherwise', 'Otherwise'],
    ]);
    expect(owner.branches[1]).toEqual({ id: 'branch_2', name: 'Branch 2', when: { all: [] }, steps: [] });
    expect(branchOf(next, 'high_risk')).toBe(branchOf(workflow, 'high_risk'));
  });

  it('addBranch takes a name, condition and index', () => {
    const workflow = frozenSample();
    const when = { left: '{{ trigger.score }}', op: 'gt' as const, right: 1 };
    const next = addBranch(workflow, 'risk_route', { name: 'Low risk', when, index: 0 });
    expect((findStep(next, 'risk_route')!.step as BranchStep).branches[0]).toEqual({
      id: 'low_risk',
      name: 'Low risk',
      when,
      steps: [],
    });
    expectRefusal(() => addBranch(workflow, 'risk_route', { index: 2 }), 'invalid_point', /default branch stays last/);
    expectRefusal(() => addBranch(workflow, 'notify_crm'), 'invalid_value', /not a Conditional/);
    expectRefusal(() => addBranch(workflow, 'ghost'), 'unknown_step');
  });

  it('addBranch appends when there is no default branch', () => {
    const workflow = deepFreeze(workflowOf([branchStep('route', [branch('a')])]));
    const next = addBranch(workflow, 'route');
    expect((next.steps[0] as BranchStep).branches.map((b) => b.id)).toEqual(['a', 'branch_2']);
  });

  it('removeBranch removes a branch and its steps, keeping at least one', () => {
    const workflow = frozenSample();
    const next = removeBranch(workflow, 'high_risk');
    expect(allStepIds(next)).toEqual(['notify_crm', 'risk_route', 'finish']);
    expectRefusal(() => removeBranch(next, 'otherwise'), 'invalid_value', /at least one branch/);
    expectRefusal(() => removeBranch(workflow, 'ghost'), 'unknown_branch', /ghost/);
  });

  it('renameBranch and updateBranch keep the id', () => {
    const workflow = frozenSample();
    expect(branchOf(renameBranch(workflow, 'high_risk', 'Very high'), 'high_risk').name).toBe('Very high');
    const when = { any: [{ left: 1, op: 'eq' as const, right: 1 }] };
    const next = updateBranch(workflow, 'high_risk', { when });
    expect(branchOf(next, 'high_risk')).toEqual({
      id: 'high_risk',
      name: 'High risk',
      when,
      steps: branchOf(workflow, 'high_risk').steps,
    });
    expect(updateBranch(workflow, 'high_risk', {})).toBe(workflow);
  });

  it('updateBranch with when: null makes only the last branch the default', () => {
    const workflow = deepFreeze(workflowOf([branchStep('route', [branch('a'), branch('b')])]));
    const next = updateBranch(workflow, 'b', { when: null });
    expect(branchOf(next, 'b')).not.toHaveProperty('when');
    expectRefusal(() => updateBranch(workflow, 'a', { when: null }), 'invalid_value', /only the last branch/);
    // The default branch can get a condition again.
    expect(branchOf(updateBranch(next, 'b', { when: { all: [] } }), 'b').when).toEqual({ all: [] });
  });

  it('moveBranch reorders branches, the default branch staying last', () => {
    const workflow = deepFreeze(
      workflowOf([branchStep('route', [branch('a'), branch('b'), branch('c'), branch('d', [], { when: null })])]),
    );
    const order = (w: Workflow) => (w.steps[0] as BranchStep).branches.map((b) => b.id);
    expect(order(moveBranch(workflow, 'a', 2))).toEqual(['b', 'c', 'a', 'd']);
    expect(order(moveBranch(workflow, 'c', 0))).toEqual(['c', 'a', 'b', 'd']);
    expect(moveBranch(workflow, 'b', 1)).toBe(workflow);
    expectRefusal(() => moveBranch(workflow, 'd', 0), 'invalid_move', /default branch/);
    expectRefusal(() => moveBranch(workflow, 'a', 3), 'invalid_move', /below the default branch/);
    expectRefusal(() => moveBranch(workflow, 'a', 4), 'invalid_point');
    expectRefusal(() => moveBranch(workflow, 'zz', 0), 'unknown_branch');
    // Without a default branch any position is fine.
    const open = deepFreeze(workflowOf([branchStep('route', [branch('a'), branch('b')])]));
    expect(order(moveBranch(open, 'a', 1))).toEqual(['b', 'a']);
  });
});

describe('trigger and workflow', () => {
  it('updateTrigger changes the event and sets or removes the payload schema', () => {
    const workflow = frozenSample();
    const next = updateTrigger(workflow, { event: 'inquiry.declined' });
    expect(next.trigger).toEqual({ event: 'inquiry.declined', payloadSchema: workflow.trigger.payloadSchema });
    expect(next.steps).toBe(workflow.steps);
    const without = updateTrigger(workflow, { payloadSchema: undefined });
    expect(without.trigger).toEqual({ event: 'inquiry.approved' });
    expect(without.trigger).not.toHaveProperty('payloadSchema');
    const schema = { type: 'object' };
    expect(updateTrigger(without, { payloadSchema: schema }).trigger.payloadSchema).toBe(schema);
    expect(updateTrigger(workflow, {})).toBe(workflow);
    expectRefusal(
      () => updateTrigger(workflow, { payloadSchema: 'x' as unknown as Record<string, never> }),
      'invalid_value',
    );
  });

  it('updateWorkflow renames and sets or removes the description', () => {
    const workflow = frozenSample();
    const described = updateWorkflow(workflow, { name: 'Sync', description: 'Sends approvals to the CRM' });
    expect(described).toMatchObject({ id: 'test_workflow', name: 'Sync', description: 'Sends approvals to the CRM' });
    expect(Object.keys(described)).toEqual(['schemaVersion', 'kind', 'id', 'name', 'description', 'trigger', 'steps']);
    expect(updateWorkflow(described, { description: '' })).not.toHaveProperty('description');
    expect(updateWorkflow(described, { description: undefined })).not.toHaveProperty('description');
    expect(updateWorkflow(workflow, { name: 'Test workflow' })).toBe(workflow);
  });

  it('emptyWorkflow gives a workflow without steps', () => {
    expect(emptyWorkflow()).toEqual({
      schemaVersion: 1,
      kind: 'workflow',
      id: 'untitled_workflow',
      name: 'Untitled workflow',
      trigger: { event: 'inquiry.completed' },
      steps: [],
    });
    expect(emptyWorkflow({ name: 'Sync approved inquiries', event: 'inquiry.approved' })).toMatchObject({
      id: 'sync_approved_inquiries',
      trigger: { event: 'inquiry.approved' },
    });
    expect(emptyWorkflow({ id: 'mine' }).id).toBe('mine');
    expectRefusal(() => emptyWorkflow({ id: 'Not valid' }), 'invalid_value');
  });
});

describe('properties', () => {
  const pointsOf = (workflow: Workflow) => insertionPoints(workflow).map((info) => info.point);

  it('insert then remove gives back an equal workflow', () => {
    fc.assert(
      fc.property(workflowTreeArbitrary, fc.nat(), (workflow, pick) => {
        deepFreeze(workflow);
        const points = pointsOf(workflow);
        const point = points[pick % points.length]!;
        const step = createStep(workflow, 'https_request', builtInCatalog);
        const inserted = insertStep(workflow, point, step);
        expect(findStep(inserted, step.id)).toMatchObject({ branchId: point.branchId, index: point.index });
        expect(removeStep(inserted, step.id)).toEqual(workflow);
      }),
    );
  });

  it('moveStep keeps the multiset of ids and puts the step where asked', () => {
    fc.assert(
      fc.property(workflowTreeArbitrary, fc.nat(), fc.nat(), (workflow, pickStep, pickPoint) => {
        deepFreeze(workflow);
        const stepIds = allStepIds(workflow);
        fc.pre(stepIds.length > 0);
        const stepId = stepIds[pickStep % stepIds.length]!;
        const without = removeStep(workflow, stepId);
        const points = pointsOf(without);
        const point = points[pickPoint % points.length]!;
        const moved = moveStep(workflow, stepId, point);
        expect([...takenIds(moved)].sort()).toEqual([...takenIds(workflow)].sort());
        expect(findStep(moved, stepId)).toMatchObject({ branchId: point.branchId, index: point.index });
      }),
    );
  });

  it('moving a branch step into its own branches is always refused', () => {
    fc.assert(
      fc.property(workflowTreeArbitrary, (workflow) => {
        walkSteps(workflow.steps, ({ step }) => {
          if (step.type !== 'branch') return;
          for (const b of step.branches) {
            expectRefusal(() => moveStep(workflow, step.id, { branchId: b.id, index: 0 }), 'invalid_move');
          }
        });
      }),
    );
  });

  it('duplicateStep keeps every id unique and valid', () => {
    fc.assert(
      fc.property(workflowTreeArbitrary, fc.nat(), (workflow, pick) => {
        const stepIds = allStepIds(workflow);
        fc.pre(stepIds.length > 0);
        const { workflow: next, stepId } = duplicateStep(workflow, stepIds[pick % stepIds.length]!);
        const all: string[] = [];
        walkSteps(next.steps, ({ step }) => {
          all.push(step.id);
          if (step.type === 'branch') all.push(...step.branches.map((b) => b.id));
        });
        expect(new Set(all).size).toBe(all.length);
        for (const id of all) expect(id).toMatch(ID_PATTERN);
        expect(findStep(next, stepId)).toBeDefined();
      }),
    );
  });

  it('operations never mutate their input and keep untouched steps identical', () => {
    fc.assert(
      fc.property(workflowTreeArbitrary, fc.nat(), (workflow, pick) => {
        const before = JSON.stringify(workflow);
        deepFreeze(workflow);
        const stepIds = allStepIds(workflow);
        fc.pre(stepIds.length > 0);
        const stepId = stepIds[pick % stepIds.length]!;
        const renamed = updateStep(workflow, stepId, { name: 'Renamed' });
        for (const id of untouchedStepIds(workflow, stepId)) {
          expect(findStep(renamed, id)!.step).toBe(findStep(workflow, id)!.step);
        }
        removeStep(workflow, stepId);
        duplicateStep(workflow, stepId);
        moveStep(workflow, stepId, { branchId: null, index: 0 });
        updateTrigger(workflow, { event: 'x.y' });
        updateWorkflow(workflow, { name: 'Other', description: 'd' });
        walkSteps(workflow.steps, ({ step }) => {
          if (step.type !== 'branch') return;
          addBranch(workflow, step.id);
          const first = step.branches[0]!;
          renameBranch(workflow, first.id, 'New name');
          if (step.branches.length > 1) removeBranch(workflow, first.id);
        });
        expect(JSON.stringify(workflow)).toBe(before);
      }),
    );
  });
});

describe('WorkflowOperationError', () => {
  it('is an Error with a code and a name', () => {
    const error = new WorkflowOperationError('unknown_step', 'gone');
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe('WorkflowOperationError');
    expect(error.code).toBe('unknown_step');
  });

  it('leaves the catalog default alone when a created step is edited', () => {
    const step = createStep(emptyWorkflow(), 'wait', builtInCatalog) as Extract<Step, { type: 'action' }>;
    step.config.seconds = 5;
    expect(builtInCatalog.get('wait')!.defaultConfig).toEqual({ seconds: 60 });
  });
});
