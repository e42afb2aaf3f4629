import type { Meta, StoryObj } from '@storybook/react-vite';
import type { ReactElement } from 'react';
import { expect, fn, userEvent, waitFor, within } from 'storybook/test';
import type { Workflow } from '../src/definition';
import { WorkflowEditor } from '../src/editor';
import { approveInquiryWorkflow } from './fixtures/workflows';

/**
 * The toolbar of an editor 390 px wide (a phone) that has a published version to compare
 * with: the toolbar stays one row, and every control it does not show at this width
 * (Undo, Redo, Export JSON, Import JSON, Test workflow, Compare with published) is in
 * "More actions" instead, so nothing is out of reach.
 */

const FRAME = { width: 390, height: 844 };
/** The draft: the published version with a step removed and another renamed. */
const draft: Workflow = {
  ...approveInquiryWorkflow,
  steps: approveInquiryWorkflow.steps.slice(0, 1).map((step) => ({ ...step, name: 'Notify the CRM' })),
};

const meta = {
  title: 'Editor/Widths/Toolbar at 390 px',
  component: WorkflowEditor,
  globals: { viewport: { value: 'editor-phone', isRotated: false } },
  parameters: {
    viewport: {
      options: {
        'editor-phone': { name: 'Editor 390 × 844', styles: { width: '390px', height: '844px' }, type: 'mobile' },
      },
    },
  },
  args: {
    defaultDefinition: draft,
    compareWith: approveInquiryWorkflow,
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

/** Slack for sub-pixel layout. */
const EPSILON = 1;

function expectInside(inner: Element, outer: Element): void {
  const a = inner.getBoundingClientRect();
  const b = outer.getBoundingClientRect();
  void expect(a.left).toBeGreaterThanOrEqual(b.left - EPSILON);
  void expect(a.right).toBeLessThanOrEqual(b.right + EPSILON);
}

/** A control's name as a person hears it: its aria-label, else its text. */
function nameOf(control: Element): string {
  return (control.getAttribute('aria-label') ?? control.textContent).trim();
}

/**
 * One row, nothing past the toolbar's edge, and every control the toolbar does not show
 * listed in "More actions"; there "Compare with published" is a checkbox entry that turns
 * the comparison off and on. The story ends with the comparison shown and the menu closed.
 */
export const EveryControlReachable: Story = {
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    const toolbar = canvas.getByRole('toolbar', { name: 'Workflow toolbar' });
    const summary = await within(toolbar).findByRole('button', { name: /^\d+ changes?$/ });

    // One row inside the toolbar.
    await expect(toolbar.scrollWidth).toBeLessThanOrEqual(toolbar.clientWidth);
    const controls = Array.from(toolbar.querySelectorAll<HTMLElement>('button, input'));
    const shown = controls.filter((control) => control.getClientRects().length > 0);
    for (const control of shown) expectInside(control, toolbar);
    for (const name of ['More actions', 'Save', 'Publish'])
      await expect(within(toolbar).getByRole('button', { name })).toBeVisible();
    await expect(summary).toBeVisible();
    await expect(within(toolbar).queryByRole('button', { name: 'Compare with published' })).toBeNull();

    // The name, cut short at this width, shows in full as the field's tooltip.
    const name = within(toolbar).getByRole<HTMLInputElement>('textbox', { name: 'Workflow name' });
    await expect(name.scrollWidth).toBeGreaterThan(name.clientWidth);
    await waitFor(() => expect(name).toHaveAttribute('title', name.value));

    // What the toolbar does not show is in "More actions".
    const hidden = controls.filter((control) => control.getClientRects().length === 0).map(nameOf);
    await expect(hidden).toEqual(
      expect.arrayContaining(['Undo', 'Redo', 'Export JSON', 'Import JSON', 'Compare with published']),
    );
    await userEvent.click(within(toolbar).getByRole('button', { name: 'More actions' }));
    const menu = await canvas.findByRole('menu', { name: 'More actions' });
    const listed = [...within(menu).queryAllByRole('menuitem'), ...within(menu).queryAllByRole('menuitemcheckbox')].map(
      nameOf,
    );
    for (const name of hidden) await expect(listed).toContain(name);

    // The comparison's toggle, as a checkbox entry: off, then on again.
    const compareEntry = within(menu).getByRole('menuitemcheckbox', { name: 'Compare with published' });
    await expect(compareEntry).toHaveAttribute('aria-checked', 'true');
    await userEvent.click(compareEntry);
    await waitFor(() => expect(within(toolbar).queryByRole('button', { name: /^\d+ changes?$/ })).toBeNull());
    await userEvent.click(within(toolbar).getByRole('button', { name: 'More actions' }));
    const reopened = await canvas.findByRole('menu', { name: 'More actions' });
    const entryAgain = within(reopened).getByRole('menuitemcheckbox', { name: 'Compare with published' });
    await expect(entryAgain).toHaveAttribute('aria-checked', 'false');
    await userEvent.click(entryAgain);
    await waitFor(() => expect(within(toolbar).getByRole('button', { name: /^\d+ changes?$/ })).toBeVisible());
    await expect(canvas.queryByRole('menu', { name: 'More actions' })).toBeNull();
    await expect(toolbar.scrollWidth).toBeLessThanOrEqual(toolbar.clientWidth);
  },
};
