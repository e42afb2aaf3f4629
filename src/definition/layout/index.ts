// ---------------------------------------------------------------------------
// Positions for drawing a workflow, derived from the step tree and never stored in it:
// what a layout is made of (types), the ids of its parts (ids), sizes (measure),
// absolute positions (place), the layout `layout` returns, written on demand (lazy),
// and the questions a renderer asks it (query).
// ---------------------------------------------------------------------------

export type {
  BranchHeaderLayoutNode,
  EndLayoutNode,
  InsertionPointLayoutNode,
  JoinLayoutNode,
  LayoutEdge,
  LayoutMetrics,
  LayoutNode,
  LayoutNodeKind,
  LayoutOptions,
  LayoutPoint,
  LayoutRect,
  StepLayoutNode,
  TriggerLayoutNode,
  WorkflowLayout,
} from './types';
export {
  END_NODE_ID,
  TRIGGER_NODE_ID,
  branchHeaderNodeId,
  insertionPointNodeId,
  joinNodeId,
  parseLayoutId,
  stepNodeId,
  type ParsedLayoutId,
} from './ids';
export { DEFAULT_LAYOUT_METRICS } from './measure';
export { layout } from './lazy';
export { findLayoutNode, layoutBlockRects, layoutItemsIn, layoutNodeCenter, rectsOverlap } from './query';
