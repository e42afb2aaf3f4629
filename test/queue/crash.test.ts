// Durability with real processes: three worker processes carry out 200 runs of a
// three-step workflow with a branch against a loopback HTTPS server; one is killed with
// SIGKILL while it holds steps in flight and a fresh one started. Every run completes
// once; a step sent again carries the same Idempotency-Key. Then redis-server itself is
// stopped and restarted (AOF, fsync always) under load: the workers reconnect and no run
// is lost.

import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRunQueue, type RunQueue } from '../../src/queue';
import { startHttpsServer, testCertificate, type TestServer } from '../executor/servers';
import { startRedis, type TestRedis } from './redis-server';
import { threeStepWorkflow } from './workflows';

const WORKER_SCRIPT = fileURLToPath(new URL('./worker-process.ts', import.meta.url));

let redis: TestRedis;
let server: TestServer;
let ca: string;
const children = new Set<ChildProcess>();

beforeAll(async () => {
  redis = await startRedis({ durable: true });
  const certificate = await testCertificate();
  ca = certificate.cert;
  server = await startHttpsServer(certificate, (request, response) => {
    // Slow enough that a worker killed mid-load holds steps in flight.
    setTimeout(() => {
      const query = new URL(request.url, 'https://x').searchParams;
      const risk = (Number.parseInt(query.get('run')?.replace(/\D/g, '') || '0', 10) * 37) % 100;
      const text = JSON.stringify({ risk });
      response.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
      response.end(text);
    }, 40);
  });
}, 60_000);

afterAll(async () => {
  for (const child of children) child.kill('SIGKILL');
  await server.close();
  await redis.dispose();
});

/** A worker process; resolves once it is ready. `inFlight` counts the steps it has started and not finished. */
async function startWorker(queueName: string): Promise<{ child: ChildProcess; inFlight: () => number }> {
  const child = spawn(process.execPath, ['--import', 'tsx', WORKER_SCRIPT], {
    env: { ...process.env, WFE_REDIS_URL: redis.url, WFE_QUEUE_NAME: queueName, WFE_CA: ca, WFE_CONCURRENCY: '10' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  children.add(child);
  child.once('exit', () => children.delete(child));
  const open = new Set<string>();
  const lines = createInterface({ input: child.stdout });
  await new Promise<void>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`worker exited early (${code})`)));
    lines.on('line', (line) => {
      const [kind, runId, stepId] = line.split(' ');
      if (kind === 'ready') resolve();
      else if (kind === 'step_started') open.add(`${runId}/${stepId}`);
      else if (kind === 'step_finished') open.delete(`${runId}/${stepId}`);
    });
  });
  return { child, inFlight: () => open.size };
}

/** Per run and step: the Idempotency-Keys the server saw, and how many deliveries. */
function deliveries(): Map<string, { keys: Set<string>; count: number }> {
  const byStep = new Map<string, { keys: Set<string>; count: number }>();
  for (const request of server.requests) {
    const query = new URL(request.url, 'https://x').searchParams;
    const id = `${query.get('run')}/${query.get('step')}`;
    const entry = byStep.get(id) ?? { keys: new Set(), count: 0 };
    entry.keys.add(String(request.headers['idempotency-key']));
    entry.count += 1;
    byStep.set(id, entry);
  }
  return byStep;
}

async function finishedCounts(queueName: string, runIds: string[]): Promise<number[]> {
  const client = new Redis(redis.url);
  try {
    return await Promise.all(
      runIds.map(async (runId) => {
        const entries = await client.xrange(`bull:wfe:${queueName}:events:${runId}`, '-', '+');
        return entries.filter(([, fields]) => fields[1]?.includes('"type":"run_finished"')).length;
      }),
    );
  } finally {
    client.disconnect();
  }
}

async function waitForAll(queue: RunQueue, runIds: string[]): Promise<void> {
  const results = await Promise.all(runIds.map((runId) => queue.waitForRun(runId, { timeoutMs: 120_000 })));
  for (const result of results) expect(result.status).toBe('succeeded');
}

describe('worker processes', () => {
  it('lose no run when one is killed with SIGKILL mid-step', async () => {
    const queueName = `crash-${Date.now()}`;
    const queue = createRunQueue({ connection: redis.url, queueName });
    try {
      const workers = await Promise.all([startWorker(queueName), startWorker(queueName), startWorker(queueName)]);
      const runIds = Array.from({ length: 200 }, (_, index) => `crash-${index}`);
      await Promise.all(runIds.map((runId) => queue.enqueue(threeStepWorkflow(server.origin), { runId })));

      const victim = workers[0];
      await expect
        .poll(() => victim.inFlight() >= 5 && server.requests.length >= 60, { timeout: 60_000, interval: 5 })
        .toBe(true);
      const heldWhenKilled = victim.inFlight();
      victim.child.kill('SIGKILL');
      await startWorker(queueName);

      await waitForAll(queue, runIds);
      const byStep = deliveries();
      const steps = [...byStep.entries()].filter(([id]) => id.startsWith('crash-'));
      // Three steps a run: score, one branch's step, notify.
      expect(steps).toHaveLength(600);
      for (const [, entry] of steps) expect(entry.keys.size).toBe(1);
      const duplicates = steps.filter(([, entry]) => entry.count > 1).length;
      const counts = await finishedCounts(queueName, runIds);
      console.log(
        'finished counts',
        JSON.stringify(
          counts.reduce<Record<number, number>>((all, count) => ({ ...all, [count]: (all[count] ?? 0) + 1 }), {}),
        ),
      );
      expect(counts).toEqual(runIds.map(() => 1));
      console.log(
        `crash test: 200 runs, 1 worker killed holding ${heldWhenKilled} steps, ${duplicates} steps delivered twice (same key), 0 lost`,
      );
    } finally {
      await queue.close();
      for (const child of children) child.kill('SIGTERM');
    }
  }, 180_000);

  it('lose no run when redis-server restarts under load', async () => {
    const queueName = `restart-${Date.now()}`;
    const queue = createRunQueue({ connection: redis.url, queueName });
    try {
      await Promise.all([startWorker(queueName), startWorker(queueName)]);
      const runIds = Array.from({ length: 100 }, (_, index) => `restart-${index}`);
      await Promise.all(runIds.map((runId) => queue.enqueue(threeStepWorkflow(server.origin), { runId })));
      await expect
        .poll(() => [...deliveries().keys()].filter((id) => id.startsWith('restart-')).length, {
          timeout: 60_000,
          interval: 5,
        })
        .toBeGreaterThan(30);
      await redis.stop();
      await new Promise((resolve) => setTimeout(resolve, 500));
      await redis.start();

      await waitForAll(queue, runIds);
      const steps = [...deliveries().entries()].filter(([id]) => id.startsWith('restart-'));
      expect(steps).toHaveLength(300);
      for (const [, entry] of steps) expect(entry.keys.size).toBe(1);
      expect(await finishedCounts(queueName, runIds)).toEqual(runIds.map(() => 1));
    } finally {
      await queue.close();
      for (const child of children) child.kill('SIGTERM');
    }
  }, 180_000);
});
