// ---------------------------------------------------------------------------
// Layout items → React Flow nodes, and layout edges → connector paths. Objects are
// reused from the previous render whenever nothing React Flow cares about changed,
// because React Flow rebuilds its internal node only for a node object it has not seen,
// and our node components are memoised on `data`: an unchanged step costs nothing after
// an edit elsewhere.
//
// Every node gets `width`, `height` and `measured` up front: the layout knows them, so
// React Flow never renders a node hidden to measure it first. Nodes have no handles:
// React Flow is given no edges (connectors are drawn by ConnectorLayer), and each node
// says so (`handles: []`), or React Flow's first size observation of a node would read
// its boxes to find handles and re-render every drawn node for nothing.
// ---------------------------------------------------------------------------

import type { LayoutEdge, LayoutNode } from '../../definition';
import { roundedPolylinePath } from './ConnectorEdge';
import type { CanvasNode, CanvasNodeData } from './nodes';

/** Whether two layout items would draw the same content (position aside). */
export function sameContent(a: LayoutNode, b: LayoutNode): boolean {
  if (a === b) return true;
  if (a.kind !== b.kind || a.id !== b.id || a.width !== b.width || a.height !== b.height) return false;
  switch (a.kind) {
    case 'step':
      return b.kind === 'step' && a.step === b.step && a.index === b.index && a.branchId === b.branchId;
    case 'branchHeader':
      return b.kind === 'branchHeader' && a.branch === b.branch;
    case 'insertionPoint':
      return (
        b.kind === 'insertionPoint' &&
        a.point.branchId === b.point.branchId &&
        a.point.index === b.point.index &&
        a.afterStepName === b.afterStepName &&
        a.branchName === b.branchName
      );
    default:
      return true;
  }
}

/** Per-canvas caches of the objects handed to React Flow last time. */
export interface FlowElementCache {
  nodes: Map<string, CanvasNode>;
  connectors: Map<string, { signature: string; path: ConnectorPath }>;
}

/** Creates empty caches. */
export function createFlowElementCache(): FlowElementCache {
  return { nodes: new Map(), connectors: new Map() };
}

/** Options that change individual nodes without changing the layout. */
export interface FlowNodeOverrides {
  readOnly: boolean;
  /** A step being dragged, drawn where the pointer holds it. */
  drag: { id: string; x: number; y: number } | null;
  /** Node raised above its neighbours (its menu is open). */
  raisedId: string | null;
}

const NO_HANDLES: NonNullable<CanvasNode['handles']> = [];

/** React Flow nodes for `items`, reusing cached objects where possible. */
export function toFlowNodes(
  items: readonly LayoutNode[],
  cache: FlowElementCache,
  overrides: FlowNodeOverrides,
): CanvasNode[] {
  const next = new Map<string, CanvasNode>();
  const nodes: CanvasNode[] = [];
  for (const item of items) {
    const previous = cache.nodes.get(item.id);
    const dragged = overrides.drag?.id === item.id ? overrides.drag : null;
    const x = dragged ? dragged.x : item.x;
    const y = dragged ? dragged.y : item.y;
    const draggable = item.kind === 'step' && !overrides.readOnly;
    const zIndex = overrides.raisedId === item.id ? 1000 : dragged ? 999 : 0;
    let node: CanvasNode;
    if (
      previous &&
      previous.position.x === x &&
      previous.position.y === y &&
      previous.draggable === draggable &&
      previous.zIndex === zIndex &&
      sameContent(previous.data.item, item)
    ) {
      node = previous;
    } else {
      const data: CanvasNodeData = previous && sameContent(previous.data.item, item) ? previous.data : { item };
      node = {
        id: item.id,
        type: item.kind,
        position: { x, y },
        width: item.width,
        height: item.height,
        measured: { width: item.width, height: item.height },
        handles: NO_HANDLES,
        data,
        draggable,
        selectable: false,
        focusable: false,
        zIndex,
      };
    }
    next.set(item.id, node);
    nodes.push(node);
  }
  cache.nodes = next;
  return nodes;
}

/** One connector as the canvas draws it. */
export interface ConnectorPath {
  /** The layout edge's id. */
  id: string;
  /** SVG path data in flow coordinates. */
  d: string;
}

/** Path data for the connectors `items`, reusing cached entries when their geometry is unchanged. */
export function toConnectorPaths(items: readonly LayoutEdge[], cache: FlowElementCache): ConnectorPath[] {
  const next = new Map<string, { signature: string; path: ConnectorPath }>();
  const paths: ConnectorPath[] = [];
  for (const item of items) {
    let signature = '';
    for (const p of item.points) signature += `${p.x},${p.y};`;
    const previous = cache.connectors.get(item.id);
    const entry =
      previous && previous.signature === signature
        ? previous
        : { signature, path: { id: item.id, d: roundedPolylinePath(item.points) } };
    next.set(item.id, entry);
    paths.push(entry.path);
  }
  cache.connectors = next;
  return paths;
}
