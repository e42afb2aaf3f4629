import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect, fn, userEvent, waitFor, within } from 'storybook/test';
import { WorkflowEditor } from '../src/editor';
import { workflowWithProblems } from './fixtures/problem-workflows';
import { approveInquiryWorkflow, branchingWorkflow, hostSecrets, largeWorkflow } from './fixtures/workflows';
import { tabIntoCanvas } from './story-helpers';
import type { Canvas } from './story-helpers';

/**
 * "Find step": Ctrl+F (Cmd+F on a Mac) while focus is on the canvas opens a search over
 * every step's name, also the ones far off-screen that the canvas has not drawn; Enter
 * selects the step, pans to it and focuses its card. Escape closes it, and only it.
 */
const meta = {
  title: 'Editor/FindStep',
  component: WorkflowEditor,
  args: {
    defaultDefinition: largeWorkflow(1000),
    secrets: hostSecrets,
    onChange: fn(),
    style: { height: '100vh' },
  },
} satisfies Meta<typeof WorkflowEditor>;

export default meta;
type Story = StoryObj<typeof meta>;

/**
 * Tabs into the canvas, presses Ctrl+F (or Cmd+F: `modifier` 'Meta') and waits for "Find
 * step" with focus in its search box.
 */
async function openFindStep(
  canvasElement: HTMLElement,
  canvas: Canvas,
  modifier: 'Control' | 'Meta' = 'Control',
): Promise<HTMLElement> {
  await canvas.findByRole('button', { name: 'Trigger' });
  await tabIntoCanvas(canvasElement);
  await userEvent.keyboard(`{${modifier}>}f{/${modifier}}`);
  const dialog = await canvas.findByRole('dialog', { name: 'Find step' });
  await waitFor(() => expect(within(dialog).getByRole('combobox', { name: 'Find step' })).toHaveFocus());
  return dialog;
}

/** Whether `element` lies wholly inside the canvas region on screen. */
function inView(canvas: Canvas, element: HTMLElement): boolean {
  const region = canvas.getByRole('region', { name: 'Workflow canvas' }).getBoundingClientRect();
  const rect = element.getBoundingClientRect();
  return (
    rect.top >= region.top && rect.bottom <= region.bottom && rect.left >= region.left && rect.right <= region.right
  );
}

// ---- Jump to a step --------------------------------------------------------------------

/**
 * 1,000 steps, Ctrl+F: the first 50 are listed and the rest counted. "Step 873", Enter:
 * that step (far below, never drawn before) is selected, in view, and its card has focus.
 */
export const JumpToStepInLargeWorkflow: Story = {
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await expect(canvas.queryByRole('button', { name: 'Step 873' })).toBeNull();
    const dialog = await openFindStep(canvasElement, canvas);
    const find = within(dialog);
    await expect(find.getAllByRole('option')).toHaveLength(50);
    await expect(find.getByText('950 more — keep typing')).toBeVisible();

    await userEvent.keyboard('Step 873');
    await waitFor(() =>
      expect(find.getAllByRole('option').map((option) => option.textContent)).toEqual(['Step 873Wait']),
    );
    await expect(find.queryByText(/more — keep typing/)).toBeNull();
    await userEvent.keyboard('{Enter}');

    await waitFor(() => expect(canvas.queryByRole('dialog', { name: 'Find step' })).toBeNull());
    const card = await canvas.findByRole('button', { name: 'Step 873' });
    await waitFor(() => expect(card).toHaveFocus());
    await expect(card).toHaveAttribute('aria-pressed', 'true');
    await waitFor(() => expect(inView(canvas, card)).toBe(true));
  },
};

/**
 * A step two branches deep ("Ask for documents", under "High risk" then "Outside EU"),
 * found by part of its name: listed with where it sits, Enter focuses its card.
 */
export const JumpToStepInsideBranch: Story = {
  args: { defaultDefinition: branchingWorkflow },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    const dialog = await openFindStep(canvasElement, canvas);
    await userEvent.keyboard('documents');
    const option = await within(dialog).findByRole('option', { name: /Ask for documents/ });
    await expect(option).toHaveTextContent('in Outside EU');
    await expect(within(dialog).getAllByRole('option')).toHaveLength(1);
    await userEvent.keyboard('{Enter}');
    const card = await canvas.findByRole('button', { name: 'Ask for documents' });
    await waitFor(() => expect(card).toHaveFocus());
    await waitFor(() => expect(inView(canvas, card)).toBe(true));
  },
};

/**
 * "Step 1" matches 272 of the 1,000 steps: the best 50 are listed ("Step 1" itself first,
 * then names starting with it), and a line says how many more there are.
 */
export const ManyMatchesListed: Story = {
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    const dialog = await openFindStep(canvasElement, canvas);
    const find = within(dialog);
    await userEvent.keyboard('Step 1');
    await waitFor(() => expect(find.getByText('222 more — keep typing')).toBeVisible());
    const options = find.getAllByRole('option');
    await expect(options).toHaveLength(50);
    await expect(options[0]).toHaveTextContent(/^Step 1Make HTTPS Request$/);
    await expect(options[0]).toHaveAttribute('aria-selected', 'true');
    await expect(options[1]).toHaveTextContent(/^Step 10/);
  },
};

// ---- Nothing found, Escape -------------------------------------------------------------

/** A name no step has (searched after Cmd+F): "Find step" stays open and says "No steps found". */
export const NoStepFound: Story = {
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    const dialog = await openFindStep(canvasElement, canvas, 'Meta');
    await userEvent.keyboard('Notify CRM');
    await expect(await within(dialog).findByText('No steps found')).toBeVisible();
    await expect(within(dialog).queryAllByRole('option')).toHaveLength(0);
    // Enter with nothing to choose changes nothing.
    await userEvent.keyboard('{Enter}');
    await expect(canvas.getByRole('dialog', { name: 'Find step' })).toBe(dialog);
    await expect(within(dialog).getByRole('combobox', { name: 'Find step' })).toHaveFocus();
  },
};

/** Ctrl+F, a search, then Escape: "Find step" is gone and focus is back on the trigger's card. */
export const ClosedByEscape: Story = {
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    const dialog = await openFindStep(canvasElement, canvas);
    await expect(canvas.getByRole('region', { name: 'Workflow canvas' })).toHaveAccessibleDescription(
      'Press Control+F (Command+F on a Mac) to find a step by name.',
    );
    await userEvent.keyboard('Step 2');
    await expect(within(dialog).getAllByRole('option').length).toBeGreaterThan(0);
    await userEvent.keyboard('{Escape}');
    await waitFor(() => expect(canvas.queryByRole('dialog', { name: 'Find step' })).toBeNull());
    await expect(canvas.getByRole('button', { name: 'Trigger' })).toHaveFocus();
    await expect(canvas.queryByRole('region', { name: 'Step configuration' })).toBeNull();
  },
};

// ---- Escape closes the topmost popover only ----------------------------------------------

/**
 * "Notify CRM"'s panel is open; from it and from the canvas, one popover after another
 * opens over it: the reference list, the step's JSON, "Find step", the step's menu,
 * "Find action". Each Escape closes only the popover on top, focus goes back to what
 * opened it, and the panel stays open throughout.
 */
export const EscapeClosesTopmostOnly: Story = {
  args: { defaultDefinition: approveInquiryWorkflow },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    const panelStaysOpen = async (panelElement: HTMLElement) => {
      await expect(canvas.getByRole('region', { name: 'Step configuration' })).toBe(panelElement);
      await expect(within(panelElement).getByRole('textbox', { name: 'Step name' })).toHaveValue('Notify CRM');
    };

    // The panel, opened from the card with Enter.
    const card = await canvas.findByRole('button', { name: 'Notify CRM' });
    await tabIntoCanvas(canvasElement);
    for (let presses = 0; presses < 10 && document.activeElement !== card; presses++)
      await userEvent.keyboard('{ArrowDown}');
    await expect(card).toHaveFocus();
    await userEvent.keyboard('{Enter}');
    const panelElement = await canvas.findByRole('region', { name: 'Step configuration' });
    const panel = within(panelElement);

    // 1. The reference list over the panel.
    const insertReference = panel.getAllByRole('button', { name: 'Insert reference' })[0]!;
    insertReference.focus();
    await userEvent.keyboard('{Enter}');
    await canvas.findByRole('dialog', { name: 'Insert reference' });
    await userEvent.keyboard('{Escape}');
    await waitFor(() => expect(canvas.queryByRole('dialog', { name: 'Insert reference' })).toBeNull());
    await panelStaysOpen(panelElement);
    await waitFor(() => expect(panelElement).toContainElement(document.activeElement as HTMLElement));
    // In the panel's fields Ctrl+F is the browser's find, not "Find step".
    await userEvent.keyboard('{Control>}f{/Control}');
    await expect(canvas.queryByRole('dialog', { name: 'Find step' })).toBeNull();

    // 2. The step's JSON, a modal dialog over the panel.
    const exportButton = panel.getByRole('button', { name: 'Export step JSON' });
    exportButton.focus();
    await userEvent.keyboard('{Enter}');
    await canvas.findByRole('dialog', { name: 'Export step JSON' });
    await userEvent.keyboard('{Escape}');
    await waitFor(() => expect(canvas.queryByRole('dialog', { name: 'Export step JSON' })).toBeNull());
    await panelStaysOpen(panelElement);
    await waitFor(() => expect(exportButton).toHaveFocus());

    // 3. "Find step" over the canvas, beside the open panel.
    card.focus();
    await userEvent.keyboard('{Control>}f{/Control}');
    await canvas.findByRole('dialog', { name: 'Find step' });
    await userEvent.keyboard('{Escape}');
    await waitFor(() => expect(canvas.queryByRole('dialog', { name: 'Find step' })).toBeNull());
    await panelStaysOpen(panelElement);
    await expect(card).toHaveFocus();

    // 4. The step's menu (Shift+F10 on its card).
    await userEvent.keyboard('{Shift>}{F10}{/Shift}');
    await canvas.findByRole('menu', { name: 'Actions for Notify CRM' });
    await userEvent.keyboard('{Escape}');
    await waitFor(() => expect(canvas.queryByRole('menu', { name: 'Actions for Notify CRM' })).toBeNull());
    await panelStaysOpen(panelElement);
    await waitFor(() => expect(card).toHaveFocus());

    // 5. "Find action", from the "+" below the card.
    await userEvent.keyboard('{ArrowDown}');
    const plus = document.activeElement as HTMLElement;
    await expect(plus).toHaveAccessibleName('Add step');
    await userEvent.keyboard('{Enter}');
    await canvas.findByRole('dialog', { name: 'Find action' });
    await userEvent.keyboard('{Escape}');
    await waitFor(() => expect(canvas.queryByRole('dialog', { name: 'Find action' })).toBeNull());
    await panelStaysOpen(panelElement);
    await waitFor(() => expect(plus).toHaveFocus());
  },
};

/**
 * The Problems list open, one of its problems chosen (the panel opens at "URL"), then the
 * reference list from "URL": Escape closes the reference list only; the panel and the
 * Problems list stay open and focus is back in "URL".
 */
export const ProblemsStayOpenAfterEscapeInReferencePicker: Story = {
  args: { defaultDefinition: workflowWithProblems },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    const toggle = await canvas.findByRole('button', { name: '3 problems' });
    toggle.focus();
    await userEvent.keyboard('{Enter}');
    const problemsElement = await canvas.findByRole('region', { name: 'Problems' });
    within(within(problemsElement).getByRole('list', { name: 'Notify CRM' }))
      .getByRole('button')
      .focus();
    await userEvent.keyboard('{Enter}');
    const panelElement = await canvas.findByRole('region', { name: 'Step configuration' });
    const url = within(panelElement).getByRole('textbox', { name: /^URL/ });
    await waitFor(() => expect(url).toHaveFocus());

    await userEvent.keyboard('{Tab}');
    await expect(document.activeElement).toHaveAccessibleName('Insert reference');
    await userEvent.keyboard('{Enter}');
    await canvas.findByRole('dialog', { name: 'Insert reference' });
    await userEvent.keyboard('{Escape}');
    await waitFor(() => expect(canvas.queryByRole('dialog', { name: 'Insert reference' })).toBeNull());
    await waitFor(() => expect(url).toHaveFocus());
    await expect(canvas.getByRole('region', { name: 'Step configuration' })).toBe(panelElement);
    await expect(canvas.getByRole('region', { name: 'Problems' })).toBe(problemsElement);
  },
};

/**
 * Escape inside the open problems list closes the list only: the panel stays open and
 * focus goes to the "3 problems" toggle that takes the list's place; its Close button
 * does the same.
 */
export const ProblemsListClosedByEscape: Story = {
  args: { defaultDefinition: workflowWithProblems },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await userEvent.click(await canvas.findByRole('button', { name: '3 problems' }));
    const problems = within(await canvas.findByRole('region', { name: 'Problems' }));
    await userEvent.click(within(problems.getByRole('list', { name: 'Notify CRM' })).getByRole('button'));
    const panelElement = await canvas.findByRole('region', { name: 'Step configuration' });

    within(canvas.getByRole('region', { name: 'Problems' }))
      .getAllByRole('button')[0]!
      .focus();
    await userEvent.keyboard('{Escape}');
    await waitFor(() => expect(canvas.queryByRole('region', { name: 'Problems' })).toBeNull());
    await waitFor(() => expect(canvas.getByRole('button', { name: '3 problems' })).toHaveFocus());
    await expect(canvas.getByRole('region', { name: 'Step configuration' })).toBe(panelElement);

    await userEvent.keyboard('{Enter}');
    const reopened = within(await canvas.findByRole('region', { name: 'Problems' }));
    await userEvent.click(reopened.getByRole('button', { name: 'Close' }));
    await waitFor(() => expect(canvas.getByRole('button', { name: '3 problems' })).toHaveFocus());
  },
};
