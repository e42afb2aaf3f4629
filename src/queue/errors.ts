import { WorkflowEditorError } from '../definition/errors';

/** Why the run queue refused a call, or what one of its workers could not do. */
export type RunQueueErrorCode =
  | 'invalid_run_id'
  | 'unknown_run'
  | 'queue_closed'
  | 'wait_timed_out'
  /** The queue gave up on a run, and its failed result could not be stored either. */
  | 'result_not_recorded';

/**
 * Thrown (or rejected with) by the run queue and its workers, or given to a worker's
 * `onError`; `code` says why.
 */
export class RunQueueError extends WorkflowEditorError<RunQueueErrorCode> {
  constructor(code: RunQueueErrorCode, message: string, options?: { cause?: unknown }) {
    super(code, message, options);
    this.name = 'RunQueueError';
  }
}
