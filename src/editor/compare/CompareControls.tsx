// The toolbar's "Compare with published" controls, loaded the first time an editor has a
// published version to compare with: editors without one never fetch their code.

import { lazy, Suspense, type ReactElement } from 'react';
import { useCompareToggle } from './compare-state';

const LazyCompareControls = lazy(() => import('./CompareControlsImpl').then((module) => ({ default: module.CompareControlsImpl })));

/** Toggle, summary and list of changes; nothing without a published version. */
export function CompareControls(): ReactElement | null {
  const { available } = useCompareToggle();
  if (!available) return null;
  return (
    <Suspense fallback={null}>
      <LazyCompareControls />
    </Suspense>
  );
}
