// ---------------------------------------------------------------------------
// The part of the canvas's pane that the configuration panel leaves uncovered. In a
// narrow editor the panel is a drawer over the canvas: fitting and revealing aim at what
// is still visible beside (or above) it.
// ---------------------------------------------------------------------------

/** A width and height from the pane's top left corner. */
interface PaneSize {
  width: number;
  height: number;
}

/** What the panel leaves uncovered from the pane's top left corner: Infinity where it covers nothing. */
const NOT_COVERED: PaneSize = { width: Infinity, height: Infinity };

/** The editor's layout holding `pane`, and its configuration panel when one is open with the body holding it. */
function panelOver(
  pane: HTMLElement | null,
): { layout: HTMLElement; body: HTMLElement; panel: HTMLElement } | undefined {
  const layout = pane?.closest<HTMLElement>('.wfe-editor-layout');
  const panel = layout?.querySelector<HTMLElement>(':scope > .wfe-body > .wfe-panel');
  // The selector puts the panel directly in the body.
  return layout && panel ? { layout, body: panel.parentElement!, panel } : undefined;
}

/**
 * Measures what the panel leaves uncovered (a forced layout when the page changed since
 * the last frame), in the pane's own pixels: an editor inside a scaled container is
 * measured on screen at that scale.
 */
function measureCover(pane: HTMLElement, panel: HTMLElement): PaneSize {
  const paneRect = pane.getBoundingClientRect();
  const panelRect = panel.getBoundingClientRect();
  const overlaps =
    panelRect.left < paneRect.right &&
    panelRect.right > paneRect.left &&
    panelRect.top < paneRect.bottom &&
    panelRect.bottom > paneRect.top;
  if (!overlaps) return NOT_COVERED;
  const scaleX = pane.offsetWidth > 0 ? paneRect.width / pane.offsetWidth : 1;
  const scaleY = pane.offsetHeight > 0 ? paneRect.height / pane.offsetHeight : 1;
  // A drawer along the right edge takes width; a sheet along the bottom, height.
  if (panelRect.left > paneRect.left) return { width: (panelRect.left - paneRect.left) / scaleX, height: Infinity };
  if (panelRect.top > paneRect.top) return { width: Infinity, height: (panelRect.top - paneRect.top) / scaleY };
  return NOT_COVERED;
}

function within(cover: PaneSize, width: number, height: number): PaneSize {
  return { width: Math.min(width, cover.width), height: Math.min(height, cover.height) };
}

/**
 * The width and height, from the pane's top left corner, that the editor's configuration
 * panel leaves uncovered when it overlays the canvas as a drawer (a narrow editor, see
 * panel.css): along the right edge it takes width, as a sheet along the bottom height.
 * Beside the canvas (a wide editor), or outside a `WorkflowEditor`, it covers nothing.
 * Measured rather than known, so the drawer's sizes live in the stylesheet alone.
 */
export function uncoveredPaneSize(pane: HTMLElement | null, width: number, height: number): PaneSize {
  const found = panelOver(pane);
  return found ? within(measureCover(pane!, found.panel), width, height) : { width, height };
}

/** {@link uncoveredPaneSize} that remembers the panel's cover; see {@link createPaneCoverMemo}. */
export interface PaneCoverMemo {
  /**
   * What the panel leaves uncovered. Where a remembered cover is used and the frame then
   * shows it stale (the panel came back at another size), `recheck` is called before that
   * frame is painted, and the next call measures.
   */
  uncoveredSize(pane: HTMLElement | null, width: number, height: number, recheck?: () => void): PaneSize;
  /** Stops observing sizes: the canvas unmounted. */
  disconnect(): void;
}

/**
 * {@link uncoveredPaneSize}, remembering the panel's cover from one call to the next.
 *
 * Measuring makes the browser lay out the page in the middle of a commit: revealing a
 * step just inserted (its panel opening) laid the page out twice before its frame, about
 * 3 ms at 1,000 steps. The cover depends only on the sizes of the editor's body (holding
 * the canvas and the panel) and of the panel (the stylesheet sizes the panel from the
 * editor's, never from its content), not on which panel element it is: the panel is a
 * new element each time it opens. So the cover is kept while a ResizeObserver sees
 * neither size change, and measured again after either does.
 *
 * Each time a remembered cover is used, the panel is observed afresh, which makes the
 * observer report its size after the frame's layout: a panel that came back at another
 * size (a host restyled it while it was closed) is found before that frame is painted,
 * and the caller's `recheck` runs with the cover measured. Without ResizeObserver it
 * measures every time.
 */
export function createPaneCoverMemo(): PaneCoverMemo {
  let remembered: { layout: HTMLElement; cover: PaneSize } | undefined;
  let recheck: (() => void) | undefined;
  let observer: ResizeObserver | undefined;
  const observed = new Set<Element>();
  // The size last reported of the body, and of whichever panel element was open.
  const lastSizes = new Map<'body' | 'panel', string>();

  const resized = (entries: readonly ResizeObserverEntry[]): void => {
    let changed = false;
    for (const { target, contentRect } of entries) {
      // A closed panel leaves the page: the next one is observed when it opens.
      if (!target.isConnected) {
        observer?.unobserve(target);
        observed.delete(target);
        continue;
      }
      const which = target.classList.contains('wfe-panel') ? 'panel' : 'body';
      const size = `${contentRect.width}x${contentRect.height}`;
      const last = lastSizes.get(which);
      lastSizes.set(which, size);
      if (last !== undefined && last !== size) changed = true;
    }
    const stale = changed ? recheck : undefined;
    recheck = undefined;
    if (changed) remembered = undefined;
    stale?.();
  };

  /** Observes `element`'s size from now on (`again`: and reports it after this frame's layout); false where the browser cannot. */
  const watch = (element: HTMLElement, again = false): boolean => {
    if (typeof ResizeObserver === 'undefined') return false;
    if (observed.has(element) && !again) return true;
    observer ??= new ResizeObserver(resized);
    // A new observation reports the element's size once more; observing it again is not enough in Chromium.
    if (again) observer.unobserve(element);
    observer.observe(element);
    observed.add(element);
    return true;
  };

  return {
    uncoveredSize(pane, width, height, onStale) {
      const found = panelOver(pane);
      if (!found) return { width, height };
      const { layout, body, panel } = found;
      const reused = remembered?.layout === layout;
      const cover = reused ? remembered!.cover : measureCover(pane!, panel);
      recheck = reused ? onStale : undefined;
      // Kept only while something will say when it changes.
      const watched = watch(body) && watch(panel, reused);
      remembered = watched ? { layout, cover } : undefined;
      return within(cover, width, height);
    },
    disconnect() {
      observer?.disconnect();
      observer = undefined;
      observed.clear();
      remembered = undefined;
      recheck = undefined;
    },
  };
}
