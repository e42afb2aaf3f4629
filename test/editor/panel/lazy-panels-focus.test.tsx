// @vitest-environment jsdom
// A panel asked for from the keyboard before its code is there takes focus only from
// where it was asked: if the person moves focus while the panel loads, focus stays where
// they put it once the panel comes. The panels' chunk is held back until the test lets it
// load (a file of its own: the first panel of a file is the only cold one).
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
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

describe('focus asked for while a panel loads', () => {
  it('stays where the person moved it meanwhile', async () => {
    render(<WorkflowEditor defaultDefinition={lazyPanelsWorkflow} />);
    const card = await screen.findByRole('button', { name: 'Notify CRM' });
    card.focus();
    fireEvent.keyDown(card, { key: 'Enter' });
    // The person goes to the toolbar before the panel is there.
    const exportButton = screen.getByRole('button', { name: 'Export JSON' });
    exportButton.focus();

    await act(async () => releasePanels());
    await screen.findByRole('textbox', { name: 'Step name' });
    // Frames for the panel to have tried, had it still been asked to.
    await act(() => new Promise((resolve) => setTimeout(resolve, 100)));
    expect(document.activeElement).toBe(exportButton);
  });
});
