// The parts of "Compare with published" that load apart from the editor's initial code:
// the toolbar's controls and the panel's changed fields. Editors without a published
// version never fetch them; with one, CompareProvider starts loading them at once, so
// the toolbar and a panel show them without a wait.

import { lazyPart } from '../lazy-part';

export const compareControls = lazyPart(() =>
  import('./CompareControlsImpl').then((module) => module.CompareControlsImpl),
);
export const stepChangedFields = lazyPart(() =>
  import('./ChangedFieldsImpl').then((module) => module.StepChangedFieldsImpl),
);
export const triggerChangedFields = lazyPart(() =>
  import('./ChangedFieldsImpl').then((module) => module.TriggerChangedFieldsImpl),
);

/** Starts loading the comparison's parts; a failure shows (and loads again) where a part shows. */
export function preloadCompareParts(): void {
  for (const part of [compareControls, stepChangedFields, triggerChangedFields]) part.preload().catch(() => undefined);
}
