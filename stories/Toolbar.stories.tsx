import type { Meta, StoryObj } from '@storybook/react-vite';
import { useState, type ReactElement } from 'react';
import { expect, fn, userEvent, waitFor, within } from 'storybook/test';
import type { Workflow } from '../src/definition';
import { Toolbar, type ToolbarProps } from '../src/editor/toolbar/Toolbar';
import { WorkflowEditorProvider } from '../src/editor/WorkflowEditorProvider';
import { workflowWithProblems } from './fixtures/problem-workflows';
import { approveInquiryWorkflow } from './fixtures/workflows';
import { EditorBodyFrame } from './story-frames';

interface ToolbarStoryArgs extends ToolbarProps {
  definition: Workflow;
  onChange: (definition: Workflow) => void;
}

/** Resolvers of pending save/publish promises, settled by the play functions. */
const pending: { resolve: () => void; reject: (error: Error) => void }[] = [];
function pendingPromise(): Promise<void> {
  return new Promise<void>((resolve, reject) => pending.push({ resolve, reject }));
}

/** The toolbar where a person meets it: above the workflow's canvas. */
const meta: Meta<ToolbarStoryArgs> = {
  title: 'Components/Toolbar',
  component: Toolbar,
  tags: ['autodocs'],
  args: {
    definition: approveInquiryWorkflow,
    status: 'draft',
    onChange: fn(),
    onSave: fn(),
    onPublish: fn(),
  },
  render: ({ definition, onChange, ...toolbarProps }) => (
    <WorkflowEditorProvider defaultDefinition={definition} onChange={onChange}>
      <EditorBodyFrame top={<Toolbar {...toolbarProps} />} />
    </WorkflowEditorProvider>
  ),
};
export default meta;

type Story = StoryObj<ToolbarStoryArgs>;

/** Rename the workflow in the toolbar's name field (one undo step). */
async function rename(canvasElement: HTMLElement, name: string): Promise<void> {
  const input = within(canvasElement).getByRole('textbox', { name: 'Workflow name' });
  await userEvent.clear(input);
  await userEvent.type(input, name);
  await userEvent.tab();
}

/** Nothing changed yet: "Save" is disabled, undo has nothing to do. */
export const Draft: Story = {
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await expect(canvas.getByRole('toolbar', { name: 'Workflow toolbar' })).toBeVisible();
    await expect(canvas.getByRole('textbox', { name: 'Workflow name' })).toHaveValue('Approve completed inquiries');
    await expect(canvas.getByText('Draft')).toBeVisible();
    await expect(canvas.getByRole('button', { name: 'Save' })).toBeDisabled();
    await expect(canvas.getByRole('button', { name: 'Undo' })).toBeDisabled();
    await expect(canvas.getByRole('button', { name: 'Redo' })).toBeDisabled();
    await expect(canvas.getByRole('button', { name: 'Publish' })).toBeEnabled();
  },
};

/** The status comes from props. */
export const Published: Story = {
  args: { status: 'published' },
  play: async ({ canvasElement }) => {
    await expect(within(canvasElement).getByText('Published')).toBeVisible();
  },
};

/**
 * Renaming enables Save and Undo; Undo restores the name (and, with nothing left to undo,
 * keeps the focus that pressed it) and Redo repeats it.
 */
export const UndoRedo: Story = {
  play: async ({ canvasElement, args }) => {
    const canvas = within(canvasElement);
    await rename(canvasElement, 'Renamed workflow');
    await expect(args.onChange).toHaveBeenLastCalledWith(expect.objectContaining({ name: 'Renamed workflow' }));
    await expect(canvas.getByRole('button', { name: 'Save' })).toBeEnabled();
    await userEvent.click(canvas.getByRole('button', { name: 'Undo' }));
    await expect(canvas.getByRole('textbox', { name: 'Workflow name' })).toHaveValue('Approve completed inquiries');
    await expect(canvas.getByRole('button', { name: 'Save' })).toBeDisabled();
    await expect(document.activeElement).toBe(canvas.getByRole('button', { name: 'Undo' }));
    await expect(canvas.getByRole('button', { name: 'Undo' })).toHaveAttribute('aria-disabled', 'true');
    await userEvent.click(canvas.getByRole('button', { name: 'Redo' }));
    await expect(canvas.getByRole('textbox', { name: 'Workflow name' })).toHaveValue('Renamed workflow');
  },
};

/**
 * A successful save hands over the definition and clears the unsaved state. Save, pressed
 * from the keyboard, is disabled then but keeps the focus (a press does nothing); once
 * focus moves on it is out of the Tab order.
 */
export const SaveSuccess: Story = {
  args: { onSave: fn(async () => {}) },
  play: async ({ canvasElement, args }) => {
    const canvas = within(canvasElement);
    await rename(canvasElement, 'Saved workflow');
    const save = canvas.getByRole('button', { name: 'Save' });
    await expect(canvas.getByRole('img', { name: 'Unsaved changes' })).toBeVisible();
    save.focus();
    await userEvent.keyboard('{Enter}');
    await expect(args.onSave).toHaveBeenCalledTimes(1);
    await expect(args.onSave).toHaveBeenCalledWith(
      expect.objectContaining({ name: 'Saved workflow', id: 'approve_inquiry' }),
    );
    await waitFor(() => expect(canvas.getByRole('status')).toHaveTextContent('Saved'));
    await expect(save).toHaveAttribute('aria-disabled', 'true');
    await expect(document.activeElement).toBe(save);
    await userEvent.keyboard('{Enter}');
    await expect(args.onSave).toHaveBeenCalledTimes(1);
    await userEvent.tab({ shift: true });
    await expect(save).toBeDisabled();
    await expect(canvas.queryByRole('img', { name: 'Unsaved changes' })).toBeNull();
  },
};

/** A rejected save is shown, and the changes stay unsaved (Save stays enabled). */
export const SaveFailure: Story = {
  args: { onSave: fn(async () => Promise.reject(new Error('the server is unreachable'))) },
  play: async ({ canvasElement, args }) => {
    const canvas = within(canvasElement);
    await rename(canvasElement, 'Will not save');
    await userEvent.click(canvas.getByRole('button', { name: 'Save' }));
    await expect(await canvas.findByRole('alert')).toHaveTextContent('Could not save: the server is unreachable');
    await expect(args.onSave).toHaveBeenCalledTimes(1);
    await expect(canvas.getByRole('button', { name: 'Save' })).toBeEnabled();
    await expect(canvas.getByRole('img', { name: 'Unsaved changes' })).toBeVisible();
  },
};

/** While the save is pending the button says so and refuses a second click. */
export const SavePending: Story = {
  args: { onSave: fn(() => pendingPromise()) },
  play: async ({ canvasElement, args }) => {
    const canvas = within(canvasElement);
    pending.length = 0;
    await rename(canvasElement, 'Slow save');
    const save = canvas.getByRole('button', { name: 'Save' });
    await userEvent.click(save);
    await expect(save).toHaveAttribute('aria-busy', 'true');
    await expect(save).toHaveAttribute('aria-disabled', 'true');
    await expect(canvas.getByRole('status')).toHaveTextContent('Saving…');
    await userEvent.click(save);
    await userEvent.click(canvas.getByRole('button', { name: 'Publish' }));
    await expect(args.onSave).toHaveBeenCalledTimes(1);
    await expect(args.onPublish).not.toHaveBeenCalled();
    pending.shift()?.resolve();
    await waitFor(() => expect(canvas.getByRole('status')).toHaveTextContent('Saved'));
    await expect(save).not.toHaveAttribute('aria-busy');
    await expect(save).toBeDisabled();
  },
};

/** A host that marks the workflow published once its `onPublish` succeeds, as hosts do. */
function PublishingHost({
  definition,
  onChange,
  status: initialStatus,
  onPublish,
  ...toolbarProps
}: ToolbarStoryArgs): ReactElement {
  const [status, setStatus] = useState(initialStatus);
  return (
    <WorkflowEditorProvider defaultDefinition={definition} onChange={onChange}>
      <EditorBodyFrame
        top={
          <Toolbar
            {...toolbarProps}
            status={status}
            onPublish={async (published) => {
              await onPublish?.(published);
              setStatus('published');
            }}
          />
        }
      />
    </WorkflowEditorProvider>
  );
}

/** A valid workflow is published: the host's badge and the message agree; it also counts as saved. */
export const PublishSuccess: Story = {
  args: { onPublish: fn(async () => {}) },
  render: (args) => <PublishingHost {...args} />,
  play: async ({ canvasElement, args }) => {
    const canvas = within(canvasElement);
    await rename(canvasElement, 'Ready to publish');
    await userEvent.click(canvas.getByRole('button', { name: 'Publish' }));
    await expect(args.onPublish).toHaveBeenCalledWith(expect.objectContaining({ name: 'Ready to publish' }));
    await waitFor(() => expect(canvas.getByRole('status')).toHaveTextContent('Published'));
    await expect(canvas.getByText('Published', { selector: '.wfe-status' })).toBeVisible();
    await expect(canvas.getByRole('button', { name: 'Save' })).toBeDisabled();
  },
};

/** A host that keeps the badge at Draft after publishing: the message says "Saved", never "Published" beside "Draft". */
export const PublishedButHostKeepsDraft: Story = {
  args: { onPublish: fn(async () => {}) },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await rename(canvasElement, 'Published elsewhere');
    await userEvent.click(canvas.getByRole('button', { name: 'Publish' }));
    await waitFor(() => expect(canvas.getByRole('status')).toHaveTextContent('Saved'));
    await expect(canvas.getByText('Draft', { selector: '.wfe-status' })).toBeVisible();
  },
};

/** "Saved" ends with the next change (an undo included) and does not come back when a redo returns to the saved state. */
export const SavedEndsWithTheNextChange: Story = {
  args: { onSave: fn(async () => {}) },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await rename(canvasElement, 'Saved, then undone');
    await userEvent.click(canvas.getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(canvas.getByRole('status')).toHaveTextContent('Saved'));
    await userEvent.click(canvas.getByRole('button', { name: 'Undo' }));
    await expect(canvas.getByRole('img', { name: 'Unsaved changes' })).toBeVisible();
    await expect(canvas.queryByText('Saved')).toBeNull();
    // Back at the saved state by a redo: unsaved dot gone, and no stale "Saved" either.
    await userEvent.click(canvas.getByRole('button', { name: 'Redo' }));
    await expect(canvas.queryByRole('img', { name: 'Unsaved changes' })).toBeNull();
    await expect(canvas.queryByText('Saved')).toBeNull();
  },
};

/** A rejected publish is shown; the changes stay unsaved. */
export const PublishFailure: Story = {
  args: { onPublish: fn(async () => Promise.reject(new Error('publishing is paused'))) },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await rename(canvasElement, 'Not published');
    await userEvent.click(canvas.getByRole('button', { name: 'Publish' }));
    await expect(await canvas.findByRole('alert')).toHaveTextContent('Could not publish: publishing is paused');
    await expect(canvas.getByRole('button', { name: 'Save' })).toBeEnabled();
  },
};

/** While publishing is pending "Publish" says so and refuses a second click. */
export const PublishPending: Story = {
  args: { onPublish: fn(() => pendingPromise()) },
  play: async ({ canvasElement, args }) => {
    const canvas = within(canvasElement);
    pending.length = 0;
    const publish = canvas.getByRole('button', { name: 'Publish' });
    await userEvent.click(publish);
    await expect(publish).toHaveAttribute('aria-busy', 'true');
    await expect(canvas.getByRole('status')).toHaveTextContent('Publishing…');
    await userEvent.click(publish);
    await expect(args.onPublish).toHaveBeenCalledTimes(1);
    pending.shift()?.reject(new Error('timed out'));
    await expect(await canvas.findByRole('alert')).toHaveTextContent('Could not publish: timed out');
    await expect(publish).not.toHaveAttribute('aria-busy');
  },
};

/** Publish validates first: with problems it lists them instead of publishing. */
export const PublishBlockedByProblems: Story = {
  args: { definition: workflowWithProblems },
  play: async ({ canvasElement, args }) => {
    const canvas = within(canvasElement);
    await expect(canvas.queryByRole('region', { name: /Problems/ })).toBeNull();
    await userEvent.click(canvas.getByRole('button', { name: 'Publish' }));
    await expect(args.onPublish).not.toHaveBeenCalled();
    await expect(canvas.getByRole('status')).toHaveTextContent('Fix 3 problems before publishing.');
    const problems = canvas.getByRole('region', { name: /Problems/ });
    await expect(within(problems).getAllByRole('listitem')).toHaveLength(3);
    await expect(within(problems).getByRole('button', { name: /URL must be an absolute https/ })).toBeVisible();
  },
};

/** The host may show the problems itself. */
export const PublishBlockedHostHandlesProblems: Story = {
  args: { definition: workflowWithProblems, onPublishBlocked: fn() },
  play: async ({ canvasElement, args }) => {
    const canvas = within(canvasElement);
    await userEvent.click(canvas.getByRole('button', { name: 'Publish' }));
    await expect(args.onPublishBlocked).toHaveBeenCalledWith(
      expect.arrayContaining([expect.objectContaining({ code: 'url_not_https' })]),
    );
    await expect(args.onPublish).not.toHaveBeenCalled();
    await expect(canvas.queryByRole('region', { name: /Problems/ })).toBeNull();
  },
};

/** Opt-in: leaving the page with unsaved changes asks first. */
export const WarnOnUnsavedChanges: Story = {
  args: { warnOnUnsavedChanges: true },
  play: async ({ canvasElement }) => {
    const leave = (): boolean => {
      const event = new Event('beforeunload', { cancelable: true });
      window.dispatchEvent(event);
      return event.defaultPrevented;
    };
    await expect(leave()).toBe(false);
    await rename(canvasElement, 'Unsaved');
    await expect(leave()).toBe(true);
  },
};
