// Our editor side by side with what a user would pick instead, in one run on one
// machine: <WorkflowEditor> with every feature on, <ReactFlow> alone used as well as it
// allows (same positions), and sequential-workflow-designer, on the same workflows of
// 100, 1,000 and 5,000 steps (bench/workflow-generator.ts, one step in ten a branch).
// Production builds of bench/peers/ (vite), headless Chromium, each renderer in a fresh
// browser context (its own renderer process) per workflow size, renderers interleaved
// with their order rotating every round, medians over the rounds. Shared machines are
// noisy: absolute times drift, ratios within one run hold.
//
// Per renderer and size, in a fresh page: the first mount (first_mount_ms), then a
// second mount after unmounting (mount_ms, "warm"); at 5,000 steps the JS heap after
// that mount (memory_mb, after a forced garbage collection) and the main thread's work
// per frame while dragging the canvas for 60 frames (pan_work_ms: the renderer's
// TaskDuration from Chrome's Performance domain over the drag, divided by the frames);
// inserts through a "+" click at pseudo-random places (insert_ms, to the commit of the
// new node); at 1,000 steps in our editor, a click on an HTTPS step's card until its
// panel's URL field is painted (select_to_panel_ms).
//
// Usage: node bench/peers.bench.mjs [--rounds N] [--sizes 100,1000,5000] [--inserts N]
//        [--budget-seconds S] [--json <file>] [--profile <dir>] [--profile-renderers editor,reactflow]
// Prints the table; with --json writes { browser: {...} } there. Asserts nothing.
// --profile writes a V8 CPU profile (.cpuprofile, opens in Chrome DevTools' Performance
// panel) of each first mount, warm mount, select to panel and insert series of the renderers named by
// --profile-renderers (default: editor) into <dir>, and prints the functions taking the
// most time in each; the pages are then built unminified. The profiler slows the page: figures of a profiled run are for
// finding where time goes, not for comparing with a run without it.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import { loadavg } from 'node:os';
import { extname, join, normalize } from 'node:path';
import { parseArgs } from 'node:util';

const { values: flags } = parseArgs({
  options: {
    rounds: { type: 'string', default: '5' },
    sizes: { type: 'string', default: '100,1000,5000' },
    inserts: { type: 'string', default: '20' },
    'budget-seconds': { type: 'string', default: '300' },
    json: { type: 'string' },
    profile: { type: 'string' },
    'profile-renderers': { type: 'string', default: 'editor' },
  },
});
const profileDir = flags.profile;
const profiledRenderers = new Set(flags['profile-renderers'].split(','));
const rounds = Number(flags.rounds);
const sizes = flags.sizes.split(',').map(Number);
const insertsPerSize = Number(flags.inserts);
const budgetMs = Number(flags['budget-seconds']) * 1000;
const startedAt = Date.now();
const root = process.cwd();
const outDir = join(root, 'node_modules/.cache/wfe-peers-bench');
const progress = (text) => process.stderr.write(`${text}\n`);

const RENDERERS = ['editor', 'reactflow', 'sequential_workflow_designer'];
const PAGES = { editor: 'editor.html', reactflow: 'reactflow.html', sequential_workflow_designer: 'designer.html' };
const MIN_ROUNDS = 3;
const PAN_FRAMES = 60;
const PAN_SIZE = 5000;
const MEMORY_SIZE = 5000;
const PANEL_SIZE = 1000;
/** A renderer whose mount at a size takes longer than this is measured there in MIN_ROUNDS rounds only. */
const SLOW_MOUNT_MS = 4000;
const slow = new Set();

// ---- Build and serve the pages ------------------------------------------------
// As in the package (scripts/build.mjs): the editor's lazily loaded executor takes the
// browser platform, not the Node one (undici, node:*), which a host's bundle never holds.
const executorDir = join(root, 'src/executor');
const editorLoadsBrowserExecutor = {
  name: 'editor-loads-browser-executor',
  enforce: 'pre',
  resolveId(source, importer) {
    if (source === './node/platform' && importer?.startsWith(executorDir))
      return join(executorDir, 'browser-platform.ts');
    return null;
  },
};
const { build } = await import('vite');
const react = (await import('@vitejs/plugin-react')).default;
progress('building bench/peers (production)…');
await build({
  root: join(root, 'bench/peers'),
  base: './',
  logLevel: 'warn',
  configFile: false,
  plugins: [react(), editorLoadsBrowserExecutor],
  build: {
    outDir,
    emptyOutDir: true,
    // Readable function names in profiles.
    minify: !profileDir,
    chunkSizeWarningLimit: 4000,
    rollupOptions: {
      input: Object.fromEntries(Object.entries(PAGES).map(([name, file]) => [name, join(root, 'bench/peers', file)])),
    },
  },
});

const types = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.svg': 'image/svg+xml' };
const server = http.createServer((req, res) => {
  const path = normalize(decodeURIComponent(new URL(req.url, 'http://x').pathname)).replace(/^(\.\.[/\\])+/, '');
  let body;
  try {
    body = readFileSync(join(outDir, path));
  } catch {
    res.writeHead(404);
    res.end();
    return;
  }
  res.writeHead(200, { 'content-type': types[extname(path)] ?? 'application/octet-stream' });
  res.end(body);
});
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const base = `http://127.0.0.1:${server.address().port}`;

const { chromium } = await import('playwright-core');
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
  args: [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--no-first-run',
    '--enable-precise-memory-info',
  ],
});

// ---- Measuring ------------------------------------------------------------------
/** samples[row][renderer][size] = numbers */
const samples = {};
const record = (row, renderer, size, value) => {
  samples[row] ??= {};
  samples[row][renderer] ??= {};
  (samples[row][renderer][size] ??= []).push(value);
};
const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};

// ---- Profiling (--profile) ------------------------------------------------------------
/** Self and total time (ms) per function of a CPU profile, the `count` largest by total time. */
function profileSummary(profile, count = 25) {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parentOf = new Map();
  for (const node of profile.nodes) for (const child of node.children ?? []) parentOf.set(child, node.id);
  const sampled = new Map();
  profile.samples.forEach((id, index) => sampled.set(id, (sampled.get(id) ?? 0) + (profile.timeDeltas[index] ?? 0)));
  const name = (node) => {
    const frame = node.callFrame;
    const file = frame.url ? frame.url.split('/').pop() : '';
    return `${frame.functionName || '(anonymous)'}${file ? ` ${file}:${frame.lineNumber + 1}:${frame.columnNumber + 1}` : ''}`;
  };
  const self = new Map();
  const total = new Map();
  for (const [id, micros] of sampled) {
    const key = name(byId.get(id));
    self.set(key, (self.get(key) ?? 0) + micros);
    // A recursive function counts once per sample in its total.
    const seen = new Set();
    for (let current = id; current !== undefined; current = parentOf.get(current)) {
      const ancestor = name(byId.get(current));
      if (seen.has(ancestor)) continue;
      seen.add(ancestor);
      total.set(ancestor, (total.get(ancestor) ?? 0) + micros);
    }
  }
  return [...total]
    .filter(([key]) => !key.startsWith('(root)') && !key.startsWith('(idle)') && !key.startsWith('(program)'))
    .sort((a, b) => b[1] - a[1])
    .slice(0, count)
    .map(
      ([key, micros]) =>
        `${(micros / 1000).toFixed(1).padStart(9)} ${((self.get(key) ?? 0) / 1000).toFixed(1).padStart(9)}  ${key}`,
    );
}

/** Runs `work` under the CPU profiler when profiling `renderer`; writes the profile and prints its summary. */
async function profiled(cdp, renderer, label, work) {
  if (!profileDir || !profiledRenderers.has(renderer)) return work();
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
  await cdp.send('Profiler.start');
  try {
    return await work();
  } finally {
    const { profile } = await cdp.send('Profiler.stop');
    await cdp.send('Profiler.disable');
    mkdirSync(profileDir, { recursive: true });
    const file = join(profileDir, `${label}.cpuprofile`);
    writeFileSync(file, JSON.stringify(profile));
    progress(
      `  profile ${file}\n      total ms   self ms  function\n${profileSummary(profile)
        .map((line) => `    ${line}`)
        .join('\n')}`,
    );
  }
}

/** One renderer at one size in a fresh browser context: everything measured there this round. */
async function visit(renderer, size, round) {
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  const page = await context.newPage();
  const pageErrors = [];
  page.on('pageerror', (error) => pageErrors.push(error.message));
  try {
    const cdp = await context.newCDPSession(page);
    await page.goto(`${base}/${PAGES[renderer]}`);
    await page.waitForFunction(() => window.wfePeer !== undefined);
    const call = (method, ...args) => page.evaluate(([name, rest]) => window.wfePeer[name](...rest), [method, args]);
    const has = (method) => page.evaluate((name) => typeof window.wfePeer[name] === 'function', method);

    // sequential-workflow-designer draws every step (seconds at 5,000), so its page is
    // warmed on 100 steps instead; its first mount is not among the rows.
    const warmUpSize = renderer === 'sequential_workflow_designer' ? Math.min(size, 100) : size;
    const label = (phase) => `${renderer}-${size}-round${round + 1}-${phase}`;
    const first = await profiled(cdp, renderer, label('first-mount'), () => call('mount', warmUpSize));
    if (warmUpSize === size) record('first_mount_ms', renderer, size, first.toPaint);
    await call('unmount');
    await page.waitForTimeout(200);
    const warm = await profiled(cdp, renderer, label('mount'), () => call('mount', size));
    record('mount_ms', renderer, size, warm.toPaint);
    if (warm.toPaint > SLOW_MOUNT_MS) slow.add(`${renderer} ${size}`);
    progress(
      `  ${renderer} ${size}: first ${first.toPaint.toFixed(0)} ms (${warmUpSize} steps), warm ${warm.toPaint.toFixed(0)} ms (first node ${warm.toFirstNode.toFixed(0)}; ${warm.drawnNodes} nodes drawn)`,
    );

    if (size === MEMORY_SIZE) {
      await cdp.send('HeapProfiler.enable');
      await cdp.send('HeapProfiler.collectGarbage');
      await cdp.send('HeapProfiler.collectGarbage');
      const { usedSize } = await cdp.send('Runtime.getHeapUsage');
      record('memory_mb', renderer, size, usedSize / 1024 / 1024);
    }
    if (size === PAN_SIZE && renderer !== 'sequential_workflow_designer') {
      await page.waitForTimeout(300);
      await cdp.send('Performance.enable', { timeDomain: 'threadTicks' });
      const taskSeconds = async () =>
        (await cdp.send('Performance.getMetrics')).metrics.find((metric) => metric.name === 'TaskDuration').value;
      const before = await taskSeconds();
      const pan = await call('pan', PAN_FRAMES);
      const after = await taskSeconds();
      await cdp.send('Performance.disable');
      record('pan_work_ms', renderer, size, ((after - before) * 1000) / pan.frames);
      record('pan_frame_interval_ms', renderer, size, pan.ms / pan.frames);
    }
    if (renderer === 'editor' && size === PANEL_SIZE && (await has('selectToPanel'))) {
      const selected = await profiled(cdp, renderer, label('select'), () => call('selectToPanel'));
      record('select_to_panel_ms', renderer, size, selected);
    }
    if (await has('insert')) {
      // Spread the inserts over the rounds: each round takes its share.
      const share = Math.ceil(insertsPerSize / rounds);
      await profiled(cdp, renderer, label('inserts'), async () => {
        for (let k = 0; k < share; k++) {
          const seed = size * 1000 + round * 100 + k;
          const inserted = await call('insert', seed);
          record('insert_ms', renderer, size, inserted.toCommit);
          record('insert_to_paint_ms', renderer, size, inserted.toPaint);
        }
      });
    }
    await call('unmount');
  } catch (error) {
    progress(`  ${renderer} ${size}: failed: ${error.message.split('\n')[0]}`);
  } finally {
    if (pageErrors.length) progress(`  ${renderer} ${size}: page errors: ${pageErrors.slice(0, 3).join(' | ')}`);
    await context.close();
  }
}

const loadBefore = loadavg()[0];
let roundsDone = 0;
for (let round = 0; round < rounds; round++) {
  const elapsed = Date.now() - startedAt;
  // Past the budget, stop once the minimum of rounds is in (a round takes about as long as the last one).
  if (round >= MIN_ROUNDS && elapsed + elapsed / round > budgetMs) break;
  progress(`round ${round + 1}/${rounds} (${(elapsed / 1000).toFixed(0)} s so far)`);
  for (const size of sizes) {
    const order = RENDERERS.map((_, index) => RENDERERS[(index + round) % RENDERERS.length]);
    for (const renderer of order) {
      if (round >= MIN_ROUNDS && slow.has(`${renderer} ${size}`)) continue;
      await visit(renderer, size, round);
    }
  }
  roundsDone++;
}
await browser.close();
server.close();

// ---- Results ------------------------------------------------------------------------
const results = {};
for (const [row, byRenderer] of Object.entries(samples)) {
  results[row] = {};
  for (const [renderer, bySize] of Object.entries(byRenderer)) {
    results[row][renderer] = {};
    for (const [size, values] of Object.entries(bySize))
      results[row][renderer][size] = Number(median(values).toFixed(1));
  }
}
// The two timed keys of one step in the issue's shape: select_to_panel_ms.editor["1000"].
const meta = {
  rounds: roundsDone,
  inserts_per_size: samples.insert_ms?.editor ? Math.ceil(insertsPerSize / rounds) * roundsDone : 0,
  load_average: [Number(loadBefore.toFixed(2)), Number(loadavg()[0].toFixed(2))],
  seconds: Math.round((Date.now() - startedAt) / 1000),
};

const fmt = (value) =>
  value === undefined ? '–' : value.toLocaleString('en-US', { maximumFractionDigits: 1, minimumFractionDigits: 1 });
if (profileDir)
  console.log('\nProfiled run (--profile): the profiler slows the page; compare these figures only with each other.');
console.log(
  `\n${meta.rounds} rounds, ${meta.inserts_per_size} inserts per renderer and size; load average ${meta.load_average[0]} before, ${meta.load_average[1]} after; ${meta.seconds} s`,
);
console.log('| row | size | editor | reactflow | sequential-workflow-designer |');
console.log('| --- | ---: | ---: | ---: | ---: |');
for (const [row, byRenderer] of Object.entries(results)) {
  const rowSizes = [...new Set(Object.values(byRenderer).flatMap((bySize) => Object.keys(bySize)))].sort(
    (a, b) => a - b,
  );
  for (const size of rowSizes) {
    console.log(
      `| ${row} | ${Number(size).toLocaleString('en-US')} | ${RENDERERS.map((renderer) => fmt(byRenderer[renderer]?.[size])).join(' | ')} |`,
    );
  }
}
if (flags.json) writeFileSync(flags.json, JSON.stringify({ browser: results, browser_run: meta }, null, 2));
