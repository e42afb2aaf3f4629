// `workflow-editor worker` and a Redis it cannot reach, as the built executable: at
// startup it says why on stderr (one line per distinct failure, never the password) and
// exits 4 once --connect-timeout has passed, instead of waiting in silence forever; once
// connected, an outage is one line when the connection is lost and one when it is back,
// and the worker carries on.

import { spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, startRedis } from '../queue/redis-server';
import { buildCli, type BuiltCli } from './build-cli';

let builtCli: BuiltCli | undefined;

beforeAll(async () => {
  builtCli = await buildCli();
}, 60_000);

afterAll(() => builtCli?.remove());

/** The worker as a child process: its stderr so far, and its exit code once it exits. */
function startWorker(args: string[]): { stderr: () => string; exited: Promise<number | null>; stop: () => void } {
  const child = spawn(process.execPath, [builtCli!.cliPath, 'worker', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { stderr: () => stderr, exited, stop: () => child.kill('SIGTERM') };
}

describe('workflow-editor worker and an unreachable Redis', () => {
  it('says why on stderr and exits 4 once --connect-timeout has passed', async () => {
    const port = await freePort();
    const started = Date.now();
    const worker = startWorker(['--redis', `redis://127.0.0.1:${port}`, '--connect-timeout', '1']);
    // Settles the test at 10 s rather than vitest's timeout, and stops a worker that would wait forever.
    const watchdog = setTimeout(worker.stop, 10_000);
    const code = await worker.exited;
    clearTimeout(watchdog);
    const elapsed = Date.now() - started;

    expect(code).toBe(4);
    expect(elapsed).toBeGreaterThanOrEqual(1_000);
    expect(elapsed).toBeLessThan(5_000);
    // ioredis retried several times within the second: the failure is one line all the same.
    expect(worker.stderr()).toBe(
      `workflow-editor worker: cannot connect to Redis at redis://127.0.0.1:${port}: connect ECONNREFUSED 127.0.0.1:${port}.\n` +
        `workflow-editor worker: giving up: no connection to Redis at redis://127.0.0.1:${port} within 1 s (--connect-timeout); exit code 4.\n`,
    );
  }, 20_000);

  it('never shows the password from the URL', async () => {
    const port = await freePort();
    const worker = startWorker(['--redis', `redis://ops:s3cr3t-Pa55@127.0.0.1:${port}`, '--connect-timeout', '1']);
    const watchdog = setTimeout(worker.stop, 10_000);
    expect(await worker.exited).toBe(4);
    clearTimeout(watchdog);
    expect(worker.stderr()).toContain(
      `cannot connect to Redis at redis://ops:***@127.0.0.1:${port}: connect ECONNREFUSED`,
    );
    expect(worker.stderr()).not.toContain('s3cr3t');
  }, 20_000);

  it('--help documents --connect-timeout and exit code 4', async () => {
    const worker = spawn(process.execPath, [builtCli!.cliPath, 'worker', '--help'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    worker.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    expect(await new Promise((resolve) => worker.once('exit', resolve))).toBe(0);
    expect(stdout).toMatch(/^ {2}--connect-timeout <s> /m);
    expect(stdout).toMatch(/^ {2}4 {2}no connection to Redis within --connect-timeout/m);
  });

  it('once connected, rides out an outage: one line when it is lost, one when it is back', async () => {
    const redis = await startRedis();
    const worker = startWorker(['--redis', redis.url, '--connect-timeout', '1']);
    try {
      await expect.poll(worker.stderr, { timeout: 10_000 }).toContain('taking runs from');
      await redis.stop();
      await expect.poll(worker.stderr, { timeout: 10_000 }).toContain('lost the connection');
      // Past the startup window, and through several of ioredis's retries: still running, still one line.
      await new Promise((resolve) => setTimeout(resolve, 2_500));
      await redis.start();
      await expect.poll(worker.stderr, { timeout: 10_000 }).toContain(`connected to Redis at ${redis.url} again`);
      worker.stop();
      expect(await worker.exited).toBe(0);
      expect(worker.stderr()).toBe(
        `workflow-editor worker: taking runs from ${redis.url}, queue workflow-runs, 10 at once.\n` +
          `workflow-editor worker: lost the connection to Redis at ${redis.url}; reconnecting, and taking runs again once it is back.\n` +
          `workflow-editor worker: connected to Redis at ${redis.url} again.\n` +
          'workflow-editor worker: stopping; runs in progress have 10 s to finish before they go back to the queue.\n' +
          'workflow-editor worker: stopped.\n',
      );
    } finally {
      worker.stop();
      await redis.dispose();
    }
  }, 40_000);
});
