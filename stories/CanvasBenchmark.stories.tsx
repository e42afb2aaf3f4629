// ---------------------------------------------------------------------------
// A harness for bench/canvas.bench.mjs: mounts the canvas with N steps and inserts
// steps, timing each from the call to the frame that shows it. It asserts nothing about
// time (the play only checks the harness works); the bench script reads the figures.
// ---------------------------------------------------------------------------

import type { Meta, StoryObj } from '@storybook/react-vite';
import { Profiler, useEffect, useRef, useState, type ReactElement } from 'react';
import { createPortal, flushSync } from 'react-dom';
import { expect, waitFor } from 'storybook/test';
import type { Workflow } from '../src/definition';
import { WorkflowCanvas, WorkflowEditorProvider, useWorkflowEditorStore, type EditorStore } from '../src/editor';
import { largeWorkflow } from './fixtures/workflows';

/** What the harness puts on `window` for the bench script. */
export interface CanvasBenchmarkApi {
  /** Mounts a fresh editor with `steps` steps; ms until the first step is in the DOM, until the next frame, and React render time (dev builds only). */
  mount(steps: number): Promise<{ toDom: number; toFrame: number; reactMs: number }>;
  /** Inserts an HTTPS step at root `index`; ms until it is in the DOM, until the next frame, and in the store action itself. Then undoes it. */
  insert(index: number): Promise<{ toDom: number; toFrame: number; reactMs: number }>;
}

declare global {
  interface Window {
    wfeBenchmark?: CanvasBenchmarkApi;
  }
}

const nextFrame = () => new Promise<void>((resolve) => requestAnimationFrame(() => resolve()));

/** Resolves at the first DOM mutation after which `present()` holds. */
function whenInDom(present: () => boolean): Promise<number> {
  return new Promise((resolve) => {
    if (present()) {
      resolve(performance.now());
      return;
    }
    const observer = new MutationObserver(() => {
      if (present()) {
        observer.disconnect();
        resolve(performance.now());
      }
    });
    observer.observe(document.body, { childList: true, subtree: true });
  });
}

// React's render time per commit (only measured in development builds; 0 in production).
let reactMs = 0;
const onRender = (_id: string, _phase: string, actualDuration: number) => {
  reactMs += actualDuration;
};

function StoreHandle({ onStore }: { onStore: (store: EditorStore) => void }): null {
  const store = useWorkflowEditorStore();
  useEffect(() => {
    onStore(store);
  }, [store, onStore]);
  return null;
}

/**
 * Storybook's highlight feature watches `#storybook-root` with a MutationObserver and,
 * on every mutation there, scans every element of the page with `getComputedStyle`
 * (several ms per canvas commit, run before our own observer sees the change). An app
 * has no such observer, so the harness draws the editor in a container of its own,
 * outside `#storybook-root`, and the figures measure the editor alone.
 */
function useOwnContainer(): HTMLElement | null {
  const [container, setContainer] = useState<HTMLElement | null>(null);
  useEffect(() => {
    const element = document.createElement('div');
    element.dataset.wfeBenchmark = '';
    document.body.appendChild(element);
    // The container exists only while mounted (and again after Strict Mode's re-mount), so it
    // is made here rather than during render; one extra render at mount is the price.
    setContainer(element);
    return () => element.remove();
  }, []);
  return container;
}

function CanvasBenchmark({ steps }: { steps: number }): ReactElement {
  const container = useOwnContainer();
  const [workflow, setWorkflow] = useState<{ key: number; definition: Workflow } | null>(() => ({
    key: 0,
    definition: largeWorkflow(steps),
  }));
  // A ref, so the API on window always reaches the store of the editor mounted last.
  const storeRef = useRef<EditorStore | null>(null);

  useEffect(() => {
    window.wfeBenchmark = {
      async mount(count) {
        flushSync(() => setWorkflow(null));
        await nextFrame();
        const definition = largeWorkflow(count);
        reactMs = 0;
        const start = performance.now();
        flushSync(() => setWorkflow({ key: Math.random(), definition }));
        const inDom = await whenInDom(() => document.querySelector('[data-wfe-item="step:step_1"]') !== null);
        await nextFrame();
        return { toDom: inDom - start, toFrame: performance.now() - start, reactMs };
      },
      async insert(index) {
        const store = storeRef.current;
        if (!store) throw new Error('no store yet');
        reactMs = 0;
        const start = performance.now();
        const id = store.getState().insertAction('https_request', { branchId: null, index });
        const storeMs = performance.now() - start;
        const inDom = await whenInDom(() => document.querySelector(`[data-wfe-item="step:${id}"]`) !== null);
        await nextFrame();
        const result = { toDom: inDom - start, toFrame: performance.now() - start, reactMs: storeMs };
        store.getState().undo();
        await nextFrame();
        return result;
      },
    };
  }, []);

  if (!workflow || !container) return <div />;
  return createPortal(
    <div className="wfe-root" style={{ height: '100vh' }}>
      <WorkflowEditorProvider key={workflow.key} defaultDefinition={workflow.definition}>
        <StoreHandle
          onStore={(store) => {
            storeRef.current = store;
          }}
        />
        <Profiler id="canvas" onRender={onRender}>
          <WorkflowCanvas />
        </Profiler>
      </WorkflowEditorProvider>
    </div>,
    container,
  );
}

const meta = {
  title: 'Benchmarks/Canvas',
  component: CanvasBenchmark,
  args: { steps: 100 },
} satisfies Meta<typeof CanvasBenchmark>;

export default meta;
type Story = StoryObj<typeof meta>;

/** The harness with 100 steps; `bench/canvas.bench.mjs` drives it through `window.wfeBenchmark`. */
export const Harness: Story = {
  play: async () => {
    // Set by the harness's effect, which React may run after the story counts as rendered.
    await waitFor(() => expect(window.wfeBenchmark).toBeDefined());
    const api = window.wfeBenchmark;
    const mounted = await api!.mount(20);
    await expect(mounted.toDom).toBeGreaterThan(0);
    const inserted = await api!.insert(3);
    await expect(inserted.toDom).toBeGreaterThan(0);
  },
};
