// The toolbar's "Compare with published" controls, loaded the first time an editor has a
// published version to compare with: editors without one never fetch their code. The
// toolbar is outside the editor's error boundaries, so a chunk that failed to load shows
// nothing instead of taking the editor down, until a new published version tries again.

import type { ReactElement } from 'react';
import { LoadFailureBoundary } from '../lazy-part';
import { useCompareToggle, usePublishedWorkflow } from './compare-state';
import { compareControls } from './lazy-parts';

/** Toggle, summary and list of changes; nothing without a published version. */
export function CompareControls(): ReactElement | null {
  const { available } = useCompareToggle();
  // Stays while the comparison is shown, as it is after a failed load (the toggle is what failed).
  const published = usePublishedWorkflow();
  if (!available) return null;
  return (
    <LoadFailureBoundary retryKey={published}>
      <compareControls.Loaded />
    </LoadFailureBoundary>
  );
}
