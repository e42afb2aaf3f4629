// ---------------------------------------------------------------------------
// Runs "Make HTTPS Request" (`https_request`; the action itself is
// src/definition/actions/https-request.ts): one request on the run's platform transport,
// signed and retried as its config says (./http/https-step.ts does the work).
// ---------------------------------------------------------------------------

import { runHttpsRequest } from '../http/https-step';
import type { RunEvent } from '../types';
import type { BuiltInStepHandler } from './step-handler';

export const httpsRequestHandler: BuiltInStepHandler<'https_request'> = {
  id: 'https_request',
  // The URL is reported as it is sent.
  urlFields: ['url'],
  async run(step, run, signal) {
    const platform = await run.platform();
    const { settings } = run;
    return runHttpsRequest({
      runId: run.runId,
      step,
      templates: run.templates(),
      secrets: run.secrets,
      transport: platform.transport,
      ...(platform.hmacHex ? { hmacHex: platform.hmacHex } : {}),
      policy: settings.network,
      signal,
      firstAttempt: run.firstAttempt(step),
      now: settings.now,
      sleep: settings.sleep,
      ...(settings.onEvent ? { emit: (event: RunEvent) => run.emit(event) } : {}),
      maxResponseBytes: settings.maxResponseBytes,
    });
  },
};
