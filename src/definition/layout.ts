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

function measureStep(step: Step, m: Readonly<LayoutMetrics>): Size | BranchColumnsSize {
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
    id: `edge:${source}->${target}`,
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

const layoutCache = new WeakMap<Workflow, WorkflowLayout>();

/**
 * Positions for every part of `workflow`: trigger, steps, branch headers, joins,
 * insertion points, the end marker and connectors, plus the keyboard order and bounds.
 * Deterministic and pure; the trigger's top-left corner is at `(-stepWidth/2, 0)` so the
 * root list runs down the line `x = 0`. Repeated calls with the same workflow object
 * (and no options) return the same layout object.
 */
export function layout(workflow: Workflow, options: LayoutOptions = {}): WorkflowLayout {
  const usesDefaults = options.metrics === undefined;
  if (usesDefaults) {
    const cached = layoutCache.get(workflow);
    if (cached) return cached;
  }
  const m: Readonly<LayoutMetrics> = usesDefaults
    ? DEFAULT_LAYOUT_METRICS
    : metricsFor(options.metrics ?? {});
  const b: Builder = { m, nodes: [], edges: [], focusOrder: [] };
  const trigger: TriggerLayoutNode = {
    kind: 'trigger',
    id: TRIGGER_NODE_ID,
    x: -m.stepWidth / 2,
    y: 0,
    width: m.stepWidth,
    height: m.stepHeight,
  };
  b.nodes.push(trigger);
  b.focusOrder.push(TRIGGER_NODE_ID);
  const rootTop = m.stepHeight + m.gap;
  const lastPoint = placeList(b, workflow.steps, undefined, 0, rootTop, trigger, 0);
  const end: EndLayoutNode = {
    kind: 'end',
    id: END_NODE_ID,
    x: -m.endWidth / 2,
    y: lastPoint.y + lastPoint.height + m.gap,
    width: m.endWidth,
    height: m.endHeight,
  };
  b.nodes.push(end);
  b.edges.push(verticalEdge(lastPoint, end));

  const rootWidth = Math.max(m.stepWidth, measureList(workflow.steps, m).width);
  const bounds: LayoutRect = { x: -rootWidth / 2, y: 0, width: rootWidth, height: end.y + end.height };
  const nodeById = new Map<string, LayoutNode>();
  for (const node of b.nodes) nodeById.set(node.id, node);
  const result: WorkflowLayout = { nodes: b.nodes, edges: b.edges, nodeById, focusOrder: b.focusOrder, bounds, metrics: m };
  if (usesDefaults) layoutCache.set(workflow, result);
  return result;
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
 */
export function layoutItemsIn(
  workflowLayout: WorkflowLayout,
  rect: LayoutRect,
): { nodes: LayoutNode[]; edges: LayoutEdge[] } {
  const wanted = new Set<string>();
  for (const node of workflowLayout.nodes) {
    if (rectsIntersect(node, rect)) wanted.add(node.id);
  }
  const edges: LayoutEdge[] = [];
  for (const candidate of workflowLayout.edges) {
    if (rectsIntersect(candidate.bounds, rect)) {
      edges.push(candidate);
      wanted.add(candidate.source);
      wanted.add(candidate.target);
    }
  }
  const nodes: LayoutNode[] = [];
  for (const node of workflowLayout.nodes) {
    if (wanted.has(node.id)) nodes.push(node);
  }
  return { nodes, edges };
}

/** The centre of a node. */
export function layoutNodeCenter(node: LayoutRect): LayoutPoint {
  return { x: node.x + node.width / 2, y: node.y + node.height / 2 };
}
