// ---------------------------------------------------------------------------
// Work put off until the frame the person is waiting for has been painted: validation of
// a big workflow, the rest of a big body, a large request preview, the form's code.
// ---------------------------------------------------------------------------

/** Runs `run` once the next frame has been painted; returns what cancels it. */
export function afterNextPaint(run: () => void): () => void {
  if (typeof requestAnimationFrame !== 'function') {
    const timer = setTimeout(run, 0);
    return () => clearTimeout(timer);
  }
  let timer: ReturnType<typeof setTimeout> | undefined;
  // A timer set from an animation frame callback fires after that frame is painted.
  const frame = requestAnimationFrame(() => (timer = setTimeout(run, 0)));
  return () => {
    cancelAnimationFrame(frame);
    if (timer !== undefined) clearTimeout(timer);
  };
}

/**
 * Runs `run` after the next paint, once the page is idle (input, React work and layout
 * queued for that frame go first), or `timeoutMs` after the paint at the latest; returns
 * what cancels it.
 */
export function whenIdleAfterPaint(run: () => void, timeoutMs: number): () => void {
  if (typeof requestIdleCallback !== 'function') return afterNextPaint(run);
  let idle: number | undefined;
  const cancelPaint = afterNextPaint(() => (idle = requestIdleCallback(run, { timeout: timeoutMs })));
  return () => {
    cancelPaint();
    if (idle !== undefined) cancelIdleCallback(idle);
  };
}
