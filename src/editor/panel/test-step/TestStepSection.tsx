// ---------------------------------------------------------------------------
// Where "Test step" goes in a step's panel: nothing for an action that cannot be tested;
// for one that can, the test section, whose code loads apart from the editor's: with the
// first testable step opened, or, where the browser says when it is idle, once the editor
// has painted (the panels' warm-up draws an HTTPS step's panel, which shows it).
// ---------------------------------------------------------------------------

import type { ReactElement } from 'react';
import { findStep } from '../../../definition';
import { lazyPart } from '../../lazy-part';
import { useWorkflowEditor } from '../../WorkflowEditorProvider';

const testStepPanel = lazyPart(
  () => import('./TestStepPanel').then((module) => module.TestStepPanel),
  <div className="wfe-test-step wfe-config-form-loading" aria-busy="true" />,
);

/** Starts loading the test section's code; resolves once it is there. */
export function preloadTestStepSection(): Promise<void> {
  return testStepPanel.preload();
}

/** Props of {@link TestStepSection}. */
export interface TestStepSectionProps {
  stepId: string;
}

/** "Test step" for the step's action when its catalog entry says `testable`. Needs `<WorkflowEditorProvider>`. */
export function TestStepSection(props: TestStepSectionProps): ReactElement | null {
  const testable = useWorkflowEditor((state) => {
    const step = findStep(state.definition, props.stepId)?.step;
    return step?.type === 'action' && state.catalog.get(step.action)?.testable === true;
  });
  if (!testable) return null;
  return <testStepPanel.Loaded stepId={props.stepId} />;
}
