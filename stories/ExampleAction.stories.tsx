import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect, fn, userEvent, waitFor, within } from 'storybook/test';
import { WorkflowEditor } from '../src/editor';
import { exampleCatalog } from './fixtures/example-action';
import { approveInquiryWorkflow } from './fixtures/workflows';
import { findInsertButton, insertThroughPicker, lastEmitted } from './story-helpers';

/**
 * An action added as one file (stories/fixtures/example-action.ts, docs/actions.md):
 * "Send SMS", registered in `exampleCatalog` and nowhere else. The picker offers it, its
 * panel is generated from its schemas, and its own rule (a phone number written out must
 * be one) shows at the field.
 */
const meta = {
  title: 'Editor/Plugins/ExampleAction',
  component: WorkflowEditor,
  args: { defaultDefinition: approveInquiryWorkflow, catalog: exampleCatalog, onChange: fn() },
  parameters: { layout: 'fullscreen' },
} satisfies Meta<typeof WorkflowEditor>;

export default meta;
type Story = StoryObj<typeof meta>;

/** The play inserts "Send SMS" through the picker and leaves its panel open, showing its fields and its rule. */
export const InsertedThroughThePicker: Story = {
  render: (args) => (
    <div style={{ height: '100vh' }}>
      <WorkflowEditor {...args} />
    </div>
  ),
  play: async ({ canvasElement, args }) => {
    const canvas = within(canvasElement);
    await insertThroughPicker(canvasElement, await findInsertButton(canvasElement, 'after the trigger'), 'Send SMS');
    const onChange = args.onChange as ReturnType<typeof fn>;
    await waitFor(() => expect(onChange).toHaveBeenCalled());
    const emitted = lastEmitted(onChange);
    await expect(emitted.steps[0]).toMatchObject({
      type: 'action',
      action: 'send_sms',
      config: { to: '{{ trigger.phone }}', message: '' },
    });
    const panel = await canvas.findByRole('region', { name: 'Step configuration' });
    await expect(within(panel).getByRole('heading', { name: 'Send SMS' })).toBeVisible();
    const to = await within(panel).findByRole('textbox', { name: /^To/ });
    await expect(to).toBeVisible();
    await expect(within(panel).getByRole('textbox', { name: /^Message/ })).toBeVisible();
    // Its own rule, in words, beside the field.
    await userEvent.clear(to);
    await userEvent.type(to, '555-1234');
    // Problems show once a field is left.
    await userEvent.tab();
    await waitFor(() =>
      expect(to.closest('.wfe-field')?.querySelector('.wfe-field-errors')?.textContent ?? '').toMatch(
        /must be a phone number in international form/,
      ),
    );
  },
};
