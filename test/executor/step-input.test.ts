// `reportStepInput`: each action step's `step_finished` event carries the config it ran
// with (references resolved, secret values redacted), and the run snapshot keeps it for a
// run view's step details. Runs against a real server on 127.0.0.1.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JsonObject } from '../../src/definition';
import { applyRunEvent, createRunSnapshot, runWorkflow, type RunEvent } from '../../src/executor';
import { LOOPBACK, workflow } from './helpers';
import { startServer, type TestServer } from './servers';

let server: TestServer;
beforeAll(async () => {
  server = await startServer((request, response) => {
    const status = request.url.startsWith('/fail') ? 500 : 200;
    response.writeHead(status, { 'content-type': 'application/json' });
    response.end(JSON.stringify({ score: 85 }));
  });
});
afterAll(() => server.close());

const SECRET = 'sk_live_abcdef123456';

function steps(origin: string): JsonObject[] {
  return [
    {
      id: 'score',
      type: 'action',
      action: 'https_request',
      name: 'Score',
      config: {
        url: `${origin}/score/{{ trigger.userId }}`,
        method: 'POST',
        headers: [{ key: 'Authorization', value: 'Bearer {{ secrets.api_key }}' }],
        query: [{ key: 'source', value: '{{ trigger.source }}' }],
        body: { user: '{{ trigger.userId }}', count: '{{ trigger.count }}', literal: 'no reference' },
        signing: { secret: '{{ secrets.api_key }}' },
      },
    },
    {
      id: 'notify',
      type: 'action',
      action: 'https_request',
      name: 'Notify',
      config: {
        url: `${origin}/fail`,
        method: 'POST',
        body: { score: '{{ steps.score.output.body.score }}', missing: '{{ trigger.nothing_here }}' },
        continueOnError: true,
      },
    },
    {
      id: 'route',
      type: 'branch',
      name: 'Route',
      branches: [{ id: 'always', name: 'Always', steps: [] }],
    },
  ];
}

async function run(reportStepInput: boolean | undefined): Promise<RunEvent[]> {
  const events: RunEvent[] = [];
  const result = await runWorkflow(workflow(steps(server.origin)), {
    trigger: { userId: 'user 7/8', source: 'editor', count: 3 },
    secrets: { api_key: SECRET },
    network: LOOPBACK,
    onEvent: (event) => events.push(event),
    ...(reportStepInput === undefined ? {} : { reportStepInput }),
  });
  expect(result.problems).toBeUndefined();
  return events;
}

function finished(events: RunEvent[], stepId: string): Extract<RunEvent, { type: 'step_finished' }> {
  const event = events.find((candidate) => candidate.type === 'step_finished' && candidate.stepId === stepId);
  if (event?.type !== 'step_finished') throw new Error(`no step_finished for ${stepId}`);
  return event;
}

describe('reportStepInput', () => {
  it('leaves step_finished without input by default', async () => {
    const events = await run(undefined);
    expect(finished(events, 'score')).not.toHaveProperty('input');
    expect(finished(events, 'notify')).not.toHaveProperty('input');
  });

  it("reports an action step's config with references resolved and secret values redacted", async () => {
    const events = await run(true);
    const input = finished(events, 'score').input;
    expect(input).toEqual({
      // Resolved as the URL is sent: the value is one URI component.
      url: `${server.origin}/score/user%207%2F8`,
      method: 'POST',
      headers: [{ key: 'Authorization', value: 'Bearer [redacted]' }],
      query: [{ key: 'source', value: 'editor' }],
      // A string that is one reference keeps the value's JSON type.
      body: { user: 'user 7/8', count: 3, literal: 'no reference' },
      signing: { secret: '[redacted]' },
    });
    expect(JSON.stringify(events)).not.toContain(SECRET);
  });

  it('keeps a reference that did not resolve as written, and reports a failed step that continued', async () => {
    const events = await run(true);
    const notify = finished(events, 'notify');
    expect(notify.status).toBe('failed');
    expect(notify.error?.type).toBe('reference_unresolved');
    expect(notify.input).toEqual({
      url: `${server.origin}/fail`,
      method: 'POST',
      body: { score: 85, missing: '{{ trigger.nothing_here }}' },
      continueOnError: true,
    });
  });

  it('reports no input for a branch step', async () => {
    const events = await run(true);
    expect(finished(events, 'route')).not.toHaveProperty('input');
    expect(finished(events, 'route').branchId).toBe('always');
  });

  it('is kept by the run snapshot', async () => {
    const definition = workflow(steps(server.origin)) as unknown as Parameters<typeof createRunSnapshot>[0];
    const events = await run(true);
    const snapshot = events.reduce(
      (current, event) => applyRunEvent(current, event, definition),
      createRunSnapshot(definition, events[0]!.runId),
    );
    expect(snapshot.steps.score?.input).toEqual(finished(events, 'score').input);
    expect(snapshot.steps.route).not.toHaveProperty('input');
  });

  it('names the option when it is not a boolean', async () => {
    const before = server.requests.length;
    const result = await runWorkflow(workflow(steps(server.origin)), {
      reportStepInput: 'yes' as unknown as boolean,
      network: LOOPBACK,
    });
    expect(result.status).toBe('failed');
    expect(result.problems?.[0]?.message).toBe('options.reportStepInput must be true or false; it is a string.');
    expect(server.requests.length).toBe(before);
  });
});
