// ---------------------------------------------------------------------------
// Whether a step's panel has been drawn in this page yet: once one has, its code is
// compiled and the panels' warm-up (warm-up.tsx) has nothing left to do. Apart from the
// warm-up so that the panel marking itself does not load it.
// ---------------------------------------------------------------------------

let warm = false;

/** A step's panel has been drawn (for the person, or by the warm-up). */
export function markPanelsWarm(): void {
  warm = true;
}

/** Whether a step's panel has been drawn in this page. */
export function panelsAreWarm(): boolean {
  return warm;
}
