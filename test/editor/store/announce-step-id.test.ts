// A changed step ID is announced like every other edit, and undo says what it undid.
import { describe, expect, it } from 'vitest';
import { announcementText, defaultLabels } from '../../../src/editor';
import { makeStore } from './fixtures';

function heard(store: ReturnType<typeof makeStore>['store']): string | null {
  const announcement = store.getState().announcement;
  return announcement === null ? null : announcementText(announcement, defaultLabels);
}

describe('announcing a changed step ID', () => {
  it('names the step and its new ID, and undo repeats it', () => {
    const { store, state } = makeStore();
    expect(state().changeStepId('call_crm', 'crm_lookup')).toBeNull();
    expect(heard(store)).toBe('Step ID of “Call CRM” changed to “crm_lookup”');
    state().undo();
    expect(heard(store)).toBe('Undone: Step ID of “Call CRM” changed to “crm_lookup”');
  });

  it('says nothing for a refused ID', () => {
    const { store, state } = makeStore();
    expect(state().changeStepId('call_crm', 'Not An Id')).not.toBeNull();
    expect(store.getState().announcement).toBeNull();
  });
});
