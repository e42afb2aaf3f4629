// ---------------------------------------------------------------------------
// Comparing two versions of a workflow (a draft against the published one): which steps
// were added, removed, moved or reconfigured, and per step which fields changed, with
// the values before and after. The result is plain JSON, so a host can store it, send it
// or show it in its own review screen, and applyWorkflowChanges(before, changes) gives
// `after` back, which is what the property tests hold it to.
//
// Steps are matched by id (ids never change on rename). A step has "moved" when its list
// changed (another branch, or in or out of a branch) or when its order among the
// siblings that are in that list in both versions changed. That order is compared with a
// longest common subsequence, so a step inserted above others moves none of them, and
// swapping two neighbours moves one of them, not both.
// ---------------------------------------------------------------------------

import { escapeJsonPointerSegment, parseJsonPointer } from './json-pointer';
import { isRecord, ownValue, setOwn } from './own';
import { childLists, mapChildLists } from './step-kinds';
import { walkSteps } from './tree';
import type {
  ActionCatalog,
  ActionStep,
  Branch,
  BranchStep,
  JsonObject,
  JsonValue,
  Step,
  StepType,
  Workflow,
} from './types';

/** Where a step sits in one version: its list (`branchId`, `null` for the root list) and its index there. */
export interface StepPlace {
  branchId: string | null;
  index: number;
}

/** One field that differs. An absent `before` or `after` means the field is not set in that version. */
export interface FieldChange {
  /**
   * JSON Pointer relative to what changed: to the step (`/name`, `/config/url`,
   * `/branches/0/when`), to the trigger (`/event`) or to the workflow (`/name`).
   * `/branches` (a branch step's branches added, removed or reordered) holds the
   * branches without their steps, whose own changes are listed as steps.
   */
  path: string;
  /** The field as the action's form titles it ("URL"), when the comparison was given a catalog. */
  label?: string;
  before?: JsonValue;
  after?: JsonValue;
}

/** How a step differs. */
export type StepChangeKind = 'added' | 'removed' | 'moved' | 'changed';

/**
 * One step that differs. One entry per step: a step that moved and was reconfigured is
 * `moved` with its `fields` listed too (`fields` is empty for a step that only moved).
 */
export interface StepChange {
  kind: StepChangeKind;
  stepId: string;
  /** The step's name in the later version (the earlier one for a removed step). */
  name: string;
  /** Absent for an added step. */
  before?: StepPlace;
  /** Absent for a removed step. */
  after?: StepPlace;
  /**
   * The whole step as it is in the version that has it, for added and removed steps
   * (steps inside a branch step are also listed on their own).
   */
  step?: Step;
  /** Changed fields, for `changed` and `moved` steps; empty otherwise. */
  fields: FieldChange[];
}

/** What {@link compareWorkflows} returns. Empty lists and a `count` of 0 when nothing differs. */
export interface WorkflowChanges {
  /** The workflow's own fields: name, description (pointers relative to the workflow). */
  workflow: FieldChange[];
  /** The trigger's fields (pointers relative to the trigger). */
  trigger: FieldChange[];
  /** Steps in the later version's order, removed steps where they were. */
  steps: StepChange[];
  /** What a summary says: one per step entry, one for the trigger, one for the workflow's own fields. */
  count: number;
}

/** Options of {@link compareWorkflows}. */
export interface CompareWorkflowsOptions {
  /** Where config field titles come from, for {@link FieldChange.label}. Without it, no labels. */
  catalog?: ActionCatalog;
}

// ---- Comparing values --------------------------------------------------------

/**
 * Whether two JSON values are equal (object key order aside).
 *
 * @internal Not for hosts: a helper of the comparison below; hosts compare with `compareWorkflows`.
 */
export function jsonValuesEqual(a: JsonValue | undefined, b: JsonValue | undefined): boolean {
  if (a === b) return true;
  if (
    a === undefined ||
    b === undefined ||
    a === null ||
    b === null ||
    typeof a !== 'object' ||
    typeof b !== 'object'
  ) {
    return false;
  }
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    return a.every((item, index) => jsonValuesEqual(item, b[index]));
  }
  const aKeys = Object.keys(a);
  if (aKeys.length !== Object.keys(b).length) return false;
  return aKeys.every((key) => Object.hasOwn(b, key) && jsonValuesEqual(a[key], b[key]));
}

function fieldChange(path: string, before: JsonValue | undefined, after: JsonValue | undefined): FieldChange {
  const change: FieldChange = { path };
  if (before !== undefined) change.before = before;
  if (after !== undefined) change.after = after;
  return change;
}

/** Changes between the own fields of two objects, skipping `skip`; one entry per differing key. */
function compareFields(
  beforeObject: object,
  afterObject: object,
  prefix: string,
  skip: readonly string[],
): FieldChange[] {
  const before = beforeObject as Record<string, unknown>;
  const after = afterObject as Record<string, unknown>;
  const changes: FieldChange[] = [];
  const keys = [...Object.keys(before), ...Object.keys(after).filter((key) => !Object.hasOwn(before, key))];
  for (const key of keys) {
    if (skip.includes(key)) continue;
    const a = ownValue(before, key) as JsonValue | undefined;
    const b = ownValue(after, key) as JsonValue | undefined;
    if (!jsonValuesEqual(a, b)) changes.push(fieldChange(`${prefix}/${escapeJsonPointerSegment(key)}`, a, b));
  }
  return changes;
}

/** A branch without its steps: what `/branches` changes hold. */
function branchHeader(branch: Branch): JsonObject {
  const { steps: _steps, ...header } = branch;
  return header as unknown as JsonObject;
}

/** The changes of a kind's own fields between two steps of that kind (an action's config, a branch step's branches). */
type KindFieldChanges<Kind extends Step> = (
  before: Kind,
  after: Kind,
  catalog: ActionCatalog | undefined,
) => FieldChange[];

const KIND_FIELD_CHANGES: { readonly [Type in StepType]: KindFieldChanges<Extract<Step, { type: Type }>> } = {
  action: actionFieldChanges,
  branch: branchFieldChanges,
};

function compareStepFields(before: Step, after: Step, catalog: ActionCatalog | undefined): FieldChange[] {
  const changes = compareFields(before, after, '', ['id', 'type', 'config', 'branches']);
  if (before.type === after.type)
    changes.push(...(KIND_FIELD_CHANGES[before.type] as KindFieldChanges<Step>)(before, after, catalog));
  return changes;
}

function actionFieldChanges(before: ActionStep, after: ActionStep, catalog: ActionCatalog | undefined): FieldChange[] {
  const changes = compareFields(before.config, after.config, '/config', []);
  const properties = catalog?.get(after.action)?.configSchema.properties;
  for (const change of changes) {
    const key = parseJsonPointer(change.path)[1]!;
    const property = isRecord(properties) ? ownValue(properties, key) : undefined;
    const title = isRecord(property) ? property.title : undefined;
    if (typeof title === 'string') change.label = title;
  }
  return changes;
}

function branchFieldChanges(before: BranchStep, after: BranchStep): FieldChange[] {
  const sameBranches =
    before.branches.length === after.branches.length &&
    before.branches.every((branch, index) => branch.id === after.branches[index]!.id);
  if (!sameBranches)
    return [fieldChange('/branches', before.branches.map(branchHeader), after.branches.map(branchHeader))];
  const changes: FieldChange[] = [];
  before.branches.forEach((branch, index) => {
    changes.push(...compareFields(branch, after.branches[index]!, `/branches/${index}`, ['id', 'steps']));
  });
  return changes;
}

// ---- Places ------------------------------------------------------------------

interface Located {
  step: Step;
  place: StepPlace;
}

/** Every step by id (the first, should an invalid workflow repeat one), and every list's ids in order. */
function index(workflow: Pick<Workflow, 'steps'>): {
  steps: Map<string, Located>;
  lists: Map<string | null, string[]>;
} {
  const steps = new Map<string, Located>();
  const lists = new Map<string | null, string[]>([[null, []]]);
  walkSteps(workflow.steps, ({ step, branchId, index: position }) => {
    if (!steps.has(step.id)) steps.set(step.id, { step, place: { branchId, index: position } });
    let list = lists.get(branchId);
    if (!list) lists.set(branchId, (list = []));
    list.push(step.id);
    for (const { holder } of childLists(step)) if (!lists.has(holder.id)) lists.set(holder.id, []);
  });
  return { steps, lists };
}

/** The items of `a` in a longest subsequence common to `a` and `b` (both hold the same ids). */
function longestCommonSubsequence(a: readonly string[], b: readonly string[]): Set<string> {
  // Siblings are few (a list of a workflow), so the quadratic table is cheap; a list of
  // thousands of steps costs a few million cells.
  const rows = a.length + 1;
  const columns = b.length + 1;
  const table = new Uint32Array(rows * columns);
  for (let i = a.length - 1; i >= 0; i--) {
    for (let j = b.length - 1; j >= 0; j--) {
      table[i * columns + j] =
        a[i] === b[j]
          ? table[(i + 1) * columns + j + 1]! + 1
          : Math.max(table[(i + 1) * columns + j]!, table[i * columns + j + 1]!);
    }
  }
  const kept = new Set<string>();
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    if (a[i] === b[j]) {
      kept.add(a[i]!);
      i++;
      j++;
    } else if (table[(i + 1) * columns + j]! >= table[i * columns + j + 1]!) i++;
    else j++;
  }
  return kept;
}

// ---- The comparison ----------------------------------------------------------

/**
 * What changed from `before` (say the published version) to `after` (the draft): the
 * workflow's name and description, the trigger, and each step added, removed, moved or
 * changed, with the fields that differ. `compareWorkflows(a, a)` is empty. Neither input
 * is changed.
 */
export function compareWorkflows(
  before: Workflow,
  after: Workflow,
  options: CompareWorkflowsOptions = {},
): WorkflowChanges {
  const workflow = compareFields(before, after, '', ['steps', 'trigger']);
  const trigger = compareFields(before.trigger, after.trigger, '', []);
  const was = index(before);
  const is = index(after);

  // Steps whose order among the siblings both versions share changed.
  const reordered = new Set<string>();
  for (const [listId, afterIds] of is.lists) {
    const beforeIds = was.lists.get(listId);
    if (!beforeIds) continue;
    const inBoth = (ids: readonly string[], other: Map<string, Located>) =>
      ids.filter((id) => other.get(id)?.place.branchId === listId);
    const beforeCommon = inBoth(beforeIds, is.steps);
    const afterCommon = inBoth(afterIds, was.steps);
    const kept = longestCommonSubsequence(beforeCommon, afterCommon);
    for (const id of afterCommon) if (!kept.has(id)) reordered.add(id);
  }

  const entries = new Map<string, StepChange>();
  const removed: StepChange[] = [];
  for (const [id, { step, place }] of was.steps) {
    const now = is.steps.get(id);
    if (now && now.step.type === step.type) continue;
    removed.push({ kind: 'removed', stepId: id, name: step.name, before: place, step, fields: [] });
  }
  for (const [id, { step, place }] of is.steps) {
    const old = was.steps.get(id);
    if (!old || old.step.type !== step.type) {
      entries.set(id, { kind: 'added', stepId: id, name: step.name, after: place, step, fields: [] });
      continue;
    }
    const fields = compareStepFields(old.step, step, options.catalog);
    const moved = old.place.branchId !== place.branchId || reordered.has(id);
    if (moved || fields.length > 0) {
      entries.set(id, {
        kind: moved ? 'moved' : 'changed',
        stepId: id,
        name: step.name,
        before: old.place,
        after: place,
        fields,
      });
    }
  }

  // In the order of the later version with the removed steps back where they were.
  const steps: StepChange[] = [];
  const removedById = new Map(removed.map((change) => [change.stepId, change]));
  // An id can be both: a step removed and another of a different type added under its id.
  // Its first visit lists the removal, the next the addition.
  walkSteps(mergeRemoved(before, after, removed).steps, ({ step }) => {
    const removal = removedById.get(step.id);
    const change = removal ?? entries.get(step.id);
    if (!change) return;
    steps.push(change);
    if (removal) removedById.delete(step.id);
    else entries.delete(step.id);
  });
  // Steps of a removed branch: not drawn back, listed last; and an addition whose id the
  // walk met only once, as the removal.
  steps.push(...removedById.values(), ...entries.values());

  const count = steps.length + (trigger.length > 0 ? 1 : 0) + (workflow.length > 0 ? 1 : 0);
  return { workflow, trigger, steps, count };
}

// ---- Removed steps drawn where they were -----------------------------------------

/**
 * `after` with the steps `removed` put back where they were, for drawing them as ghosts:
 * each right after the nearest earlier sibling (in `before`) that `after` still has in
 * that list, or first in the list. A removed branch step comes back holding only its
 * removed steps (its other steps are elsewhere in `after`). Steps of a list `after` no
 * longer has (a removed branch of a kept branch step) are not put back.
 */
function mergeRemoved(before: Workflow, after: Workflow, removed: readonly StepChange[]): Workflow {
  if (removed.length === 0) return after;
  const was = index(before);
  const is = index(after);
  const removedIds = new Set(removed.map((change) => change.stepId));
  const ghost = (step: Step): Step =>
    mapChildLists(step, ({ steps }) => steps.filter((inner) => removedIds.has(inner.id)).map(ghost));
  const mergeList = (listId: string | null, steps: readonly Step[]): Step[] => {
    const result = steps.map((step) =>
      removedIds.has(step.id) ? step : mapChildLists(step, ({ holder }) => mergeList(holder.id, holder.steps)),
    );
    const beforeIds = was.lists.get(listId) ?? [];
    // Walk the old list: each removed step goes after the last kept (or put back) one.
    let insertAt = 0;
    for (const id of beforeIds) {
      const located = was.steps.get(id)!;
      if (located.place.branchId !== listId) continue;
      if (removedIds.has(id)) {
        result.splice(insertAt, 0, ghost(located.step));
        insertAt++;
        continue;
      }
      if (is.steps.get(id)?.place.branchId !== listId) continue;
      const position = result.findIndex((step) => step.id === id);
      if (position >= insertAt) insertAt = position + 1;
    }
    return result;
  };
  return { ...after, steps: mergeList(null, after.steps) };
}

/**
 * What a comparison draws: `after` with the steps removed since `before` back where they
 * were, and their ids. A canvas lays this out to show removed steps as ghosts.
 */
export function workflowWithRemovedSteps(
  before: Workflow,
  after: Workflow,
  changes: WorkflowChanges,
): { workflow: Workflow; removedStepIds: ReadonlySet<string> } {
  const removed = changes.steps.filter((change) => change.kind === 'removed');
  return {
    workflow: mergeRemoved(before, after, removed),
    removedStepIds: new Set(removed.map((change) => change.stepId)),
  };
}

// ---- Applying changes ----------------------------------------------------------

/**
 * `target` with the value at `path` (relative to it) set, or removed when `value` is undefined; copies the spine.
 *
 * @internal Not for hosts: a step of `applyWorkflowChanges`, which hosts call instead.
 */
export function withValueAt<T extends JsonValue>(target: T, path: string, value: JsonValue | undefined): T {
  const segments = parseJsonPointer(path);
  if (segments.length === 0) return (value ?? target) as T;
  const set = (current: JsonValue | undefined, depth: number): JsonValue | undefined => {
    const key = segments[depth]!;
    const last = depth === segments.length - 1;
    if (Array.isArray(current)) {
      const copy = current.slice();
      const position = Number(key);
      const next = last ? value : set(copy[position], depth + 1);
      if (next === undefined) copy.splice(position, 1);
      else copy[position] = next;
      return copy;
    }
    const copy: JsonObject = {};
    const source = isRecord(current) ? current : {};
    const next = last ? value : set(ownValue(source, key) as JsonValue | undefined, depth + 1);
    // The key keeps its place when it is there; left out when it becomes undefined.
    for (const existing of Object.keys(source)) {
      if (existing !== key) setOwn(copy, existing, source[existing]);
      else if (next !== undefined) setOwn(copy, key, next);
    }
    if (next !== undefined && !Object.hasOwn(source, key)) setOwn(copy, key, next);
    return copy;
  };
  return set(target, 0) as T;
}

function applyFields<T extends JsonValue>(target: T, fields: readonly FieldChange[]): T {
  let result = target;
  for (const field of fields) result = withValueAt(result, field.path, field.after);
  return result;
}

/**
 * `before` with `changes` (from `compareWorkflows(before, after)`) applied: a workflow
 * equal to `after`. Steps not named in `changes` are taken from `before` as they are.
 */
export function applyWorkflowChanges(before: Workflow, changes: WorkflowChanges): Workflow {
  const was = index(before);
  const leaving = new Set<string>();
  const arriving = new Map<string | null, StepChange[]>();
  const byId = new Map<string, StepChange>();
  for (const change of changes.steps) {
    if (change.kind === 'removed' || change.kind === 'moved') leaving.add(change.stepId);
    if (change.kind === 'added' || change.kind === 'moved') {
      const listId = change.after!.branchId;
      let list = arriving.get(listId);
      if (!list) arriving.set(listId, (list = []));
      list.push(change);
    }
    if (change.kind !== 'removed') byId.set(change.stepId, change);
  }

  const buildStep = (id: string): Step => {
    const change = byId.get(id);
    const source = change?.kind === 'added' ? change.step! : was.steps.get(id)!.step;
    let step = source as unknown as JsonObject;
    if (source.type === 'branch') step = { ...step, branches: source.branches.map(branchHeader) };
    if (change && change.kind !== 'added') step = applyFields(step, change.fields);
    if (step.type !== 'branch') return step as unknown as Step;
    const branches = (step.branches as JsonObject[]).map((header) => ({
      ...header,
      steps: buildList(header.id as string),
    }));
    return { ...step, branches } as unknown as Step;
  };
  const buildList = (listId: string | null): Step[] => {
    const ids = (was.lists.get(listId) ?? []).filter(
      (id) => !leaving.has(id) && was.steps.get(id)!.place.branchId === listId,
    );
    const incoming = [...(arriving.get(listId) ?? [])].sort((a, b) => a.after!.index - b.after!.index);
    for (const change of incoming) ids.splice(change.after!.index, 0, change.stepId);
    return ids.map(buildStep);
  };

  const { steps: _steps, trigger: _trigger, ...own } = before;
  const workflow = applyFields(own as unknown as JsonObject, changes.workflow) as unknown as Omit<
    Workflow,
    'steps' | 'trigger'
  >;
  const trigger = applyFields(
    before.trigger as unknown as JsonObject,
    changes.trigger,
  ) as unknown as Workflow['trigger'];
  return { ...workflow, trigger, steps: buildList(null) };
}
