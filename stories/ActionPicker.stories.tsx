import type { Meta, StoryObj } from '@storybook/react-vite';
import { useRef, useState, type ReactElement } from 'react';
import { expect, fn, userEvent, waitFor, within } from 'storybook/test';
import { builtInCatalog, type ActionCatalog, type ActionDefinition, type Workflow } from '../src/definition';
import { ActionPicker, type IsActionAvailable } from '../src/editor/picker/ActionPicker';
import { ConnectedActionPicker } from '../src/editor/picker/ConnectedActionPicker';
import { WorkflowEditorProvider, useWorkflowEditorStore } from '../src/editor/WorkflowEditorProvider';
import { HTTPS_PLAN_REASON, HTTPS_STEP_BY_PLAN, PLANS, availabilityForPlan, hostCatalog, type Plan } from './fixtures/catalogs';
import { emptyWorkflowFixture } from './fixtures/workflows';

/** A "+" like the canvas's, which opens the picker beside it. */
function PickerDemo(props: {
  catalog: ActionCatalog;
  isActionAvailable?: IsActionAvailable;
  onSelect: (action: ActionDefinition) => void;
}): ReactElement {
  const [open, setOpen] = useState(false);
  const buttonRef = useRef<HTMLButtonElement>(null);
  return (
    <div style={{ padding: 32 }}>
      <button ref={buttonRef} type="button" className="wfe-demo-plus" aria-label="Add step" onClick={() => setOpen(true)}>
        +
      </button>
      {open && (
        <ActionPicker
          catalog={props.catalog}
          anchor={buttonRef.current}
          isActionAvailable={props.isActionAvailable}
          onSelect={(action) => {
            props.onSelect(action);
            setOpen(false);
            buttonRef.current?.focus();
          }}
          onClose={() => setOpen(false)}
        />
      )}
    </div>
  );
}

const meta = {
  title: 'Components/ActionPicker',
  component: ActionPicker,
  args: {
    catalog: builtInCatalog,
    anchor: null,
    onSelect: fn(),
    onClose: fn(),
  },
  decorators: [
    (Story) => (
      <div className="wfe-root" style={{ height: '100vh', background: 'var(--wfe-color-canvas)' }}>
        <Story />
      </div>
    ),
  ],
} satisfies Meta<typeof ActionPicker>;

export default meta;
type Story = StoryObj<typeof meta>;

async function openPicker(canvasElement: HTMLElement): Promise<HTMLElement> {
  const canvas = within(canvasElement);
  await userEvent.click(canvas.getByRole('button', { name: 'Add step' }));
  return canvas.findByRole('dialog', { name: 'Find action' });
}

/** Search, keyboard, categories: the picker as a person uses it. */
export const Default: Story = {
  render: (args) => <PickerDemo catalog={args.catalog} onSelect={args.onSelect} />,
  play: async ({ canvasElement, args }) => {
    const canvas = within(canvasElement);
    const dialog = await openPicker(canvasElement);
    const search = within(dialog).getByRole('combobox', { name: 'Find action' });
    await waitFor(() => expect(search).toHaveFocus());

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
    await waitFor(() => expect(canvas.queryByRole('dialog', { name: 'Find action' })).toBeNull());
    await expect(canvas.getByRole('button', { name: 'Add step' })).toHaveFocus();

    const again = await openPicker(canvasElement);
    const options = within(again).getAllByRole('option');
    await expect(options[0]).toHaveAttribute('aria-selected', 'true');
    await userEvent.keyboard('{ArrowDown}');
    await expect(options[1]).toHaveAttribute('aria-selected', 'true');
    await userEvent.keyboard('{ArrowUp}');
    await expect(options[0]).toHaveAttribute('aria-selected', 'true');

    // Escape closes and returns focus to the "+".
    await userEvent.keyboard('{Escape}');
    await waitFor(() => expect(canvas.queryByRole('dialog', { name: 'Find action' })).toBeNull());
    await expect(canvas.getByRole('button', { name: 'Add step' })).toHaveFocus();
  },
};

/** The product page's plan table, and the picker for the chosen plan. */
function PlanTableDemo(props: { onSelect: (action: ActionDefinition) => void }): ReactElement {
  const [plan, setPlan] = useState<Plan>('Startup Program');
  return (
    <div style={{ padding: 32, fontFamily: 'var(--wfe-font-family)', color: 'var(--wfe-color-text)' }}>
      <table style={{ borderCollapse: 'collapse', marginBottom: 16 }}>
        <caption style={{ textAlign: 'left', fontWeight: 600, marginBottom: 8 }}>Make HTTPS Request step by plan</caption>
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
      <PickerDemo
        key={plan}
        catalog={builtInCatalog}
        isActionAvailable={availabilityForPlan(plan)}
        onSelect={props.onSelect}
      />
    </div>
  );
}

/** Startup and Essential plans list the HTTPS step disabled with the reason; Growth and Enterprise offer it. */
export const PlanGated: Story = {
  render: (args) => <PlanTableDemo onSelect={args.onSelect} />,
  play: async ({ canvasElement, args }) => {
    const canvas = within(canvasElement);
    for (const plan of PLANS) {
      await userEvent.selectOptions(canvas.getByRole('combobox', { name: 'Plan' }), plan);
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
        const calls = (args.onSelect as ReturnType<typeof fn>).mock.calls.length;
        await userEvent.click(https);
        await userEvent.type(within(dialog).getByRole('combobox', { name: 'Find action' }), 'https');
        await userEvent.keyboard('{Enter}');
        await expect((args.onSelect as ReturnType<typeof fn>).mock.calls.length).toBe(calls);
        await userEvent.keyboard('{Escape}');
      }
      await waitFor(() => expect(canvas.queryByRole('dialog', { name: 'Find action' })).toBeNull());
    }
  },
};

/** A host action from `createActionCatalog([...])` is listed and searchable like a built-in one. */
export const HostAction: Story = {
  args: { catalog: hostCatalog },
  render: (args) => <PickerDemo catalog={args.catalog} onSelect={args.onSelect} />,
  play: async ({ canvasElement, args }) => {
    const dialog = await openPicker(canvasElement);
    await expect(within(within(dialog).getByRole('group', { name: 'Communication' })).getByRole('option', { name: /Post to Slack/ })).toBeVisible();
    await userEvent.type(within(dialog).getByRole('combobox', { name: 'Find action' }), 'slack');
    await userEvent.keyboard('{Enter}');
    await expect(args.onSelect).toHaveBeenCalledWith(expect.objectContaining({ id: 'post_to_slack' }));
  },
};

function StoreDrivenPlus(): ReactElement {
  const store = useWorkflowEditorStore();
  return (
    <div style={{ padding: 32 }}>
      <button
        id="demo-add-step-0"
        type="button"
        aria-label="Add step"
        onClick={() => store.getState().openPicker({ branchId: null, index: 0 }, 'demo-add-step-0')}
      >
        +
      </button>
    </div>
  );
}

/** `ConnectedActionPicker`: opened through the store, inserts the chosen action, emits the definition. */
export const Connected: Story = {
  render: (args) => (
    <WorkflowEditorProvider defaultDefinition={emptyWorkflowFixture} onChange={args.onClose as (definition: Workflow) => void}>
      <StoreDrivenPlus />
      <ConnectedActionPicker isActionAvailable={availabilityForPlan('Growth Plan')} />
    </WorkflowEditorProvider>
  ),
  play: async ({ canvasElement, args }) => {
    const canvas = within(canvasElement);
    const dialog = await openPicker(canvasElement);
    await waitFor(() => expect(within(dialog).getByRole('combobox', { name: 'Find action' })).toHaveFocus());
    await userEvent.type(within(dialog).getByRole('combobox', { name: 'Find action' }), 'webhook');
    await userEvent.keyboard('{Enter}');
    await waitFor(() => expect(args.onClose).toHaveBeenCalled());
    const definition = (args.onClose as ReturnType<typeof fn>).mock.lastCall?.[0] as Workflow;
    await expect(definition.steps).toHaveLength(1);
    await expect(definition.steps[0]).toMatchObject({ type: 'action', action: 'https_request', config: { method: 'GET' } });
    await waitFor(() => expect(canvas.queryByRole('dialog', { name: 'Find action' })).toBeNull());
    await expect(canvas.getByRole('button', { name: 'Add step' })).toHaveFocus();
    // Escape from the store-driven picker also returns focus to the "+".
    await openPicker(canvasElement);
    await userEvent.keyboard('{Escape}');
    await waitFor(() => expect(canvas.queryByRole('dialog', { name: 'Find action' })).toBeNull());
    await expect(canvas.getByRole('button', { name: 'Add step' })).toHaveFocus();
  },
};
