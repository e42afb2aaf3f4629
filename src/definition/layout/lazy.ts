// ---------------------------------------------------------------------------
// The layout `layout` returns. It is not written out eagerly: an insert near the top of
// a long workflow moves every later step, and writing thousands of moved node objects
// (and collecting the old ones) would cost more than everything else an edit does.
// Instead a layout is the list of root entry tops, from the measured sizes; absolute
// nodes are written only for the entries someone asks about (the viewport, a focused
// id), or for all of them when `nodes` / `edges` / `nodeById` are read, and the keyboard
// order is read off the step tree.
// ---------------------------------------------------------------------------

import { childLists, isContainerStep } from '../step-kinds';
import type { Step, Workflow } from '../types';
import {
  END_NODE_ID,
  TRIGGER_NODE_ID,
  insertionPointAfterId,
  insertionPointStartId,
  parseLayoutId,
  stepNodeId,
} from './ids';
import { DEFAULT_LAYOUT_METRICS, measureStep, metricsFor, type BranchColumnsSize, type Size } from './measure';
import { connectorBetween, placeInsertionPoint, placeRootEntry, verticalConnector, type Placement } from './place';
import { answerQueriesOf, type LayoutItems, type LayoutQueries } from './query';
import type {
  EndLayoutNode,
  LayoutEdge,
  LayoutMetrics,
  LayoutNode,
  LayoutOptions,
  LayoutRect,
  TriggerLayoutNode,
  WorkflowLayout,
} from './types';

/** One root entry's absolute nodes and connectors (the step's block and the insertion point after it). */
interface PlacedEntry extends LayoutItems {
  readonly nodes: LayoutNode[];
  readonly edges: LayoutEdge[];
  readonly byId: Map<string, LayoutNode>;
}

/** Which root entry holds each step and each branch, by id. */
interface RootIndexes {
  byStepId: Map<string, number>;
  byBranchId: Map<string, number>;
}

/** Focus stops inside a branch step's block, after its card: memoised per step object, as ids depend on nothing else. */
const innerFocusIds = new WeakMap<Step, readonly string[]>();

/** Pushes the focus stops of a step's block: its card, then each column's points and steps. */
function pushFocusIds(order: string[], step: Step): void {
  order.push(stepNodeId(step.id));
  if (!isContainerStep(step)) return;
  let inner = innerFocusIds.get(step);
  if (!inner) {
    const ids: string[] = [];
    for (const { holder, steps } of childLists(step)) {
      ids.push(insertionPointStartId(holder.id));
      for (const nested of steps) {
        pushFocusIds(ids, nested);
        ids.push(insertionPointAfterId(nested.id));
      }
    }
    innerFocusIds.set(step, ids);
    inner = ids;
  }
  for (let k = 0; k < inner.length; k++) order.push(inner[k]!);
}

/**
 * Files every step and branch inside `step`, at any depth, under root entry `rootIndex`
 * (an id already filed keeps its entry), in the order a walk of the step tree meets them.
 * A loop rather than the walk, which makes a location object per step: the canvas files a
 * workflow's every step the first time it looks for one of them (a selection) after an edit.
 */
function indexInside(
  step: Step,
  rootIndex: number,
  byStepId: Map<string, number>,
  byBranchId: Map<string, number>,
): void {
  for (const { holder, steps } of childLists(step)) {
    if (!byBranchId.has(holder.id)) byBranchId.set(holder.id, rootIndex);
    for (let k = 0; k < steps.length; k++) {
      const nested = steps[k]!;
      if (!byStepId.has(nested.id)) byStepId.set(nested.id, rootIndex);
      if (isContainerStep(nested)) indexInside(nested, rootIndex, byStepId, byBranchId);
    }
  }
}

/** A layout whose absolute nodes are written on demand (see the comment at the top). */
class LazyWorkflowLayout implements WorkflowLayout, LayoutQueries {
  readonly bounds: LayoutRect;
  readonly metrics: Readonly<LayoutMetrics>;
  private readonly steps: readonly Step[];
  private readonly sizes: (Size | BranchColumnsSize)[];
  /** A plain array: V8 keeps whole numbers in it as small integers, where a Float64Array boxes each one it gives. */
  private readonly tops: number[];
  /** The trigger and the insertion point after it, with the connector between them. */
  private readonly head: LayoutItems;
  private readonly end: EndLayoutNode;
  private readonly placed = new Map<number, PlacedEntry>();
  private rootIndexes: RootIndexes | null = null;
  private all: { nodes: LayoutNode[]; edges: LayoutEdge[] } | null = null;
  /** Every node by id, once asked for. */
  private allById: Map<string, LayoutNode> | null = null;
  /** Once everything is written: where each root entry's nodes and edges start in `all`. */
  private entryStarts: { nodes: Uint32Array; edges: Uint32Array } | null = null;
  private order: string[] | null = null;

  constructor(workflow: Workflow, m: Readonly<LayoutMetrics>) {
    this.metrics = m;
    this.steps = workflow.steps;
    const trigger: TriggerLayoutNode = {
      kind: 'trigger',
      id: TRIGGER_NODE_ID,
      x: -m.stepWidth / 2,
      y: 0,
      width: m.stepWidth,
      height: m.stepHeight,
    };
    const head: Placement = { m, nodes: [trigger], edges: [] };
    const first = placeInsertionPoint(head, {
      centerX: 0,
      top: m.stepHeight + m.gap,
      branchId: null,
      index: 0,
      after: undefined,
      before: this.steps[0],
      branch: undefined,
    });
    head.edges.push(connectorBetween(trigger, first));
    this.head = head;

    const count = this.steps.length;
    this.sizes = new Array<Size | BranchColumnsSize>(count);
    this.tops = [];
    let y = first.y + m.insertionPointSize;
    let width = m.stepWidth;
    for (let i = 0; i < count; i++) {
      const size = measureStep(this.steps[i]!, m);
      this.sizes[i] = size;
      y += m.gap;
      this.tops.push(y);
      y += size.height + m.gap + m.insertionPointSize;
      if (size.width > width) width = size.width;
    }
    this.end = {
      kind: 'end',
      id: END_NODE_ID,
      x: -m.endWidth / 2,
      y: y + m.gap,
      width: m.endWidth,
      height: m.endHeight,
    };
    this.bounds = { x: -width / 2, y: 0, width, height: this.end.y + this.end.height };
  }

  /** Bottom of root entry `i`, the insertion point after its step included. */
  private entryBottom(i: number): number {
    return this.tops[i]! + this.sizes[i]!.height + this.metrics.gap + this.metrics.insertionPointSize;
  }

  /** Id of the insertion point before root entry `i`. */
  private idBefore(i: number): string {
    return i === 0 ? this.head.nodes[1]!.id : insertionPointAfterId(this.steps[i - 1]!.id);
  }

  /** Index of the first root entry whose bottom is at or below `y`. */
  private firstEntryReaching(y: number): number {
    let low = 0;
    let high = this.steps.length;
    while (low < high) {
      const mid = (low + high) >> 1;
      if (this.entryBottom(mid) < y) low = mid + 1;
      else high = mid;
    }
    return low;
  }

  /** The connector from the last insertion point to the end marker. */
  private endEdge(): LayoutEdge {
    return verticalConnector(
      this.idBefore(this.steps.length),
      this.end.id,
      0,
      this.end.y - this.metrics.gap,
      this.end.y,
    );
  }

  /** Absolute nodes and edges of root entry `i` (cached per layout). */
  private entry(i: number): PlacedEntry {
    const cached = this.placed.get(i);
    if (cached) return cached;
    let nodes: LayoutNode[];
    let edges: LayoutEdge[];
    if (this.all && this.entryStarts) {
      // Written already: the entry is its stretch of the whole layout (the same objects).
      const starts = this.entryStarts;
      nodes = this.all.nodes.slice(starts.nodes[i], starts.nodes[i + 1]);
      edges = this.all.edges.slice(starts.edges[i], starts.edges[i + 1]);
    } else {
      const placement: Placement = { m: this.metrics, nodes: [], edges: [] };
      placeRootEntry(placement, {
        steps: this.steps,
        index: i,
        top: this.tops[i]!,
        size: this.sizes[i]!,
        beforeId: this.idBefore(i),
      });
      ({ nodes, edges } = placement);
    }
    const byId = new Map<string, LayoutNode>();
    for (const node of nodes) byId.set(node.id, node);
    const placedEntry: PlacedEntry = { nodes, edges, byId };
    this.placed.set(i, placedEntry);
    return placedEntry;
  }

  /** Which root entry holds node `id`, or -1 (also for the head and the end). */
  private entryIndexOf(id: string): number {
    const parsed = parseLayoutId(id);
    if (!parsed) return -1;
    const { byStepId, byBranchId } = this.indexes();
    let index: number | undefined;
    if (parsed.kind === 'step') index = byStepId.get(parsed.stepId);
    else if (parsed.kind === 'join') index = byStepId.get(parsed.ownerStepId);
    else if (parsed.kind === 'branchHeader') index = byBranchId.get(parsed.branchId);
    else if (parsed.kind === 'insertionPoint') {
      if ('afterStepId' in parsed) index = byStepId.get(parsed.afterStepId);
      else if (parsed.startOf !== null) index = byBranchId.get(parsed.startOf);
    }
    return index ?? -1;
  }

  private indexes(): RootIndexes {
    if (this.rootIndexes) return this.rootIndexes;
    const byStepId = new Map<string, number>();
    const byBranchId = new Map<string, number>();
    // Root steps first: an id used twice (an invalid workflow) finds the root step.
    for (let i = 0; i < this.steps.length; i++) byStepId.set(this.steps[i]!.id, i);
    // Then everything inside each root step, which is where the canvas finds it.
    for (let i = 0; i < this.steps.length; i++) {
      const step = this.steps[i]!;
      if (isContainerStep(step)) indexInside(step, i, byStepId, byBranchId);
    }
    this.rootIndexes = { byStepId, byBranchId };
    return this.rootIndexes;
  }

  find(id: string): LayoutNode | undefined {
    if (this.all) return this.byId().get(id);
    if (id === END_NODE_ID) return this.end;
    const headNode = this.head.nodes.find((node) => node.id === id);
    if (headNode) return headNode;
    const index = this.entryIndexOf(id);
    return index === -1 ? undefined : this.entry(index).byId.get(id);
  }

  itemsNear(top: number, bottom: number): readonly LayoutItems[] {
    const groups: LayoutItems[] = [this.head];
    for (let i = this.firstEntryReaching(top); i < this.steps.length; i++) {
      if (this.tops[i]! > bottom) break;
      groups.push(this.entry(i));
    }
    groups.push({ nodes: [this.end], edges: [this.endEdge()] });
    return groups;
  }

  blockRects(): LayoutRect[] {
    const rects: LayoutRect[] = [this.head.nodes[0]!];
    for (let i = 0; i < this.steps.length; i++) {
      const block = this.sizes[i]!;
      rects.push({ x: -block.width / 2, y: this.tops[i]!, width: block.width, height: block.height });
    }
    return rects;
  }

  private byId(): Map<string, LayoutNode> {
    if (!this.allById) {
      const byId = new Map<string, LayoutNode>();
      for (const node of this.materialise().nodes) byId.set(node.id, node);
      this.allById = byId;
    }
    return this.allById;
  }

  private materialise(): { nodes: LayoutNode[]; edges: LayoutEdge[] } {
    if (this.all) return this.all;
    const m = this.metrics;
    const nodes: LayoutNode[] = [...this.head.nodes];
    const edges: LayoutEdge[] = [...this.head.edges];
    const count = this.steps.length;
    const starts = { nodes: new Uint32Array(count + 1), edges: new Uint32Array(count + 1) };
    // Entries already written are taken as they are (the same objects a query returned).
    const placement: Placement = { m, nodes, edges };
    for (let i = 0; i < count; i++) {
      starts.nodes[i] = nodes.length;
      starts.edges[i] = edges.length;
      const placedEntry = this.placed.get(i);
      if (placedEntry) {
        for (const node of placedEntry.nodes) nodes.push(node);
        for (const placedEdge of placedEntry.edges) edges.push(placedEdge);
        continue;
      }
      // The point before this step is the previous entry's last node.
      const beforeId = nodes[nodes.length - 1]!.id;
      placeRootEntry(placement, { steps: this.steps, index: i, top: this.tops[i]!, size: this.sizes[i]!, beforeId });
    }
    starts.nodes[count] = nodes.length;
    starts.edges[count] = edges.length;
    this.entryStarts = starts;
    nodes.push(this.end);
    edges.push(this.endEdge());
    this.all = { nodes, edges };
    return this.all;
  }

  get nodes(): readonly LayoutNode[] {
    return this.materialise().nodes;
  }

  get edges(): readonly LayoutEdge[] {
    return this.materialise().edges;
  }

  get nodeById(): ReadonlyMap<string, LayoutNode> {
    return this.byId();
  }

  get focusOrder(): readonly string[] {
    if (!this.order) {
      const order: string[] = [TRIGGER_NODE_ID, this.head.nodes[1]!.id];
      for (const step of this.steps) {
        pushFocusIds(order, step);
        order.push(insertionPointAfterId(step.id));
      }
      this.order = order;
    }
    return this.order;
  }
}

const layoutCache = new WeakMap<Workflow, WorkflowLayout>();

/**
 * Positions for every part of `workflow`: trigger, steps, branch headers, joins,
 * insertion points, the end marker and connectors, plus the keyboard order and bounds.
 * Deterministic and pure; the trigger's top-left corner is at `(-stepWidth/2, 0)` so the
 * root list runs down the line `x = 0`. Repeated calls with the same workflow object
 * (and no options) return the same layout object.
 *
 * Cheap for long workflows: absolute node objects are written only when read. Prefer
 * {@link layoutItemsIn} and {@link findLayoutNode} over `nodes` / `nodeById`, which
 * write all of them.
 */
export function layout(workflow: Workflow, options: LayoutOptions = {}): WorkflowLayout {
  const usesDefaults = options.metrics === undefined;
  if (usesDefaults) {
    const cached = layoutCache.get(workflow);
    if (cached) return cached;
  }
  const m: Readonly<LayoutMetrics> = usesDefaults ? DEFAULT_LAYOUT_METRICS : metricsFor(options.metrics ?? {});
  const result = new LazyWorkflowLayout(workflow, m);
  answerQueriesOf(result, result);
  if (usesDefaults) layoutCache.set(workflow, result);
  return result;
}
