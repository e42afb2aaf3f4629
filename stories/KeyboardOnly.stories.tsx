import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect, fn, userEvent, waitFor, within } from 'storybook/test';
import { validateWorkflow, type Workflow } from '../src/definition';
import { WorkflowEditor } from '../src/editor';
import { codeText } from './fixtures/code-field';
import { approveInquiryWorkflow, hostSecrets, seedHttpsStep } from './fixtures/workflows';
import { lastEmitted, tabIntoCanvas, type SpyLike } from './story-helpers';

/**
 * A person without a mouse builds the seed's HTTPS step, start to end, and exports the
 * workflow: every control is reached with Tab and the arrow keys and used with the
 * keyboard. The play counts pointer events on the page and expects none.
 */
const meta = {
  title: 'Editor/KeyboardOnly',
  component: WorkflowEditor,
  args: {
    defaultDefinition: { ...approveInquiryWorkflow, steps: [approveInquiryWorkflow.steps[1]!] },
    onChange: fn(),
    secrets: hostSecrets,
    style: { height: '100vh' },
  },
} satisfies Meta<typeof WorkflowEditor>;

export default meta;
type Story = StoryObj<typeof meta>;

const active = (): HTMLElement => document.activeElement as HTMLElement;

/**
 * Presses Tab (Shift+Tab with `backwards`) until `target()` (found by role and name, as a
 * person finds it by what a screen reader says) has focus.
 */
async function tabTo(
  target: () => HTMLElement,
  options: { backwards?: boolean; limit?: number } = {},
): Promise<HTMLElement> {
  for (let presses = 0; presses < (options.limit ?? 60); presses++) {
    const element = target();
    if (element === active()) return element;
    await userEvent.keyboard(options.backwards ? '{Shift>}{Tab}{/Shift}' : '{Tab}');
  }
  throw new Error(`Tab never reached it (stopped on ${active().outerHTML.slice(0, 120)})`);
}

/** The "Insert reference" button beside `field`. */
const referenceButtonOf = (field: HTMLElement) => () =>
  within(field.closest('.wfe-field') as HTMLElement).getByRole('button', { name: 'Insert reference' });

/** Picks a reference by typing in the "Insert reference" picker of the focused field's button. */
async function insertReference(root: HTMLElement, search: string): Promise<void> {
  await userEvent.keyboard('{Enter}');
  const picker = await within(root).findByRole('dialog', { name: 'Insert reference' });
  const box = within(picker).getByRole('combobox', { name: 'Search references' });
  await waitFor(() => expect(box).toHaveFocus());
  await userEvent.keyboard(search);
  await userEvent.keyboard('{Enter}');
  await waitFor(() => expect(within(root).queryByRole('dialog', { name: 'Insert reference' })).toBeNull());
}

/**
 * Chooses the option labelled `label` in the focused native select with the Down arrow.
 * A closed select's arrow keys are the browser's own behaviour, which synthetic key events
 * do not trigger: after each key the helper does what the browser does for it (the next
 * option, then "input" and "change"), so the select is still reached and used by keyboard.
 */
async function chooseByArrows(label: string): Promise<void> {
  const select = active() as HTMLSelectElement;
  await expect(select.tagName).toBe('SELECT');
  const chosen = () => select.options[select.selectedIndex]?.textContent.trim();
  for (let presses = 0; presses < select.options.length && chosen() !== label; presses++) {
    const before = select.selectedIndex;
    await userEvent.keyboard('{ArrowDown}');
    if (select.selectedIndex === before && before < select.options.length - 1) {
      select.selectedIndex = before + 1;
      select.dispatchEvent(new Event('input', { bubbles: true }));
      select.dispatchEvent(new Event('change', { bubbles: true }));
    }
  }
  await expect(chosen()).toBe(label);
}

/** The seed's HTTPS step, built by keyboard alone; the panel closed and the workflow exported. */
export const BuildHttpsStepByKeyboard: Story = {
  play: async ({ canvasElement, args }) => {
    const canvas = within(canvasElement);
    const pointerEvents: string[] = [];
    const countPointer = (event: Event) => pointerEvents.push(event.type);
    for (const type of ['pointerdown', 'mousedown', 'pointerup', 'mouseup'])
      document.addEventListener(type, countPointer, true);
    try {
      await canvas.findByRole('button', { name: 'Approve inquiry' });

      // Canvas: Tab in, Home (the trigger), down to the "+" after it, Enter, search, Enter.
      await tabIntoCanvas(canvasElement);
      await userEvent.keyboard('{Home}{ArrowDown}');
      await userEvent.keyboard('{Enter}');
      const picker = await canvas.findByRole('dialog', { name: 'Find action' });
      await waitFor(() => expect(within(picker).getByRole('combobox', { name: 'Find action' })).toHaveFocus());
      await userEvent.keyboard('https{Enter}');
      const panel = await canvas.findByRole('region', { name: 'Step configuration' });

      // URL: typed, then the trigger's inquiry id inserted at the end.
      const p = within(panel);
      const url = await tabTo(() => p.getByRole('textbox', { name: 'URL' }));
      await userEvent.keyboard('https://crm.example.com/inquiries/');
      await tabTo(referenceButtonOf(url));
      await insertReference(canvasElement, 'inquiryId');
      await waitFor(() => expect(url).toHaveValue('https://crm.example.com/inquiries/{{ trigger.inquiryId }}'));

      await tabTo(() => p.getByRole('combobox', { name: 'Request Type' }));
      await chooseByArrows('POST');
      const body = await tabTo(() => p.getByRole('textbox', { name: 'Body' }));
      await userEvent.keyboard('{{ "status": "approved" }');
      await waitFor(() => expect(codeText(body)).toBe('{ "status": "approved" }'));

      await tabTo(() => p.getByRole('button', { name: 'Add header' }));
      await userEvent.keyboard('{Enter}');
      await waitFor(() => expect(p.getByRole('textbox', { name: 'Key' })).toHaveFocus());
      await userEvent.keyboard('X-Api-Key');
      const headerValue = await tabTo(() => p.getByRole('textbox', { name: 'Value' }));
      await tabTo(referenceButtonOf(headerValue));
      await insertReference(canvasElement, 'crm_api_key');
      await waitFor(() => expect(headerValue).toHaveValue('{{ secrets.crm_api_key }}'));

      await tabTo(() => p.getByRole('button', { name: 'Advanced Configuration' }));
      await userEvent.keyboard('{Enter}');
      await tabTo(() => p.getByRole('combobox', { name: 'Signing Secret' }));
      await chooseByArrows('crm_signing_secret');
      await tabTo(() => p.getByRole('button', { name: 'Add retry interval' }));
      await userEvent.keyboard('{Enter}');
      await waitFor(() => expect(p.getByRole('spinbutton', { name: 'Retry 1' })).toHaveFocus());
      await userEvent.keyboard('5');
      await tabTo(() => p.getByRole('button', { name: 'Add retry interval' }));
      await userEvent.keyboard('{Enter}');
      await waitFor(() => expect(p.getByRole('spinbutton', { name: 'Retry 2' })).toHaveFocus());
      await userEvent.keyboard('30');
      await tabTo(() => p.getByRole('spinbutton', { name: 'Request Timeout' }));
      await userEvent.keyboard('{Control>}a{/Control}10');

      const expected: Workflow = {
        ...args.defaultDefinition!,
        steps: [seedHttpsStep, ...args.defaultDefinition!.steps],
      };
      await waitFor(() => expect(lastEmitted(args.onChange as unknown as SpyLike)).toStrictEqual(expected));
      await expect(validateWorkflow(expected, { secrets: hostSecrets }).problems).toEqual([]);

      // Close the panel (focus goes back to the new step's card), then export from the toolbar.
      await tabTo(() => p.getByRole('button', { name: 'Close' }), { backwards: true });
      await userEvent.keyboard('{Enter}');
      await waitFor(() => expect(canvas.queryByRole('region', { name: 'Step configuration' })).toBeNull());
      await expect(canvas.getByRole('button', { name: 'Make HTTPS Request' })).toHaveFocus();
      // An editor narrower than its toolbar keeps Export JSON in "More actions".
      if (canvas.queryByRole('button', { name: 'Export JSON' })) {
        await tabTo(() => canvas.getByRole('button', { name: 'Export JSON' }), { backwards: true });
        await userEvent.keyboard('{Enter}');
      } else {
        await tabTo(() => canvas.getByRole('button', { name: 'More actions' }), { backwards: true });
        await userEvent.keyboard('{Enter}');
        const menu = await canvas.findByRole('menu', { name: 'More actions' });
        const exportItem = within(menu).getByRole('menuitem', { name: 'Export JSON' });
        for (let i = 0; i < 8 && document.activeElement !== exportItem; i++) await userEvent.keyboard('{ArrowDown}');
        await expect(exportItem).toHaveFocus();
        await userEvent.keyboard('{Enter}');
      }
      const dialog = await canvas.findByRole('dialog', { name: /Export/ });
      await waitFor(() =>
        expect(dialog.textContent).toContain('"url": "https://crm.example.com/inquiries/{{ trigger.inquiryId }}"'),
      );
      await userEvent.keyboard('{Escape}');
      await waitFor(() => expect(canvas.queryByRole('dialog', { name: /Export/ })).toBeNull());

      await expect(pointerEvents).toEqual([]);
    } finally {
      for (const type of ['pointerdown', 'mousedown', 'pointerup', 'mouseup'])
        document.removeEventListener(type, countPointer, true);
    }
  },
};
