// `npm run bench`: the benchmarks side by side with the peers, in one run, written to
// bench/results.json and printed as one table with the targets (copy it into
// BENCHMARKS.md with its date). Benchmarks measure; they never fail a build.
//
//   npm run bench                 the whole set (about 8 minutes on 2 cores), results.json
//   npm run bench -- <name part>  only the bench files whose name holds it, as they print
//                                 (e.g. `peers`, `panel`, `validation`, `canvas`); no results.json
//
// The set: bench/peers.bench.mjs (our editor, React Flow and sequential-workflow-designer
// in Chromium), bench/panel.bench.mjs (keystrokes with a 2 MB body and in 1,000 steps),
// bench/definition-core.bench.ts (validate, layout, serialize, parse at 10,000 steps),
// bench/executor-overhead.bench.ts, bench/queue-throughput.bench.ts and
// bench/validation.bench.ts up to 10,000. bench/canvas.bench.mjs (the Storybook canvas
// harness) is not in the set: the peers bench measures the same on production pages.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';

const filter = process.argv[2];

if (filter !== undefined) {
  const benches = readdirSync('bench')
    .filter((file) => /\.bench\.(ts|mjs)$/.test(file) && file.includes(filter))
    .sort();
  // The canvas benchmark drives the built Storybook in Chromium.
  if (benches.some((file) => file.startsWith('canvas')) && !existsSync('storybook-static/iframe.html')) {
    console.log('building Storybook for the canvas benchmark…');
    spawnSync('npm', ['run', 'build-storybook'], { stdio: 'inherit' });
  }
  let failed = 0;
  for (const file of benches) {
    console.log(`\n## ${file}\n`);
    const runner = file.endsWith('.ts')
      ? ['npx', ['tsx', `bench/${file}`, ...process.argv.slice(3)]]
      : ['node', [`bench/${file}`, ...process.argv.slice(3)]];
    const result = spawnSync(runner[0], runner[1], { stdio: 'inherit' });
    if (result.status !== 0) {
      failed++;
      console.error(`${file} exited with ${result.status}`);
    }
  }
  process.exit(failed ? 1 : 0);
}

// ---- The whole set ------------------------------------------------------------------
const started = Date.now();
const scratch = mkdtempSync(join(tmpdir(), 'wfe-bench-'));
const loadBefore = loadavg();

/** Runs one bench, its output shown as it comes (and kept, for the benches that only print). */
function run(label, command, args) {
  return new Promise((resolve) => {
    console.log(`\n## ${label} (${((Date.now() - started) / 1000).toFixed(0)} s in)\n`);
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'inherit'] });
    let output = '';
    child.stdout.on('data', (chunk) => {
      output += chunk;
      process.stdout.write(chunk);
    });
    child.on('close', (status) => {
      if (status !== 0) console.error(`${label} exited with ${status}`);
      resolve({ status, output });
    });
  });
}

function readJson(file) {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return {};
  }
}

const results = {};
const merge = (fragment) => {
  for (const [key, value] of Object.entries(fragment)) {
    results[key] =
      typeof value === 'object' && value !== null && !Array.isArray(value)
        ? { ...(results[key] ?? {}), ...value }
        : value;
  }
};
const part = (name) => join(scratch, `${name}.json`);
const failures = [];

const peers = await run('side by side in Chromium (bench/peers.bench.mjs)', 'node', [
  'bench/peers.bench.mjs',
  '--budget-seconds',
  '270',
  '--json',
  part('peers'),
]);
if (peers.status !== 0) failures.push('peers');
merge(readJson(part('peers')));

// The panel bench (its own harness) prints a table; its keystroke rows fill keystroke_ms.
const panel = await run('configuration panel with big content (bench/panel.bench.mjs)', 'node', [
  'bench/panel.bench.mjs',
  '--runs',
  '3',
]);
if (panel.status !== 0) failures.push('panel');
const panelRows = {};
for (const match of panel.output.matchAll(/^\|\s*([a-z0-9_]+)\s*\|\s*([\d.,]+)\s*\|/gm))
  panelRows[match[1]] = Number(match[2].replace(/,/g, ''));
results.browser ??= {};
results.browser.keystroke_ms = {
  editor: { 1000: panelRows.keystroke_1000_steps_ms ?? null, body_2mb: panelRows.keystroke_2mb_body_ms ?? null },
};
results.browser.panel_big_content_ms = panelRows;

const definition = await run('definition layer at 10,000 steps (bench/definition-core.bench.ts)', 'npx', [
  'tsx',
  'bench/definition-core.bench.ts',
  '--json',
  part('definition'),
]);
if (definition.status !== 0) failures.push('definition-core');
merge(readJson(part('definition')));

const executor = await run('executor overhead (bench/executor-overhead.bench.ts)', 'npx', [
  'tsx',
  'bench/executor-overhead.bench.ts',
  '3000',
  '--json',
  part('executor'),
]);
if (executor.status !== 0) failures.push('executor-overhead');
merge(readJson(part('executor')));

const queue = await run('queue throughput (bench/queue-throughput.bench.ts)', 'npx', [
  'tsx',
  'bench/queue-throughput.bench.ts',
  '200',
  '--json',
  part('queue'),
]);
if (queue.status !== 0) failures.push('queue-throughput');
merge(readJson(part('queue')));

const validation = await run('validation growth (bench/validation.bench.ts, up to 10,000)', 'npx', [
  'tsx',
  'bench/validation.bench.ts',
  '--max-size',
  '10000',
  '--json',
  part('validation'),
]);
if (validation.status !== 0) failures.push('validation');
merge(readJson(part('validation')));

rmSync(scratch, { recursive: true, force: true });
results.run = {
  date: new Date().toISOString(),
  node: process.version,
  cores: cpus().length,
  cpu: cpus()[0]?.model.trim() ?? 'unknown',
  load_average_before: loadBefore.map((value) => Number(value.toFixed(2))),
  load_average_after: loadavg().map((value) => Number(value.toFixed(2))),
  seconds: Math.round((Date.now() - started) / 1000),
  failed: failures,
};
writeFileSync('bench/results.json', `${JSON.stringify(results, null, 2)}\n`);

// ---- The table, with the targets ------------------------------------------------------
const b = results.browser ?? {};
const n = results.node ?? {};
const get = (row, renderer, size) => b[row]?.[renderer]?.[size];
const fmt = (value) =>
  typeof value === 'number'
    ? value.toLocaleString('en-US', { minimumFractionDigits: 1, maximumFractionDigits: 1 })
    : '–';
const verdict = (holds) => (holds === undefined ? 'not measured' : holds ? 'met' : '**not met**');
const known = (...values) => values.every((value) => typeof value === 'number');
const check = (test, ...values) => (known(...values) ? test() : undefined);

const rows = [];
const addBrowserRow = (row, size, target, holds) =>
  rows.push([
    `${row}`,
    size,
    fmt(get(row, 'editor', size)),
    fmt(get(row, 'reactflow', size)),
    fmt(get(row, 'sequential_workflow_designer', size)),
    target,
    verdict(holds),
  ]);
for (const size of ['100', '1000', '5000']) {
  const editor = get('mount_ms', 'editor', size);
  const flow = get('mount_ms', 'reactflow', size);
  const designer = get('mount_ms', 'sequential_workflow_designer', size);
  const atHundred = get('mount_ms', 'editor', '100');
  const parts = [];
  let holds = check(() => editor < designer, editor, designer);
  parts.push('< designer');
  if (size !== '100') {
    holds = holds === undefined ? undefined : holds && check(() => editor <= 0.5 * flow, editor, flow);
    parts.push('≤ 0.5 × React Flow');
  }
  if (size === '5000') {
    holds = holds === undefined ? undefined : holds && check(() => editor <= 2 * atHundred, editor, atHundred);
    parts.push('≤ 2 × ours at 100');
  }
  addBrowserRow('mount_ms', size, parts.join(', '), holds);
}
for (const size of ['100', '1000', '5000']) {
  const editor = get('first_mount_ms', 'editor', size);
  const flow = get('first_mount_ms', 'reactflow', size);
  addBrowserRow(
    'first_mount_ms',
    size,
    '≤ 1.2 × React Flow',
    check(() => editor <= 1.2 * flow, editor, flow),
  );
}
for (const size of ['100', '1000', '5000']) {
  const editor = get('insert_ms', 'editor', size);
  const atHundred = get('insert_ms', 'editor', '100');
  if (size === '100') addBrowserRow('insert_ms', size, '', undefined);
  if (size === '1000')
    addBrowserRow(
      'insert_ms',
      size,
      '≤ 16.7',
      check(() => editor <= 16.7, editor),
    );
  if (size === '5000')
    addBrowserRow(
      'insert_ms',
      size,
      '≤ 3 × ours at 100',
      check(() => editor <= 3 * atHundred, editor, atHundred),
    );
}
{
  const value = get('select_to_panel_ms', 'editor', '1000');
  addBrowserRow(
    'select_to_panel_ms',
    '1000',
    '< 50',
    check(() => value < 50, value),
  );
  const pan = get('pan_work_ms', 'editor', '5000');
  addBrowserRow(
    'pan_work_ms',
    '5000',
    '< 8',
    check(() => pan < 8, pan),
  );
  const keys = b.keystroke_ms?.editor ?? {};
  rows.push([
    'keystroke_ms',
    '1000',
    fmt(keys['1000']),
    '–',
    '–',
    '≤ 16',
    verdict(check(() => keys['1000'] <= 16, keys['1000'])),
  ]);
  rows.push([
    'keystroke_ms',
    'body_2mb',
    fmt(keys.body_2mb),
    '–',
    '–',
    '≤ 16',
    verdict(check(() => keys.body_2mb <= 16, keys.body_2mb)),
  ]);
  const memory = get('memory_mb', 'editor', '5000');
  const flowMemory = get('memory_mb', 'reactflow', '5000');
  addBrowserRow(
    'memory_mb',
    '5000',
    '< React Flow',
    check(() => memory < flowMemory, memory, flowMemory),
  );
}
const nodeRows = [
  ['validate_10000_ms', 50],
  ['layout_10000_ms', 20],
  ['serialize_10000_ms', 20],
  ['parse_10000_ms', 50],
];
for (const [key, target] of nodeRows)
  rows.push([key, 'Node', fmt(n[key]), '', '', `< ${target}`, verdict(check(() => n[key] < target, n[key]))]);
const executorFigures = results.executor ?? {};
rows.push(['executor own_work_us', 'Node', fmt(executorFigures.own_work_us), '', '', '', '']);
rows.push([
  'executor overhead_ratio (over fetch)',
  'Node',
  executorFigures.overhead_ratio?.toFixed(2) ?? '–',
  '',
  '',
  '≤ 1.10',
  verdict(check(() => executorFigures.overhead_ratio <= 1.1, executorFigures.overhead_ratio)),
]);
rows.push([
  'executor ratio over undici request',
  'Node',
  executorFigures.overhead_ratio_over_undici?.toFixed(2) ?? '–',
  '',
  '',
  '',
  '',
]);

console.log(`\n## Side by side with the peers, ${results.run.date.slice(0, 16).replace('T', ' ')} UTC`);
console.log(
  `${results.run.cores} cores (${results.run.cpu}), Node ${results.run.node}, load average ${results.run.load_average_before[0]} before, ${results.run.load_average_after[0]} after; ` +
    `${results.browser_run?.rounds ?? '?'} rounds in Chromium; ${results.run.seconds} s in all${failures.length ? `; failed: ${failures.join(', ')}` : ''}\n`,
);
console.log('| row | size | editor | React Flow | sequential-workflow-designer | target | holds |');
console.log('| --- | ---: | ---: | ---: | ---: | --- | --- |');
for (const row of rows) console.log(`| ${row.join(' | ')} |`);
console.log('\nwritten to bench/results.json');
process.exit(failures.length ? 1 : 0);
