// The panel's changed fields, loaded the first time a comparison is shown: editors without
// a published version never fetch their code. A chunk that failed to load throws to the
// panel's error boundary, whose "Try again" loads it again.

import type { ReactElement } from 'react';
import type { Step } from '../../definition';
import { useCompareToggle } from './compare-state';
import { stepChangedFields, triggerChangedFields } from './lazy-parts';

/** The changed fields of one step, while the comparison is shown and the step differs; else nothing. */
export function StepChangedFields(props: { step: Step }): ReactElement | null {
  const { active } = useCompareToggle();
  if (!active) return null;
  return <stepChangedFields.Loaded step={props.step} />;
}

/** The trigger's and the workflow's changed fields, while the comparison is shown; else nothing. */
export function TriggerChangedFields(): ReactElement | null {
  const { active } = useCompareToggle();
  if (!active) return null;
  return <triggerChangedFields.Loaded />;
}
