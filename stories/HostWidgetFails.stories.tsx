// ---------------------------------------------------------------------------
// A host action whose panel cannot be rendered, inside the whole editor: the failure
// stays in that step's panel, and the canvas, the other steps' panels, the picker and
// Undo keep working.
// ---------------------------------------------------------------------------

import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect, fn, userEvent, waitFor, within } from 'storybook/test';
import { createActionCatalog, type ActionDefinition, type Workflow } from '../src/definition';
import { WorkflowEditor, type WorkflowEditorProps } from '../src/editor';
import { postToSlackAction } from './fixtures/catalogs';
import { approveInquiryWorkflow } from './fixtures/workflows';
import { findInsertButton, lastEmitted, type SpyLike } from './story-helpers';

/**
 * A host's own action whose uiSchema asks for a "phoneNumber" widget the editor does not
 * have (the host forgot to ship it): the form cannot be rendered.
 */
const sendSmsAction: ActionDefinition = {
  id: 'send_sms',
  label: 'Send SMS',
  category: 'Communication',
  description: 'Text a customer on their mobile phone.',
  keywords: ['sms', 'text', 'phone'],
  icon: 'mail',
  stepType: 'action',
  configSchema: {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    type: 'object',
    properties: {
      to: { type: 'string', title: 'Phone number' },
      message: { type: 'string', title: 'Message', minLength: 1 },
    },
    required: ['to', 'message'],
    additionalProperties: false,
  },
  uiSchema: {
    to: { 'ui:widget': 'phoneNumber' },
    message: { 'ui:widget': 'reference', 'ui:options': { multiline: true } },
  },
  defaultConfig: { to: '', message: '' },
};

const catalog = createActionCatalog([postToSlackAction, sendSmsAction]);

/** The approve-inquiry workflow with a last step of the broken host action. */
const workflow: Workflow = {
  ...approveInquiryWorkflow,
  steps: [
    ...approveInquiryWorkflow.steps,
    {
      id: 'text_customer',
      type: 'action',
      action: 'send_sms',
      name: 'Text the customer',
      config: { to: '+1 555 0100', message: 'Your inquiry {{ trigger.inquiryId }} is approved.' },
    },
  ],
};

const meta = {
  title: 'Editor/WorkflowEditor/HostWidgetFails',
  component: WorkflowEditor,
  args: {
    defaultDefinition: workflow,
    catalog,
    onChange: fn(),
    onError: fn(),
    onSave: fn(),
    onPublish: fn(),
    style: { height: '100vh' },
  },
} satisfies Meta<typeof WorkflowEditor>;

export default meta;
type Story = StoryObj<typeof meta>;

function spy(callback: WorkflowEditorProps['onChange'] | WorkflowEditorProps['onError']): SpyLike {
  return callback as unknown as SpyLike;
}

/**
 * "Text the customer" is selected: its panel says its settings could not be shown (with
 * "Try again" and the error behind "Details") while the step name, the canvas, the other
 * steps' panels, the action picker and Undo all still work, and the workflow is unchanged.
 */
export const HostWidgetFails: Story = {
  play: async ({ canvasElement, args, step }) => {
    const canvas = within(canvasElement);
    const onChange = spy(args.onChange);
    const onError = args.onError as unknown as ReturnType<typeof fn>;

    await step('opening the broken step shows the failure in its panel only', async () => {
      await userEvent.click(await canvas.findByRole('button', { name: 'Text the customer' }));
      const panel = within(await canvas.findByRole('region', { name: 'Step configuration' }));
      const alert = await panel.findByRole('alert');
      await expect(alert).toHaveTextContent("This step's settings could not be shown.");
      await expect(within(alert).getByRole('button', { name: 'Try again' })).toBeVisible();
      // The panel's frame around the form still works.
      await expect(panel.getByRole('heading', { name: 'Send SMS' })).toBeVisible();
      await expect(panel.getByRole('textbox', { name: 'Step name' })).toHaveValue('Text the customer');
      await expect(onError).toHaveBeenCalledWith(expect.any(Error), { area: 'panel', stepId: 'text_customer' });
      // "Try again" renders the form again; it fails again, and says so again.
      await userEvent.click(within(alert).getByRole('button', { name: 'Try again' }));
      await expect(await panel.findByRole('alert')).toHaveTextContent("This step's settings could not be shown.");
    });

    await step("another step's panel opens as usual", async () => {
      await userEvent.click(canvas.getByRole('button', { name: 'Notify CRM' }));
      const panel = within(await canvas.findByRole('region', { name: 'Step configuration' }));
      await expect(await panel.findByRole('textbox', { name: 'URL' })).toHaveValue(
        'https://crm.example.com/hooks/inquiries',
      );
      await expect(panel.queryByRole('alert')).toBeNull();
    });

    await step('the canvas and the picker insert a step, and Undo takes it out', async () => {
      await userEvent.click(await findInsertButton(canvasElement, 'after Text the customer'));
      const picker = await canvas.findByRole('dialog', { name: 'Find action' });
      await userEvent.click(within(picker).getByRole('option', { name: /Send Email/ }));
      await waitFor(() =>
        expect(lastEmitted(onChange).steps.map((s) => s.id)).toEqual([
          ...workflow.steps.map((s) => s.id),
          'send_email',
        ]),
      );
      await userEvent.click(canvas.getByRole('button', { name: 'Undo' }));
      await waitFor(() => expect(lastEmitted(onChange)).toEqual(workflow));
    });

    await step('back on the broken step: the failure is shown, the workflow is as it was', async () => {
      await userEvent.click(canvas.getByRole('button', { name: 'Text the customer' }));
      const panel = within(await canvas.findByRole('region', { name: 'Step configuration' }));
      const alert = await panel.findByRole('alert');
      await expect(alert).toHaveTextContent("This step's settings could not be shown.");
      // What a developer needs, one click away: the error's message, never a stack.
      await userEvent.click(within(alert).getByText('Details'));
      await expect(within(alert).getByText(/No widget 'phoneNumber'/)).toBeVisible();
      await expect(alert).not.toHaveTextContent(/\.tsx?:\d+|at \S+ \(/);
      await expect(lastEmitted(onChange)).toEqual(workflow);
    });
  },
};
