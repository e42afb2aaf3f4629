// What the lazily loaded panels' tests share: a workflow, jsdom's missing observers, and a
// gate the panels' chunk waits behind until a test releases it.
import type { Workflow } from '../../../src/definition';
import { preloadConfigForm } from '../../../src/editor/panel/form/LazyConfigForm';
import { actionStep, workflowOf } from '../../fixtures/workflow-builders';

let release: () => void = () => {};
/** Resolves once a test calls {@link releasePanels}: the panels' module waits for it. */
export const panelsReleased = new Promise<void>((resolve) => (release = resolve));

/** Lets the panels' chunk load. */
export function releasePanels(): void {
  release();
}

export const lazyPanelsWorkflow: Workflow = workflowOf([
  actionStep('notify_crm', { name: 'Notify CRM', config: { url: 'https://crm.example.com/hooks', method: 'POST' } }),
]);

/** Before a file's tests: the form loaded (only the panels are cold), and what jsdom lacks for React Flow. */
export async function prepareColdPanels(): Promise<void> {
  await preloadConfigForm();
  // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition -- typed as always there; jsdom has none
  globalThis.ResizeObserver ??= class {
    observe(): void {}
    unobserve(): void {}
    disconnect(): void {}
  };
}
