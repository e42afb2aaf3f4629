// ---------------------------------------------------------------------------
// Walking the step tree. Every other module (validation, operations, references,
// layout) finds steps and lists through these, so "where is a step" has one answer.
// ---------------------------------------------------------------------------

import { parseJsonPointer } from './json-pointer';
import { childLists, stepKindOf, type ChildList, type StepKind } from './step-kinds';
import type { Branch, BranchStep, Step, Workflow } from './types';

/** Where a step sits: its list, its index in that list, and the JSON Pointer to it. */
export interface StepLocation {
  step: Step;
  /** The list holding the step. */
  list: Step[];
  /** `null` for the workflow's root list. */
  branchId: string | null;
  index: number;
  /** JSON Pointer of the step, e.g. `/steps/2/branches/0/steps/1`. */
  pointer: string;
  /** The pointer's segments, e.g. `['steps', '2', 'branches', '0', 'steps', '1']`. */
  readonly path: readonly string[];
  /** How many lists enclose the step's list: 0 in the root list. */
  depth: number;
  /** Enclosing branch steps and branches, outermost first. */
  ancestors: readonly { step: BranchStep; branch: Branch }[];
}

/** Where a branch sits. */
export interface BranchLocation {
  branch: Branch;
  /** The branch step holding it. */
  owner: BranchStep;
  index: number;
  /** JSON Pointer of the branch, e.g. `/steps/2/branches/0`. */
  pointer: string;
  /** The owner's location. */
  ownerLocation: StepLocation;
}

/**
 * What a walk calls; a hook's answer other than `'skip'` or `false` carries on. `enter` sees a step before the lists it holds and may return
 * `'skip'` (do not descend into it) or `false` (stop the whole walk, calling nothing
 * more); `leave` sees it after them. `enterList` sees each child list (a branch) before
 * its steps, with the pointer of its holder, and may skip or stop likewise.
 */
export interface StepVisitor<Location = StepLocation, List = ChildList<Branch, Step>> {
  enter?(location: Location): unknown;
  leave?(location: Location): void;
  enterList?(list: List, owner: Location, holderPointer: string): unknown;
}

/**
 * Visits every step in workflow order (depth first: a step, then each of its child
 * lists' steps in order), descending through the step kinds (step-kinds.ts). Pass a
 * function (return `false` to stop early) or a {@link StepVisitor}.
 */
export function walkSteps(
  steps: readonly Step[],
  visit: ((location: StepLocation) => unknown) | StepVisitor,
  basePointer = '/steps',
): void {
  const visitor = (typeof visit === 'function' ? { enter: visit } : visit) as unknown as StepVisitor<
    UntrustedStepLocation,
    ChildList
  >;
  walkList(steps, null, null, basePointer, 0, [], visitor);
}

/**
 * A {@link StepLocation} in a document not yet validated: the step may be any value.
 * @internal
 */
export interface UntrustedStepLocation {
  step: unknown;
  list: readonly unknown[];
  /** The child list holding the step, `null` for the root list. */
  parent: ChildList | null;
  /** The id of the child list holding the step when it is a string, else `null`. */
  branchId: string | null;
  /** The step's kind, undefined for a value that is not a step of a known kind. */
  kind: StepKind | undefined;
  /** The steps holding the step and the holders of their lists (branches), outermost first. */
  ancestors: readonly { step: unknown; branch: unknown }[];
  index: number;
  pointer: string;
  readonly path: readonly string[];
  depth: number;
}

/**
 * {@link walkSteps} over a document not yet validated (validation walks what it checks):
 * a value that is not a step of a known kind is visited and has no children.
 * @internal
 */
export function walkUntrustedSteps(
  steps: readonly unknown[],
  visitor: StepVisitor<UntrustedStepLocation, ChildList>,
  basePointer = '/steps',
): void {
  walkList(steps, null, null, basePointer, 0, [], visitor);
}

/**
 * {@link walkUntrustedSteps} from one step document at `pointer` (`''` for a document's
 * root step) rather than from a list.
 * @internal
 */
export function walkUntrustedStep(
  step: unknown,
  visitor: StepVisitor<UntrustedStepLocation, ChildList>,
  pointer = '',
): void {
  visitStep(new WalkLocation(step, [step], null, null, 0, '', 0, [], pointer), visitor);
}

/** A walk's location. The pointer and path are written on demand: many walks ask for neither, and validation walks 10,000 steps. */
class WalkLocation {
  private segments: readonly string[] | undefined;
  /** Looked up once per step, for the walk and for visitors that dispatch on the kind. */
  readonly kind: StepKind | undefined;
  constructor(
    readonly step: unknown,
    readonly list: readonly unknown[],
    readonly parent: ChildList | null,
    readonly branchId: string | null,
    readonly index: number,
    /** The list's pointer, or the step's own when `ownPointer` is set. */
    private readonly listPointer: string,
    readonly depth: number,
    readonly ancestors: readonly { step: unknown; branch: unknown }[],
    private ownPointer?: string,
  ) {
    this.kind = stepKindOf(step);
  }

  get pointer(): string {
    this.ownPointer ??= `${this.listPointer}/${this.index}`;
    return this.ownPointer;
  }

  get path(): readonly string[] {
    this.segments ??= parseJsonPointer(this.pointer);
    return this.segments;
  }
}

function walkList(
  list: readonly unknown[],
  parent: ChildList | null,
  branchId: string | null,
  listPointer: string,
  depth: number,
  ancestors: readonly { step: unknown; branch: unknown }[],
  visitor: StepVisitor<UntrustedStepLocation, ChildList>,
): boolean {
  for (let index = 0; index < list.length; index++) {
    const location = new WalkLocation(list[index], list, parent, branchId, index, listPointer, depth, ancestors);
    if (!visitStep(location, visitor)) return false;
  }
  return true;
}

/** Enters one step, walks the lists it holds, leaves it; false when the walk stops. */
function visitStep(location: WalkLocation, visitor: StepVisitor<UntrustedStepLocation, ChildList>): boolean {
  const entered = visitor.enter?.(location);
  if (entered === false) return false;
  const { step, ancestors } = location;
  const kind = entered === 'skip' ? undefined : location.kind;
  if (kind?.container) {
    const lists = kind.childLists(step as Record<string, unknown>);
    for (let at = 0; at < lists.length; at++) {
      const child = lists[at]!;
      const listed = visitor.enterList?.(child, location, location.pointer + child.holderPointer);
      if (listed === false) return false;
      if (listed === 'skip' || child.steps.length === 0) continue;
      const nested = [...ancestors, { step, branch: child.holder }];
      const childId = typeof child.id === 'string' ? child.id : null;
      const listPointer = location.pointer + child.pointer;
      if (!walkList(child.steps, child, childId, listPointer, location.depth + 1, nested, visitor)) return false;
    }
  }
  visitor.leave?.(location);
  return true;
}

/** Finds a step by id anywhere in the tree. */
export function findStep(workflow: Pick<Workflow, 'steps'>, stepId: string): StepLocation | undefined {
  let found: StepLocation | undefined;
  walkSteps(workflow.steps, (location) => {
    if (location.step.id === stepId) {
      found = location;
      return false;
    }
    return true;
  });
  return found;
}

/** Finds a branch by id anywhere in the tree. */
export function findBranch(workflow: Pick<Workflow, 'steps'>, branchId: string): BranchLocation | undefined {
  let found: BranchLocation | undefined;
  walkSteps(workflow.steps, (location) => {
    const list = childLists(location.step).find((candidate) => candidate.holder.id === branchId);
    if (!list) return true;
    found = {
      branch: list.holder,
      owner: location.step as BranchStep,
      index: list.index,
      pointer: location.pointer + list.holderPointer,
      ownerLocation: location,
    };
    return false;
  });
  return found;
}

/** The step list an insertion point's `branchId` names, or undefined when there is no such branch. */
export function findList(workflow: Pick<Workflow, 'steps'>, branchId: string | null): Step[] | undefined {
  if (branchId === null) return workflow.steps;
  return findBranch(workflow, branchId)?.branch.steps;
}

/** Every step id in the tree, in workflow order. */
export function allStepIds(workflow: Pick<Workflow, 'steps'>): string[] {
  const ids: string[] = [];
  walkSteps(workflow.steps, ({ step }) => {
    ids.push(step.id);
  });
  return ids;
}

/**
 * The steps that always run before `stepId` on its path, in workflow order: earlier
 * steps of its own list, the enclosing branch steps, and earlier steps of every
 * enclosing list. Steps nested inside an earlier branch step are not included: the
 * branch holding them may not have been taken.
 *
 * These are the only steps a reference from `stepId` may name.
 */
export function upstreamSteps(workflow: Pick<Workflow, 'steps'>, stepId: string): Step[] {
  const location = findStep(workflow, stepId);
  if (!location) return [];
  return upstreamOfList(workflow, location);
}

/** Like {@link upstreamSteps}, for a place in a list rather than an existing step. */
export function upstreamStepsAt(workflow: Pick<Workflow, 'steps'>, branchId: string | null, index: number): Step[] {
  if (branchId === null) return workflow.steps.slice(0, index);
  const branch = findBranch(workflow, branchId);
  if (!branch) return [];
  return [...upstreamOfList(workflow, branch.ownerLocation), branch.owner, ...branch.branch.steps.slice(0, index)];
}

function upstreamOfList(workflow: Pick<Workflow, 'steps'>, location: StepLocation): Step[] {
  const outer =
    location.ancestors.length === 0
      ? []
      : (() => {
          const innermost = location.ancestors[location.ancestors.length - 1]!;
          const ownerLocation = findStep(workflow, innermost.step.id)!;
          return [...upstreamOfList(workflow, ownerLocation), innermost.step];
        })();
  return [...outer, ...location.list.slice(0, location.index)];
}

/**
 * Answers "does step `targetId` always run before this place?" in O(depth), for one
 * workflow object. Validation asks it for every step reference, so building the upstream
 * list of each step (O(n) each, O(n²) for a workflow) would dominate large workflows.
 */
export interface ScopeIndex {
  /**
   * True when `targetId` is an earlier step of the list at `at`, an enclosing branch
   * step, or an earlier step of an enclosing list: the same set as {@link upstreamStepsAt}.
   */
  isUpstream(targetId: string, at: { branchId: string | null; index: number }): boolean;
}

interface ListPosition {
  /** The list holding the step: a branch id, or `null` for the root list. */
  listId: string | null;
  index: number;
}

const scopeIndexes = new WeakMap<object, ScopeIndex>();

/** The {@link ScopeIndex} of a workflow's steps, built once per steps array. */
export function scopeIndex(workflow: Pick<Workflow, 'steps'>): ScopeIndex {
  const cached = scopeIndexes.get(workflow.steps);
  if (cached) return cached;
  const stepPositions = new Map<string, ListPosition>();
  /** Branch id → the branch step holding it. */
  const branchOwners = new Map<string, string>();
  walkSteps(workflow.steps, ({ step, branchId, index }) => {
    // First occurrence wins, as findStep does; duplicates are reported elsewhere.
    if (!stepPositions.has(step.id)) stepPositions.set(step.id, { listId: branchId, index });
    for (const { holder } of childLists(step)) if (!branchOwners.has(holder.id)) branchOwners.set(holder.id, step.id);
  });
  const index: ScopeIndex = {
    isUpstream(targetId, at) {
      const target = stepPositions.get(targetId);
      if (!target) return false;
      // Walk outwards from `at`: at each level, the target qualifies when it sits in that
      // list before the place (or is the enclosing branch step itself, one level up).
      let listId = at.branchId;
      let position = at.index;
      let enclosing = false;
      for (let depth = 0; depth < 1000; depth++) {
        if (target.listId === listId && (target.index < position || (enclosing && target.index === position))) {
          return true;
        }
        if (listId === null) return false;
        const ownerId = branchOwners.get(listId);
        const owner = ownerId === undefined ? undefined : stepPositions.get(ownerId);
        if (!owner) return false;
        listId = owner.listId;
        position = owner.index;
        enclosing = true;
      }
      return false;
    },
  };
  scopeIndexes.set(workflow.steps, index);
  return index;
}
