// One worker process for the crash and restart tests: started by a test as a child
// process, it takes runs from the queue the environment names and reports on stdout
// when it is ready and when a step starts or finishes (so a test can kill it while it
// holds steps in flight). SIGTERM closes it gracefully.

import { startRunWorker, type RunEvent } from '../../src/queue';

const worker = startRunWorker({
  connection: process.env.WFE_REDIS_URL!,
  queueName: process.env.WFE_QUEUE_NAME!,
  concurrency: Number(process.env.WFE_CONCURRENCY ?? 10),
  // Short, so a killed worker's runs move on within seconds in the tests.
  lockDurationMs: Number(process.env.WFE_LOCK_MS ?? 2_000),
  stalledIntervalMs: Number(process.env.WFE_LOCK_MS ?? 2_000) / 2,
  network: {
    allowPrivateNetwork: true,
    allowHttp: process.env.WFE_ALLOW_HTTP === '1',
    ...(process.env.WFE_CA ? { ca: process.env.WFE_CA } : {}),
  },
  // The tests follow the steps in flight; a benchmark's workers stay quiet.
  ...(process.env.WFE_QUIET === '1'
    ? {}
    : {
        onEvent: (event: RunEvent) => {
          if (event.type === 'step_started' || event.type === 'step_finished') {
            process.stdout.write(`${event.type} ${event.runId} ${event.stepId}\n`);
          }
        },
      }),
});

await worker.ready();
process.stdout.write('ready\n');

process.on('SIGTERM', () => {
  void worker.close().then(() => process.exit(0));
});
