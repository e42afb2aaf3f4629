import { describe, expect, it } from 'vitest';
import { builtInCatalog, type InsertionPoint, type Step } from '../../../src/definition';
import { createEditorStore } from '../../../src/editor/store';
import { sampleWorkflow } from './fixtures';

// The canvas hides the "+" of points the host refuses; it reads the rule from the store.
describe('insertRule', () => {
  const onlyAtTheEnd = (point: InsertionPoint) => point.branchId === null && point.index > 0;

  it('is null without a host rule and the host function with one', () => {
    expect(
      createEditorStore({ definition: sampleWorkflow(), catalog: builtInCatalog }).getState().insertRule,
    ).toBeNull();
    const store = createEditorStore({
      definition: sampleWorkflow(),
      catalog: builtInCatalog,
      canInsertStep: onlyAtTheEnd,
    });
    expect(store.getState().insertRule).toBe(onlyAtTheEnd);
  });

  it('follows setOptions without an undo entry, and the store still refuses what the rule refuses', () => {
    const store = createEditorStore({ definition: sampleWorkflow(), catalog: builtInCatalog });
    store.getState().setOptions({ canInsertStep: onlyAtTheEnd });
    expect(store.getState().insertRule).toBe(onlyAtTheEnd);
    expect(store.temporal.getState().pastStates).toHaveLength(0);
    const before = store.getState().definition;
    expect(store.getState().insertAction('https_request', { branchId: null, index: 0 })).toBeNull();
    expect(store.getState().definition).toBe(before);
    store.getState().setOptions({ canInsertStep: undefined });
    expect(store.getState().insertRule).toBeNull();
  });

  it('deleteRule mirrors canDeleteStep the same way', () => {
    const keepHttps = (step: Step) => !(step.type === 'action' && step.action === 'https_request');
    const store = createEditorStore({ definition: sampleWorkflow(), catalog: builtInCatalog });
    expect(store.getState().deleteRule).toBeNull();
    store.getState().setOptions({ canDeleteStep: keepHttps });
    expect(store.getState().deleteRule).toBe(keepHttps);
    store.getState().setOptions({ canDeleteStep: undefined });
    expect(store.getState().deleteRule).toBeNull();
  });
});
