// What the lazily loaded panels' tests share: a workflow, jsdom's missing observers, and a
// gate the panels' chunk waits behind until a test releases it.
import type { Workflow } from '../../../src/definition';

let release: () => void = () => {};
/** Resolves once a test calls {@link releasePanels}: the panels' module waits for it. */
export const panelsReleased = new Promise<void>((resolve) => (release = resolve));

/** Lets the panels' chunk load. */
export function releasePanels(): void {
  release();
}

export const lazyPanelsWorkflow: Workflow = {
  schemaVersion: 1,
  kind: 'workflow',
  id: 'lazy_panels',
  name: 'Lazy panels',
  trigger: { event: 'inquiry.completed' },
  steps: [
    {
      id: 'notify_crm',
      type: 'action',
      action: 'https_request',
      name: 'Notify CRM',
      config: { url: 'https://crm.example.com/hooks', method: 'POST' },
    },
  ],
};

/** jsdom lacks what React Flow measures with. */
export function stubLayoutObservers(): void {
  // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition -- typed as always there; jsdom has none
  globalThis.ResizeObserver ??= class {
    observe(): void {}
    unobserve(): void {}
    disconnect(): void {}
  };
}
