// ---------------------------------------------------------------------------
// Step kinds as data. Every layer asks a step's kind what it needs (which lists of steps
// it holds, whether it has an output, its canonical key order) instead of testing
// `step.type`, so walking the tree has one answer (tree.ts) and a new kind is one entry
// here plus its schema, its validation rules and its executor `run` hook.
// ---------------------------------------------------------------------------

import { isRecord } from './own';
import type { ActionCatalog, ActionDefinition, ActionStep, Branch, BranchStep, Step, StepType } from './types';

/**
 * One list of steps a step holds. The walk reads untrusted documents as well (validation
 * walks what it is checking), so `holder` and `id` are whatever the document has there.
 */
export interface ChildList<Holder = unknown, Item = unknown> {
  /** The object holding the list (a branch), as the document has it. */
  holder: Holder;
  /** The holder's `id` as the document has it: a branch id in a well-formed document. */
  id: unknown;
  /** The holder's index among the step's child lists. */
  index: number;
  /** The list; empty when the document has no list there. */
  steps: readonly Item[];
  /** Path segments from the step to the list, e.g. `['branches', '0', 'steps']`. */
  segments: readonly string[];
  /** Path segments from the step to the holder, e.g. `['branches', '0']`. */
  holderSegments: readonly string[];
  /** The list's JSON Pointer from the step, e.g. `/branches/0/steps`. */
  pointer: string;
  /** The holder's JSON Pointer from the step, e.g. `/branches/0`. */
  holderPointer: string;
}

/** What the layers ask of one kind of step. */
export interface StepKind<Kind extends Step = Step> {
  type: Kind['type'];
  /** True when steps of this kind hold lists of steps (a block on the canvas, a scope for references). */
  container: boolean;
  /** True when a step of this kind has an output later steps may reference. */
  hasOutput: boolean;
  /** The icon a step of this kind shows when its catalog entry names none. */
  defaultIcon: string;
  /** The catalog entry a step of this kind is drawn, named and picked with. */
  catalogAction(step: Kind, catalog: ActionCatalog): ActionDefinition | undefined;
  /** The canonical key order of the step's own object. */
  keyOrder: readonly string[];
  /** The key order of each child list's holder (a branch), empty for a leaf kind. */
  holderKeyOrder: readonly string[];
  /**
   * The lists of steps the step holds, in document order; none for a leaf kind. Reads
   * a possibly malformed step: every holder the document lists is returned, with an
   * empty list where it has none.
   */
  childLists(step: Readonly<Record<string, unknown>>): readonly ChildList[];
  /**
   * The step's own values that may hold `{{ }}` references (an action's config, each
   * branch's condition), with their path segments from the step; not those of the
   * steps it holds. Reads a possibly malformed step.
   */
  templateFields(step: Readonly<Record<string, unknown>>): readonly TemplateField[];
  /** A copy of a well-formed step holding `lists` instead, in {@link childLists} order; the step itself for a leaf kind. */
  withChildLists(step: Kind, lists: readonly Step[][]): Kind;
}

/** A value of a step that may hold references, and where it sits in the step. */
export interface TemplateField {
  value: unknown;
  segments: readonly string[];
}

const NO_CHILD_LISTS: readonly ChildList[] = Object.freeze([]);
const NO_STEPS: readonly unknown[] = Object.freeze([]);

/** Where branch `index` and its steps sit in a branch step. */
interface BranchPlace {
  list: readonly string[];
  holder: readonly string[];
  listPointer: string;
  holderPointer: string;
}

/** Shared by every walk (most steps have few branches): no strings or arrays are built per step. */
const branchPlaces: BranchPlace[] = [];
function placeOfBranch(index: number): BranchPlace {
  let cached = branchPlaces[index];
  if (!cached) {
    const holder = Object.freeze(['branches', String(index)]);
    cached = {
      list: Object.freeze([...holder, 'steps']),
      holder,
      listPointer: `/branches/${index}/steps`,
      holderPointer: `/branches/${index}`,
    };
    if (index < 256) branchPlaces[index] = cached;
  }
  return cached;
}

const actionKind: StepKind<ActionStep> = {
  type: 'action',
  container: false,
  hasOutput: true,
  defaultIcon: 'box',
  catalogAction: (step, catalog) => catalog.get(step.action),
  keyOrder: ['id', 'type', 'action', 'name', 'config'],
  holderKeyOrder: [],
  childLists: () => NO_CHILD_LISTS,
  templateFields: (step) => [{ value: step.config, segments: ['config'] }],
  withChildLists: (step) => step,
};

const branchKind: StepKind<BranchStep> = {
  type: 'branch',
  container: true,
  hasOutput: false,
  defaultIcon: 'split',
  catalogAction: (_step, catalog) => catalog.actions.find((action) => action.stepType === 'branch'),
  keyOrder: ['id', 'type', 'name', 'branches'],
  holderKeyOrder: ['id', 'name', 'when', 'steps'],
  childLists(step) {
    const branches = step.branches;
    if (!Array.isArray(branches) || branches.length === 0) return NO_CHILD_LISTS;
    const lists: ChildList[] = [];
    for (let index = 0; index < branches.length; index++) {
      const branch: unknown = branches[index];
      const record = isRecord(branch) ? branch : undefined;
      const place = placeOfBranch(index);
      lists.push({
        holder: branch,
        id: record?.id,
        index,
        steps: record && Array.isArray(record.steps) ? (record.steps as unknown[]) : NO_STEPS,
        segments: place.list,
        holderSegments: place.holder,
        pointer: place.listPointer,
        holderPointer: place.holderPointer,
      });
    }
    return lists;
  },
  templateFields(step) {
    const fields: TemplateField[] = [];
    for (const { holder, holderSegments } of this.childLists(step))
      if (isRecord(holder) && 'when' in holder)
        fields.push({ value: holder.when, segments: [...holderSegments, 'when'] });
    return fields;
  },
  withChildLists: (step, lists) => ({
    ...step,
    branches: step.branches.map((branch, index) => ({ ...branch, steps: lists[index] ?? branch.steps })),
  }),
};

/**
 * Every kind of step of this format version, keyed by `type`.
 * @internal
 */
export const STEP_KINDS: { readonly [Type in StepType]: StepKind<Extract<Step, { type: Type }>> } = {
  action: actionKind,
  branch: branchKind,
};

/** The same kinds by `type`, for values not known to be steps: a Map has no inherited keys to guard against. */
const KINDS_BY_TYPE: ReadonlyMap<unknown, StepKind> = new Map(
  Object.values(STEP_KINDS).map((kind) => [kind.type, kind]),
);

/**
 * The kind of a step (or of a possibly malformed value); undefined when its `type` names none.
 * @internal
 */
export function stepKindOf(step: unknown): StepKind | undefined {
  return isRecord(step) ? KINDS_BY_TYPE.get(step.type) : undefined;
}

/**
 * The lists of steps a step holds, typed for a well-formed step: a branch step's branches.
 * @internal
 */
export function childLists(step: Step): readonly ChildList<Branch, Step>[] {
  return STEP_KINDS[step.type].childLists(step as unknown as Record<string, unknown>) as readonly ChildList<
    Branch,
    Step
  >[];
}

/**
 * The step with each of its child lists replaced by `map`'s answer; the step itself when it holds none.
 * @internal
 */
export function mapChildLists<Kind extends Step>(step: Kind, map: (list: ChildList<Branch, Step>) => Step[]): Kind {
  const kind = STEP_KINDS[step.type] as unknown as StepKind<Kind>;
  if (!kind.container) return step;
  return kind.withChildLists(step, childLists(step).map(map));
}

/**
 * The catalog entry a step is drawn, named and picked with (for a branch step, the entry whose `stepType` is `branch`).
 * @internal
 */
export function catalogActionOf(step: Step, catalog: ActionCatalog): ActionDefinition | undefined {
  return (STEP_KINDS[step.type] as StepKind).catalogAction(step, catalog);
}

/**
 * True when the step holds lists of steps.
 * @internal
 */
export function isContainerStep(step: Step): boolean {
  return STEP_KINDS[step.type].container;
}

/**
 * True when later steps may reference the step's output.
 * @internal
 */
export function hasOutput(step: Step): boolean {
  return STEP_KINDS[step.type].hasOutput;
}

/** For the places that read a branch step's own fields (its panel, its conditions). */
export function isBranchStep(step: Step | undefined | null): step is BranchStep {
  return step?.type === STEP_KINDS.branch.type;
}

/** For the places that read an action step's own fields (its action, its config). */
export function isActionStep(step: Step | undefined | null): step is ActionStep {
  return step?.type === STEP_KINDS.action.type;
}
