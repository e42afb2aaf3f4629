// ---------------------------------------------------------------------------
// When the panels' warm-up (warm-up.tsx) runs: after what the editor loads once it has
// painted, with the warm-up's own parts loaded, in the next moment the browser says it is
// idle (not one forced by a timeout: a page that stays busy is never made to wait for
// it). Loaded with the warm-up, apart from the editor's initial code.
// ---------------------------------------------------------------------------

import { loadWarmUpParts, warmUpConfigPanel } from './warm-up';

/**
 * Warms the panels up once `after` has settled, the warm-up's parts are loaded and the
 * page is next idle. Needs `requestIdleCallback`. Returns what cancels it, at any point.
 */
export function warmUpWhenIdle(after: Promise<unknown>): () => void {
  let cancelled = false;
  let idle: number | undefined;
  Promise.all([after, loadWarmUpParts()]).then(
    () => {
      if (!cancelled) idle = requestIdleCallback(() => warmUpConfigPanel());
    },
    () => undefined,
  );
  return () => {
    cancelled = true;
    if (idle !== undefined) cancelIdleCallback(idle);
  };
}
