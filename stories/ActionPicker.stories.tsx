import type { Meta, StoryObj } from '@storybook/react-vite';
import { useEffect, useState, type ReactElement } from 'react';
import { expect, fn, userEvent, waitFor, within } from 'storybook/test';
import { builtInCatalog, type ActionCatalog, type ActionDefinition, type Workflow } from '../src/definition';
import { ActionPicker, type IsActionAvailable } from '../src/editor/picker/ActionPicker';
import { ConnectedActionPicker } from '../src/editor/picker/ConnectedActionPicker';
import { Toolbar } from '../src/editor/toolbar/Toolbar';
import { WorkflowEditorProvider, useWorkflowEditorStore } from '../src/editor/WorkflowEditorProvider';
import {
  HTTPS_PLAN_REASON,
  HTTPS_STEP_BY_PLAN,
  PLANS,
  availabilityForPlan,
  hostCatalog,
  type Plan,
} from './fixtures/catalogs';
import { approveInquiryWorkflow, emptyWorkflowFixture } from './fixtures/workflows';
import { EditorBodyFrame, useFirstInsertButton, useLastPressedButton } from './story-frames';
import { findInsertButton } from './story-helpers';

/**
 * A host that places the picker itself: the canvas's "+" (through `onInsertRequest`)
 * opens `ActionPicker` beside it. The story opens beside the first "+" from the start, so
 * it shows the picker where a person meets it. Choosing only reports the action (see
 * Connected for the picker that inserts).
 */
function PickerOnCanvas(props: {
  catalog: ActionCatalog;
  isActionAvailable?: IsActionAvailable;
  onSelect: (action: ActionDefinition) => void;
  frameHeight?: number | string;
}): ReactElement {
  const [root, setRoot] = useState<HTMLDivElement | null>(null);
  const firstPlus = useFirstInsertButton(root);
  // 'first': beside the first "+" once it is drawn; null: closed.
  const [openAt, setOpenAt] = useState<'first' | HTMLElement | null>('first');
  const { lastPressed, captureHandlers } = useLastPressedButton();
  const anchor = openAt === 'first' ? firstPlus : openAt;
  const close = (): void => {
    setOpenAt(null);
    anchor?.focus();
  };
  return (
    <WorkflowEditorProvider defaultDefinition={approveInquiryWorkflow} catalog={props.catalog}>
      <div ref={setRoot} {...captureHandlers}>
        <EditorBodyFrame
          style={{ height: props.frameHeight ?? '100vh' }}
          onInsertRequest={() => setOpenAt(lastPressed())}
        >
          {anchor && (
            <ActionPicker
              catalog={props.catalog}
              anchor={anchor}
              isActionAvailable={props.isActionAvailable}
              onSelect={(action) => {
                props.onSelect(action);
                close();
              }}
              onClose={close}
            />
          )}
        </EditorBodyFrame>
      </div>
    </WorkflowEditorProvider>
  );
}

const meta = {
  title: 'Components/ActionPicker',
  component: ActionPicker,
  tags: ['autodocs'],
  args: {
    catalog: builtInCatalog,
    anchor: null,
    onSelect: fn(),
    onClose: fn(),
  },
} satisfies Meta<typeof ActionPicker>;

export default meta;
type Story = StoryObj<typeof meta>;

const FIRST_PLUS = 'after the trigger';

/** The open picker, opening it from the first "+" if it is closed. */
async function openPicker(canvasElement: HTMLElement): Promise<HTMLElement> {
  const canvas = within(canvasElement);
  const open = canvas.queryByRole('dialog', { name: 'Find action' });
  if (open) return open;
  await userEvent.click(await findInsertButton(canvasElement, FIRST_PLUS));
  return canvas.findByRole('dialog', { name: 'Find action' });
}

async function expectClosedWithFocusOnPlus(canvasElement: HTMLElement): Promise<void> {
  await waitFor(() => expect(within(canvasElement).queryByRole('dialog', { name: 'Find action' })).toBeNull());
  await expect(await findInsertButton(canvasElement, FIRST_PLUS)).toHaveFocus();
}

/**
 * Open beside the "+" after the trigger: search, keyboard, categories. The play chooses,
 * closes and reopens, and leaves the picker open as it began.
 */
export const Default: Story = {
  render: (args) => <PickerOnCanvas catalog={args.catalog} onSelect={args.onSelect} />,
  play: async ({ canvasElement, args }) => {
    const dialog = await within(canvasElement).findByRole('dialog', { name: 'Find action' });
    const search = within(dialog).getByRole('combobox', { name: 'Find action' });
    await waitFor(() => expect(search).toHaveFocus());

    // Beside its "+": the dialog starts level with it, to its side.
    const plus = (await findInsertButton(canvasElement, FIRST_PLUS)).getBoundingClientRect();
    const box = dialog.getBoundingClientRect();
    await expect(box.left >= plus.right - 1 || box.right <= plus.left + 1 || box.top >= plus.bottom - 1).toBe(true);

    // Grouped under category headings, "Compute" holds "Make HTTPS Request".
    const compute = within(dialog).getByRole('group', { name: 'Compute' });
    await expect(within(compute).getByRole('option', { name: /Make HTTPS Request/ })).toBeVisible();

    // Label, category and keywords all find the HTTPS step.
    for (const query of ['https', 'http', 'webhook', 'request', 'compute']) {
      await userEvent.clear(search);
      await userEvent.type(search, query);
      await expect(within(dialog).getByRole('option', { name: /Make HTTPS Request/ })).toBeVisible();
      await expect(within(dialog).queryByRole('option', { name: /Approve Inquiry/i })).toBeNull();
    }
    await userEvent.clear(search);
    await userEvent.type(search, 'zzzz');
    await expect(within(dialog).getByText('No actions found')).toBeVisible();

    // Arrow keys move, Enter chooses.
    await userEvent.clear(search);
    await userEvent.type(search, 'email');
    await userEvent.keyboard('{Enter}');
    await expect(args.onSelect).toHaveBeenCalledWith(expect.objectContaining({ id: 'send_email' }));
    await expectClosedWithFocusOnPlus(canvasElement);

    const again = await openPicker(canvasElement);
    const options = within(again).getAllByRole('option');
    await expect(options[0]).toHaveAttribute('aria-selected', 'true');
    await userEvent.keyboard('{ArrowDown}');
    await expect(options[1]).toHaveAttribute('aria-selected', 'true');
    await userEvent.keyboard('{ArrowUp}');
    await expect(options[0]).toHaveAttribute('aria-selected', 'true');

    // Escape closes and returns focus to the "+".
    await userEvent.keyboard('{Escape}');
    await expectClosedWithFocusOnPlus(canvasElement);

    // Open again, as the story began.
    await openPicker(canvasElement);
  },
};

/** The product page's plan table, and the picker on the canvas for the chosen plan. */
function PlanTableDemo(props: { onSelect: (action: ActionDefinition) => void }): ReactElement {
  const [plan, setPlan] = useState<Plan>('Startup Program');
  return (
    <div style={{ fontFamily: 'var(--wfe-font-family)', color: 'var(--wfe-color-text)' }}>
      <div style={{ padding: '16px 32px' }}>
        <table style={{ borderCollapse: 'collapse', marginBottom: 16 }}>
          <caption style={{ textAlign: 'left', fontWeight: 600, marginBottom: 8 }}>
            Make HTTPS Request step by plan
          </caption>
          <thead>
            <tr>
              <th />
              {PLANS.map((name) => (
                <th key={name} scope="col" style={{ padding: '4px 12px' }}>
                  {name}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            <tr>
              <th scope="row" style={{ padding: '4px 12px', textAlign: 'left' }}>
                Make HTTPS Request step
              </th>
              {PLANS.map((name) => (
                <td key={name} style={{ padding: '4px 12px', textAlign: 'center' }}>
                  {HTTPS_STEP_BY_PLAN[name] ? 'Available' : 'Not Available'}
                </td>
              ))}
            </tr>
          </tbody>
        </table>
        <label>
          Plan{' '}
          <select value={plan} onChange={(event) => setPlan(event.target.value as Plan)}>
            {PLANS.map((name) => (
              <option key={name}>{name}</option>
            ))}
          </select>
        </label>
      </div>
      <PickerOnCanvas
        key={plan}
        catalog={builtInCatalog}
        isActionAvailable={availabilityForPlan(plan)}
        onSelect={props.onSelect}
        frameHeight="calc(100vh - 150px)"
      />
    </div>
  );
}

/**
 * Startup and Essential plans list the HTTPS step disabled with the reason; Growth and
 * Enterprise offer it. The play goes through every plan and ends on the first, as it began.
 */
export const PlanGated: Story = {
  render: (args) => <PlanTableDemo onSelect={args.onSelect} />,
  play: async ({ canvasElement, args }) => {
    const canvas = within(canvasElement);
    const choosePlan = async (plan: Plan) => {
      await userEvent.selectOptions(canvas.getByRole('combobox', { name: 'Plan' }), plan);
      await waitFor(() => expect(canvas.getByRole('combobox', { name: 'Plan' })).toHaveValue(plan));
    };
    for (const plan of PLANS) {
      await choosePlan(plan);
      const dialog = await openPicker(canvasElement);
      const https = within(dialog).getByRole('option', { name: /Make HTTPS Request/ });
      if (HTTPS_STEP_BY_PLAN[plan]) {
        await expect(https).toHaveAttribute('aria-disabled', 'false');
        await userEvent.type(within(dialog).getByRole('combobox', { name: 'Find action' }), 'https');
        await userEvent.keyboard('{Enter}');
        await expect(args.onSelect).toHaveBeenLastCalledWith(expect.objectContaining({ id: 'https_request' }));
      } else {
        await expect(https).toHaveAttribute('aria-disabled', 'true');
        await expect(within(https).getByText(HTTPS_PLAN_REASON)).toBeVisible();
        const calls = args.onSelect.mock.calls.length;
        await userEvent.click(https);
        await userEvent.type(within(dialog).getByRole('combobox', { name: 'Find action' }), 'https');
        await userEvent.keyboard('{Enter}');
        await expect(args.onSelect.mock.calls.length).toBe(calls);
        await userEvent.keyboard('{Escape}');
      }
      await waitFor(() => expect(canvas.queryByRole('dialog', { name: 'Find action' })).toBeNull());
    }
    // Back on the first plan, the picker open beside its "+", as the story began.
    await choosePlan(PLANS[0]);
    const dialog = await canvas.findByRole('dialog', { name: 'Find action' });
    await expect(within(dialog).getByRole('option', { name: /Make HTTPS Request/ })).toHaveAttribute(
      'aria-disabled',
      'true',
    );
  },
};

/**
 * A host action from `createActionCatalog([...])` is listed and searchable like a built-in
 * one. The play chooses it and leaves the picker open again, as it began.
 */
export const HostAction: Story = {
  args: { catalog: hostCatalog },
  render: (args) => <PickerOnCanvas catalog={args.catalog} onSelect={args.onSelect} />,
  play: async ({ canvasElement, args }) => {
    const dialog = await within(canvasElement).findByRole('dialog', { name: 'Find action' });
    await expect(
      within(within(dialog).getByRole('group', { name: 'Communication' })).getByRole('option', {
        name: /Post to Slack/,
      }),
    ).toBeVisible();
    await userEvent.type(within(dialog).getByRole('combobox', { name: 'Find action' }), 'slack');
    await userEvent.keyboard('{Enter}');
    await expect(args.onSelect).toHaveBeenCalledWith(expect.objectContaining({ id: 'post_to_slack' }));
    await expectClosedWithFocusOnPlus(canvasElement);
    await openPicker(canvasElement);
  },
};

/** Opens the store's picker beside the first "+" once the canvas has drawn it. */
function OpenStorePickerAtFirstPlus(props: { root: HTMLElement | null }): null {
  const store = useWorkflowEditorStore();
  const firstPlus = useFirstInsertButton(props.root);
  useEffect(() => {
    if (firstPlus) store.getState().openPicker({ branchId: null, index: 0 }, firstPlus.id);
  }, [firstPlus, store]);
  return null;
}

/** The store-driven picker on a toolbar and canvas, open beside the empty workflow's "+". */
function ConnectedDemo(props: { onChange: (definition: Workflow) => void }): ReactElement {
  const [root, setRoot] = useState<HTMLDivElement | null>(null);
  return (
    <WorkflowEditorProvider defaultDefinition={emptyWorkflowFixture} onChange={props.onChange}>
      <div ref={setRoot}>
        <EditorBodyFrame top={<Toolbar />}>
          <ConnectedActionPicker isActionAvailable={availabilityForPlan('Growth Plan')} />
        </EditorBodyFrame>
      </div>
      <OpenStorePickerAtFirstPlus root={root} />
    </WorkflowEditorProvider>
  );
}

/**
 * `ConnectedActionPicker`: opened through the store (the canvas's "+"), inserts the chosen
 * action there and emits the definition. The play undoes its insert and opens the picker
 * again, as the story began.
 */
export const Connected: Story = {
  render: (args) => <ConnectedDemo onChange={args.onClose as (definition: Workflow) => void} />,
  play: async ({ canvasElement, args }) => {
    const canvas = within(canvasElement);
    const dialog = await canvas.findByRole('dialog', { name: 'Find action' });
    await waitFor(() => expect(within(dialog).getByRole('combobox', { name: 'Find action' })).toHaveFocus());
    await userEvent.type(within(dialog).getByRole('combobox', { name: 'Find action' }), 'webhook');
    await userEvent.keyboard('{Enter}');
    await waitFor(() => expect(args.onClose).toHaveBeenCalled());
    const definition = args.onClose.mock.lastCall?.[0] as Workflow;
    await expect(definition.steps).toHaveLength(1);
    await expect(definition.steps[0]).toMatchObject({
      type: 'action',
      action: 'https_request',
      config: { method: 'GET' },
    });
    await expectClosedWithFocusOnPlus(canvasElement);
    // The step is drawn on the canvas, after the trigger.
    await expect(await canvas.findByRole('button', { name: 'Make HTTPS Request' })).toBeVisible();

    // Escape from the store-driven picker also returns focus to the "+".
    await openPicker(canvasElement);
    await userEvent.keyboard('{Escape}');
    await expectClosedWithFocusOnPlus(canvasElement);

    // Undo the insert and open the picker again, as the story began.
    await userEvent.click(canvas.getByRole('button', { name: 'Undo' }));
    await waitFor(() => expect(canvas.queryByRole('button', { name: 'Make HTTPS Request' })).toBeNull());
    await openPicker(canvasElement);
  },
};
