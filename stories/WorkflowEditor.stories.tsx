import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect, fn, userEvent, waitFor, within } from 'storybook/test';
import { validateWorkflow, type InsertionPoint, type Workflow } from '../src/definition';
import { WorkflowEditor, type WorkflowEditorProps } from '../src/editor';
import { availabilityForPlan, HTTPS_PLAN_REASON } from './fixtures/catalogs';
import { workflowWithProblems } from './fixtures/problem-workflows';
import {
  approveInquiryWorkflow,
  branchingWorkflow,
  emptyWorkflowFixture,
  hostSecrets,
  largeWorkflow,
  seedHttpsStep,
} from './fixtures/workflows';
import {
  chooseInPicker,
  descriptionOf,
  dragOnto,
  findInsertButton,
  insertButtons,
  insertByKeyboard,
  insertThroughPicker,
  lastEmitted,
  namesOf,
  tabIntoCanvas,
} from './story-helpers';

/**
 * The editor as a host embeds it: "+" opens the real action picker, the toolbar offers
 * Save and Publish, and the host lists its secrets, so the HTTPS step's "Signing Secret"
 * and "Insert reference" have names to offer. Plays insert as a person does: "+", then
 * "Make HTTPS Request" in "Find action".
 */
const meta = {
  title: 'Editor/WorkflowEditor',
  component: WorkflowEditor,
  tags: ['autodocs'],
  args: {
    onChange: fn(),
    onSave: fn(),
    onPublish: fn(),
    secrets: hostSecrets,
    style: { height: '100vh' },
  },
} satisfies Meta<typeof WorkflowEditor>;

export default meta;
type Story = StoryObj<typeof meta>;

const LARGE = largeWorkflow(1000);

/** The card (role button) of a step, by step name. */
function stepCard(canvasElement: HTMLElement, name: string): Promise<HTMLElement> {
  return within(canvasElement).findByRole('button', { name });
}

function spyOf(args: Partial<WorkflowEditorProps>) {
  return args.onChange as unknown as ReturnType<typeof fn>;
}

const NEW_STEP_LABEL = 'Make HTTPS Request';

// ---- Empty ----------------------------------------------------------------------------

/**
 * A workflow with no steps: the trigger, one "+" and the end. The play opens the picker
 * from the "+" and closes it again: the story stays empty.
 */
export const Empty: Story = {
  args: { defaultDefinition: emptyWorkflowFixture },
  play: async ({ canvasElement, args }) => {
    const canvas = within(canvasElement);
    await canvas.findByRole('button', { name: 'Trigger' });
    await waitFor(() => expect(insertButtons(canvasElement)).toHaveLength(1));
    const plus = await findInsertButton(canvasElement, 'after the trigger');
    await userEvent.click(plus);
    const picker = await canvas.findByRole('dialog', { name: 'Find action' });
    await expect(within(picker).getByRole('option', { name: /Make HTTPS Request/ })).toBeVisible();
    // Escape where a person presses it: in the search, once focus is there (on a loaded
    // machine it comes a moment after the picker shows).
    await waitFor(() => expect(within(picker).getByRole('combobox', { name: 'Find action' })).toHaveFocus());
    await userEvent.keyboard('{Escape}');
    await waitFor(() => expect(canvas.queryByRole('dialog', { name: 'Find action' })).toBeNull());
    await expect(plus).toHaveFocus();
    await expect(spyOf(args)).not.toHaveBeenCalled();
    await expect(insertButtons(canvasElement)).toHaveLength(1);
  },
};

/** The empty workflow after its first step: "+", "Make HTTPS Request"; the step is drawn, selected. */
export const EmptyThenFirstStepAdded: Story = {
  args: { defaultDefinition: emptyWorkflowFixture },
  play: async ({ canvasElement, args }) => {
    const canvas = within(canvasElement);
    await canvas.findByRole('button', { name: 'Trigger' });
    await insertThroughPicker(canvasElement, await findInsertButton(canvasElement, 'after the trigger'));
    const emitted = lastEmitted(spyOf(args));
    await expect(emitted.steps).toHaveLength(1);
    await expect(emitted.steps[0]).toMatchObject({ type: 'action', action: 'https_request' });
    // The new step is drawn, selected.
    const card = await canvas.findByRole('button', { name: emitted.steps[0]!.name });
    await expect(card).toHaveAttribute('aria-pressed', 'true');
    await expect(card).toHaveAccessibleDescription(NEW_STEP_LABEL);
    // Its configuration panel opened beside the canvas.
    const panel = await canvas.findByRole('region', { name: 'Step configuration' });
    await expect(within(panel).getByRole('heading', { name: NEW_STEP_LABEL })).toBeVisible();
  },
};

// ---- Cards --------------------------------------------------------------------------------

const LONG_NAME = 'Notify the customer relationship system about every approved inquiry of the day';

/**
 * A step still named after its action shows those words once; a long name is cut with an
 * ellipsis and shown whole in its tooltip.
 */
export const CardsSayEachThingOnce: Story = {
  args: {
    defaultDefinition: {
      ...approveInquiryWorkflow,
      steps: approveInquiryWorkflow.steps.map((step, index) => ({
        ...step,
        name: index === 0 ? NEW_STEP_LABEL : LONG_NAME,
      })),
    },
  },
  play: async ({ canvasElement }) => {
    const named = await stepCard(canvasElement, NEW_STEP_LABEL);
    // The action's label stays the card's description, out of sight.
    await expect(named).toHaveAccessibleDescription(NEW_STEP_LABEL);
    const visibleText = [...named.querySelectorAll<HTMLElement>('.wfe-card-text > span')].filter(
      (part) => part.getBoundingClientRect().width > 1,
    );
    await expect(visibleText.map((part) => part.textContent)).toEqual([NEW_STEP_LABEL]);

    const long = await stepCard(canvasElement, LONG_NAME);
    const title = long.querySelector<HTMLElement>('.wfe-card-title')!;
    await expect(title.scrollWidth).toBeGreaterThan(title.clientWidth);
    await expect(title).toHaveAttribute('title', LONG_NAME);
    const kicker = long.querySelector<HTMLElement>('.wfe-card-kicker')!;
    await expect(kicker.getBoundingClientRect().width).toBeGreaterThan(1);
  },
};

// ---- ApproveInquiry ----------------------------------------------------------------------

/**
 * Trigger, "Notify CRM" (HTTPS) and "Approve inquiry". The play inserts at the top, in the
 * middle and at the end, undoes each exactly, and uses the keyboard only for one insert.
 */
export const ApproveInquiry: Story = {
  args: { defaultDefinition: approveInquiryWorkflow },
  play: async ({ canvasElement, args, step }) => {
    const canvas = within(canvasElement);
    const onChange = spyOf(args);
    const original = approveInquiryWorkflow;
    await canvas.findByRole('button', { name: 'Notify CRM' });

    await step('connectors join trigger, points, steps and the end', async () => {
      // trigger→+, +→Notify CRM, Notify CRM→+, +→Approve inquiry, Approve inquiry→+, +→end
      await waitFor(() => expect(canvasElement.querySelectorAll('path.wfe-connector')).toHaveLength(6));
    });

    await step('every connector has a "+" described by where it is', async () => {
      const descriptions = insertButtons(canvasElement).map(descriptionOf);
      await expect(descriptions).toEqual(['after the trigger', 'after Notify CRM', 'after Approve inquiry']);
    });

    const cases: [string, number][] = [
      ['after the trigger', 0],
      ['after Notify CRM', 1],
      ['after Approve inquiry', 2],
    ];
    for (const [description, index] of cases) {
      await step(`insert ${description} puts the step at index ${index}, undo restores`, async () => {
        await insertThroughPicker(canvasElement, await findInsertButton(canvasElement, description));
        const emitted = lastEmitted(onChange);
        await expect(emitted.steps).toHaveLength(3);
        await expect(emitted.steps[index]).toMatchObject({ action: 'https_request' });
        const others = emitted.steps.filter((_, i) => i !== index);
        await expect(others).toEqual(original.steps);
        const card = await canvas.findByRole('button', { name: emitted.steps[index]!.name });
        await expect(card).toHaveAttribute('aria-pressed', 'true');
        card.focus();
        await userEvent.keyboard('{Control>}z{/Control}');
        await expect(lastEmitted(onChange)).toEqual(original);
        await userEvent.keyboard('{Control>}{Shift>}z{/Shift}{/Control}');
        await expect(lastEmitted(onChange)).toEqual(emitted);
        await userEvent.keyboard('{Control>}z{/Control}');
        await expect(lastEmitted(onChange)).toEqual(original);
      });
    }

    await step('keyboard only: Tab into the canvas, Home, Tab through the order, Enter', async () => {
      // Past the toolbar, the canvas is one tab stop (it remembers the last item); Home goes to the trigger.
      await tabIntoCanvas(canvasElement);
      await expect(canvasElement.querySelector('.wfe-canvas')).toContainElement(document.activeElement as HTMLElement);
      await userEvent.keyboard('{Home}');
      await expect(document.activeElement).toBe(canvas.getByRole('button', { name: 'Trigger' }));
      await userEvent.tab();
      await expect(descriptionOf(document.activeElement!)).toBe('after the trigger');
      await userEvent.tab();
      await expect(document.activeElement).toBe(canvas.getByRole('button', { name: 'Notify CRM' }));
      await userEvent.tab();
      await expect(descriptionOf(document.activeElement!)).toBe('after Notify CRM');
      await userEvent.keyboard('{ArrowUp}{ArrowDown}');
      await expect(descriptionOf(document.activeElement!)).toBe('after Notify CRM');
      await insertByKeyboard(canvasElement);
      const emitted = lastEmitted(onChange);
      await expect(emitted.steps[1]).toMatchObject({ action: 'https_request' });
      await expect(emitted.steps.filter((_, i) => i !== 1)).toEqual(original.steps);
      (await stepCard(canvasElement, emitted.steps[1]!.name)).focus();
      await userEvent.keyboard('{Control>}z{/Control}');
      await expect(lastEmitted(onChange)).toEqual(original);
    });

    await step('typing in a field is not a canvas shortcut', async () => {
      const calls = onChange.mock.calls.length;
      const input = document.createElement('input');
      canvasElement.appendChild(input);
      input.focus();
      await userEvent.keyboard('{Control>}z{/Control}{Delete}');
      await expect(onChange.mock.calls.length).toBe(calls);
      input.remove();
    });
  },
};

// ---- Node actions ---------------------------------------------------------------------------

/**
 * Delete, Duplicate, Move up / down (menu and Alt+arrows), Ctrl+C / Ctrl+V and dragging
 * a step onto a "+", each one undo step that undo restores exactly.
 */
export const NodeActions: Story = {
  args: { defaultDefinition: approveInquiryWorkflow },
  play: async ({ canvasElement, args, step }) => {
    const canvas = within(canvasElement);
    const onChange = spyOf(args);
    const original = approveInquiryWorkflow;
    const [notify, approve] = original.steps as [Workflow['steps'][number], Workflow['steps'][number]];
    await canvas.findByRole('button', { name: 'Notify CRM' });
    const undo = async (expected: Workflow) => {
      canvas.getByRole('button', { name: 'Trigger' }).focus();
      await userEvent.keyboard('{Control>}z{/Control}');
      await expect(lastEmitted(onChange)).toEqual(expected);
    };

    await step('Duplicate from the menu puts a copy right after the step', async () => {
      await userEvent.click(canvas.getByRole('button', { name: 'Actions for Notify CRM' }));
      await userEvent.click(await canvas.findByRole('menuitem', { name: 'Duplicate' }));
      const emitted = lastEmitted(onChange);
      await expect(emitted.steps).toHaveLength(3);
      await expect(emitted.steps[0]).toEqual(notify);
      await expect(emitted.steps[1]).toMatchObject({
        action: 'https_request',
        config: notify.type === 'action' ? notify.config : {},
      });
      await expect(emitted.steps[1]!.id).not.toBe(notify.id);
      await expect(emitted.steps[2]).toEqual(approve);
      await undo(original);
    });

    await step('Move down from the menu, then Alt+ArrowUp moves it back', async () => {
      await userEvent.click(canvas.getByRole('button', { name: 'Actions for Notify CRM' }));
      await userEvent.click(await canvas.findByRole('menuitem', { name: 'Move down' }));
      await expect(lastEmitted(onChange).steps).toEqual([approve, notify]);
      (await stepCard(canvasElement, 'Notify CRM')).focus();
      await userEvent.keyboard('{Alt>}{ArrowUp}{/Alt}');
      await expect(lastEmitted(onChange)).toEqual(original);
      await userEvent.keyboard('{Control>}z{/Control}');
      await expect(lastEmitted(onChange).steps).toEqual([approve, notify]);
      await userEvent.keyboard('{Control>}z{/Control}');
      await expect(lastEmitted(onChange)).toEqual(original);
    });

    await step('Delete key on a focused step removes it; focus stays on the canvas', async () => {
      const card = await stepCard(canvasElement, 'Notify CRM');
      await userEvent.click(card);
      await userEvent.keyboard('{Delete}');
      await expect(lastEmitted(onChange).steps).toEqual([approve]);
      await waitFor(() =>
        expect(canvasElement.querySelector('.wfe-canvas')).toContainElement(document.activeElement as HTMLElement),
      );
      await undo(original);
    });

    await step('Ctrl+C on a step and Ctrl+V on a "+" paste a copy there', async () => {
      (await stepCard(canvasElement, 'Approve inquiry')).focus();
      await userEvent.keyboard('{Control>}c{/Control}');
      (await findInsertButton(canvasElement, 'after the trigger')).focus();
      await userEvent.keyboard('{Control>}v{/Control}');
      const emitted = lastEmitted(onChange);
      await expect(emitted.steps).toHaveLength(3);
      await expect(emitted.steps[0]).toMatchObject({
        action: 'approve_inquiry',
        config: approve.type === 'action' ? approve.config : {},
      });
      await expect(emitted.steps.slice(1)).toEqual(original.steps);
      await undo(original);
    });

    await step('dragging a step onto a "+" moves it there', async () => {
      const card = await stepCard(canvasElement, 'Approve inquiry');
      await dragOnto(card, await findInsertButton(canvasElement, 'after the trigger'));
      await waitFor(() => expect(lastEmitted(onChange).steps).toEqual([approve, notify]));
      await undo(original);
    });
  },
};

// ---- Branching ---------------------------------------------------------------------------------

/**
 * A branch step with three columns (one holding a nested branch step) that join below. The
 * play inserts in the columns and undoes each insert, so the story ends as it began.
 */
export const Branching: Story = {
  args: { defaultDefinition: branchingWorkflow, minimap: true },
  play: async ({ canvasElement, args, step }) => {
    const canvas = within(canvasElement);
    const onChange = spyOf(args);
    await canvas.findByRole('button', { name: 'Route by risk' });

    await step('each branch column is headed by its name, left to right', async () => {
      // The root branch step's headers are the highest ones ("Otherwise" also heads a nested column).
      const headers = ['High risk', 'Low risk', 'Otherwise'].map(
        (name) =>
          Array.from(canvasElement.querySelectorAll(`.wfe-branch-header[title="${name}"]`))
            .map((element) => element.getBoundingClientRect())
            .sort((a, b) => a.top - b.top)[0]!,
      );
      await expect(new Set(headers.map((rect) => Math.round(rect.top))).size).toBe(1);
      const lefts = headers.map((rect) => rect.left);
      await expect([...lefts].sort((a, b) => a - b)).toEqual(lefts);
    });

    await step('insert at the start of a branch', async () => {
      await insertThroughPicker(canvasElement, await findInsertButton(canvasElement, 'at the start of Low risk'));
      const route = lastEmitted(onChange).steps[1];
      if (route?.type !== 'branch') throw new Error('branch step expected');
      const low = route.branches[1]!;
      await expect(low.steps).toHaveLength(2);
      await expect(low.steps[0]).toMatchObject({ action: 'https_request' });
      await expect(low.steps[1]!.id).toBe('approve_low');
      (await stepCard(canvasElement, 'Score risk')).focus();
      await userEvent.keyboard('{Control>}z{/Control}');
      await expect(lastEmitted(onChange)).toEqual(branchingWorkflow);
    });

    await step('insert inside a nested branch, after its step', async () => {
      await insertThroughPicker(canvasElement, await findInsertButton(canvasElement, 'after Ask for documents'));
      const route = lastEmitted(onChange).steps[1];
      if (route?.type !== 'branch') throw new Error('branch step expected');
      const nested = route.branches[0]!.steps[1];
      if (nested?.type !== 'branch') throw new Error('nested branch step expected');
      await expect(namesOf(nested.branches[0]!.steps)[0]).toBe('Ask for documents');
      await expect(nested.branches[0]!.steps[1]).toMatchObject({ action: 'https_request' });
      (await stepCard(canvasElement, 'Ask for documents')).focus();
      await userEvent.keyboard('{Control>}z{/Control}');
      await expect(lastEmitted(onChange)).toEqual(branchingWorkflow);
    });

    await step('insert into an empty branch and after the whole branch step', async () => {
      await insertThroughPicker(canvasElement, await findInsertButton(canvasElement, 'at the start of Otherwise'));
      let emitted = lastEmitted(onChange);
      let route = emitted.steps[1];
      if (route?.type !== 'branch') throw new Error('branch step expected');
      const nested = route.branches[0]!.steps[1];
      if (nested?.type !== 'branch') throw new Error('nested branch step expected');
      await expect(nested.branches[1]!.steps).toHaveLength(1);
      (await stepCard(canvasElement, 'Route by risk')).focus();
      await userEvent.keyboard('{Control>}z{/Control}');
      await insertThroughPicker(canvasElement, await findInsertButton(canvasElement, 'after Route by risk'));
      emitted = lastEmitted(onChange);
      await expect(emitted.steps[2]).toMatchObject({ action: 'https_request' });
      await expect(emitted.steps[3]!.id).toBe('notify_crm');
      route = emitted.steps[1];
      await expect(route).toEqual(branchingWorkflow.steps[1]);
      (await stepCard(canvasElement, 'Route by risk')).focus();
      await userEvent.keyboard('{Control>}z{/Control}');
      await expect(lastEmitted(onChange)).toEqual(branchingWorkflow);
    });

    // Below 900 px the minimap would sit on the cards: the editor leaves it out.
    await step('the minimap is drawn where the editor has room for it', async () => {
      const wide = canvasElement.querySelector('.wfe-editor-layout')!.getBoundingClientRect().width >= 900;
      await expect(canvas.queryByRole('img', { name: 'Minimap' }) !== null).toBe(wide);
    });

    // The inserts panned to where they happened: the story ends showing the whole workflow, as it opened.
    await step('"Fit view" shows the whole workflow again', async () => {
      await userEvent.click(canvas.getByRole('button', { name: 'Fit view' }));
      const pane = canvasElement.querySelector('.react-flow__pane')!.getBoundingClientRect();
      await waitFor(() => {
        for (const name of ['Trigger', 'Ask for documents', 'Mark for review']) {
          const card = canvas.getByRole('button', { name }).getBoundingClientRect();
          void expect(card.left >= pane.left && card.right <= pane.right && card.top >= pane.top).toBe(true);
        }
      });
      canvas.getByRole('button', { name: 'Fit view' }).blur();
    });
  },
};

// ---- LargeWorkflow ------------------------------------------------------------------------------

/**
 * 1,000 steps: only what is near the viewport is rendered; the keyboard reaches everything.
 * The play's two inserts are undone at the end: the story keeps its 1,000 steps.
 */
export const LargeWorkflow: Story = {
  args: { defaultDefinition: LARGE, minimap: true },
  play: async ({ canvasElement, args, step }) => {
    const canvas = within(canvasElement);
    const onChange = spyOf(args);
    await canvas.findByRole('button', { name: 'Step 1' });

    await step('renders only the steps near the viewport', async () => {
      const rendered = canvasElement.querySelectorAll('.react-flow__node').length;
      await expect(rendered).toBeGreaterThan(3);
      await expect(rendered).toBeLessThan(150);
      await expect(canvas.queryByRole('button', { name: 'Step 500' })).toBeNull();
    });

    await step('arrow keys walk down to an insertion point that was off-screen, Enter inserts there', async () => {
      await expect(canvas.queryByRole('button', { name: 'Step 40' })).toBeNull();
      await tabIntoCanvas(canvasElement);
      await expect(document.activeElement).toBe(canvas.getByRole('button', { name: 'Trigger' }));
      // Trigger → "+" → Step 1 → "+" ... : 81 presses reach the "+" after Step 40.
      for (let i = 0; i < 81; i++) await userEvent.keyboard('{ArrowDown}');
      const focused = document.activeElement as HTMLElement;
      await expect(descriptionOf(focused)).toBe('after Step 40');
      // It was panned into view.
      const pane = canvasElement.querySelector('.react-flow')!.getBoundingClientRect();
      const rect = focused.getBoundingClientRect();
      await expect(rect.top).toBeGreaterThanOrEqual(pane.top);
      await expect(rect.bottom).toBeLessThanOrEqual(pane.bottom);
      await insertByKeyboard(canvasElement);
      const emitted = lastEmitted(onChange);
      await expect(emitted.steps).toHaveLength(1001);
      await expect(emitted.steps[40]).toMatchObject({ action: 'https_request' });
      await expect(emitted.steps[39]!.id).toBe('step_40');
      await expect(emitted.steps[41]!.id).toBe('step_41');
    });

    await step('End jumps to the last "+", Tab order continues from there', async () => {
      (await stepCard(canvasElement, 'Step 41')).focus();
      await userEvent.keyboard('{End}');
      await expect(descriptionOf(document.activeElement!)).toBe('after Step 1000');
      await insertByKeyboard(canvasElement);
      const emitted = lastEmitted(onChange);
      await expect(emitted.steps).toHaveLength(1002);
      await expect(emitted.steps[1001]).toMatchObject({ action: 'https_request' });
      // The new step's panel took focus; back on the "+", Tab goes on to the new step.
      (await findInsertButton(canvasElement, 'after Step 1000')).focus();
      await userEvent.tab();
      await waitFor(() => expect(document.activeElement).toHaveAccessibleName(emitted.steps[1001]!.name));
      await userEvent.tab({ shift: true });
      await userEvent.tab({ shift: true });
      await expect(document.activeElement).toHaveAccessibleName('Step 1000');
    });

    await step('undo takes both inserts back', async () => {
      await userEvent.keyboard('{Control>}z{/Control}{Control>}z{/Control}');
      await expect(lastEmitted(onChange)).toEqual(LARGE);
    });
  },
};

// ---- ReadOnly ------------------------------------------------------------------------------------

/** The same workflow read-only: no "+", no menus, keys change nothing. */
export const ReadOnly: Story = {
  args: { defaultDefinition: branchingWorkflow, readOnly: true },
  play: async ({ canvasElement, args }) => {
    const canvas = within(canvasElement);
    const card = await canvas.findByRole('button', { name: 'Score risk' });
    await expect(insertButtons(canvasElement)).toHaveLength(0);
    await expect(canvas.queryByRole('button', { name: /^Actions for/ })).toBeNull();
    await userEvent.click(card);
    await userEvent.keyboard(
      '{Delete}{Control>}d{/Control}{Control>}c{/Control}{Control>}v{/Control}{Alt>}{ArrowUp}{/Alt}',
    );
    await expect(spyOf(args)).not.toHaveBeenCalled();
    // Keyboard order skips the missing insertion points.
    await userEvent.keyboard('{Home}');
    await expect(document.activeElement).toBe(canvas.getByRole('button', { name: 'Trigger' }));
    await userEvent.keyboard('{ArrowDown}');
    await expect(document.activeElement).toBe(canvas.getByRole('button', { name: 'Score risk' }));

    // The panel shows every field read-only alike: URL and Body as grey as Step name.
    await userEvent.keyboard('{Enter}');
    const panel = await canvas.findByRole('region', { name: 'Step configuration' });
    const readOnlyGrey = getComputedStyle(within(panel).getByRole('textbox', { name: 'Step name' })).backgroundColor;
    await waitFor(() => {
      const url = within(panel).getByRole('textbox', { name: 'URL' }).closest('.cm-editor')!;
      void expect(getComputedStyle(url).backgroundColor).toBe(readOnlyGrey);
      const body = within(panel).getByRole('textbox', { name: 'Body' }).closest('.wfe-code-editor')!;
      void expect(getComputedStyle(body).backgroundColor).toBe(readOnlyGrey);
    });
  },
};

// ---- DarkTheme -------------------------------------------------------------------------------------

/** `theme="dark"`: the same parts on dark tokens. */
export const DarkTheme: Story = {
  args: { defaultDefinition: branchingWorkflow, theme: 'dark', minimap: true },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await canvas.findByRole('button', { name: 'Route by risk' });
    const root = canvasElement.querySelector('.wfe-root')!;
    await expect(root).toHaveAttribute('data-theme', 'dark');
    await expect(getComputedStyle(canvasElement.querySelector('.wfe-canvas')!).backgroundColor).toBe('rgb(18, 21, 27)');
    await expect(getComputedStyle(canvas.getByRole('button', { name: 'Score risk' })).backgroundColor).toBe(
      'rgb(28, 32, 41)',
    );
  },
};

// ---- TwoEditors ---------------------------------------------------------------------------------------

const firstChange = fn();
const secondChange = fn();

/** Two editors on one page: separate stores, separate pickers, separate undo, unique DOM ids. */
export const TwoEditors: Story = {
  render: () => (
    <div style={{ display: 'grid', gridTemplateColumns: '1fr 1fr', gap: 8, height: '100vh' }}>
      <WorkflowEditor defaultDefinition={approveInquiryWorkflow} onChange={firstChange} secrets={hostSecrets} />
      <WorkflowEditor
        defaultDefinition={approveInquiryWorkflow}
        onChange={secondChange}
        secrets={hostSecrets}
        theme="dark"
      />
    </div>
  ),
  play: async ({ canvasElement }) => {
    firstChange.mockClear();
    secondChange.mockClear();
    const [first, second] = Array.from(canvasElement.querySelectorAll<HTMLElement>('.wfe-root'));
    await within(first!).findByRole('button', { name: 'Notify CRM' });
    await within(second!).findByRole('button', { name: 'Notify CRM' });
    const ids = Array.from(canvasElement.querySelectorAll('[id]')).map((element) => element.id);
    await expect(new Set(ids).size).toBe(ids.length);

    await userEvent.click(await findInsertButton(first!, 'after Notify CRM'));
    // The picker opens in the editor whose "+" was pressed.
    await expect(within(second!).queryByRole('dialog', { name: 'Find action' })).toBeNull();
    await chooseInPicker(first!);
    await expect(firstChange).toHaveBeenCalledTimes(1);
    await expect(secondChange).not.toHaveBeenCalled();
    await expect(insertButtons(first!)).toHaveLength(4);
    await expect(insertButtons(second!)).toHaveLength(3);

    // Undo in the second editor does nothing to the first.
    within(second!).getByRole('button', { name: 'Notify CRM' }).focus();
    await userEvent.keyboard('{Control>}z{/Control}');
    await expect(secondChange).not.toHaveBeenCalled();
    await expect(insertButtons(first!)).toHaveLength(4);

    // Undo in the first takes its insert back: both editors as they began.
    within(first!).getByRole('button', { name: 'Notify CRM' }).focus();
    await userEvent.keyboard('{Control>}z{/Control}');
    await expect(firstChange).toHaveBeenLastCalledWith(approveInquiryWorkflow);
    await waitFor(() => expect(insertButtons(first!)).toHaveLength(3));
  },
};

// ---- The whole flow, with the action picker and the configuration panel ------------------

/** A trigger with a payload schema and one approve step: where a newcomer starts. */
const newcomerWorkflow: Workflow = {
  ...approveInquiryWorkflow,
  steps: [approveInquiryWorkflow.steps[1]!],
};

/**
 * What a newcomer does, start to end: hover the connector, "Add step", find "https",
 * choose "Make HTTPS Request", fill the URL with a reference from the picker, POST a body,
 * add a header, sign with a secret, retry at 5 and 30 seconds, time out after 10.
 */
export const AddHttpsStepEndToEnd: Story = {
  args: { defaultDefinition: newcomerWorkflow },
  play: async ({ canvasElement, args }) => {
    const canvas = within(canvasElement);
    const onChange = spyOf(args);

    const plus = await findInsertButton(canvasElement, 'after the trigger');
    await userEvent.hover(plus);
    await userEvent.click(plus);
    const picker = await canvas.findByRole('dialog', { name: 'Find action' });
    const search = within(picker).getByRole('combobox', { name: 'Find action' });
    await waitFor(() => expect(search).toHaveFocus());
    await userEvent.type(search, 'https');
    await userEvent.click(within(picker).getByRole('option', { name: /Make HTTPS Request/ }));

    const panel = within(await canvas.findByRole('region', { name: 'Step configuration' }));
    await expect(panel.getByRole('heading', { name: 'Make HTTPS Request' })).toBeVisible();

    // URL: typed, then a trigger field inserted at the cursor through "Insert reference".
    const url = panel.getByRole<HTMLInputElement>('textbox', { name: 'URL' });
    await userEvent.type(url, 'https://crm.example.com/inquiries/');
    await userEvent.click(
      within(url.closest('.wfe-field') as HTMLElement).getByRole('button', { name: 'Insert reference' }),
    );
    const references = await canvas.findByRole('dialog', { name: 'Insert reference' });
    await userEvent.type(within(references).getByRole('combobox', { name: 'Search references' }), 'inquiryId');
    await userEvent.keyboard('{Enter}');
    await waitFor(() => expect(url).toHaveValue('https://crm.example.com/inquiries/{{ trigger.inquiryId }}'));

    await userEvent.selectOptions(panel.getByRole('combobox', { name: 'Request Type' }), 'POST');
    await userEvent.click(await panel.findByRole('textbox', { name: 'Body' }));
    await userEvent.paste('{ "status": "approved" }');

    await userEvent.click(panel.getByRole('button', { name: 'Add header' }));
    const headers = within(panel.getByRole('group', { name: 'Request Headers' }));
    await userEvent.type(headers.getByRole('textbox', { name: 'Key' }), 'X-Api-Key');
    const headerValue = headers.getByRole('textbox', { name: 'Value' });
    await userEvent.click(
      within(headerValue.closest('.wfe-field') as HTMLElement).getByRole('button', { name: 'Insert reference' }),
    );
    const secretsPicker = await canvas.findByRole('dialog', { name: 'Insert reference' });
    await userEvent.type(within(secretsPicker).getByRole('combobox', { name: 'Search references' }), 'crm_api_key');
    await userEvent.keyboard('{Enter}');
    await waitFor(() => expect(headerValue).toHaveValue('{{ secrets.crm_api_key }}'));

    await userEvent.click(panel.getByRole('button', { name: 'Advanced Configuration' }));
    await userEvent.selectOptions(panel.getByRole('combobox', { name: 'Signing Secret' }), 'crm_signing_secret');
    await userEvent.click(panel.getByRole('button', { name: 'Add retry interval' }));
    await userEvent.type(panel.getByRole('spinbutton', { name: 'Retry 1' }), '5');
    await userEvent.click(panel.getByRole('button', { name: 'Add retry interval' }));
    await userEvent.type(panel.getByRole('spinbutton', { name: 'Retry 2' }), '30');
    await userEvent.type(panel.getByRole('spinbutton', { name: 'Request Timeout' }), '10');

    const expected: Workflow = {
      ...newcomerWorkflow,
      steps: [seedHttpsStep, ...newcomerWorkflow.steps],
    };
    await waitFor(() => expect(lastEmitted(onChange)).toStrictEqual(expected));
    const validation = validateWorkflow(lastEmitted(onChange), { secrets: hostSecrets });
    await expect(validation.problems).toEqual([]);
    await expect(validation.ok).toBe(true);
  },
};

/**
 * A host on a plan without the HTTPS step (the product's Startup and Essential plans): the
 * picker lists it disabled with the reason, and choosing it inserts nothing. The play
 * undoes the step it adds and leaves the picker open on the disabled HTTPS step.
 */
export const PlanGated: Story = {
  args: {
    defaultDefinition: newcomerWorkflow,
    isActionAvailable: availabilityForPlan('Essential Plan'),
  },
  play: async ({ canvasElement, args }) => {
    const canvas = within(canvasElement);
    await userEvent.click(await findInsertButton(canvasElement, 'after the trigger'));
    const picker = await canvas.findByRole('dialog', { name: 'Find action' });
    const https = within(picker).getByRole('option', { name: /Make HTTPS Request/ });
    await expect(https).toHaveAttribute('aria-disabled', 'true');
    await expect(within(https).getByText(HTTPS_PLAN_REASON)).toBeVisible();
    await userEvent.click(https);
    await userEvent.type(within(picker).getByRole('combobox', { name: 'Find action' }), 'https');
    await userEvent.keyboard('{Enter}');
    await expect(spyOf(args)).not.toHaveBeenCalled();

    // Everything else on the plan still works: "Send Email" goes in right there.
    await userEvent.clear(within(picker).getByRole('combobox', { name: 'Find action' }));
    await userEvent.click(within(picker).getByRole('option', { name: /Send Email/ }));
    await waitFor(() =>
      expect(lastEmitted(spyOf(args)).steps.map((step) => step.id)).toEqual(['send_email', 'approve']),
    );

    await userEvent.click(canvas.getByRole('button', { name: 'Undo' }));
    await waitFor(() => expect(lastEmitted(spyOf(args))).toEqual(newcomerWorkflow));
    await userEvent.click(await findInsertButton(canvasElement, 'after the trigger'));
    const reopened = await canvas.findByRole('dialog', { name: 'Find action' });
    await expect(within(reopened).getByRole('option', { name: /Make HTTPS Request/ })).toHaveAttribute(
      'aria-disabled',
      'true',
    );
  },
};

// ---- Host restrictions ------------------------------------------------------------------------

/**
 * The host allows no step before the first one nor inside branches (`canInsertStep`): those
 * "+" are not drawn and the keyboard skips them; the others still insert. It also keeps
 * "Score risk" (`canDeleteStep`): its menu's "Delete" is disabled.
 */
export const HostRestrictsInsertion: Story = {
  args: {
    defaultDefinition: branchingWorkflow,
    canInsertStep: (point: InsertionPoint) => point.branchId === null && point.index > 0,
    canDeleteStep: (step) => step.id !== 'score_risk',
  },
  play: async ({ canvasElement, args }) => {
    const canvas = within(canvasElement);
    await canvas.findByRole('button', { name: 'Route by risk' });
    await waitFor(() =>
      expect(insertButtons(canvasElement).map(descriptionOf)).toEqual([
        'after Score risk',
        'after Route by risk',
        'after Notify CRM',
      ]),
    );
    await expect(canvasElement.querySelector('.wfe-insert-spot')).not.toBeNull();

    // The keyboard goes from the trigger straight to the first step, and from a branch's
    // step to the next step (no hidden "+" in between).
    (await stepCard(canvasElement, 'Score risk')).focus();
    await userEvent.keyboard('{Home}');
    await expect(document.activeElement).toBe(canvas.getByRole('button', { name: 'Trigger' }));
    await userEvent.keyboard('{ArrowDown}');
    await expect(document.activeElement).toBe(canvas.getByRole('button', { name: 'Score risk' }));
    await userEvent.keyboard('{ArrowDown}');
    await expect(descriptionOf(document.activeElement!)).toBe('after Score risk');
    await userEvent.keyboard('{ArrowDown}{ArrowDown}');
    await expect(document.activeElement).toBe(canvas.getByRole('button', { name: 'Open review case' }));
    await userEvent.keyboard('{ArrowDown}');
    await expect(document.activeElement).toBe(canvas.getByRole('button', { name: 'Check country' }));

    // The host keeps "Score risk": its menu offers no "Delete" and the Delete key does nothing.
    await userEvent.click(canvas.getByRole('button', { name: 'Actions for Score risk' }));
    await expect(await canvas.findByRole('menuitem', { name: 'Delete' })).toBeDisabled();
    await expect(canvas.getByRole('menuitem', { name: 'Duplicate' })).toBeEnabled();
    await userEvent.keyboard('{Escape}');
    (await stepCard(canvasElement, 'Score risk')).focus();
    await userEvent.keyboard('{Delete}');
    await expect(spyOf(args)).not.toHaveBeenCalled();

    // An allowed "+" still inserts exactly there.
    await insertThroughPicker(canvasElement, await findInsertButton(canvasElement, 'after Route by risk'));
    const emitted = lastEmitted(spyOf(args));
    await expect(emitted.steps.map((step) => step.id)).toEqual([
      'score_risk',
      'route',
      emitted.steps[2]!.id,
      'notify_crm',
    ]);
    await expect(emitted.steps[2]).toMatchObject({ action: 'https_request' });

    // The new step is in view in what the panel leaves of the canvas: beside the panel
    // where the editor is 1,200 px or wider, else beside the drawer that overlays it. At
    // the readable zoom floor the three branch columns are wider than that, so the canvas
    // pans to the step rather than shrinking.
    const panel = await canvas.findByRole('region', { name: 'Step configuration' });
    await waitFor(() => {
      const pane = canvasElement.querySelector('.react-flow')!.getBoundingClientRect();
      const panelLeft = panel.getBoundingClientRect().left;
      if (canvasElement.getBoundingClientRect().width >= 1200) {
        void expect(pane.right).toBeLessThanOrEqual(panelLeft + 1);
      }
      const rect = canvas.getByRole('button', { name: NEW_STEP_LABEL }).getBoundingClientRect();
      void expect(rect.left).toBeGreaterThanOrEqual(pane.left);
      void expect(rect.right).toBeLessThanOrEqual(Math.min(pane.right, panelLeft + 1));
    });
  },
};

// ---- References that stop resolving ------------------------------------------------------------

/** "Approve inquiry" takes its id from the response of "Notify CRM". */
const chainedWorkflow: Workflow = {
  ...approveInquiryWorkflow,
  steps: approveInquiryWorkflow.steps.map((step) =>
    step.id === 'approve' && step.type === 'action'
      ? { ...step, config: { inquiryId: '{{ steps.notify_crm.output.body.id }}' } }
      : step,
  ),
};

/**
 * After a delete or a move, a reference that no longer resolves is a problem on the step
 * that holds it: its badge says "1 problem"; undo takes it away again.
 */
export const BrokenReferenceAfterDeleteOrMove: Story = {
  args: { defaultDefinition: chainedWorkflow },
  play: async ({ canvasElement, step }) => {
    const canvas = within(canvasElement);
    const approveShell = async () =>
      (await stepCard(canvasElement, 'Approve inquiry')).closest('.wfe-node-shell') as HTMLElement;
    await canvas.findByRole('button', { name: 'Notify CRM' });
    await expect(within(await approveShell()).queryByRole('button', { name: /problem/ })).toBeNull();

    await step('delete the step it references', async () => {
      await userEvent.click(canvas.getByRole('button', { name: 'Actions for Notify CRM' }));
      await userEvent.click(await canvas.findByRole('menuitem', { name: 'Delete' }));
      await waitFor(() => expect(canvas.queryByRole('button', { name: 'Notify CRM' })).toBeNull());
      const badge = await within(await approveShell()).findByRole('button', { name: '1 problem' });
      await expect(badge).toHaveTextContent('1');
      await expect(
        within(canvasElement.querySelector('.wfe-toolbar') as HTMLElement).getByRole('button', { name: 'Undo' }),
      ).toBeEnabled();
      await userEvent.click(canvas.getByRole('button', { name: 'Undo' }));
      await waitFor(() => expect(within(canvasElement).queryByRole('button', { name: '1 problem' })).toBeNull());
    });

    await step('move it above the step it references', async () => {
      (await stepCard(canvasElement, 'Approve inquiry')).focus();
      await userEvent.keyboard('{Alt>}{ArrowUp}{/Alt}');
      await within(await approveShell()).findByRole('button', { name: '1 problem' });
      // The badge takes the person to the field.
      await userEvent.click(within(await approveShell()).getByRole('button', { name: '1 problem' }));
      const panel = within(await canvas.findByRole('region', { name: 'Step configuration' }));
      await waitFor(() => expect(panel.getByRole('textbox', { name: /^Inquiry ID/ })).toHaveFocus());
      await expect(panel.getByRole('textbox', { name: /^Inquiry ID/ })).toHaveAttribute('aria-invalid', 'true');
    });
  },
};

// ---- Publish blocked, in the whole editor -------------------------------------------------------

/**
 * "Publish" on a workflow with problems publishes nothing: the problems list opens, the
 * panel shows every error beside its field, and choosing a problem focuses its field.
 */
export const PublishBlockedShowsErrorsBesideFields: Story = {
  args: { defaultDefinition: workflowWithProblems, onPublish: fn() },
  play: async ({ canvasElement, args, step }) => {
    const canvas = within(canvasElement);
    const errorBeside = (field: HTMLElement): string =>
      field.closest<HTMLElement>('.wfe-field')?.querySelector('.wfe-field-errors')?.textContent ?? '';
    await canvas.findByRole('button', { name: 'Notify CRM' });
    await expect(canvas.queryByRole('region', { name: 'Problems' })).toBeNull();
    await expect(canvas.queryByRole('region', { name: 'Step configuration' })).toBeNull();

    await step('Publish is refused: the list opens, the panel shows the errors', async () => {
      await userEvent.click(canvas.getByRole('button', { name: 'Publish' }));
      await expect(args.onPublish).not.toHaveBeenCalled();
      await expect(
        within(canvas.getByRole('toolbar', { name: 'Workflow toolbar' })).getByRole('status'),
      ).toHaveTextContent('Fix 3 problems before publishing.');
      const problems = within(await canvas.findByRole('region', { name: 'Problems' }));
      await expect(problems.getAllByRole('listitem')).toHaveLength(3);
      // The panel opened on the first problem's place, with its error beside the field.
      const panel = await canvas.findByRole('region', { name: 'Step configuration' });
      const invalid = panel.querySelectorAll('[aria-invalid="true"]');
      await expect(invalid.length).toBeGreaterThan(0);
      await expect(errorBeside(invalid[0] as HTMLElement)).not.toBe('');
    });

    await step('choosing a problem selects its step and focuses the field, error beside it', async () => {
      const problems = within(canvas.getByRole('region', { name: 'Problems' }));
      await userEvent.click(problems.getByRole('button', { name: /URL must be an absolute https/ }));
      const panelOf = () => within(canvas.getByRole('region', { name: 'Step configuration' }));
      await waitFor(() => expect(panelOf().getByRole('textbox', { name: 'Step name' })).toHaveValue('Notify CRM'));
      const url = panelOf().getByRole('textbox', { name: /^URL/ });
      await waitFor(() => expect(url).toHaveFocus());
      await expect(url).toHaveAttribute('aria-invalid', 'true');
      // Not touched yet, shown anyway: Publish revealed every error.
      await expect(errorBeside(url)).toMatch(/https/i);
      await expect(canvas.getByRole('button', { name: 'Notify CRM' })).toHaveAttribute('aria-pressed', 'true');

      await userEvent.click(problems.getByRole('button', { name: /there is no step "missing_step"/ }));
      await waitFor(() => expect(panelOf().getByRole('textbox', { name: 'Step name' })).toHaveValue('Approve inquiry'));
      const inquiryId = panelOf().getByRole('textbox', { name: /^Inquiry ID/ });
      await waitFor(() => expect(inquiryId).toHaveFocus());
      await expect(errorBeside(inquiryId)).toMatch(/missing_step/);
    });

    await step('fixing a field removes its problem; Publish still counts the rest', async () => {
      const url = within(canvas.getByRole('region', { name: 'Problems' }));
      await userEvent.click(url.getByRole('button', { name: /URL must be an absolute https/ }));
      const field = await canvas.findByRole('textbox', { name: /^URL/ });
      await userEvent.clear(field);
      await userEvent.type(field, 'https://crm.example.com/hooks/inquiries');
      const problems = within(canvas.getByRole('region', { name: 'Problems' }));
      await waitFor(() => expect(problems.getAllByRole('listitem')).toHaveLength(2));
      await userEvent.click(canvas.getByRole('button', { name: 'Publish' }));
      await expect(args.onPublish).not.toHaveBeenCalled();
      await expect(
        within(canvas.getByRole('toolbar', { name: 'Workflow toolbar' })).getByRole('status'),
      ).toHaveTextContent('Fix 2 problems before publishing.');
    });
  },
};

// ---- Save, in the whole editor -------------------------------------------------------------------

let saveAttempts = 0;

/**
 * An editor without its toolbar (`toolbar={false}`, the host's own around it) still asks
 * before the page is left with unsaved changes, when `warnOnUnsavedChanges` says so.
 */
export const WithoutToolbarWarnsBeforeLeaving: Story = {
  args: { defaultDefinition: approveInquiryWorkflow, toolbar: false, warnOnUnsavedChanges: true },
  play: async ({ canvasElement }) => {
    const leave = (): boolean => {
      const event = new Event('beforeunload', { cancelable: true });
      window.dispatchEvent(event);
      return event.defaultPrevented;
    };
    const canvas = within(canvasElement);
    await canvas.findByRole('button', { name: 'Notify CRM' });
    await expect(canvas.queryByRole('toolbar', { name: 'Workflow toolbar' })).toBeNull();
    await expect(leave()).toBe(false);
    await insertThroughPicker(canvasElement, await findInsertButton(canvasElement, 'after Approve inquiry'));
    await expect(leave()).toBe(true);
  },
};

/**
 * Save in the whole editor: enabled only with unsaved changes; a rejection is shown and
 * keeps the changes unsaved; a later success clears them; undo after saving makes the
 * editor unsaved again (compared with what was saved, not with what it was given).
 */
export const SaveInTheEditor: Story = {
  args: {
    defaultDefinition: approveInquiryWorkflow,
    onSave: fn(() => {
      saveAttempts += 1;
      // The host's save is asynchronous: the first one rejects as an unreachable server would.
      return saveAttempts === 1 ? Promise.reject(new Error('the server is unreachable')) : Promise.resolve();
    }),
  },
  play: async ({ canvasElement, args }) => {
    saveAttempts = 0;
    const canvas = within(canvasElement);
    const save = canvas.getByRole('button', { name: 'Save' });
    await canvas.findByRole('button', { name: 'Notify CRM' });
    await expect(save).toBeDisabled();

    await insertThroughPicker(canvasElement, await findInsertButton(canvasElement, 'after Approve inquiry'));
    const edited = lastEmitted(spyOf(args));
    await expect(save).toBeEnabled();

    await userEvent.click(save);
    await expect(await canvas.findByRole('alert')).toHaveTextContent('Could not save: the server is unreachable');
    await expect(save).toBeEnabled();
    await expect(canvas.getByRole('img', { name: 'Unsaved changes' })).toBeVisible();

    await userEvent.click(save);
    await waitFor(() =>
      expect(within(canvas.getByRole('toolbar', { name: 'Workflow toolbar' })).getByRole('status')).toHaveTextContent(
        'Saved',
      ),
    );
    await expect(args.onSave).toHaveBeenCalledTimes(2);
    await expect(args.onSave).toHaveBeenLastCalledWith(edited);
    // Disabled, but keeping the focus its press left there.
    await expect(save).toHaveAttribute('aria-disabled', 'true');
    await expect(document.activeElement).toBe(save);
    await expect(canvas.queryByRole('img', { name: 'Unsaved changes' })).toBeNull();

    await userEvent.click(canvas.getByRole('button', { name: 'Undo' }));
    await expect(lastEmitted(spyOf(args))).toEqual(approveInquiryWorkflow);
    await expect(save).toBeEnabled();
  },
};
