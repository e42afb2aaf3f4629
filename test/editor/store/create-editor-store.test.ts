import { describe, expect, it } from 'vitest';
import { builtInCatalog, findBranch, findStep, type Problem, type Workflow } from '../../../src/definition';
import { createEditorStore, selectStepProblems } from '../../../src/editor/store';
import { catalogWithout, ids, listIds, makeStore, sampleWorkflow, stepOf } from './fixtures';

// ---- Initial state ------------------------------------------------------------

describe('createEditorStore', () => {
  it('starts with the given definition, nothing selected, no history and nothing unsaved', () => {
    const definition = sampleWorkflow();
    const store = createEditorStore({ definition, catalog: builtInCatalog });
    const state = store.getState();
    expect(state.definition).toBe(definition);
    expect(state.savedDefinition).toBe(definition);
    expect(state.selection).toBeNull();
    expect(state.picker).toBeNull();
    expect(state.panelOpen).toBe(false);
    expect(state.problems).toEqual([]);
    expect(state.dirty).toBe(false);
    expect(state.canUndo).toBe(false);
    expect(state.canRedo).toBe(false);
    expect(state.readOnly).toBe(false);
    expect(state.secrets).toEqual([]);
    expect(state.clipboard).toBeNull();
    expect(state.focusRequest).toBeNull();
  });

  it('keeps two stores fully independent', () => {
    const a = makeStore();
    const b = makeStore();
    a.state().removeStep('approve');
    a.state().select({ kind: 'trigger' }, { openPanel: true });
    a.state().copyStep('call_crm');
    expect(b.state().definition.steps).toHaveLength(3);
    expect(b.state().selection).toBeNull();
    expect(b.state().clipboard).toBeNull();
    expect(b.state().canUndo).toBe(false);
    expect(b.changes).toHaveLength(0);
    expect(a.changes).toHaveLength(1);
    b.state().undo();
    expect(a.state().definition.steps).toHaveLength(2);
  });
});

// ---- Insert ---------------------------------------------------------------------

describe('picker and insertAction', () => {
  it('inserts at the picker point, selects the new step, opens the panel and closes the picker', () => {
    const { state, changes } = makeStore();
    state().openPicker({ branchId: null, index: 1 }, 'add-1');
    expect(state().picker).toEqual({ point: { branchId: null, index: 1 }, anchorId: 'add-1' });

    const id = state().insertAction('wait')!;
    expect(id).toBe('wait');
    expect(ids(state().definition.steps)).toEqual(['call_crm', 'wait', 'route', 'approve']);
    expect(state().selection).toEqual({ kind: 'step', stepId: 'wait' });
    expect(state().panelOpen).toBe(true);
    expect(state().picker).toBeNull();
    expect(changes).toEqual([state().definition]);
    expect(state().canUndo).toBe(true);
  });

  it('inserts at an explicit point inside a branch, with a given name', () => {
    const { state } = makeStore();
    const id = state().insertAction('https_request', { branchId: 'otherwise', index: 0 }, { name: 'Notify CRM' })!;
    expect(id).toBe('notify_crm');
    expect(listIds(state().definition, 'otherwise')).toEqual(['notify_crm', 'mark']);
    expect(stepOf(state().definition, 'notify_crm').name).toBe('Notify CRM');
  });

  it('undo restores exactly the previous definition object and redo the next one', () => {
    const { state, changes } = makeStore();
    const before = state().definition;
    state().insertAction('wait', { branchId: null, index: 0 });
    const after = state().definition;
    state().undo();
    expect(state().definition).toBe(before);
    expect(state().canUndo).toBe(false);
    expect(state().canRedo).toBe(true);
    // The step that went away cannot stay selected.
    expect(state().selection).toBeNull();
    expect(state().panelOpen).toBe(false);
    state().redo();
    expect(state().definition).toBe(after);
    expect(state().canRedo).toBe(false);
    // The person's undo and redo are changes the host hears about.
    expect(changes).toEqual([after, before, after]);
  });

  it('refuses unknown actions, missing points and impossible points without throwing', () => {
    const { state, changes } = makeStore();
    const before = state().definition;
    expect(state().insertAction('no_such_action', { branchId: null, index: 0 })).toBeNull();
    expect(state().insertAction('wait')).toBeNull(); // no picker open, no point
    expect(state().insertAction('wait', { branchId: 'no_branch', index: 0 })).toBeNull();
    expect(state().insertAction('wait', { branchId: null, index: 99 })).toBeNull();
    expect(state().definition).toBe(before);
    expect(changes).toHaveLength(0);
    expect(state().canUndo).toBe(false);
  });

  it('closePicker closes it; the picker closes when its branch goes away', () => {
    const { state } = makeStore();
    state().openPicker({ branchId: 'approved', index: 0 }, 'a');
    state().closePicker();
    expect(state().picker).toBeNull();
    state().openPicker({ branchId: 'approved', index: 0 }, 'a');
    state().removeStep('route');
    expect(state().picker).toBeNull();
  });

  it('inserting a Conditional creates a branch step', () => {
    const { state } = makeStore();
    const id = state().insertAction('branch', { branchId: null, index: 3 })!;
    const step = stepOf(state().definition, id);
    expect(step.type).toBe('branch');
  });
});

// ---- Remove, move, duplicate, copy/paste ----------------------------------------

describe('node actions', () => {
  it('removeStep removes one step as one undo step and clears a selection of it', () => {
    const { state, changes } = makeStore();
    const before = state().definition;
    state().select({ kind: 'step', stepId: 'approve' }, { openPanel: true });
    state().removeStep('approve');
    expect(ids(state().definition.steps)).toEqual(['call_crm', 'route']);
    expect(state().selection).toBeNull();
    expect(state().panelOpen).toBe(false);
    expect(changes).toHaveLength(1);
    state().undo();
    expect(state().definition).toBe(before);
    state().removeStep('no_such_step');
    expect(changes).toHaveLength(2); // the undo, nothing for the unknown id
  });

  it('removing a branch step removes what it holds', () => {
    const { state } = makeStore();
    state().removeStep('route');
    expect(findStep(state().definition, 'mark')).toBeUndefined();
    expect(findBranch(state().definition, 'approved')).toBeUndefined();
  });

  it('moveStep moves into another list; a move into itself is refused', () => {
    const { state, changes } = makeStore();
    state().moveStep('approve', { branchId: 'approved', index: 1 });
    expect(ids(state().definition.steps)).toEqual(['call_crm', 'route']);
    expect(listIds(state().definition, 'approved')).toEqual(['approve_early', 'approve']);
    expect(changes).toHaveLength(1);
    const before = state().definition;
    state().moveStep('route', { branchId: 'approved', index: 0 });
    expect(state().definition).toBe(before);
    expect(changes).toHaveLength(1);
    state().undo();
    expect(ids(state().definition.steps)).toEqual(['call_crm', 'route', 'approve']);
  });

  it('moveStepBy moves up and down within the list and does nothing at the ends', () => {
    const { state, changes } = makeStore();
    state().moveStepBy('approve', -1);
    expect(ids(state().definition.steps)).toEqual(['call_crm', 'approve', 'route']);
    state().moveStepBy('call_crm', 1);
    expect(ids(state().definition.steps)).toEqual(['approve', 'call_crm', 'route']);
    expect(changes).toHaveLength(2);
    const before = state().definition;
    state().moveStepBy('approve', -1);
    state().moveStepBy('route', 1);
    state().moveStepBy('mark', 1); // last of its branch
    expect(state().definition).toBe(before);
    expect(changes).toHaveLength(2);
    state().undo();
    state().undo();
    expect(ids(state().definition.steps)).toEqual(['call_crm', 'route', 'approve']);
  });

  it('duplicateStep puts a copy with fresh ids right after it and selects it', () => {
    const { state, changes } = makeStore();
    const copyId = state().duplicateStep('route')!;
    expect(copyId).not.toBeNull();
    expect(copyId).not.toBe('route');
    expect(ids(state().definition.steps)).toEqual(['call_crm', 'route', copyId, 'approve']);
    const copy = stepOf(state().definition, copyId);
    expect(copy.type).toBe('branch');
    if (copy.type === 'branch') {
      expect(copy.branches.map((branch) => branch.id)).not.toContain('approved');
      expect(copy.branches[0]!.steps[0]!.id).not.toBe('approve_early');
    }
    expect(state().selection).toEqual({ kind: 'step', stepId: copyId });
    expect(changes).toHaveLength(1);
    state().undo();
    expect(findStep(state().definition, copyId)).toBeUndefined();
    expect(state().duplicateStep('no_such_step')).toBeNull();
  });

  it('copyStep and pasteStep paste a fresh copy each time, one undo step each', () => {
    const { state, changes } = makeStore();
    expect(state().pasteStep({ branchId: null, index: 0 })).toBeNull();
    state().copyStep('call_crm');
    expect(state().clipboard).toBe(stepOf(state().definition, 'call_crm'));
    expect(changes).toHaveLength(0); // copying changes nothing
    expect(state().canUndo).toBe(false);
    const first = state().pasteStep({ branchId: 'otherwise', index: 1 });
    const second = state().pasteStep({ branchId: null, index: 0 });
    expect(first).toBeTruthy();
    expect(second).toBeTruthy();
    expect(new Set([first, second, 'call_crm']).size).toBe(3);
    expect(listIds(state().definition, 'otherwise')).toEqual(['mark', first]);
    expect(state().definition.steps[0]!.id).toBe(second);
    expect(state().selection).toEqual({ kind: 'step', stepId: second });
    expect(changes).toHaveLength(2);
    expect(state().pasteStep({ branchId: 'no_branch', index: 0 })).toBeNull();
    state().undo();
    state().undo();
    expect(state().definition.steps).toHaveLength(3);
  });

  it('renameStep renames without changing the id', () => {
    const { state } = makeStore();
    state().renameStep('approve', 'Approve now');
    expect(stepOf(state().definition, 'approve').name).toBe('Approve now');
    state().undo();
    expect(stepOf(state().definition, 'approve').name).toBe('Approve');
  });

  it('updateStepConfig replaces the config of an action step only', () => {
    const { state, changes } = makeStore();
    state().updateStepConfig('call_crm', { url: 'https://b.example.com', method: 'POST' });
    expect(stepOf(state().definition, 'call_crm')).toMatchObject({
      config: { url: 'https://b.example.com', method: 'POST' },
    });
    const before = state().definition;
    state().updateStepConfig('route', { any: 1 });
    state().updateStepConfig('nope', {});
    expect(state().definition).toBe(before);
    expect(changes).toHaveLength(1);
  });
});

// ---- Trigger, workflow info, branches ----------------------------------------------

describe('trigger, workflow and branch edits', () => {
  it('updateTrigger and updateWorkflowInfo are one undo step each', () => {
    const { state, changes } = makeStore();
    const original = state().definition;
    state().updateTrigger({ event: 'inquiry.approved' });
    state().updateWorkflowInfo({ name: 'Renamed', description: 'Why' });
    expect(state().definition.trigger.event).toBe('inquiry.approved');
    expect(state().definition.name).toBe('Renamed');
    expect(state().definition.description).toBe('Why');
    expect(changes).toHaveLength(2);
    state().undo();
    expect(state().definition.name).toBe('Sample');
    expect(state().definition.trigger.event).toBe('inquiry.approved');
    state().undo();
    expect(state().definition).toBe(original);
  });

  it('addBranch returns the new id and puts it before the default branch', () => {
    const { state } = makeStore();
    const id = state().addBranch('route', { name: 'Declined' })!;
    expect(id).toBe('declined');
    const route = stepOf(state().definition, 'route');
    expect(route.type === 'branch' && route.branches.map((branch) => branch.id)).toEqual([
      'approved',
      'declined',
      'otherwise',
    ]);
    expect(state().addBranch('call_crm')).toBeNull();
    expect(state().addBranch('nope')).toBeNull();
    state().undo();
    expect(findBranch(state().definition, 'declined')).toBeUndefined();
  });

  it('removeBranch, updateBranch and moveBranch are one undo step each and refuse the impossible', () => {
    const { state, changes } = makeStore();
    const original = state().definition;
    const declined = state().addBranch('route', { name: 'Declined' })!;
    state().updateBranch(declined, { name: 'Refused', when: { any: [] } });
    expect(findBranch(state().definition, declined)?.branch).toMatchObject({ name: 'Refused', when: { any: [] } });
    state().moveBranch(declined, 0);
    const route = () => stepOf(state().definition, 'route');
    const branchIds = () => {
      const step = route();
      return step.type === 'branch' ? step.branches.map((branch) => branch.id) : [];
    };
    expect(branchIds()).toEqual([declined, 'approved', 'otherwise']);
    state().removeBranch('approved');
    expect(branchIds()).toEqual([declined, 'otherwise']);
    expect(changes).toHaveLength(4);

    const before = state().definition;
    state().moveBranch('otherwise', 0); // the default branch stays last
    state().updateBranch(declined, { when: null }); // only the last branch may be the default
    state().removeBranch('no_branch');
    expect(state().definition).toBe(before);
    expect(changes).toHaveLength(4);

    for (let i = 0; i < 4; i++) state().undo();
    expect(state().definition).toBe(original);
  });
});

// ---- Selection, panel, problems focus -----------------------------------------------

describe('selection and panel', () => {
  it('select / closePanel never create history or call onChange', () => {
    const { store, state, changes } = makeStore();
    state().select({ kind: 'step', stepId: 'call_crm' }, { openPanel: true });
    expect(state().selection).toEqual({ kind: 'step', stepId: 'call_crm' });
    expect(state().panelOpen).toBe(true);
    state().select({ kind: 'trigger' });
    expect(state().panelOpen).toBe(true); // stays as it was without openPanel
    state().closePanel();
    expect(state().panelOpen).toBe(false);
    expect(state().selection).toEqual({ kind: 'trigger' });
    state().select(null, { openPanel: true });
    expect(state().panelOpen).toBe(false);
    state().select({ kind: 'step', stepId: 'no_such_step' });
    expect(state().selection).toBeNull();
    state().openPicker({ branchId: null, index: 0 }, 'x');
    expect(store.temporal.getState().pastStates).toHaveLength(0);
    expect(state().canUndo).toBe(false);
    expect(changes).toHaveLength(0);
  });

  it('focusProblem selects the step (or the trigger), opens the panel and asks for the field', () => {
    const { state } = makeStore();
    const stepProblem: Problem = {
      path: '/steps/0/config/url',
      message: 'x',
      code: 'url_not_https',
      stepId: 'call_crm',
    };
    state().focusProblem(stepProblem);
    expect(state().selection).toEqual({ kind: 'step', stepId: 'call_crm' });
    expect(state().panelOpen).toBe(true);
    expect(state().focusRequest).toEqual({ stepId: 'call_crm', path: '/steps/0/config/url' });
    state().clearFocusRequest();
    expect(state().focusRequest).toBeNull();

    state().focusProblem({ path: '/trigger/event', message: 'x', code: 'schema_required' });
    expect(state().selection).toEqual({ kind: 'trigger' });
    expect(state().focusRequest).toEqual({ stepId: null, path: '/trigger/event' });
  });
});

// ---- History: bursts and limit ---------------------------------------------------------

describe('undo history', () => {
  it('merges a burst of edits to one field into one undo step', () => {
    const { store, state, clock, changes } = makeStore();
    const original = state().definition;
    for (const url of ['https://a', 'https://ab', 'https://abc']) {
      state().updateStepConfig('call_crm', { url, method: 'GET' }, 'url');
      clock.advance(400);
    }
    expect(changes).toHaveLength(3); // the host hears every keystroke
    expect(store.temporal.getState().pastStates).toHaveLength(1);
    state().undo();
    expect(state().definition).toBe(original);
    state().redo();
    expect(stepOf(state().definition, 'call_crm')).toMatchObject({ config: { url: 'https://abc' } });
  });

  it('a pause of burstMs, another field, another step, endBurst or an undo start a new step', () => {
    const { store, state, clock } = makeStore({ burstMs: 500 });
    const past = () => store.temporal.getState().pastStates.length;
    const edit = (stepId: string, url: string, field = 'url') =>
      state().updateStepConfig(stepId, { url, method: 'GET' }, field);

    edit('call_crm', 'https://a');
    clock.advance(499);
    edit('call_crm', 'https://ab');
    expect(past()).toBe(1);
    clock.advance(500);
    edit('call_crm', 'https://abc'); // gap reached burstMs
    expect(past()).toBe(2);
    edit('call_crm', 'https://abcd', 'method'); // another field
    expect(past()).toBe(3);
    state().endBurst();
    edit('call_crm', 'https://abcde', 'method');
    expect(past()).toBe(4);
    state().renameStep('approve', 'A'); // another key
    expect(past()).toBe(5);
    state().renameStep('approve', 'Ap'); // names are bursts too
    expect(past()).toBe(5);
    state().undo();
    expect(stepOf(state().definition, 'approve').name).toBe('Approve');
    state().renameStep('approve', 'B'); // after an undo a new step starts
    expect(past()).toBe(5);
    state().renameStep('approve', 'Bo');
    expect(past()).toBe(5);
    state().updateStepConfig('call_crm', { url: 'https://x', method: 'GET' }); // no field: never merged
    state().updateStepConfig('call_crm', { url: 'https://xy', method: 'GET' });
    expect(past()).toBe(7);
  });

  it('bursts of trigger, workflow and branch fields merge the same way', () => {
    const { store, state } = makeStore();
    state().updateTrigger({ event: 'i' }, 'event');
    state().updateTrigger({ event: 'in' }, 'event');
    state().updateWorkflowInfo({ name: 'N' }, 'name');
    state().updateWorkflowInfo({ name: 'Ne' }, 'name');
    state().updateBranch('approved', { name: 'A' }, 'name');
    state().updateBranch('approved', { name: 'Ap' }, 'name');
    expect(store.temporal.getState().pastStates).toHaveLength(3);
  });

  it('keeps at most historyLimit steps', () => {
    const { state } = makeStore({ historyLimit: 3 });
    for (let i = 1; i <= 5; i++) {
      state().renameStep('approve', `Name ${i}`);
      state().endBurst();
    }
    let undos = 0;
    while (state().canUndo) {
      state().undo();
      undos++;
    }
    expect(undos).toBe(3);
    expect(stepOf(state().definition, 'approve').name).toBe('Name 2');
  });

  it('a new edit after undo drops the redo steps', () => {
    const { state } = makeStore();
    state().removeStep('approve');
    state().undo();
    expect(state().canRedo).toBe(true);
    state().removeStep('call_crm');
    expect(state().canRedo).toBe(false);
    state().redo(); // nothing to redo: no change
    expect(findStep(state().definition, 'approve')).toBeDefined();
  });

  it('history holds only the definition, and undo through zundo directly keeps problems and flags in step', () => {
    const { store, state } = makeStore();
    state().select({ kind: 'step', stepId: 'call_crm' }, { openPanel: true });
    state().updateStepConfig('call_crm', { url: 'http://insecure', method: 'GET' });
    expect(state().problems).not.toEqual([]);
    expect(store.temporal.getState().pastStates.map((entry) => Object.keys(entry))).toEqual([['definition']]);
    store.temporal.getState().undo();
    expect(state().problems).toEqual([]);
    expect(state().dirty).toBe(false);
    expect(state().canUndo).toBe(false);
    expect(state().canRedo).toBe(true);
    expect(state().selection).toEqual({ kind: 'step', stepId: 'call_crm' });
  });

  it('undo and redo with nothing to do change nothing and tell nobody', () => {
    const { state, changes } = makeStore();
    const before = state().definition;
    state().undo();
    state().redo();
    expect(state().definition).toBe(before);
    expect(changes).toHaveLength(0);
  });
});

// ---- Problems and dirty --------------------------------------------------------------

describe('problems and dirty', () => {
  it('recomputes problems when the definition changes, grouped by step', () => {
    const { state } = makeStore();
    state().updateStepConfig('call_crm', { url: 'http://insecure.example.com', method: 'GET' });
    const problems = state().problems;
    expect(problems.map((problem) => problem.code)).toContain('url_not_https');
    expect(state().problemsByStep.get('call_crm')?.length).toBeGreaterThan(0);
    expect(selectStepProblems('call_crm')(state())).toBe(state().problemsByStep.get('call_crm'));
    // A stable empty list for a step without problems.
    expect(selectStepProblems('approve')(state())).toBe(selectStepProblems('mark')(state()));

    state().updateTrigger({ event: '' });
    expect(state().problemsByStep.get('')?.length).toBeGreaterThan(0);
  });

  it('reports a reference that no longer resolves after a delete', () => {
    const { state } = makeStore();
    state().updateStepConfig('approve', { inquiryId: '{{ steps.call_crm.output.body.id }}' });
    expect(state().problems).toEqual([]);
    state().removeStep('call_crm');
    expect(state().problemsByStep.get('approve')?.[0]?.code).toBe('reference_unknown_step');
  });

  it('validates each definition once: selection changes and undo reuse the result', () => {
    const { state } = makeStore();
    state().updateStepConfig('call_crm', { url: 'http://x', method: 'GET' });
    const problems = state().problems;
    state().select({ kind: 'step', stepId: 'call_crm' }, { openPanel: true });
    expect(state().problems).toBe(problems);
    state().updateStepConfig('call_crm', { url: 'https://x', method: 'GET' });
    expect(state().problems).not.toBe(problems);
    state().undo();
    expect(state().problems).toBe(problems);
  });

  it('dirty follows the serialized text against the saved definition', () => {
    const { state } = makeStore();
    expect(state().dirty).toBe(false);
    state().renameStep('approve', 'Other');
    expect(state().dirty).toBe(true);
    state().endBurst();
    state().renameStep('approve', 'Approve'); // same text as saved, other object
    expect(state().definition).not.toBe(state().savedDefinition);
    expect(state().dirty).toBe(false);
    state().endBurst();
    state().renameStep('approve', 'Third');
    state().markSaved();
    expect(state().savedDefinition).toBe(state().definition);
    expect(state().dirty).toBe(false);
    state().undo(); // back to the same text as the sample
    expect(state().dirty).toBe(true);
    const given = sampleWorkflow();
    state().markSaved(given);
    expect(state().savedDefinition).toBe(given);
    expect(state().dirty).toBe(false);
  });

  it('setOptions with a new catalog or secrets revalidates the same definition', () => {
    const { state } = makeStore();
    state().updateStepConfig('call_crm', {
      url: 'https://crm.example.com',
      method: 'GET',
      signing: { secret: '{{ secrets.crm_key }}' },
    });
    expect(state().problems.map((problem) => problem.code)).toContain('reference_unknown_secret');
    const before = state().definition;
    state().setOptions({ secrets: ['crm_key'] });
    expect(state().problems).toEqual([]);
    state().setOptions({ catalog: catalogWithout('https_request') });
    expect(state().problems.map((problem) => problem.code)).toContain('unknown_action');
    expect(state().definition).toBe(before);
    expect(state().canUndo).toBe(true);
    // A new array with the same names is not a change: problems keep their identity.
    const problems = state().problems;
    state().setOptions({ secrets: ['crm_key'] });
    expect(state().problems).toBe(problems);
  });
});

// ---- Import, host sync ---------------------------------------------------------------

describe('import and host sync', () => {
  it('importDefinition is one undo step and calls onChange', () => {
    const { state, changes } = makeStore();
    const original = state().definition;
    const imported: Workflow = { ...sampleWorkflow(), name: 'Imported', steps: [] };
    state().select({ kind: 'step', stepId: 'approve' }, { openPanel: true });
    state().importDefinition(imported);
    expect(state().definition).toBe(imported);
    expect(state().selection).toBeNull();
    expect(changes).toEqual([imported]);
    expect(state().dirty).toBe(true);
    state().undo();
    expect(state().definition).toBe(original);
  });

  it('syncFromHost replaces the definition without an undo step and without onChange', () => {
    const { store, state, changes } = makeStore();
    state().removeStep('approve');
    const fromHost: Workflow = { ...sampleWorkflow(), name: 'From host' };
    state().syncFromHost(fromHost);
    expect(state().definition).toBe(fromHost);
    expect(state().savedDefinition).toBe(fromHost);
    expect(state().dirty).toBe(false);
    expect(changes).toHaveLength(1); // only the removal
    expect(store.temporal.getState().pastStates).toHaveLength(1);
  });

  it('syncFromHost ignores an echo of what the editor already shows (same text)', () => {
    const { state } = makeStore();
    state().renameStep('approve', 'Other');
    const shown = state().definition;
    state().syncFromHost(shown);
    state().syncFromHost(JSON.parse(JSON.stringify(shown)) as Workflow);
    expect(state().definition).toBe(shown);
    expect(state().dirty).toBe(true);
  });

  it('setOptions changes callbacks without recreating anything', () => {
    const { state, changes } = makeStore();
    const later: Workflow[] = [];
    state().setOptions({ onChange: (definition) => later.push(definition) });
    state().removeStep('approve');
    expect(changes).toHaveLength(0);
    expect(later).toHaveLength(1);
  });
});

// ---- Refusals -------------------------------------------------------------------------

describe('refused edits', () => {
  it('readOnly refuses every edit and returns empty ids, but selection still works', () => {
    const { store, state, changes } = makeStore({ readOnly: true });
    const before = state().definition;
    state().openPicker({ branchId: null, index: 0 }, 'x');
    expect(state().picker).toBeNull();
    expect(state().insertAction('wait', { branchId: null, index: 0 })).toBeNull();
    state().removeStep('approve');
    state().moveStep('approve', { branchId: null, index: 0 });
    state().moveStepBy('approve', -1);
    expect(state().duplicateStep('approve')).toBeNull();
    state().copyStep('approve'); // copying reads only
    expect(state().clipboard).not.toBeNull();
    expect(state().pasteStep({ branchId: null, index: 0 })).toBeNull();
    state().renameStep('approve', 'x');
    state().updateStepConfig('call_crm', { url: 'https://x', method: 'GET' });
    state().updateTrigger({ event: 'x' });
    state().updateWorkflowInfo({ name: 'x' });
    expect(state().addBranch('route')).toBeNull();
    state().removeBranch('approved');
    state().updateBranch('approved', { name: 'x' });
    state().moveBranch('approved', 0);
    state().importDefinition(sampleWorkflow());
    expect(state().definition).toBe(before);
    expect(changes).toHaveLength(0);
    expect(store.temporal.getState().pastStates).toHaveLength(0);

    state().select({ kind: 'step', stepId: 'approve' }, { openPanel: true });
    expect(state().selection).toEqual({ kind: 'step', stepId: 'approve' });
    // The host may still replace the definition.
    const fromHost = { ...sampleWorkflow(), name: 'Host' };
    state().syncFromHost(fromHost);
    expect(state().definition).toBe(fromHost);
  });

  it('readOnly refuses undo and redo; switching it on closes the picker', () => {
    const { state, changes } = makeStore();
    state().removeStep('approve');
    state().openPicker({ branchId: null, index: 0 }, 'x');
    state().setOptions({ readOnly: true });
    expect(state().readOnly).toBe(true);
    expect(state().picker).toBeNull();
    const current = state().definition;
    state().undo();
    expect(state().definition).toBe(current);
    state().setOptions({ readOnly: false });
    state().undo();
    expect(state().definition.steps).toHaveLength(3);
    expect(changes).toHaveLength(2);
  });

  it('canInsertStep refuses inserting, pasting, moving, duplicating and opening the picker there', () => {
    const forbidden = (point: { branchId: string | null }) => point.branchId !== 'approved';
    const { state, changes } = makeStore({ canInsertStep: forbidden });
    const before = state().definition;
    const inApproved = { branchId: 'approved', index: 0 };
    state().openPicker(inApproved, 'x');
    expect(state().picker).toBeNull();
    expect(state().insertAction('wait', inApproved)).toBeNull();
    state().copyStep('call_crm');
    expect(state().pasteStep(inApproved)).toBeNull();
    state().moveStep('approve', inApproved);
    expect(state().duplicateStep('approve_early')).toBeNull();
    state().moveStepBy('approve_early', 1);
    expect(state().definition).toBe(before);
    expect(changes).toHaveLength(0);
    // Elsewhere is allowed.
    expect(state().insertAction('wait', { branchId: 'otherwise', index: 0 })).toBe('wait');
  });

  it('canDeleteStep refuses deleting the step, a branch step holding it, or a branch holding it', () => {
    const { state, changes } = makeStore({ canDeleteStep: (step) => step.id !== 'mark' && step.id !== 'approve' });
    const before = state().definition;
    state().removeStep('approve');
    state().removeStep('route'); // holds "mark"
    state().removeBranch('otherwise'); // holds "mark"
    expect(state().definition).toBe(before);
    expect(changes).toHaveLength(0);
    state().removeBranch('approved');
    state().removeStep('call_crm');
    expect(changes).toHaveLength(2);
  });

  it('host restrictions can change through setOptions', () => {
    const { state } = makeStore();
    state().setOptions({ canDeleteStep: () => false });
    state().removeStep('approve');
    expect(state().definition.steps).toHaveLength(3);
    state().setOptions({ canDeleteStep: undefined });
    state().removeStep('approve');
    expect(state().definition.steps).toHaveLength(2);
  });
});

// ---- Draft problems -------------------------------------------------------------

describe('draft problems', () => {
  it('count as problems of their step until cleared, without touching the definition or history', () => {
    const { state } = makeStore();
    const before = state().definition;
    const path = `${findStep(before, 'call_crm')!.pointer}/config/body`;
    state().setDraftProblem('call_crm', path, 'Line 2, column 3: expected a value');
    expect(state().definition).toBe(before);
    expect(state().canUndo).toBe(false);
    expect(selectStepProblems('call_crm')(state())).toEqual([
      { path, code: 'json_syntax', message: 'Line 2, column 3: expected a value', stepId: 'call_crm' },
    ]);
    expect(state().problems).toHaveLength(1);
    state().setDraftProblem('call_crm', path, null);
    expect(selectStepProblems('call_crm')(state())).toEqual([]);
    expect(state().problems).toEqual([]);
  });
});
