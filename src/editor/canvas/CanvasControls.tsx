// ---------------------------------------------------------------------------
// Zoom / fit controls and the minimap. Both work from our layout: React Flow's own
// `<Controls>` fit view and `<MiniMap>` only know the nodes near the viewport.
// ---------------------------------------------------------------------------

import { Panel, useReactFlow, useStore, type ReactFlowState } from '@xyflow/react';
import { memo, useEffect, useMemo, useState, type PointerEvent as ReactPointerEvent, type ReactElement } from 'react';
import { layoutBlockRects, type WorkflowLayout } from '../../definition';
import { afterNextPaint } from '../after-paint';
import { hasAtLeastSteps } from '../store/step-count';
import { useLabels, useWorkflowEditorStore } from '../WorkflowEditorProvider';

/** Props of {@link CanvasControls}. */
export interface CanvasControlsProps {
  /** Fits the whole workflow (from the layout). */
  onFitView: () => void;
}

/** "Zoom in", "Zoom out" and "Fit view" buttons. */
export function CanvasControls({ onFitView }: CanvasControlsProps): ReactElement {
  const labels = useLabels();
  const { zoomIn, zoomOut } = useReactFlow();
  return (
    <Panel position="top-left" className="wfe-controls">
      <button
        type="button"
        className="wfe-control"
        aria-label={labels.zoomIn}
        title={labels.zoomIn}
        onClick={() => void zoomIn()}
      >
        <svg viewBox="0 0 16 16" aria-hidden="true" focusable="false">
          <path d="M8 3v10M3 8h10" />
        </svg>
      </button>
      <button
        type="button"
        className="wfe-control"
        aria-label={labels.zoomOut}
        title={labels.zoomOut}
        onClick={() => void zoomOut()}
      >
        <svg viewBox="0 0 16 16" aria-hidden="true" focusable="false">
          <path d="M3 8h10" />
        </svg>
      </button>
      <button
        type="button"
        className="wfe-control"
        aria-label={labels.fitView}
        title={labels.fitView}
        onClick={onFitView}
      >
        <svg viewBox="0 0 16 16" aria-hidden="true" focusable="false">
          <path d="M2.5 6V2.5H6M10 2.5h3.5V6M13.5 10v3.5H10M6 13.5H2.5V10" />
        </svg>
      </button>
    </Panel>
  );
}

const MINIMAP_WIDTH = 180;
const MINIMAP_HEIGHT = 140;

const selectViewportBox = (state: ReactFlowState) => {
  const [tx, ty, zoom] = state.transform;
  return `${-tx / zoom},${-ty / zoom},${state.width / zoom},${state.height / zoom}`;
};

/** Workflows up to this many steps show every card in the minimap; longer ones one outline per root step. */
const MINIMAP_CARDS_MAX_STEPS = 300;

/** One SVG path for all cards: cheap even for thousands of steps. */
function cardsPath(workflowLayout: WorkflowLayout, everyCard: boolean): string {
  const parts: string[] = [];
  // Small workflows show every card; long ones one outline per root step (a branch step
  // with all its columns), which needs no node objects written.
  const rects = everyCard
    ? workflowLayout.nodes.filter(
        (node) => node.kind === 'step' || node.kind === 'trigger' || node.kind === 'branchHeader',
      )
    : layoutBlockRects(workflowLayout);
  for (const rect of rects) {
    parts.push(`M${rect.x} ${rect.y}h${rect.width}v${rect.height}h${-rect.width}z`);
  }
  return parts.join('');
}

/** Props of {@link CanvasMinimap}. */
export interface CanvasMinimapProps {
  workflowLayout: WorkflowLayout;
}

/** The whole workflow in miniature with the viewport outlined; click or drag to pan there. */
export const CanvasMinimap = /* @__PURE__ */ memo(function CanvasMinimap({
  workflowLayout,
}: CanvasMinimapProps): ReactElement {
  const labels = useLabels();
  const { setViewport, getViewport } = useReactFlow();
  const viewportBox = useStore(selectViewportBox);
  const paneSize = useStore((state: ReactFlowState) => `${state.width},${state.height}`);
  // The outline follows the canvas once its frame is painted: for a small workflow it
  // writes out every card of the layout, which the canvas itself never needs, and that
  // must not hold up the frame showing an edit, nor the editor's first frame (where the
  // minimap starts empty). Until then the minimap shows the layout it outlined last.
  // Whether it shows every card is counted then too, on the definition of that moment:
  // once an edit, not on every change of the store.
  const store = useWorkflowEditorStore();
  const [outlined, setOutlined] = useState<{ layout: WorkflowLayout; everyCard: boolean } | null>(null);
  useEffect(
    () =>
      afterNextPaint(() =>
        setOutlined({
          layout: workflowLayout,
          everyCard: !hasAtLeastSteps(store.getState().definition, MINIMAP_CARDS_MAX_STEPS + 1),
        }),
      ),
    [workflowLayout, store],
  );
  const path = useMemo(() => (outlined === null ? '' : cardsPath(outlined.layout, outlined.everyCard)), [outlined]);
  const { bounds } = outlined?.layout ?? workflowLayout;
  const [vx, vy, vw, vh] = viewportBox.split(',').map(Number) as [number, number, number, number];
  // The workflow fills the minimap; the viewport outline is clipped to it. A viewBox
  // with the minimap's aspect ratio keeps clicks mapping to the right place.
  const pad = 40;
  const aspect = MINIMAP_WIDTH / MINIMAP_HEIGHT;
  let boxWidth = bounds.width + 2 * pad;
  let boxHeight = bounds.height + 2 * pad;
  // A very tall workflow would be a hairline at its true proportions: stretch it across
  // the minimap instead (an overview like a scrollbar), keeping the viewport visible.
  const stretched = boxHeight / boxWidth > 8;
  if (!stretched) {
    if (boxWidth / boxHeight < aspect) boxWidth = boxHeight * aspect;
    else boxHeight = boxWidth / aspect;
  }
  const minViewportHeight = stretched ? boxHeight * 0.03 : 0;
  const centerX = bounds.x + bounds.width / 2;
  const centerY = bounds.y + bounds.height / 2;
  const viewBox = `${centerX - boxWidth / 2} ${centerY - boxHeight / 2} ${boxWidth} ${boxHeight}`;

  const panTo = (event: ReactPointerEvent<SVGSVGElement>) => {
    const svg = event.currentTarget;
    const matrix = svg.getScreenCTM();
    if (!matrix) return;
    const point = new DOMPoint(event.clientX, event.clientY).matrixTransform(matrix.inverse());
    const [width, height] = paneSize.split(',').map(Number) as [number, number];
    const { zoom } = getViewport();
    void setViewport({ x: width / 2 - point.x * zoom, y: height / 2 - point.y * zoom, zoom });
  };

  return (
    // Top right, clear of the opening view's cards (as the zoom controls, top left).
    <Panel position="top-right" className="wfe-minimap">
      <svg
        role="img"
        aria-label={labels.minimap}
        width={MINIMAP_WIDTH}
        height={MINIMAP_HEIGHT}
        viewBox={viewBox}
        preserveAspectRatio={stretched ? 'none' : 'xMidYMid meet'}
        onPointerDown={(event) => {
          event.currentTarget.setPointerCapture(event.pointerId);
          panTo(event);
        }}
        onPointerMove={(event) => {
          if (event.currentTarget.hasPointerCapture(event.pointerId)) panTo(event);
        }}
      >
        <path className="wfe-minimap-cards" d={path} />
        <rect
          className="wfe-minimap-viewport"
          x={vx}
          y={vy + vh / 2 - Math.max(vh, minViewportHeight) / 2}
          width={vw}
          height={Math.max(vh, minViewportHeight)}
        />
      </svg>
    </Panel>
  );
});
