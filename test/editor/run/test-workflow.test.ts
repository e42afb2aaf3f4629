// "Test workflow" without React: createRunView folds a run's events into the snapshot the
// canvas draws, and runWorkflowInPage (the default handler) runs the reference executor
// with the sample trigger, under the host's network policy only, against a real server
// on 127.0.0.1.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Workflow } from '../../../src/definition';
import { builtInCatalog } from '../../../src/definition';
import { createRunView } from '../../../src/editor/run/create-run-view';
import { runWorkflowInPage } from '../../../src/editor/run/test-workflow';
import type { RunEvent } from '../../../src/executor';
import { startServer, type TestServer } from '../../executor/servers';

let server: TestServer;
beforeAll(async () => {
  server = await startServer((request, response) => {
    if (request.url.startsWith('/fail')) {
      response.writeHead(503, { 'content-type': 'application/json' });
      response.end('{"error":"unavailable"}');
      return;
    }
    response.writeHead(200, { 'content-type': 'application/json' });
    response.end(JSON.stringify({ score: 85, received: JSON.parse(request.body.toString('utf8') || 'null') }));
  });
});
afterAll(() => server.close());

/** One letter per step state, so a whole run's states read as one word. */
const STATE_LETTER = { waiting: 'w', running: 'r', succeeded: 'S', failed: 'F', skipped: '-' } as const;

function workflow(origin: string): Workflow {
  return {
    schemaVersion: 1,
    kind: 'workflow',
    id: 'route',
    name: 'Route',
    trigger: { event: 'inquiry.completed' },
    steps: [
      {
        id: 'score',
        type: 'action',
        action: 'https_request',
        name: 'Score',
        config: {
          url: `${origin}/score`,
          method: 'POST',
          body: { inquiryId: '{{ trigger.inquiryId }}' },
          responseSchema: { type: 'object', properties: { score: { type: 'number' } } },
        },
      },
      {
        id: 'route',
        type: 'branch',
        name: 'Route',
        branches: [
          {
            id: 'high',
            name: 'High',
            when: { all: [{ left: '{{ steps.score.output.body.score }}', op: 'gte', right: 70 }] },
            steps: [
              {
                id: 'notify',
                type: 'action',
                action: 'https_request',
                name: 'Notify',
                config: { url: `${origin}/notify`, method: 'POST' },
              },
            ],
          },
          {
            id: 'low',
            name: 'Otherwise',
            steps: [
              {
                id: 'approve',
                type: 'action',
                action: 'https_request',
                name: 'Approve',
                config: { url: `${origin}/approve`, method: 'POST' },
              },
            ],
          },
        ],
      },
      {
        id: 'crm',
        type: 'action',
        action: 'https_request',
        name: 'CRM',
        config: { url: `${origin}/fail`, method: 'POST', continueOnError: true },
      },
      {
        id: 'close',
        type: 'action',
        action: 'https_request',
        name: 'Close',
        config: { url: `${origin}/close`, method: 'POST' },
      },
    ],
  };
}

describe('runWorkflowInPage', () => {
  it('runs with the sample trigger under the given network policy, and the run view follows its events', async () => {
    const definition = workflow(server.origin);
    const view = createRunView(definition);
    const seen: string[] = [];
    view.subscribe(() => {
      const run = view.getRun();
      if (run)
        seen.push(
          Object.values(run.steps)
            .map((step) => STATE_LETTER[step.status])
            .join(''),
        );
    });
    const events: RunEvent[] = [];
    const result = await runWorkflowInPage({
      network: { allowHttp: true, allowPrivateNetwork: true },
      catalog: builtInCatalog,
    })(definition, {
      trigger: { inquiryId: 'inq_1' },
      runId: 'test_1',
      signal: new AbortController().signal,
      onEvent: (event) => {
        events.push(event);
        view.onEvent(event);
      },
    });
    expect(result.status).toBe('succeeded');
    expect(result.runId).toBe('test_1');
    expect(result.steps.score?.output).toMatchObject({ body: { received: { inquiryId: 'inq_1' } } });
    const run = view.getRun();
    expect(run?.status).toBe('succeeded');
    expect(run?.steps.route?.branchId).toBe('high');
    expect(run?.steps.approve?.status).toBe('skipped');
    // The failed step continued: it and the step after it show both.
    expect(run?.steps.crm).toMatchObject({ status: 'failed', error: { type: 'http_status', status: 503 } });
    expect(run?.steps.close?.status).toBe('succeeded');
    // The page run reports inputs for the run details.
    expect(run?.steps.score?.input).toEqual({
      url: `${server.origin}/score`,
      method: 'POST',
      body: { inquiryId: 'inq_1' },
      responseSchema: { type: 'object', properties: { score: { type: 'number' } } },
    });
    // States in workflow order: the first change starts the score step while the rest wait.
    expect(seen[0]).toBe('rwwwww');
    expect(seen.at(-1)).toBe('SSS-FS');
    // Each step finished after the one before it.
    const finishedAt = seen.map((states) => states.replace(/[wr-]/g, '').length);
    expect(finishedAt).toEqual([...finishedAt].sort((a, b) => a - b));
  });

  it('refuses the loopback server unless the host opens the network policy', async () => {
    const before = server.requests.length;
    const result = await runWorkflowInPage()(workflow(server.origin), {
      runId: 'test_2',
      signal: new AbortController().signal,
      onEvent: () => undefined,
    });
    expect(result.status).toBe('failed');
    expect(server.requests.length).toBe(before);
  });

  it('ends as cancelled when the signal aborts', async () => {
    const controller = new AbortController();
    const view = createRunView(workflow(server.origin));
    const result = await runWorkflowInPage({ network: { allowHttp: true, allowPrivateNetwork: true } })(
      workflow(server.origin),
      {
        trigger: { inquiryId: 'inq_1' },
        runId: 'test_3',
        signal: controller.signal,
        onEvent: (event) => {
          view.onEvent(event);
          if (event.type === 'step_finished' && event.stepId === 'score') controller.abort();
        },
      },
    );
    expect(result.status).toBe('failed');
    const run = view.getRun();
    expect(run?.steps.route).toMatchObject({ status: 'failed', error: { type: 'cancelled' } });
    expect(run?.steps.close?.status).toBe('skipped');
  });
});

describe('createRunView', () => {
  it('starts afresh for another run, notifies only on change, and forgets on reset', () => {
    const definition = workflow('https://example.com');
    const view = createRunView(definition);
    let notified = 0;
    const unsubscribe = view.subscribe(() => {
      notified += 1;
    });
    expect(view.getRun()).toBeNull();
    view.onEvent({ type: 'step_started', runId: 'a', stepId: 'score', action: 'https_request', at: 1 });
    expect(view.getRun()?.steps.score?.status).toBe('running');
    expect(notified).toBe(1);
    // A step it does not know changes nothing.
    view.onEvent({ type: 'step_started', runId: 'a', stepId: 'nope', action: 'https_request', at: 2 });
    expect(notified).toBe(1);
    view.onEvent({ type: 'step_started', runId: 'b', stepId: 'crm', action: 'https_request', at: 3 });
    expect(view.getRun()?.runId).toBe('b');
    expect(view.getRun()?.steps.score?.status).toBe('waiting');
    view.reset();
    expect(view.getRun()).toBeNull();
    expect(notified).toBe(3);
    unsubscribe();
    view.onEvent({ type: 'step_started', runId: 'c', stepId: 'crm', action: 'https_request', at: 4 });
    expect(notified).toBe(3);
  });
});
