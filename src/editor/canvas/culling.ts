// ---------------------------------------------------------------------------
// Which part of the layout the canvas hands React Flow: the viewport plus half a viewport
// on every side, snapped to a coarse grid. The rectangle is a string so React Flow's store
// notifies the canvas only when it changes, not on every pixel of a pan.
// ---------------------------------------------------------------------------

import type { ReactFlowState } from '@xyflow/react';
import type { LayoutRect } from '../../definition';

/** Viewport rectangles are snapped to this grid so small pans re-render nothing. */
export const CULL_GRID = 320;

/**
 * The part of the canvas to render, as a string so React Flow's store notifies us only
 * when it changes: the viewport plus half a viewport on every side, snapped outward.
 * Empty while the pane has no size.
 */
export function selectCullKey(state: Pick<ReactFlowState, 'width' | 'height' | 'transform'>): string {
  const { width, height } = state;
  const [tx, ty, zoom] = state.transform;
  if (!width || !height) return '';
  const w = width / zoom;
  const h = height / zoom;
  const x0 = Math.floor((-tx / zoom - w / 2) / CULL_GRID) * CULL_GRID;
  const y0 = Math.floor((-ty / zoom - h / 2) / CULL_GRID) * CULL_GRID;
  const x1 = Math.ceil((-tx / zoom + w * 1.5) / CULL_GRID) * CULL_GRID;
  const y1 = Math.ceil((-ty / zoom + h * 1.5) / CULL_GRID) * CULL_GRID;
  return `${x0},${y0},${x1},${y1}`;
}

/** The rectangle a {@link selectCullKey} key stands for; null for the empty key. */
export function cullRect(key: string): LayoutRect | null {
  if (!key) return null;
  const [x0, y0, x1, y1] = key.split(',').map(Number) as [number, number, number, number];
  return { x: x0, y: y0, width: x1 - x0, height: y1 - y0 };
}
