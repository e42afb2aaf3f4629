// deferValidation: the opening definition and added steps are validated after a paint,
// never before the state changes, and `problems` can always be brought up to date at once.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { builtInCatalog, validateWorkflow, type Workflow } from '../../../src/definition';
import { createEditorStore, type EditorStore } from '../../../src/editor/store';

/** `count` HTTPS steps in a row; step `insecure_<n>` (when asked) calls an http URL, a problem. */
function longWorkflow(count: number, insecureAt?: number): Workflow {
  return {
    schemaVersion: 1,
    kind: 'workflow',
    id: 'long',
    name: 'Long',
    trigger: { event: 'inquiry.completed' },
    steps: Array.from({ length: count }, (_, index) => ({
      id: index === insecureAt ? `insecure_${index}` : `call_${index}`,
      type: 'action' as const,
      action: 'https_request',
      name: `Call ${index}`,
      config: {
        url: index === insecureAt ? 'http://crm.example.com' : 'https://crm.example.com',
        method: 'GET' as const,
      },
    })),
  };
}

function deferredStore(definition: Workflow): { store: EditorStore; state: () => ReturnType<EditorStore['getState']> } {
  const store = createEditorStore({ definition, catalog: builtInCatalog, deferValidation: true });
  return { store, state: () => store.getState() };
}

const codes = (store: EditorStore): string[] => store.getState().problems.map((problem) => problem.code);
const expectedProblems = (definition: Workflow) => {
  const result = validateWorkflow(definition, { catalog: builtInCatalog, secrets: [] });
  return result.ok ? [] : result.problems;
};

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('deferValidation', () => {
  it('leaves the opening validation until something subscribes, then runs it after the paint', () => {
    const { store, state } = deferredStore(longWorkflow(60, 7));
    expect(state().problems).toEqual([]);
    expect(state().problemsPending).toBe(true);
    // Nobody subscribed (a store a render threw away): nothing is scheduled.
    vi.runAllTimers();
    expect(state().problemsPending).toBe(true);

    const seen: boolean[] = [];
    store.subscribe((next) => seen.push(next.problemsPending));
    expect(state().problemsPending).toBe(true);
    vi.runAllTimers();
    expect(state().problemsPending).toBe(false);
    expect(codes(store)).toEqual(['url_not_https']);
    expect(state().problemsByStep.get('insecure_7')?.[0]?.code).toBe('url_not_https');
    expect(seen).toEqual([false]);
  });

  it('flushValidation and endBurst answer at once with the current problems (Publish, a test run)', () => {
    const definition = longWorkflow(60, 3);
    const { state } = deferredStore(definition);
    state().flushValidation();
    expect(state().problemsPending).toBe(false);
    expect(state().problems).toEqual(expectedProblems(definition));

    const other = deferredStore(longWorkflow(60, 5));
    other.state().endBurst();
    expect(other.state().problemsByStep.get('insecure_5')).toHaveLength(1);
    // Nothing left to do: the same objects stay.
    const problems = other.state().problems;
    other.state().flushValidation();
    expect(other.state().problems).toBe(problems);
  });

  it('an insert shows the new step first; its problems follow after the paint', () => {
    const { store, state } = deferredStore(longWorkflow(60));
    store.subscribe(() => undefined);
    vi.runAllTimers();
    expect(state().problems).toEqual([]);

    const id = state().insertAction('https_request', { branchId: null, index: 10 })!;
    expect(id).not.toBe('');
    expect(state().definition.steps[10]!.id).toBe(id);
    expect(state().selection).toEqual({ kind: 'step', stepId: id });
    expect(state().panelOpen).toBe(true);
    // Not validated yet: the earlier (empty) problems stay.
    expect(state().problemsPending).toBe(true);
    expect(state().problems).toEqual([]);

    vi.runAllTimers();
    expect(state().problemsPending).toBe(false);
    expect(state().problemsByStep.get(id)?.length).toBeGreaterThan(0);
    expect(state().problems).toEqual(expectedProblems(state().definition));
  });

  it('drops a validation that an undo made pointless, and reads on demand before it ran', () => {
    const { store, state } = deferredStore(longWorkflow(60, 1));
    store.subscribe(() => undefined);
    vi.runAllTimers();
    const before = state().problems;
    expect(before).toHaveLength(1);

    const id = state().insertAction('https_request', { branchId: null, index: 0 })!;
    expect(state().problemsPending).toBe(true);
    state().undo();
    // Back to a definition already validated: its problems, at once, and nothing pending.
    expect(state().problemsPending).toBe(false);
    expect(state().problems).toBe(before);
    vi.runAllTimers();
    expect(state().problems).toBe(before);

    state().redo();
    expect(state().problemsByStep.get(id)?.length).toBeGreaterThan(0);
    const pasted = state().duplicateStep(id)!;
    expect(state().problemsPending).toBe(true);
    state().flushValidation();
    expect(state().problemsByStep.get(pasted)?.length).toBeGreaterThan(0);
  });

  it('any other edit while an insert waits validates at once, the insert included', () => {
    const { store, state } = deferredStore(longWorkflow(60));
    store.subscribe(() => undefined);
    vi.runAllTimers();
    const id = state().insertAction('https_request', { branchId: null, index: 0 })!;
    state().removeStep('call_30');
    expect(state().problemsPending).toBe(false);
    expect(state().problemsByStep.get(id)?.length).toBeGreaterThan(0);
    expect(state().problems).toEqual(expectedProblems(state().definition));
  });

  it('a workflow of a few steps is validated at once, as without it', () => {
    const { state } = deferredStore(longWorkflow(5, 2));
    expect(state().problemsPending).toBe(false);
    expect(state().problemsByStep.get('insecure_2')).toHaveLength(1);
    const id = state().insertAction('https_request', { branchId: null, index: 0 })!;
    expect(state().problemsPending).toBe(false);
    expect(state().problemsByStep.get(id)?.length).toBeGreaterThan(0);
  });

  it('without it, the opening definition and inserts are validated at once', () => {
    const store = createEditorStore({ definition: longWorkflow(60, 7), catalog: builtInCatalog });
    expect(store.getState().problemsPending).toBe(false);
    expect(codes(store)).toEqual(['url_not_https']);
    const id = store.getState().insertAction('https_request', { branchId: null, index: 0 })!;
    expect(store.getState().problemsByStep.get(id)?.length).toBeGreaterThan(0);
  });
});
