// ---------------------------------------------------------------------------
// Changing a step's id. References name steps by id (`{{ steps.<id>.output }}`), so an
// id is only ever changed together with every reference to it: this module checks the
// new id and rewrites those references in one pure step, for the editor to apply as one
// undo step.
//
// A person types the new id, so a refused id is an answer to show beside the field, not
// a programmer error: it comes back as a result (`{ ok: false, error }`), not thrown.
// ---------------------------------------------------------------------------

import { takenIds } from './ids';
import { parseJsonPointer } from './json-pointer';
import { setOwn } from './own';
import { findReferences, scanReferences } from './references/parse';
import { stepKindOf } from './step-kinds';
import { findBranch, findStep, walkSteps } from './tree';
import { ID_PATTERN, type Workflow } from './types';

/** Longest id {@link ID_PATTERN} allows. */
export const MAX_STEP_ID_LENGTH = 63;

/** Why a new step id was refused. */
export type StepIdErrorCode =
  /** The workflow has no step with the id being changed. */
  | 'unknown_step'
  /** The new id is empty. */
  | 'step_id_empty'
  /** The new id is longer than {@link MAX_STEP_ID_LENGTH} characters. */
  | 'step_id_too_long'
  /** The new id does not match {@link ID_PATTERN}. */
  | 'step_id_invalid'
  /** Another step or a branch already has the new id (`params.usedBy` says which). */
  | 'step_id_taken';

/** A refused step id: a `code`, an English sentence, and the values a translation needs. */
export interface StepIdError {
  code: StepIdErrorCode;
  message: string;
  params: {
    /** The id asked for (the step's current id for `unknown_step`). */
    id: string;
    /** `step_id_too_long`: the longest id allowed. */
    limit?: number;
    /** `step_id_taken`: what already has the id. */
    usedBy?: 'step' | 'branch';
  };
}

/** What {@link changeStepId} gives back. */
export type StepIdChange =
  | {
      ok: true;
      /** The workflow with the new id; the input itself when the id was already `toId`. */
      workflow: Workflow;
      /** How many references were rewritten. */
      references: number;
    }
  | { ok: false; error: StepIdError };

/**
 * Why `candidate` cannot become the id of step `stepId`, or `undefined` when it can
 * (also when it is the step's current id). Cheap enough to call on every key typed.
 */
export function checkStepId(workflow: Workflow, stepId: string, candidate: unknown): StepIdError | undefined {
  if (!findStep(workflow, stepId)) {
    return { code: 'unknown_step', message: `There is no step "${stepId}" in the workflow.`, params: { id: stepId } };
  }
  if (typeof candidate !== 'string' || candidate === '') {
    return { code: 'step_id_empty', message: 'Enter a step ID.', params: { id: '' } };
  }
  if (candidate === stepId) return undefined;
  if (candidate.length > MAX_STEP_ID_LENGTH) {
    return {
      code: 'step_id_too_long',
      message: `Step ID can be at most ${MAX_STEP_ID_LENGTH} characters.`,
      params: { id: candidate, limit: MAX_STEP_ID_LENGTH },
    };
  }
  if (!ID_PATTERN.test(candidate)) {
    return {
      code: 'step_id_invalid',
      message: 'Step ID must start with a letter and use only lowercase letters, digits and _.',
      params: { id: candidate },
    };
  }
  if (takenIds(workflow).has(candidate)) {
    const usedBy = findBranch(workflow, candidate) && !findStep(workflow, candidate) ? 'branch' : 'step';
    return {
      code: 'step_id_taken',
      message:
        usedBy === 'branch'
          ? `A branch already uses the ID "${candidate}".`
          : `Another step already uses the ID "${candidate}".`,
      params: { id: candidate, usedBy },
    };
  }
  return undefined;
}

/**
 * The workflow with step `fromId` renamed to `toId`, and every reference to it rewritten:
 * in the config of every action step (strings at any depth; object keys are not
 * templates) and in the condition of every branch. References are rewritten wherever
 * they are, also ones validation reports (a step referring to a later step names the
 * same step, and keeps naming it). Everything else in each string stays byte for byte:
 * other references, the spaces inside the braces, `\{{` escapes, a `["id"]` bracket
 * form. Text that only looks like a reference (outside `{{ }}`, escaped, malformed, or
 * naming another step such as `steps.<fromId>_2`) is left alone.
 *
 * A reference to `toId` that dangled before (no such step) names this step afterwards.
 * The input is never changed; untouched steps keep their object identity.
 */
export function changeStepId(workflow: Workflow, fromId: string, toId: string): StepIdChange {
  const error = checkStepId(workflow, fromId, toId);
  if (error) return { ok: false, error };
  if (toId === fromId) return { ok: true, workflow, references: 0 };

  const edits: { segments: string[]; value: string }[] = [];
  let references = 0;
  let renamed = false;
  walkSteps(workflow.steps, ({ step, pointer }) => {
    // The first step with the id, as findStep finds it; a duplicate is validation's to report.
    if (step.id === fromId && !renamed) {
      edits.push({ segments: parseJsonPointer(`${pointer}/id`), value: toId });
      renamed = true;
    }
    const templates = (stepKindOf(step)?.templateFields(step as unknown as Record<string, unknown>) ?? []).map(
      ({ value, segments }) => ({ value, pointer: `${pointer}/${segments.join('/')}` }),
    );
    for (const template of templates) {
      // One string may hold several references: each string is rewritten once, whole.
      const pointers = new Set<string>();
      for (const located of scanReferences(template.value, template.pointer).references) {
        if (located.reference.root === 'steps' && located.reference.path[1] === fromId) pointers.add(located.pointer);
      }
      for (const at of pointers) {
        const segments = parseJsonPointer(at);
        const text = valueAt(workflow, segments);
        if (typeof text !== 'string') continue;
        const rewritten = rewriteStepReferences(text, fromId, toId);
        references += rewritten.count;
        if (rewritten.count > 0) edits.push({ segments, value: rewritten.text });
      }
    }
  });
  return { ok: true, workflow: withValuesAt(workflow, edits), references };
}

/**
 * `text` with every reference to step `fromId` naming `toId` instead, and how many it
 * rewrote. Only the id inside each such reference changes; the rest is kept as written.
 */
export function rewriteStepReferences(text: string, fromId: string, toId: string): { text: string; count: number } {
  if (!text.includes('{{')) return { text, count: 0 };
  let result = '';
  let copiedUpTo = 0;
  let count = 0;
  for (const reference of findReferences(text).references) {
    if (reference.root !== 'steps' || reference.path[1] !== fromId) continue;
    const span = stepIdSpan(text, reference.start);
    result += text.slice(copiedUpTo, span.start) + (span.quoted ? JSON.stringify(toId) : toId);
    copiedUpTo = span.end;
    count++;
  }
  if (count === 0) return { text, count: 0 };
  return { text: result + text.slice(copiedUpTo), count };
}

/**
 * Where the step id is written in the `steps` reference starting at `start` (its `{{`):
 * `.id` (maybe with spaces after the dot) or `["id"]` (the quoted string, quotes
 * included). The reference has parsed, so its shape is known.
 */
function stepIdSpan(text: string, start: number): { start: number; end: number; quoted: boolean } {
  let i = start + 2;
  const skipSpaces = (): void => {
    while (text[i] === ' ' || text[i] === '\t') i++;
  };
  skipSpaces();
  i += 'steps'.length;
  skipSpaces();
  const opener = text[i];
  i++;
  skipSpaces();
  const from = i;
  if (opener === '.') {
    while (i < text.length && /[A-Za-z0-9_]/.test(text[i]!)) i++;
    return { start: from, end: i, quoted: false };
  }
  // `[` then a JSON string: up to the quote that is not escaped.
  i++;
  while (i < text.length && text[i] !== '"') i += text[i] === '\\' ? 2 : 1;
  return { start: from, end: i + 1, quoted: true };
}

/** The value at `segments` below `root` (own properties only), or undefined. */
function valueAt(root: unknown, segments: readonly string[]): unknown {
  let node = root;
  for (const segment of segments) {
    if (node === null || typeof node !== 'object' || !Object.hasOwn(node, segment)) return undefined;
    node = (node as Record<string, unknown>)[segment];
  }
  return node;
}

/**
 * `root` with each edit's value set at its path, copying only the objects and arrays on
 * those paths (each once, however many edits pass through it); the rest is shared.
 */
function withValuesAt(root: Workflow, edits: readonly { segments: readonly string[]; value: unknown }[]): Workflow {
  const copies = new Map<object, object>();
  const copyOf = (node: object): object => {
    let copy = copies.get(node);
    if (!copy) {
      // Spreading defines own fields, so a "__proto__" key is copied as a field.
      copy = Array.isArray(node) ? node.slice() : { ...node };
      copies.set(node, copy);
    }
    return copy;
  };
  const rootCopy = copyOf(root);
  for (const { segments, value } of edits) {
    // Every path was read from `root` before, so each container on it exists.
    let original: object = root;
    let copy = rootCopy;
    for (let index = 0; index < segments.length - 1; index++) {
      const key = segments[index]!;
      const child = (original as Record<string, unknown>)[key] as object;
      const childCopy = copyOf(child);
      setOwn(copy, key, childCopy);
      original = child;
      copy = childCopy;
    }
    setOwn(copy, segments[segments.length - 1]!, value);
  }
  return rootCopy as Workflow;
}
