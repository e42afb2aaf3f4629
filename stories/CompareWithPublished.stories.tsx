import type { Meta, StoryObj } from '@storybook/react-vite';
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
 *
 * The stories fill Storybook's preview, so they show the editor at whatever width it has;
 * `At1024` and `At800` set the preview to a laptop's and a tablet's width. Their plays hold
 * at every width hosts embed the editor at (1,440, 1,024, 800 and 390 px): where the toolbar
 * has no room for a control they use "More actions", as a person would.
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

/** The preview sizes of the width stories, as Storybook's viewport menu lists them. */
const VIEWPORTS = {
  'compare-laptop': { name: 'Editor 1024 × 700', styles: { width: '1024px', height: '700px' }, type: 'tablet' },
  'compare-tablet': { name: 'Editor 800 × 700', styles: { width: '800px', height: '700px' }, type: 'tablet' },
};

const meta = {
  title: 'Editor/CompareWithPublished',
  component: WorkflowEditor,
  parameters: { viewport: { options: VIEWPORTS } },
  args: {
    defaultDefinition: draft,
    compareWith: published,
    secrets: hostSecrets,
    onChange: fn(),
    onSave: fn(),
    onPublish: fn(),
    // As wide as Storybook's preview and as high as the window, as the other editor stories.
    style: { height: '100vh' },
  },
} satisfies Meta<typeof WorkflowEditor>;

export default meta;
type Story = StoryObj<typeof meta>;

const COMPARE = 'Compare with published';

/**
 * Whether the comparison's toggle says it is on: the toolbar's button, or where the editor
 * is too narrow for it (a phone) the checkbox entry in "More actions", which is closed again.
 */
async function toggleSaysComparisonShown(root: HTMLElement): Promise<boolean> {
  const canvas = within(root);
  const toggle = canvas.queryByRole('button', { name: COMPARE });
  if (toggle) return toggle.getAttribute('aria-pressed') === 'true';
  await userEvent.click(canvas.getByRole('button', { name: 'More actions' }));
  const entry = await canvas.findByRole('menuitemcheckbox', { name: COMPARE });
  const shown = entry.getAttribute('aria-checked') === 'true';
  await userEvent.keyboard('{Escape}');
  return shown;
}

/** Turns the comparison off or on through the toolbar's toggle, or its entry in "More actions". */
async function toggleComparison(root: HTMLElement): Promise<void> {
  const canvas = within(root);
  const toggle = canvas.queryByRole('button', { name: COMPARE });
  if (toggle) {
    await userEvent.click(toggle);
    return;
  }
  await userEvent.click(canvas.getByRole('button', { name: 'More actions' }));
  await userEvent.click(await canvas.findByRole('menuitemcheckbox', { name: COMPARE }));
}

/**
 * Nothing scrolls sideways: not the page (the story fills its container), not the editor,
 * not the toolbar's one row.
 */
async function expectNoSidewaysScroll(root: HTMLElement): Promise<void> {
  const scrollers: [string, Element][] = [
    ['the page', root.ownerDocument.documentElement],
    ['the editor', root.querySelector('.wfe-root')!],
    ['the toolbar', within(root).getByRole('toolbar', { name: 'Workflow toolbar' })],
  ];
  for (const [what, element] of scrollers)
    await expect(element.scrollWidth, `${what} scrolls sideways`).toBeLessThanOrEqual(element.clientWidth);
}

/** About 18 characters of the name at its size: enough to tell workflows apart. */
const READABLE_NAME_WIDTH = 180;

/**
 * The workflow's name keeps a readable width beside the comparison's controls (or shows
 * whole when it is shorter), in an editor at least a tablet wide (800 px); on a phone it
 * gives way to Save and Publish and shows whole in its tooltip (ToolbarAt390).
 */
async function expectNameReadable(root: HTMLElement): Promise<void> {
  const editor = root.querySelector('.wfe-root')!;
  if (editor.clientWidth < 800) return;
  const name = within(root).getByRole<HTMLInputElement>('textbox', { name: 'Workflow name' });
  await expect(name.getBoundingClientRect().width).toBeGreaterThanOrEqual(
    Math.min(name.scrollWidth, READABLE_NAME_WIDTH),
  );
}

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

  // The toolbar: the summary counts four changes and the toggle is on.
  // (Their code loads the first time an editor has a published version.)
  const summary = await canvas.findByRole('button', { name: '4 changes' });
  await expect(await toggleSaysComparisonShown(canvasElement)).toBe(true);
  await expectNoSidewaysScroll(canvasElement);

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
  await expectNoSidewaysScroll(canvasElement);
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
 * The comparison in an editor 1,024 px wide (a laptop). The comparison's toggle and summary
 * take the room "Export JSON", "Import JSON" and "Test workflow" had: those are in "More
 * actions" here, and the workflow's name shows whole beside the status.
 */
export const At1024: Story = {
  globals: { viewport: { value: 'compare-laptop', isRotated: false } },
  play: async (context) => {
    await within(context.canvasElement).findByRole('button', { name: '4 changes' });
    await expectNameReadable(context.canvasElement);
    await play(context);
  },
};

/**
 * The comparison in an editor 800 px wide (a tablet): Undo and Redo show as icons too (their
 * names stay), the panel is a drawer over the canvas that keeps the chosen step in view, and
 * the name still reads.
 */
export const At800: Story = {
  globals: { viewport: { value: 'compare-tablet', isRotated: false } },
  play: At1024.play,
};

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
    await expectNoSidewaysScroll(canvasElement);
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
    // Whole inside the editor at every width (on a phone it hangs from the toolbar).
    const shown = list.getBoundingClientRect();
    const editor = canvasElement.querySelector('.wfe-root')!.getBoundingClientRect();
    await expect(shown.left).toBeGreaterThanOrEqual(editor.left);
    await expect(shown.right).toBeLessThanOrEqual(editor.right);
    await expectNoSidewaysScroll(canvasElement);
  },
};

/** The toggle off: the draft as it is, no badges and no ghosts; the toggle says it is off. */
export const ComparisonHidden: Story = {
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await canvas.findByRole('button', { name: '4 changes' });
    await toggleComparison(canvasElement);
    await expect(await toggleSaysComparisonShown(canvasElement)).toBe(false);
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
