// The executor's per-request overhead: the same POST to a loopback server, sent with a
// bare `fetch` and with `runStep` (validation, templating, signing, idempotency key,
// response schema check and the Node network guard all on). Two more modes separate
// the executor's own cost from its HTTP client's: a bare `request` of undici, the
// client runStep sends with in Node, and runStep on the global fetch passed as
// `options.fetch` (the path of browsers and of hosts with their own fetch). The modes
// take turns request by request (the order rotating every round), so machine load hits
// all alike; the headline figure is the ratio of the medians, runStep / bare fetch.
//
// The executor is measured as the package ships it: bundled by esbuild into a temporary
// folder first. Importing src/ through tsx would add its development transform (a
// `__name` call for every closure created), which the published code does not have.
//
//   npx tsx bench/executor-overhead.bench.ts [requestsPerMode] [--source] [--json <file>]
//
// `--json <file>` also writes the headline figures there (scripts/bench.mjs gathers them).

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { build } from 'esbuild';
import { Agent, request as undiciRequest } from 'undici';
import type * as Executor from '../src/executor';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const fromSource = process.argv.includes('--source');

const CANNED_ANSWER = JSON.stringify({ id: 'inq_123', status: 'approved', score: 0.42 });

/**
 * Stands in for the Node transport in a second build of the executor, to weigh the
 * executor's own work on its Node path with no network: every attempt is answered at
 * once with the response the loopback server gives.
 */
const CANNED_TRANSPORT_MODULE = `
const body = new TextEncoder().encode(${JSON.stringify(CANNED_ANSWER)});
const headers = { 'content-type': 'application/json', 'content-length': String(body.length), connection: 'keep-alive' };
export function createNodeTransport() {
  return async () => ({ status: 200, statusText: 'OK', headers: { ...headers }, body });
}
`;

/**
 * The executor entry, built like the package (or straight from src/ with --source).
 * With `cannedTransport`, node/platform.ts gets the canned transport above instead.
 */
async function loadExecutor({ cannedTransport = false }: { cannedTransport?: boolean } = {}): Promise<{
  executor: typeof Executor;
  cleanUp: () => void;
}> {
  if (fromSource) return { executor: await import('../src/executor'), cleanUp: () => undefined };
  const outdir = mkdtempSync(path.join(tmpdir(), 'wfe-bench-'));
  const cannedPath = path.join(outdir, 'canned-transport.mjs');
  writeFileSync(cannedPath, CANNED_TRANSPORT_MODULE);
  await build({
    entryPoints: [path.join(root, 'src/executor/index.ts')],
    outdir: path.join(outdir, 'out'),
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    outExtension: { '.js': '.mjs' },
    // Bundled CommonJS dependencies (ajv, undici) call require(); give the ESM bundle one.
    banner: {
      js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);",
    },
    plugins: cannedTransport
      ? [
          {
            name: 'canned-transport',
            setup(bundler) {
              bundler.onResolve({ filter: /^\.\/transport$/ }, (args) =>
                args.importer.endsWith(path.join('node', 'platform.ts')) ? { path: cannedPath } : undefined,
              );
            },
          },
        ]
      : [],
    logLevel: 'warning',
  });
  writeFileSync(path.join(outdir, 'package.json'), '{"type":"module"}');
  const executor = (await import(pathToFileURL(path.join(outdir, 'out', 'index.mjs')).href)) as typeof Executor;
  return { executor, cleanUp: () => rmSync(outdir, { recursive: true, force: true }) };
}

const REQUESTS_PER_MODE = Number(process.argv.slice(2).find((arg) => /^\d+$/.test(arg)) ?? 5000);
const jsonIndex = process.argv.indexOf('--json');
const jsonFile = jsonIndex >= 0 ? process.argv[jsonIndex + 1] : undefined;
const WARMUP = 500;

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

const {
  executor: { runStep },
  cleanUp,
} = await loadExecutor();
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

const plainAgent = new Agent();
async function bareUndiciRequest(): Promise<void> {
  const response = await undiciRequest(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-api-key': secrets.crm_api_key },
    body: JSON.stringify(body),
    dispatcher: plainAgent,
  });
  await response.body.json();
  if (response.statusCode !== 200) throw new Error(`bare undici request got ${response.statusCode}`);
}

async function executor(): Promise<void> {
  const result = await runStep(step, options);
  if (result.status !== 'succeeded') throw new Error(`runStep failed: ${JSON.stringify(result)}`);
}

const onGlobalFetch = { ...options, fetch: (input: string, init: RequestInit) => fetch(input, init) };
async function executorOnFetch(): Promise<void> {
  const result = await runStep(step, onGlobalFetch);
  if (result.status !== 'succeeded') throw new Error(`runStep on fetch failed: ${JSON.stringify(result)}`);
}

const modes = { bare: bareFetch, undici: bareUndiciRequest, executor, executorOnFetch } as const;
type Mode = keyof typeof modes;
const names = Object.keys(modes) as Mode[];

for (let i = 0; i < WARMUP; i++) for (const mode of names) await modes[mode]();

// Load moves every figure (all modes alike, as they interleave); it is printed with them.
const loadBefore = loadavg();

const samples: Record<Mode, number[]> = { bare: [], undici: [], executor: [], executorOnFetch: [] };
for (let round = 0; round < REQUESTS_PER_MODE; round++) {
  for (let turn = 0; turn < names.length; turn++) {
    const mode = names[(round + turn) % names.length]!;
    const start = performance.now();
    await modes[mode]();
    samples[mode].push((performance.now() - start) * 1000);
  }
}
await stop();

// The executor's own work, with no network at all, as CPU time in a warm loop: runStep
// on its Node path with the canned transport, and on the fetch path with a fetch that
// answers at once (its timer and AbortController per attempt included), each against
// building and reading that canned response alone.
const cannedFetch = (): Promise<Response> =>
  Promise.resolve(
    new Response(CANNED_ANSWER, {
      status: 200,
      headers: { 'content-type': 'application/json', 'content-length': String(CANNED_ANSWER.length) },
    }),
  );
async function cpuMicrosecondsPerCall(call: () => Promise<unknown>, count: number): Promise<number> {
  for (let i = 0; i < count / 10; i++) await call();
  const before = process.cpuUsage();
  for (let i = 0; i < count; i++) await call();
  const used = process.cpuUsage(before);
  return (used.user + used.system) / count;
}
const OWN_WORK_CALLS = 20000;
const canned = fromSource ? undefined : await loadExecutor({ cannedTransport: true });
const ownWork = { fetchAlone: [] as number[], onFetch: [] as number[], onNodePath: [] as number[] };
for (let repeat = 0; repeat < 3; repeat++) {
  ownWork.fetchAlone.push(
    await cpuMicrosecondsPerCall(async () => (await cannedFetch()).arrayBuffer(), OWN_WORK_CALLS),
  );
  ownWork.onFetch.push(
    await cpuMicrosecondsPerCall(() => runStep(step, { ...options, fetch: cannedFetch }), OWN_WORK_CALLS),
  );
  if (canned)
    ownWork.onNodePath.push(await cpuMicrosecondsPerCall(() => canned.executor.runStep(step, options), OWN_WORK_CALLS));
}
canned?.cleanUp();
cleanUp();

const bareMedian = median(samples.bare);
const executorMedian = median(samples.executor);
const row = (name: string, values: number[]): string =>
  `| ${name} | ${values.length} | ${median(values).toFixed(0)} | ${percentile(values, 90).toFixed(0)} | ${percentile(values, 99).toFixed(0)} |`;

console.log(
  `Executor overhead, ${new Date().toISOString()} (executor ${fromSource ? 'from src/ through tsx' : 'bundled by esbuild'})`,
);
console.log(`Node ${process.version}, ${availableParallelism()} cores (${cpus()[0]?.model ?? 'unknown CPU'})`);
const formatLoad = (load: number[]): string => load.map((value) => value.toFixed(2)).join(' ');
console.log(`load average (1, 5, 15 min): ${formatLoad(loadBefore)} before, ${formatLoad(loadavg())} after`);
console.log('');
console.log('| mode | requests | median µs | p90 µs | p99 µs |');
console.log('| --- | ---: | ---: | ---: | ---: |');
console.log(row('bare fetch (global)', samples.bare));
console.log(row('bare undici request (the client runStep uses in Node)', samples.undici));
console.log(row('runStep', samples.executor));
console.log(row('runStep with options.fetch = global fetch', samples.executorOnFetch));
console.log('');
console.log(`ratio (median runStep / median bare fetch): ${(executorMedian / bareMedian).toFixed(3)}`);
console.log(
  `ratio (median runStep / median bare undici request): ${(executorMedian / median(samples.undici)).toFixed(3)}`,
);
console.log(
  `ratio (median runStep on fetch / median bare fetch): ${(median(samples.executorOnFetch) / bareMedian).toFixed(3)}`,
);
console.log('');
console.log(`executor's own work, CPU µs per run (warm loop, no network; medians of 3 × ${OWN_WORK_CALLS}):`);
if (ownWork.onNodePath.length > 0) {
  console.log(`- Node path, canned transport: ${median(ownWork.onNodePath).toFixed(1)} µs (all of it the executor's)`);
}
console.log(
  `- fetch path, canned fetch: ${(median(ownWork.onFetch) - median(ownWork.fetchAlone)).toFixed(1)} µs ` +
    `(runStep ${median(ownWork.onFetch).toFixed(1)} µs less the canned fetch and its body alone, ${median(ownWork.fetchAlone).toFixed(1)} µs)`,
);

if (jsonFile) {
  const round = (value: number, digits: number): number => Number(value.toFixed(digits));
  writeFileSync(
    jsonFile,
    JSON.stringify({
      executor: {
        own_work_us: ownWork.onNodePath.length > 0 ? round(median(ownWork.onNodePath), 1) : null,
        own_work_fetch_path_us: round(median(ownWork.onFetch) - median(ownWork.fetchAlone), 1),
        overhead_ratio: round(executorMedian / bareMedian, 3),
        overhead_ratio_over_undici: round(executorMedian / median(samples.undici), 3),
        overhead_ratio_on_fetch: round(median(samples.executorOnFetch) / bareMedian, 3),
        median_us: {
          bare_fetch: round(bareMedian, 0),
          bare_undici_request: round(median(samples.undici), 0),
          run_step: round(executorMedian, 0),
          run_step_on_fetch: round(median(samples.executorOnFetch), 0),
        },
        requests_per_mode: REQUESTS_PER_MODE,
      },
    }),
  );
}
