import type { Meta, StoryObj } from '@storybook/react-vite';
import type { ReactElement } from 'react';
import { expect, fn, userEvent, waitFor, within } from 'storybook/test';
import { WorkflowEditor } from '../src/editor';
import { workflowWithProblems } from './fixtures/problem-workflows';
import { approveInquiryWorkflow, branchingWorkflow } from './fixtures/workflows';
import { findInsertButton } from './story-helpers';
import type { Canvas } from './story-helpers';

/**
 * The whole editor in a frame of each width products embed it at: 1,440, 1,024, 800 and
 * 390 px. The editor follows its own width, not the window's: from 1,200 px the panel sits
 * beside the canvas; below, it is a drawer over the canvas (a sheet along the bottom
 * below 640 px) that pans the selected card out from under it. The toolbar stays one row
 * ("Export JSON" and "Import JSON" move into "More actions" below 900 px, Undo and Redo
 * become icons below 640 px and join the menu below 480 px; "Compare with published" joins it
 * below 640 px; with "Compare with published" in it, the first two folds come a breakpoint
 * earlier) and the minimap hides below 900 px.
 *
 * Each story also sets the preview's viewport to its frame, so the story test and
 * Storybook show the frame whole.
 */

interface Frame {
  width: number;
  height: number;
}

const FRAMES = {
  wide: { width: 1440, height: 900 },
  laptop: { width: 1024, height: 700 },
  tablet: { width: 800, height: 600 },
  phone: { width: 390, height: 844 },
} satisfies Record<string, Frame>;

type FrameName = keyof typeof FRAMES;

const VIEWPORTS = Object.fromEntries(
  (Object.entries(FRAMES) as [FrameName, Frame][]).map(([name, frame]) => [
    `editor-${name}`,
    {
      name: `Editor ${frame.width} × ${frame.height}`,
      styles: { width: `${frame.width}px`, height: `${frame.height}px` },
      type: frame.width < 640 ? 'mobile' : frame.width < 1200 ? 'tablet' : 'desktop',
    },
  ]),
);

/** The editor in a host's column of `width` × `height`, which a story may resize or restyle. */
function inHostColumn(width: number, height: number): NonNullable<Story['render']> {
  return (args): ReactElement => (
    <div data-testid="host-column" style={{ width, height }}>
      <WorkflowEditor {...args} style={{ height: '100%' }} />
    </div>
  );
}

/** The editor in a frame of one size (a host's column), with the viewport set to match. */
function atFrame(name: FrameName): Pick<Story, 'render' | 'globals'> {
  const frame = FRAMES[name];
  return {
    globals: { viewport: { value: `editor-${name}`, isRotated: false } },
    render: inHostColumn(frame.width, frame.height),
  };
}

const meta = {
  title: 'Editor/Widths',
  component: WorkflowEditor,
  parameters: { viewport: { options: VIEWPORTS } },
  args: {
    defaultDefinition: approveInquiryWorkflow,
    onChange: fn(),
    onSave: fn(),
    onPublish: fn(),
    minimap: true,
  },
} satisfies Meta<typeof WorkflowEditor>;

export default meta;
type Story = StoryObj<typeof meta>;

// ---- Geometry checks -----------------------------------------------------------------

/** Slack for sub-pixel layout. */
const EPSILON = 1;

function rectOf(element: Element): DOMRect {
  return element.getBoundingClientRect();
}

/** The canvas element (its region). */
function paneOf(canvas: Canvas): HTMLElement {
  return canvas.getByRole('region', { name: 'Workflow canvas' });
}

function expectInside(inner: Element, outer: Element): void {
  const a = rectOf(inner);
  const b = rectOf(outer);
  void expect(a.left).toBeGreaterThanOrEqual(b.left - EPSILON);
  void expect(a.right).toBeLessThanOrEqual(b.right + EPSILON);
  void expect(a.top).toBeGreaterThanOrEqual(b.top - EPSILON);
  void expect(a.bottom).toBeLessThanOrEqual(b.bottom + EPSILON);
}

/**
 * The toolbar is one row: every part of it that is shown sits on the same line, inside
 * the toolbar (nothing wrapped below, nothing pushed past its right edge).
 */
function expectToolbarOneRow(canvas: Canvas): void {
  const toolbar = canvas.getByRole('toolbar', { name: 'Workflow toolbar' });
  const parts = Array.from<Element>(toolbar.children).filter((part) => rectOf(part).width > 0);
  void expect(parts.length).toBeGreaterThan(2);
  const middles = parts.map((part) => {
    const rect = rectOf(part);
    return rect.top + rect.height / 2;
  });
  for (const middle of middles) void expect(Math.abs(middle - middles[0]!)).toBeLessThanOrEqual(2);
  for (const part of parts) expectInside(part, toolbar);
  void expect(toolbar.scrollWidth).toBeLessThanOrEqual(toolbar.clientWidth);
}

/**
 * The canvas's overlays (zoom controls, and the minimap where it is shown) cover no node
 * of the canvas (card, branch name or "+").
 */
function expectOverlaysClearOfCards(canvas: Canvas): void {
  const pane = paneOf(canvas);
  const overlays = Array.from(pane.querySelectorAll('.wfe-controls, .wfe-minimap')).filter(
    (overlay) => rectOf(overlay).width > 0,
  );
  void expect(overlays.length).toBeGreaterThan(0);
  for (const overlay of overlays) {
    const cover = rectOf(overlay);
    for (const node of pane.querySelectorAll('.react-flow__node')) {
      const rect = rectOf(node);
      const overlaps =
        rect.left < cover.right - EPSILON &&
        rect.right > cover.left + EPSILON &&
        rect.top < cover.bottom - EPSILON &&
        rect.bottom > cover.top + EPSILON;
      void expect(overlaps, `${overlay.className} covers ${node.textContent}`).toBe(false);
    }
  }
}

/** The card of `name` is in the canvas and not under the panel (beside it or above it). */
function expectCardClearOfPanel(card: Element, panel: Element, pane: Element): void {
  expectInside(card, pane);
  const cardRect = rectOf(card);
  const panelRect = rectOf(panel);
  const besidePanel = cardRect.right <= panelRect.left + EPSILON;
  const abovePanel = cardRect.bottom <= panelRect.top + EPSILON;
  void expect(besidePanel || abovePanel).toBe(true);
}

/** The panel overlays the canvas (a drawer), which keeps the editor's whole width. */
function expectDrawerOverCanvas(panel: Element, pane: Element, frame: Frame): void {
  void expect(rectOf(pane).width).toBeCloseTo(frame.width, 0);
  void expect(rectOf(panel).left).toBeLessThan(rectOf(pane).right);
  // Its edge shows: a shadow over the canvas.
  void expect(getComputedStyle(panel).boxShadow).not.toBe('none');
}

/** Opens "More actions" with `key` and checks the menu and where focus went. */
async function openMoreActions(
  canvas: Canvas,
  key: '{Enter}' | '{ArrowDown}' | '{ArrowUp}',
  listed: readonly string[],
): Promise<HTMLElement> {
  const more = canvas.getByRole('button', { name: 'More actions' });
  more.focus();
  await userEvent.keyboard(key);
  const menu = await canvas.findByRole('menu', { name: 'More actions' });
  await expect(more).toHaveAttribute('aria-expanded', 'true');
  await expect(
    within(menu)
      .getAllByRole('menuitem')
      .map((item) => item.textContent),
  ).toEqual(listed);
  // Nothing to undo yet: Undo and Redo, where listed, are disabled and skipped.
  const first = within(menu).getByRole('menuitem', { name: key === '{ArrowUp}' ? listed.at(-1) : 'Export JSON' });
  await waitFor(() => expect(first).toHaveFocus());
  return menu;
}

/**
 * "More actions" by keyboard: it lists `listed`; Enter opens it on its first entry, the
 * arrows move and wrap, Escape closes it back to its button; the up arrow opens it on its
 * last entry; Enter on "Export JSON" opens that dialog, whose Escape returns focus to the
 * button.
 */
async function checkMoreActionsByKeyboard(canvas: Canvas, listed: readonly string[]): Promise<void> {
  const more = canvas.getByRole('button', { name: 'More actions' });
  await expect(more).toHaveAttribute('aria-haspopup', 'menu');
  await expect(more).toHaveAttribute('aria-expanded', 'false');

  const menu = await openMoreActions(canvas, '{Enter}', listed);
  await userEvent.keyboard('{ArrowDown}');
  await expect(within(menu).getByRole('menuitem', { name: 'Import JSON' })).toHaveFocus();
  // On to the entries after Import JSON ("Test workflow"), then round to the first enabled.
  for (const name of listed.slice(listed.indexOf('Import JSON') + 1)) {
    await userEvent.keyboard('{ArrowDown}');
    await expect(within(menu).getByRole('menuitem', { name })).toHaveFocus();
  }
  await userEvent.keyboard('{ArrowDown}');
  await expect(within(menu).getByRole('menuitem', { name: 'Export JSON' })).toHaveFocus();
  await userEvent.keyboard('{Escape}');
  await waitFor(() => expect(canvas.queryByRole('menu', { name: 'More actions' })).toBeNull());
  await expect(more).toHaveFocus();
  await expect(more).toHaveAttribute('aria-expanded', 'false');

  await openMoreActions(canvas, '{ArrowUp}', listed);
  for (let step = listed.length - 1; step > listed.indexOf('Export JSON'); step -= 1)
    await userEvent.keyboard('{ArrowUp}');
  await userEvent.keyboard('{Enter}');
  const dialog = await canvas.findByRole('dialog', { name: 'Export JSON' });
  await expect(canvas.queryByRole('menu', { name: 'More actions' })).toBeNull();
  await userEvent.keyboard('{Escape}');
  await waitFor(() => expect(dialog).not.toBeInTheDocument());
  await expect(more).toHaveFocus();
}

async function findPanel(canvas: Canvas): Promise<HTMLElement> {
  return canvas.findByRole('region', { name: 'Step configuration' });
}

const NAME_FIELD = { name: 'Workflow name' } as const;

// ---- 1,440 px ------------------------------------------------------------------------

/**
 * Wide: the whole toolbar in one row, every branch column in view, the minimap, and the
 * panel of the rightmost column's step beside the canvas, not over it.
 */
export const At1440PanelBesideCanvas: Story = {
  ...atFrame('wide'),
  args: { defaultDefinition: branchingWorkflow },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    const card = await canvas.findByRole('button', { name: 'Mark for review' });
    const pane = paneOf(canvas);
    await waitFor(() => {
      for (const branch of ['High risk', 'Outside EU', 'Low risk']) expectInside(within(pane).getByText(branch), pane);
      for (const step of ['Open review case', 'Ask for documents', 'Approve inquiry', 'Mark for review']) {
        expectInside(canvas.getByRole('button', { name: step }), pane);
      }
    });
    expectToolbarOneRow(canvas);
    await expect(canvas.getByRole('button', { name: 'Export JSON' })).toBeVisible();
    await expect(canvas.getByRole('button', { name: 'Import JSON' })).toBeVisible();
    await expect(canvas.queryByRole('button', { name: 'More actions' })).toBeNull();
    await expect(canvas.getByRole('img', { name: 'Minimap' })).toBeVisible();
    expectOverlaysClearOfCards(canvas);
    await expect(canvas.getByRole('textbox', NAME_FIELD)).not.toHaveAttribute('title');

    await userEvent.click(card);
    const panel = await findPanel(canvas);
    await waitFor(() => {
      // Beside: the canvas gives way and ends where the panel starts.
      void expect(rectOf(pane).right).toBeLessThanOrEqual(rectOf(panel).left + EPSILON);
      expectCardClearOfPanel(card, panel, pane);
    });
    expectToolbarOneRow(canvas);
  },
};

// ---- 1,024 px ------------------------------------------------------------------------

/**
 * Below 1,200 px the panel is a drawer over the canvas: the canvas keeps its width, and
 * the step opened in the rightmost column, where the drawer lands, pans out from under
 * it. "Close" gives focus back to the card; Enter opens the drawer again.
 */
export const At1024DrawerOverCanvas: Story = {
  ...atFrame('laptop'),
  args: { defaultDefinition: branchingWorkflow },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    const card = await canvas.findByRole('button', { name: 'Mark for review' });
    const pane = paneOf(canvas);
    expectToolbarOneRow(canvas);
    // Still room for every toolbar button, the whole name and the minimap.
    await expect(canvas.getByRole('button', { name: 'Export JSON' })).toBeVisible();
    await expect(canvas.queryByRole('button', { name: 'More actions' })).toBeNull();
    await expect(canvas.getByRole('textbox', NAME_FIELD)).not.toHaveAttribute('title');
    await expect(canvas.getByRole('img', { name: 'Minimap' })).toBeVisible();
    // In the opening view the minimap and the zoom controls sit in corners no card reaches.
    expectOverlaysClearOfCards(canvas);

    card.focus();
    await userEvent.keyboard('{Enter}');
    const panel = await findPanel(canvas);
    await waitFor(() => expect(panel).toContainElement(document.activeElement as HTMLElement));
    expectDrawerOverCanvas(panel, pane, FRAMES.laptop);
    await waitFor(() => expectCardClearOfPanel(card, panel, pane));

    await userEvent.click(within(panel).getByRole('button', { name: 'Close' }));
    await waitFor(() => expect(canvas.getByRole('button', { name: 'Mark for review' })).toHaveFocus());

    await userEvent.keyboard('{Enter}');
    const reopened = await findPanel(canvas);
    await waitFor(() =>
      expectCardClearOfPanel(canvas.getByRole('button', { name: 'Mark for review' }), reopened, pane),
    );
  },
};

/**
 * A host's column narrowing from 1,440 to 1,024 px with the editor open: the panel that sat
 * beside the canvas becomes a drawer over it, and the step opened again in the rightmost
 * column pans out from under the drawer, as it does in an editor that started narrow.
 */
export const At1024AfterNarrowingFrom1440: Story = {
  globals: { viewport: { value: 'editor-wide', isRotated: false } },
  args: { defaultDefinition: branchingWorkflow },
  render: inHostColumn(FRAMES.wide.width, FRAMES.laptop.height),
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    const pane = paneOf(canvas);
    await userEvent.click(await canvas.findByRole('button', { name: 'Mark for review' }));
    const beside = await findPanel(canvas);
    await waitFor(() => expect(rectOf(pane).right).toBeLessThanOrEqual(rectOf(beside).left + EPSILON));
    await userEvent.click(within(beside).getByRole('button', { name: 'Close' }));
    await waitFor(() => expect(canvas.queryByRole('region', { name: 'Step configuration' })).toBeNull());

    // The host narrows its column, as a window made smaller does.
    canvas.getByTestId('host-column').style.width = `${FRAMES.laptop.width}px`;
    await waitFor(() => expect(rectOf(pane).width).toBeCloseTo(FRAMES.laptop.width, 0));
    // A frame later, when the browser has told the editor about the new size.
    await new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));

    await userEvent.click(canvas.getByRole('button', { name: 'Mark for review' }));
    const drawer = await findPanel(canvas);
    expectDrawerOverCanvas(drawer, pane, FRAMES.laptop);
    await waitFor(() => expectCardClearOfPanel(canvas.getByRole('button', { name: 'Mark for review' }), drawer, pane));
  },
};

/**
 * A host widening the drawer (its `--wfe-panel-width`) while the panel is closed: the step
 * opened again pans clear of the wider drawer, not of the width it had before.
 */
export const At1024WiderDrawerSetWhileClosed: Story = {
  ...atFrame('laptop'),
  args: { defaultDefinition: branchingWorkflow },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    const pane = paneOf(canvas);
    const card = (): HTMLElement => canvas.getByRole('button', { name: 'Mark for review' });
    await userEvent.click(await canvas.findByRole('button', { name: 'Mark for review' }));
    const drawer = await findPanel(canvas);
    await waitFor(() => expectCardClearOfPanel(card(), drawer, pane));
    await userEvent.click(within(drawer).getByRole('button', { name: 'Close' }));
    await waitFor(() => expect(canvas.queryByRole('region', { name: 'Step configuration' })).toBeNull());

    canvas.getByTestId('host-column').style.setProperty('--wfe-panel-width', '680px');
    await userEvent.click(card());
    const wider = await findPanel(canvas);
    await waitFor(() => expect(rectOf(wider).width).toBeCloseTo(680, 0));
    expectDrawerOverCanvas(wider, pane, FRAMES.laptop);
    await waitFor(() => expectCardClearOfPanel(card(), wider, pane));
  },
};

// ---- 800 px --------------------------------------------------------------------------

/**
 * 800 px: "Export JSON" and "Import JSON" live in "More actions" (worked here by keyboard),
 * the minimap is hidden, and a step inserted with the action picker after the last step
 * opens in the drawer with its card in view beside it.
 */
export const At800NewStepBesideDrawer: Story = {
  ...atFrame('tablet'),
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    const pane = paneOf(canvas);
    await canvas.findByRole('button', { name: 'Approve inquiry' });
    expectToolbarOneRow(canvas);
    await expect(canvas.queryByRole('button', { name: 'Export JSON' })).toBeNull();
    await expect(canvas.queryByRole('button', { name: 'Import JSON' })).toBeNull();
    await expect(canvas.getByRole('button', { name: 'Undo' })).toBeVisible();
    // The minimap is there but not shown: it would cover cards at this width.
    await expect(canvasElement.querySelector('.wfe-minimap')).not.toBeNull();
    await expect(canvas.queryByRole('img', { name: 'Minimap' })).toBeNull();
    expectOverlaysClearOfCards(canvas);

    await checkMoreActionsByKeyboard(canvas, ['Export JSON', 'Import JSON', 'Test workflow']);

    await userEvent.click(await findInsertButton(canvasElement, 'after Approve inquiry'));
    const picker = await canvas.findByRole('dialog', { name: 'Find action' });
    await userEvent.type(within(picker).getByRole('combobox', { name: 'Find action' }), 'https');
    await userEvent.click(within(picker).getByRole('option', { name: /Make HTTPS Request/ }));
    const panel = await findPanel(canvas);
    const stepName = await within(panel).findByRole('textbox', { name: 'Step name' });
    const card = await canvas.findByRole('button', { name: (stepName as HTMLInputElement).value });
    await expect(card).toHaveAttribute('aria-pressed', 'true');
    expectDrawerOverCanvas(panel, pane, FRAMES.tablet);
    await waitFor(() => expectCardClearOfPanel(card, panel, pane));
  },
};

/**
 * Publishing a workflow with problems opens the list below the canvas and the first
 * problem's step: the list stays where the drawer (or the sheet) leaves the canvas
 * uncovered, each problem and its Close button in view and reachable by a click.
 */
function problemsBesideThePanel(frame: FrameName): Story {
  return {
    ...atFrame(frame),
    args: { defaultDefinition: workflowWithProblems },
    play: async ({ canvasElement }) => {
      const canvas = within(canvasElement);
      await canvas.findByRole('button', { name: 'Notify CRM' });
      await userEvent.click(within(canvasElement).getByRole('button', { name: 'Publish' }));
      const list = await canvas.findByRole('region', { name: /Problems/ });
      const panel = await findPanel(canvas);
      const close = within(list).getByRole('button', { name: 'Close' });
      const panelRect = rectOf(panel);
      for (const part of [close, ...within(list).getAllByRole('button').slice(0, 3)]) {
        const rect = rectOf(part);
        const clear =
          rect.right <= panelRect.left + EPSILON ||
          rect.bottom <= panelRect.top + EPSILON ||
          rect.left >= panelRect.right - EPSILON;
        await expect(clear, `"${part.textContent}" is clear of the panel`).toBe(true);
        // Nothing lies over it: a click at its centre reaches it.
        const atCentre = document.elementFromPoint(rect.left + rect.width / 2, rect.top + rect.height / 2);
        await expect(part.contains(atCentre)).toBe(true);
      }
    },
  };
}

export const At1024ProblemsBesideDrawer: Story = problemsBesideThePanel('laptop');
export const At800ProblemsBesideDrawer: Story = problemsBesideThePanel('tablet');
export const At390ProblemsAboveSheet: Story = problemsBesideThePanel('phone');

// ---- 390 px --------------------------------------------------------------------------

/**
 * A phone's width: the toolbar keeps the name (whole in its tooltip), "More actions"
 * (Undo, Redo, Export JSON, Import JSON), Save and Publish in one row; the panel of the last step is a
 * sheet along the bottom with the step's card in view above it.
 */
export const At390PanelAsBottomSheet: Story = {
  ...atFrame('phone'),
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    const pane = paneOf(canvas);
    const card = await canvas.findByRole('button', { name: 'Approve inquiry' });
    expectToolbarOneRow(canvas);
    const toolbar = canvas.getByRole('toolbar', { name: 'Workflow toolbar' });
    for (const name of ['More actions', 'Save', 'Publish']) {
      const button = within(toolbar).getByRole('button', { name });
      await expect(button).toBeVisible();
      expectInside(button, toolbar);
    }
    // Undo and Redo are in "More actions" at this width.
    await expect(within(toolbar).queryByRole('button', { name: 'Undo' })).toBeNull();
    // The name is measured once the browser has laid it out: a moment after the first paint.
    await waitFor(() =>
      expect(canvas.getByRole('textbox', NAME_FIELD)).toHaveAttribute('title', approveInquiryWorkflow.name),
    );
    await expect(canvas.queryByRole('img', { name: 'Minimap' })).toBeNull();
    expectOverlaysClearOfCards(canvas);

    await checkMoreActionsByKeyboard(canvas, ['Undo', 'Redo', 'Export JSON', 'Import JSON', 'Test workflow']);

    await userEvent.click(card);
    const panel = await findPanel(canvas);
    await waitFor(() => {
      const sheet = rectOf(panel);
      void expect(sheet.width).toBeCloseTo(FRAMES.phone.width, 0);
      void expect(sheet.top).toBeGreaterThan(rectOf(pane).top);
      expectCardClearOfPanel(card, panel, pane);
    });
  },
};
