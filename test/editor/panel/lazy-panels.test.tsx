// @vitest-environment jsdom
// The configuration panels load apart from the editor's initial code. A panel opened
// before its code is there is an empty, busy box in the panel's place (so the canvas
// beside it is laid out as it will be), then the panel itself; focus asked for from the
// keyboard goes into the panel once it comes. The panels' chunk is held back here until
// the test lets it load, so the first panel of this file opens cold, whatever preloads it.
import { act, cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { WorkflowEditor } from '../../../src/editor/WorkflowEditor';
import { lazyPanelsWorkflow, prepareColdPanels, releasePanels } from './lazy-panels-fixtures';

vi.mock('../../../src/editor/panel/panels', async (importOriginal) => {
  const { panelsReleased } = await import('./lazy-panels-fixtures');
  await panelsReleased;
  return importOriginal();
});

afterEach(cleanup);

beforeAll(prepareColdPanels);

describe('the configuration panels, loaded lazily', () => {
  it("opened before their code is there: a busy box in the panel's place, then the panel, with focus asked from the keyboard", async () => {
    const { container } = render(<WorkflowEditor defaultDefinition={lazyPanelsWorkflow} />);
    const card = await screen.findByRole('button', { name: 'Notify CRM' });
    card.focus();
    fireEvent.keyDown(card, { key: 'Enter' });
    expect(container.querySelector('.wfe-panel[aria-busy="true"]')).not.toBeNull();
    expect(screen.queryByRole('region', { name: 'Step configuration' })).toBeNull();

    await act(async () => releasePanels());
    // Released, the panels' modules are imported for the first time in this file, which
    // transforms them then: over testing-library's 1 s default on a loaded machine.
    const panel = await screen.findByRole('region', { name: 'Step configuration' }, { timeout: 10_000 });
    const stepName = await within(panel).findByRole('textbox', { name: 'Step name' });
    expect(container.querySelector('.wfe-panel[aria-busy="true"]')).toBeNull();
    // Focus went with the person into the panel, as it does when the code is there already.
    await vi.waitFor(() => expect(panel.contains(document.activeElement)).toBe(true));
    expect(stepName).toBeTruthy();
  });

  it('once loaded, open in the same commit as the click', async () => {
    render(<WorkflowEditor defaultDefinition={lazyPanelsWorkflow} />);
    fireEvent.click(await screen.findByRole('button', { name: 'Notify CRM' }));
    expect(screen.getByRole('region', { name: 'Step configuration' })).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Trigger' }));
    const panel = screen.getByRole('region', { name: 'Step configuration' });
    expect(within(panel).getByRole('heading', { name: 'Trigger' })).toBeTruthy();
  });
});
