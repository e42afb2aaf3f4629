import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect, fn, userEvent, waitFor, within } from 'storybook/test';
import { createActionCatalog } from '../src/definition';
import { WorkflowEditor } from '../src/editor';
import { approveInquiryWorkflow } from './fixtures/workflows';
import { findInsertButton, insertThroughPicker } from './story-helpers';

/**
 * A host action whose config holds lists: "Create invoice", with line items (objects
 * whose schema is titled "Line item") and tags (text, no title for an entry). Its panel,
 * generated from the schema, names the buttons after an entry: "Add line item", "Remove
 * line item 1"; a list whose entries have no name gets "Add to tags", "Remove entry 1", and its entries
 * "Entry 1" (read as "Tags Entry 1").
 */
const invoiceCatalog = createActionCatalog([
  {
    id: 'create_invoice',
    label: 'Create invoice',
    category: 'Billing',
    description: 'Create an invoice for the customer.',
    keywords: ['invoice', 'bill'],
    icon: 'box',
    configSchema: {
      type: 'object',
      required: ['customer', 'lineItems'],
      properties: {
        customer: { type: 'string', title: 'Customer', minLength: 1 },
        lineItems: {
          type: 'array',
          title: 'Line Items',
          items: {
            type: 'object',
            title: 'Line item',
            required: ['description', 'quantity'],
            properties: {
              description: { type: 'string', title: 'Description' },
              quantity: { type: 'integer', title: 'Quantity', minimum: 1 },
            },
          },
        },
        tags: { type: 'array', title: 'Tags', items: { type: 'string' } },
      },
    },
    defaultConfig: { customer: '{{ trigger.email }}', lineItems: [], tags: [] },
  },
]);

const meta = {
  title: 'Editor/Plugins/Lists',
  component: WorkflowEditor,
  args: { defaultDefinition: approveInquiryWorkflow, catalog: invoiceCatalog, onChange: fn() },
  parameters: { layout: 'fullscreen' },
} satisfies Meta<typeof WorkflowEditor>;

export default meta;
type Story = StoryObj<typeof meta>;

/** The play inserts "Create invoice" and adds a line item and a tag: the panel stays open with both lists. */
export const ButtonsNamedAfterAnEntry: Story = {
  render: (args) => (
    <div style={{ height: '100vh' }}>
      <WorkflowEditor {...args} />
    </div>
  ),
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await insertThroughPicker(
      canvasElement,
      await findInsertButton(canvasElement, 'after the trigger'),
      'Create invoice',
    );
    const panel = within(await canvas.findByRole('region', { name: 'Step configuration' }));
    await userEvent.click(await panel.findByRole('button', { name: 'Add line item' }));
    await expect(await panel.findByRole('button', { name: 'Remove line item 1' })).toBeVisible();
    await expect(panel.getByRole('spinbutton', { name: /^Quantity/ })).toBeVisible();
    await userEvent.click(panel.getByRole('button', { name: 'Add to tags' }));
    await waitFor(() => expect(panel.getByRole('button', { name: 'Remove entry 1' })).toBeVisible());
    // An entry without a title of its own: "Entry 1" beside it, the list's name for a screen reader.
    await expect(panel.getByRole('textbox', { name: 'Tags Entry 1' })).toHaveFocus();
    // Not the list's own name as if it were one entry.
    await expect(panel.queryByRole('button', { name: /^Add line items$/i })).toBeNull();
  },
};
