// A run continued where an earlier run of it left off (what a durable queue does after a
// worker died or a retry wait was handed back): finished steps are not sent again, their
// results stay, and a step continues at a later attempt with the same Idempotency-Key.

import { describe, expect, it } from 'vitest';
import type { JsonObject } from '../../src/definition';
import { runWorkflow } from '../../src/executor';
import { resumeWorkflow } from '../../src/executor/run';
import { recordingOptions, serverPerTest, workflow } from './helpers';
import { json } from './servers';

const serve = serverPerTest();

function call(origin: string, id: string, path: string, extra: JsonObject = {}): JsonObject {
  return {
    id,
    type: 'action',
    action: 'https_request',
    name: id,
    config: { url: `${origin}${path}`, method: 'GET', ...extra },
  };
}

function routed(origin: string): JsonObject {
  return workflow([
    call(origin, 'score', '/score'),
    {
      id: 'route',
      type: 'branch',
      name: 'Route',
      branches: [
        {
          id: 'high',
          name: 'High',
          when: { all: [{ left: '{{ steps.score.output.body.risk }}', op: 'gt', right: 50 }] },
          steps: [call(origin, 'review', '/review')],
        },
        { id: 'low', name: 'Low', steps: [call(origin, 'approve', '/approve/{{ steps.score.output.body.id }}')] },
      ],
    },
    call(origin, 'notify', '/notify', { method: 'POST', body: { id: '{{ steps.score.output.body.id }}' } }),
  ]);
}

describe('resuming a run', () => {
  it('keeps finished steps and the branch taken, and runs only what is left', async () => {
    const server = await serve((request, response) => json(response, 200, { path: request.url }));
    const options = recordingOptions({ runId: 'resumed-1' });
    const result = await resumeWorkflow(routed(server.origin), options, {
      steps: {
        score: {
          status: 'succeeded',
          attempts: 1,
          output: { status: 200, headers: {}, body: { risk: 10, id: 'c-7' } },
        },
        route: { status: 'succeeded', attempts: 1, output: { branchId: 'low' } },
      },
    });
    expect(server.requests.map((request) => request.url)).toEqual(['/approve/c-7', '/notify']);
    expect(result.status).toBe('succeeded');
    expect(result.steps.score).toMatchObject({ status: 'succeeded', output: { body: { id: 'c-7' } } });
    expect(result.steps.review!.status).toBe('skipped');
    expect(options.events.filter((event) => event.type === 'step_started').map((event) => event.stepId)).toEqual([
      'approve',
      'notify',
    ]);
  });

  it('stops at a restored failure that does not continue on error, sending nothing', async () => {
    const server = await serve((_request, response) => json(response, 200, {}));
    const result = await resumeWorkflow(routed(server.origin), recordingOptions({ runId: 'resumed-2' }), {
      steps: {
        score: {
          status: 'failed',
          attempts: 3,
          error: { type: 'http_status', message: 'Status 500.', status: 500, attempts: 3 },
        },
      },
    });
    expect(server.requests).toHaveLength(0);
    expect(result.status).toBe('failed');
    expect(result.steps.score!.error).toMatchObject({ status: 500 });
    expect(result.steps.notify!.status).toBe('skipped');
  });

  it('continues a step at its next attempt without waiting again, with the Idempotency-Key of the first', async () => {
    let calls = 0;
    const server = await serve((_request, response) => json(response, calls++ === 0 ? 503 : 200, {}));
    const definition = workflow([
      call(server.origin, 'send', '/send', { method: 'POST', body: { a: 1 }, retryIntervals: [30, 30, 30] }),
    ]);

    // The first attempt, as a run that then handed its retry wait back.
    const handBack = new AbortController();
    const first = await runWorkflow(definition, {
      ...recordingOptions({ runId: 'same-run' }),
      signal: handBack.signal,
      sleep: () => {
        handBack.abort();
        return Promise.reject(new Error('handed back'));
      },
    });
    expect(first.steps.send).toMatchObject({ status: 'failed', attempts: 1, error: { type: 'cancelled' } });
    expect(server.requests).toHaveLength(1);
    const firstKey = server.requests[0]!.headers['idempotency-key'];
    expect(firstKey).toEqual(expect.any(String));

    const resumed = recordingOptions({ runId: 'same-run' });
    const result = await resumeWorkflow(definition, resumed, { steps: {}, next: { stepId: 'send', attempt: 2 } });
    expect(result.steps.send).toMatchObject({ status: 'succeeded', attempts: 2 });
    expect(resumed.sleeps).toEqual([]);
    expect(resumed.events.find((event) => event.type === 'attempt_started')).toMatchObject({ attempt: 2 });
    expect(server.requests).toHaveLength(2);
    expect(server.requests[1]!.headers['idempotency-key']).toBe(firstKey);
  });

  it('continues a step from when it first started: reported started once, its duration and time limit counted from then', async () => {
    const server = await serve((_request, response) => json(response, 200, {}));
    const definition = workflow([call(server.origin, 'send', '/send', { retryIntervals: [30, 30] })]);
    const startedAt = Date.now() - 5_000;
    const resumed = recordingOptions({ runId: 'long-run' });
    const result = await resumeWorkflow(definition, resumed, {
      steps: {},
      next: { stepId: 'send', attempt: 2, startedAt },
    });
    expect(result.steps.send).toMatchObject({ status: 'succeeded', attempts: 2 });
    expect(resumed.events.filter((event) => event.type === 'step_started')).toEqual([]);
    const finished = resumed.events.find((event) => event.type === 'step_finished');
    expect(finished).toMatchObject({ startedAt });
    expect(finished?.type === 'step_finished' && finished.durationMs).toBeGreaterThanOrEqual(5_000);

    // Past its time limit already (5 s spent of 3): it fails with timeout, sending nothing.
    const late = recordingOptions({ runId: 'late-run' });
    const timedOut = await resumeWorkflow(
      definition,
      late,
      { steps: {}, next: { stepId: 'send', attempt: 2, startedAt } },
      { stepTimeLimitMs: 3_000 },
    );
    expect(timedOut.steps.send).toMatchObject({ status: 'failed', error: { type: 'timeout' } });
    expect(server.requests).toHaveLength(1);
  });

  it('ends a wait step that was resumed after its wait at once', async () => {
    const options = recordingOptions({ runId: 'resumed-wait' });
    const result = await resumeWorkflow(
      workflow([{ id: 'pause', type: 'action', action: 'wait', name: 'Pause', config: { seconds: 3600 } }]),
      options,
      { steps: {}, next: { stepId: 'pause', attempt: 2 } },
    );
    expect(result.steps.pause).toMatchObject({ status: 'succeeded' });
    expect(options.sleeps).toEqual([]);
  });
});
