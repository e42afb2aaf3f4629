// ---------------------------------------------------------------------------
// Sample data: what the editor tests steps with and previews references against. The
// host keeps it (`sampleData` / `onSampleDataChange`), never the definition: real
// samples hold personal data that must not land in version control.
// ---------------------------------------------------------------------------

import type { JsonValue } from '../definition';
import type { StepResult } from '../executor/types';

/** Sample trigger data and earlier test results, kept by the host beside the definition. */
export interface SampleData {
  /** The trigger's payload, as `trigger.*` references see it. */
  trigger?: JsonValue;
  /**
   * Results of earlier tests (or of a run), by step id, as `steps.<id>.output` and
   * `steps.<id>.error` references see them. A run result's `steps` can be passed as is.
   */
  steps?: Readonly<Record<string, StepResult>>;
}

/** No samples yet. */
export const NO_SAMPLE_DATA: SampleData = Object.freeze({});
