import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  builtInCatalog,
  compareWorkflows,
  findStep,
  serializeWorkflow,
  updateBranch,
  updateStep,
  updateTrigger,
  updateWorkflow,
  walkSteps,
  type Workflow,
} from '../../../src/definition';
import {
  restoreStepField,
  restoreTriggerField,
  restoreWorkflowField,
  canRestoreStepField,
} from '../../../src/editor/compare/restore';
import { createEditorStore, type EditorStore } from '../../../src/editor/store';
import { workflowArbitrary } from '../../fixtures/arbitraries';
import { sampleWorkflow } from '../../fixtures/workflow-builders';

/** Restores every field the comparison lists, one store action each; returns how many were restored. */
function restoreAll(store: EditorStore, published: Workflow): number {
  const changes = compareWorkflows(published, store.getState().definition, { catalog: builtInCatalog });
  let restored = 0;
  for (const field of changes.workflow) if (restoreWorkflowField(store, field)) restored++;
  for (const field of changes.trigger) if (restoreTriggerField(store, field)) restored++;
  for (const change of changes.steps) {
    const publishedStep = findStep(published, change.stepId)?.step;
    for (const field of change.fields)
      if (canRestoreStepField(field) && restoreStepField(store, change.stepId, field, publishedStep)) restored++;
  }
  return restored;
}

describe('Restore published value', () => {
  it('puts a config field back in the published key order, one undo step each', () => {
    const published = sampleWorkflow();
    const draft = updateStep(published, 'notify_crm', { config: { method: 'POST', timeoutSeconds: 10 } });
    const store = createEditorStore({ definition: draft, catalog: builtInCatalog });
    const [change] = compareWorkflows(published, draft, { catalog: builtInCatalog }).steps;
    expect(change!.fields.map((field) => field.path)).toEqual([
      '/config/url',
      '/config/method',
      '/config/timeoutSeconds',
    ]);
    const url = change!.fields[0]!;
    expect(restoreStepField(store, 'notify_crm', url, published.steps[0])).toBe(true);
    const step = store.getState().definition.steps[0]!;
    // "url" comes first again, as in the published config.
    expect(step.type === 'action' && Object.keys(step.config)).toEqual(['url', 'method', 'timeoutSeconds']);
    store.getState().undo();
    expect(store.getState().definition).toBe(draft);
  });

  it('restores names, branch names and conditions, the trigger and the workflow: the text is the published text', () => {
    const published = sampleWorkflow();
    let draft = updateStep(published, 'score', { name: 'Score it' });
    draft = updateBranch(draft, 'high_risk', {
      name: 'Risky',
      when: { any: [{ left: '{{ trigger.x }}', op: 'exists' }] },
    });
    draft = updateTrigger(draft, { event: 'inquiry.declined', payloadSchema: undefined });
    draft = updateWorkflow(draft, { name: 'Other', description: 'New words' });
    const store = createEditorStore({ definition: draft, catalog: builtInCatalog });
    expect(restoreAll(store, published)).toBe(7);
    expect(serializeWorkflow(store.getState().definition)).toBe(serializeWorkflow(published));
    expect(compareWorkflows(published, store.getState().definition).count).toBe(0);
  });

  it('restoring every field of a field-only edit gives the published text byte for byte', () => {
    fc.assert(
      fc.property(workflowArbitrary, fc.array(fc.tuple(fc.nat(), fc.nat()), { maxLength: 6 }), (published, edits) => {
        let draft = published;
        for (const [pick, value] of edits) {
          const steps: { id: string; type: string }[] = [];
          walkSteps(draft.steps, ({ step }) => {
            steps.push(step);
          });
          const step = steps[pick % Math.max(1, steps.length)];
          if (!step || value % 3 === 0) draft = updateTrigger(draft, { event: `inquiry.e${value % 4}` });
          else if (value % 3 === 1) draft = updateStep(draft, step.id, { name: `Step ${value % 5}` });
          else if (step.type === 'action')
            draft = updateStep(draft, step.id, { config: { url: `https://example.com/${value}`, method: 'GET' } });
        }
        const store = createEditorStore({ definition: draft, catalog: builtInCatalog });
        restoreAll(store, published);
        expect(serializeWorkflow(store.getState().definition)).toBe(serializeWorkflow(published));
      }),
      { numRuns: 150 },
    );
  });
});
