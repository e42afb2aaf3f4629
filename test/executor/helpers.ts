// Shared builders for executor tests.

import { afterEach, expect, vi } from 'vitest';
import type { JsonObject, Step } from '../../src/definition';
import type { NetworkPolicy, RunEvent, RunOptions, StepResult } from '../../src/executor';
import { workflowOf } from '../fixtures/workflow-builders';
import { startServer, type Responder, type TestServer } from './servers';

/** Lets tests reach their own servers on 127.0.0.1 over http. */
export const LOOPBACK: NetworkPolicy = { allowHttp: true, allowPrivateNetwork: true };

/** A standalone `https_request` step document. */
export function httpsStep(config: JsonObject, id = 'call'): JsonObject {
  return { schemaVersion: 1, kind: 'step', id, type: 'action', action: 'https_request', name: 'Call', config };
}

/** A workflow document around some steps (untyped: executor tests also hand it malformed steps). */
export function workflow(steps: JsonObject[], extra: JsonObject = {}): JsonObject {
  const document = workflowOf(steps as unknown as Step[], {
    id: 'test_flow',
    name: 'Test flow',
    trigger: { event: 'test.event' },
  });
  return { ...(document as unknown as JsonObject), ...extra };
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

/**
 * A `serve(respond)` for one test file: each server it starts is closed after the test
 * that started it. Call at the top level of the file.
 */
export function serverPerTest(): (respond: Responder) => Promise<TestServer> {
  const servers: TestServer[] = [];
  afterEach(async () => {
    await Promise.all(servers.splice(0).map((server) => server.close()));
  });
  return async (respond) => {
    const server = await startServer(respond);
    servers.push(server);
    return server;
  };
}

/** The one step result of a `runStep` result (and that there is exactly one). */
export function only(result: { steps: Record<string, StepResult> }): StepResult {
  const entries = Object.values(result.steps);
  expect(entries).toHaveLength(1);
  return entries[0]!;
}

/**
 * What a well-behaved slow host action does: answers `value` after `milliseconds`, unless
 * `signal` aborts first (then it stops and throws).
 */
export function answerAfter<T>(milliseconds: number, value: T, signal: AbortSignal): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => resolve(value), milliseconds);
    signal.addEventListener('abort', () => {
      clearTimeout(timer);
      reject(new Error('stopped'));
    });
  });
}

/**
 * Replaces the module at `path` (relative to this folder) by one that fails to load, as a
 * chunk that never arrives in a page would; counts the attempts to load it.
 */
export function moduleThatFails(path: string): { loads: () => number } {
  let loads = 0;
  vi.doMock(path, () => {
    loads++;
    throw new Error('the chunk did not arrive');
  });
  return { loads: () => loads };
}
