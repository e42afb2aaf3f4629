// ---------------------------------------------------------------------------
// What the three bench pages (our editor, React Flow alone, sequential-workflow-designer)
// share: the API bench/peers.bench.mjs drives them through, and the ways of telling
// when a frame has been painted. Every page draws the same workflows
// (bench/workflow-generator.ts) in the same 1400 × 900 window.
// ---------------------------------------------------------------------------

/** What a bench page puts on `window.wfePeer`. Times are milliseconds. */
export interface PeerBenchApi {
  renderer: 'editor' | 'reactflow' | 'sequential_workflow_designer';
  /**
   * Mounts the renderer on the workflow of `steps` steps: ms from the call until the
   * frame painted after the last change to what is drawn on the canvas (nodes,
   * connectors, the viewport's transform), once nothing has changed there for a while.
   */
  mount(steps: number): Promise<{ toPaint: number; toFirstNode: number; drawnNodes: number }>;
  /** Unmounts what `mount` drew and waits for a frame. */
  unmount(): Promise<void>;
  /**
   * Brings a pseudo-random step (from `seed`) into view, then clicks the "+" after it the
   * way a person would: ms until the new step's node is in the DOM (the commit) and
   * until that frame is painted. Then undoes the insert. Not on every page.
   */
  insert?(seed: number): Promise<{ toCommit: number; toPaint: number }>;
  /** Clicks an HTTPS step's card: ms until its configuration panel shows its URL field, painted. Not on every page. */
  selectToPanel?(): Promise<number>;
  /** Drags the canvas by the mouse for `frames` animation frames, one move each frame. */
  pan(frames: number): Promise<{ frames: number; ms: number }>;
}

declare global {
  interface Window {
    wfePeer?: PeerBenchApi;
  }
}

/**
 * Resolves after the next frame has been painted: a message posted from an animation
 * frame callback is handled once that frame's rendering (style, layout, paint) is done.
 */
export function afterNextPaint(): Promise<number> {
  return new Promise((resolve) => {
    requestAnimationFrame(() => {
      const channel = new MessageChannel();
      channel.port1.onmessage = () => resolve(performance.now());
      channel.port2.postMessage(null);
    });
  });
}

export function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Waits `ms`, then two painted frames: nothing left over from the last step runs into the next. */
export async function settle(ms: number): Promise<void> {
  await delay(ms);
  await afterNextPaint();
  await afterNextPaint();
}

/**
 * Resolves with the time of the first DOM change after which `present()` holds (at once
 * if it holds now); rejects with `what` after `timeoutMs`.
 */
export function whenInDom(
  present: () => boolean,
  what: string,
  timeoutMs = 10_000,
  root: Node = document.body,
): Promise<number> {
  return new Promise((resolve, reject) => {
    if (present()) {
      resolve(performance.now());
      return;
    }
    const observer = new MutationObserver(() => {
      if (present()) {
        observer.disconnect();
        clearTimeout(timer);
        resolve(performance.now());
      }
    });
    const timer = setTimeout(() => {
      observer.disconnect();
      reject(new Error(`timed out waiting for ${what}`));
    }, timeoutMs);
    observer.observe(root, { childList: true, subtree: true, attributes: true });
  });
}

/**
 * Starts watching `container` before a mount: each change the `drawn` test accepts
 * (a node, a connector, the viewport's transform) schedules a wait for the next
 * painted frame. `done()` resolves once `hasNodes()` holds and no accepted change has
 * come for `quietMs`, with the paint time after the last accepted change and the time
 * of the first change after which `hasNodes()` held.
 */
export function watchDrawing(
  container: HTMLElement,
  drawn: (target: Node) => boolean,
  hasNodes: () => boolean,
  quietMs = 400,
): { done: () => Promise<{ paintedAt: number; firstNodeAt: number }> } {
  let lastChange = performance.now();
  let sequence = 0;
  let paintedSequence = -1;
  let paintedAt = Number.NaN;
  let firstNodeAt = Number.NaN;
  const observer = new MutationObserver((records) => {
    if (!records.some((record) => drawn(record.target))) return;
    const now = performance.now();
    lastChange = now;
    if (Number.isNaN(firstNodeAt) && hasNodes()) firstNodeAt = now;
    const mine = ++sequence;
    void afterNextPaint().then((at) => {
      if (mine >= paintedSequence) {
        paintedSequence = mine;
        paintedAt = at;
      }
    });
  });
  observer.observe(container, { childList: true, subtree: true, attributes: true, characterData: true });
  return {
    done: () =>
      new Promise((resolve, reject) => {
        const startedAt = performance.now();
        const check = (): void => {
          const now = performance.now();
          if (hasNodes() && paintedSequence === sequence && now - lastChange >= quietMs) {
            observer.disconnect();
            resolve({ paintedAt, firstNodeAt });
          } else if (now - startedAt > 30_000) {
            observer.disconnect();
            reject(new Error('the drawing never settled'));
          } else {
            setTimeout(check, 50);
          }
        };
        check();
      }),
  };
}

/**
 * Drags from (`x`, `y`) upwards by `stepPx` a frame for `frames` frames, with mouse
 * events as a pointer sends them (d3-zoom, under React Flow, listens to these).
 */
export async function dragCanvas(
  target: Element,
  x: number,
  y: number,
  frames: number,
  stepPx = 12,
): Promise<{ frames: number; ms: number }> {
  const init = (clientY: number, buttons: number): MouseEventInit => ({
    bubbles: true,
    cancelable: true,
    view: window,
    clientX: x,
    clientY,
    button: 0,
    buttons,
  });
  target.dispatchEvent(new MouseEvent('mousedown', init(y, 1)));
  const start = performance.now();
  let done = 0;
  await new Promise<void>((resolve) => {
    const frame = (): void => {
      done++;
      window.dispatchEvent(new MouseEvent('mousemove', init(y - done * stepPx, 1)));
      if (done < frames) requestAnimationFrame(frame);
      else resolve();
    };
    requestAnimationFrame(frame);
  });
  await afterNextPaint();
  const ms = performance.now() - start;
  window.dispatchEvent(new MouseEvent('mouseup', init(y - done * stepPx, 0)));
  return { frames: done, ms };
}

/** The page's container: the whole window. */
export function benchContainer(): HTMLElement {
  const element = document.getElementById('bench');
  if (!element) throw new Error('no #bench element');
  return element;
}
