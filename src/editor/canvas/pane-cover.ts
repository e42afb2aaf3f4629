// ---------------------------------------------------------------------------
// The part of the canvas's pane that the configuration panel leaves uncovered. In a
// narrow editor the panel is a drawer over the canvas: fitting and revealing aim at what
// is still visible beside (or above) it.
// ---------------------------------------------------------------------------

/** Where the panel lies over the pane, from the pane's top left corner. */
type Cover =
  | { readonly edge: 'none' }
  | { readonly edge: 'right'; readonly uncoveredWidth: number }
  | { readonly edge: 'bottom'; readonly uncoveredHeight: number };

const NOT_COVERED: Cover = { edge: 'none' };

/** The editor's layout holding `pane`, and its configuration panel when one is open. */
function panelOver(pane: HTMLElement | null): { layout: HTMLElement; panel: HTMLElement } | undefined {
  const layout = pane?.closest<HTMLElement>('.wfe-editor-layout');
  const panel = layout?.querySelector<HTMLElement>(':scope > .wfe-body > .wfe-panel');
  return layout && panel ? { layout, panel } : undefined;
}

/** Measures the cover: a forced layout when the page has changed since the last frame. */
function measureCover(pane: HTMLElement, panel: HTMLElement): Cover {
  const paneRect = pane.getBoundingClientRect();
  const panelRect = panel.getBoundingClientRect();
  const overlaps =
    panelRect.left < paneRect.right &&
    panelRect.right > paneRect.left &&
    panelRect.top < paneRect.bottom &&
    panelRect.bottom > paneRect.top;
  if (!overlaps) return NOT_COVERED;
  if (panelRect.left > paneRect.left) return { edge: 'right', uncoveredWidth: panelRect.left - paneRect.left };
  if (panelRect.top > paneRect.top) return { edge: 'bottom', uncoveredHeight: panelRect.top - paneRect.top };
  return NOT_COVERED;
}

function uncoveredBy(cover: Cover, width: number, height: number): { width: number; height: number } {
  if (cover.edge === 'right') return { width: Math.min(width, cover.uncoveredWidth), height };
  if (cover.edge === 'bottom') return { width, height: Math.min(height, cover.uncoveredHeight) };
  return { width, height };
}

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
  const found = panelOver(pane);
  return found ? uncoveredBy(measureCover(pane!, found.panel), width, height) : { width, height };
}

/**
 * {@link uncoveredPaneSize}, remembering the panel's cover from one call to the next.
 *
 * Measuring makes the browser lay out the page in the middle of a commit: revealing a
 * step just inserted (its panel opening) then laid out the page twice before its frame,
 * about 4 ms at 1,000 steps. The cover depends only on the editor's size and the panel's
 * (the stylesheet sizes the panel from the editor's width and height, never from its
 * content), not on which panel element it is: the panel is a new element each time it
 * opens. So the cover is kept while a ResizeObserver sees neither size change, and
 * measured again after either does. A change in the same task as a reveal (a host
 * restyling the panel as a step is inserted) is seen from the next reveal on.
 *
 * Where ResizeObserver is missing it measures every time.
 */
export class PaneCoverMemo {
  private remembered: { layout: HTMLElement; cover: Cover } | undefined;
  private observer: ResizeObserver | undefined;
  private readonly observed = new Set<Element>();
  /** The last size the observer reported of the layout, and of whichever panel element was open. */
  private readonly lastSizes: { layout?: string; panel?: string } = {};

  uncoveredSize(pane: HTMLElement | null, width: number, height: number): { width: number; height: number } {
    const found = panelOver(pane);
    if (!found) return { width, height };
    const { layout, panel } = found;
    const cover = this.remembered?.layout === layout ? this.remembered.cover : measureCover(pane!, panel);
    // Kept only while something will say when it changes.
    this.remembered = this.watch(layout) && this.watch(panel) ? { layout, cover } : undefined;
    return uncoveredBy(cover, width, height);
  }

  /** Stops observing: the canvas unmounted. */
  disconnect(): void {
    this.observer?.disconnect();
    this.observer = undefined;
    this.observed.clear();
    this.remembered = undefined;
  }

  /** Observes `element`'s size from now on; false where the browser cannot. */
  private watch(element: HTMLElement): boolean {
    if (this.observed.has(element)) return true;
    if (typeof ResizeObserver === 'undefined') return false;
    this.observer ??= new ResizeObserver((entries) => this.resized(entries));
    this.observer.observe(element);
    this.observed.add(element);
    return true;
  }

  private resized(entries: readonly ResizeObserverEntry[]): void {
    for (const entry of entries) {
      const element = entry.target;
      // A closed panel leaves the page: the next one is observed when it opens.
      if (!element.isConnected) {
        this.observer?.unobserve(element);
        this.observed.delete(element);
        continue;
      }
      const which = element.classList.contains('wfe-panel') ? 'panel' : 'layout';
      const box = entry.borderBoxSize[0];
      const size = box
        ? `${box.inlineSize}x${box.blockSize}`
        : `${entry.contentRect.width}x${entry.contentRect.height}`;
      const last = this.lastSizes[which];
      this.lastSizes[which] = size;
      if (last !== undefined && last !== size) this.remembered = undefined;
    }
  }
}
