// ---------------------------------------------------------------------------
// The visible strings of runs in the editor: "Test workflow" in the toolbar, "Clear run",
// and a step's run details in its panel. Part of the editor's labels (EditorLabels
// extends these), so a host relabels them through the same `labels` prop.
// ---------------------------------------------------------------------------

/** Strings of "Test workflow", "Clear run" and the run details. */
export interface RunLabels {
  // ---- Toolbar -------------------------------------------------------------------
  /** The toolbar button (and overflow menu entry) that runs the whole workflow with the sample trigger. */
  testWorkflow: string;
  /** The same button while the test runs: stops it (the run ends as cancelled). */
  stopTestWorkflow: string;
  /** Leaves run view: the canvas and panels show the workflow without a run. */
  clearRun: string;
  /** The toolbar's status while the test runs. */
  testWorkflowRunning: string;
  /** The toolbar's status once the test ended. */
  testWorkflowFinished: (outcome: 'succeeded' | 'failed' | 'cancelled') => string;
  /** Shown when "Test workflow" found problems instead of running. */
  testWorkflowBlocked: (problemCount: number) => string;
  /** The host's `onTestWorkflow` (or loading the executor) failed: nothing was drawn. */
  testWorkflowFailed: (message: string) => string;

  // ---- Run details (a step's panel while a run is drawn) -------------------------
  /** Heading and accessible name of the run section of a step's panel. */
  runDetails: string;
  runStatus: string;
  /** A step's state in words: "Waiting", "Running", "Succeeded", "Failed", "Skipped". */
  runStatusText: (status: 'waiting' | 'running' | 'succeeded' | 'failed' | 'skipped') => string;
  runAttempts: string;
  runDuration: string;
  /** A duration in words, e.g. "340 ms" or "1.2 s". */
  runDurationText: (milliseconds: number) => string;
  /** A branch step's row: which branch was taken. */
  runBranchTaken: string;
  /** No branch's condition held (and there was no default). */
  runNoBranchTaken: string;
  /** Heading of the step's resolved config. */
  runInput: string;
  /** Under the input: secret values are never shown. */
  runInputRedacted: string;
  /** A finished step whose run did not report its input. */
  runInputNotReported: string;
  runOutput: string;
  /** A step that succeeded with no output. */
  runNoOutput: string;
  /** Keeps a succeeded step's output as its sample result, for later steps' tests and reference previews. */
  runUseAsSample: string;
  /** Said once the output is kept as the step's sample result. */
  runUsedAsSample: string;
  runError: string;
  /** An error type in words: one of the executor's `StepErrorType`s, or another a host's executor reports. */
  runErrorType: (type: string) => string;
  /** An HTTP status in the error, e.g. "HTTP 503". */
  runErrorStatus: (status: number) => string;
  /** The step failed and the workflow went on ("Continue on error"). */
  runContinuedOnError: string;
  /** Accessible name of a JSON block (`what` is "Input" or "Output"). */
  runJsonText: (what: string) => string;
  /** Under a JSON text cut short. */
  runJsonCutShort: (shownCharacters: number, totalCharacters: number) => string;
  /** Shows the whole JSON text of a block cut short. */
  runJsonShowAll: string;
}

const NUMBER = /* @__PURE__ */ new Intl.NumberFormat('en');

const RUN_ERROR_WORDS: Record<string, string> = {
  timeout: 'Timed out: the request took longer than its Request Timeout',
  network: 'Network error: the server could not be reached',
  http_status: 'The server answered with an error status',
  response_schema_mismatch: 'The response did not match the Response Schema',
  reference_unresolved: 'A reference had no value',
  blocked_destination: 'The destination is not allowed',
  response_too_large: 'The response was too large',
  invalid_config: "The step's settings could not be run",
  cancelled: 'Cancelled: the run was stopped',
};

/** The default (English) strings. */
export const defaultRunLabels: RunLabels = {
  testWorkflow: 'Test workflow',
  stopTestWorkflow: 'Stop',
  clearRun: 'Clear run',
  testWorkflowRunning: 'Testing the workflow…',
  testWorkflowFinished: (outcome) =>
    outcome === 'succeeded' ? 'Test run succeeded.' : outcome === 'failed' ? 'Test run failed.' : 'Test run stopped.',
  testWorkflowBlocked: (count) =>
    count === 1 ? 'Fix 1 problem before testing.' : `Fix ${NUMBER.format(count)} problems before testing.`,
  testWorkflowFailed: (message) => `The workflow could not be tested: ${message}`,

  runDetails: 'Run',
  runStatus: 'Status',
  runStatusText: (status) =>
    ({ waiting: 'Waiting', running: 'Running', succeeded: 'Succeeded', failed: 'Failed', skipped: 'Skipped' })[status],
  runAttempts: 'Attempts',
  runDuration: 'Duration',
  runDurationText: (milliseconds) =>
    milliseconds < 1000 ? `${NUMBER.format(Math.round(milliseconds))} ms` : `${(milliseconds / 1000).toFixed(1)} s`,
  runBranchTaken: 'Branch taken',
  runNoBranchTaken: 'None (no condition held)',
  runInput: 'Input',
  runInputRedacted: 'References resolved; secret values show as [redacted].',
  runInputNotReported: 'This run did not report the input.',
  runOutput: 'Output',
  runNoOutput: 'No output',
  runUseAsSample: 'Use as sample result',
  runUsedAsSample: "Kept as this step's sample result: later steps test and preview with it.",
  runError: 'Error',
  runErrorType: (type) => RUN_ERROR_WORDS[type] ?? `The step failed (${type})`,
  runErrorStatus: (status) => `HTTP ${status}`,
  runContinuedOnError: 'The workflow went on (Continue on error).',
  runJsonText: (what) => `${what} JSON`,
  runJsonCutShort: (shown, total) => `Showing the first ${NUMBER.format(shown)} of ${NUMBER.format(total)} characters.`,
  runJsonShowAll: 'Show all',
};
