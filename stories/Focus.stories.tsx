import type { Meta, StoryObj } from '@storybook/react-vite';
import { useEffect, useState, type ReactElement } from 'react';
import { expect, fn, userEvent, waitFor, within } from 'storybook/test';
import type { Workflow } from '../src/definition';
import { WorkflowEditor, type WorkflowEditorProps } from '../src/editor';
import { workflowWithProblems } from './fixtures/problem-workflows';
import { approveInquiryWorkflow, hostSecrets } from './fixtures/workflows';
import { tabIntoCanvas } from './story-helpers';
import type { Canvas } from './story-helpers';

/**
 * Where keyboard focus goes as a person moves between the canvas, the action picker and
 * the configuration panel: always to what they are about to use, never to the page.
 * Every story reaches things with the keyboard, as a person without a mouse would.
 */
const meta = {
  title: 'Editor/Focus',
  component: WorkflowEditor,
  args: {
    defaultDefinition: approveInquiryWorkflow,
    onChange: fn(),
    secrets: hostSecrets,
    style: { height: '100vh' },
  },
} satisfies Meta<typeof WorkflowEditor>;

export default meta;
type Story = StoryObj<typeof meta>;

/** The configuration panel (waits for it to open). */
async function findPanel(canvas: Canvas): Promise<HTMLElement> {
  return canvas.findByRole('region', { name: 'Step configuration' });
}

/** Presses `key` until `reached()` holds (at most `limit` presses). */
async function pressUntil(key: string, reached: () => boolean, limit = 30): Promise<void> {
  for (let presses = 0; presses < limit; presses++) {
    if (reached()) return;
    await userEvent.keyboard(key);
  }
  if (!reached()) throw new Error(`${key} never reached its target`);
}

/** Tabs into the canvas and arrows to the card or "+" that `matches` the focused element. */
async function arrowTo(canvasElement: HTMLElement, matches: (element: Element) => boolean): Promise<void> {
  await tabIntoCanvas(canvasElement);
  await userEvent.keyboard('{Home}');
  await pressUntil('{ArrowDown}', () => document.activeElement !== null && matches(document.activeElement));
}

/** The focused element is the step card named `name`. */
function isCard(canvas: Canvas, name: string) {
  return (element: Element) => element === canvas.queryByRole('button', { name });
}

/** The focused element is the "Add step" button described as `description`. */
/** Arrows to "Notify CRM"'s card and presses Enter: the panel, with focus in "Step name". */
async function openNotifyCrmFromKeyboard(canvasElement: HTMLElement, canvas: Canvas): Promise<HTMLElement> {
  await canvas.findByRole('button', { name: 'Notify CRM' });
  await arrowTo(canvasElement, isCard(canvas, 'Notify CRM'));
  await userEvent.keyboard('{Enter}');
  const panelElement = await findPanel(canvas);
  await waitFor(() => expect(within(panelElement).getByRole('textbox', { name: 'Step name' })).toHaveFocus());
  return panelElement;
}

function isPlus(description: string) {
  return (element: Element) => {
    if (element.getAttribute('aria-label') !== 'Add step') return false;
    const ids = element.getAttribute('aria-describedby')?.split(/\s+/) ?? [];
    return (
      ids
        .map((id) => document.getElementById(id)?.textContent ?? '')
        .join(' ')
        .trim() === description
    );
  };
}

// ---- Into the panel ----------------------------------------------------------------------

/**
 * "+" after the trigger, "https", Enter: the new "Make HTTPS Request" step's panel is open
 * and its first field, "Step name", has focus (not the "+" the picker came from).
 */
export const NewStepNameFocusedAfterChoosingAction: Story = {
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await canvas.findByRole('button', { name: 'Notify CRM' });
    await arrowTo(canvasElement, isPlus('after the trigger'));
    await userEvent.keyboard('{Enter}');
    const picker = await canvas.findByRole('dialog', { name: 'Find action' });
    await waitFor(() => expect(within(picker).getByRole('combobox', { name: 'Find action' })).toHaveFocus());
    await userEvent.keyboard('https');
    await userEvent.keyboard('{Enter}');

    const panel = within(await findPanel(canvas));
    await expect(panel.getByRole('heading', { name: 'Make HTTPS Request' })).toBeVisible();
    const name = panel.getByRole('textbox', { name: 'Step name' });
    await waitFor(() => expect(name).toHaveFocus());
    await expect(name).toHaveValue('Make HTTPS Request');
    await expect(canvas.queryByRole('dialog', { name: 'Find action' })).toBeNull();
  },
};

/** Enter on the "Notify CRM" card: its panel is open with "Step name" focused. */
export const StepNameFocusedAfterEnterOnStep: Story = {
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await canvas.findByRole('button', { name: 'Notify CRM' });
    await arrowTo(canvasElement, isCard(canvas, 'Notify CRM'));
    await userEvent.keyboard('{Enter}');

    const panel = within(await findPanel(canvas));
    const name = panel.getByRole('textbox', { name: 'Step name' });
    await waitFor(() => expect(name).toHaveFocus());
    await expect(name).toHaveValue('Notify CRM');
    await expect(canvas.getByRole('button', { name: 'Notify CRM' })).toHaveAttribute('aria-pressed', 'true');
  },
};

/**
 * Space on the trigger card: the trigger's panel is open with "Event" focused. Its fields
 * come from the lazily loaded form, so focus waits for the field to be drawn.
 */
export const EventFocusedAfterSpaceOnTrigger: Story = {
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await canvas.findByRole('button', { name: 'Trigger' });
    await arrowTo(canvasElement, isCard(canvas, 'Trigger'));
    await userEvent.keyboard(' ');

    const panel = within(await findPanel(canvas));
    const event = await panel.findByRole('textbox', { name: /^Event/ });
    await waitFor(() => expect(event).toHaveFocus());
    // Space opened the panel; it typed nothing into the field.
    await expect(event).toHaveValue('inquiry.completed');
  },
};

// ---- Back to the canvas -------------------------------------------------------------------

/** Enter on "Notify CRM", Shift+Tab to "Close", Enter: the panel is closed and the card has focus. */
export const StepCardFocusedAfterClose: Story = {
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    const panel = within(await openNotifyCrmFromKeyboard(canvasElement, canvas));

    await userEvent.keyboard('{Shift>}{Tab}{/Shift}');
    await expect(panel.getByRole('button', { name: 'Close' })).toHaveFocus();
    await userEvent.keyboard('{Enter}');

    await waitFor(() => expect(canvas.queryByRole('region', { name: 'Step configuration' })).toBeNull());
    await waitFor(() => expect(canvas.getByRole('button', { name: 'Notify CRM' })).toHaveFocus());
  },
};

/** The same from the trigger's panel: closed, and the trigger card has focus. */
export const TriggerCardFocusedAfterClose: Story = {
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await canvas.findByRole('button', { name: 'Trigger' });
    await arrowTo(canvasElement, isCard(canvas, 'Trigger'));
    await userEvent.keyboard('{Enter}');
    const panel = within(await findPanel(canvas));
    await waitFor(() => expect(panel.getByRole('textbox', { name: /^Event/ })).toHaveFocus());

    await userEvent.keyboard('{Shift>}{Tab}{/Shift}');
    await expect(panel.getByRole('button', { name: 'Close' })).toHaveFocus();
    await userEvent.keyboard('{Enter}');

    await waitFor(() => expect(canvas.queryByRole('region', { name: 'Step configuration' })).toBeNull());
    await waitFor(() => expect(canvas.getByRole('button', { name: 'Trigger' })).toHaveFocus());
  },
};

/** What another person's edit arriving through the host looks like in these stories. */
const REMOTE_DELETE_EVENT = 'focus-story:remote-delete';

/**
 * A host that holds the definition (controlled) and applies edits made elsewhere: here,
 * another person deleting a step, announced by a DOM event the play dispatches.
 */
function CollaborativeHost(props: WorkflowEditorProps): ReactElement {
  const [definition, setDefinition] = useState<Workflow>(props.defaultDefinition ?? approveInquiryWorkflow);
  useEffect(() => {
    const onRemoteDelete = (event: Event) => {
      const stepId = (event as CustomEvent<string>).detail;
      setDefinition((current) => ({ ...current, steps: current.steps.filter((step) => step.id !== stepId) }));
    };
    window.addEventListener(REMOTE_DELETE_EVENT, onRemoteDelete);
    return () => window.removeEventListener(REMOTE_DELETE_EVENT, onRemoteDelete);
  }, []);
  const { defaultDefinition: _initial, ...rest } = props;
  return (
    <WorkflowEditor
      {...rest}
      definition={definition}
      onChange={(next) => {
        setDefinition(next);
        props.onChange?.(next);
      }}
    />
  );
}

/**
 * The person went from the problems list to "Approve inquiry"'s "Inquiry ID" (the canvas
 * was never visited) when another person deletes that step: the panel closes and focus
 * lands on the canvas where the step was (the "+" after "Notify CRM"), not on the page.
 */
export const PlusFocusedAfterOpenStepDeleted: Story = {
  args: { defaultDefinition: workflowWithProblems },
  render: (args) => <CollaborativeHost {...args} />,
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await canvas.findByRole('button', { name: 'Approve inquiry' });
    const toggle = canvas.getByRole('button', { name: '3 problems' });
    (document.activeElement as HTMLElement | null)?.blur();
    await pressUntil('{Tab}', () => document.activeElement === toggle, 40);
    await userEvent.keyboard('{Enter}');
    const problems = within(await canvas.findByRole('region', { name: 'Problems' }));
    const missing = problems.getByRole('button', { name: /there is no step "missing_step"/ });
    await pressUntil('{Tab}', () => document.activeElement === missing, 40);
    await userEvent.keyboard('{Enter}');
    const panel = within(await findPanel(canvas));
    await waitFor(() => expect(panel.getByRole('textbox', { name: /^Inquiry ID/ })).toHaveFocus());

    window.dispatchEvent(new CustomEvent(REMOTE_DELETE_EVENT, { detail: 'approve' }));

    await waitFor(() => expect(canvas.queryByRole('button', { name: 'Approve inquiry' })).toBeNull());
    await expect(canvas.queryByRole('region', { name: 'Step configuration' })).toBeNull();
    await waitFor(() => expect(document.activeElement).not.toBe(document.body));
    const focused = document.activeElement as HTMLElement;
    await expect(canvas.getByRole('region', { name: 'Workflow canvas' })).toContainElement(focused);
    await expect(focused).toHaveAccessibleName('Add step');
    await expect(focused).toHaveAccessibleDescription('after Notify CRM');
  },
};

// ---- Escape closes only the topmost popover ------------------------------------------------

/**
 * In "Notify CRM"'s panel, "Insert reference" beside "URL", then Escape: the reference
 * list is closed, the panel is still open and focus is back in "URL".
 */
export const PanelOpenAfterEscapeInReferencePicker: Story = {
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    const panelElement = await openNotifyCrmFromKeyboard(canvasElement, canvas);
    const panel = within(panelElement);

    const url = panel.getByRole('textbox', { name: 'URL' });
    await pressUntil('{Tab}', () => document.activeElement === url);
    await userEvent.keyboard('{Tab}');
    await expect(document.activeElement).toHaveAccessibleName('Insert reference');
    await userEvent.keyboard('{Enter}');
    const references = await canvas.findByRole('dialog', { name: 'Insert reference' });
    await waitFor(() => expect(within(references).getByRole('combobox', { name: 'Search references' })).toHaveFocus());

    await userEvent.keyboard('{Escape}');
    await waitFor(() => expect(canvas.queryByRole('dialog', { name: 'Insert reference' })).toBeNull());
    await expect(canvas.getByRole('region', { name: 'Step configuration' })).toBe(panelElement);
    await waitFor(() => expect(url).toHaveFocus());
  },
};

/**
 * With "Notify CRM"'s panel open, back to the canvas, "+" after it, Enter, then Escape:
 * the action picker is closed, the panel is still open and the "+" has focus.
 */
export const PanelOpenAfterEscapeInActionPicker: Story = {
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    const panelElement = await openNotifyCrmFromKeyboard(canvasElement, canvas);

    // Back to the canvas with Shift+Tab (past its zoom controls, onto its tab stop, the
    // step's card), then along it to the "+" below the step.
    await pressUntil('{Shift>}{Tab}{/Shift}', () => isCard(canvas, 'Notify CRM')(document.activeElement!));
    await pressUntil('{ArrowDown}', () => isPlus('after Notify CRM')(document.activeElement!));
    const plus = document.activeElement as HTMLElement;
    await userEvent.keyboard('{Enter}');
    const picker = await canvas.findByRole('dialog', { name: 'Find action' });
    await waitFor(() => expect(within(picker).getByRole('combobox', { name: 'Find action' })).toHaveFocus());

    await userEvent.keyboard('{Escape}');
    await waitFor(() => expect(canvas.queryByRole('dialog', { name: 'Find action' })).toBeNull());
    await expect(canvas.getByRole('region', { name: 'Step configuration' })).toBe(panelElement);
    await expect(within(panelElement).getByRole('heading', { name: 'Make HTTPS Request' })).toBeVisible();
    await expect(within(panelElement).getByRole('textbox', { name: 'Step name' })).toHaveValue('Notify CRM');
    await waitFor(() => expect(plus).toHaveFocus());
  },
};
