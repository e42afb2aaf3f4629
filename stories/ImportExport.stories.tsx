import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect, fn, userEvent, waitFor, within } from 'storybook/test';
import { serializeWorkflow, type Workflow } from '../src/definition';
import { Toolbar, type ToolbarProps } from '../src/editor/toolbar/Toolbar';
import { WorkflowEditor } from '../src/editor/WorkflowEditor';
import { WorkflowEditorProvider } from '../src/editor/WorkflowEditorProvider';
import { approveInquiryWorkflow, branchingWorkflow } from './fixtures/workflows';
import { EditorBodyFrame } from './story-frames';
import { HTTPS_ACTION_LABEL, findInsertButton, insertThroughPicker, openToolbarAction } from './story-helpers';

interface ImportExportStoryArgs extends ToolbarProps {
  definition: Workflow;
  onChange: (definition: Workflow) => void;
}

/** The toolbar's "Export JSON" and "Import JSON" above the canvas, which shows what an import changed. */
const meta: Meta<ImportExportStoryArgs> = {
  title: 'Components/ImportExport',
  component: Toolbar,
  tags: ['autodocs'],
  args: { definition: approveInquiryWorkflow, onChange: fn() },
  render: ({ definition, onChange }) => (
    <WorkflowEditorProvider defaultDefinition={definition} onChange={onChange}>
      <EditorBodyFrame top={<Toolbar />} />
    </WorkflowEditorProvider>
  ),
};
export default meta;

type Story = StoryObj<ImportExportStoryArgs>;

async function openImport(canvasElement: HTMLElement) {
  const canvas = within(canvasElement);
  await openToolbarAction(canvasElement, 'Import JSON');
  const dialog = await canvas.findByRole('dialog', { name: 'Import JSON' });
  const text = within(dialog).getByRole('textbox', { name: 'Workflow JSON' });
  await expect(text).toHaveFocus();
  return { dialog: within(dialog), text };
}

async function pasteAndImport(canvasElement: HTMLElement, json: string) {
  const { dialog, text } = await openImport(canvasElement);
  await userEvent.click(text);
  await userEvent.paste(json);
  await userEvent.click(dialog.getByRole('button', { name: 'Import' }));
  return dialog;
}

/** "Export JSON" shows exactly `serializeWorkflow(definition)`, with Copy and Download. */
export const ExportWorkflow: Story = {
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    const opener = await openToolbarAction(canvasElement, 'Export JSON');
    const dialog = within(await canvas.findByRole('dialog', { name: 'Export JSON' }));
    const text = dialog.getByRole('textbox', { name: 'Workflow JSON' });
    await expect(text).toHaveValue(serializeWorkflow(approveInquiryWorkflow));
    await expect(text).toHaveAttribute('readonly');

    await userEvent.click(dialog.getByRole('button', { name: 'Copy' }));
    await waitFor(() => expect(dialog.getByRole('status')).toHaveTextContent('Copied'));

    // Download clicks a link to a blob; catch the click instead of saving a file.
    const downloads: string[] = [];
    // eslint-disable-next-line @typescript-eslint/unbound-method -- only put back on the prototype below, never called unbound
    const originalClick = HTMLAnchorElement.prototype.click;
    HTMLAnchorElement.prototype.click = function captureDownload(this: HTMLAnchorElement) {
      downloads.push(this.download);
    };
    try {
      await userEvent.click(dialog.getByRole('button', { name: 'Download' }));
    } finally {
      HTMLAnchorElement.prototype.click = originalClick;
    }
    await expect(downloads).toEqual(['approve_inquiry.workflow.json']);

    await userEvent.click(dialog.getByRole('button', { name: 'Close' }));
    await waitFor(() => expect(canvas.queryByRole('dialog', { name: 'Export JSON' })).toBeNull());
    await expect(opener).toHaveFocus();
  },
};

/** Text that is not JSON changes nothing and shows where the error is. */
export const ImportInvalidJson: Story = {
  play: async ({ canvasElement, args }) => {
    const canvas = within(canvasElement);
    const dialog = await pasteAndImport(canvasElement, '{\n  "schemaVersion": 1,\n  "kind": "workflow",\n}');
    const problems = await dialog.findByRole('list', { name: 'Problems' });
    await expect(dialog.getByRole('alert')).toHaveTextContent('The JSON has 1 problem');
    await expect(within(problems).getByRole('listitem')).toHaveTextContent(/^Line 3, column 21: /);
    await expect(within(problems).getByRole('listitem')).toHaveTextContent(/Trailing commas are not allowed/);
    await expect(args.onChange).not.toHaveBeenCalled();
    await expect(canvas.getByRole('textbox', { name: 'Workflow name' })).toHaveValue('Approve completed inquiries');
    await expect(canvas.getByRole('button', { name: 'Undo' })).toBeDisabled();
  },
};

/**
 * Valid JSON the editor cannot hold as a draft (a workflow name that is not text): nothing
 * changes, and each problem is listed with its step, line and column, the field in words.
 */
export const ImportSchemaInvalid: Story = {
  play: async ({ canvasElement, args }) => {
    const canvas = within(canvasElement);
    const invalid = structuredClone(approveInquiryWorkflow) as unknown as {
      name: unknown;
      steps: { config: Record<string, unknown> }[];
    };
    invalid.name = 42;
    delete invalid.steps[0]!.config.url;
    const dialog = await pasteAndImport(canvasElement, JSON.stringify(invalid, null, 2));
    const items = within(await dialog.findByRole('list', { name: 'Problems' })).getAllByRole('listitem');
    await expect(items.length).toBeGreaterThanOrEqual(2);
    const texts = items.map((item) => item.textContent);
    // Steps and fields by name, line and column where they are; the JSON Pointer only as a detail.
    await expect(texts.some((text) => /^Line 5, column \d+: .*name/i.test(text))).toBe(true);
    await expect(texts).toContainEqual(
      expect.stringMatching(/^Step "notify_crm", line \d+, column \d+: URL is required$/),
    );
    await expect(texts.join('\n')).not.toMatch(/\/steps\/|\/name/);
    await expect(items.map((item) => item.title)).toContain('/steps/0/config/url');
    await expect(args.onChange).not.toHaveBeenCalled();
    await expect(canvas.getByRole('textbox', { name: 'Workflow name' })).toHaveValue('Approve completed inquiries');

    // Escape closes the dialog and leaves the definition as it was.
    await userEvent.keyboard('{Escape}');
    await waitFor(() => expect(canvas.queryByRole('dialog', { name: 'Import JSON' })).toBeNull());
    await expect(canvas.getByRole('button', { name: 'Undo' })).toBeDisabled();
  },
};

/** A valid document replaces the definition as one undo step; Undo restores the previous one. */
export const ImportValidThenUndo: Story = {
  play: async ({ canvasElement, args }) => {
    const canvas = within(canvasElement);
    await pasteAndImport(canvasElement, serializeWorkflow(branchingWorkflow));
    await waitFor(() => expect(canvas.queryByRole('dialog', { name: 'Import JSON' })).toBeNull());
    await expect(canvas.getByRole('textbox', { name: 'Workflow name' })).toHaveValue(branchingWorkflow.name);
    await expect(args.onChange).toHaveBeenCalledTimes(1);
    await expect(args.onChange).toHaveBeenLastCalledWith(expect.objectContaining({ id: branchingWorkflow.id }));

    await userEvent.click(canvas.getByRole('button', { name: 'Undo' }));
    await expect(canvas.getByRole('textbox', { name: 'Workflow name' })).toHaveValue(approveInquiryWorkflow.name);
    await openToolbarAction(canvasElement, 'Export JSON');
    const exported = within(await canvas.findByRole('dialog', { name: 'Export JSON' }));
    await expect(exported.getByRole('textbox', { name: 'Workflow JSON' })).toHaveValue(
      serializeWorkflow(approveInquiryWorkflow),
    );
    // Closed again: the story ends as it began, the first workflow on the canvas.
    await userEvent.click(exported.getByRole('button', { name: 'Close' }));
    await waitFor(() => expect(canvas.queryByRole('dialog', { name: 'Export JSON' })).toBeNull());
    await waitFor(() => expect(canvas.queryByRole('button', { name: 'Route by risk' })).toBeNull());
    await expect(canvas.getByRole('button', { name: 'Approve inquiry' })).toBeVisible();
  },
};

/** A file fills the text area; nothing changes until "Import". */
export const ImportFromFile: Story = {
  play: async ({ canvasElement, args }) => {
    const { dialog, text } = await openImport(canvasElement);
    const json = serializeWorkflow(branchingWorkflow);
    await userEvent.upload(
      dialog.getByLabelText('Open file'),
      new File([json], 'branching.workflow.json', { type: 'application/json' }),
    );
    await waitFor(() => expect(text).toHaveValue(json));
    await expect(args.onChange).not.toHaveBeenCalled();
    await userEvent.click(dialog.getByRole('button', { name: 'Import' }));
    await waitFor(() => expect(args.onChange).toHaveBeenCalledTimes(1));
  },
};

/**
 * Unfinished work goes out and comes back: a "Make HTTPS Request" step added (its URL still
 * empty), "Export JSON", the step undone, the exported text imported. The draft comes back
 * as it went out, as one undo step, and its problem shows as every problem does: the count
 * under the canvas, the badge on the step, the Problems list that takes the person to the field.
 */
export const ImportDraftBack: Story = {
  // The whole editor: the problems count, the badges and the panel are where a draft's problems show.
  render: ({ definition, onChange }) => (
    <div style={{ height: '100vh' }}>
      <WorkflowEditor defaultDefinition={definition} onChange={onChange} />
    </div>
  ),
  play: async ({ canvasElement, args, step }) => {
    const canvas = within(canvasElement);
    const problemCount = () => canvasElement.querySelector<HTMLElement>('.wfe-problems-toggle');
    let exported = '';

    await step('add an HTTPS step and export the draft', async () => {
      await insertThroughPicker(canvasElement, await findInsertButton(canvasElement, 'after Approve inquiry'));
      await waitFor(() => expect(problemCount()).toHaveTextContent('1 problem'));
      await openToolbarAction(canvasElement, 'Export JSON');
      const dialog = within(await canvas.findByRole('dialog', { name: 'Export JSON' }));
      exported = dialog.getByRole<HTMLTextAreaElement>('textbox', { name: 'Workflow JSON' }).value;
      await expect(exported).toContain('"url": ""');
      await userEvent.click(dialog.getByRole('button', { name: 'Close' }));
      await waitFor(() => expect(canvas.queryByRole('dialog', { name: 'Export JSON' })).toBeNull());
    });

    await step('undo the step, then import the exported text', async () => {
      await userEvent.click(canvas.getByRole('button', { name: 'Undo' }));
      await waitFor(() => expect(canvas.queryByRole('button', { name: HTTPS_ACTION_LABEL })).toBeNull());
      await waitFor(() => expect(problemCount()).toBeNull());
      const dialog = await pasteAndImport(canvasElement, exported);
      await waitFor(() => expect(canvas.queryByRole('dialog', { name: 'Import JSON' })).toBeNull());
      await expect(dialog.queryByRole('alert')).toBeNull();
      await expect(args.onChange).toHaveBeenLastCalledWith(JSON.parse(exported));
      await waitFor(() =>
        expect(canvas.getByRole('status', { name: 'Workflow changes' })).toHaveTextContent(
          `Imported “${approveInquiryWorkflow.name}”`,
        ),
      );
    });

    await step('its problem shows: the count, the badge, the Problems list, the field', async () => {
      const card = await canvas.findByRole('button', { name: HTTPS_ACTION_LABEL });
      await expect(
        within(card.closest('.wfe-node-shell') as HTMLElement).getByRole('button', { name: '1 problem' }),
      ).toBeVisible();
      await waitFor(() => expect(problemCount()).toHaveTextContent('1 problem'));
      await userEvent.click(problemCount()!);
      const problems = within(await canvas.findByRole('region', { name: 'Problems' }));
      await expect(problems.getByRole('heading', { name: HTTPS_ACTION_LABEL })).toBeVisible();
      await userEvent.click(problems.getByRole('button', { name: /^URL.* must not be empty$/ }));
      const panel = within(await canvas.findByRole('region', { name: 'Step configuration' }));
      const url = await panel.findByRole('textbox', { name: /^URL/ });
      await waitFor(() => expect(url).toHaveFocus());
    });
  },
};
