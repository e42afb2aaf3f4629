import { WorkflowEditorError } from '../definition/errors';

/** Why the run queue refused a call. */
export type RunQueueErrorCode = 'invalid_run_id' | 'unknown_run' | 'queue_closed' | 'wait_timed_out';

/** Thrown (or rejected with) by the run queue and its workers; `code` says why. */
export class RunQueueError extends WorkflowEditorError<RunQueueErrorCode> {
  constructor(code: RunQueueErrorCode, message: string) {
    super(code, message);
    this.name = 'RunQueueError';
  }
}
