// ---------------------------------------------------------------------------
// Selectors declared once at module level, so components pass stable functions to
// `useWorkflowEditor` and re-render only when their slice changes.
// ---------------------------------------------------------------------------

import { findStep, type Problem, type Step } from '../../definition';
import type { EditorState } from './types';

/** Shared empty list: returning a fresh `[]` from a selector would re-render on every change. */
const NO_PROBLEMS: readonly Problem[] = /* @__PURE__ */ Object.freeze([]);

/** The workflow definition. */
export const selectDefinition = (state: EditorState) => state.definition;

/** The current selection. */
export const selectSelection = (state: EditorState) => state.selection;

/** Id of the selected step, or null when the trigger or nothing is selected. */
export const selectSelectedStepId = (state: EditorState): string | null =>
  state.selection?.kind === 'step' ? state.selection.stepId : null;

/** The selected step itself (same object as in the definition), or null. */
export const selectSelectedStep = (state: EditorState): Step | null => {
  const stepId = selectSelectedStepId(state);
  return stepId === null ? null : (findStep(state.definition, stepId)?.step ?? null);
};

/** Whether the configuration panel is showing something. */
export const selectPanelOpen = (state: EditorState) => state.panelOpen && state.selection !== null;

/** The open action picker, or null. */
export const selectPicker = (state: EditorState) => state.picker;

/** Every validation problem of the definition. */
export const selectProblems = (state: EditorState) => state.problems;

/** How many problems the definition has. */
export const selectProblemCount = (state: EditorState) => state.problems.length;

/** Problems of one step ('' for the trigger and workflow-level problems); a stable empty list when none. */
export function selectStepProblems(stepId: string): (state: EditorState) => readonly Problem[] {
  return (state) => state.problemsByStep.get(stepId) ?? NO_PROBLEMS;
}

/** Whether undo / redo would do something (false while read-only). */
export const selectCanUndo = (state: EditorState) => state.canUndo && !state.readOnly;
/** See {@link selectCanUndo}. */
export const selectCanRedo = (state: EditorState) => state.canRedo && !state.readOnly;

/** Whether the definition has changes not yet saved. */
export const selectDirty = (state: EditorState) => state.dirty;

/** The host's rule for where steps may be inserted, or null when it allows everywhere. */
export const selectInsertRule = (state: EditorState) => state.insertRule;

/** Whether the editor refuses edits. */
export const selectReadOnly = (state: EditorState) => state.readOnly;

/** The action catalog. */
export const selectCatalog = (state: EditorState) => state.catalog;

/** The secret names the host offers. */
export const selectSecrets = (state: EditorState) => state.secrets;

/** The step on the clipboard, or null. */
export const selectClipboard = (state: EditorState) => state.clipboard;

/** The pending "focus this field" request, or null. */
export const selectFocusRequest = (state: EditorState) => state.focusRequest;

/** A step's name as the editor says it where a name is needed: its id when the name is empty. */
export function stepDisplayName(step: { id: string; name: string }): string {
  return step.name.trim() === '' ? step.id : step.name;
}
