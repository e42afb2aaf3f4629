import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect, fn, userEvent, waitFor, within } from 'storybook/test';
import { WorkflowEditor } from '../src/editor';
import { approveInquiryWorkflow, hostSecrets } from './fixtures/workflows';
import { tabIntoCanvas } from './story-helpers';

/**
 * The canvas's tab stop follows a step whose id changes ("Step ID" in the panel, and its
 * undo and redo): the step's card keeps the tab stop, and keeps focus when it had it,
 * instead of the tab stop falling back to the "+" before the step.
 */
const meta = {
  title: 'Editor/Focus/Step ID change',
  component: WorkflowEditor,
  args: {
    defaultDefinition: approveInquiryWorkflow,
    onChange: fn(),
    secrets: hostSecrets,
    style: { height: '100vh' },
  },
} satisfies Meta<typeof WorkflowEditor>;

export default meta;
type Story = StoryObj<typeof meta>;

/** The canvas item that holds the tab stop (the one card or "+" in the page's tab order). */
function tabStopOf(canvasElement: HTMLElement): HTMLElement | null {
  return canvasElement.querySelector<HTMLElement>('.wfe-canvas [data-wfe-item][tabindex="0"]');
}

/**
 * "Notify CRM" gets the id `notify_sales` in its panel; the panel closes onto its card.
 * Undo (Ctrl+Z) and redo (Ctrl+Y) on the focused card change the id back and forth, and
 * the card keeps focus through both. The story ends with the id `notify_sales`, its card
 * focused.
 */
export const CardKeepsFocusWhenItsIdChanges: Story = {
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    const card = () => canvas.getByRole('button', { name: 'Notify CRM' });
    await canvas.findByRole('button', { name: 'Notify CRM' });
    await tabIntoCanvas(canvasElement);
    await userEvent.keyboard('{Home}');
    for (let presses = 0; presses < 10 && document.activeElement !== card(); presses++)
      await userEvent.keyboard('{ArrowDown}');
    await expect(card()).toHaveFocus();
    await userEvent.keyboard('{Enter}');

    const panel = within(await canvas.findByRole('region', { name: 'Step configuration' }));
    const stepIdField = panel.getByRole('textbox', { name: 'Step ID' });
    await userEvent.clear(stepIdField);
    await userEvent.type(stepIdField, 'notify_sales{Enter}');
    await waitFor(() => expect(card()).toHaveAttribute('data-wfe-item', 'step:notify_sales'));
    // The renamed card is still the canvas's tab stop.
    await waitFor(() => expect(tabStopOf(canvasElement)).toBe(card()));

    // The panel is drawn anew for the new id: its Close button is found again.
    const renamedPanel = within(canvas.getByRole('region', { name: 'Step configuration' }));
    await userEvent.click(renamedPanel.getByRole('button', { name: 'Close' }));
    await waitFor(() => expect(card()).toHaveFocus());

    // Undo and redo of the id change on the focused card: it keeps focus.
    await userEvent.keyboard('{Control>}z{/Control}');
    await waitFor(() => expect(card()).toHaveAttribute('data-wfe-item', 'step:notify_crm'));
    await waitFor(() => expect(card()).toHaveFocus());
    await userEvent.keyboard('{Control>}y{/Control}');
    await waitFor(() => expect(card()).toHaveAttribute('data-wfe-item', 'step:notify_sales'));
    await waitFor(() => expect(card()).toHaveFocus());
    await expect(tabStopOf(canvasElement)).toBe(card());
  },
};
