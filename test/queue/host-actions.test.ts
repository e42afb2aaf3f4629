// A queue worker given the host's catalog validates every run with it before anything
// runs, as runWorkflow({ catalog, handlers }) does: against a real redis-server, a run
// whose host config breaks the action's schema and its own rule fails with the problems
// (its handler never called), and a valid one runs, its handler calling a real server.

import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { ActionCatalog } from '../../src/definition';
import { createRunQueue, startRunWorker, type RunQueue, type RunWorker } from '../../src/queue';
import { invalidSlackConfig, slackWorkflow, validSlackConfig, createSlackActions } from '../cli/slack-actions';
import { json, startServer, type TestServer } from '../executor/servers';
import { startRedis, type TestRedis } from './redis-server';

const SLACK_TOKEN = 'xoxb-secret-token-of-the-worker';

let redis: TestRedis;
let slack: TestServer;

beforeAll(async () => {
  [redis, slack] = await Promise.all([
    startRedis(),
    startServer((_request, response) => json(response, 200, { ok: true, ts: '1712.0002' })),
  ]);
}, 30_000);

afterAll(async () => {
  await slack.close();
  await redis.dispose();
});

const open: { close: () => Promise<void> }[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((item) => item.close()));
});

let queueCount = 0;

/** A queue of its own and a worker on it with the Slack action's catalog and handlers. */
function queueWithWorker(): { queue: RunQueue; worker: RunWorker } {
  const queueName = `host-actions-${++queueCount}-${Date.now()}`;
  const queue = createRunQueue({ connection: redis.url, queueName });
  const { catalog, handlers } = createSlackActions(slack.origin);
  const worker = startRunWorker({
    connection: redis.url,
    queueName,
    catalog,
    handlers,
    secrets: { slack_token: SLACK_TOKEN },
  });
  open.push(worker, queue);
  return { queue, worker };
}

describe('startRunWorker({ catalog })', () => {
  it("refuses a run whose host config breaks the action's schema or rule: failed with the problems, nothing run", async () => {
    const { queue } = queueWithWorker();
    const before = slack.requests.length;
    const runId = await queue.enqueue(slackWorkflow(invalidSlackConfig), { trigger: { invoiceId: 'inv_7' } });
    const result = await queue.waitForRun(runId, { timeoutMs: 20_000 });
    expect(result.status).toBe('failed');
    expect(result.steps).toEqual({});
    expect(result.problems?.map((problem) => problem.path).sort()).toEqual([
      '/steps/0/config/level',
      '/steps/0/config/mention',
      '/steps/0/config/token',
    ]);
    expect(result.problems?.find((problem) => problem.path === '/steps/0/config/token')?.message).toContain(
      'exactly one secret reference',
    );
    expect(slack.requests).toHaveLength(before);
  });

  it('runs a valid one after an invalid one: the handler gets the resolved config and calls the server', async () => {
    const { queue } = queueWithWorker();
    const refused = await queue.waitForRun(await queue.enqueue(slackWorkflow(invalidSlackConfig)), {
      timeoutMs: 20_000,
    });
    expect(refused.problems).toHaveLength(3);
    const before = slack.requests.length;
    const runId = await queue.enqueue(slackWorkflow(validSlackConfig), { trigger: { invoiceId: 'inv_8' } });
    const result = await queue.waitForRun(runId, { timeoutMs: 20_000 });
    expect(result.status).toBe('succeeded');
    expect(result.steps.tell_billing).toMatchObject({ status: 'succeeded', output: { ok: true, ts: '1712.0002' } });
    expect(slack.requests).toHaveLength(before + 1);
    expect(slack.requests.at(-1)!.headers.authorization).toBe(`Bearer ${SLACK_TOKEN}`);
    expect(JSON.parse(slack.requests.at(-1)!.body.toString())).toMatchObject({ text: 'Invoice inv_8 is overdue' });
  });

  it('throws at startup for a catalog that is not one (a programmer error), before it connects', () => {
    expect(() =>
      startRunWorker({ connection: redis.url, catalog: { actions: [] } as unknown as ActionCatalog }),
    ).toThrow(new TypeError('startRunWorker: catalog must be an action catalog (see createActionCatalog).'));
  });
});
