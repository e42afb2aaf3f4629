import type { Meta, StoryObj } from '@storybook/react-vite';
import type { ReactElement } from 'react';
import { expect, fn, userEvent, waitFor, within } from 'storybook/test';
import type { JsonSchema, Workflow } from '../src/definition';
import { TriggerPanel, type TriggerPanelProps } from '../src/editor/panel/TriggerPanel';
import { Toolbar } from '../src/editor/toolbar/Toolbar';
import { WorkflowEditorProvider } from '../src/editor/WorkflowEditorProvider';
import { codeText } from './fixtures/code-field';
import { approveInquiryWorkflow } from './fixtures/workflows';
import { EditorBodyFrame } from './story-frames';
import { lastEmitted, type SpyLike } from './story-helpers';

interface TriggerPayloadStoryArgs extends TriggerPanelProps {
  definition: Workflow;
  onChange: (definition: Workflow) => void;
}

/** The trigger's panel beside the workflow, as a person opens it from the trigger card. */
function renderTriggerPanel({ definition, onChange, ...panelProps }: TriggerPayloadStoryArgs): ReactElement {
  return (
    <WorkflowEditorProvider defaultDefinition={definition} onChange={onChange}>
      <EditorBodyFrame top={<Toolbar />} beside={<TriggerPanel {...panelProps} />} />
    </WorkflowEditorProvider>
  );
}

const withoutPayloadSchema: Workflow = {
  ...structuredClone(approveInquiryWorkflow),
  trigger: { event: 'inquiry.completed' },
};

/** A schema a field list cannot say: a nested object and a description. */
const nestedPayloadSchema: JsonSchema = {
  type: 'object',
  properties: {
    inquiryId: { type: 'string', description: 'The inquiry that was completed.' },
    account: { type: 'object', properties: { id: { type: 'string' }, plan: { type: 'string' } } },
  },
  required: ['inquiryId'],
};

const withNestedPayloadSchema: Workflow = {
  ...structuredClone(approveInquiryWorkflow),
  trigger: { event: 'inquiry.completed', payloadSchema: structuredClone(nestedPayloadSchema) },
};

/**
 * The trigger's payload schema as a list of fields (name, type, required): the simple way
 * to say what the event carries, with "from sample" and the JSON Schema text as the
 * advanced view.
 */
const meta: Meta<TriggerPayloadStoryArgs> = {
  title: 'Components/TriggerPayload',
  component: TriggerPanel,
  tags: ['autodocs'],
  parameters: { layout: 'fullscreen' },
  args: { definition: withoutPayloadSchema, onChange: fn() },
  render: renderTriggerPanel,
};
export default meta;

type Story = StoryObj<TriggerPayloadStoryArgs>;

/** The payload schema of the definition the editor last emitted. */
function lastPayloadSchema(args: TriggerPayloadStoryArgs): unknown {
  return lastEmitted(args.onChange as unknown as SpyLike).trigger.payloadSchema;
}

function triggerPanel(canvasElement: HTMLElement) {
  return within(within(canvasElement).getByRole('region', { name: 'Step configuration' }));
}

/** A trigger without a payload schema: an empty field list; the play builds three fields by keyboard. */
export const BuildFromFieldList: Story = {
  play: async ({ canvasElement, args, step }) => {
    const panel = triggerPanel(canvasElement);
    const list = within(await panel.findByRole('group', { name: 'Payload Schema' }));
    const addField = list.getByRole('button', { name: 'Add field' });

    const fields = [
      { name: 'inquiryId', type: 'string', required: true },
      { name: 'score', type: 'number', required: false },
      { name: 'approved', type: 'boolean', required: true },
    ];
    addField.focus();
    for (const [index, field] of fields.entries()) {
      await step(`field ${index + 1}: ${field.name}`, async () => {
        // "Add field" is where the keyboard is: after the last row's remove button.
        await expect(addField).toHaveFocus();
        await userEvent.keyboard('{Enter}');
        const row = within(list.getByRole('group', { name: `Field ${index + 1}` }));
        const name = row.getByRole('textbox', { name: 'Field name' });
        await waitFor(() => expect(name).toHaveFocus());
        await userEvent.keyboard(field.name);
        await userEvent.tab();
        const type = row.getByRole('combobox', { name: 'Type' });
        await expect(type).toHaveFocus();
        await userEvent.selectOptions(type, field.type);
        await userEvent.tab();
        await expect(row.getByRole('checkbox', { name: 'Required' })).toHaveFocus();
        if (field.required) await userEvent.keyboard(' ');
        await userEvent.tab();
        await expect(row.getByRole('button', { name: `Remove field ${index + 1}` })).toHaveFocus();
        await userEvent.tab();
      });
    }

    await waitFor(() =>
      expect(lastPayloadSchema(args)).toEqual({
        type: 'object',
        properties: { inquiryId: { type: 'string' }, score: { type: 'number' }, approved: { type: 'boolean' } },
        required: ['inquiryId', 'approved'],
      }),
    );

    await step('the JSON Schema view shows the same schema, and leads back', async () => {
      await userEvent.click(list.getByRole('button', { name: 'Edit as JSON Schema' }));
      const text = await panel.findByRole('textbox', { name: 'Payload Schema' });
      await expect(JSON.parse(codeText(text))).toEqual(lastPayloadSchema(args));
      await userEvent.click(panel.getByRole('button', { name: 'Edit as field list' }));
      const rows = within(await panel.findByRole('group', { name: 'Payload Schema' })).getAllByRole('textbox', {
        name: 'Field name',
      });
      await expect(rows.map((input) => (input as HTMLInputElement).value)).toEqual(['inquiryId', 'score', 'approved']);
    });
  },
};

/** An empty name is flagged on its row once left; a repeated name is flagged at once. Neither goes into the schema. */
export const RowsWithoutAUsableName: Story = {
  play: async ({ canvasElement, args }) => {
    const list = within(await triggerPanel(canvasElement).findByRole('group', { name: 'Payload Schema' }));
    await userEvent.click(list.getByRole('button', { name: 'Add field' }));
    await userEvent.keyboard('inquiryId');
    await userEvent.click(list.getByRole('button', { name: 'Add field' }));
    await userEvent.keyboard('inquiryId');
    const second = within(list.getByRole('group', { name: 'Field 2' }));
    await expect(second.getByText('Another field already has this name.')).toBeVisible();
    await expect(second.getByRole('textbox', { name: 'Field name' })).toHaveAttribute('aria-invalid', 'true');
    await userEvent.click(list.getByRole('button', { name: 'Add field' }));
    await userEvent.tab();
    await expect(within(list.getByRole('group', { name: 'Field 3' })).getByText('Enter a field name.')).toBeVisible();
    await expect(lastPayloadSchema(args)).toEqual({ type: 'object', properties: { inquiryId: { type: 'string' } } });
  },
};

/**
 * The payload fields of the approve-inquiry workflow as a list. Removing a row keeps focus
 * in the list, and the editor's Undo (Ctrl+Z in the list too) brings the field back.
 */
export const RemoveAndUndo: Story = {
  args: { definition: approveInquiryWorkflow },
  play: async ({ canvasElement, args }) => {
    const list = within(await triggerPanel(canvasElement).findByRole('group', { name: 'Payload Schema' }));
    const names = () =>
      list.getAllByRole('textbox', { name: 'Field name' }).map((input) => (input as HTMLInputElement).value);
    await expect(names()).toEqual(['inquiryId', 'email', 'country']);
    await userEvent.click(list.getByRole('button', { name: 'Remove field 2' }));
    await waitFor(() => expect(names()).toEqual(['inquiryId', 'country']));
    await waitFor(() => expect(list.getByRole('button', { name: 'Remove field 2' })).toHaveFocus());
    await expect(Object.keys((lastPayloadSchema(args) as { properties: object }).properties)).toEqual([
      'inquiryId',
      'country',
    ]);
    await userEvent.keyboard('{Control>}z{/Control}');
    await waitFor(() => expect(names()).toEqual(['inquiryId', 'email', 'country']));
    await expect(lastPayloadSchema(args)).toEqual(approveInquiryWorkflow.trigger.payloadSchema);
  },
};

/** A schema with nested fields and descriptions opens as JSON Schema text and says why. */
export const ComplexSchemaOpensAsJson: Story = {
  args: { definition: withNestedPayloadSchema },
  play: async ({ canvasElement }) => {
    const panel = triggerPanel(canvasElement);
    const text = await panel.findByRole('textbox', { name: 'Payload Schema' });
    await expect(JSON.parse(codeText(text))).toEqual(nestedPayloadSchema);
    await expect(panel.getByText(/says more than a field list can/)).toBeVisible();
    await expect(panel.queryByRole('button', { name: 'Add field' })).toBeNull();
    await expect(panel.queryByRole('button', { name: 'Edit as field list' })).toBeNull();
  },
};
