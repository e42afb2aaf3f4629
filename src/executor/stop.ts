// ---------------------------------------------------------------------------
// Why a step stopped when its signal aborted, as the step's error: a run cancelled by its
// host (`cancelled`), a run past the time its host gave it (`AbortSignal.timeout`, a
// `timeout`), or a step past the time limit a durable runner gives each step (`timeout`).
// ---------------------------------------------------------------------------

import { WorkflowEditorError } from '../definition/errors';
import { NEVER_ABORTED } from './http/transport';
import type { StepError, StepErrorType } from './types';

/** The abort reason of a step's own time limit (see `resumeWorkflow`'s `stepTimeLimitMs`). */
export class StepTimeLimitReached extends WorkflowEditorError<'step_time_limit_reached'> {
  constructor(readonly limitMs: number) {
    super('step_time_limit_reached', `The step went past its time limit of ${limitMs / 1000} seconds.`);
    this.name = 'StepTimeLimitReached';
  }
}

/** The type and words of a stop, from the signal's abort reason. */
export function stopReason(signal: AbortSignal): { type: StepErrorType; message: string } {
  const reason: unknown = signal.reason;
  if (reason instanceof StepTimeLimitReached) return { type: 'timeout', message: reason.message };
  // What AbortSignal.timeout() aborts with (a DOMException named TimeoutError).
  if (typeof reason === 'object' && reason !== null && (reason as { name?: unknown }).name === 'TimeoutError') {
    return { type: 'timeout', message: 'The run went past its time limit.' };
  }
  return { type: 'cancelled', message: 'The run was cancelled.' };
}

/** The error of a step that its signal stopped after `attempts` attempts. */
export function stopError(signal: AbortSignal, attempts: number): StepError {
  return { ...stopReason(signal), attempts };
}

/** What {@link untilStopped} resolves with when the signal stops the wait first. */
export const STOPPED: unique symbol = Symbol('stopped');

/**
 * `work`'s result, or {@link STOPPED} as soon as `signal` aborts (at once when it already
 * has): for waits a step cannot cancel itself, such as code loading, so a cancel or a time
 * limit still ends the step on time. `work` runs on; what it gives is dropped.
 */
export function untilStopped<T>(work: Promise<T>, signal: AbortSignal): Promise<T | typeof STOPPED> {
  if (signal.aborted) return Promise.resolve(STOPPED);
  // Runs a host cannot stop share one signal: listening to it would only pile up listeners
  // (Node warns of a leak past ten runs at once).
  if (signal === NEVER_ABORTED) return work;
  return new Promise((resolve, reject) => {
    const onAbort = (): void => resolve(STOPPED);
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        // eslint-disable-next-line @typescript-eslint/prefer-promise-reject-errors
        reject(error);
      },
    );
  });
}
