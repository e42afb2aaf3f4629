// ---------------------------------------------------------------------------
// The visible strings of "Test step" and of the trigger's "Sample data". Part of the
// editor's labels (EditorLabels extends these), so a host relabels them through the
// same `labels` prop.
// ---------------------------------------------------------------------------

/** Strings of "Test step" and "Sample data". */
export interface TestStepLabels {
  // ---- Test step ---------------------------------------------------------------
  /** Heading of the panel's test section, and its run button. */
  testStep: string;
  /** What the section does, under its heading. */
  testStepHelp: string;
  /** The run button while a test runs. */
  testStepRunning: string;
  /** Cancels the running test. */
  testStepCancel: string;
  /** Heading of the request preview. */
  testStepRequest: string;
  /** Heading of the request as the host reports it was sent. */
  testStepRequestSent: string;
  testStepMethod: string;
  testStepUrl: string;
  testStepHeaders: string;
  testStepBody: string;
  /** Shown instead of the body for a request without one. */
  testStepNoBody: string;
  /** "Request sent" without the body: the host's handler did not report it (`request.body`). */
  testStepBodyNotReported: string;
  /** Value of the idempotency key header in the preview: made when the request is sent. */
  testStepIdempotencyKeyValue: string;
  /** Note beside a masked value: secret values never reach the page. */
  testStepSecretsMasked: string;
  /** References without a sample value, e.g. "No sample value for {{ trigger.userId }}". */
  testStepUnresolved: (references: readonly string[]) => string;
  /** Why a step that needs secrets cannot be tested without the host's `onTestStep`. */
  testStepNeedsHost: (secretNames: readonly string[], signed: boolean) => string;
  /** Why a host action cannot be tested without the host's `onTestStep`. */
  testStepHostActionNeedsHost: string;
  /** Where a page run goes, under the button. */
  testStepRunsInPage: string;
  /** Heading of the result. */
  testStepResult: string;
  /** The result's one-line summary, e.g. "Succeeded · 200 · 2 attempts · 340 ms". */
  testStepSummary: (result: { succeeded: boolean; status?: number; attempts: number; durationMs?: number }) => string;
  /** The status text announced when a test ends. */
  testStepFinished: (succeeded: boolean) => string;
  testStepCancelled: string;
  /** The host's `onTestStep` rejected. */
  testStepHostFailed: (message: string) => string;
  /** An error type in words: one of the executor's `StepErrorType`s, or another a host's executor reports. */
  testStepErrorType: (type: string) => string;
  /** The status the server answered, e.g. "HTTP status". */
  testStepStatus: string;
  testStepDuration: string;
  testStepAttempts: string;
  testStepResponseHeaders: (count: number) => string;
  testStepResponseBody: string;
  /** Heading of a host action's output (it has no HTTP response). */
  testStepOutput: string;
  /** Shown for a result kept in the sample data from an earlier test. */
  testStepEarlierResult: string;
  /** Turns the JSON response body into the step's Response Schema. */
  useAsResponseSchema: string;
  /** Said after "Use as response schema". */
  responseSchemaFromResponse: string;
  /** A part of a long text or list that is not shown, e.g. "… 2,091,000 more characters". */
  jsonViewerMoreCharacters: (count: number) => string;
  jsonViewerShowMore: (shown: number, total: number) => string;
  /** Summary of a collapsed object or array: "{3 keys}", "[120 items]". */
  jsonViewerObjectSummary: (keyCount: number) => string;
  jsonViewerArraySummary: (itemCount: number) => string;
  /** Accessible name of the response body viewer. */
  jsonViewer: string;

  // ---- Sample data (trigger panel) ----------------------------------------------------
  /** Heading of the trigger panel's sample section. */
  sampleData: string;
  sampleDataHelp: string;
  /** Label of the sample trigger payload's JSON text. */
  sampleTriggerData: string;
  /** Fills the sample from the payload schema. */
  generateSampleFromSchema: string;
  /** Why generating is not offered. */
  generateSampleNeedsSchema: string;
  clearSampleData: string;
  /** How many earlier test results the sample data holds. */
  sampleStepResults: (count: number) => string;
  clearSampleStepResults: string;
  /** The sample text is not JSON yet; the sample keeps its last valid value. */
  sampleDataNotJson: string;
}

const NUMBER = /* @__PURE__ */ new Intl.NumberFormat('en');

function listOf(names: readonly string[]): string {
  if (names.length <= 1) return names.join('');
  return `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
}

const ERROR_TYPE_WORDS: Record<string, string> = {
  timeout: 'The request took longer than its Request Timeout',
  network: 'The request could not reach the server',
  http_status: 'The server answered with an error status',
  response_schema_mismatch: 'The response does not match the Response Schema',
  reference_unresolved: 'A reference has no value in the sample data',
  blocked_destination: 'The destination is not allowed',
  response_too_large: 'The response is too large',
  invalid_config: "The step's settings cannot be sent as a request",
  cancelled: 'The test was cancelled',
};

/** The default (English) strings. */
export const defaultTestStepLabels: TestStepLabels = {
  testStep: 'Test step',
  testStepHelp: 'Sends this request once, with the sample data, and shows the response.',
  testStepRunning: 'Testing…',
  testStepCancel: 'Cancel test',
  testStepRequest: 'Request to send',
  testStepRequestSent: 'Request sent',
  testStepMethod: 'Method',
  testStepUrl: 'URL',
  testStepHeaders: 'Headers',
  testStepBody: 'Body',
  testStepNoBody: 'No body',
  testStepBodyNotReported: 'Not reported by the host',
  testStepIdempotencyKeyValue: '(made when sent)',
  testStepSecretsMasked: 'Secret values are shown as •••• and never reach this page.',
  testStepUnresolved: (references) =>
    `No sample value for ${listOf(references)}: add it to the trigger's Sample data, or test the earlier step first.`,
  testStepNeedsHost: (secretNames, signed) => {
    const uses =
      secretNames.length === 0
        ? 'is signed'
        : `uses the secret${secretNames.length === 1 ? '' : 's'} ${listOf(secretNames)}${signed ? ' and is signed' : ''}`;
    return `This step ${uses}. Secret values stay with the app you are using, so only the app can test it; it has not set that up (onTestStep).`;
  },
  testStepHostActionNeedsHost:
    'Only the app you are using can run this action; it has not set up testing (onTestStep).',
  testStepRunsInPage: 'Sent from this browser: the server must allow it (CORS).',
  testStepResult: 'Result',
  testStepSummary: ({ succeeded, status, attempts, durationMs }) =>
    [
      succeeded ? 'Succeeded' : 'Failed',
      status === undefined ? '' : `HTTP ${status}`,
      attempts === 1 ? '1 attempt' : `${attempts} attempts`,
      durationMs === undefined
        ? ''
        : durationMs < 1000
          ? `${Math.round(durationMs)} ms`
          : `${(durationMs / 1000).toFixed(1)} s`,
    ]
      .filter(Boolean)
      .join(' · '),
  testStepFinished: (succeeded) => (succeeded ? 'Test succeeded' : 'Test failed'),
  testStepCancelled: 'Test cancelled.',
  testStepHostFailed: (message) => `The app could not run the test: ${message}`,
  testStepErrorType: (type) => ERROR_TYPE_WORDS[type] ?? `The step failed (${type})`,
  testStepStatus: 'Status',
  testStepDuration: 'Duration',
  testStepAttempts: 'Attempts',
  testStepResponseHeaders: (count) => `Response headers (${count})`,
  testStepResponseBody: 'Response body',
  testStepOutput: 'Output',
  testStepEarlierResult: 'From an earlier test',
  useAsResponseSchema: 'Use as response schema',
  responseSchemaFromResponse: 'The Response Schema now describes this response; later steps can insert its fields.',
  jsonViewerMoreCharacters: (count) => `… ${NUMBER.format(count)} more characters`,
  jsonViewerShowMore: (shown, total) => `Show more (${NUMBER.format(shown)} of ${NUMBER.format(total)})`,
  jsonViewerObjectSummary: (keyCount) => `{${NUMBER.format(keyCount)} ${keyCount === 1 ? 'key' : 'keys'}}`,
  jsonViewerArraySummary: (itemCount) => `[${NUMBER.format(itemCount)} ${itemCount === 1 ? 'item' : 'items'}]`,
  jsonViewer: 'Response body',

  sampleData: 'Sample data',
  sampleDataHelp:
    'Example trigger data for Test step and previews. The app you are using keeps it; it is not saved in the workflow.',
  sampleTriggerData: 'Sample trigger data',
  generateSampleFromSchema: 'Generate from payload schema',
  generateSampleNeedsSchema: 'Describe the payload above to generate a sample from it, or paste one.',
  clearSampleData: 'Clear sample',
  sampleStepResults: (count) =>
    count === 1 ? '1 earlier test result is kept.' : `${count} earlier test results are kept.`,
  clearSampleStepResults: 'Clear test results',
  sampleDataNotJson: 'The sample keeps its last valid JSON until you fix the text.',
};
