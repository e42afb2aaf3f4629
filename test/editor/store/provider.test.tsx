// @vitest-environment jsdom
import { act, cleanup, render, screen } from '@testing-library/react';
import { StrictMode, useEffect, useState, type ReactNode } from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import type { Workflow } from '../../../src/definition';
import type { EditorStore } from '../../../src/editor/store';
import {
  WorkflowEditorProvider,
  useLabels,
  useWorkflowEditor,
  useWorkflowEditorStore,
} from '../../../src/editor/WorkflowEditorProvider';
import { sampleWorkflow } from './fixtures';

afterEach(cleanup);

/** Shows the workflow name and step ids, counts its mounts, and hands out its store. */
function Probe(props: { testId: string; onStore?: (store: EditorStore) => void; mounts?: { count: number } }) {
  const name = useWorkflowEditor((state) => state.definition.name);
  const steps = useWorkflowEditor((state) => state.definition.steps);
  const store = useWorkflowEditorStore();
  const { onStore, mounts } = props;
  useEffect(() => {
    onStore?.(store);
  }, [onStore, store]);
  useEffect(() => {
    if (mounts) mounts.count++;
  }, [mounts]);
  return (
    <p data-testid={props.testId}>
      {name}: {steps.map((step) => step.id).join(',')}
    </p>
  );
}

function capture() {
  const holder: { store: EditorStore | null } = { store: null };
  const onStore = (store: EditorStore) => {
    holder.store = store;
  };
  const get = () => {
    if (!holder.store) throw new Error('store not captured');
    return holder.store;
  };
  return { onStore, get };
}

describe('WorkflowEditorProvider', () => {
  it('useWorkflowEditor throws a clear error outside the provider', () => {
    function Outside() {
      useWorkflowEditor((state) => state.definition);
      return null;
    }
    // React logs the thrown error; the assertion is on the message.
    const original = console.error;
    console.error = () => {};
    try {
      expect(() => render(<Outside />)).toThrow('useWorkflowEditor must be used inside <WorkflowEditorProvider>');
    } finally {
      console.error = original;
    }
  });

  it('uncontrolled: starts from defaultDefinition, keeps edits and reports them', () => {
    const changes: Workflow[] = [];
    const { onStore, get } = capture();
    render(
      <WorkflowEditorProvider defaultDefinition={sampleWorkflow()} onChange={(definition) => changes.push(definition)}>
        <Probe testId="view" onStore={onStore} />
      </WorkflowEditorProvider>,
    );
    expect(screen.getByTestId('view').textContent).toBe('Sample: call_crm,route,approve');
    act(() => get().getState().removeStep('approve'));
    expect(screen.getByTestId('view').textContent).toBe('Sample: call_crm,route');
    expect(changes).toHaveLength(1);
  });

  it('with no definition at all shows an empty workflow', () => {
    render(
      <WorkflowEditorProvider>
        <Probe testId="view" />
      </WorkflowEditorProvider>,
    );
    expect(screen.getByTestId('view').textContent).toBe('Untitled workflow: ');
  });

  it('controlled: edits go to onChange once; the host echoing them back does not call onChange again', () => {
    const changes: Workflow[] = [];
    const { onStore, get } = capture();
    const mounts = { count: 0 };
    function Host() {
      const [definition, setDefinition] = useState(sampleWorkflow);
      return (
        <WorkflowEditorProvider
          definition={definition}
          onChange={(next) => {
            changes.push(next);
            setDefinition(next);
          }}
        >
          <Probe testId="view" onStore={onStore} mounts={mounts} />
        </WorkflowEditorProvider>
      );
    }
    render(<Host />);
    act(() => get().getState().removeStep('approve'));
    expect(screen.getByTestId('view').textContent).toBe('Sample: call_crm,route');
    expect(changes).toHaveLength(1);
    expect(get().getState().canUndo).toBe(true);
    act(() => get().getState().undo());
    expect(screen.getByTestId('view').textContent).toBe('Sample: call_crm,route,approve');
    expect(changes).toHaveLength(2);
    expect(mounts.count).toBe(1);
  });

  it('controlled: a new definition prop updates the view without remounting, without onChange and without history', () => {
    const changes: Workflow[] = [];
    const { onStore, get } = capture();
    const mounts = { count: 0 };
    let replace: (definition: Workflow) => void = () => {};
    function Host() {
      const [definition, setDefinition] = useState(sampleWorkflow);
      replace = setDefinition;
      return (
        <WorkflowEditorProvider definition={definition} onChange={(next) => changes.push(next)}>
          <Probe testId="view" onStore={onStore} mounts={mounts} />
        </WorkflowEditorProvider>
      );
    }
    render(<Host />);
    const store = get();
    act(() => replace({ ...sampleWorkflow(), name: 'Loaded', steps: [] }));
    expect(screen.getByTestId('view').textContent).toBe('Loaded: ');
    expect(changes).toHaveLength(0);
    expect(get()).toBe(store);
    expect(mounts.count).toBe(1);
    expect(store.getState().canUndo).toBe(false);
    expect(store.getState().dirty).toBe(false);
  });

  it('takes new options (readOnly, callbacks) without recreating the store', () => {
    const first: Workflow[] = [];
    const second: Workflow[] = [];
    const { onStore, get } = capture();
    function Host(props: { readOnly: boolean; onChange: (definition: Workflow) => void }) {
      return (
        <WorkflowEditorProvider
          defaultDefinition={sampleWorkflow()}
          readOnly={props.readOnly}
          onChange={props.onChange}
        >
          <Probe testId="view" onStore={onStore} />
        </WorkflowEditorProvider>
      );
    }
    const { rerender } = render(<Host readOnly onChange={(d) => first.push(d)} />);
    const store = get();
    act(() => store.getState().removeStep('approve'));
    expect(first).toHaveLength(0);
    rerender(<Host readOnly={false} onChange={(d) => second.push(d)} />);
    expect(get()).toBe(store);
    act(() => store.getState().removeStep('approve'));
    expect(first).toHaveLength(0);
    expect(second).toHaveLength(1);
    expect(screen.getByTestId('view').textContent).toBe('Sample: call_crm,route');
  });

  it('two editors on one page never share state', () => {
    const a = capture();
    const b = capture();
    render(
      <StrictMode>
        <WorkflowEditorProvider defaultDefinition={sampleWorkflow()}>
          <Probe testId="a" onStore={a.onStore} />
        </WorkflowEditorProvider>
        <WorkflowEditorProvider defaultDefinition={sampleWorkflow()}>
          <Probe testId="b" onStore={b.onStore} />
        </WorkflowEditorProvider>
      </StrictMode>,
    );
    expect(a.get()).not.toBe(b.get());
    act(() => a.get().getState().removeStep('call_crm'));
    expect(screen.getByTestId('a').textContent).toBe('Sample: route,approve');
    expect(screen.getByTestId('b').textContent).toBe('Sample: call_crm,route,approve');
    expect(b.get().getState().canUndo).toBe(false);
  });

  it('useLabels merges the labels prop over the defaults', () => {
    function Labels() {
      const labels = useLabels();
      return (
        <p data-testid="labels">
          {labels.addStep}|{labels.undo}|{labels.problemsBadge(1)}|{labels.problemsBadge(3)}
        </p>
      );
    }
    const wrap = (children: ReactNode) => (
      <WorkflowEditorProvider labels={{ undo: 'Rückgängig', problemsBadge: (n) => `${n} Probleme` }}>
        {children}
      </WorkflowEditorProvider>
    );
    render(wrap(<Labels />));
    expect(screen.getByTestId('labels').textContent).toBe('Add step|Rückgängig|1 Probleme|3 Probleme');
    cleanup();
    render(
      <WorkflowEditorProvider>
        <Labels />
      </WorkflowEditorProvider>,
    );
    expect(screen.getByTestId('labels').textContent).toBe('Add step|Undo|1 problem|3 problems');
  });
});
