import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect, fn, userEvent, waitFor, within } from 'storybook/test';
import type { Workflow } from '../src/definition';
import { ConnectedConfigPanel } from '../src/editor/panel/ConnectedConfigPanel';
import { ProblemsList, type ProblemsListProps } from '../src/editor/toolbar/ProblemsList';
import { Toolbar } from '../src/editor/toolbar/Toolbar';
import { WorkflowEditorProvider } from '../src/editor/WorkflowEditorProvider';
import { workflowWithProblems } from './fixtures/problem-workflows';
import { approveInquiryWorkflow } from './fixtures/workflows';
import { EditorBodyFrame } from './story-frames';

interface ProblemsListStoryArgs extends ProblemsListProps {
  definition: Workflow;
  onChange: (definition: Workflow) => void;
}

/** The list where the editor shows it: over the canvas, under the toolbar, the panel of the chosen problem beside. */
const meta: Meta<ProblemsListStoryArgs> = {
  title: 'Components/ProblemsList',
  component: ProblemsList,
  tags: ['autodocs'],
  args: { definition: workflowWithProblems, onChange: fn(), onChooseProblem: fn() },
  render: ({ definition, onChange, ...listProps }) => (
    <WorkflowEditorProvider defaultDefinition={definition} onChange={onChange}>
      <EditorBodyFrame
        top={<Toolbar />}
        overCanvas={<ProblemsList className="wfe-problems-drawer" {...listProps} />}
        beside={<ConnectedConfigPanel />}
      />
    </WorkflowEditorProvider>
  ),
};
export default meta;

type Story = StoryObj<ProblemsListStoryArgs>;

/** Every problem, grouped: the trigger first, then each step by its name, in workflow order. */
export const GroupedByStep: Story = {
  play: async ({ canvasElement }) => {
    const region = within(canvasElement).getByRole('region', { name: /Problems/ });
    const list = within(region);
    const headings = list.getAllByRole('heading', { level: 3 }).map((heading) => heading.textContent);
    await expect(headings).toEqual(['Trigger', 'Notify CRM', 'Approve inquiry']);
    await expect(list.getByRole('list', { name: 'Notify CRM' })).toBeVisible();
    await expect(within(list.getByRole('list', { name: 'Notify CRM' })).getAllByRole('button')).toHaveLength(1);
    await expect(list.getByRole('button', { name: /there is no step "missing_step"/ })).toBeVisible();
    await expect(list.getAllByRole('button')).toHaveLength(3);
  },
};

/** Choosing a problem selects its step, opens the panel and focuses the field. */
export const ChooseProblemFocusesField: Story = {
  play: async ({ canvasElement, args }) => {
    const canvas = within(canvasElement);
    await expect(canvas.queryByRole('region', { name: 'Step configuration' })).toBeNull();
    await userEvent.click(canvas.getByRole('button', { name: /URL must be an absolute https/ }));
    await expect(args.onChooseProblem).toHaveBeenCalledWith(
      expect.objectContaining({ path: '/steps/0/config/url', stepId: 'notify_crm' }),
    );
    const panel = await canvas.findByRole('region', { name: 'Step configuration' });
    await expect(within(panel).getByRole('textbox', { name: 'Step name' })).toHaveValue('Notify CRM');
    await waitFor(() => expect(within(panel).getByRole('textbox', { name: /^URL/ })).toHaveFocus());

    // Another step's problem moves the panel and the focus there.
    await userEvent.click(canvas.getByRole('button', { name: /there is no step "missing_step"/ }));
    // The panel is rebuilt for the other step: query it again.
    const panelOf = () => within(canvas.getByRole('region', { name: 'Step configuration' }));
    await waitFor(() => expect(panelOf().getByRole('textbox', { name: 'Step name' })).toHaveValue('Approve inquiry'));
    await waitFor(() => expect(panelOf().getByRole('textbox', { name: /^Inquiry ID/ })).toHaveFocus());
  },
};

/** Fixing a problem removes it from the list. */
export const ListFollowsTheDefinition: Story = {
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await userEvent.click(canvas.getByRole('button', { name: /URL must be an absolute https/ }));
    const url = await canvas.findByRole('textbox', { name: /^URL/ });
    await userEvent.clear(url);
    await userEvent.type(url, 'https://crm.example.com/hooks');
    await waitFor(() => expect(canvas.queryByRole('button', { name: /URL must be an absolute https/ })).toBeNull());
    await expect(within(canvas.getByRole('region', { name: /Problems/ })).getAllByRole('button')).toHaveLength(2);
  },
};

/** A valid workflow. */
export const NoProblems: Story = {
  args: { definition: approveInquiryWorkflow },
  play: async ({ canvasElement }) => {
    const region = within(canvasElement).getByRole('region', { name: 'Problems' });
    await expect(within(region).getByText('No problems')).toBeVisible();
    await expect(within(region).queryAllByRole('button')).toHaveLength(0);
  },
};
