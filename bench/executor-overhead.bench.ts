// The executor's per-request overhead: the same POST to a loopback server, sent with a
// bare `fetch` and with `runStep` (validation, templating, signing, idempotency key,
// response schema check and the Node network guard all on). Modes alternate in small
// batches so machine load hits both alike; the figure is the ratio of the medians.
//
//   npx tsx bench/executor-overhead.bench.ts [requestsPerMode]

import { availableParallelism, cpus } from 'node:os';
import { performance } from 'node:perf_hooks';
import { Worker } from 'node:worker_threads';
import { runStep } from '../src/executor';

const REQUESTS_PER_MODE = Number(process.argv[2] ?? 3000);
const BATCH = 50;
const WARMUP = 300;

/** The server runs on its own thread so it does not share the event loop being measured. */
function startServerThread(): Promise<{ url: string; stop: () => Promise<number> }> {
  const worker = new Worker(
    `
    const { createServer } = require('node:http');
    const { parentPort } = require('node:worker_threads');
    const answer = JSON.stringify({ id: 'inq_123', status: 'approved', score: 0.42 });
    const server = createServer((request, response) => {
      request.resume();
      request.on('end', () => {
        response.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(answer) });
        response.end(answer);
      });
    });
    server.keepAliveTimeout = 60000;
    server.listen(0, '127.0.0.1', () => parentPort.postMessage(server.address().port));
    parentPort.on('message', () => server.close(() => process.exit(0)));
    `,
    { eval: true },
  );
  return new Promise((resolve) => {
    worker.once('message', (port: number) => {
      resolve({
        url: `http://127.0.0.1:${port}/inquiries/inq_123`,
        stop: () => {
          worker.postMessage('stop');
          return new Promise((done) => worker.once('exit', done));
        },
      });
    });
  });
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

const { url, stop } = await startServerThread();
const secrets = { crm_api_key: 'key_live_0123456789', crm_signing_secret: 'whsec_0123456789abcdef' };
const trigger = { inquiryId: 'inq_123' };
const body = { status: 'approved', inquiry: 'inq_123', source: 'workflow' };

const step = {
  schemaVersion: 1,
  kind: 'step',
  id: 'notify_crm',
  type: 'action',
  action: 'https_request',
  name: 'Notify CRM',
  config: {
    url: `${url.replace('/inquiries/inq_123', '')}/inquiries/{{ trigger.inquiryId }}`,
    method: 'POST',
    headers: [{ key: 'X-Api-Key', value: '{{ secrets.crm_api_key }}' }],
    body: { status: 'approved', inquiry: '{{ trigger.inquiryId }}', source: 'workflow' },
    responseSchema: {
      type: 'object',
      properties: { id: { type: 'string' }, status: { type: 'string' }, score: { type: 'number' } },
      required: ['id'],
    },
    signing: { secret: '{{ secrets.crm_signing_secret }}' },
  },
};
const options = { trigger, secrets, network: { allowHttp: true, allowPrivateNetwork: true } };

async function bareFetch(): Promise<void> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-api-key': secrets.crm_api_key },
    body: JSON.stringify(body),
  });
  await response.json();
  if (response.status !== 200) throw new Error(`bare fetch got ${response.status}`);
}

async function executor(): Promise<void> {
  const result = await runStep(step, options);
  if (result.status !== 'succeeded') throw new Error(`runStep failed: ${JSON.stringify(result)}`);
}

for (let i = 0; i < WARMUP; i++) {
  await bareFetch();
  await executor();
}

const samples = { bare: [] as number[], executor: [] as number[] };
for (let done = 0; done < REQUESTS_PER_MODE; done += BATCH) {
  // Alternate which mode goes first, so neither always follows the other.
  const order = (done / BATCH) % 2 === 0 ? (['bare', 'executor'] as const) : (['executor', 'bare'] as const);
  for (const mode of order) {
    const send = mode === 'bare' ? bareFetch : executor;
    for (let i = 0; i < BATCH; i++) {
      const start = performance.now();
      await send();
      samples[mode].push((performance.now() - start) * 1000);
    }
  }
}
await stop();

const bareMedian = median(samples.bare);
const executorMedian = median(samples.executor);
const row = (name: string, values: number[]): string =>
  `| ${name} | ${values.length} | ${median(values).toFixed(0)} | ${percentile(values, 90).toFixed(0)} | ${percentile(values, 99).toFixed(0)} |`;

console.log(`Executor overhead, ${new Date().toISOString()}`);
console.log(`Node ${process.version}, ${availableParallelism()} cores (${cpus()[0]?.model ?? 'unknown CPU'})`);
console.log('');
console.log('| mode | requests | median µs | p90 µs | p99 µs |');
console.log('| --- | ---: | ---: | ---: | ---: |');
console.log(row('bare fetch', samples.bare));
console.log(row('runStep', samples.executor));
console.log('');
console.log(`ratio (median runStep / median bare fetch): ${(executorMedian / bareMedian).toFixed(3)}`);
