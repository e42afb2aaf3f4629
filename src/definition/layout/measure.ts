// ---------------------------------------------------------------------------
// Sizes of blocks. Every block is centred on its list's axis, so a block needs only a
// width and a height, and a branch column is as wide as its widest descendant, which is
// what keeps blocks from overlapping.
//
// Sizes of subtrees are memoised by step object identity: operations keep the objects
// of untouched steps, so after an edit only the changed path is measured again.
// ---------------------------------------------------------------------------

import { childLists, isContainerStep } from '../step-kinds';
import type { Step } from '../types';
import type { LayoutMetrics } from './types';

/** The sizes the editor draws with. */
export const DEFAULT_LAYOUT_METRICS: Readonly<LayoutMetrics> = Object.freeze({
  stepWidth: 256,
  stepHeight: 68,
  insertionPointSize: 24,
  gap: 18,
  branchHeaderWidth: 208,
  branchHeaderHeight: 30,
  splitGap: 44,
  columnGap: 48,
  joinSize: 12,
  endWidth: 88,
  endHeight: 30,
});

// Metrics objects are cache keys, so equal overrides should give the same object.
const metricsByKey = new Map<string, Readonly<LayoutMetrics>>();

/** The frozen metrics object for `overrides` of the defaults: the same object for equal overrides. */
export function metricsFor(overrides: Partial<LayoutMetrics>): Readonly<LayoutMetrics> {
  const merged = { ...DEFAULT_LAYOUT_METRICS, ...overrides };
  const key = JSON.stringify(merged);
  let metrics = metricsByKey.get(key);
  if (!metrics) {
    metrics = Object.freeze(merged);
    metricsByKey.set(key, metrics);
  }
  return metrics;
}

export interface Size {
  width: number;
  height: number;
}

/** A branch step's size, with what placing its columns needs. */
export interface BranchColumnsSize extends Size {
  columnWidths: readonly number[];
  columnsWidth: number;
  columnsHeight: number;
}

/** A WeakMap per metrics object: sizes depend on the metrics as well as on the step. */
function cachesPerMetrics<Key extends object, Value>(): (metrics: Readonly<LayoutMetrics>) => WeakMap<Key, Value> {
  const caches = new WeakMap<Readonly<LayoutMetrics>, WeakMap<Key, Value>>();
  return (metrics) => {
    let cache = caches.get(metrics);
    if (!cache) {
      cache = new WeakMap();
      caches.set(metrics, cache);
    }
    return cache;
  };
}

const branchSizeCache = cachesPerMetrics<Step, BranchColumnsSize>();
const listSizeCache = cachesPerMetrics<readonly Step[], Size>();

/** The size of every action step's card, one object per metrics: nothing to remember per step. */
const actionSizes = new WeakMap<Readonly<LayoutMetrics>, Size>();
let lastActionMetrics: Readonly<LayoutMetrics> | undefined;
let lastActionSize: Size | undefined;

/** A step's block: its card, and for a branch step its columns and join below it. */
export function measureStep(step: Step, m: Readonly<LayoutMetrics>): Size | BranchColumnsSize {
  if (!isContainerStep(step)) {
    // Every call of a layout asks with the same metrics: the last answer, without a lookup.
    if (m === lastActionMetrics) return lastActionSize!;
    let size = actionSizes.get(m);
    if (!size) {
      size = Object.freeze({ width: m.stepWidth, height: m.stepHeight });
      actionSizes.set(m, size);
    }
    lastActionMetrics = m;
    lastActionSize = size;
    return size;
  }
  const cache = branchSizeCache(m);
  const cached = cache.get(step);
  if (cached) return cached;
  const columnWidths: number[] = [];
  let columnsHeight = 0;
  for (const { steps } of childLists(step)) {
    const list = measureList(steps, m);
    columnWidths.push(Math.max(m.stepWidth, list.width));
    columnsHeight = Math.max(columnsHeight, columnHeight(list.height, m));
  }
  const columnsWidth =
    columnWidths.reduce((sum, width) => sum + width, 0) + m.columnGap * Math.max(0, columnWidths.length - 1);
  const size: BranchColumnsSize = {
    width: Math.max(m.stepWidth, columnsWidth),
    height: m.stepHeight + m.splitGap + columnsHeight + m.gap + m.joinSize,
    columnWidths,
    columnsWidth,
    columnsHeight,
  };
  cache.set(step, size);
  return size;
}

/** Height of a column holding a list of `listHeight`: header, a gap, then the list. */
function columnHeight(listHeight: number, m: Readonly<LayoutMetrics>): number {
  return m.branchHeaderHeight + m.gap + listHeight;
}

/** A list is its first insertion point, then for each step: gap, step, gap, insertion point. */
function measureList(steps: readonly Step[], m: Readonly<LayoutMetrics>): Size {
  const cache = listSizeCache(m);
  const cached = cache.get(steps);
  if (cached) return cached;
  let width = m.insertionPointSize;
  let height = m.insertionPointSize;
  for (const step of steps) {
    const size = measureStep(step, m);
    width = Math.max(width, size.width);
    height += 2 * m.gap + size.height + m.insertionPointSize;
  }
  const size = { width, height };
  cache.set(steps, size);
  return size;
}
