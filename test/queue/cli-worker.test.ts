// `workflow-editor worker` as a process: it takes runs from a real redis-server, runs host
// actions from a handlers module with secrets from a file, and stops gracefully on
// SIGTERM. Usage errors exit 2 with one line.

import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Workflow } from '../../src/definition';
import { createRunQueue } from '../../src/queue';
import { buildCli, type BuiltCli } from '../cli/build-cli';
import { workflow } from '../executor/helpers';
import { json, startServer, type TestServer } from '../executor/servers';
import { startRedis, type TestRedis } from './redis-server';

let cli: BuiltCli;
let redis: TestRedis;
let server: TestServer;
let dir: string;

beforeAll(async () => {
  [cli, redis, server] = await Promise.all([
    buildCli(),
    startRedis(),
    startServer((request, response) => json(response, 200, { key: request.headers['x-api-key'] ?? null })),
  ]);
  dir = mkdtempSync(path.join(tmpdir(), 'wfe-cli-worker-'));
  writeFileSync(
    path.join(dir, 'handlers.mjs'),
    'export default { greet: ({ config }) => ({ greeting: `hello ${config.name}` }) };\n',
  );
  writeFileSync(path.join(dir, 'secrets.json'), JSON.stringify({ api_key: 'sk_cli_worker_secret' }));
}, 60_000);

afterAll(async () => {
  cli.remove();
  await server.close();
  await redis.dispose();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('workflow-editor worker', () => {
  it('carries out queued runs with handlers and secrets, and stops on SIGTERM', async () => {
    const args = [
      'worker',
      '--redis',
      redis.url,
      '--queue',
      'cli-q',
      '--handlers',
      path.join(dir, 'handlers.mjs'),
      '--secrets',
      path.join(dir, 'secrets.json'),
      '--allow-http',
      '--allow-private-network',
    ];
    const child = spawn(process.execPath, [cli.cliPath, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    await expect.poll(() => stderr, { timeout: 20_000 }).toContain('taking runs from');
    expect(stderr).toContain('queue cli-q, 10 at once');

    const queue = createRunQueue({ connection: redis.url, queueName: 'cli-q' });
    try {
      const definition = workflow([
        { id: 'hello', type: 'action', action: 'greet', name: 'Hello', config: { name: 'Ada' } },
        {
          id: 'call',
          type: 'action',
          action: 'https_request',
          name: 'Call',
          config: {
            url: `${server.origin}/with-key`,
            method: 'GET',
            headers: [{ key: 'X-Api-Key', value: '{{ secrets.api_key }}' }],
          },
        },
      ]) as unknown as Workflow;
      const result = await queue.waitForRun(await queue.enqueue(definition), { timeoutMs: 20_000 });
      expect(result.status).toBe('succeeded');
      expect(result.steps.hello!.output).toEqual({ greeting: 'hello Ada' });
      expect(server.requests.at(-1)!.headers['x-api-key']).toBe('sk_cli_worker_secret');
      // Stored and reported redacted.
      expect(JSON.stringify(result)).not.toContain('sk_cli_worker_secret');
    } finally {
      await queue.close();
    }

    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(stderr).toContain('workflow-editor worker: stopped.');
    expect(stderr).not.toContain('sk_cli_worker_secret');
  }, 60_000);

  it('refuses to start without --redis, with one line and exit code 2', () => {
    const result = spawnSync(process.execPath, [cli.cliPath, 'worker'], { encoding: 'utf8' });
    expect(result.status).toBe(2);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toContain('--redis');
  });
});
