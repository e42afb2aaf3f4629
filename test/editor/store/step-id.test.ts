import { describe, expect, it, vi } from 'vitest';
import type { Workflow } from '../../../src/definition';
import type { SampleData } from '../../../src/editor/sample-data';
import { makeStore, sampleWorkflow, stepOf } from './fixtures';

/** The fixture with "Approve" using the output of "Call CRM" in its config and the branch condition using it too. */
function referencingWorkflow(): Workflow {
  const workflow = sampleWorkflow();
  const route = workflow.steps[1]!;
  if (route.type === 'branch') {
    route.branches[0]!.when = { all: [{ left: '{{ steps.call_crm.output.status }}', op: 'eq', right: 200 }] };
  }
  const approve = workflow.steps[2]!;
  if (approve.type === 'action') approve.config = { inquiryId: '{{ steps.call_crm.output.body.id }}' };
  return workflow;
}

const crmResult = {
  status: 'succeeded',
  attempts: 1,
  output: { status: 200, headers: {}, body: { id: 'inq_1' } },
} as const;

describe('changeStepId (store)', () => {
  it('changes the id and every reference as one undo step, tells the host once, and undo restores both', () => {
    const { state, changes } = makeStore({ definition: referencingWorkflow() });
    const before = state().definition;
    expect(state().changeStepId('call_crm', 'crm_lookup')).toBeNull();
    const after = state().definition;
    expect(stepOf(after, 'crm_lookup').name).toBe('Call CRM');
    expect(JSON.stringify(after)).not.toContain('steps.call_crm');
    expect(stepOf(after, 'approve')).toMatchObject({ config: { inquiryId: '{{ steps.crm_lookup.output.body.id }}' } });
    expect(changes).toEqual([after]);
    expect(state().problems).toEqual([]);
    expect(state().canUndo).toBe(true);

    state().undo();
    expect(state().definition).toBe(before);
    expect(state().canUndo).toBe(false);
    expect(changes).toEqual([after, before]);
    state().redo();
    expect(state().definition).toBe(after);
  });

  it('is never merged into a typing burst before or after it', () => {
    const { state } = makeStore({ definition: referencingWorkflow() });
    state().renameStep('call_crm', 'Call CRM now');
    state().changeStepId('call_crm', 'crm');
    state().renameStep('crm', 'Call CRM later');
    state().undo();
    expect(stepOf(state().definition, 'crm').name).toBe('Call CRM now');
    state().undo();
    expect(stepOf(state().definition, 'call_crm').name).toBe('Call CRM now');
  });

  it('keeps the selection and the open panel on the step, through undo and redo', () => {
    const { state } = makeStore({ definition: referencingWorkflow() });
    state().select({ kind: 'step', stepId: 'call_crm' }, { openPanel: true });
    state().changeStepId('call_crm', 'crm');
    expect(state().selection).toEqual({ kind: 'step', stepId: 'crm' });
    expect(state().panelOpen).toBe(true);
    state().undo();
    expect(state().selection).toEqual({ kind: 'step', stepId: 'call_crm' });
    expect(state().panelOpen).toBe(true);
    state().redo();
    expect(state().selection).toEqual({ kind: 'step', stepId: 'crm' });
    expect(state().panelOpen).toBe(true);
  });

  it('leaves the selection of another step alone', () => {
    const { state } = makeStore({ definition: referencingWorkflow() });
    state().select({ kind: 'step', stepId: 'approve' }, { openPanel: true });
    state().changeStepId('call_crm', 'crm');
    expect(state().selection).toEqual({ kind: 'step', stepId: 'approve' });
    state().undo();
    expect(state().selection).toEqual({ kind: 'step', stepId: 'approve' });
  });

  it('moves the step’s sample result to the new id (and back on undo), keeping the others', () => {
    const onSampleDataChange = vi.fn();
    const { state } = makeStore({ definition: referencingWorkflow(), onSampleDataChange });
    const approveResult = { status: 'succeeded', attempts: 1 } as const;
    state().setSampleData({ trigger: { inquiryId: 'x' }, steps: { call_crm: crmResult, approve: approveResult } });
    state().changeStepId('call_crm', 'crm');
    expect(state().sampleData).toEqual({
      trigger: { inquiryId: 'x' },
      steps: { crm: crmResult, approve: approveResult },
    });
    expect(Object.keys(state().sampleData.steps!)).toEqual(['crm', 'approve']);
    expect(onSampleDataChange).toHaveBeenLastCalledWith(state().sampleData);
    state().undo();
    expect(state().sampleData.steps).toEqual({ call_crm: crmResult, approve: approveResult });
    state().redo();
    expect(state().sampleData.steps).toEqual({ crm: crmResult, approve: approveResult });
  });

  it('replaces a stale sample result already kept under the new id (of a step deleted earlier)', () => {
    const { state } = makeStore({ definition: referencingWorkflow() });
    const stale = { status: 'failed', attempts: 2 } as const;
    const approveResult = { status: 'succeeded', attempts: 1 } as const;
    state().setSampleData({ steps: { crm: stale, approve: approveResult, call_crm: crmResult } });
    state().changeStepId('call_crm', 'crm');
    expect(Object.entries(state().sampleData.steps!)).toEqual([
      ['approve', approveResult],
      ['crm', crmResult],
    ]);
  });

  it('moves a host-controlled sample result through onSampleDataChange', () => {
    const onSampleDataChange = vi.fn();
    const hostValue: SampleData = { steps: { call_crm: crmResult } };
    const { state } = makeStore({ definition: referencingWorkflow(), sampleData: hostValue, onSampleDataChange });
    state().changeStepId('call_crm', 'crm');
    expect(onSampleDataChange).toHaveBeenLastCalledWith({ steps: { crm: crmResult } });
    // The host has not passed it back yet: the store shows the host's value.
    expect(state().sampleData).toBe(hostValue);
  });

  it('moves a draft problem of the step to the new id', () => {
    const { state } = makeStore({ definition: referencingWorkflow() });
    state().setDraftProblem('call_crm', '/steps/0/config/body', 'Not JSON yet');
    state().changeStepId('call_crm', 'crm');
    expect(state().draftProblems.get('/steps/0/config/body')?.stepId).toBe('crm');
    expect(
      state()
        .problemsByStep.get('crm')
        ?.map((problem) => problem.message),
    ).toEqual(['Not JSON yet']);
  });

  it('refuses a bad id with the reason and changes nothing', () => {
    const { state, changes } = makeStore({ definition: referencingWorkflow() });
    state().select({ kind: 'step', stepId: 'call_crm' }, { openPanel: true });
    const before = state().definition;
    expect(state().changeStepId('call_crm', 'Call-CRM')).toMatchObject({ code: 'step_id_invalid' });
    expect(state().changeStepId('call_crm', 'approve')).toMatchObject({
      code: 'step_id_taken',
      message: 'Another step already uses the ID "approve".',
    });
    expect(state().changeStepId('call_crm', 'otherwise')).toMatchObject({
      code: 'step_id_taken',
      params: { usedBy: 'branch' },
    });
    expect(state().changeStepId('missing', 'fresh')).toMatchObject({ code: 'unknown_step' });
    expect(state().definition).toBe(before);
    expect(state().selection).toEqual({ kind: 'step', stepId: 'call_crm' });
    expect(changes).toEqual([]);
    expect(state().canUndo).toBe(false);
  });

  it('does nothing for the current id, and refuses in a read-only editor', () => {
    const { state, changes } = makeStore({ definition: referencingWorkflow() });
    expect(state().changeStepId('call_crm', 'call_crm')).toBeNull();
    expect(changes).toEqual([]);
    expect(state().canUndo).toBe(false);
    state().setOptions({ readOnly: true });
    expect(state().changeStepId('call_crm', 'crm')).toMatchObject({ code: 'read_only' });
    expect(stepOf(state().definition, 'call_crm').id).toBe('call_crm');
    expect(changes).toEqual([]);
  });
});
