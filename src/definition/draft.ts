// ---------------------------------------------------------------------------
// Which workflows with problems the editor can still open, as a draft the person finishes
// there. The editor holds drafts as it is: a host may pass one as `definition`, Save keeps
// one, and only Publish needs a valid workflow. What it cannot hold is a document its own
// operations could not have made: the canvas, the layout, the id index and every edit walk
// the tree trusting the shape those operations check before anything enters it. So the
// rule is theirs, asked of them rather than written a second time: a draft is a workflow
// the editor could have built with `emptyWorkflow`, `updateWorkflow` and `insertStep`.
//
// Only the editor's "Import JSON" asks (its chunk loads this module): `importWorkflowJson`
// itself stays as it was, so the definition entry does not grow.
// ---------------------------------------------------------------------------

import { takenIds } from './ids';
import { importWorkflowJson, migrateWorkflow, type WorkflowImportResult } from './migrate';
import { WorkflowOperationError, emptyWorkflow, insertStep, updateWorkflow } from './operations';
import { isRecord } from './own';
import { SCHEMA_VERSION, type ProblemCode, type Step, type Workflow } from './types';
import type { ValidateOptions } from './validate';

/**
 * True when `document` (what `JSON.parse` gives, already migrated) is a workflow the editor
 * can hold, whatever its validation problems: `kind` "workflow" at the current
 * `schemaVersion`; an `id` and a `name` `emptyWorkflow` takes (a valid id: the editor has
 * no control that changes it; a name that is text); a `description`, if any,
 * `updateWorkflow` takes; a `trigger` object; and a `steps` list whose every step
 * `insertStep` takes (shaped like a step of a known type, with valid ids), no step or
 * branch id used twice. Everything else (config values, missing or unknown config fields,
 * unknown actions, the trigger's event and payload schema, branches and conditions,
 * references, secrets) is a problem the editor shows and the person fixes there. A valid
 * workflow is one too.
 * @internal
 */
export function canOpenAsDraft(document: unknown): document is Workflow {
  if (!isRecord(document) || document.kind !== 'workflow' || document.schemaVersion !== SCHEMA_VERSION) return false;
  const { id, name, description, trigger, steps } = document;
  if (typeof id !== 'string' || typeof name !== 'string' || !isRecord(trigger) || !Array.isArray(steps)) return false;
  try {
    const start = emptyWorkflow({ id, name });
    if (description !== undefined) updateWorkflow(start, { description: description as string });
    // Each step goes into the empty workflow and the ids are collected here: inserting the
    // steps one after another would walk everything inserted so far for every step.
    const used = new Set<string>();
    for (const step of steps as unknown[]) {
      insertStep(start, { branchId: null, index: 0 }, step as Step);
      for (const inside of takenIds({ steps: [step as Step] })) {
        if (used.has(inside)) return false;
        used.add(inside);
      }
    }
    return true;
  } catch (error) {
    if (error instanceof WorkflowOperationError) return false;
    throw error;
  }
}

/** What {@link importWorkflowJsonWithDraft} returns. */
export type WorkflowDraftImportResult =
  | Extract<WorkflowImportResult, { ok: true }>
  | (Extract<WorkflowImportResult, { ok: false }> & {
      /** The document (migrated) when the editor can open it as a draft despite `problems`. */
      draft?: Workflow;
    });

/** Problems of text that is not a document of this version at all: there is nothing to open. */
const NOT_A_DOCUMENT: ReadonlySet<ProblemCode> = new Set<ProblemCode>([
  'json_syntax',
  'not_json',
  'nesting_too_deep',
  'schema_version_unsupported',
]);

/**
 * {@link importWorkflowJson}, and when the text has problems, the document as `draft` if
 * {@link canOpenAsDraft} says the editor can hold it. Text that is not strict JSON (a key
 * given twice included), nests too deeply or has an unsupported `schemaVersion` has none.
 * @internal
 */
export function importWorkflowJsonWithDraft(text: string, options: ValidateOptions = {}): WorkflowDraftImportResult {
  const result = importWorkflowJson(text, options);
  if (result.ok || result.problems.some((problem) => NOT_A_DOCUMENT.has(problem.code))) return result;
  let value: unknown;
  try {
    value = JSON.parse(text.startsWith('\uFEFF') ? text.slice(1) : text);
  } catch {
    return result;
  }
  // The same migration `importWorkflowJson` validated: its problems' paths are the draft's.
  const migration = migrateWorkflow(value);
  return migration.ok && canOpenAsDraft(migration.value) ? { ...result, draft: migration.value } : result;
}
