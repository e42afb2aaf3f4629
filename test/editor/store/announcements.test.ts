// What the editor's live region says after each edit the store makes: the store records
// the edit (an Announcement), announcementText puts it in the labels' words.
import { describe, expect, it } from 'vitest';
import { announcementText, defaultLabels, type EditorLabels } from '../../../src/editor';
import { makeStore } from './fixtures';

/** The words of the store's current announcement (default labels), or null. */
function heard(store: ReturnType<typeof makeStore>['store']): string | null {
  const announcement = store.getState().announcement;
  return announcement === null ? null : announcementText(announcement, defaultLabels);
}

describe('announcements of edits', () => {
  it('says nothing before the first edit', () => {
    const { store } = makeStore();
    expect(store.getState().announcement).toBeNull();
  });

  it('insertAction: the new step and where it went', () => {
    const { store, state } = makeStore();
    state().insertAction('https_request', { branchId: null, index: 1 });
    expect(heard(store)).toBe('Added “Make HTTPS Request” after “Call CRM”');
    state().insertAction('https_request', { branchId: null, index: 0 }, { name: 'Notify CRM' });
    expect(heard(store)).toBe('Added “Notify CRM” after the trigger');
    state().insertAction('wait', { branchId: 'approved', index: 0 });
    expect(heard(store)).toBe('Added “Wait” at the start of “Approved”');
  });

  it('insertAction through the open picker', () => {
    const { store, state } = makeStore();
    state().openPicker({ branchId: 'otherwise', index: 1 }, 'plus');
    state().insertAction('https_request');
    expect(heard(store)).toBe('Added “Make HTTPS Request” after “Mark”');
  });

  it('removeStep: the deleted step by the name it had', () => {
    const { store, state } = makeStore();
    state().removeStep('call_crm');
    expect(heard(store)).toBe('Deleted “Call CRM”');
    state().removeStep('route');
    expect(heard(store)).toBe('Deleted “Route”');
  });

  it('moveStepBy: up and down', () => {
    const { store, state } = makeStore();
    state().moveStepBy('approve', -1);
    expect(heard(store)).toBe('Moved “Approve” up');
    state().moveStepBy('call_crm', 1);
    expect(heard(store)).toBe('Moved “Call CRM” down');
  });

  it('moveStep: where the step went', () => {
    const { store, state } = makeStore();
    state().moveStep('approve', { branchId: null, index: 0 });
    expect(heard(store)).toBe('Moved “Approve” after the trigger');
    state().moveStep('approve', { branchId: 'otherwise', index: 1 });
    expect(heard(store)).toBe('Moved “Approve” after “Mark”');
    state().moveStep('call_crm', { branchId: 'approved', index: 0 });
    expect(heard(store)).toBe('Moved “Call CRM” at the start of “Approved”');
  });

  it('duplicateStep and pasteStep', () => {
    const { store, state } = makeStore();
    state().duplicateStep('call_crm');
    expect(heard(store)).toBe('Duplicated “Call CRM”');
    state().copyStep('approve');
    state().pasteStep({ branchId: null, index: 0 });
    expect(heard(store)).toBe('Pasted “Approve” after the trigger');
  });

  it('every announcement is new, also with the same words', () => {
    const { store, state } = makeStore();
    state().duplicateStep('call_crm');
    const first = store.getState().announcement;
    state().duplicateStep('call_crm');
    const second = store.getState().announcement;
    expect(second).not.toBe(first);
    expect(second!.id).toBeGreaterThan(first!.id);
    expect(heard(store)).toBe('Duplicated “Call CRM”');
  });

  it('refused edits and no-op moves say nothing new', () => {
    const { store, state } = makeStore({ canDeleteStep: (step) => step.id !== 'approve' });
    state().removeStep('call_crm');
    const before = store.getState().announcement;
    state().removeStep('approve'); // the host refuses
    state().moveStepBy('route', -1); // route is now first: no-op
    state().moveStep('route', { branchId: null, index: 0 }); // where it is already
    state().insertAction('no_such_action', { branchId: null, index: 0 });
    expect(store.getState().announcement).toBe(before);
  });

  it('a read-only editor announces nothing', () => {
    const { store, state } = makeStore({ readOnly: true });
    state().removeStep('call_crm');
    state().insertAction('wait', { branchId: null, index: 0 });
    state().moveStepBy('approve', -1);
    expect(store.getState().announcement).toBeNull();
  });

  it('typing, renaming and other field edits are not announced', () => {
    const { store, state } = makeStore();
    state().removeStep('approve');
    const before = store.getState().announcement;
    state().renameStep('call_crm', 'Tell CRM');
    state().updateStepConfig('call_crm', { url: 'https://example.com', method: 'GET' }, 'url');
    state().updateTrigger({ event: 'inquiry.approved' }, 'event');
    state().updateWorkflowInfo({ name: 'Renamed' }, 'name');
    state().addBranch('route');
    state().select({ kind: 'step', stepId: 'call_crm' }, { openPanel: true });
    expect(store.getState().announcement).toBe(before);
  });
});

describe('announcements of undo and redo', () => {
  it('say what they undid and redid', () => {
    const { store, state } = makeStore();
    state().insertAction('https_request', { branchId: null, index: 1 });
    state().removeStep('approve');
    state().undo();
    expect(heard(store)).toBe('Undone: Deleted “Approve”');
    state().undo();
    expect(heard(store)).toBe('Undone: Added “Make HTTPS Request” after “Call CRM”');
    state().redo();
    expect(heard(store)).toBe('Redone: Added “Make HTTPS Request” after “Call CRM”');
    state().redo();
    expect(heard(store)).toBe('Redone: Deleted “Approve”');
  });

  it('each kind of edit', () => {
    const { store, state } = makeStore();
    state().moveStepBy('approve', -1);
    state().moveStep('approve', { branchId: 'otherwise', index: 0 });
    state().duplicateStep('call_crm');
    state().copyStep('call_crm');
    state().pasteStep({ branchId: 'approved', index: 1 });
    const undone: string[] = [];
    for (let i = 0; i < 4; i++) {
      state().undo();
      undone.push(heard(store)!);
    }
    expect(undone).toEqual([
      'Undone: Pasted “Call CRM” after “Approve early”',
      'Undone: Duplicated “Call CRM”',
      'Undone: Moved “Approve” at the start of “Otherwise”',
      'Undone: Moved “Approve” up',
    ]);
  });

  it('"Undone" / "Redone" alone for edits that were not announced (typing)', () => {
    const { store, state, clock } = makeStore();
    state().removeStep('approve');
    state().renameStep('call_crm', 'Tell');
    clock.advance(10);
    state().renameStep('call_crm', 'Tell CRM'); // same burst: one undo step
    state().endBurst();
    state().undo();
    expect(heard(store)).toBe('Undone');
    const first = store.getState().announcement;
    state().redo();
    expect(heard(store)).toBe('Redone');
    state().undo();
    expect(heard(store)).toBe('Undone');
    expect(store.getState().announcement!.id).toBeGreaterThan(first!.id);
    state().undo();
    expect(heard(store)).toBe('Undone: Deleted “Approve”');
  });

  it('an import is announced with the name of the imported workflow, and so is its undo', () => {
    const { store, state } = makeStore();
    const definition = state().definition;
    state().removeStep('approve');
    state().importDefinition({ ...structuredClone(definition), name: 'From a file' });
    expect(heard(store)).toBe('Imported “From a file”');
    state().undo();
    expect(heard(store)).toBe('Undone: Imported “From a file”');
  });

  it('nothing to undo or redo: nothing announced', () => {
    const { store, state } = makeStore();
    state().undo();
    state().redo();
    expect(store.getState().announcement).toBeNull();
  });
});

describe('announcementText', () => {
  it('uses the host labels', () => {
    const labels: EditorLabels = {
      ...defaultLabels,
      announceDeleted: (name) => `Supprimé « ${name} »`,
      announceUndone: (what) => (what === null ? 'Annulé' : `Annulé : ${what}`),
    };
    const { store, state } = makeStore();
    state().removeStep('approve');
    expect(announcementText(store.getState().announcement!, labels)).toBe('Supprimé « Approve »');
    state().undo();
    expect(announcementText(store.getState().announcement!, labels)).toBe('Annulé : Supprimé « Approve »');
  });
});
