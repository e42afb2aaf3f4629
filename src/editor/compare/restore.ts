// ---------------------------------------------------------------------------
// One changed field in words (its label, its values before and after) and how to put it
// back to its published value through the editor's store: one store action, so one undo
// step, for each "Restore published value".
// ---------------------------------------------------------------------------

import {
  findStep,
  parseJsonPointer,
  type FieldChange,
  type JsonObject,
  type JsonValue,
  type Step,
} from '../../definition';
import { isActionStep, isBranchStep } from '../../definition/step-kinds';
import type { EditorLabels } from '../labels';
import type { EditorStore } from '../store';

/** Longest value shown in words; longer ones end with "…" (the JSON export has them whole). */
const MAX_VALUE_TEXT = 120;

/** A value in words: text as it is, anything else as compact JSON. */
export function valueText(value: JsonValue | undefined, labels: EditorLabels): string {
  if (value === undefined) return labels.notSet;
  const text = typeof value === 'string' ? (value === '' ? '""' : value) : JSON.stringify(value);
  return text.length > MAX_VALUE_TEXT ? `${text.slice(0, MAX_VALUE_TEXT - 1)}…` : text;
}

/** What a step's field is called: its form title, "Step name", a branch's name or condition. */
export function stepFieldLabel(step: Step | undefined, field: FieldChange, labels: EditorLabels): string {
  const segments = parseJsonPointer(field.path);
  if (field.label !== undefined) return field.label;
  if (segments[0] === 'name' && segments.length === 1) return labels.fieldName;
  if (segments[0] === 'branches') {
    if (segments.length === 1) return labels.fieldBranches;
    const branch = isBranchStep(step) ? step.branches[Number(segments[1])] : undefined;
    const before = (field.before ?? {}) as JsonObject;
    const name = branch?.name ?? (typeof before.name === 'string' ? before.name : segments[1]!);
    return labels.branchField(name, segments[2] === 'when' ? 'condition' : 'name');
  }
  return segments[segments.length - 1] ?? field.path;
}

/** What a trigger or workflow field is called. */
export function ownFieldLabel(field: FieldChange, labels: EditorLabels): string {
  switch (field.path) {
    case '/event':
      return labels.fieldEvent;
    case '/payloadSchema':
      return labels.fieldPayloadSchema;
    case '/name':
      return labels.workflowName;
    case '/description':
      return labels.fieldDescription;
    default:
      return parseJsonPointer(field.path).join('.');
  }
}

/**
 * `current` with `key` set to `value` (or removed), the key placed where the published
 * config has it, so a restored config is written in the published key order.
 */
function withKeyRestored(
  current: JsonObject,
  published: JsonObject,
  key: string,
  value: JsonValue | undefined,
): JsonObject {
  const publishedKeys = Object.keys(published);
  const result: JsonObject = {};
  const keys = Object.keys(current).filter((existing) => existing !== key);
  if (value !== undefined) {
    const position = publishedKeys.indexOf(key);
    // After the nearest key that comes before it in the published config.
    let insertAt = 0;
    for (let i = position - 1; i >= 0; i--) {
      const found = keys.indexOf(publishedKeys[i]!);
      if (found !== -1) {
        insertAt = found + 1;
        break;
      }
    }
    keys.splice(insertAt, 0, key);
  }
  for (const name of keys) {
    const entry = name === key ? value : current[name];
    if (entry !== undefined)
      Object.defineProperty(result, name, { value: entry, enumerable: true, writable: true, configurable: true });
  }
  return result;
}

/**
 * Puts one field of a step back to its published value, or returns false when the field
 * cannot be restored on its own (branches added, removed or reordered; another action).
 * Only asks; the store refuses what a read-only editor may not do.
 */
export function restoreStepField(
  store: EditorStore,
  stepId: string,
  field: FieldChange,
  publishedStep: Step | undefined,
): boolean {
  const state = store.getState();
  const step = findStep(state.definition, stepId)?.step;
  if (!step) return false;
  const segments = parseJsonPointer(field.path);
  if (segments.length === 1 && segments[0] === 'name' && typeof field.before === 'string') {
    state.renameStep(stepId, field.before);
    return true;
  }
  if (segments[0] === 'config' && segments.length === 2 && isActionStep(step)) {
    const published = isActionStep(publishedStep) ? publishedStep.config : {};
    state.updateStepConfig(stepId, withKeyRestored(step.config, published, segments[1]!, field.before));
    return true;
  }
  if (segments[0] === 'branches' && segments.length === 3 && isBranchStep(step)) {
    const branch = step.branches[Number(segments[1])];
    if (!branch) return false;
    if (segments[2] === 'name' && typeof field.before === 'string')
      state.updateBranch(branch.id, { name: field.before });
    else if (segments[2] === 'when') state.updateBranch(branch.id, { when: (field.before ?? null) as never });
    else return false;
    return true;
  }
  return false;
}

/** Whether {@link restoreStepField} can restore this field. */
export function canRestoreStepField(field: FieldChange): boolean {
  const segments = parseJsonPointer(field.path);
  if (segments.length === 1 && segments[0] === 'name') return typeof field.before === 'string';
  if (segments[0] === 'config') return segments.length === 2;
  return segments[0] === 'branches' && segments.length === 3 && (segments[2] === 'name' || segments[2] === 'when');
}

/** Puts a trigger field back to its published value. */
export function restoreTriggerField(store: EditorStore, field: FieldChange): boolean {
  if (field.path === '/event' && typeof field.before === 'string') {
    store.getState().updateTrigger({ event: field.before });
    return true;
  }
  if (field.path === '/payloadSchema') {
    store.getState().updateTrigger({ payloadSchema: field.before as JsonObject | undefined });
    return true;
  }
  return false;
}

/** Puts the workflow's name or description back to its published value. */
export function restoreWorkflowField(store: EditorStore, field: FieldChange): boolean {
  if (field.path === '/name' && typeof field.before === 'string') {
    store.getState().updateWorkflowInfo({ name: field.before });
    return true;
  }
  if (field.path === '/description') {
    store.getState().updateWorkflowInfo({ description: typeof field.before === 'string' ? field.before : '' });
    return true;
  }
  return false;
}
