// ---------------------------------------------------------------------------
// "Find step", loaded the first time a person presses Ctrl/Cmd+F: most sessions never
// open it, so its code stays out of what every host loads up front.
// ---------------------------------------------------------------------------

import { lazy, Suspense, type ReactElement } from 'react';
import type { FindStepProps } from './FindStep';

const LoadedFindStep = lazy(() => import('./FindStep').then((module) => ({ default: module.FindStep })));

/** The "Find step" dialog; see the component in FindStep.tsx. Nothing shows while its code loads. */
export function FindStep(props: FindStepProps): ReactElement {
  return (
    <Suspense fallback={null}>
      <LoadedFindStep {...props} />
    </Suspense>
  );
}
