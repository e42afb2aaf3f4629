// Shared builders for executor tests.

import type { JsonObject } from '../../src/definition';
import type { NetworkPolicy, RunEvent, RunOptions } from '../../src/executor';

/** Lets tests reach their own servers on 127.0.0.1 over http. */
export const LOOPBACK: NetworkPolicy = { allowHttp: true, allowPrivateNetwork: true };

/** A standalone `https_request` step document. */
export function httpsStep(config: JsonObject, id = 'call'): JsonObject {
  return { schemaVersion: 1, kind: 'step', id, type: 'action', action: 'https_request', name: 'Call', config };
}

/** A workflow document around some steps. */
export function workflow(steps: JsonObject[], extra: JsonObject = {}): JsonObject {
  return {
    schemaVersion: 1,
    kind: 'workflow',
    id: 'test_flow',
    name: 'Test flow',
    trigger: { event: 'test.event' },
    steps,
    ...extra,
  };
}

/** Options that record sleeps (instead of waiting) and events. */
export function recordingOptions(extra: RunOptions = {}): RunOptions & { sleeps: number[]; events: RunEvent[] } {
  const sleeps: number[] = [];
  const events: RunEvent[] = [];
  return {
    network: LOOPBACK,
    sleep: async (milliseconds) => {
      sleeps.push(milliseconds);
    },
    onEvent: (event) => events.push(event),
    ...extra,
    sleeps,
    events,
  };
}
