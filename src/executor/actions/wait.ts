// ---------------------------------------------------------------------------
// Runs "Wait" (`wait`): sleeps the configured seconds on the run's clock, cut short only
// by cancellation. A resumed wait has waited already.
// ---------------------------------------------------------------------------

import { stopError } from '../stop';
import type { BuiltInStepHandler } from './step-handler';

export const waitHandler: BuiltInStepHandler<'wait'> = {
  id: 'wait',
  async run(step, run, signal) {
    const seconds = step.config.seconds;
    if (typeof seconds !== 'number' || !(seconds >= 0)) {
      return {
        ok: false,
        error: { type: 'invalid_config', message: 'config.seconds must be a number of seconds.', attempts: 0 },
      };
    }
    // Resumed after its wait: the time has passed already.
    if (run.firstAttempt(step) > 1) return { ok: true, output: {}, attempts: 1 };
    try {
      await run.settings.sleep(seconds * 1000, signal);
    } catch {
      // Only cancellation interrupts the wait; reported below.
    }
    if (signal.aborted) return { ok: false, error: stopError(signal, 1) };
    return { ok: true, output: {}, attempts: 1 };
  },
};
