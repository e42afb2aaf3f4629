import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect, fn, userEvent, waitFor, within } from 'storybook/test';
import { createActionCatalog, type ActionStep } from '../src/definition';
import { WorkflowEditor } from '../src/editor';
import { approveInquiryWorkflow } from './fixtures/workflows';
import { findInsertButton, insertThroughPicker, lastEmitted } from './story-helpers';

/**
 * A host action whose config holds lists: "Create invoice", with line items (objects
 * whose schema is titled "Line item") and tags (text, no title for an entry). Its panel,
 * generated from the schema, names the buttons after an entry: "Add line item", "Remove
 * line item 1"; a list whose entries have no name gets "Add to tags" and "Remove tags
 * entry 1", and its entries "Entry 1" (read as "Tags Entry 1").
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
  {
    id: 'create_order',
    label: 'Create order',
    category: 'Billing',
    description: 'Create an order for the customer.',
    keywords: ['order'],
    icon: 'box',
    configSchema: {
      type: 'object',
      required: ['address'],
      properties: {
        channels: {
          type: 'array',
          title: 'Channels',
          uniqueItems: true,
          items: { type: 'string', enum: ['web', 'store', 'phone'] },
        },
        lines: {
          type: 'array',
          title: 'Order lines',
          items: {
            type: 'object',
            title: 'Order line',
            properties: {
              sku: { type: 'string', title: 'SKU' },
              quantity: { type: 'integer', title: 'Quantity' },
              note: { type: 'string', title: 'Note' },
            },
          },
        },
        parcels: {
          type: 'array',
          title: 'Parcels',
          items: {
            type: 'object',
            title: 'Parcel',
            properties: {
              length: { type: 'number', title: 'Length (cm)' },
              width: { type: 'number', title: 'Width (cm)' },
              height: { type: 'number', title: 'Height (cm)' },
              weight: { type: 'number', title: 'Weight (kg)' },
            },
          },
        },
        address: {
          type: 'object',
          title: 'Address',
          required: ['city'],
          properties: { city: { type: 'string', title: 'City' } },
        },
        gift: {
          type: 'object',
          title: 'Gift',
          required: ['message'],
          properties: { message: { type: 'string', title: 'Gift message' } },
        },
        priority: { type: 'integer', title: 'Priority', default: 3 },
        region: { type: 'string', title: 'Region', enum: ['eu', 'us', 'apac'] },
        // Choices without a "type": the form cannot tell which input to draw.
        tier: {
          title: 'Tier',
          oneOf: [
            { const: 'gold', title: 'Gold' },
            { const: 'silver', title: 'Silver' },
          ],
        },
      },
    },
    defaultConfig: { channels: [], lines: [], parcels: [], address: { city: '' } },
  },
]);

const meta = {
  title: 'Editor/Plugins/Lists',
  component: WorkflowEditor,
  args: { defaultDefinition: approveInquiryWorkflow, catalog: invoiceCatalog, onChange: fn() },
  parameters: { layout: 'fullscreen' },
  render: (args) => (
    <div style={{ height: '100vh' }}>
      <WorkflowEditor {...args} />
    </div>
  ),
} satisfies Meta<typeof WorkflowEditor>;

export default meta;
type Story = StoryObj<typeof meta>;

/** The play inserts "Create invoice" and adds a line item and a tag: the panel stays open with both lists. */
export const ButtonsNamedAfterAnEntry: Story = {
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
    // What must be filled in says so to assistive technology too: the required Customer, and
    // the required fields of an entry (it exists once added).
    await expect(panel.getByRole('textbox', { name: 'Customer' })).toHaveAttribute('aria-required', 'true');
    await expect(panel.getByRole('spinbutton', { name: /^Quantity/ })).toHaveAttribute('aria-required', 'true');
    await userEvent.click(panel.getByRole('button', { name: 'Add to tags' }));
    await waitFor(() => expect(panel.getByRole('button', { name: 'Remove tags entry 1' })).toBeVisible());
    // An entry without a title of its own: "Entry 1" beside it, the list's name for a screen reader.
    await expect(panel.getByRole('textbox', { name: 'Tags Entry 1' })).toHaveFocus();
    // An entry of a list of text is a value, not a required field.
    await expect(panel.getByRole('textbox', { name: 'Tags Entry 1' })).not.toHaveAttribute('aria-required');
    // Not the list's own name as if it were one entry.
    await expect(panel.queryByRole('button', { name: /^Add line items$/i })).toBeNull();
  },
};

/**
 * The play inserts "Create order", ticks two channels (a list of distinct choices is a
 * checkbox each, written as a list in the choices' order), and adds an order line (three
 * fields side by side under their headings) and a parcel (four fields, stacked, each
 * labelled); "Tier", whose schema gives no type, says so in words.
 */
export const ChoicesAndWideEntries: Story = {
  play: async ({ canvasElement, args }) => {
    const canvas = within(canvasElement);
    await insertThroughPicker(
      canvasElement,
      await findInsertButton(canvasElement, 'after the trigger'),
      'Create order',
    );
    const panel = within(await canvas.findByRole('region', { name: 'Step configuration' }));
    const channels = within(await panel.findByRole('group', { name: 'Channels' }));
    await userEvent.click(channels.getByRole('checkbox', { name: 'store' }));
    await userEvent.click(channels.getByRole('checkbox', { name: 'web' }));
    const onChange = args.onChange as ReturnType<typeof fn>;
    await waitFor(() =>
      expect((lastEmitted(onChange).steps[0] as ActionStep).config.channels).toEqual(['web', 'store']),
    );

    await userEvent.click(panel.getByRole('button', { name: 'Add order line' }));
    const line = (await panel.findByRole('button', { name: 'Remove order line 1' })).closest('.wfe-array-item')!;
    await expect(line.querySelector('.wfe-row')).toHaveAttribute('data-columns', '3');
    await expect(canvasElement.querySelector('.wfe-row--head[data-columns="3"]')).not.toBeNull();

    await userEvent.click(panel.getByRole('button', { name: 'Add parcel' }));
    const parcel = (await panel.findByRole('button', { name: 'Remove parcel 1' })).closest('.wfe-array-item')!;
    await expect(parcel.querySelector('.wfe-row--stacked')).not.toBeNull();
    const weightLabel = within(parcel as HTMLElement).getByText('Weight (kg)');
    await expect(getComputedStyle(weightLabel).position).toBe('static');

    // Required inside a required group: marked; inside an optional one (the gift may be left
    // out as a whole): not.
    const city = panel.getByRole('textbox', { name: 'City' });
    await expect(city).toHaveAttribute('aria-required', 'true');
    await expect(city.closest('.wfe-field')?.querySelector('.wfe-required')).not.toBeNull();
    const giftMessage = panel.getByRole('textbox', { name: 'Gift message' });
    await expect(giftMessage).not.toHaveAttribute('aria-required');
    await expect(giftMessage.closest('.wfe-field')?.querySelector('.wfe-required')).toBeNull();

    // A field at its default shows it; an optional choice not made reads as a dash.
    await expect(panel.getByRole('spinbutton', { name: 'Priority' })).toHaveAttribute('placeholder', '3');
    await expect(panel.getByRole('combobox', { name: 'Region' })).toHaveDisplayValue('—');

    // Recent rjsf cannot draw "Tier" (up to 6.4 it offers its options once one is chosen):
    // the form then says so in words (see the template), never rjsf's id and raw schema.
    await expect(panel.queryByText(/Unsupported field schema/)).toBeNull();
  },
};
