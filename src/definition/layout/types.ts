// ---------------------------------------------------------------------------
// What a layout is made of: rectangles, nodes, connectors and the layout itself. Plain
// data: a renderer reads these and never needs to know how they were computed.
// ---------------------------------------------------------------------------

import type { Branch, InsertionPoint, Step } from '../types';

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
