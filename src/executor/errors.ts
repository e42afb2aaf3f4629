// ---------------------------------------------------------------------------
// Errors a host's code meets from the executor. They are WorkflowEditorErrors, so one
// `instanceof` (or a look at `code`) catches any error the package throws.
// ---------------------------------------------------------------------------

import { WorkflowEditorError } from '../definition/errors';
import type { StepErrorType } from './types';

/**
 * Thrown by an action handler to fail its step with a given error type (and
 * optionally an HTTP status). Any other throw fails the step with type `network`.
 */
export class ActionError extends WorkflowEditorError<'action_failed'> {
  readonly type: StepErrorType;
  readonly status: number | undefined;

  constructor(type: StepErrorType, message: string, options: { status?: number } = {}) {
    super('action_failed', message);
    this.name = 'ActionError';
    this.type = type;
    this.status = options.status;
  }
}
