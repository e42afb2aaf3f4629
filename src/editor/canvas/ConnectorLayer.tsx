// ---------------------------------------------------------------------------
// Every connector near the viewport, drawn by the canvas itself in one SVG inside
// React Flow's viewport, instead of as React Flow edges. Connectors follow the layout's
// own polylines and never React Flow's handle positions, so React Flow's edge machinery
// (an edge wrapper per connector, each re-reading both end nodes from its store whenever
// any node moves) bought nothing; without it an insert no longer re-renders every
// shifted connector twice over.
// ---------------------------------------------------------------------------

import { ViewportPortal, useStore, type ReactFlowState } from '@xyflow/react';
import { memo, type CSSProperties, type ReactElement } from 'react';
import type { ConnectorPath } from './flow-elements';
import { READABLE_MIN_ZOOM } from './viewport';

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

// A boolean, so the layer re-renders only when the zoom crosses the floor, not on every
// zoom step. The tolerance keeps a fit that lands exactly on the floor above it.
const isBelowReadableZoom = (state: ReactFlowState): boolean => state.transform[2] < READABLE_MIN_ZOOM - 1e-6;

const ConnectorPathElement = /* @__PURE__ */ memo(function ConnectorPathElement({ d }: { d: string }) {
  return <path className="wfe-connector" d={d} fill="none" />;
});

/**
 * Draws `paths` in flow coordinates, under the canvas nodes. Must be inside `<ReactFlow>`.
 * Zoomed out below {@link READABLE_MIN_ZOOM} it marks itself `data-below-readable-zoom`,
 * which hides the canvas's "+" (canvas.css): one subscription for the whole canvas instead
 * of one per "+", and `InsertionPointButton` stays usable outside a React Flow.
 */
export const ConnectorLayer = /* @__PURE__ */ memo(function ConnectorLayer({
  paths,
}: ConnectorLayerProps): ReactElement {
  const belowReadableZoom = useStore(isBelowReadableZoom);
  return (
    <ViewportPortal>
      <svg
        className="wfe-connectors"
        style={layerStyle}
        aria-hidden="true"
        focusable="false"
        data-below-readable-zoom={belowReadableZoom ? '' : undefined}
      >
        {paths.map((path) => (
          <ConnectorPathElement key={path.id} d={path.d} />
        ))}
      </svg>
    </ViewportPortal>
  );
});
