// ---------------------------------------------------------------------------
// Every connector near the viewport, drawn by the canvas itself in one SVG inside
// React Flow's viewport, instead of as React Flow edges. Connectors follow the layout's
// own polylines and never React Flow's handle positions, so React Flow's edge machinery
// (an edge wrapper per connector, each re-reading both end nodes from its store whenever
// any node moves) bought nothing; without it an insert no longer re-renders every
// shifted connector twice over.
// ---------------------------------------------------------------------------

import { memo, type CSSProperties, type ReactElement } from 'react';
import { ViewportPortal } from '@xyflow/react';
import type { ConnectorPath } from './flow-elements';

/** Props of {@link ConnectorLayer}. */
export interface ConnectorLayerProps {
  /** The connectors to draw, with their SVG path data. */
  paths: readonly ConnectorPath[];
}

// Below the nodes (React Flow gives each node its own z-index, 0 and up), like React
// Flow's edge layer; sized 0 and overflowing so it never catches the pointer.
const layerStyle: CSSProperties = {
  position: 'absolute',
  left: 0,
  top: 0,
  width: 1,
  height: 1,
  overflow: 'visible',
  pointerEvents: 'none',
  zIndex: -1,
};

const ConnectorPathElement = /* @__PURE__ */ memo(function ConnectorPathElement({ d }: { d: string }) {
  return <path className="wfe-connector" d={d} fill="none" />;
});

/** Draws `paths` in flow coordinates, under the canvas nodes. Must be inside `<ReactFlow>`. */
export const ConnectorLayer = /* @__PURE__ */ memo(function ConnectorLayer({ paths }: ConnectorLayerProps): ReactElement {
  return (
    <ViewportPortal>
      <svg className="wfe-connectors" style={layerStyle} aria-hidden="true" focusable="false">
        {paths.map((path) => (
          <ConnectorPathElement key={path.id} d={path.d} />
        ))}
      </svg>
    </ViewportPortal>
  );
});
