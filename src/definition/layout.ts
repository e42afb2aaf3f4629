// ---------------------------------------------------------------------------
// Positions for drawing a workflow, derived from the step tree and never stored in it.
//
// The canvas is a top-down flow: trigger, then each step with an insertion point on
// every connector, then the end marker. A branch step splits into one column per
// branch (headed by the branch name) and the columns join again below it. Every block
// is centred on its list's axis, so a block needs only a width and a height, and a
// branch column is as wide as its widest descendant, which is what keeps blocks from
// overlapping.
//
// Sizes of subtrees are memoised by step object identity: operations keep the objects
// of untouched steps, so after an edit only the changed path is measured again and the
// rest of the pass is one cheap walk that writes coordinates.
// ---------------------------------------------------------------------------

import type { Branch, InsertionPoint, Step, Workflow } from './types';

/** A point in canvas coordinates. */
export interface LayoutPoint {
  x: number;
  y: number;
}

/** An axis-aligned rectangle in canvas coordinates; `x`, `y` is the top-left corner. */
export interface LayoutRect {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** Sizes and spacing of the layout, in canvas pixels. */
export interface LayoutMetrics {
  /** Width of trigger and step cards (also the narrowest a branch column gets). */
  stepWidth: number;
  /** Height of trigger and step cards. */
  stepHeight: number;
  /** Diameter of an insertion point's hit area. */
  insertionPointSize: number;
  /** Vertical space between a card and the insertion point next to it. */
  gap: number;
  /** Width of the branch name header at the top of a column. */
  branchHeaderWidth: number;
  /** Height of the branch name header. */
  branchHeaderHeight: number;
  /** Vertical space from a branch step to its column headers (where the connector splits). */
  splitGap: number;
  /** Horizontal space between branch columns. */
  columnGap: number;
  /** Diameter of the dot where branch columns join. */
  joinSize: number;
  /** Size of the end marker. */
  endWidth: number;
  /** Size of the end marker. */
  endHeight: number;
}

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

/** Options of {@link layout}. */
export interface LayoutOptions {
  /** Overrides of {@link DEFAULT_LAYOUT_METRICS}. */
  metrics?: Partial<LayoutMetrics>;
}

interface LayoutNodeBase extends LayoutRect {
  /** Unique within one layout; also the React Flow node id. */
  id: string;
}

/** The trigger card at the top. */
export interface TriggerLayoutNode extends LayoutNodeBase {
  kind: 'trigger';
}

/** A step card (action or branch step). */
export interface StepLayoutNode extends LayoutNodeBase {
  kind: 'step';
  /** The step object from the definition (same identity). */
  step: Step;
  /** The list holding the step: `null` for the root list. */
  branchId: string | null;
  /** Index in that list. */
  index: number;
  /** How many branch steps enclose it. */
  depth: number;
}

/** The header naming a branch at the top of its column. */
export interface BranchHeaderLayoutNode extends LayoutNodeBase {
  kind: 'branchHeader';
  branch: Branch;
  /** Id of the branch step owning the branch. */
  ownerStepId: string;
  /** Index of the branch in its owner. */
  branchIndex: number;
}

/** The dot where a branch step's columns join. */
export interface JoinLayoutNode extends LayoutNodeBase {
  kind: 'join';
  ownerStepId: string;
}

/** The marker after the root list's last insertion point. */
export interface EndLayoutNode extends LayoutNodeBase {
  kind: 'end';
}

/** A place where a step can be added ("+"). */
export interface InsertionPointLayoutNode extends LayoutNodeBase {
  kind: 'insertionPoint';
  point: InsertionPoint;
  /** The step right before this point in the same list, if any. */
  afterStepId?: string;
  /** Name of that step, for "after <name>" descriptions. */
  afterStepName?: string;
  /** The step right after this point in the same list, if any. */
  beforeStepId?: string;
  /** For the first point of a branch: the branch's name. */
  branchName?: string;
  /** Where this is, in English (the editor words it through its labels instead). */
  description: string;
}

/** Anything the layout positions. */
export type LayoutNode =
  | TriggerLayoutNode
  | StepLayoutNode
  | BranchHeaderLayoutNode
  | JoinLayoutNode
  | EndLayoutNode
  | InsertionPointLayoutNode;

/** What kind of thing a layout node is. */
export type LayoutNodeKind = LayoutNode['kind'];

/** A connector: a polyline of axis-parallel segments from `source` to `target`. */
export interface LayoutEdge {
  id: string;
  source: string;
  target: string;
  points: readonly LayoutPoint[];
  /** Bounding box of `points`, for culling. */
  bounds: LayoutRect;
}

/** Everything needed to draw a workflow. */
export interface WorkflowLayout {
  /** Every node in workflow order (a branch step before its columns' contents). */
  nodes: readonly LayoutNode[];
  edges: readonly LayoutEdge[];
  nodeById: ReadonlyMap<string, LayoutNode>;
  /** Ids of the trigger, steps and insertion points, in workflow order: the keyboard order. */
  focusOrder: readonly string[];
  /** Smallest rectangle holding every node. */
  bounds: LayoutRect;
  metrics: Readonly<LayoutMetrics>;
}

// ---- Ids ---------------------------------------------------------------------

/** Layout id of the trigger. */
export const TRIGGER_NODE_ID = 'trigger';
/** Layout id of the end marker. */
export const END_NODE_ID = 'end';

/** Layout id of a step card. */
export function stepNodeId(stepId: string): string {
  return `step:${stepId}`;
}

/** Layout id of a branch header. */
export function branchHeaderNodeId(branchId: string): string {
  return `branch:${branchId}`;
}

/** Layout id of a branch step's join dot. */
export function joinNodeId(branchStepId: string): string {
  return `join:${branchStepId}`;
}

/**
 * Layout id of an insertion point. Ids are anchored to the step before the point (or
 * the start of the list) rather than to an index, so an insert elsewhere leaves the
 * ids of every other point unchanged.
 */
export function insertionPointNodeId(anchor: { afterStepId: string } | { startOf: string | null }): string {
  if ('afterStepId' in anchor) return `insert:after:${anchor.afterStepId}`;
  return anchor.startOf === null ? 'insert:root' : `insert:start:${anchor.startOf}`;
}

/** Layout id of the connector from node `source` to node `target`. */
function connectorId(source: string, target: string): string {
  return `edge:${source}->${target}`;
}

/**
 * What a layout id names, read back from the id: `kind` is the `kind` of the node with
 * that id (`'connector'` for a connector), with the ids the node was named after. An
 * insertion point's result is also a valid argument of {@link insertionPointNodeId}.
 */
export type ParsedLayoutId =
  | { kind: 'trigger' }
  | { kind: 'end' }
  | { kind: 'step'; stepId: string }
  | { kind: 'branchHeader'; branchId: string }
  | { kind: 'join'; ownerStepId: string }
  | { kind: 'insertionPoint'; afterStepId: string }
  | { kind: 'insertionPoint'; startOf: string | null }
  | { kind: 'connector'; source: string; target: string };

/** Node ids only: a connector's ends are nodes. */
function parseNodeId(id: string): Exclude<ParsedLayoutId, { kind: 'connector' }> | undefined {
  if (id === TRIGGER_NODE_ID || id === END_NODE_ID) return { kind: id };
  if (id === 'insert:root') return { kind: 'insertionPoint', startOf: null };
  const rest = (prefix: string): string | undefined =>
    id.length > prefix.length && id.startsWith(prefix) ? id.slice(prefix.length) : undefined;
  let named: string | undefined;
  if ((named = rest('step:')) !== undefined) return { kind: 'step', stepId: named };
  if ((named = rest('insert:after:')) !== undefined) return { kind: 'insertionPoint', afterStepId: named };
  if ((named = rest('insert:start:')) !== undefined) return { kind: 'insertionPoint', startOf: named };
  if ((named = rest('branch:')) !== undefined) return { kind: 'branchHeader', branchId: named };
  if ((named = rest('join:')) !== undefined) return { kind: 'join', ownerStepId: named };
  return undefined;
}

/**
 * What layout id `id` names (see {@link ParsedLayoutId}), or `undefined` when it is not
 * one a layout gives. The one place ids are read back, so no caller needs to know their
 * prefixes: `parseLayoutId(id)?.kind === 'step'` rather than `id.startsWith('step:')`.
 */
export function parseLayoutId(id: string): ParsedLayoutId | undefined {
  if (!id.startsWith('edge:')) return parseNodeId(id);
  // Ids of a valid workflow never hold "->"; for any others the first split whose two
  // sides are both node ids wins.
  const body = id.slice('edge:'.length);
  for (let at = body.indexOf('->'); at !== -1; at = body.indexOf('->', at + 1)) {
    const source = body.slice(0, at);
    const target = body.slice(at + 2);
    if (parseNodeId(source) && parseNodeId(target)) return { kind: 'connector', source, target };
  }
  return undefined;
}

// ---- Measuring -----------------------------------------------------------------

interface Size {
  width: number;
  height: number;
}

interface BranchColumnsSize extends Size {
  columnWidths: readonly number[];
  columnsWidth: number;
  columnsHeight: number;
}

// One cache per metrics object: sizes depend on the metrics as well as on the step.
const sizeCaches = new WeakMap<Readonly<LayoutMetrics>, WeakMap<Step, Size | BranchColumnsSize>>();
const listSizeCaches = new WeakMap<Readonly<LayoutMetrics>, WeakMap<readonly Step[], Size>>();

function sizeCacheFor(metrics: Readonly<LayoutMetrics>): WeakMap<Step, Size | BranchColumnsSize> {
  let cache = sizeCaches.get(metrics);
  if (!cache) {
    cache = new WeakMap();
    sizeCaches.set(metrics, cache);
  }
  return cache;
}

function listSizeCacheFor(metrics: Readonly<LayoutMetrics>): WeakMap<readonly Step[], Size> {
  let cache = listSizeCaches.get(metrics);
  if (!cache) {
    cache = new WeakMap();
    listSizeCaches.set(metrics, cache);
  }
  return cache;
}

/** The size of every action step's card, one object per metrics: nothing to remember per step. */
const actionSizes = new WeakMap<Readonly<LayoutMetrics>, Size>();

function measureStep(step: Step, m: Readonly<LayoutMetrics>): Size | BranchColumnsSize {
  if (step.type !== 'branch') {
    let size = actionSizes.get(m);
    if (!size) {
      size = Object.freeze({ width: m.stepWidth, height: m.stepHeight });
      actionSizes.set(m, size);
    }
    return size;
  }
  const cache = sizeCacheFor(m);
  const cached = cache.get(step);
  if (cached) return cached;
  let size: Size | BranchColumnsSize;
  if (step.type !== 'branch') {
    size = { width: m.stepWidth, height: m.stepHeight };
  } else {
    const columnWidths: number[] = [];
    let columnsHeight = 0;
    for (const branch of step.branches) {
      const list = measureList(branch.steps, m);
      columnWidths.push(Math.max(m.stepWidth, list.width));
      columnsHeight = Math.max(columnsHeight, columnHeight(list.height, m));
    }
    const columnsWidth =
      columnWidths.reduce((sum, width) => sum + width, 0) + m.columnGap * Math.max(0, columnWidths.length - 1);
    size = {
      width: Math.max(m.stepWidth, columnsWidth),
      height: m.stepHeight + m.splitGap + columnsHeight + m.gap + m.joinSize,
      columnWidths,
      columnsWidth,
      columnsHeight,
    };
  }
  cache.set(step, size);
  return size;
}

/** Height of a column holding a list of `listHeight`: header, a gap, then the list. */
function columnHeight(listHeight: number, m: Readonly<LayoutMetrics>): number {
  return m.branchHeaderHeight + m.gap + listHeight;
}

/** A list is its first insertion point, then for each step: gap, step, gap, insertion point. */
function measureList(steps: readonly Step[], m: Readonly<LayoutMetrics>): Size {
  const cache = listSizeCacheFor(m);
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

// ---- Placing -------------------------------------------------------------------

interface Builder {
  m: Readonly<LayoutMetrics>;
  nodes: LayoutNode[];
  edges: LayoutEdge[];
  focusOrder: string[];
}

function edge(source: string, target: string, points: LayoutPoint[]): LayoutEdge {
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  for (const p of points) {
    if (p.x < minX) minX = p.x;
    if (p.y < minY) minY = p.y;
    if (p.x > maxX) maxX = p.x;
    if (p.y > maxY) maxY = p.y;
  }
  return {
    id: connectorId(source, target),
    source,
    target,
    points,
    bounds: { x: minX, y: minY, width: maxX - minX, height: maxY - minY },
  };
}

/** A straight vertical connector from the bottom of one node to the top of the next (same axis). */
function verticalEdge(from: LayoutNode, to: LayoutNode): LayoutEdge {
  const x = from.x + from.width / 2;
  return edge(from.id, to.id, [
    { x, y: from.y + from.height },
    { x, y: to.y },
  ]);
}

function insertionPointNode(
  b: Builder,
  centerX: number,
  top: number,
  point: InsertionPoint,
  after: Step | undefined,
  before: Step | undefined,
  branch: Branch | undefined,
): InsertionPointLayoutNode {
  const size = b.m.insertionPointSize;
  const id = after
    ? insertionPointNodeId({ afterStepId: after.id })
    : insertionPointNodeId({ startOf: point.branchId });
  const node: InsertionPointLayoutNode = {
    kind: 'insertionPoint',
    id,
    x: centerX - size / 2,
    y: top,
    width: size,
    height: size,
    point,
    description: after
      ? `after ${after.name}`
      : branch
        ? `at the start of ${branch.name}`
        : 'after the trigger',
  };
  if (after) {
    node.afterStepId = after.id;
    node.afterStepName = after.name;
  }
  if (before) node.beforeStepId = before.id;
  if (branch && !after) node.branchName = branch.name;
  b.nodes.push(node);
  b.focusOrder.push(id);
  return node;
}

/**
 * Places a list on the vertical axis `centerX` starting at `top`, after `previous` (the
 * node the list's first connector comes from). Returns the list's last insertion point.
 */
function placeList(
  b: Builder,
  steps: readonly Step[],
  branch: Branch | undefined,
  centerX: number,
  top: number,
  previous: LayoutNode,
  depth: number,
): InsertionPointLayoutNode {
  const { m } = b;
  const branchId = branch ? branch.id : null;
  let last = insertionPointNode(b, centerX, top, { branchId, index: 0 }, undefined, steps[0], branch);
  b.edges.push(verticalEdge(previous, last));
  let y = top + m.insertionPointSize;
  for (let index = 0; index < steps.length; index++) {
    const step = steps[index]!;
    y += m.gap;
    const size = measureStep(step, m);
    const stepNode = placeStep(b, step, size, branchId, index, centerX, y, depth);
    b.edges.push(verticalEdge(last, stepNode));
    y += size.height + m.gap;
    const exit = step.type === 'branch' ? b.nodes[b.nodes.length - 1]! : stepNode;
    last = insertionPointNode(b, centerX, y, { branchId, index: index + 1 }, step, steps[index + 1], undefined);
    b.edges.push(verticalEdge(exit, last));
    y += m.insertionPointSize;
  }
  return last;
}

/** Places a step block; for a branch step the last node pushed is its join dot. */
function placeStep(
  b: Builder,
  step: Step,
  size: Size | BranchColumnsSize,
  branchId: string | null,
  index: number,
  centerX: number,
  top: number,
  depth: number,
): StepLayoutNode {
  const { m } = b;
  const id = stepNodeId(step.id);
  const node: StepLayoutNode = {
    kind: 'step',
    id,
    x: centerX - m.stepWidth / 2,
    y: top,
    width: m.stepWidth,
    height: m.stepHeight,
    step,
    branchId,
    index,
    depth,
  };
  b.nodes.push(node);
  b.focusOrder.push(id);
  if (step.type !== 'branch' || !('columnWidths' in size)) return node;

  const stepBottom = top + m.stepHeight;
  const splitY = stepBottom + m.splitGap / 2;
  const headerTop = stepBottom + m.splitGap;
  const joinTop = headerTop + size.columnsHeight + m.gap;
  const joinCenterY = joinTop + m.joinSize / 2;
  const exits: { node: LayoutNode; columnCenterX: number }[] = [];
  let columnLeft = centerX - size.columnsWidth / 2;
  step.branches.forEach((branch, branchIndex) => {
    const columnWidth = size.columnWidths[branchIndex]!;
    const columnCenterX = columnLeft + columnWidth / 2;
    const headerWidth = Math.min(m.branchHeaderWidth, columnWidth);
    const header: BranchHeaderLayoutNode = {
      kind: 'branchHeader',
      id: branchHeaderNodeId(branch.id),
      x: columnCenterX - headerWidth / 2,
      y: headerTop,
      width: headerWidth,
      height: m.branchHeaderHeight,
      branch,
      ownerStepId: step.id,
      branchIndex,
    };
    b.nodes.push(header);
    b.edges.push(
      edge(id, header.id, [
        { x: centerX, y: stepBottom },
        { x: centerX, y: splitY },
        { x: columnCenterX, y: splitY },
        { x: columnCenterX, y: headerTop },
      ]),
    );
    const exit = placeList(
      b,
      branch.steps,
      branch,
      columnCenterX,
      headerTop + m.branchHeaderHeight + m.gap,
      header,
      depth + 1,
    );
    exits.push({ node: exit, columnCenterX });
    columnLeft += columnWidth + m.columnGap;
  });
  const join: JoinLayoutNode = {
    kind: 'join',
    id: joinNodeId(step.id),
    x: centerX - m.joinSize / 2,
    y: joinTop,
    width: m.joinSize,
    height: m.joinSize,
    ownerStepId: step.id,
  };
  for (const { node: exit, columnCenterX } of exits) {
    const points =
      columnCenterX === centerX
        ? [
            { x: centerX, y: exit.y + exit.height },
            { x: centerX, y: joinTop },
          ]
        : [
            { x: columnCenterX, y: exit.y + exit.height },
            { x: columnCenterX, y: joinCenterY },
            { x: columnCenterX < centerX ? join.x : join.x + join.width, y: joinCenterY },
          ];
    b.edges.push(edge(exit.id, join.id, points));
  }
  // The join is pushed last so placeList can find a branch block's exit at the end.
  b.nodes.push(join);
  return node;
}

// ---- Root blocks ---------------------------------------------------------------------
//
// A layout is not materialised eagerly: an insert near the top of a long workflow moves
// every later step, and writing thousands of shifted node objects (and collecting the
// old ones) would cost more than everything else an edit does. Instead each root step's
// block (the step and, for a branch step, everything inside it) is laid out once per step
// object, relative to its own top, and a layout is the list of block tops. Absolute
// nodes are written only for the blocks someone asks about (the viewport, a focused id),
// or for all of them when `nodes` / `edges` / `nodeById` are read.

/** A root step's block, relative to its top, on the axis x = 0. Memoised per step object. */
interface RootBlock {
  width: number;
  height: number;
  /** Relative nodes; the first is the step itself (its `index` is filled in on placement). */
  nodes: LayoutNode[];
  edges: LayoutEdge[];
  focusOrder: string[];
  ids: ReadonlySet<string>;
  /** The node the connector out of the block starts from (the step, or a branch step's join). */
  exit: LayoutNode;
}

const blockCaches = new WeakMap<Readonly<LayoutMetrics>, WeakMap<Step, RootBlock>>();

function rootBlock(step: Step, m: Readonly<LayoutMetrics>): RootBlock {
  let cache = blockCaches.get(m);
  if (!cache) {
    cache = new WeakMap();
    blockCaches.set(m, cache);
  }
  const cached = cache.get(step);
  if (cached) return cached;
  const b: Builder = { m, nodes: [], edges: [], focusOrder: [] };
  const size = measureStep(step, m);
  placeStep(b, step, size, null, 0, 0, 0, 0);
  const block: RootBlock = {
    width: size.width,
    height: size.height,
    nodes: b.nodes,
    edges: b.edges,
    focusOrder: b.focusOrder,
    ids: new Set(b.nodes.map((node) => node.id)),
    exit: b.nodes[b.nodes.length - 1]!,
  };
  cache.set(step, block);
  return block;
}

const afterIds = new WeakMap<Step, string>();
function afterId(step: Step): string {
  let id = afterIds.get(step);
  if (id === undefined) {
    id = insertionPointNodeId({ afterStepId: step.id });
    afterIds.set(step, id);
  }
  return id;
}

function shifted<T extends LayoutNode>(node: T, dy: number): T {
  return dy === 0 ? node : { ...node, y: node.y + dy };
}

function shiftedEdge(original: LayoutEdge, dy: number): LayoutEdge {
  if (dy === 0) return original;
  return {
    ...original,
    points: original.points.map((p) => ({ x: p.x, y: p.y + dy })),
    bounds: { ...original.bounds, y: original.bounds.y + dy },
  };
}

/** One root step's absolute nodes and edges, including the insertion point after it. */
interface PlacedEntry {
  nodes: LayoutNode[];
  edges: LayoutEdge[];
  byId: Map<string, LayoutNode>;
}

/** A layout whose absolute nodes are written on demand (see the section comment). */
class LazyWorkflowLayout implements WorkflowLayout {
  readonly bounds: LayoutRect;
  readonly metrics: Readonly<LayoutMetrics>;
  private readonly steps: readonly Step[];
  /** Each root step's block, laid out when first asked for: the bounds need only sizes. */
  private readonly blocks: (RootBlock | undefined)[];
  private readonly sizes: (Size | BranchColumnsSize)[];
  private readonly tops: Float64Array;
  private readonly head: LayoutNode[];
  private readonly headEdges: LayoutEdge[];
  private readonly end: EndLayoutNode;
  private readonly placed = new Map<number, PlacedEntry>();
  private rootIndexById: Map<string, number> | null = null;
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
    const b: Builder = { m, nodes: [trigger], edges: [], focusOrder: [] };
    const first = insertionPointNode(b, 0, m.stepHeight + m.gap, { branchId: null, index: 0 }, undefined, this.steps[0], undefined);
    b.edges.push(verticalEdge(trigger, first));
    this.head = b.nodes;
    this.headEdges = b.edges;

    this.blocks = new Array<RootBlock | undefined>(this.steps.length);
    this.sizes = new Array<Size | BranchColumnsSize>(this.steps.length);
    this.tops = new Float64Array(this.steps.length);
    let y = first.y + m.insertionPointSize;
    let width = m.stepWidth;
    for (let i = 0; i < this.steps.length; i++) {
      const size = measureStep(this.steps[i]!, m);
      this.sizes[i] = size;
      y += m.gap;
      this.tops[i] = y;
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

  /** How many root steps there are. */
  get rootCount(): number {
    return this.steps.length;
  }

  /** Top and bottom (including the insertion point after it) of root step `i`'s entry. */
  entrySpan(i: number): { top: number; bottom: number } {
    const top = this.tops[i]!;
    return { top, bottom: top + this.sizes[i]!.height + this.metrics.gap + this.metrics.insertionPointSize };
  }

  /** Width and height of root step `i`'s block. */
  blockSize(i: number): Size {
    return this.sizes[i]!;
  }

  private block(i: number): RootBlock {
    let block = this.blocks[i];
    if (block === undefined) {
      block = rootBlock(this.steps[i]!, this.metrics);
      this.blocks[i] = block;
    }
    return block;
  }

  /** Index of the first root entry whose bottom is at or below `y`. */
  firstEntryReaching(y: number): number {
    let low = 0;
    let high = this.steps.length;
    while (low < high) {
      const mid = (low + high) >> 1;
      if (this.entrySpan(mid).bottom < y) low = mid + 1;
      else high = mid;
    }
    return low;
  }

  headNodes(): readonly LayoutNode[] {
    return this.head;
  }

  headEdgeList(): readonly LayoutEdge[] {
    return this.headEdges;
  }

  endNode(): EndLayoutNode {
    return this.end;
  }

  /** The connector from the last insertion point to the end marker. */
  endEdge(): LayoutEdge {
    const count = this.steps.length;
    const lastId = count === 0 ? this.head[1]!.id : afterId(this.steps[count - 1]!);
    return edge(lastId, this.end.id, [
      { x: 0, y: this.end.y - this.metrics.gap },
      { x: 0, y: this.end.y },
    ]);
  }

  /** Absolute nodes and edges of root entry `i` (cached per layout). */
  entry(i: number): PlacedEntry {
    const cached = this.placed.get(i);
    if (cached) return cached;
    if (this.all && this.entryStarts) {
      // Written already: the entry is its stretch of the whole layout (the same objects).
      const { nodes: nodeStarts, edges: edgeStarts } = this.entryStarts;
      const nodes = this.all.nodes.slice(nodeStarts[i]!, nodeStarts[i + 1]!);
      const byId = new Map<string, LayoutNode>();
      for (const node of nodes) byId.set(node.id, node);
      const placedEntry = { nodes, edges: this.all.edges.slice(edgeStarts[i]!, edgeStarts[i + 1]!), byId };
      this.placed.set(i, placedEntry);
      return placedEntry;
    }
    const m = this.metrics;
    const step = this.steps[i]!;
    const block = this.block(i);
    const top = this.tops[i]!;
    const nodes: LayoutNode[] = [];
    const byId = new Map<string, LayoutNode>();
    for (const relative of block.nodes) {
      let node = shifted(relative, top);
      if (relative === block.nodes[0] && node.kind === 'step') node = { ...node, index: i };
      nodes.push(node);
      byId.set(node.id, node);
    }
    const b: Builder = { m, nodes, edges: [], focusOrder: [] };
    const after = insertionPointNode(
      b,
      0,
      top + block.height + m.gap,
      { branchId: null, index: i + 1 },
      step,
      this.steps[i + 1],
      undefined,
    );
    byId.set(after.id, after);
    // The point before this step belongs to the previous entry; its id and bottom edge
    // are known without placing that entry.
    const beforeId = i === 0 ? this.head[1]!.id : afterId(this.steps[i - 1]!);
    const edges: LayoutEdge[] = [edge(beforeId, nodes[0]!.id, [{ x: 0, y: top - m.gap }, { x: 0, y: top }])];
    for (const relative of block.edges) edges.push(shiftedEdge(relative, top));
    edges.push(verticalEdge(byId.get(block.exit.id)!, after));
    const placedEntry = { nodes, edges, byId };
    this.placed.set(i, placedEntry);
    return placedEntry;
  }

  /** Which root entry holds layout id `id`, or -1. */
  entryIndexOf(id: string): number {
    if (!this.rootIndexById) {
      const map = new Map<string, number>();
      for (let i = 0; i < this.steps.length; i++) map.set(this.steps[i]!.id, i);
      this.rootIndexById = map;
    }
    const match = /^(?:step|insert:after):(.+)$/.exec(id);
    if (match) {
      const index = this.rootIndexById.get(match[1]!);
      if (index !== undefined) return index;
    }
    for (let i = 0; i < this.steps.length; i++) {
      if (this.steps[i]!.type === 'branch' && this.block(i).ids.has(id)) return i;
    }
    return -1;
  }

  find(id: string): LayoutNode | undefined {
    if (this.all) return this.byId().get(id);
    if (id === END_NODE_ID) return this.end;
    const headNode = this.head.find((node) => node.id === id);
    if (headNode) return headNode;
    const index = this.entryIndexOf(id);
    return index === -1 ? undefined : this.entry(index).byId.get(id);
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
    const nodes: LayoutNode[] = [...this.head];
    const edges: LayoutEdge[] = [...this.headEdges];
    const count = this.steps.length;
    const starts = { nodes: new Uint32Array(count + 1), edges: new Uint32Array(count + 1) };
    // Entries already written are taken as they are; the others are placed where they
    // go straight away, without a relative block to copy and shift.
    const b: Builder = { m, nodes, edges, focusOrder: [] };
    for (let i = 0; i < count; i++) {
      starts.nodes[i] = nodes.length;
      starts.edges[i] = edges.length;
      const placedEntry = this.placed.get(i);
      if (placedEntry) {
        for (const node of placedEntry.nodes) nodes.push(node);
        for (const placedEdge of placedEntry.edges) edges.push(placedEdge);
        continue;
      }
      const step = this.steps[i]!;
      const top = this.tops[i]!;
      const size = this.sizes[i]!;
      // The point before this step is the previous entry's last node.
      const beforeId = i === 0 ? this.head[1]!.id : nodes[nodes.length - 1]!.id;
      edges.push(edge(beforeId, stepNodeId(step.id), [{ x: 0, y: top - m.gap }, { x: 0, y: top }]));
      const stepNode = placeStep(b, step, size, null, i, 0, top, 0);
      const exit = step.type === 'branch' ? nodes[nodes.length - 1]! : stepNode;
      const after = insertionPointNode(b, 0, top + size.height + m.gap, { branchId: null, index: i + 1 }, step, this.steps[i + 1], undefined);
      edges.push(verticalEdge(exit, after));
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
      const order: string[] = [TRIGGER_NODE_ID, this.head[1]!.id];
      for (let i = 0; i < this.steps.length; i++) {
        const ids = this.block(i).focusOrder;
        for (let k = 0; k < ids.length; k++) order.push(ids[k]!);
        order.push(afterId(this.steps[i]!));
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
 * Cheap for long workflows: blocks of unchanged root steps are reused, and absolute node
 * objects are written only when read. Prefer {@link layoutItemsIn} and
 * {@link findLayoutNode} over `nodes` / `nodeById`, which write all of them.
 */
export function layout(workflow: Workflow, options: LayoutOptions = {}): WorkflowLayout {
  const usesDefaults = options.metrics === undefined;
  if (usesDefaults) {
    const cached = layoutCache.get(workflow);
    if (cached) return cached;
  }
  const m: Readonly<LayoutMetrics> = usesDefaults ? DEFAULT_LAYOUT_METRICS : metricsFor(options.metrics ?? {});
  const result = new LazyWorkflowLayout(workflow, m);
  if (usesDefaults) layoutCache.set(workflow, result);
  return result;
}

/** The node with layout id `id`, without writing the whole layout. */
export function findLayoutNode(workflowLayout: WorkflowLayout, id: string): LayoutNode | undefined {
  return workflowLayout instanceof LazyWorkflowLayout ? workflowLayout.find(id) : workflowLayout.nodeById.get(id);
}

/**
 * Rectangles of the trigger, each root step's whole block (a branch step with all its
 * columns) and the end marker: a coarse outline for a minimap, cheap for any size.
 */
export function layoutBlockRects(workflowLayout: WorkflowLayout): LayoutRect[] {
  if (!(workflowLayout instanceof LazyWorkflowLayout)) {
    return workflowLayout.nodes.filter((node) => node.kind === 'step' || node.kind === 'trigger');
  }
  const rects: LayoutRect[] = [workflowLayout.headNodes()[0]!];
  for (let i = 0; i < workflowLayout.rootCount; i++) {
    const block = workflowLayout.blockSize(i);
    const { top } = workflowLayout.entrySpan(i);
    rects.push({ x: -block.width / 2, y: top, width: block.width, height: block.height });
  }
  return rects;
}

// Metrics objects are cache keys, so equal overrides should give the same object.
const metricsByKey = new Map<string, Readonly<LayoutMetrics>>();
function metricsFor(overrides: Partial<LayoutMetrics>): Readonly<LayoutMetrics> {
  const merged = { ...DEFAULT_LAYOUT_METRICS, ...overrides };
  const key = JSON.stringify(merged);
  let metrics = metricsByKey.get(key);
  if (!metrics) {
    metrics = Object.freeze(merged);
    metricsByKey.set(key, metrics);
  }
  return metrics;
}

// ---- Queries -------------------------------------------------------------------

/** Whether two rectangles share any area (touching edges do not count). */
export function rectsOverlap(a: LayoutRect, b: LayoutRect): boolean {
  return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
}

function rectsIntersect(a: LayoutRect, b: LayoutRect): boolean {
  return a.x <= b.x + b.width && b.x <= a.x + a.width && a.y <= b.y + b.height && b.y <= a.y + a.height;
}

/**
 * The nodes and edges that touch `rect`, plus every node an included edge connects
 * (a renderer draws an edge only when both its ends exist). Order follows the layout.
 * Costs what is near `rect`, not what the workflow holds.
 */
export function layoutItemsIn(
  workflowLayout: WorkflowLayout,
  rect: LayoutRect,
): { nodes: LayoutNode[]; edges: LayoutEdge[] } {
  const candidates: { nodes: readonly LayoutNode[]; edges: readonly LayoutEdge[] }[] = [];
  if (workflowLayout instanceof LazyWorkflowLayout) {
    candidates.push({ nodes: workflowLayout.headNodes(), edges: workflowLayout.headEdgeList() });
    const bottom = rect.y + rect.height;
    for (let i = workflowLayout.firstEntryReaching(rect.y); i < workflowLayout.rootCount; i++) {
      if (workflowLayout.entrySpan(i).top > bottom) break;
      candidates.push(workflowLayout.entry(i));
    }
    candidates.push({ nodes: [workflowLayout.endNode()], edges: [workflowLayout.endEdge()] });
  } else {
    candidates.push({ nodes: workflowLayout.nodes, edges: workflowLayout.edges });
  }
  const nodes: LayoutNode[] = [];
  const edges: LayoutEdge[] = [];
  const included = new Set<string>();
  const endpoints: string[] = [];
  for (const candidate of candidates) {
    for (const node of candidate.nodes) {
      if (rectsIntersect(node, rect) && !included.has(node.id)) {
        included.add(node.id);
        nodes.push(node);
      }
    }
    for (const candidateEdge of candidate.edges) {
      if (rectsIntersect(candidateEdge.bounds, rect)) {
        edges.push(candidateEdge);
        endpoints.push(candidateEdge.source, candidateEdge.target);
      }
    }
  }
  for (const id of endpoints) {
    if (included.has(id)) continue;
    const node = findLayoutNode(workflowLayout, id);
    if (node) {
      included.add(id);
      nodes.push(node);
    }
  }
  return { nodes, edges };
}

/** The centre of a node. */
export function layoutNodeCenter(node: LayoutRect): LayoutPoint {
  return { x: node.x + node.width / 2, y: node.y + node.height / 2 };
}
