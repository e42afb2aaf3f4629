// @vitest-environment jsdom
// The canvas's memo of how the panel's drawer covers the pane: when it measures, and when
// a cover it handed out is checked again. jsdom lays nothing out, so the ResizeObserver
// here is the page's: it reports what the spec says a browser reports after a frame's
// layout (each observed element whose size differs from the one it last reported, a new
// observation counting as 0 × 0; observing an observed element again is no new one, as in
// Chromium), with the sizes the test gives.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createPaneCoverMemo } from '../../../src/editor/canvas/pane-cover';

type Size = { width: number; height: number };

class PageResizeObserver {
  static instances: PageResizeObserver[] = [];
  private readonly lastReported = new Map<Element, string>();

  constructor(private readonly callback: ResizeObserverCallback) {
    PageResizeObserver.instances.push(this);
  }

  observe(element: Element): void {
    if (!this.lastReported.has(element)) this.lastReported.set(element, '0x0');
  }

  unobserve(element: Element): void {
    this.lastReported.delete(element);
  }

  disconnect(): void {
    this.lastReported.clear();
  }

  /** What a frame's layout finds: `sizes` for the elements it names. */
  frame(sizes: Map<Element, Size>): void {
    const entries: ResizeObserverEntry[] = [];
    for (const [element, last] of this.lastReported) {
      const size = sizes.get(element) ?? { width: 0, height: 0 };
      const text = `${size.width}x${size.height}`;
      if (text === last) continue;
      this.lastReported.set(element, text);
      entries.push({ target: element, contentRect: { ...size } } as unknown as ResizeObserverEntry);
    }
    if (entries.length > 0) this.callback(entries, this);
  }
}

/** The editor's layout, as WorkflowEditor draws it: body holding the canvas and the panel. */
function editorPage(): { pane: HTMLElement; body: HTMLElement; panel: HTMLElement } {
  document.body.innerHTML =
    '<div class="wfe-editor-layout"><div class="wfe-body"><div class="pane"></div><div class="wfe-panel"></div></div></div>';
  return {
    pane: document.querySelector<HTMLElement>('.pane')!,
    body: document.querySelector<HTMLElement>('.wfe-body')!,
    panel: document.querySelector<HTMLElement>('.wfe-panel')!,
  };
}

/** Counts the cover's measurements: each reads the pane's rectangle once. */
function countMeasurements(pane: HTMLElement): () => number {
  const read = vi.spyOn(pane, 'getBoundingClientRect');
  return () => read.mock.calls.length;
}

const frame = (sizes: [Element, Size][]): void => {
  for (const observer of PageResizeObserver.instances) observer.frame(new Map(sizes));
};

beforeEach(() => {
  PageResizeObserver.instances = [];
  vi.stubGlobal('ResizeObserver', PageResizeObserver);
});

afterEach(() => {
  vi.unstubAllGlobals();
  document.body.innerHTML = '';
});

describe('createPaneCoverMemo', () => {
  it('measures once, then keeps the cover while the body and the panel keep their sizes', () => {
    const { pane, body, panel } = editorPage();
    const measurements = countMeasurements(pane);
    const memo = createPaneCoverMemo();
    memo.uncoveredSize(pane, 800, 600);
    frame([
      [body, { width: 1024, height: 650 }],
      [panel, { width: 440, height: 650 }],
    ]);
    memo.uncoveredSize(pane, 800, 600);
    memo.uncoveredSize(pane, 800, 600);
    expect(measurements()).toBe(1);
    // The editor grows: the next call measures.
    frame([
      [body, { width: 1100, height: 650 }],
      [panel, { width: 440, height: 650 }],
    ]);
    memo.uncoveredSize(pane, 800, 600);
    expect(measurements()).toBe(2);
  });

  it('checks a remembered cover in the frame that uses it, and rechecks once when the panel came back another size', () => {
    const { pane, body, panel } = editorPage();
    const memo = createPaneCoverMemo();
    memo.uncoveredSize(pane, 800, 600);
    const sizes: [Element, Size][] = [
      [body, { width: 1024, height: 650 }],
      [panel, { width: 440, height: 650 }],
    ];
    frame(sizes);

    // The same panel, the same sizes: nothing to recheck.
    const unchanged = vi.fn();
    memo.uncoveredSize(pane, 800, 600, unchanged);
    frame(sizes);
    expect(unchanged).not.toHaveBeenCalled();

    // A panel widened while it was closed: the frame that shows it finds the cover stale.
    const measurements = countMeasurements(pane);
    panel.remove();
    const reopened = document.createElement('div');
    reopened.className = 'wfe-panel';
    body.append(reopened);
    const stale = vi.fn(() => memo.uncoveredSize(pane, 800, 600));
    memo.uncoveredSize(pane, 800, 600, stale);
    expect(measurements()).toBe(0);
    frame([
      [body, { width: 1024, height: 650 }],
      [reopened, { width: 680, height: 650 }],
    ]);
    expect(stale).toHaveBeenCalledTimes(1);
    expect(measurements()).toBe(1);
  });

  it('forgets a recheck once its frame has passed: a later resize does not reveal what was revealed long ago', () => {
    const { pane, body, panel } = editorPage();
    const memo = createPaneCoverMemo();
    memo.uncoveredSize(pane, 800, 600);
    frame([
      [body, { width: 1024, height: 650 }],
      [panel, { width: 440, height: 650 }],
    ]);
    const recheck = vi.fn();
    memo.uncoveredSize(pane, 800, 600, recheck);
    frame([
      [body, { width: 1024, height: 650 }],
      [panel, { width: 440, height: 650 }],
    ]);
    // Later, the host makes the editor shorter.
    frame([
      [body, { width: 1024, height: 500 }],
      [panel, { width: 440, height: 500 }],
    ]);
    expect(recheck).not.toHaveBeenCalled();
  });

  it('measures every time where there is no ResizeObserver', () => {
    vi.stubGlobal('ResizeObserver', undefined);
    const { pane } = editorPage();
    const measurements = countMeasurements(pane);
    const memo = createPaneCoverMemo();
    for (let call = 0; call < 3; call++) memo.uncoveredSize(pane, 800, 600);
    expect(measurements()).toBe(3);
  });

  it('measures nothing while no panel is open', () => {
    const { pane, panel } = editorPage();
    panel.remove();
    const measurements = countMeasurements(pane);
    expect(createPaneCoverMemo().uncoveredSize(pane, 800, 600)).toEqual({ width: 800, height: 600 });
    expect(measurements()).toBe(0);
  });
});
