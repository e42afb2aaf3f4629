// ---------------------------------------------------------------------------
// Viewport arithmetic on our own layout, so fit view and "pan this into view" work for
// items React Flow has not been given (it only holds what is near the viewport).
// ---------------------------------------------------------------------------

import type { LayoutRect } from '../../definition';

/** A React Flow viewport: screen = flow * zoom + (x, y). */
export interface CanvasViewport {
  x: number;
  y: number;
  zoom: number;
}

/** Space kept between the pane's edge and what is fitted or revealed. */
const PADDING = 48;
/**
 * The smallest text a canvas card draws, in canvas pixels: the kicker above a step's
 * name, the problems badge, branch headers and the end marker (`--wfe-font-size-sm`).
 */
export const SMALLEST_CARD_TEXT_PX = 12;
/** Card text smaller than this on screen is hard to read; the canvas never fits below it. */
export const MIN_READABLE_TEXT_PX = 11;
/**
 * The zoom at which the smallest card text is still {@link MIN_READABLE_TEXT_PX} on screen.
 * Fit view never zooms out further: a workflow that does not fit starts at its top and
 * scrolls instead, because a whole workflow in unreadable text shows nothing a person can
 * use. Zoomed out past it by hand, the canvas hides its "+" (their targets would be too
 * small to hit).
 */
export const READABLE_MIN_ZOOM = MIN_READABLE_TEXT_PX / SMALLEST_CARD_TEXT_PX;
const FIT_MAX_ZOOM = 1;

/**
 * The viewport that shows `bounds` whole and centred, zoomed between
 * {@link READABLE_MIN_ZOOM} and 1. When even at that floor the workflow is taller than the
 * pane, it is centred horizontally and its top (the trigger) is shown.
 */
export function fitViewportToBounds(bounds: LayoutRect, width: number, height: number): CanvasViewport {
  const available = { width: Math.max(1, width - 2 * PADDING), height: Math.max(1, height - 2 * PADDING) };
  const zoom = Math.min(
    FIT_MAX_ZOOM,
    Math.max(READABLE_MIN_ZOOM, Math.min(available.width / bounds.width, available.height / bounds.height)),
  );
  const x = width / 2 - (bounds.x + bounds.width / 2) * zoom;
  const fitsVertically = bounds.height * zoom <= available.height;
  const y = fitsVertically ? height / 2 - (bounds.y + bounds.height / 2) * zoom : PADDING - bounds.y * zoom;
  return { x, y, zoom };
}

/**
 * The smallest pan that brings `rect` inside the pane (with padding), at the current
 * zoom; null when it is already in view.
 */
export function revealViewport(
  rect: LayoutRect,
  viewport: CanvasViewport,
  width: number,
  height: number,
): CanvasViewport | null {
  if (!width || !height) return null;
  const { zoom } = viewport;
  const left = rect.x * zoom + viewport.x;
  const top = rect.y * zoom + viewport.y;
  const right = left + rect.width * zoom;
  const bottom = top + rect.height * zoom;
  let dx = 0;
  let dy = 0;
  if (right - left > width - 2 * PADDING) dx = width / 2 - (left + right) / 2;
  else if (left < PADDING) dx = PADDING - left;
  else if (right > width - PADDING) dx = width - PADDING - right;
  if (bottom - top > height - 2 * PADDING) dy = height / 2 - (top + bottom) / 2;
  else if (top < PADDING) dy = PADDING - top;
  else if (bottom > height - PADDING) dy = height - PADDING - bottom;
  if (dx === 0 && dy === 0) return null;
  return { x: viewport.x + dx, y: viewport.y + dy, zoom };
}
