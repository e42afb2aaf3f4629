// @vitest-environment jsdom
// WorkflowEditor warms the panels up once the page is idle after its first paint and the
// panels' code is there; not when it is gone before then, and not in a browser that does
// not say when it is idle (jsdom, Safari), where it would run whenever a timer fires.
import { act, cleanup, render, screen } from '@testing-library/react';
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { WorkflowEditor } from '../../../src/editor/WorkflowEditor';
import { lazyPanelsWorkflow, prepareColdPanels } from './lazy-panels-fixtures';

const warmUp = vi.hoisted(() => vi.fn(() => true));
vi.mock('../../../src/editor/panel/warm-up', () => ({ warmUpConfigPanel: warmUp }));

/** Idle callbacks the page asked for, run when a test says the page is idle. */
let idleCallbacks: (() => void)[] = [];

beforeAll(prepareColdPanels);

beforeEach(() => {
  warmUp.mockClear();
  idleCallbacks = [];
  vi.stubGlobal('requestIdleCallback', (callback: () => void) => idleCallbacks.push(callback));
  vi.stubGlobal('cancelIdleCallback', (handle: number) => {
    idleCallbacks[handle - 1] = () => undefined;
  });
});

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

/** Runs the idle callbacks asked for so far (and those they ask for), with the promises they start. */
async function pageIsIdle(): Promise<void> {
  for (let round = 0; round < 5; round++) {
    // The first paint (an animation frame, then a timer), and any load that settles.
    await act(() => new Promise((resolve) => setTimeout(resolve, 50)));
    const pending = idleCallbacks;
    idleCallbacks = [];
    await act(async () => {
      for (const callback of pending) callback();
      await Promise.resolve();
    });
  }
}

describe('the panels warm-up', () => {
  it('runs once the page is idle after the first paint', async () => {
    render(<WorkflowEditor defaultDefinition={lazyPanelsWorkflow} />);
    await screen.findByRole('button', { name: 'Notify CRM' });
    expect(warmUp).not.toHaveBeenCalled();
    await pageIsIdle();
    expect(warmUp).toHaveBeenCalledTimes(1);
  });

  it('does not run for an editor gone before the page was idle', async () => {
    const { unmount } = render(<WorkflowEditor defaultDefinition={lazyPanelsWorkflow} />);
    await screen.findByRole('button', { name: 'Notify CRM' });
    unmount();
    await pageIsIdle();
    expect(warmUp).not.toHaveBeenCalled();
  });

  it("does not run for an editor gone while the panels' code was being loaded", async () => {
    const { unmount } = render(<WorkflowEditor defaultDefinition={lazyPanelsWorkflow} />);
    await screen.findByRole('button', { name: 'Notify CRM' });
    // The first paint: the editor asks for an idle moment to load the panels' code.
    await act(() => new Promise((resolve) => setTimeout(resolve, 50)));
    expect(idleCallbacks.length).toBeGreaterThan(0);
    // The load starts, and the editor goes before it has settled.
    act(() => {
      for (const callback of idleCallbacks.splice(0)) callback();
      unmount();
    });
    await pageIsIdle();
    expect(warmUp).not.toHaveBeenCalled();
  });

  it('does not run where the browser does not say when it is idle', async () => {
    vi.unstubAllGlobals();
    // jsdom has no requestIdleCallback; the stub above is gone again.
    expect(typeof globalThis.requestIdleCallback).toBe('undefined');
    render(<WorkflowEditor defaultDefinition={lazyPanelsWorkflow} />);
    await screen.findByRole('button', { name: 'Notify CRM' });
    await act(() => new Promise((resolve) => setTimeout(resolve, 300)));
    expect(warmUp).not.toHaveBeenCalled();
  });
});
