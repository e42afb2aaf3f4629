// @vitest-environment jsdom
// The configuration panels load apart from the editor's initial code. A panel opened
// before its code is there is an empty, busy box in the panel's place (so the canvas
// beside it is laid out as it will be), and the panel itself once its code has come.
// Nothing here preloads the panels: this file's first panel is opened cold.
import { cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Workflow } from '../../../src/definition';
import { preloadConfigForm } from '../../../src/editor/panel/form/LazyConfigForm';
import { WorkflowEditor } from '../../../src/editor/WorkflowEditor';

afterEach(cleanup);

beforeAll(async () => {
  // The form is not what this file is about: loaded, so only the panels are cold.
  await preloadConfigForm();
  // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition -- typed as always there; jsdom has none
  globalThis.ResizeObserver ??= class {
    observe(): void {}
    unobserve(): void {}
    disconnect(): void {}
  };
});

const workflow: Workflow = {
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

describe('the configuration panels, loaded lazily', () => {
  it("opened before their code is there: a busy box in the panel's place, then the panel", async () => {
    const { container } = render(<WorkflowEditor defaultDefinition={workflow} />);
    fireEvent.click(await screen.findByRole('button', { name: 'Notify CRM' }));
    // The same commit as the click: the box, not yet the panel.
    const busy = container.querySelector('.wfe-panel[aria-busy="true"]');
    expect(busy).not.toBeNull();
    expect(screen.queryByRole('region', { name: 'Step configuration' })).toBeNull();
    const panel = await screen.findByRole('region', { name: 'Step configuration' });
    expect(await within(panel).findByRole('textbox', { name: 'URL' })).toBeTruthy();
    expect(container.querySelector('.wfe-panel[aria-busy="true"]')).toBeNull();
  });

  it('once loaded, open in the same commit as the click', async () => {
    render(<WorkflowEditor defaultDefinition={workflow} />);
    fireEvent.click(await screen.findByRole('button', { name: 'Notify CRM' }));
    expect(screen.getByRole('region', { name: 'Step configuration' })).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Trigger' }));
    const panel = screen.getByRole('region', { name: 'Step configuration' });
    expect(within(panel).getByRole('heading', { name: 'Trigger' })).toBeTruthy();
  });
});
