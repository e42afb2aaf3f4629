// ---------------------------------------------------------------------------
// Putting problems in document order and keeping the list readable, in time linear in
// the number of problems (times the depth of their paths): each object's keys are
// indexed once, however many problems point into it, so a config with 100,000 unknown
// keys costs what 100,000 problems cost, not 100,000 scans of 100,000 keys.
// ---------------------------------------------------------------------------

import { parseJsonPointer } from '../json-pointer';
import { isRecord } from '../own';
import type { Problem } from '../types';

/** Problems of one kind reported for one object or list; past it, one problem says how many more there are. */
export const MAX_PROBLEMS_PER_KIND_AND_PLACE = 20;

/** Orders problems by where they point in `document`, keeping the given order among equals. */
export function sortInDocumentOrder(problems: readonly Problem[], document: unknown): Problem[] {
  const positions = new KeyPositions();
  const keyed = problems.map((problem, index) => ({ problem, index, key: positions.orderKey(document, problem.path) }));
  keyed.sort((a, b) => compareKeys(a.key, b.key) || a.index - b.index);
  return keyed.map(({ problem }) => problem);
}

/**
 * Keeps the first {@link MAX_PROBLEMS_PER_KIND_AND_PLACE} problems of each code in each
 * object or list (problems whose paths share a parent) and turns the next one into a
 * summary naming how many more were found: a person sees the first field names and the
 * count, and 10,000 unknown keys do not make 10,000 lines. Keeps the given order.
 */
export function capRepeatedProblems(problems: readonly Problem[], dropped?: ReadonlyMap<string, number>): Problem[] {
  const totals = new Map<string, number>(dropped);
  for (const problem of problems) {
    const group = groupOf(problem);
    totals.set(group, (totals.get(group) ?? 0) + 1);
  }
  const seen = new Map<string, number>();
  const kept: Problem[] = [];
  for (const problem of problems) {
    const group = groupOf(problem);
    const index = seen.get(group) ?? 0;
    seen.set(group, index + 1);
    if (index < MAX_PROBLEMS_PER_KIND_AND_PLACE) {
      kept.push(problem);
    } else if (index === MAX_PROBLEMS_PER_KIND_AND_PLACE) {
      const more = totals.get(group)! - MAX_PROBLEMS_PER_KIND_AND_PLACE - 1;
      kept.push(
        more === 0
          ? problem
          : {
              ...problem,
              message: `${problem.message} (and ${formatCount(more)} more like it in the same place, not listed)`,
              params: { ...problem.params, more },
            },
      );
    }
  }
  return kept;
}

/** Problems of one code in one object or list share a group. */
function groupOf(problem: Problem): string {
  return `${problem.code}\u0000${parentPointer(problem.path)}`;
}

/**
 * Before the per-problem work (finding its step, its place in the document), a group far
 * larger than what {@link capRepeatedProblems} lists is cut to a few more than that, in
 * the order found (for one object, the order of its keys). Returns the problems kept and
 * how many were dropped per group, for the count the summary gives.
 */
export function trimLargeGroups(problems: readonly Problem[]): { kept: Problem[]; dropped: Map<string, number> } {
  const keepPerGroup = MAX_PROBLEMS_PER_KIND_AND_PLACE * 5;
  const seen = new Map<string, number>();
  const dropped = new Map<string, number>();
  const kept: Problem[] = [];
  for (const problem of problems) {
    const group = groupOf(problem);
    const count = (seen.get(group) ?? 0) + 1;
    seen.set(group, count);
    if (count <= keepPerGroup) kept.push(problem);
    else dropped.set(group, (dropped.get(group) ?? 0) + 1);
  }
  return { kept, dropped };
}

/** The step a problem outside a step document's lists is in: the document's own id. */
export function rootStepIdOf(document: unknown): string | undefined {
  return isRecord(document) && typeof document.id === 'string' ? document.id : undefined;
}

/** The id of the innermost step on the way to `pointer`. */
export function innermostStepId(
  document: unknown,
  pointer: string,
  rootStepId: string | undefined,
): string | undefined {
  let stepId = rootStepId;
  let node: unknown = document;
  let previous: string | undefined;
  for (const segment of safeSegments(pointer)) {
    node = childOf(node, segment);
    if (previous === 'steps' && isRecord(node) && typeof node.id === 'string') stepId = node.id;
    previous = segment;
  }
  return stepId;
}

/** 9989 → "9,989", without Intl (the definition layer runs anywhere). */
export function formatCount(count: number): string {
  return String(count).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** Positions of keys among their object's keys, computed once per object. */
class KeyPositions {
  private readonly byObject = new Map<object, Map<string, number>>();

  /** Positions of each segment among its parent's keys; missing keys sort after existing ones. */
  orderKey(document: unknown, pointer: string): number[] {
    const key: number[] = [];
    let node: unknown = document;
    for (const segment of safeSegments(pointer)) {
      if (Array.isArray(node)) {
        key.push(/^\d+$/.test(segment) ? Number(segment) : node.length);
      } else if (isRecord(node)) {
        const positions = this.positionsOf(node);
        key.push(positions.get(segment) ?? positions.size);
      } else {
        key.push(0);
      }
      node = childOf(node, segment);
    }
    return key;
  }

  private positionsOf(node: Record<string, unknown>): Map<string, number> {
    let positions = this.byObject.get(node);
    if (positions === undefined) {
      positions = new Map();
      const keys = Object.keys(node);
      for (let index = 0; index < keys.length; index++) positions.set(keys[index]!, index);
      this.byObject.set(node, positions);
    }
    return positions;
  }
}

function compareKeys(a: readonly number[], b: readonly number[]): number {
  const length = Math.min(a.length, b.length);
  for (let index = 0; index < length; index++) {
    const difference = a[index]! - b[index]!;
    if (difference !== 0) return difference;
  }
  return a.length - b.length;
}

function childOf(node: unknown, segment: string): unknown {
  if (Array.isArray(node)) return /^\d+$/.test(segment) ? node[Number(segment)] : undefined;
  if (isRecord(node) && Object.hasOwn(node, segment)) return node[segment];
  return undefined;
}

function parentPointer(pointer: string): string {
  const slash = pointer.lastIndexOf('/');
  return slash <= 0 ? '' : pointer.slice(0, slash);
}

function safeSegments(pointer: string): string[] {
  try {
    return parseJsonPointer(pointer);
  } catch {
    return [];
  }
}
