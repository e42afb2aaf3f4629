import type { Meta, StoryObj } from '@storybook/react-vite';
import { useRef, useState, type ReactElement } from 'react';
import { expect, fn, userEvent, waitFor, within } from 'storybook/test';
import { availableReferences, type ReferenceGroup, type ReferenceOption, type Workflow } from '../src/definition';
import { ReferencePicker } from '../src/editor/references/ReferencePicker';
import { approveInquiryWorkflow } from './fixtures/workflows';

/** What the approve step may reference: the trigger, "Notify CRM" (with a response schema) and secrets. */
const workflow: Workflow = {
  ...approveInquiryWorkflow,
  steps: [
    {
      id: 'notify_crm',
      type: 'action',
      action: 'https_request',
      name: 'Notify CRM',
      config: {
        url: 'https://crm.example.com/hooks/inquiries',
        method: 'POST',
        responseSchema: {
          type: 'object',
          properties: { crmId: { type: 'string' }, account: { type: 'object', properties: { owner: { type: 'string' } } } },
        },
      },
    },
    approveInquiryWorkflow.steps[1]!,
  ],
};
const groups: ReferenceGroup[] = availableReferences(workflow, 'approve', { secrets: ['crm_api_key'] });

function PickerDemo(props: {
  groups: readonly ReferenceGroup[];
  onSelect: (option: ReferenceOption) => void;
  onClose: (reason: 'escape' | 'outside') => void;
}): ReactElement {
  const [open, setOpen] = useState(false);
  const buttonRef = useRef<HTMLButtonElement>(null);
  return (
    <div style={{ padding: 32 }}>
      <button ref={buttonRef} type="button" onClick={() => setOpen(true)}>
        Insert reference
      </button>
      {open && (
        <ReferencePicker
          groups={props.groups}
          anchor={buttonRef.current}
          onSelect={(option) => {
            props.onSelect(option);
            setOpen(false);
          }}
          onClose={(reason) => {
            props.onClose(reason);
            setOpen(false);
            buttonRef.current?.focus();
          }}
        />
      )}
    </div>
  );
}

const meta = {
  title: 'Components/ReferencePicker',
  component: ReferencePicker,
  args: { groups, anchor: null, onSelect: fn(), onClose: fn() },
  decorators: [
    (Story) => (
      <div className="wfe-root" style={{ height: '100vh', background: 'var(--wfe-color-canvas)' }}>
        <Story />
      </div>
    ),
  ],
  render: (args) => <PickerDemo groups={args.groups} onSelect={args.onSelect} onClose={args.onClose} />,
} satisfies Meta<typeof ReferencePicker>;

export default meta;
type Story = StoryObj<typeof meta>;

async function open(canvasElement: HTMLElement): Promise<HTMLElement> {
  const canvas = within(canvasElement);
  await userEvent.click(canvas.getByRole('button', { name: 'Insert reference' }));
  return canvas.findByRole('dialog', { name: 'Insert reference' });
}

/** Trigger fields, an earlier step's response fields (nested), secrets; searchable, keyboard-driven. */
export const Default: Story = {
  play: async ({ canvasElement, args }) => {
    const canvas = within(canvasElement);
    const dialog = within(await open(canvasElement));
    const search = dialog.getByRole('combobox', { name: 'Search references' });
    await waitFor(() => expect(search).toHaveFocus());
    await expect(dialog.getByRole('group', { name: 'Trigger' })).toBeVisible();
    await expect(dialog.getByRole('group', { name: 'Notify CRM' })).toBeVisible();
    await expect(dialog.getByRole('group', { name: 'Secrets' })).toBeVisible();
    await expect(dialog.getByRole('option', { name: /\{\{ steps\.notify_crm\.output\.body\.account\.owner \}\}/ })).toBeVisible();

    // Search narrows by label and path.
    await userEvent.type(search, 'owner');
    await expect(dialog.getAllByRole('option')).toHaveLength(1);
    await userEvent.clear(search);
    await userEvent.type(search, 'crm_api');
    await expect(dialog.getByRole('option', { name: /secrets\.crm_api_key/ })).toBeVisible();
    await userEvent.clear(search);
    await userEvent.type(search, 'nothing-like-this');
    await expect(dialog.getByText('Nothing to reference here')).toBeVisible();

    // Arrow keys and Enter choose.
    await userEvent.clear(search);
    await userEvent.type(search, 'email');
    await userEvent.keyboard('{Enter}');
    await expect(args.onSelect).toHaveBeenCalledWith(expect.objectContaining({ insertText: '{{ trigger.email }}' }));
    await waitFor(() => expect(canvas.queryByRole('dialog', { name: 'Insert reference' })).toBeNull());

    // Escape closes.
    await open(canvasElement);
    await userEvent.keyboard('{Escape}');
    await waitFor(() => expect(canvas.queryByRole('dialog', { name: 'Insert reference' })).toBeNull());
    await expect(args.onClose).toHaveBeenCalledWith('escape');
    await expect(canvas.getByRole('button', { name: 'Insert reference' })).toHaveFocus();
  },
};

/** The first step of a workflow without payload schema or secrets: little to offer. */
export const FirstStep: Story = {
  args: {
    groups: availableReferences({ ...workflow, trigger: { event: 'inquiry.completed' } }, 'notify_crm'),
  },
  play: async ({ canvasElement }) => {
    const dialog = within(await open(canvasElement));
    await expect(dialog.queryByRole('group', { name: 'Notify CRM' })).toBeNull();
    await expect(dialog.queryByRole('group', { name: 'Secrets' })).toBeNull();
    await expect(dialog.getByRole('group', { name: 'Trigger' })).toBeVisible();
  },
};
