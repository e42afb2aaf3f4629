// ---------------------------------------------------------------------------
// Where "Sample data" goes in the trigger panel. Its code (and the JSON reader it needs)
// loads with the first trigger panel, not with the editor.
// ---------------------------------------------------------------------------

import { lazy, Suspense, type ReactElement } from 'react';

const SampleDataEditor = lazy(() =>
  import('./SampleDataEditor').then((module) => ({ default: module.SampleDataEditor })),
);

/** The trigger panel's "Sample data" section. Needs `<WorkflowEditorProvider>`. */
export function SampleDataSection(): ReactElement {
  return (
    <Suspense fallback={<div className="wfe-sample-data wfe-config-form-loading" aria-busy="true" />}>
      <SampleDataEditor />
    </Suspense>
  );
}
