// ---------------------------------------------------------------------------
// The part of the canvas's pane that the configuration panel leaves uncovered. In a
// narrow editor the panel is a drawer over the canvas: fitting and revealing aim at what
// is still visible beside (or above) it.
// ---------------------------------------------------------------------------

/**
 * The width and height, from the pane's top left corner, that the editor's configuration
 * panel leaves uncovered when it overlays the canvas as a drawer (a narrow editor, see
 * panel.css): along the right edge it takes width, as a sheet along the bottom height.
 * Beside the canvas (a wide editor), or outside a `WorkflowEditor`, it covers nothing.
 * Measured rather than known, so the drawer's sizes live in the stylesheet alone.
 */
export function uncoveredPaneSize(
  pane: HTMLElement | null,
  width: number,
  height: number,
): { width: number; height: number } {
  const panel = pane?.closest('.wfe-editor-layout')?.querySelector<HTMLElement>(':scope > .wfe-body > .wfe-panel');
  if (!pane || !panel) return { width, height };
  const paneRect = pane.getBoundingClientRect();
  const panelRect = panel.getBoundingClientRect();
  const overlaps =
    panelRect.left < paneRect.right &&
    panelRect.right > paneRect.left &&
    panelRect.top < paneRect.bottom &&
    panelRect.bottom > paneRect.top;
  if (!overlaps) return { width, height };
  if (panelRect.left > paneRect.left) return { width: Math.min(width, panelRect.left - paneRect.left), height };
  if (panelRect.top > paneRect.top) return { width, height: Math.min(height, panelRect.top - paneRect.top) };
  return { width, height };
}
