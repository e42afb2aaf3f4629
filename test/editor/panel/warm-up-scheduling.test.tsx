// @vitest-environment jsdom
// WorkflowEditor warms the panels up in an idle moment once it has painted and the panels',
// the form's and the warm-up's code is there; not when it is gone before then (however
// far the loading got), and not in a browser that does not say when it is idle (jsdom,
// Safari), where it does not even fetch the warm-up's code.
import { act, cleanup, render, screen } from '@testing-library/react';
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { WorkflowEditor } from '../../../src/editor/WorkflowEditor';
import { lazyPanelsWorkflow, prepareColdPanels } from './lazy-panels-fixtures';

const warmUp = vi.hoisted(() => ({
  warmUpConfigPanel: vi.fn(() => true),
  loadWarmUpParts: vi.fn(() => Promise.resolve()),
}));
vi.mock('../../../src/editor/panel/warm-up', () => warmUp);

/** Idle callbacks the page asked for, run when a test says the page is idle; a cancelled one is a no-op. */
let idleCallbacks: (() => void)[] = [];

beforeAll(prepareColdPanels);

beforeEach(() => {
  warmUp.warmUpConfigPanel.mockClear();
  warmUp.loadWarmUpParts.mockClear();
  idleCallbacks = [];
  let asked = 0;
  const callbacks = new Map<number, () => void>();
  vi.stubGlobal('requestIdleCallback', (callback: () => void) => {
    const handle = ++asked;
    const run = () => callbacks.get(handle)?.();
    callbacks.set(handle, callback);
    idleCallbacks.push(run);
    return handle;
  });
  vi.stubGlobal('cancelIdleCallback', (handle: number) => callbacks.delete(handle));
});

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

/** Lets timers and loads settle (the first paint is an animation frame, then a timer). */
async function settle(): Promise<void> {
  await act(() => new Promise((resolve) => setTimeout(resolve, 50)));
}

/** Runs the idle callbacks asked for so far. */
function runIdleCallbacks(): void {
  for (const run of idleCallbacks.splice(0)) run();
}

/** The page goes idle again and again: every idle callback asked for runs, with what it starts. */
async function pageIsIdle(): Promise<void> {
  for (let round = 0; round < 5; round++) {
    await settle();
    act(runIdleCallbacks);
  }
  await settle();
}

async function renderEditor(): Promise<() => void> {
  const { unmount } = render(<WorkflowEditor defaultDefinition={lazyPanelsWorkflow} />);
  await screen.findByRole('button', { name: 'Notify CRM' });
  return unmount;
}

describe('the panels warm-up', () => {
  it('runs once the page is idle after the first paint, with its code loaded first', async () => {
    await renderEditor();
    expect(warmUp.warmUpConfigPanel).not.toHaveBeenCalled();
    await pageIsIdle();
    expect(warmUp.loadWarmUpParts).toHaveBeenCalledTimes(1);
    expect(warmUp.warmUpConfigPanel).toHaveBeenCalledTimes(1);
  });

  it('does not run for an editor gone before the page was idle', async () => {
    const unmount = await renderEditor();
    unmount();
    await pageIsIdle();
    expect(warmUp.warmUpConfigPanel).not.toHaveBeenCalled();
  });

  it("does not run for an editor gone while the warm-up's own module was being fetched", async () => {
    const unmount = await renderEditor();
    await settle();
    // The editor starts fetching the warm-up, and goes before the fetch has settled.
    act(() => {
      runIdleCallbacks();
      unmount();
    });
    await pageIsIdle();
    expect(warmUp.warmUpConfigPanel).not.toHaveBeenCalled();
  });

  it("does not run for an editor gone while the warm-up's parts were loading", async () => {
    let arrive: () => void = () => undefined;
    warmUp.loadWarmUpParts.mockImplementationOnce(() => new Promise<void>((resolve) => (arrive = resolve)));
    const unmount = await renderEditor();
    await settle();
    act(runIdleCallbacks);
    await settle();
    // Loading, and held there until the test lets it arrive.
    expect(warmUp.loadWarmUpParts).toHaveBeenCalledTimes(1);
    unmount();
    await act(async () => arrive());
    await pageIsIdle();
    expect(warmUp.warmUpConfigPanel).not.toHaveBeenCalled();
  });

  it('does not run for an editor gone after it asked for the idle moment to run in', async () => {
    const unmount = await renderEditor();
    await settle();
    act(runIdleCallbacks);
    // The code is there: the editor has asked for an idle moment for the warm-up.
    await settle();
    expect(idleCallbacks.length).toBeGreaterThan(0);
    unmount();
    act(runIdleCallbacks);
    await pageIsIdle();
    expect(warmUp.warmUpConfigPanel).not.toHaveBeenCalled();
  });

  it('neither runs nor loads its code where the browser does not say when it is idle', async () => {
    vi.unstubAllGlobals();
    // jsdom has no requestIdleCallback; the stub above is gone again.
    expect(typeof globalThis.requestIdleCallback).toBe('undefined');
    await renderEditor();
    await act(() => new Promise((resolve) => setTimeout(resolve, 300)));
    expect(warmUp.loadWarmUpParts).not.toHaveBeenCalled();
    expect(warmUp.warmUpConfigPanel).not.toHaveBeenCalled();
  });
});
