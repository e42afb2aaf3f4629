// ---------------------------------------------------------------------------
// The canvas is readable at the zoom it opens at, in both themes: card text at least
// 11 px on screen, every "+" a target of at least 24 × 24 px, connectors and "+" borders at
// least 3:1 against the canvas (WCAG non-text contrast). Zoomed out by hand past the
// readable floor the "+" hide; "Fit view" brings the opening view back, where each play
// ends. Motion: every transition and animation the canvas draws with is cancelled or
// slowed under `prefers-reduced-motion: reduce`.
// ---------------------------------------------------------------------------

import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect, fn, userEvent, waitFor, within } from 'storybook/test';
import { WorkflowEditor } from '../src/editor';
import { MIN_READABLE_TEXT_PX, READABLE_MIN_ZOOM } from '../src/editor/canvas/viewport';
import { branchingWorkflow, hostSecrets } from './fixtures/workflows';

const meta = {
  title: 'Editor/Readability',
  component: WorkflowEditor,
  args: {
    defaultDefinition: branchingWorkflow,
    onChange: fn(),
    secrets: hostSecrets,
    style: { height: '100vh' },
  },
} satisfies Meta<typeof WorkflowEditor>;

export default meta;
type Story = StoryObj<typeof meta>;

/** WCAG relative luminance of a computed `rgb()`/`rgba()` colour. */
function luminance(color: string): number {
  const [r, g, b] = (color.match(/[\d.]+/g) ?? []).slice(0, 3).map((part) => {
    const channel = Number(part) / 255;
    return channel <= 0.03928 ? channel / 12.92 : ((channel + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
}

function contrast(a: string, b: string): number {
  const [light, dark] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (light! + 0.05) / (dark! + 0.05);
}

/** The canvas's zoom, from React Flow's viewport transform. */
function zoomOf(canvasElement: HTMLElement): number {
  const viewport = canvasElement.querySelector<HTMLElement>('.react-flow__viewport')!;
  return new DOMMatrixReadOnly(getComputedStyle(viewport).transform).a;
}

function paneRect(canvasElement: HTMLElement): DOMRect {
  return canvasElement.querySelector('.react-flow')!.getBoundingClientRect();
}

/** The "+" whose centre is inside the pane. */
function plusesInView(canvasElement: HTMLElement): HTMLButtonElement[] {
  const pane = paneRect(canvasElement);
  return [...canvasElement.querySelectorAll<HTMLButtonElement>('button.wfe-insert')].filter((button) => {
    const rect = button.getBoundingClientRect();
    const x = rect.left + rect.width / 2;
    const y = rect.top + rect.height / 2;
    return x > pane.left + 14 && x < pane.right - 14 && y > pane.top + 14 && y < pane.bottom - 14;
  });
}

/** Every text of every card drawn is at least MIN_READABLE_TEXT_PX on screen. */
function expectCardTextReadable(canvasElement: HTMLElement): void {
  const zoom = zoomOf(canvasElement);
  const texts = [...canvasElement.querySelectorAll<HTMLElement>('.react-flow__node *')].filter((element) =>
    [...element.childNodes].some((node) => node.nodeType === Node.TEXT_NODE && node.textContent!.trim() !== ''),
  );
  void expect(texts.length).toBeGreaterThan(5);
  for (const element of texts) {
    const onScreen = parseFloat(getComputedStyle(element).fontSize) * zoom;
    void expect(onScreen, `"${element.textContent}" is ${onScreen.toFixed(1)} px`).toBeGreaterThanOrEqual(
      MIN_READABLE_TEXT_PX - 0.01,
    );
  }
}

/**
 * Each "+" in view takes a pointer anywhere in the 24 × 24 px square around its centre: the
 * element at each corner of that square is the "+" itself.
 */
function expectPlusTargetsAtLeast24px(canvasElement: HTMLElement): void {
  const pluses = plusesInView(canvasElement);
  void expect(pluses.length).toBeGreaterThan(2);
  for (const plus of pluses) {
    const rect = plus.getBoundingClientRect();
    const x = rect.left + rect.width / 2;
    const y = rect.top + rect.height / 2;
    for (const [dx, dy] of [
      [-11.95, -11.95],
      [11.95, -11.95],
      [-11.95, 11.95],
      [11.95, 11.95],
    ] as const) {
      const hit = document.elementFromPoint(x + dx, y + dy);
      void expect(hit === plus || plus.contains(hit), `${descriptionOf(plus)} at (${dx}, ${dy})`).toBe(true);
    }
  }
}

function descriptionOf(plus: HTMLElement): string {
  const id = plus.getAttribute('aria-describedby');
  return (id && document.getElementById(id)?.textContent) || 'a "+"';
}

/** Connectors and the "+" borders have at least 3:1 against the canvas behind them. */
function expectFlowContrast(canvasElement: HTMLElement): void {
  const background = getComputedStyle(canvasElement.querySelector('.wfe-canvas')!).backgroundColor;
  const connector = canvasElement.querySelector('.wfe-connector')!;
  void expect(contrast(getComputedStyle(connector).stroke, background)).toBeGreaterThanOrEqual(3);
  const plus = plusesInView(canvasElement)[0]!;
  void expect(contrast(getComputedStyle(plus).borderTopColor, background)).toBeGreaterThanOrEqual(3);
}

/**
 * Every element of the editor that moves (a transition or an animation) is matched by a
 * rule inside `@media (prefers-reduced-motion: reduce)` that takes the motion out or slows it.
 */
function expectMotionReducible(canvasElement: HTMLElement): void {
  const reduceRules: CSSStyleRule[] = [];
  const collect = (rules: CSSRuleList, reduced: boolean): void => {
    for (const rule of rules) {
      if (rule instanceof CSSMediaRule)
        collect(rule.cssRules, reduced || /prefers-reduced-motion:\s*reduce/.test(rule.conditionText));
      else if (reduced && rule instanceof CSSStyleRule) reduceRules.push(rule);
    }
  };
  for (const sheet of document.styleSheets) {
    try {
      collect(sheet.cssRules, false);
    } catch {
      // A cross-origin sheet (none of ours) cannot be read.
    }
  }
  const moving = [...canvasElement.querySelectorAll<HTMLElement>('[class*="wfe-"]')].filter((element) => {
    const style = getComputedStyle(element);
    const transitions = style.transitionDuration.split(',').some((duration) => parseFloat(duration) > 0);
    return transitions || style.animationName !== 'none';
  });
  void expect(moving.length).toBeGreaterThan(0);
  for (const element of moving) {
    const calmed = reduceRules.some(
      (rule) =>
        element.matches(rule.selectorText) &&
        (rule.style.transition === 'none' ||
          rule.style.animation === 'none' ||
          rule.style.animationName === 'none' ||
          rule.style.animationDuration !== ''),
    );
    void expect(calmed, `${element.className} moves without a reduced-motion rule`).toBe(true);
  }
}

async function checkReadable(canvasElement: HTMLElement): Promise<void> {
  const canvas = within(canvasElement);
  await canvas.findByRole('button', { name: 'Route by risk' });
  // The opening view: the branching workflow is wider than the canvas at 100 %, so fit view
  // zooms out, never below the readable floor.
  await waitFor(() => expect(zoomOf(canvasElement)).toBeGreaterThanOrEqual(READABLE_MIN_ZOOM - 1e-6));
  expectCardTextReadable(canvasElement);
  expectPlusTargetsAtLeast24px(canvasElement);
  expectFlowContrast(canvasElement);
  expectMotionReducible(canvasElement);

  // Zoomed out by hand past the floor, the "+" (too small to hit there) hide.
  const opening = zoomOf(canvasElement);
  const zoomOut = canvas.getByRole('button', { name: 'Zoom out' });
  for (let i = 0; i < 6 && zoomOf(canvasElement) >= READABLE_MIN_ZOOM; i++) {
    await userEvent.click(zoomOut);
    await new Promise((resolve) => setTimeout(resolve, 350));
  }
  await expect(zoomOf(canvasElement)).toBeLessThan(READABLE_MIN_ZOOM);
  await waitFor(() => {
    for (const plus of canvasElement.querySelectorAll<HTMLElement>('button.wfe-insert')) {
      void expect(getComputedStyle(plus).pointerEvents).toBe('none');
      void expect(getComputedStyle(plus).opacity).toBe('0');
    }
  });

  // "Fit view" gives the opening view back, "+" and all.
  await userEvent.click(canvas.getByRole('button', { name: 'Fit view' }));
  await waitFor(() => expect(zoomOf(canvasElement)).toBeCloseTo(opening, 3));
  await waitFor(() => expectPlusTargetsAtLeast24px(canvasElement));
  // As it opened: nothing focused.
  canvas.getByRole('button', { name: 'Fit view' }).blur();
}

/** Light theme: the branching workflow as it opens, every part readable and hittable. */
export const ReadableAtOpeningZoom: Story = {
  play: async ({ canvasElement }) => checkReadable(canvasElement),
};

/** The same on the dark tokens. */
export const ReadableAtOpeningZoomDark: Story = {
  args: { theme: 'dark' },
  play: async ({ canvasElement }) => checkReadable(canvasElement),
};
