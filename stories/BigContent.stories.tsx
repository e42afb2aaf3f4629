import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect, fn, userEvent, waitFor, within } from 'storybook/test';
import type { ActionStep, JsonObject, Step, Workflow } from '../src/definition';
import { WorkflowEditor } from '../src/editor';
import { codeText, placeCaret } from './fixtures/code-field';
import { approveInquiryWorkflow, hostSecrets } from './fixtures/workflows';

/**
 * JSON fields with big content: the Body, Response Schema and Payload Schema fields edit
 * in a code editor that draws only the lines in view, so a 2 MB body opens and takes keys
 * like a short one. Its undo is the editor's (one history for every field), and Tab
 * moves on to the next control, as in every other field. Speed itself is measured in
 * `npm run bench panel`, not here.
 */
const meta = {
  title: 'Editor/Big content',
  component: WorkflowEditor,
  args: {
    onChange: fn(),
    secrets: hostSecrets,
    style: { height: '100vh' },
  },
} satisfies Meta<typeof WorkflowEditor>;

export default meta;
type Story = StoryObj<typeof meta>;

type OnChange = ReturnType<typeof fn<(definition: Workflow) => void>>;

/** A JSON object of about `bytes` bytes (compact text): records with text, numbers and nesting. */
function bigBody(bytes: number): JsonObject {
  const records: JsonObject[] = [];
  let size = 0;
  for (let index = 0; size < bytes; index++) {
    const record: JsonObject = {
      id: `rec_${index}`,
      title: `Record number ${index}`,
      amount: index * 3.25,
      active: index % 2 === 0,
      tags: ['alpha', 'beta', `t${index % 17}`],
      address: { street: `${index} Long Street`, city: 'Springfield', zip: String(10000 + (index % 89999)) },
    };
    size += JSON.stringify(record).length + 1;
    records.push(record);
  }
  return { note: 'start here', records };
}

const bigBodyStep: Step = {
  id: 'send_big_body',
  type: 'action',
  action: 'https_request',
  name: 'Send big body',
  config: { url: 'https://api.example.com/import', method: 'POST', body: bigBody(2 * 1024 * 1024) },
};

const bigBodyWorkflow: Workflow = {
  schemaVersion: 1,
  kind: 'workflow',
  id: 'big_body',
  name: 'Big body',
  trigger: { event: 'inquiry.completed' },
  steps: [bigBodyStep],
};

function lastBody(onChange: OnChange, stepId: string): unknown {
  const definition = onChange.mock.lastCall?.[0];
  const step = definition?.steps.find((candidate) => candidate.id === stepId) as ActionStep | undefined;
  return step?.config.body;
}

/** Clicks the card named `name` and returns its panel's Body field once it is there. */
async function openBody(
  canvasElement: HTMLElement,
  name: string,
): Promise<{ panel: ReturnType<typeof within>; body: HTMLElement }> {
  const canvas = within(canvasElement);
  await userEvent.click(await canvas.findByRole('button', { name }));
  const panel = within(await canvas.findByRole('region', { name: 'Step configuration' }));
  const body = await panel.findByRole('textbox', { name: 'Body' });
  // A big body opens with its first screen; the rest joins it once that frame is painted.
  await waitFor(() => expect(body).not.toHaveAttribute('aria-busy'), { timeout: 10_000 });
  return { panel, body };
}

/**
 * A 2 MB request body, opened: the field shows its first lines and scrolls; a key typed
 * into it reaches the definition once typing pauses, and Ctrl+Z takes it back to exactly
 * the text it opened with.
 */
export const TwoMegabyteBody: Story = {
  args: { defaultDefinition: bigBodyWorkflow },
  play: async ({ canvasElement, args }) => {
    const onChange = args.onChange as OnChange;
    const { body } = await openBody(canvasElement, 'Send big body');
    const opened = codeText(body);
    await expect(opened.length).toBeGreaterThan(2 * 1024 * 1024);
    await expect(within(body).getByText('"note": "start here",')).toBeVisible();
    // Only the lines in view are drawn, not fifty thousand.
    await expect(body.querySelectorAll('.cm-line').length).toBeLessThan(200);

    placeCaret(body, opened.indexOf('start here') + 'star'.length);
    await userEvent.keyboard('x');
    await waitFor(() => expect((lastBody(onChange, 'send_big_body') as JsonObject).note).toBe('starxt here'));
    await userEvent.keyboard('{Control>}z{/Control}');
    await waitFor(() => expect(codeText(body)).toBe(opened));
    await expect((lastBody(onChange, 'send_big_body') as JsonObject).note).toBe('start here');
  },
};

/** The same, in the dark theme: the code editor takes its colours from the editor's tokens. */
export const TwoMegabyteBodyDark: Story = {
  args: { defaultDefinition: bigBodyWorkflow, theme: 'dark' },
  play: async ({ canvasElement }) => {
    const { body } = await openBody(canvasElement, 'Send big body');
    await expect(within(body).getByText('"note": "start here",')).toBeVisible();
  },
};

/**
 * In a JSON field, Ctrl+Z and Ctrl+Shift+Z are the editor's undo and redo (the code editor
 * keeps no history of its own), restoring exactly the text typed; Tab leaves the field
 * without typing a tab.
 */
export const UndoAndTabInCodeField: Story = {
  args: { defaultDefinition: approveInquiryWorkflow },
  play: async ({ canvasElement, args }) => {
    const onChange = args.onChange as OnChange;
    const { body } = await openBody(canvasElement, 'Notify CRM');
    const original = codeText(body);

    placeCaret(body, -1);
    await userEvent.keyboard('{Backspace}, "count":   2}');
    const typed = `${original.slice(0, -1)}, "count":   2}`;
    await waitFor(() => expect(lastBody(onChange, 'notify_crm')).toMatchObject({ count: 2 }));
    await expect(codeText(body)).toBe(typed);

    await userEvent.keyboard('{Control>}z{/Control}');
    await waitFor(() => expect(codeText(body)).toBe(original));
    await expect(lastBody(onChange, 'notify_crm')).not.toHaveProperty('count');
    await userEvent.keyboard('{Control>}{Shift>}z{/Shift}{/Control}');
    // The person's own layout comes back, spaces and all.
    await waitFor(() => expect(codeText(body)).toBe(typed));
    await expect(lastBody(onChange, 'notify_crm')).toMatchObject({ count: 2 });

    await expect(body).toHaveFocus();
    await userEvent.tab();
    await expect(body).not.toHaveFocus();
    await expect(body.contains(document.activeElement)).toBe(false);
    await expect(codeText(body)).toBe(typed);
  },
};
