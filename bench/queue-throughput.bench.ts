// Runs per second through the queue (BullMQ on a local redis-server) with 1, 2 and 4
// worker processes, against in-process `runWorkflow` on the same loopback server, and
// the Redis commands each step costs. Every run is the three-step workflow with a branch
// the crash test uses (three POSTs answered at once). On a 2-core machine more than two
// worker processes compete for the same cores: the figure per added machine is what a
// user should read from the 1 → 2 step.
//
//   npx tsx bench/queue-throughput.bench.ts [runs] [--json <file>]

import { spawn, type ChildProcess } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { Redis } from 'ioredis';
import { runWorkflow } from '../src/executor';
import { createRunQueue } from '../src/queue';
import { startServer } from '../test/executor/servers';
import { startRedis } from '../test/queue/redis-server';
import { threeStepWorkflow } from '../test/queue/workflows';

const RUNS = Number(process.argv.slice(2).find((arg) => /^\d+$/.test(arg)) ?? 400);
const jsonIndex = process.argv.indexOf('--json');
const jsonFile = jsonIndex >= 0 ? process.argv[jsonIndex + 1] : undefined;
const figures: {
  in_process_runs_per_s?: number;
  workers: Record<string, { runs_per_s: number; redis_commands_per_step: number }>;
} = { workers: {} };
const WORKER_SCRIPT = fileURLToPath(new URL('../test/queue/worker-process.ts', import.meta.url));

const server = await startServer((_request, response) => {
  const text = '{"risk":42}';
  response.writeHead(200, { 'content-type': 'application/json', 'content-length': text.length });
  response.end(text);
});
const redis = await startRedis();

// One retry: on a loaded machine a keep-alive connection the server is closing can
// reset now and then, in-process and through the queue alike.
const definition = threeStepWorkflow(server.origin, { retryIntervals: [1] });
const network = { allowHttp: true, allowPrivateNetwork: true };

async function inProcess(): Promise<number> {
  const started = performance.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: 40 }, async () => {
      while (next < RUNS) {
        next += 1;
        await runWorkflow(definition, { network });
      }
    }),
  );
  return RUNS / ((performance.now() - started) / 1000);
}

async function startWorker(queueName: string): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', WORKER_SCRIPT], {
    env: {
      ...process.env,
      WFE_REDIS_URL: redis.url,
      WFE_QUEUE_NAME: queueName,
      WFE_ALLOW_HTTP: '1',
      WFE_QUIET: '1',
      WFE_CONCURRENCY: '40',
      WFE_LOCK_MS: '30000',
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  await new Promise<void>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`worker exited (${code})`)));
    createInterface({ input: child.stdout }).on('line', (line) => line === 'ready' && resolve());
  });
  return child;
}

async function commandCalls(): Promise<number> {
  const client = new Redis(redis.url);
  const stats = await client.info('commandstats');
  client.disconnect();
  return [...stats.matchAll(/calls=(\d+)/g)].reduce((sum, match) => sum + Number(match[1]), 0);
}

async function throughQueue(workers: number): Promise<{ runsPerSecond: number; commandsPerStep: number }> {
  const queueName = `bench-${workers}-${Date.now()}`;
  const children = await Promise.all(Array.from({ length: workers }, () => startWorker(queueName)));
  const queue = createRunQueue({ connection: redis.url, queueName });
  try {
    const before = await commandCalls();
    const started = performance.now();
    const runIds = await Promise.all(Array.from({ length: RUNS }, () => queue.enqueue(definition)));
    const results = await Promise.all(runIds.map((runId) => queue.waitForRun(runId, { timeoutMs: 300_000 })));
    const seconds = (performance.now() - started) / 1000;
    const after = await commandCalls();
    const failed = results.find((result) => result.status !== 'succeeded');
    if (failed)
      throw new Error(`a run failed: ${JSON.stringify(Object.values(failed.steps).find((step) => step.error))}`);
    // The waiting above costs commands too (one blocking read a run): counted, as a host's would be.
    return { runsPerSecond: RUNS / seconds, commandsPerStep: (after - before) / (RUNS * 3) };
  } finally {
    await queue.close();
    await Promise.all(children.map((child) => stopWorker(child)));
  }
}

/** How long a worker gets to close after SIGTERM (it hands runs back after 10 s). */
const STOP_GRACE_MS = 15_000;

/**
 * Stops a worker process with SIGTERM and waits for it to exit; one still there after
 * STOP_GRACE_MS is killed, and said so. A worker left running keeps this process alive
 * (its stdout pipe) and the bench would never end: once, a worker's close never resolved.
 */
async function stopWorker(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => {
    console.error(`a worker process did not exit within ${STOP_GRACE_MS / 1000} s of SIGTERM: killed`);
    child.kill('SIGKILL');
  }, STOP_GRACE_MS);
  await exited;
  clearTimeout(timer);
}

console.log(`${RUNS} runs of 3 steps, ${availableParallelism()} cores, redis-server on loopback\n`);
console.log("| mode | runs/s | Redis commands per step (with those inside BullMQ's scripts) |");
console.log('| --- | --- | --- |');
const inProcessRate = await inProcess();
figures.in_process_runs_per_s = Math.round(inProcessRate);
console.log(`| in-process runWorkflow (40 at once) | ${inProcessRate.toFixed(0)} | – |`);
for (const workers of [1, 2, 4]) {
  const { runsPerSecond, commandsPerStep } = await throughQueue(workers);
  figures.workers[String(workers)] = {
    runs_per_s: Math.round(runsPerSecond),
    redis_commands_per_step: Number(commandsPerStep.toFixed(1)),
  };
  console.log(
    `| queue, ${workers} worker process${workers > 1 ? 'es' : ''} (40 runs each at once) | ${runsPerSecond.toFixed(0)} | ${commandsPerStep.toFixed(1)} |`,
  );
}
await server.close();
await redis.dispose();
if (jsonFile) writeFileSync(jsonFile, JSON.stringify({ queue: { runs: RUNS, ...figures } }));
