// ---------------------------------------------------------------------------
// Helpers the canvas stories' play functions share: finding an insertion point by its
// description, inserting through the real action picker, reading what the editor emitted,
// dragging with real mouse events, and opening a toolbar action at any width.
// ---------------------------------------------------------------------------

import { expect, userEvent, waitFor, within, type queries } from 'storybook/test';
import type { Workflow } from '../src/definition';

/** Something with the recorded calls of a `fn()` spy. */
export interface SpyLike {
  mock: { calls: unknown[][] };
}

/** The accessible description of an element referenced by its `aria-describedby`. */
export function descriptionOf(element: Element): string {
  const ids = element.getAttribute('aria-describedby')?.split(/\s+/) ?? [];
  return ids
    .map((id) => element.ownerDocument.getElementById(id)?.textContent ?? '')
    .join(' ')
    .trim();
}

/** Every "Add step" button inside `root`. */
export function insertButtons(root: ParentNode): HTMLButtonElement[] {
  return Array.from(root.querySelectorAll<HTMLButtonElement>('button[aria-label="Add step"]'));
}

/** The "Add step" button described as `description` (waits for it to be drawn). */
export async function findInsertButton(root: ParentNode, description: string): Promise<HTMLButtonElement> {
  let found: HTMLButtonElement | undefined;
  await waitFor(
    () => {
      found = insertButtons(root).find((button) => descriptionOf(button) === description);
      if (!found) throw new Error(`No "Add step" button described "${description}"`);
    },
    { timeout: 5000 },
  );
  return found!;
}

/** The workflow of the spy's last call. */
export function lastEmitted(spy: SpyLike): Workflow {
  const call = spy.mock.calls[spy.mock.calls.length - 1];
  if (!call) throw new Error('onChange was never called');
  return call[0] as Workflow;
}

/** Names of a list of steps, for readable assertions. */
export function namesOf(steps: readonly { name: string }[]): string[] {
  return steps.map((step) => step.name);
}

function center(element: Element): { x: number; y: number } {
  const rect = element.getBoundingClientRect();
  return { x: rect.left + rect.width / 2, y: rect.top + rect.height / 2 };
}

function mouse(type: string, target: EventTarget, x: number, y: number, buttons: number): void {
  target.dispatchEvent(
    new MouseEvent(type, { bubbles: true, cancelable: true, view: window, clientX: x, clientY: y, button: 0, buttons }),
  );
}

/**
 * Drags `source` onto `target` with real mouse events in small steps (React Flow's drag
 * listens to mousedown on the node, then mousemove and mouseup on the window).
 */
export async function dragOnto(source: Element, target: Element): Promise<void> {
  const from = center(source);
  const to = center(target);
  mouse('mousedown', source, from.x, from.y, 1);
  const steps = 12;
  for (let i = 1; i <= steps; i++) {
    const x = from.x + ((to.x - from.x) * i) / steps;
    const y = from.y + ((to.y - from.y) * i) / steps;
    mouse('mousemove', source, x, y, 1);
    await new Promise((resolve) => requestAnimationFrame(resolve));
  }
  mouse('mouseup', source, to.x, to.y, 0);
  await new Promise((resolve) => requestAnimationFrame(resolve));
}

/**
 * Moves focus into the canvas with Tab only, from the top of the page (through the
 * toolbar, as a keyboard user would). Fails if the canvas is not reached in 20 presses.
 */
export async function tabIntoCanvas(root: HTMLElement): Promise<void> {
  (root.ownerDocument.activeElement as HTMLElement | null)?.blur();
  const canvas = root.querySelector('.wfe-canvas');
  if (!canvas) throw new Error('No canvas in the story');
  for (let presses = 0; presses < 20; presses++) {
    await userEvent.tab();
    if (canvas.contains(root.ownerDocument.activeElement)) return;
  }
  throw new Error('Tab never reached the canvas');
}

/** The label of the action most stories insert, as the picker lists it. */
export const HTTPS_ACTION_LABEL = 'Make HTTPS Request';

/**
 * Chooses `actionLabel` in the open "Find action" picker inside `root` (waiting for it to
 * open) and waits for the picker to close, as a person does after pressing a "+".
 */
export async function chooseInPicker(root: HTMLElement, actionLabel: string = HTTPS_ACTION_LABEL): Promise<void> {
  const picker = await within(root).findByRole('dialog', { name: 'Find action' });
  await userEvent.click(within(picker).getByRole('option', { name: new RegExp(actionLabel) }));
  await waitFor(() => expect(within(root).queryByRole('dialog', { name: 'Find action' })).toBeNull());
}

/** Presses the "+" `plus` and chooses `actionLabel` in the real action picker it opens. */
export async function insertThroughPicker(
  root: HTMLElement,
  plus: HTMLElement,
  actionLabel: string = HTTPS_ACTION_LABEL,
): Promise<void> {
  await userEvent.click(plus);
  await chooseInPicker(root, actionLabel);
}

/**
 * With a "+" focused: Enter opens the picker, typing filters, Enter chooses the first
 * match. The keyboard-only way through the real picker.
 */
export async function insertByKeyboard(root: HTMLElement, search: string = 'https'): Promise<void> {
  await userEvent.keyboard('{Enter}');
  const picker = await within(root).findByRole('dialog', { name: 'Find action' });
  const box = within(picker).getByRole('combobox', { name: 'Find action' });
  await waitFor(() => expect(box).toHaveFocus());
  await userEvent.type(box, search);
  await userEvent.keyboard('{Enter}');
  await waitFor(() => expect(within(root).queryByRole('dialog', { name: 'Find action' })).toBeNull());
}

/** Queries bound to one element, as `within(element)` returns them. */
export type Canvas = ReturnType<typeof within<typeof queries>>;

/**
 * Opens a toolbar action by its name: its button, or, where the editor is too narrow for
 * it and the toolbar has folded it into "More actions", that menu's item. Returns the
 * control a person used, where focus goes back when what it opened closes.
 */
export async function openToolbarAction(root: HTMLElement, name: string): Promise<HTMLElement> {
  const canvas = within(root);
  const button = canvas.queryByRole('button', { name });
  if (button) {
    await userEvent.click(button);
    return button;
  }
  const more = canvas.getByRole('button', { name: 'More actions' });
  await userEvent.click(more);
  await userEvent.click(await canvas.findByRole('menuitem', { name }));
  return more;
}
