// The canvas's shortcut tables: each key runs its command against the editor's state,
// and says whether it handled the key (the browser's default is then prevented).
import { describe, expect, it, vi } from 'vitest';
import { layout } from '../../../src/definition';
import {
  ITEM_SHORTCUTS,
  MODIFIER_SHORTCUTS,
  pastePointFor,
  shortcutFor,
  type ShortcutContext,
} from '../../../src/editor/canvas/canvas-shortcuts';
import type { EditorState } from '../../../src/editor/store';
import { makeStore, sampleWorkflow } from '../store/fixtures';

function contextFor(state: EditorState, overrides: Partial<ShortcutContext> = {}): ShortcutContext {
  return {
    state,
    shiftKey: false,
    altKey: false,
    itemId: null,
    focusedStepId: null,
    stepId: null,
    focusOrder: ['trigger', 'insert:root', 'step:call_crm'],
    focusItem: vi.fn(),
    moveFocus: vi.fn(() => true),
    pastePoint: () => ({ branchId: null, index: 0 }),
    openFind: vi.fn(),
    openStepMenu: vi.fn(),
    ...overrides,
  };
}

describe('MODIFIER_SHORTCUTS', () => {
  it('undoes with Ctrl+Z and redoes with Ctrl+Shift+Z and Ctrl+Y', () => {
    const store = makeStore().store;
    store.getState().removeStep('approve');
    expect(MODIFIER_SHORTCUTS.z!(contextFor(store.getState()))).toBe(true);
    expect(store.getState().definition.steps.map((step) => step.id)).toContain('approve');
    expect(MODIFIER_SHORTCUTS.z!(contextFor(store.getState(), { shiftKey: true }))).toBe(true);
    expect(store.getState().definition.steps.map((step) => step.id)).not.toContain('approve');
    store.getState().undo();
    expect(MODIFIER_SHORTCUTS.y!(contextFor(store.getState()))).toBe(true);
    expect(store.getState().definition.steps.map((step) => step.id)).not.toContain('approve');
  });

  it('duplicates the step and focuses the copy, and leaves the key alone without a step', () => {
    const store = makeStore().store;
    const context = contextFor(store.getState(), { stepId: 'approve' });
    expect(MODIFIER_SHORTCUTS.d!(context)).toBe(true);
    expect(store.getState().definition.steps).toHaveLength(4);
    expect(context.focusItem).toHaveBeenCalledWith(`step:${store.getState().definition.steps[3]!.id}`);
    expect(MODIFIER_SHORTCUTS.d!(contextFor(store.getState()))).toBe(false);
  });

  it('opens Find step with Ctrl+F but not with Ctrl+Shift+F', () => {
    const context = contextFor(makeStore().store.getState());
    expect(MODIFIER_SHORTCUTS.f!(context)).toBe(true);
    expect(context.openFind).toHaveBeenCalledTimes(1);
    expect(MODIFIER_SHORTCUTS.f!({ ...context, shiftKey: true })).toBe(false);
    expect(context.openFind).toHaveBeenCalledTimes(1);
  });

  it('pastes only with something copied', () => {
    const store = makeStore().store;
    expect(MODIFIER_SHORTCUTS.v!(contextFor(store.getState()))).toBe(false);
    expect(MODIFIER_SHORTCUTS.c!(contextFor(store.getState(), { stepId: 'approve' }))).toBe(true);
    const context = contextFor(store.getState());
    expect(MODIFIER_SHORTCUTS.v!(context)).toBe(true);
    expect(store.getState().definition.steps).toHaveLength(4);
    expect(context.focusItem).toHaveBeenCalledWith(`step:${store.getState().definition.steps[0]!.id}`);
  });
});

describe('ITEM_SHORTCUTS', () => {
  it('moves focus with the arrows, and the focused step with Alt+↑ and Alt+↓', () => {
    const store = makeStore().store;
    const context = contextFor(store.getState(), { itemId: 'step:call_crm', focusedStepId: 'call_crm' });
    expect(ITEM_SHORTCUTS.ArrowDown!(context)).toBe(true);
    expect(context.moveFocus).toHaveBeenCalledWith(1);
    expect(ITEM_SHORTCUTS.ArrowLeft!({ ...context, altKey: true })).toBe(true);
    expect(context.moveFocus).toHaveBeenCalledWith(-1);
    expect(ITEM_SHORTCUTS.ArrowDown!({ ...context, altKey: true })).toBe(true);
    expect(store.getState().definition.steps[1]!.id).toBe('call_crm');
    expect(context.focusItem).toHaveBeenCalledWith('step:call_crm');
  });

  it('leaves Tab to the browser at the ends of the order, and Alt+Tab always', () => {
    const context = contextFor(makeStore().store.getState(), { itemId: 'trigger', moveFocus: vi.fn(() => false) });
    expect(ITEM_SHORTCUTS.Tab!(context)).toBe(false);
    expect(ITEM_SHORTCUTS.Tab!({ ...context, altKey: true, moveFocus: vi.fn(() => true) })).toBe(false);
  });

  it('goes to the first and last item with Home and End', () => {
    const context = contextFor(makeStore().store.getState(), { itemId: 'insert:root' });
    ITEM_SHORTCUTS.Home!(context);
    ITEM_SHORTCUTS.End!(context);
    expect(vi.mocked(context.focusItem).mock.calls).toEqual([['trigger'], ['step:call_crm']]);
  });

  it('deletes the focused step and opens its menu (Shift+F10 or the menu key), not on a "+"', () => {
    const store = makeStore().store;
    const onPlus = contextFor(store.getState(), { itemId: 'insert:root' });
    expect(ITEM_SHORTCUTS.Delete!(onPlus)).toBe(false);
    expect(ITEM_SHORTCUTS.ContextMenu!(onPlus)).toBe(false);
    const onStep = contextFor(store.getState(), { itemId: 'step:approve', focusedStepId: 'approve' });
    expect(ITEM_SHORTCUTS.F10!(onStep)).toBe(false);
    expect(ITEM_SHORTCUTS.F10!({ ...onStep, shiftKey: true })).toBe(true);
    expect(onStep.openStepMenu).toHaveBeenCalledWith('approve');
    expect(ITEM_SHORTCUTS.Backspace!(onStep)).toBe(true);
    expect(store.getState().definition.steps.map((step) => step.id)).not.toContain('approve');
  });

  it('clears the selection with Escape but leaves the key to the page', () => {
    const store = makeStore().store;
    store.getState().select({ kind: 'step', stepId: 'approve' });
    expect(ITEM_SHORTCUTS.Escape!(contextFor(store.getState(), { itemId: 'step:approve' }))).toBe(false);
    expect(store.getState().selection).toBeNull();
  });
});

describe('shortcutFor', () => {
  it('finds only the tables’ own keys', () => {
    expect(shortcutFor(ITEM_SHORTCUTS, 'Home')).toBe(ITEM_SHORTCUTS.Home);
    expect(shortcutFor(ITEM_SHORTCUTS, 'constructor')).toBeUndefined();
    expect(shortcutFor(MODIFIER_SHORTCUTS, 'q')).toBeUndefined();
  });
});

describe('pastePointFor', () => {
  const workflow = sampleWorkflow();
  const workflowLayout = layout(workflow);
  it('pastes at the focused "+", after the focused or selected step, or at the end', () => {
    expect(pastePointFor(workflowLayout, { definition: workflow }, 'insert:start:approved', null)).toEqual({
      branchId: 'approved',
      index: 0,
    });
    expect(pastePointFor(workflowLayout, { definition: workflow }, 'step:mark', 'mark')).toEqual({
      branchId: 'otherwise',
      index: 1,
    });
    expect(pastePointFor(workflowLayout, { definition: workflow }, null, null)).toEqual({ branchId: null, index: 3 });
  });
});
