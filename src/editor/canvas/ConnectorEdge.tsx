// ---------------------------------------------------------------------------
// Connectors are drawn from the layout's own polyline, not from React Flow's handle
// positions: the layout already knows where a split or join bends. The canvas draws
// them all in one SVG (ConnectorLayer) with `roundedPolylinePath`; the edge type stays
// for hosts that hand the layout's edges to a React Flow of their own.
// ---------------------------------------------------------------------------

import type { Edge, EdgeProps } from '@xyflow/react';
import { memo } from 'react';
import type { LayoutPoint } from '../../definition';

/** What a connector edge carries. */
export interface ConnectorEdgeData extends Record<string, unknown> {
  points: readonly LayoutPoint[];
}

/** A React Flow edge of the canvas. */
export type ConnectorEdge = Edge<ConnectorEdgeData, 'connector'>;

const CORNER_RADIUS = 10;

/** SVG path through axis-parallel `points`, with rounded corners. */
export function roundedPolylinePath(points: readonly LayoutPoint[], radius = CORNER_RADIUS): string {
  if (points.length === 0) return '';
  const first = points[0]!;
  let path = `M${first.x} ${first.y}`;
  for (let i = 1; i < points.length - 1; i++) {
    const previous = points[i - 1]!;
    const corner = points[i]!;
    const next = points[i + 1]!;
    const r = Math.min(
      radius,
      Math.hypot(corner.x - previous.x, corner.y - previous.y) / 2,
      Math.hypot(next.x - corner.x, next.y - corner.y) / 2,
    );
    const inX = corner.x - Math.sign(corner.x - previous.x) * r;
    const inY = corner.y - Math.sign(corner.y - previous.y) * r;
    const outX = corner.x + Math.sign(next.x - corner.x) * r;
    const outY = corner.y + Math.sign(next.y - corner.y) * r;
    path += ` L${inX} ${inY} Q${corner.x} ${corner.y} ${outX} ${outY}`;
  }
  const last = points[points.length - 1]!;
  return `${path} L${last.x} ${last.y}`;
}

function ConnectorEdgeComponent({ data }: EdgeProps<ConnectorEdge>) {
  if (!data) return null;
  return <path className="wfe-connector" d={roundedPolylinePath(data.points)} fill="none" />;
}

/** React Flow `edgeTypes` drawing layout edges as connectors (the canvas itself uses `ConnectorLayer`). */
export const canvasEdgeTypes = { connector: /* @__PURE__ */ memo(ConnectorEdgeComponent) };
