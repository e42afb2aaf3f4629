// ---------------------------------------------------------------------------
// Questions a renderer asks a layout: the node with an id, what is in a rectangle, a
// coarse outline. A layout made by `layout` answers them itself without writing every
// node; any other object of the `WorkflowLayout` shape (plain data) is answered from
// its `nodes`, `edges` and `nodeById`.
// ---------------------------------------------------------------------------

import type { LayoutEdge, LayoutNode, LayoutPoint, LayoutRect, WorkflowLayout } from './types';

/** Some of a layout's nodes and connectors, in layout order. */
export interface LayoutItems {
  readonly nodes: readonly LayoutNode[];
  readonly edges: readonly LayoutEdge[];
}

/** What the query functions ask a layout. */
export interface LayoutQueries {
  /** The node with layout id `id`. */
  find(id: string): LayoutNode | undefined;
  /** Groups of items, in layout order, holding at least every item that reaches into the band from `top` to `bottom`. */
  itemsNear(top: number, bottom: number): readonly LayoutItems[];
  /** See {@link layoutBlockRects}. */
  blockRects(): LayoutRect[];
}

const queriesByLayout = new WeakMap<WorkflowLayout, LayoutQueries>();

/** Makes `queries` what the query functions ask of `workflowLayout`. */
export function answerQueriesOf(workflowLayout: WorkflowLayout, queries: LayoutQueries): void {
  queriesByLayout.set(workflowLayout, queries);
}

function queriesOf(workflowLayout: WorkflowLayout): LayoutQueries {
  let queries = queriesByLayout.get(workflowLayout);
  if (!queries) {
    queries = {
      find: (id) => workflowLayout.nodeById.get(id),
      itemsNear: () => [workflowLayout],
      blockRects: () => workflowLayout.nodes.filter((node) => node.kind === 'step' || node.kind === 'trigger'),
    };
    queriesByLayout.set(workflowLayout, queries);
  }
  return queries;
}

/** The node with layout id `id`, without writing the whole layout. */
export function findLayoutNode(workflowLayout: WorkflowLayout, id: string): LayoutNode | undefined {
  return queriesOf(workflowLayout).find(id);
}

/**
 * Rectangles of the trigger, each root step's whole block (a branch step with all its
 * columns) and the end marker: a coarse outline for a minimap, cheap for any size.
 */
export function layoutBlockRects(workflowLayout: WorkflowLayout): LayoutRect[] {
  return queriesOf(workflowLayout).blockRects();
}

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
  const queries = queriesOf(workflowLayout);
  const nodes: LayoutNode[] = [];
  const edges: LayoutEdge[] = [];
  const included = new Set<string>();
  const endpoints: string[] = [];
  for (const candidate of queries.itemsNear(rect.y, rect.y + rect.height)) {
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
    const node = queries.find(id);
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
