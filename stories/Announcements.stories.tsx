import type { Meta, StoryObj } from '@storybook/react-vite';
import { useEffect, useRef, useState, type ReactElement } from 'react';
import { expect, fn, userEvent, waitFor, within } from 'storybook/test';
import { serializeWorkflow } from '../src/definition';
import { WorkflowEditor, type WorkflowEditorProps } from '../src/editor';
import { approveInquiryWorkflow, branchingWorkflow, hostSecrets } from './fixtures/workflows';
import { findInsertButton, openToolbarAction } from './story-helpers';

/**
 * What a screen-reader user hears after an insert, delete, move, duplicate, paste, import,
 * undo or redo: the editor says it in a visually hidden, polite live region named "Workflow
 * changes". Beside the editor, "Heard so far" shows each announcement, so a sighted
 * visitor sees what the play function (or their own edits) made the editor say.
 */
const meta = {
  title: 'Editor/Announcements',
  component: WorkflowEditor,
  args: {
    defaultDefinition: approveInquiryWorkflow,
    onChange: fn(),
    secrets: hostSecrets,
    style: { height: '100%' },
  },
  render: (args) => <WithTranscript {...args} />,
} satisfies Meta<typeof WorkflowEditor>;

export default meta;
type Story = StoryObj<typeof meta>;

const REGION_NAME = 'Workflow changes';

/** The editor's live region: a status named "Workflow changes" (the toolbar's save status has no such name). */
function region(canvasElement: HTMLElement): HTMLElement {
  return within(canvasElement).getByRole('status', { name: REGION_NAME });
}

/** Waits until the live region says `text`. */
async function expectHeard(canvasElement: HTMLElement, text: string): Promise<void> {
  await waitFor(() => expect(region(canvasElement)).toHaveTextContent(text, { normalizeWhitespace: true }), {
    timeout: 3000,
  });
  // The words are the whole content, not a part of a longer text.
  await expect(region(canvasElement).textContent).toBe(text);
}

/** Opens the menu ("Actions for …") of the first step named `stepName` and chooses `item`. */
async function fromMenu(canvasElement: HTMLElement, stepName: string, item: string): Promise<void> {
  const canvas = within(canvasElement);
  const [menuButton] = canvas.getAllByRole('button', { name: `Actions for ${stepName}` });
  await userEvent.click(menuButton!);
  await userEvent.click(await canvas.findByRole('menuitem', { name: item }));
}

/** The editor with a visible list of what its live region said, for people looking at the story. */
function WithTranscript(props: WorkflowEditorProps): ReactElement {
  const editorRef = useRef<HTMLDivElement>(null);
  const [heard, setHeard] = useState<string[]>([]);
  useEffect(() => {
    const live = editorRef.current?.querySelector(`[role="status"][aria-label="${REGION_NAME}"]`);
    if (!live) return undefined;
    const observer = new MutationObserver(() => {
      const text = live.textContent;
      if (text !== '') setHeard((list) => [...list, text]);
    });
    observer.observe(live, { childList: true, characterData: true, subtree: true });
    return () => observer.disconnect();
  }, []);
  return (
    <div style={{ display: 'flex', height: '100vh' }}>
      <div ref={editorRef} style={{ flex: '1 1 auto', minWidth: 0 }}>
        <WorkflowEditor {...props} />
      </div>
      <aside
        aria-label="Heard so far"
        style={{
          flex: '0 0 260px',
          padding: 12,
          borderLeft: '1px solid #ccc',
          font: '14px system-ui',
          overflow: 'auto',
        }}
      >
        <h2 style={{ fontSize: 15, margin: '0 0 8px' }}>Heard so far</h2>
        {heard.length === 0 ? (
          <p style={{ color: '#666' }}>Add, delete, move, duplicate or paste a step, or undo, to hear it here.</p>
        ) : (
          <ol style={{ paddingLeft: 20, margin: 0 }}>
            {heard.map((text, index) => (
              <li key={index}>{text}</li>
            ))}
          </ol>
        )}
      </aside>
    </div>
  );
}

/**
 * "+" after "Notify CRM", "Make HTTPS Request" chosen in the picker: "Added “Make HTTPS
 * Request” after “Notify CRM”". The Delete key on its focused card: "Deleted “Make HTTPS
 * Request”". Ctrl+Z: "Undone: Deleted “Make HTTPS Request”" (the step is back).
 */
export const AddDeleteUndo: Story = {
  play: async ({ canvasElement, step }) => {
    const canvas = within(canvasElement);
    await canvas.findByRole('button', { name: 'Notify CRM' });
    // Before any edit the region is there (screen readers follow only regions they know) and silent.
    await expect(region(canvasElement).textContent).toBe('');
    await expect(region(canvasElement)).toHaveAttribute('aria-live', 'polite');
    await expect(region(canvasElement)).toHaveAttribute('aria-atomic', 'true');

    await step('add through the real picker', async () => {
      await userEvent.click(await findInsertButton(canvasElement, 'after Notify CRM'));
      const picker = await canvas.findByRole('dialog', { name: 'Find action' });
      await userEvent.click(within(picker).getByRole('option', { name: /Make HTTPS Request/ }));
      await expectHeard(canvasElement, 'Added “Make HTTPS Request” after “Notify CRM”');
    });

    await step('Delete key on the focused card', async () => {
      const card = await canvas.findByRole('button', { name: 'Make HTTPS Request' });
      await userEvent.click(card);
      await userEvent.keyboard('{Delete}');
      await waitFor(() => expect(canvas.queryByRole('button', { name: 'Make HTTPS Request' })).toBeNull());
      await expectHeard(canvasElement, 'Deleted “Make HTTPS Request”');
    });

    await step('undo', async () => {
      canvas.getByRole('button', { name: 'Trigger' }).focus();
      await userEvent.keyboard('{Control>}z{/Control}');
      await canvas.findByRole('button', { name: 'Make HTTPS Request' });
      await expectHeard(canvasElement, 'Undone: Deleted “Make HTTPS Request”');
    });
  },
};

/**
 * "Move down" and "Duplicate" from the step menu, then the toolbar's "Undo" and "Redo":
 * "Moved “Notify CRM” down", "Duplicated “Notify CRM”", "Undone: Duplicated “Notify
 * CRM”", "Redone: Duplicated “Notify CRM”".
 */
export const MoveDuplicateUndoRedo: Story = {
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await canvas.findByRole('button', { name: 'Notify CRM' });
    await fromMenu(canvasElement, 'Notify CRM', 'Move down');
    await expectHeard(canvasElement, 'Moved “Notify CRM” down');
    await fromMenu(canvasElement, 'Notify CRM', 'Duplicate');
    await expectHeard(canvasElement, 'Duplicated “Notify CRM”');
    await userEvent.click(canvas.getByRole('button', { name: 'Undo' }));
    await expectHeard(canvasElement, 'Undone: Duplicated “Notify CRM”');
    await userEvent.click(canvas.getByRole('button', { name: 'Redo' }));
    await expectHeard(canvasElement, 'Redone: Duplicated “Notify CRM”');
  },
};

/**
 * "Import JSON" replaces the workflow: "Imported “Route inquiries by risk”"; Undo brings
 * the first one back: "Undone: Imported “Route inquiries by risk”".
 */
export const ImportUndo: Story = {
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await canvas.findByRole('button', { name: 'Notify CRM' });
    await openToolbarAction(canvasElement, 'Import JSON');
    const dialog = within(await canvas.findByRole('dialog', { name: 'Import JSON' }));
    await userEvent.click(dialog.getByRole('textbox', { name: 'Workflow JSON' }));
    await userEvent.paste(serializeWorkflow(branchingWorkflow));
    await userEvent.click(dialog.getByRole('button', { name: 'Import' }));
    await expectHeard(canvasElement, `Imported “${branchingWorkflow.name}”`);
    await userEvent.click(canvas.getByRole('button', { name: 'Undo' }));
    await expectHeard(canvasElement, `Undone: Imported “${branchingWorkflow.name}”`);
    await canvas.findByRole('button', { name: 'Notify CRM' });
  },
};

/**
 * "Duplicate" twice: the same words twice are heard twice, because the region empties
 * before it says them again.
 */
export const SameWordsTwice: Story = {
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await canvas.findByRole('button', { name: 'Notify CRM' });
    await fromMenu(canvasElement, 'Notify CRM', 'Duplicate');
    await expectHeard(canvasElement, 'Duplicated “Notify CRM”');

    const live = region(canvasElement);
    const states: string[] = [];
    const observer = new MutationObserver(() => states.push(live.textContent));
    observer.observe(live, { childList: true, characterData: true, subtree: true });
    try {
      await fromMenu(canvasElement, 'Notify CRM', 'Duplicate');
      await waitFor(() => expect(states.at(-1)).toBe('Duplicated “Notify CRM”'));
    } finally {
      observer.disconnect();
    }
    // Emptied, then the same words again: two changes a screen reader reads.
    await expect(states).toContain('');
    await expect(states.indexOf('')).toBeLessThan(states.lastIndexOf('Duplicated “Notify CRM”'));
    await expect(canvas.getAllByRole('button', { name: 'Notify CRM' })).toHaveLength(3);
  },
};

/**
 * Ctrl+C on "Approve inquiry" and Ctrl+V on the "+" after the trigger: "Pasted “Approve
 * inquiry” after the trigger". Typing a new step name is not announced; Ctrl+Z in the
 * field undoes the typing and says only "Undone".
 */
export const PasteThenTypingIsNotAnnounced: Story = {
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    (await canvas.findByRole('button', { name: 'Approve inquiry' })).focus();
    await userEvent.keyboard('{Control>}c{/Control}');
    (await findInsertButton(canvasElement, 'after the trigger')).focus();
    await userEvent.keyboard('{Control>}v{/Control}');
    await expectHeard(canvasElement, 'Pasted “Approve inquiry” after the trigger');

    await userEvent.click(canvas.getByRole('button', { name: 'Notify CRM' }));
    const panel = within(await canvas.findByRole('region', { name: 'Step configuration' }));
    const name = panel.getByRole('textbox', { name: 'Step name' });
    await userEvent.type(name, ' now');
    await waitFor(() => expect(canvas.getByRole('button', { name: 'Notify CRM now' })).toBeVisible());
    // Still the paste: typing says nothing.
    await new Promise((resolve) => setTimeout(resolve, 200));
    await expect(region(canvasElement).textContent).toBe('Pasted “Approve inquiry” after the trigger');

    name.focus();
    await userEvent.keyboard('{Control>}z{/Control}');
    await expectHeard(canvasElement, 'Undone');
    await expect(name).toHaveValue('Notify CRM');
  },
};
