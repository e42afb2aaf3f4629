// `workflow-editor worker --actions <module>` as a process, against a real redis-server:
// its runs are validated with the module's catalog (an invalid host config fails with the
// problems, nothing run) and run with its handlers, which call a real server. A worker
// started with the deprecated --handlers still runs as before (any config of its actions
// accepted), and says once why to move.

import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRunQueue } from '../../src/queue';
import { buildCli, type BuiltCli } from '../cli/build-cli';
import { slackActionsModuleSource, writeBundledModule } from '../cli/host-actions-module';
import { invalidSlackConfig, slackWorkflow, validSlackConfig } from '../cli/slack-actions';
import { json, startServer, type TestServer } from '../executor/servers';
import { startRedis, type TestRedis } from './redis-server';

const SLACK_TOKEN = 'xoxb-secret-token-of-the-cli-worker';

let cli: BuiltCli;
let redis: TestRedis;
let slack: TestServer;
let dir: string;

beforeAll(async () => {
  [cli, redis, slack] = await Promise.all([
    buildCli(),
    startRedis(),
    startServer((_request, response) => json(response, 200, { ok: true, ts: '1712.0003' })),
  ]);
  dir = mkdtempSync(path.join(tmpdir(), 'wfe-cli-worker-actions-'));
  await writeBundledModule(path.join(dir, 'actions.mjs'), slackActionsModuleSource(slack.origin));
  writeFileSync(path.join(dir, 'handlers.mjs'), 'export default { post_to_slack: () => ({ posted: true }) };\n');
  writeFileSync(path.join(dir, 'secrets.json'), JSON.stringify({ slack_token: SLACK_TOKEN }));
}, 60_000);

afterAll(async () => {
  cli.remove();
  await slack.close();
  await redis.dispose();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** Starts the worker on `queue` with `extra` options, in the test's folder; resolves once it takes runs. */
async function startWorker(queue: string, extra: string[]) {
  const args = ['worker', '--redis', redis.url, '--queue', queue, '--secrets', 'secrets.json', ...extra];
  const child = spawn(process.execPath, [cli.cliPath, ...args], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  await expect.poll(() => stderr, { timeout: 20_000 }).toContain('taking runs from');
  return {
    stderr: () => stderr,
    stop: async () => {
      child.kill('SIGTERM');
      return exited;
    },
  };
}

describe('workflow-editor worker --actions', () => {
  it('validates each run with the catalog: an invalid host config fails with the problems, a valid one runs', async () => {
    const worker = await startWorker('cli-actions-q', ['--actions', 'actions.mjs']);
    expect(worker.stderr()).toContain('taking runs from');
    const queue = createRunQueue({ connection: redis.url, queueName: 'cli-actions-q' });
    try {
      const invalid = await queue.waitForRun(
        await queue.enqueue(slackWorkflow(invalidSlackConfig), { trigger: { invoiceId: 'inv_1' } }),
        { timeoutMs: 20_000 },
      );
      expect(invalid.status).toBe('failed');
      expect(invalid.steps).toEqual({});
      expect(invalid.problems?.map((problem) => problem.path).sort()).toEqual([
        '/steps/0/config/level',
        '/steps/0/config/mention',
        '/steps/0/config/token',
      ]);
      expect(slack.requests).toHaveLength(0);

      const valid = await queue.waitForRun(
        await queue.enqueue(slackWorkflow(validSlackConfig), { trigger: { invoiceId: 'inv_2' } }),
        { timeoutMs: 20_000 },
      );
      expect(valid.status).toBe('succeeded');
      expect(valid.steps.tell_billing).toMatchObject({ status: 'succeeded', output: { ok: true, ts: '1712.0003' } });
      expect(slack.requests).toHaveLength(1);
      expect(slack.requests[0]!.headers.authorization).toBe(`Bearer ${SLACK_TOKEN}`);
      expect(JSON.stringify(valid)).not.toContain(SLACK_TOKEN);
    } finally {
      await queue.close();
    }
    expect(await worker.stop()).toBe(0);
    expect(worker.stderr()).not.toContain('deprecated');
    expect(worker.stderr()).not.toContain(SLACK_TOKEN);
  }, 60_000);

  it('--handlers still runs host actions, without a catalog, and says once that it is deprecated', async () => {
    const worker = await startWorker('cli-handlers-q', ['--handlers', 'handlers.mjs']);
    const lines = worker.stderr().split('\n');
    expect(lines.filter((line) => line.includes('--handlers is deprecated'))).toHaveLength(1);
    expect(worker.stderr()).toContain('give --actions <module> that exports "catalog" and "handlers" instead');
    const queue = createRunQueue({ connection: redis.url, queueName: 'cli-handlers-q' });
    try {
      // As before: without a catalog any config of the action is accepted, the invalid one too.
      const result = await queue.waitForRun(
        await queue.enqueue(slackWorkflow(invalidSlackConfig), { trigger: { invoiceId: 'inv_3' } }),
        { timeoutMs: 20_000 },
      );
      expect(result.status).toBe('succeeded');
      expect(result.steps.tell_billing!.output).toEqual({ posted: true });
    } finally {
      await queue.close();
    }
    expect(await worker.stop()).toBe(0);
  }, 60_000);
});
