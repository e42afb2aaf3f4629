// ---------------------------------------------------------------------------
// Placing: absolute nodes and connectors for a step, a list, or one entry of the root
// list, written into a `Placement`. The canvas is a top-down flow: trigger, then each
// step with an insertion point on every connector, then the end marker. A branch step
// splits into one column per branch (headed by the branch name) and the columns join
// again below it.
// ---------------------------------------------------------------------------

import { isBranchStep, isContainerStep } from '../step-kinds';
import type { Branch, BranchStep, Step } from '../types';
import {
  branchHeaderNodeId,
  connectorId,
  insertionPointAfterId,
  insertionPointStartId,
  joinNodeId,
  stepNodeId,
} from './ids';
import { measureStep, type BranchColumnsSize, type Size } from './measure';
import type {
  BranchHeaderLayoutNode,
  InsertionPointLayoutNode,
  JoinLayoutNode,
  LayoutEdge,
  LayoutMetrics,
  LayoutNode,
  LayoutPoint,
  StepLayoutNode,
} from './types';

/** Where placed nodes and connectors go, in workflow order. */
export interface Placement {
  readonly m: Readonly<LayoutMetrics>;
  readonly nodes: LayoutNode[];
  readonly edges: LayoutEdge[];
}

/** A connector along `points`, with their bounding box. */
export function connector(source: string, target: string, points: LayoutPoint[]): LayoutEdge {
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

/** A straight connector down the line `x`, from `fromY` to `toY` (its bounds without a loop: most connectors are these). */
export function verticalConnector(source: string, target: string, x: number, fromY: number, toY: number): LayoutEdge {
  return {
    id: connectorId(source, target),
    source,
    target,
    points: [
      { x, y: fromY },
      { x, y: toY },
    ],
    bounds: { x, y: fromY < toY ? fromY : toY, width: 0, height: fromY < toY ? toY - fromY : fromY - toY },
  };
}

/** The connector from the bottom of one node to the top of the next, on the first one's axis. */
export function connectorBetween(from: LayoutNode, to: LayoutNode): LayoutEdge {
  return verticalConnector(from.id, to.id, from.x + from.width / 2, from.y + from.height, to.y);
}

/** An insertion point's place: centred on `centerX` with its top at `top`, at `index` of list `branchId`. */
export interface InsertionPointPlace {
  centerX: number;
  top: number;
  branchId: string | null;
  index: number;
  /** The step right before the point in its list, if any. */
  after: Step | undefined;
  /** The step right after it, if any. */
  before: Step | undefined;
  /** The branch whose list it is in (`undefined` for the root list). */
  branch: Branch | undefined;
}

export function placeInsertionPoint(p: Placement, place: InsertionPointPlace): InsertionPointLayoutNode {
  const { after, before, branch } = place;
  if (after) return placePointAfter(p, place.centerX, place.top, place.branchId, place.index, after, before);
  const size = p.m.insertionPointSize;
  const node: InsertionPointLayoutNode = {
    kind: 'insertionPoint',
    id: insertionPointStartId(place.branchId),
    x: place.centerX - size / 2,
    y: place.top,
    width: size,
    height: size,
    point: { branchId: place.branchId, index: place.index },
    description: branch ? `at the start of ${branch.name}` : 'after the trigger',
  };
  if (before) node.beforeStepId = before.id;
  if (branch) node.branchName = branch.name;
  p.nodes.push(node);
  return node;
}

/**
 * {@link placeInsertionPoint} for a point after the step `after` (most points), its place
 * given as arguments: lists call it once per step, and an object per call adds up.
 */
function placePointAfter(
  p: Placement,
  centerX: number,
  top: number,
  branchId: string | null,
  index: number,
  after: Step,
  before: Step | undefined,
): InsertionPointLayoutNode {
  const size = p.m.insertionPointSize;
  const x = centerX - size / 2;
  const point = { branchId, index };
  // One literal per shape: fields added later would make every such node allocate a
  // second, out-of-object property store.
  const id = insertionPointAfterId(after.id);
  const description = `after ${after.name}`;
  const node: InsertionPointLayoutNode = before
    ? {
        kind: 'insertionPoint',
        id,
        x,
        y: top,
        width: size,
        height: size,
        point,
        description,
        afterStepId: after.id,
        afterStepName: after.name,
        beforeStepId: before.id,
      }
    : {
        kind: 'insertionPoint',
        id,
        x,
        y: top,
        width: size,
        height: size,
        point,
        description,
        afterStepId: after.id,
        afterStepName: after.name,
      };
  p.nodes.push(node);
  return node;
}

/** A list's place: on the vertical axis `centerX` from `top`, after `previous` (where its first connector comes from). */
export interface ListPlace {
  steps: readonly Step[];
  /** The branch holding the list (`undefined` for the root list). */
  branch: Branch | undefined;
  centerX: number;
  top: number;
  previous: LayoutNode;
  /** How many branch steps enclose the list's steps. */
  depth: number;
}

/** Places a list; returns its last insertion point. */
export function placeList(p: Placement, place: ListPlace): InsertionPointLayoutNode {
  const { m } = p;
  const { steps, branch, centerX, depth } = place;
  const branchId = branch ? branch.id : null;
  let last = placeInsertionPoint(p, {
    centerX,
    top: place.top,
    branchId,
    index: 0,
    after: undefined,
    before: steps[0],
    branch,
  });
  p.edges.push(connectorBetween(place.previous, last));
  let y = place.top + m.insertionPointSize;
  for (let index = 0; index < steps.length; index++) {
    const step = steps[index]!;
    y += m.gap;
    const size = measureStep(step, m);
    const stepNode = placeStepAt(p, step, size, branchId, index, centerX, y, depth);
    p.edges.push(connectorBetween(last, stepNode));
    y += size.height + m.gap;
    const exit = isContainerStep(step) ? p.nodes[p.nodes.length - 1]! : stepNode;
    last = placePointAfter(p, centerX, y, branchId, index + 1, step, steps[index + 1]);
    p.edges.push(connectorBetween(exit, last));
    y += m.insertionPointSize;
  }
  return last;
}

/** A step's place: its block centred on `centerX` from `top`, at `index` of list `branchId`. */
export interface StepPlace {
  step: Step;
  /** The step's measured block (`measureStep`). */
  size: Size | BranchColumnsSize;
  branchId: string | null;
  index: number;
  centerX: number;
  top: number;
  /** How many branch steps enclose it. */
  depth: number;
}

/** Places a step's block; for a branch step the last node pushed is its join dot. */
export function placeStep(p: Placement, place: StepPlace): StepLayoutNode {
  return placeStepAt(p, place.step, place.size, place.branchId, place.index, place.centerX, place.top, place.depth);
}

/** {@link placeStep} with its place as arguments, for the lists' loops. */
function placeStepAt(
  p: Placement,
  step: Step,
  size: Size | BranchColumnsSize,
  branchId: string | null,
  index: number,
  centerX: number,
  top: number,
  depth: number,
): StepLayoutNode {
  const { m } = p;
  const card: StepLayoutNode = {
    kind: 'step',
    id: stepNodeId(step.id),
    x: centerX - m.stepWidth / 2,
    y: top,
    width: m.stepWidth,
    height: m.stepHeight,
    step,
    branchId,
    index,
    depth,
  };
  p.nodes.push(card);
  // Apart, so that placing an action step stays small enough to be inlined.
  if (isBranchStep(step) && 'columnWidths' in size) placeColumns(p, { card, step, size, centerX });
  return card;
}

/** A branch step's columns: below its placed card, as wide as measured. */
interface ColumnsPlace {
  card: StepLayoutNode;
  step: BranchStep;
  size: BranchColumnsSize;
  /** The axis the step is centred on. */
  centerX: number;
}

/** Places a branch step's columns, each headed by its branch, and the join dot below them (pushed last). */
function placeColumns(p: Placement, place: ColumnsPlace): void {
  const { m } = p;
  const { card, step, size, centerX } = place;
  const { id, depth, y: top } = card;
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
    p.nodes.push(header);
    p.edges.push(
      connector(id, header.id, [
        { x: centerX, y: stepBottom },
        { x: centerX, y: splitY },
        { x: columnCenterX, y: splitY },
        { x: columnCenterX, y: headerTop },
      ]),
    );
    const exit = placeList(p, {
      steps: branch.steps,
      branch,
      centerX: columnCenterX,
      top: headerTop + m.branchHeaderHeight + m.gap,
      previous: header,
      depth: depth + 1,
    });
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
    p.edges.push(connector(exit.id, join.id, points));
  }
  // The join is pushed last so placeList can find a branch block's exit at the end.
  p.nodes.push(join);
}

/** Root entry `index` of `steps`: its block from `top`, and the insertion point after it. */
export interface RootEntryPlace {
  steps: readonly Step[];
  index: number;
  top: number;
  size: Size | BranchColumnsSize;
  /** Id of the insertion point before the entry (the previous entry's last node). */
  beforeId: string;
}

/**
 * Places one entry of the root list (on the line x = 0): the connector into the step,
 * the step's block, the insertion point after it and the connector to that point.
 */
export function placeRootEntry(p: Placement, place: RootEntryPlace): void {
  const { m } = p;
  const { steps, index, top, size } = place;
  const step = steps[index]!;
  // The connector into the step comes before the step's own; an action step has none, so
  // its connector can take the card's id instead of spelling it a second time.
  const container = isContainerStep(step);
  if (container) p.edges.push(verticalConnector(place.beforeId, stepNodeId(step.id), 0, top - m.gap, top));
  const stepNode = placeStepAt(p, step, size, null, index, 0, top, 0);
  if (!container) p.edges.push(verticalConnector(place.beforeId, stepNode.id, 0, top - m.gap, top));
  const exit = container ? p.nodes[p.nodes.length - 1]! : stepNode;
  const after = placePointAfter(p, 0, top + size.height + m.gap, null, index + 1, step, steps[index + 1]);
  p.edges.push(connectorBetween(exit, after));
}
