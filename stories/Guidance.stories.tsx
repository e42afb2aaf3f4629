import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect, fn, userEvent, waitFor, within } from 'storybook/test';
import type { Workflow } from '../src/definition';
import { WorkflowEditor } from '../src/editor';
import { approveInquiryWorkflow, emptyWorkflowFixture } from './fixtures/workflows';
import { findInsertButton, insertButtons, type Canvas } from './story-helpers';

/**
 * Where the editor says what to do next instead of leaving a person at a dead end: the
 * empty canvas, a reference picker with little to offer, the secret choice, and a
 * "Publish" that cannot go ahead. Every story is the whole editor with the real action
 * picker behind "+".
 */
const meta = {
  title: 'Editor/Guidance',
  component: WorkflowEditor,
  args: {
    onChange: fn(),
    onSave: fn(),
    onPublish: fn(),
    style: { height: '100vh' },
  },
} satisfies Meta<typeof WorkflowEditor>;

export default meta;
type Story = StoryObj<typeof meta>;

/** A trigger without a payload schema and one HTTPS step, the first. */
const noPayloadSchemaWorkflow: Workflow = {
  ...approveInquiryWorkflow,
  id: 'no_payload_schema',
  trigger: { event: 'inquiry.completed' },
  steps: [approveInquiryWorkflow.steps[0]!],
};

async function openStepPanel(canvasElement: HTMLElement, stepName: string) {
  const canvas = within(canvasElement);
  await userEvent.click(await canvas.findByRole('button', { name: stepName }));
  const panel = within(await canvas.findByRole('region', { name: 'Step configuration' }));
  await waitFor(() => expect(panel.getByRole('textbox', { name: 'Step name' })).toHaveValue(stepName));
  return panel;
}

/** Opens "Insert reference" beside the panel's field `field` and returns the picker. */
async function openReferences(canvasElement: HTMLElement, panel: Canvas, field: string | RegExp = 'URL') {
  const input = panel.getByRole('textbox', { name: field });
  await userEvent.click(
    within(input.closest('.wfe-field') as HTMLElement).getByRole('button', { name: 'Insert reference' }),
  );
  return within(await within(canvasElement).findByRole('dialog', { name: 'Insert reference' }));
}

/**
 * An empty workflow: its only "+" says "Add the first step" beside it. The button keeps
 * its name "Add step" and its description "after the trigger"; clicking the words opens
 * the action picker like the "+" does (closed again, so the workflow stays empty).
 */
export const EmptyCanvasInvitesFirstStep: Story = {
  args: { defaultDefinition: emptyWorkflowFixture },
  play: async ({ canvasElement, args }) => {
    const canvas = within(canvasElement);
    const plus = await findInsertButton(canvasElement, 'after the trigger');
    await expect(insertButtons(canvasElement)).toHaveLength(1);
    const hint = canvas.getByText('Add the first step');
    await expect(hint).toBeVisible();
    // Beside the "+", not hidden behind it.
    const plusBox = plus.getBoundingClientRect();
    const hintBox = hint.getBoundingClientRect();
    await expect(hintBox.left).toBeGreaterThanOrEqual(plusBox.right);

    await userEvent.click(hint);
    const picker = await canvas.findByRole('dialog', { name: 'Find action' });
    await waitFor(() => expect(within(picker).getByRole('combobox', { name: 'Find action' })).toHaveFocus());
    await userEvent.keyboard('{Escape}');
    await waitFor(() => expect(canvas.queryByRole('dialog', { name: 'Find action' })).toBeNull());
    await expect(args.onChange).not.toHaveBeenCalled();
    await expect(canvas.getByText('Add the first step')).toBeVisible();
  },
};

/** With a step the words go: only an empty workflow needs them. */
export const WorkflowWithStepsHasNoFirstStepHint: Story = {
  args: { defaultDefinition: approveInquiryWorkflow },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await findInsertButton(canvasElement, 'after the trigger');
    await expect(canvas.queryByText('Add the first step')).toBeNull();
  },
};

/**
 * The first step of a workflow whose trigger has no payload schema, and a host without
 * secrets. Its reference picker says why there are no trigger fields, earlier outputs or
 * secrets, and "Open trigger settings" takes the person to the trigger's panel.
 */
export const ReferencesWithoutTriggerSchema: Story = {
  args: { defaultDefinition: noPayloadSchemaWorkflow },
  play: async ({ canvasElement, step }) => {
    const canvas = within(canvasElement);
    const panel = await openStepPanel(canvasElement, 'Notify CRM');
    const picker = await openReferences(canvasElement, panel);

    await step('the picker says what is missing and why', async () => {
      await expect(
        picker.getByText(
          "The trigger has no payload schema yet, so there are no trigger fields to insert. Add one in the trigger's settings.",
        ),
      ).toBeVisible();
      await expect(picker.getByText(/No step before this one has outputs yet/)).toBeVisible();
      await expect(
        picker.getByText('Secrets are provided by the app you are using; none are available here.'),
      ).toBeVisible();
      // The notes are not references: search and the arrow keys never reach them.
      await userEvent.type(picker.getByRole('combobox', { name: 'Search references' }), 'payload schema');
      await expect(picker.getByText('Nothing to reference here')).toBeVisible();
      await expect(picker.queryAllByRole('option')).toHaveLength(0);
    });

    await step('"Open trigger settings" opens the trigger panel', async () => {
      await userEvent.click(picker.getByRole('button', { name: 'Open trigger settings' }));
      await waitFor(() => expect(canvas.queryByRole('dialog', { name: 'Insert reference' })).toBeNull());
      const triggerPanel = within(await canvas.findByRole('region', { name: 'Step configuration' }));
      await expect(await triggerPanel.findByRole('heading', { name: 'Trigger' })).toBeVisible();
      // The payload's field list is loaded lazily: wait for it to be drawn.
      await expect(await triggerPanel.findByText('Payload Schema')).toBeVisible();
      await expect(canvas.getByRole('button', { name: 'Trigger' })).toHaveAttribute('aria-pressed', 'true');
    });
  },
};

/**
 * A trigger with a payload schema and host secrets: the first step's picker only says
 * there are no earlier steps; the second step's picker explains nothing, as nothing is missing.
 */
export const ReferencesAtFirstAndSecondStep: Story = {
  args: { defaultDefinition: approveInquiryWorkflow, secrets: ['crm_api_key'] },
  play: async ({ canvasElement, step }) => {
    const canvas = within(canvasElement);
    await step('first step: no earlier steps, said so', async () => {
      const panel = await openStepPanel(canvasElement, 'Notify CRM');
      const picker = await openReferences(canvasElement, panel);
      await expect(picker.getByRole('group', { name: 'Trigger' })).toBeVisible();
      await expect(picker.getByText(/No step before this one has outputs yet/)).toBeVisible();
      await expect(picker.queryByText(/payload schema/)).toBeNull();
      await expect(picker.queryByRole('button', { name: 'Open trigger settings' })).toBeNull();
      await expect(picker.queryByText(/none are available here/)).toBeNull();
      await userEvent.keyboard('{Escape}');
      await waitFor(() => expect(canvas.queryByRole('dialog', { name: 'Insert reference' })).toBeNull());
    });
    await step('second step: nothing missing, nothing explained', async () => {
      const panel = await openStepPanel(canvasElement, 'Approve inquiry');
      const picker = await openReferences(canvasElement, panel, /^Inquiry ID/);
      await expect(picker.getByRole('group', { name: 'Notify CRM' })).toBeVisible();
      await expect(picker.queryByText(/No step before this one/)).toBeNull();
      await expect(picker.queryByText(/payload schema/)).toBeNull();
      await expect(picker.queryByText(/Secrets are provided/)).toBeNull();
      await userEvent.keyboard('{Escape}');
      await waitFor(() => expect(canvas.queryByRole('dialog', { name: 'Insert reference' })).toBeNull());
    });
  },
};

/** "Signing Secret" when the host offers no secrets: only "None", and a line saying why. */
export const SigningSecretWithoutHostSecrets: Story = {
  args: { defaultDefinition: approveInquiryWorkflow },
  play: async ({ canvasElement }) => {
    const panel = await openStepPanel(canvasElement, 'Notify CRM');
    await userEvent.click(panel.getByRole('button', { name: 'Advanced Configuration' }));
    const select = panel.getByRole('combobox', { name: 'Signing Secret' });
    await expect(
      within(select)
        .getAllByRole('option')
        .map((option) => option.textContent),
    ).toEqual(['None']);
    await expect(select).toHaveAccessibleDescription(
      /Secrets are provided by the app you are using; none are available here\./,
    );
    await expect(
      panel.getByText('Secrets are provided by the app you are using; none are available here.'),
    ).toBeVisible();
  },
};

/** "Signing Secret" with the host's secrets listed, and the neutral line on where they come from. */
export const SigningSecretWithHostSecrets: Story = {
  args: { defaultDefinition: approveInquiryWorkflow, secrets: ['crm_api_key', 'crm_signing_secret'] },
  play: async ({ canvasElement }) => {
    const panel = await openStepPanel(canvasElement, 'Notify CRM');
    await userEvent.click(panel.getByRole('button', { name: 'Advanced Configuration' }));
    const select = panel.getByRole('combobox', { name: 'Signing Secret' });
    await expect(
      within(select)
        .getAllByRole('option')
        .map((option) => option.textContent),
    ).toEqual(['None', 'crm_api_key', 'crm_signing_secret']);
    await expect(select).toHaveAccessibleDescription(/Secrets are provided by the app you are using\.$/);
  },
};

/**
 * "Publish" on a workflow without steps publishes nothing: the toolbar counts one problem
 * and lists it, "Add at least one step". The workflow stays empty.
 */
export const PublishEmptyWorkflowIsBlocked: Story = {
  args: { defaultDefinition: emptyWorkflowFixture, onPublish: fn() },
  play: async ({ canvasElement, args }) => {
    const canvas = within(canvasElement);
    await findInsertButton(canvasElement, 'after the trigger');
    await userEvent.click(canvas.getByRole('button', { name: 'Publish' }));
    await expect(args.onPublish).not.toHaveBeenCalled();
    await expect(
      within(canvas.getByRole('toolbar', { name: 'Workflow toolbar' })).getByRole('status'),
    ).toHaveTextContent('Fix 1 problem before publishing.');
    const alert = await canvas.findByRole('alert');
    await expect(within(alert).getByRole('listitem')).toHaveTextContent('Add at least one step');
    // Not a validation problem of the definition: the problems list has nothing to add.
    await expect(canvas.queryByRole('region', { name: 'Problems' })).toBeNull();
    await expect(args.onChange).not.toHaveBeenCalled();
  },
};
