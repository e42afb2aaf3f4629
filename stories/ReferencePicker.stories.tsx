import type { Meta, StoryObj } from '@storybook/react-vite';
import { useId, useRef, useState, type ReactElement } from 'react';
import { expect, fn, userEvent, waitFor, within } from 'storybook/test';
import { availableReferences, type ReferenceGroup, type ReferenceOption, type Workflow } from '../src/definition';
import { ReferencePicker } from '../src/editor/references/ReferencePicker';
import { WorkflowEditorProvider } from '../src/editor/WorkflowEditorProvider';
import { approveInquiryWorkflow } from './fixtures/workflows';
import { EditorBodyFrame } from './story-frames';

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
          properties: {
            crmId: { type: 'string' },
            account: { type: 'object', properties: { owner: { type: 'string' } } },
          },
        },
      },
    },
    approveInquiryWorkflow.steps[1]!,
  ],
};
const groups: ReferenceGroup[] = availableReferences(workflow, 'approve', { secrets: ['crm_api_key'] });

/**
 * The picker where a person meets it: open beside the "Insert reference" button of the
 * approve step's "Inquiry ID" field, in a panel beside the workflow's canvas. Choosing
 * inserts the reference at the field's caret; Escape gives focus back to the field.
 */
function PickerBesideField(props: {
  groups: readonly ReferenceGroup[];
  onSelect: (option: ReferenceOption) => void;
  onClose: (reason: 'escape' | 'outside') => void;
}): ReactElement {
  const [open, setOpen] = useState(true);
  const [value, setValue] = useState('');
  const [button, setButton] = useState<HTMLButtonElement | null>(null);
  const inputRef = useRef<HTMLInputElement>(null);
  const caret = useRef<number | null>(null);
  const id = useId();
  const field = (
    <section className="wfe-panel" aria-label="Step configuration">
      <header className="wfe-panel-header">
        <div className="wfe-panel-heading">
          <h2 className="wfe-panel-title">Approve Inquiry</h2>
        </div>
      </header>
      <div className="wfe-panel-body">
        <div className="wfe-field">
          <label className="wfe-label" htmlFor={id}>
            Inquiry ID
          </label>
          <div className="wfe-reference-input">
            <input
              ref={inputRef}
              id={id}
              type="text"
              className="wfe-input"
              value={value}
              onChange={(event) => setValue(event.target.value)}
            />
            <button
              ref={setButton}
              type="button"
              className="wfe-icon-button wfe-insert-reference"
              aria-label="Insert reference"
              title="Insert reference"
              aria-haspopup="dialog"
              aria-expanded={open}
              onClick={() => {
                caret.current = inputRef.current?.selectionStart ?? null;
                setOpen((was) => !was);
              }}
            >
              <span aria-hidden="true">{'{ }'}</span>
            </button>
          </div>
        </div>
      </div>
    </section>
  );
  return (
    <WorkflowEditorProvider defaultDefinition={workflow} secrets={['crm_api_key']}>
      <EditorBodyFrame beside={field}>
        {open && button && (
          <ReferencePicker
            groups={props.groups}
            anchor={button}
            onSelect={(option) => {
              props.onSelect(option);
              const at = caret.current ?? value.length;
              setValue(value.slice(0, at) + option.insertText + value.slice(at));
              setOpen(false);
            }}
            onClose={(reason) => {
              props.onClose(reason);
              setOpen(false);
              if (reason === 'escape') inputRef.current?.focus();
            }}
          />
        )}
      </EditorBodyFrame>
    </WorkflowEditorProvider>
  );
}

const meta = {
  title: 'Components/ReferencePicker',
  component: ReferencePicker,
  tags: ['autodocs'],
  args: { groups, anchor: null, onSelect: fn(), onClose: fn() },
  render: (args) => <PickerBesideField groups={args.groups} onSelect={args.onSelect} onClose={args.onClose} />,
} satisfies Meta<typeof ReferencePicker>;

export default meta;
type Story = StoryObj<typeof meta>;

/** The open picker, opening it from "Insert reference" if it is closed. */
async function open(canvasElement: HTMLElement): Promise<HTMLElement> {
  const canvas = within(canvasElement);
  const already = canvas.queryByRole('dialog', { name: 'Insert reference' });
  if (already) return already;
  await userEvent.click(canvas.getByRole('button', { name: 'Insert reference' }));
  return canvas.findByRole('dialog', { name: 'Insert reference' });
}

/**
 * Open beside "Insert reference": trigger fields, an earlier step's response fields
 * (nested), secrets; searchable, keyboard-driven. The play chooses one, closes and
 * reopens, and leaves the picker open as it began.
 */
export const Default: Story = {
  play: async ({ canvasElement, args }) => {
    const canvas = within(canvasElement);
    const dialog = within(await canvas.findByRole('dialog', { name: 'Insert reference' }));
    const search = dialog.getByRole('combobox', { name: 'Search references' });
    await waitFor(() => expect(search).toHaveFocus());
    await expect(dialog.getByRole('group', { name: 'Trigger' })).toBeVisible();
    await expect(dialog.getByRole('group', { name: 'Notify CRM' })).toBeVisible();
    await expect(dialog.getByRole('group', { name: 'Secrets' })).toBeVisible();
    await expect(
      dialog.getByRole('option', { name: /\{\{ steps\.notify_crm\.output\.body\.account\.owner \}\}/ }),
    ).toBeVisible();

    // Search narrows by label and path.
    await userEvent.type(search, 'owner');
    await expect(dialog.getAllByRole('option')).toHaveLength(1);
    await userEvent.clear(search);
    await userEvent.type(search, 'crm_api');
    await expect(dialog.getByRole('option', { name: /secrets\.crm_api_key/ })).toBeVisible();
    await userEvent.clear(search);
    await userEvent.type(search, 'nothing-like-this');
    await expect(dialog.getByText('Nothing to reference here')).toBeVisible();

    // Arrow keys and Enter choose; the field gets the reference.
    await userEvent.clear(search);
    await userEvent.type(search, 'email');
    await userEvent.keyboard('{Enter}');
    await expect(args.onSelect).toHaveBeenCalledWith(expect.objectContaining({ insertText: '{{ trigger.email }}' }));
    await waitFor(() => expect(canvas.queryByRole('dialog', { name: 'Insert reference' })).toBeNull());
    await expect(canvas.getByRole('textbox', { name: 'Inquiry ID' })).toHaveValue('{{ trigger.email }}');

    // Escape closes; focus goes back to the field.
    await open(canvasElement);
    await userEvent.keyboard('{Escape}');
    await waitFor(() => expect(canvas.queryByRole('dialog', { name: 'Insert reference' })).toBeNull());
    await expect(args.onClose).toHaveBeenCalledWith('escape');
    await expect(canvas.getByRole('textbox', { name: 'Inquiry ID' })).toHaveFocus();

    // Open again, as the story began.
    await open(canvasElement);
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
