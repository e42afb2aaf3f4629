// ---------------------------------------------------------------------------
// Operations on a definition: each takes a workflow and returns a new one, leaving its
// input untouched, so the editor's history can keep every version. Untouched subtrees
// keep their object identity (the canvas compares identities to skip work), and an
// operation that changes nothing returns its input.
//
// A request that does not fit the workflow (an unknown id, a place outside a list,
// a move into itself) throws a WorkflowOperationError: the editor only offers what is
// possible, so reaching one is a programmer error, and throwing keeps a bad request
// from silently producing a broken definition. Operations never rewrite references: a
// reference that no longer resolves is reported by validation on the step holding it.
// ---------------------------------------------------------------------------

import { BRANCH_ACTION_ID } from './actions/flow';
import { WorkflowEditorError } from './errors';
import { deriveId, takenIds } from './ids';
import { readJsonDocument } from './json-value';
import { isRecord } from './own';
import { STEP_KINDS, childLists, isActionStep, isBranchStep } from './step-kinds';
import {
  findBranch,
  findList,
  findStep,
  walkSteps,
  walkUntrustedStep,
  type StepLocation,
  type UntrustedStepLocation,
} from './tree';
import {
  ID_PATTERN,
  SCHEMA_VERSION,
  type ActionCatalog,
  type Branch,
  type BranchStep,
  type Condition,
  type InsertionPoint,
  type JsonObject,
  type JsonValue,
  type Step,
  type Trigger,
  type Workflow,
} from './types';

// ---- Errors ----------------------------------------------------------------

/** Why an operation refused a request. */
export type WorkflowOperationErrorCode =
  | 'unknown_step'
  | 'unknown_branch'
  | 'unknown_action'
  | 'invalid_point'
  | 'invalid_move'
  | 'duplicate_id'
  | 'invalid_value';

/** Thrown by an operation asked to do something the workflow does not allow. */
export class WorkflowOperationError extends WorkflowEditorError<WorkflowOperationErrorCode> {
  constructor(code: WorkflowOperationErrorCode, message: string) {
    super(code, message);
    this.name = 'WorkflowOperationError';
  }
}

// ---- Helpers ---------------------------------------------------------------

/**
 * A deep copy of JSON data ("__proto__" keys included, as own fields); `structuredClone`
 * is not part of the definition layer's lib. Copied without recursion, so a config of
 * any depth copies; a value that is not JSON is refused (operations take definitions).
 */
function cloneJson<T extends JsonValue | Condition>(value: T): T {
  const read = readJsonDocument(value);
  if (!read.ok) {
    const first = read.problems[0]!;
    throw new WorkflowOperationError(
      'invalid_value',
      `${first.message} (at ${first.path === '' ? 'the root' : first.path}).`,
    );
  }
  return read.value as T;
}

function isPlainObject(value: unknown): value is JsonObject {
  return isRecord(value);
}

function describePoint(point: InsertionPoint): string {
  return point.branchId === null
    ? `position ${point.index} of the workflow's steps`
    : `position ${point.index} of branch "${point.branchId}"`;
}

function locateStep(workflow: Workflow, stepId: string): StepLocation {
  const location = findStep(workflow, stepId);
  if (!location) throw new WorkflowOperationError('unknown_step', `There is no step "${stepId}" in the workflow.`);
  return location;
}

function locateBranchStep(workflow: Workflow, stepId: string): BranchStep {
  const { step } = locateStep(workflow, stepId);
  if (!isBranchStep(step)) {
    throw new WorkflowOperationError(
      'invalid_value',
      `Step "${stepId}" is not a Conditional step, so it has no branches.`,
    );
  }
  return step;
}

function locateBranch(workflow: Workflow, branchId: string) {
  const location = findBranch(workflow, branchId);
  if (!location)
    throw new WorkflowOperationError('unknown_branch', `There is no branch "${branchId}" in the workflow.`);
  return location;
}

function checkPointShape(point: unknown): asserts point is InsertionPoint {
  if (!isPlainObject(point) || (point.branchId !== null && typeof point.branchId !== 'string')) {
    throw new WorkflowOperationError(
      'invalid_point',
      'An insertion point is { branchId: string | null, index: number }.',
    );
  }
}

/** The list a point names, checked: the branch exists and the index is a position in it. */
function listAt(workflow: Workflow, point: InsertionPoint): Step[] {
  checkPointShape(point);
  const list = findList(workflow, point.branchId);
  if (!list) {
    throw new WorkflowOperationError(
      'unknown_branch',
      `There is no branch "${String(point.branchId)}" in the workflow.`,
    );
  }
  if (!Number.isInteger(point.index) || point.index < 0 || point.index > list.length) {
    throw new WorkflowOperationError(
      'invalid_point',
      `${describePoint(point)} is not a place in a list of ${list.length} step(s): the index must be 0 to ${list.length}.`,
    );
  }
  return list;
}

/**
 * The workflow with the list named by `branchId` replaced. Only the spine from the root
 * to that list is copied; every other step and branch keeps its identity.
 */
function withList(workflow: Workflow, branchId: string | null, list: Step[]): Workflow {
  if (branchId === null) return { ...workflow, steps: list };
  const { owner } = locateBranch(workflow, branchId);
  return withBranches(
    workflow,
    owner.id,
    owner.branches.map((branch) => (branch.id === branchId ? { ...branch, steps: list } : branch)),
  );
}

/** The workflow with one step replaced in place. */
function withStep(workflow: Workflow, location: StepLocation, step: Step): Workflow {
  const list = location.list.slice();
  list[location.index] = step;
  return withList(workflow, location.branchId, list);
}

/** The workflow with a branch step's branches replaced. */
function withBranches(workflow: Workflow, branchStepId: string, branches: Branch[]): Workflow {
  const location = locateStep(workflow, branchStepId);
  return withStep(workflow, location, { ...(location.step as BranchStep), branches });
}

/** Every step id and branch id inside `step` (itself included), in order. */
function idsInside(step: Step): string[] {
  const ids: string[] = [];
  walkSteps([step], ({ step: inner }) => {
    ids.push(inner.id);
    for (const { holder } of childLists(inner)) ids.push(holder.id);
  });
  return ids;
}

/** A branch with its fields in format order, `when` only when given. */
function makeBranch(id: string, name: string, when: Condition | undefined, steps: Step[]): Branch {
  return when === undefined ? { id, name, steps } : { id, name, when, steps };
}

function isDefaultBranch(owner: BranchStep, index: number): boolean {
  return index === owner.branches.length - 1 && owner.branches[index]!.when === undefined;
}

function checkName(name: unknown, what: string): asserts name is string {
  if (typeof name !== 'string') {
    throw new WorkflowOperationError('invalid_value', `The name of ${what} must be text.`);
  }
}

function checkCondition(when: unknown, branchId: string): asserts when is Condition {
  if (!isPlainObject(when)) {
    throw new WorkflowOperationError(
      'invalid_value',
      `The condition of branch "${branchId}" must be an object such as { "all": [] }.`,
    );
  }
}

/**
 * Refuses a value that is not shaped like a step, before it enters the tree: every walk
 * of the tree (ids, scope, layout) relies on these fields. What the fields hold (an
 * empty name, a config the action's schema refuses) is left to validation, which the
 * person can see and fix.
 */
function checkStepShape(root: unknown, what: string): void {
  const refuse = (subject: string, reason: string): never => {
    throw new WorkflowOperationError('invalid_value', `${subject} ${reason}`);
  };
  /** What a refusal calls the step at `ancestors`: the root as `what`, a nested step by its branch and owner. */
  const describe = (ancestors: UntrustedStepLocation['ancestors']): string => {
    const innermost = ancestors[ancestors.length - 1];
    if (!innermost) return what;
    const { step: owner, branch } = innermost as { step: { id: string }; branch: { id: string } };
    return `A step in branch "${branch.id}" of "${owner.id}"`;
  };
  // Each step's own fields when entered, each branch's before the steps inside it.
  walkUntrustedStep(root, {
    enter: ({ step, ancestors }) => {
      const described = describe(ancestors);
      if (!isPlainObject(step)) return refuse(described, 'must be a step object.');
      if (typeof step.id !== 'string') return refuse(described, 'needs an "id" (text).');
      const subject = `${described} "${step.id}"`;
      if (typeof step.name !== 'string') refuse(subject, 'needs a "name" (text).');
      if (step.type === STEP_KINDS.action.type) {
        if (typeof step.action !== 'string') refuse(subject, 'needs an "action" (text).');
        if (!isPlainObject(step.config)) refuse(subject, 'needs a "config" object.');
        return undefined;
      }
      if (step.type !== STEP_KINDS.branch.type) refuse(subject, 'needs "type": "action" or "branch".');
      if (!Array.isArray(step.branches)) return refuse(subject, 'needs a list of "branches".');
      return undefined;
    },
    enterList: ({ holder: branch }, { step, ancestors }) => {
      const subject = `${describe(ancestors)} "${(step as { id: string }).id}"`;
      if (
        !isPlainObject(branch) ||
        typeof branch.id !== 'string' ||
        typeof branch.name !== 'string' ||
        !Array.isArray(branch.steps)
      ) {
        return refuse(subject, 'has a branch that is not { id, name, when?, steps: [] }.');
      }
      if (branch.when !== undefined && !isPlainObject(branch.when))
        refuse(subject, `has a branch "${branch.id}" whose "when" is not a condition object.`);
      return undefined;
    },
  });
}

// ---- Creating steps --------------------------------------------------------

/**
 * A new step for `actionId` with an id unique in `workflow`, derived from its name (by
 * default the action's label), and a copy of the action's default config. The
 * "Conditional" entry gives a branch step with a "Branch 1" branch (a condition that
 * holds until the person edits it) and a default "Otherwise" branch.
 * The step is not inserted: pass it to {@link insertStep}.
 */
export function createStep(
  workflow: Workflow,
  actionId: string,
  catalog: ActionCatalog,
  options: { name?: string } = {},
): Step {
  const action = catalog.get(actionId);
  if (!action) throw new WorkflowOperationError('unknown_action', `There is no action "${actionId}" in the catalog.`);
  const name = options.name ?? action.label;
  checkName(name, 'a step');
  const taken = takenIds(workflow);
  const id = deriveId(name, taken);
  if (action.stepType === 'branch' || (action.stepType === undefined && action.id === BRANCH_ACTION_ID)) {
    taken.add(id);
    const firstId = deriveId('Branch 1', taken);
    taken.add(firstId);
    const otherwiseId = deriveId('Otherwise', taken);
    return {
      id,
      type: 'branch',
      name,
      branches: [makeBranch(firstId, 'Branch 1', { all: [] }, []), makeBranch(otherwiseId, 'Otherwise', undefined, [])],
    };
  }
  return { id, type: 'action', action: action.id, name, config: cloneJson(action.defaultConfig) };
}

/**
 * A deep copy of `step` (from this or another workflow, e.g. pasted) in which the step
 * and every step and branch inside it have ids not used in `workflow`, derived from
 * their names. References inside are left as they were.
 */
export function withFreshIds(workflow: Workflow, step: Step): Step {
  const taken = takenIds(workflow);
  const fresh = (name: string): string => {
    const id = deriveId(name, taken);
    taken.add(id);
    return id;
  };
  const copy = (original: Step): Step => {
    if (isBranchStep(original)) {
      const id = fresh(original.name);
      return {
        id,
        type: 'branch',
        name: original.name,
        branches: original.branches.map((branch) =>
          makeBranch(
            fresh(branch.name),
            branch.name,
            branch.when === undefined ? undefined : cloneJson(branch.when),
            branch.steps.map(copy),
          ),
        ),
      };
    }
    return {
      id: fresh(original.name),
      type: 'action',
      action: original.action,
      name: original.name,
      config: cloneJson(original.config),
    };
  };
  return copy(step);
}

// ---- Steps -----------------------------------------------------------------

/**
 * The workflow with `step` inserted at `point` (the index it will have in its list).
 * Refuses a point outside the tree and a step whose ids (its own or nested) are already
 * used in the workflow or repeated inside it.
 */
export function insertStep(workflow: Workflow, point: InsertionPoint, step: Step): Workflow {
  const list = listAt(workflow, point);
  checkStepShape(step, 'The new step');
  const taken = takenIds(workflow);
  const incoming = new Set<string>();
  for (const id of idsInside(step)) {
    if (typeof id !== 'string' || !ID_PATTERN.test(id)) {
      throw new WorkflowOperationError(
        'invalid_value',
        `"${id}" is not a valid id: lowercase letters, digits and "_", starting with a letter.`,
      );
    }
    if (taken.has(id) || incoming.has(id)) {
      throw new WorkflowOperationError(
        'duplicate_id',
        `The id "${id}" is already used in the workflow; give the new step fresh ids (withFreshIds).`,
      );
    }
    incoming.add(id);
  }
  const next = list.slice();
  next.splice(point.index, 0, step);
  return withList(workflow, point.branchId, next);
}

/** The workflow without the step (and everything inside it, for a branch step). */
export function removeStep(workflow: Workflow, stepId: string): Workflow {
  const location = locateStep(workflow, stepId);
  const next = location.list.slice();
  next.splice(location.index, 1);
  return withList(workflow, location.branchId, next);
}

/**
 * The workflow with the step moved to `point`. The index counts positions after the
 * step has left its old place, so `{ same list, same index }` leaves it where it is (and
 * returns the input). A branch step cannot move into one of its own branches.
 */
export function moveStep(workflow: Workflow, stepId: string, point: InsertionPoint): Workflow {
  checkPointShape(point);
  const location = locateStep(workflow, stepId);
  const { step } = location;
  if (point.branchId !== null && idsInside(step).includes(point.branchId)) {
    throw new WorkflowOperationError(
      'invalid_move',
      `Step "${stepId}" cannot move into branch "${point.branchId}", which is inside it.`,
    );
  }
  if (point.branchId === location.branchId && point.index === location.index) return workflow;
  const without = removeStep(workflow, stepId);
  const list = listAt(without, point);
  const next = list.slice();
  next.splice(point.index, 0, step);
  return withList(without, point.branchId, next);
}

/**
 * The workflow with a copy of the step right after it. The copy, and every step and
 * branch inside it, gets a fresh id; references inside are left as they were.
 * Returns the new workflow and the copy's id (so the editor can select it).
 */
export function duplicateStep(workflow: Workflow, stepId: string): { workflow: Workflow; stepId: string } {
  const location = locateStep(workflow, stepId);
  const copy = withFreshIds(workflow, location.step);
  const next = location.list.slice();
  next.splice(location.index + 1, 0, copy);
  return { workflow: withList(workflow, location.branchId, next), stepId: copy.id };
}

/**
 * The workflow with a step renamed and/or its config replaced (as a whole). The id never
 * changes, because references use it. A branch step has no config.
 */
export function updateStep(
  workflow: Workflow,
  stepId: string,
  patch: { name?: string; config?: JsonObject },
): Workflow {
  const location = locateStep(workflow, stepId);
  const { step } = location;
  const name = 'name' in patch && patch.name !== undefined ? patch.name : step.name;
  checkName(name, `step "${stepId}"`);
  if ('config' in patch && patch.config !== undefined) {
    if (!isActionStep(step)) {
      throw new WorkflowOperationError(
        'invalid_value',
        `Step "${stepId}" is a Conditional step: it has branches, not a config.`,
      );
    }
    if (!isPlainObject(patch.config)) {
      throw new WorkflowOperationError('invalid_value', `The config of step "${stepId}" must be a JSON object.`);
    }
  }
  const config = isActionStep(step) && patch.config !== undefined ? patch.config : undefined;
  if (name === step.name && (config === undefined || (isActionStep(step) && config === step.config))) return workflow;
  const updated: Step = isActionStep(step)
    ? { id: step.id, type: 'action', action: step.action, name, config: config ?? step.config }
    : { ...step, name };
  return withStep(workflow, location, updated);
}

// ---- Branches --------------------------------------------------------------

function nextBranchName(owner: BranchStep): string {
  const names = new Set(owner.branches.map((branch) => branch.name));
  for (let n = owner.branches.filter((branch) => branch.when !== undefined).length + 1; ; n++) {
    const name = `Branch ${n}`;
    if (!names.has(name)) return name;
  }
}

/**
 * The workflow with a new branch in a Conditional step. By default it is named
 * "Branch N", its condition is `{ all: [] }` (holds until edited) and it goes just
 * before the default branch (or last, when there is none). `index` may not put it
 * after the default branch.
 */
export function addBranch(
  workflow: Workflow,
  branchStepId: string,
  options: { name?: string; when?: Condition; index?: number } = {},
): Workflow {
  const owner = locateBranchStep(workflow, branchStepId);
  const name = options.name ?? nextBranchName(owner);
  checkName(name, 'a branch');
  const when: Condition = options.when ?? { all: [] };
  checkCondition(when, name);
  const hasDefault = owner.branches.length > 0 && isDefaultBranch(owner, owner.branches.length - 1);
  const lastAllowed = hasDefault ? owner.branches.length - 1 : owner.branches.length;
  const index = options.index ?? lastAllowed;
  if (!Number.isInteger(index) || index < 0 || index > lastAllowed) {
    throw new WorkflowOperationError(
      'invalid_point',
      `A new branch of "${branchStepId}" goes at position 0 to ${lastAllowed}${hasDefault ? ' (the default branch stays last)' : ''}, not ${index}.`,
    );
  }
  const branch = makeBranch(deriveId(name, takenIds(workflow)), name, when, []);
  const branches = owner.branches.slice();
  branches.splice(index, 0, branch);
  return withBranches(workflow, branchStepId, branches);
}

/** The workflow without a branch (and its steps). A Conditional step keeps at least one branch. */
export function removeBranch(workflow: Workflow, branchId: string): Workflow {
  const { owner, index } = locateBranch(workflow, branchId);
  if (owner.branches.length <= 1) {
    throw new WorkflowOperationError(
      'invalid_value',
      `Branch "${branchId}" is the only branch of "${owner.id}"; a Conditional step keeps at least one branch (remove the step instead).`,
    );
  }
  const branches = owner.branches.slice();
  branches.splice(index, 1);
  return withBranches(workflow, owner.id, branches);
}

/** The workflow with a branch renamed; its id stays. */
export function renameBranch(workflow: Workflow, branchId: string, name: string): Workflow {
  return updateBranch(workflow, branchId, { name });
}

/**
 * The workflow with a branch's name and/or condition changed. `when: null` removes the
 * condition, making the branch the default, which only the last branch may be.
 */
export function updateBranch(
  workflow: Workflow,
  branchId: string,
  patch: { name?: string; when?: Condition | null },
): Workflow {
  const { owner, branch, index } = locateBranch(workflow, branchId);
  const name = patch.name ?? branch.name;
  checkName(name, `branch "${branchId}"`);
  let when = branch.when;
  if (patch.when === null) {
    if (index !== owner.branches.length - 1) {
      throw new WorkflowOperationError(
        'invalid_value',
        `Branch "${branchId}" cannot lose its condition: only the last branch of "${owner.id}" may be the default.`,
      );
    }
    when = undefined;
  } else if (patch.when !== undefined) {
    checkCondition(patch.when, branchId);
    when = patch.when;
  }
  if (name === branch.name && when === branch.when) return workflow;
  const branches = owner.branches.slice();
  branches[index] = makeBranch(branch.id, name, when, branch.steps);
  return withBranches(workflow, owner.id, branches);
}

/**
 * The workflow with a branch moved to `toIndex` among its siblings. The default branch
 * stays last: it cannot move, and no branch can move below it.
 */
export function moveBranch(workflow: Workflow, branchId: string, toIndex: number): Workflow {
  const { owner, index } = locateBranch(workflow, branchId);
  const count = owner.branches.length;
  if (!Number.isInteger(toIndex) || toIndex < 0 || toIndex >= count) {
    throw new WorkflowOperationError(
      'invalid_point',
      `Branch position ${toIndex} does not exist in "${owner.id}" (0 to ${count - 1}).`,
    );
  }
  const hasDefault = isDefaultBranch(owner, count - 1);
  if (hasDefault && index === count - 1 && toIndex !== index) {
    throw new WorkflowOperationError(
      'invalid_move',
      `Branch "${branchId}" is the default branch of "${owner.id}" and stays last.`,
    );
  }
  if (hasDefault && toIndex === count - 1 && index !== count - 1) {
    throw new WorkflowOperationError(
      'invalid_move',
      `Branch "${branchId}" cannot move below the default branch of "${owner.id}", which stays last.`,
    );
  }
  if (toIndex === index) return workflow;
  const branches = owner.branches.slice();
  const [moved] = branches.splice(index, 1);
  branches.splice(toIndex, 0, moved!);
  return withBranches(workflow, owner.id, branches);
}

// ---- Trigger and workflow --------------------------------------------------

/**
 * The workflow with its trigger changed. A `payloadSchema` key whose value is
 * `undefined` removes the schema.
 */
export function updateTrigger(workflow: Workflow, patch: Partial<Trigger>): Workflow {
  const event = patch.event ?? workflow.trigger.event;
  if (typeof event !== 'string') throw new WorkflowOperationError('invalid_value', 'The trigger event must be text.');
  let payloadSchema = workflow.trigger.payloadSchema;
  if ('payloadSchema' in patch) {
    if (patch.payloadSchema !== undefined && !isPlainObject(patch.payloadSchema)) {
      throw new WorkflowOperationError('invalid_value', 'The trigger payload schema must be a JSON Schema object.');
    }
    payloadSchema = patch.payloadSchema;
  }
  if (event === workflow.trigger.event && payloadSchema === workflow.trigger.payloadSchema) return workflow;
  const trigger: Trigger = payloadSchema === undefined ? { event } : { event, payloadSchema };
  return { ...workflow, trigger };
}

/**
 * The workflow renamed and/or re-described. An empty (or `undefined`) description removes
 * the field, since an optional field at its default is left out of the definition.
 */
export function updateWorkflow(workflow: Workflow, patch: { name?: string; description?: string }): Workflow {
  const name = patch.name ?? workflow.name;
  checkName(name, 'the workflow');
  let description = workflow.description;
  if ('description' in patch) {
    if (patch.description !== undefined && typeof patch.description !== 'string') {
      throw new WorkflowOperationError('invalid_value', 'The workflow description must be text.');
    }
    description = patch.description === '' ? undefined : patch.description;
  }
  if (name === workflow.name && description === workflow.description) return workflow;
  // Rebuilt in format key order; fields this version does not know are kept after them.
  const { schemaVersion, kind, id, trigger, steps, name: _oldName, description: _oldDescription, ...extra } = workflow;
  return description === undefined
    ? { schemaVersion, kind, id, name, trigger, steps, ...extra }
    : { schemaVersion, kind, id, name, description, trigger, steps, ...extra };
}

/** Default name of a new workflow. */
const DEFAULT_WORKFLOW_NAME = 'Untitled workflow';
/** Default trigger of a new workflow: most workflows react to a finished inquiry. */
const DEFAULT_TRIGGER_EVENT = 'inquiry.completed';

/**
 * A workflow with no steps. Its id is `options.id`, or derived from the name
 * (`"Untitled workflow"` → `untitled_workflow`).
 */
export function emptyWorkflow(options: { id?: string; name?: string; event?: string } = {}): Workflow {
  const name = options.name ?? DEFAULT_WORKFLOW_NAME;
  checkName(name, 'the workflow');
  const id = options.id ?? deriveId(name, new Set());
  if (!ID_PATTERN.test(id)) {
    throw new WorkflowOperationError(
      'invalid_value',
      `"${id}" is not a valid workflow id: lowercase letters, digits and "_", starting with a letter, at most 63 characters.`,
    );
  }
  return {
    schemaVersion: SCHEMA_VERSION,
    kind: 'workflow',
    id,
    name,
    trigger: { event: options.event ?? DEFAULT_TRIGGER_EVENT },
    steps: [],
  };
}
