// ---------------------------------------------------------------------------
// A host's own widget in the configuration forms: a colour picker registered through the
// editor's `widgets` prop, used by a host action's uiSchema (`"ui:widget": "colour"`).
// ---------------------------------------------------------------------------

import { ariaDescribedByIds, type RegistryWidgetsType, type WidgetProps } from '@rjsf/utils';
import type { Meta, StoryObj } from '@storybook/react-vite';
import type { ReactElement } from 'react';
import { expect, fn, userEvent, waitFor, within } from 'storybook/test';
import { createActionCatalog, type ActionDefinition, type Workflow } from '../src/definition';
import { WorkflowEditor, type WorkflowEditorProps } from '../src/editor';
import { approveInquiryWorkflow } from './fixtures/workflows';
import { lastEmitted, type SpyLike } from './story-helpers';

/** The brand colours the host offers as swatches beside the browser's own picker. */
const SWATCHES = [
  { name: 'Rose', value: '#e11d48' },
  { name: 'Amber', value: '#d97706' },
  { name: 'Teal', value: '#0d9488' },
  { name: 'Indigo', value: '#4f46e5' },
];

/**
 * The host's widget: the browser's colour input, named by the field's label (its `id`),
 * and a swatch per brand colour. Any rjsf widget works: it gets `value` and `onChange`.
 */
function ColourWidget(props: WidgetProps): ReactElement {
  const { id, onChange, onBlur, onFocus, disabled, readonly } = props;
  const value: unknown = props.value;
  const colour = typeof value === 'string' ? value : '';
  return (
    <div style={{ display: 'flex', alignItems: 'center', gap: 8 }}>
      <input
        id={id}
        type="color"
        value={colour || '#000000'}
        disabled={disabled || readonly}
        aria-describedby={ariaDescribedByIds(id)}
        onChange={(event) => onChange(event.target.value)}
        onBlur={() => onBlur(id, value)}
        onFocus={() => onFocus(id, value)}
      />
      <div role="group" aria-label="Brand colours" style={{ display: 'flex', gap: 4 }}>
        {SWATCHES.map((swatch) => (
          <button
            key={swatch.value}
            type="button"
            aria-label={swatch.name}
            aria-pressed={colour === swatch.value}
            title={swatch.name}
            disabled={disabled || readonly}
            onClick={() => onChange(swatch.value)}
            style={{
              width: 24,
              height: 24,
              borderRadius: 4,
              background: swatch.value,
              border: colour === swatch.value ? '2px solid currentColor' : '1px solid transparent',
            }}
          />
        ))}
      </div>
      <output htmlFor={id}>{colour}</output>
    </div>
  );
}

/** The widgets the host registers, by the name its actions' uiSchemas use; a module constant, so it stays the same object. */
const hostWidgets: RegistryWidgetsType = { colour: ColourWidget };

/** A host action that labels an inquiry in the host's CRM with a colour picked by its own widget. */
const labelInquiryAction: ActionDefinition = {
  id: 'label_inquiry',
  label: 'Label inquiry',
  category: 'CRM',
  description: 'Give the inquiry a coloured label in your CRM.',
  keywords: ['label', 'tag', 'colour', 'color'],
  icon: 'tag',
  stepType: 'action',
  configSchema: {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    type: 'object',
    properties: {
      label: { type: 'string', title: 'Label', minLength: 1 },
      colour: { type: 'string', title: 'Colour', pattern: '^#[0-9a-fA-F]{6}$' },
    },
    required: ['label', 'colour'],
    additionalProperties: false,
  },
  uiSchema: {
    label: { 'ui:widget': 'reference' },
    colour: { 'ui:widget': 'colour' },
  },
  defaultConfig: { label: '', colour: '#4f46e5' },
};

const catalog = createActionCatalog([labelInquiryAction]);

/** The approve-inquiry workflow with a last step of the host's action. */
const workflow: Workflow = {
  ...approveInquiryWorkflow,
  steps: [
    ...approveInquiryWorkflow.steps,
    {
      id: 'label_approved',
      type: 'action',
      action: 'label_inquiry',
      name: 'Label as approved',
      config: { label: 'Approved', colour: '#4f46e5' },
    },
  ],
};

const meta = {
  title: 'Editor/HostWidgets',
  component: WorkflowEditor,
  args: {
    defaultDefinition: workflow,
    catalog,
    widgets: hostWidgets,
    onChange: fn(),
    onError: fn(),
    style: { height: '100vh' },
  },
} satisfies Meta<typeof WorkflowEditor>;

export default meta;
type Story = StoryObj<typeof meta>;

function spy(callback: WorkflowEditorProps['onChange']): SpyLike {
  return callback as unknown as SpyLike;
}

/**
 * "Label as approved" is open: its Colour field is the host's colour picker (the
 * browser's colour input and four brand swatches), and picking "Rose" wrote `#e11d48`
 * into the step's config.
 */
export const ColourPickerInStepPanel: Story = {
  play: async ({ canvasElement, args, step }) => {
    const canvas = within(canvasElement);
    const onChange = spy(args.onChange);

    await step("the host action's panel shows the host's widget for its Colour field", async () => {
      await userEvent.click(await canvas.findByRole('button', { name: 'Label as approved' }));
      const panel = within(await canvas.findByRole('region', { name: 'Step configuration' }));
      await expect(await panel.findByRole('heading', { name: 'Label inquiry' })).toBeVisible();
      // The field's label names the host's input: the widget gets the field's id.
      const colourInput = await panel.findByLabelText(/^Colour/);
      await expect(colourInput).toHaveAttribute('type', 'color');
      await expect(colourInput).toHaveValue('#4f46e5');
      await expect(panel.getByRole('button', { name: 'Indigo' })).toHaveAttribute('aria-pressed', 'true');
    });

    await step('picking a swatch changes the definition', async () => {
      const panel = within(canvas.getByRole('region', { name: 'Step configuration' }));
      await userEvent.click(panel.getByRole('button', { name: 'Rose' }));
      await waitFor(() => {
        const labelStep = lastEmitted(onChange).steps.find((candidate) => candidate.id === 'label_approved');
        return expect(labelStep).toMatchObject({ config: { label: 'Approved', colour: '#e11d48' } });
      });
      await expect(panel.getByLabelText(/^Colour/)).toHaveValue('#e11d48');
      await expect(panel.getByRole('button', { name: 'Rose' })).toHaveAttribute('aria-pressed', 'true');
      // The editor's own widgets still draw the other field.
      await expect(panel.getByRole('textbox', { name: 'Label' })).toBeVisible();
      await expect(args.onError).not.toHaveBeenCalled();
    });
  },
};
