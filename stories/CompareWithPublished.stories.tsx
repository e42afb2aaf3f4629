import type { Meta, StoryObj } from '@storybook/react-vite';
import type { ReactElement } from 'react';
import { expect, fn, userEvent, waitFor, within } from 'storybook/test';
import type { Workflow } from '../src/definition';
import { WorkflowEditor } from '../src/editor';
import { hostSecrets } from './fixtures/workflows';
import { descriptionOf, findInsertButton, insertThroughPicker, lastEmitted } from './story-helpers';

/**
 * "Compare with published": the host hands the editor the published version
 * (`compareWith`) beside the draft. Cards say what was added, moved or changed, the
 * removed step is a ghost where it was, the toolbar's summary lists every change, and a
 * changed step's panel shows each changed field with "Restore published value".
 *
 * The draft here: "Score risk" calls a new URL (changed), "Notify CRM" now runs after it
 * (moved), "Mark for review" is gone (removed) and "Send welcome email" is new (added).
 */

const inquiryId = '{{ trigger.inquiryId }}';

const published: Workflow = {
  schemaVersion: 1,
  kind: 'workflow',
  id: 'review_inquiries',
  name: 'Review completed inquiries',
  trigger: { event: 'inquiry.completed' },
  steps: [
    {
      id: 'notify_crm',
      type: 'action',
      action: 'https_request',
      name: 'Notify CRM',
      config: { url: 'https://crm.example.com/hooks/inquiries', method: 'POST', body: { inquiryId } },
    },
    {
      id: 'score_risk',
      type: 'action',
      action: 'https_request',
      name: 'Score risk',
      config: { url: 'https://risk.example.com/v1/score', method: 'GET' },
    },
    { id: 'mark_review', type: 'action', action: 'mark_for_review', name: 'Mark for review', config: { inquiryId } },
    { id: 'approve', type: 'action', action: 'approve_inquiry', name: 'Approve inquiry', config: { inquiryId } },
  ],
};

const [notifyCrm, scoreRisk, , approve] = published.steps;

const draft: Workflow = {
  ...published,
  steps: [
    { ...scoreRisk!, config: { url: 'https://risk.example.com/v2/score', method: 'GET' } } as Workflow['steps'][number],
    notifyCrm!,
    approve!,
    {
      id: 'send_welcome',
      type: 'action',
      action: 'send_email',
      name: 'Send welcome email',
      config: { to: 'team@example.com', subject: 'Welcome', text: 'Inquiry {{ trigger.inquiryId }} approved.' },
    },
  ],
};

const FRAME = { width: 1024, height: 700 };

const meta = {
  title: 'Editor/CompareWithPublished',
  component: WorkflowEditor,
  args: {
    defaultDefinition: draft,
    compareWith: published,
    secrets: hostSecrets,
    onChange: fn(),
    onSave: fn(),
    onPublish: fn(),
  },
  render: (args): ReactElement => (
    <div style={{ width: FRAME.width, height: FRAME.height }}>
      <WorkflowEditor {...args} style={{ height: '100%' }} />
    </div>
  ),
} satisfies Meta<typeof WorkflowEditor>;

export default meta;
type Story = StoryObj<typeof meta>;

/** Tabs from the top of the page until `target` has focus (at most 30 presses), as a keyboard user would. */
async function tabTo(root: HTMLElement, isTarget: (element: Element | null) => boolean): Promise<void> {
  for (let presses = 0; presses < 30; presses++) {
    if (isTarget(root.ownerDocument.activeElement)) return;
    await userEvent.tab();
  }
  throw new Error('Tab never reached the control');
}

const play: Story['play'] = async ({ canvasElement }) => {
  const canvas = within(canvasElement);

  // Cards say what changed, in their accessible description too.
  const score = await canvas.findByRole('button', { name: 'Score risk' });
  await waitFor(() => expect(descriptionOf(score)).toContain('Changed'));
  await expect(descriptionOf(canvas.getByRole('button', { name: 'Notify CRM' }))).toContain('Moved');
  await expect(descriptionOf(canvas.getByRole('button', { name: 'Send welcome email' }))).toContain('Added');
  const ghost = canvas.getByRole('button', { name: 'Mark for review' });
  await expect(descriptionOf(ghost)).toContain('Removed');
  await expect(ghost).toHaveAttribute('aria-disabled', 'true');
  await expect(descriptionOf(canvas.getByRole('button', { name: 'Approve inquiry' }))).not.toMatch(
    /Added|Changed|Moved|Removed/,
  );

  // The toolbar: the toggle is on and the summary counts four changes.
  // (Their code loads the first time an editor has a published version.)
  await expect(await canvas.findByRole('button', { name: 'Compare with published' })).toHaveAttribute(
    'aria-pressed',
    'true',
  );
  const summary = await canvas.findByRole('button', { name: '4 changes' });

  // Keyboard only: Tab to the summary, open the list, arrow to a change, Enter.
  (canvasElement.ownerDocument.activeElement as HTMLElement | null)?.blur();
  await tabTo(canvasElement, (element) => element === summary);
  await userEvent.keyboard('{Enter}');
  const list = await canvas.findByRole('list', { name: 'Changes since published' });
  const entries = within(list).getAllByText(/^(Added|Removed|Moved|Changed): /);
  await expect(entries.map((entry) => entry.textContent)).toEqual([
    'Changed: Score risk',
    'Moved: Notify CRM',
    'Removed: Mark for review',
    'Added: Send welcome email',
  ]);
  await waitFor(() => expect(within(list).getByRole('button', { name: 'Changed: Score risk' })).toHaveFocus());
  await userEvent.keyboard('{ArrowDown}');
  await expect(entries[1]!.closest('[data-change-entry]')).toHaveFocus();
  // Escape closes the list and gives focus back to the summary.
  await userEvent.keyboard('{Escape}');
  await waitFor(() => expect(canvas.queryByRole('list', { name: 'Changes since published' })).toBeNull());
  await expect(summary).toHaveFocus();
  await userEvent.keyboard('{Enter}');
  await canvas.findByRole('list', { name: 'Changes since published' });
  await userEvent.keyboard('{ArrowDown}{ArrowUp}');
  await userEvent.keyboard('{Enter}');

  // The step's panel opens with focus in it, listing the changed URL.
  const panel = await canvas.findByRole('region', { name: 'Step configuration' });
  await waitFor(() => expect(panel.contains(canvasElement.ownerDocument.activeElement)).toBe(true));
  const changed = await within(panel).findByRole('region', { name: 'Changes since published' });
  await expect(changed).toHaveTextContent('https://risk.example.com/v1/score');
  await expect(changed).toHaveTextContent('https://risk.example.com/v2/score');
  const restore = within(changed).getByRole('button', { name: 'Restore published value of URL' });
  await tabTo(canvasElement, (element) => element === restore);
  await userEvent.keyboard('{Enter}');

  // One change fewer: the card has no badge, the summary says three.
  await waitFor(() => expect(canvas.getByRole('button', { name: '3 changes' })).toBeInTheDocument());
  await expect(descriptionOf(canvas.getByRole('button', { name: 'Score risk' }))).not.toContain('Changed');
  await expect(within(panel).queryByRole('region', { name: 'Changes since published' })).toBeNull();
  await expect(within(panel).getByRole('textbox', { name: /URL/ })).toHaveValue('https://risk.example.com/v1/score');

  // The restore took its row away: focus stays in the panel, so Ctrl+Z undoes it there.
  await waitFor(() => expect(panel.contains(canvasElement.ownerDocument.activeElement)).toBe(true));
  await userEvent.keyboard('{Control>}z{/Control}');
  await waitFor(() => expect(canvas.getByRole('button', { name: '4 changes' })).toBeInTheDocument());
  await expect(within(panel).getByRole('textbox', { name: /URL/ })).toHaveValue('https://risk.example.com/v2/score');
};

/** The draft compared with the published version, light theme. */
export const CompareWithPublished: Story = { play };

/** The same comparison on dark tokens. */
export const CompareWithPublishedDark: Story = { args: { theme: 'dark' }, play };

/**
 * A changed step's panel: "Changes since published" lists the URL before and after, with
 * "Restore published value".
 */
export const ChangedFieldsInPanel: Story = {
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await userEvent.click(await canvas.findByRole('button', { name: 'Score risk' }));
    const panel = await canvas.findByRole('region', { name: 'Step configuration' });
    const changed = await within(panel).findByRole('region', { name: 'Changes since published' });
    await expect(within(changed).getByText('URL')).toBeInTheDocument();
    await expect(within(changed).getByRole('button', { name: 'Restore published value of URL' })).toBeEnabled();
  },
};

/** The summary's list of changes, open: each change in drawing order, the removed step where it was. */
export const ChangesListOpen: Story = {
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await userEvent.click(await canvas.findByRole('button', { name: '4 changes' }));
    const list = await canvas.findByRole('list', { name: 'Changes since published' });
    await expect(within(list).getAllByRole('listitem')).toHaveLength(4);
    await expect(canvas.getByRole('button', { name: '4 changes' })).toHaveAttribute('aria-expanded', 'true');
  },
};

/** The toggle off: the draft as it is, no badges and no ghosts; the toggle says it is off. */
export const ComparisonHidden: Story = {
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    const toggle = await canvas.findByRole('button', { name: 'Compare with published' });
    await userEvent.click(toggle);
    await expect(toggle).toHaveAttribute('aria-pressed', 'false');
    await waitFor(() => expect(canvas.queryByRole('button', { name: 'Mark for review' })).toBeNull());
    await expect(descriptionOf(canvas.getByRole('button', { name: 'Score risk' }))).not.toContain('Changed');
    await expect(canvas.queryByRole('button', { name: /changes$/ })).toBeNull();
  },
};

/**
 * Adding a step while comparing: the "+" below the removed step's ghost adds the new step
 * there in the draft (ghosts are not counted), and it shows as added.
 */
export const AddStepBesideRemovedStep: Story = {
  play: async ({ canvasElement, args }) => {
    const canvas = within(canvasElement);
    await canvas.findByRole('button', { name: 'Mark for review' });
    const plus = await findInsertButton(canvasElement, 'after Mark for review');
    await insertThroughPicker(canvasElement, plus);
    const emitted = lastEmitted(args.onChange as unknown as Parameters<typeof lastEmitted>[0]);
    await expect(emitted.steps.map((step) => step.id)).toEqual([
      'score_risk',
      'notify_crm',
      'make_https_request',
      'approve',
      'send_welcome',
    ]);
    await waitFor(() => expect(canvas.getByRole('button', { name: '5 changes' })).toBeInTheDocument());
    await expect(descriptionOf(canvas.getByRole('button', { name: 'Make HTTPS Request' }))).toContain('Added');
  },
};
