// The configuration panel with big content, in headless Chromium: opening an HTTPS
// step whose body is 2 MB of JSON, typing into its Body and URL, and typing into the
// URL of a step of a 1,000-step workflow. Each figure runs until the frame showing the
// result has been painted. Builds bench/panel (vite, production) into
// node_modules/.cache first. Prints medians; asserts nothing.
// Also the first open of a 2 MB body in a fresh page (panel_first_open_2mb_ms), and the
// first panel of a fresh page on the peers benchmark's 1,000 steps
// (select_to_panel_1000_steps_ms, measured as bench/peers.bench.mjs measures it).
// Usage: node bench/panel.bench.mjs [--runs N] [--body-bytes N] [--only body|steps|select] [--from <checkout>]
//          [--no-minify] [--profile <dir>] [--trace <dir>]
// `--profile <dir>` records a CPU profile (Chrome DevTools protocol) of each measured
// phase into <dir>/<phase>.cpuprofile (open in DevTools' Performance panel) and prints the
// functions with the most time, self and inclusive; it implies `--no-minify`, so the
// names are the source's. Profiled figures run slower than unprofiled ones: compare
// profiles with profiles, figures with figures.
// `--trace <dir>` records a Chrome trace of the same phases into <dir>/<phase>.json (open in
// DevTools' Performance panel) and prints the renderer main thread's time by kind of work
// (script, style, layout, paint…), with how many layouts script forced: what a profile of
// script alone does not show. It keeps minifying (a trace's figures are the page's own).
// (`--from` measures another checkout's src/, e.g. a `git archive` of an earlier commit
// with this bench/panel copied in and node_modules linked.)
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import { loadavg } from 'node:os';
import { extname, join, normalize } from 'node:path';
import { parseArgs } from 'node:util';

const { values: flags } = parseArgs({
  options: {
    runs: { type: 'string', default: '7' },
    'body-bytes': { type: 'string', default: String(2 * 1024 * 1024) },
    from: { type: 'string' },
    only: { type: 'string' },
    'no-minify': { type: 'boolean', default: false },
    profile: { type: 'string' },
    trace: { type: 'string' },
  },
});
const runs = Number(flags.runs);
const bodyBytes = Number(flags['body-bytes']);
const root = process.cwd();
const source = flags.from ?? root;
const outDir = join(root, 'node_modules/.cache/wfe-panel-bench');
const { build } = await import('vite');
const react = (await import('@vitejs/plugin-react')).default;
console.log(`building ${join(source, 'bench/panel')} (production)…`);
await build({
  root: join(source, 'bench/panel'),
  base: './',
  logLevel: 'warn',
  configFile: false,
  plugins: [react()],
  build: { outDir, emptyOutDir: true, minify: !(flags['no-minify'] || flags.profile) },
});

const { chromium } = await import('playwright-core');
const types = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css' };
const server = http.createServer((req, res) => {
  const path = normalize(decodeURIComponent(new URL(req.url, 'http://x').pathname)).replace(/^(\.\.[/\\])+/, '');
  const file = join(outDir, path === '/' ? 'index.html' : path);
  let body;
  try {
    body = readFileSync(file);
  } catch {
    res.writeHead(404);
    res.end();
    return;
  }
  res.writeHead(200, { 'content-type': types[extname(file)] ?? 'application/octet-stream' });
  res.end(body);
});
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
  args: [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-background-networking',
    '--disable-component-update',
    '--no-first-run',
  ],
});
const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
// The main thread's own work (thread time, Chrome's TaskDuration) beside the time to
// paint: on a loaded machine the time waits for the processor too, the work much less.
const metrics = await page.context().newCDPSession(page);
/** Loads the bench page again: nothing of an earlier open is left (caches, compiled code). */
async function freshPage() {
  await page.goto(`http://127.0.0.1:${server.address().port}/index.html`);
  await page.waitForFunction(() => window.wfePanelBench !== undefined);
  await metrics.send('Performance.enable', { timeDomain: 'threadTicks' });
}
await freshPage();
/** Ms of main-thread work so far. */
async function workMs() {
  const { metrics: values } = await metrics.send('Performance.getMetrics');
  return values.find((metric) => metric.name === 'TaskDuration').value * 1000;
}
/** Opens a panel (see the page's openPanel), with the main thread's work meanwhile. */
async function openWithWork(stepId, fieldName) {
  const before = await workMs();
  const opened = await bench('openPanel', stepId, fieldName);
  return { ...opened, work: (await workMs()) - before };
}

// --- CPU profiles (--profile) ---------------------------------------------------
const cdp = flags.profile ? await page.context().newCDPSession(page) : null;
if (cdp) {
  mkdirSync(flags.profile, { recursive: true });
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 100 });
}
async function startProfile() {
  if (tracer) await startTrace();
  if (cdp) await cdp.send('Profiler.start');
}
/** Stops the profile, writes it, and prints where the time went (self and inclusive, by function). */
async function stopProfile(phase) {
  if (tracer) await stopTrace(phase);
  if (!cdp) return;
  const { profile } = await cdp.send('Profiler.stop');
  writeFileSync(join(flags.profile, `${phase}.cpuprofile`), JSON.stringify(profile));
  const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
  const parent = new Map();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const selfSamples = new Map();
  for (const id of profile.samples) selfSamples.set(id, (selfSamples.get(id) ?? 0) + 1);
  const deltas = profile.timeDeltas;
  const msPerSample = (profile.endTime - profile.startTime) / 1000 / Math.max(1, deltas.length);
  const nameOf = (node) => {
    const { functionName, url, lineNumber } = node.callFrame;
    const file = url ? url.replace(/^.*\//, '') : '';
    return `${functionName || '(anonymous)'} ${file}:${lineNumber + 1}`;
  };
  const self = new Map();
  const total = new Map();
  for (const [id, count] of selfSamples) {
    const node = nodes.get(id);
    const name = nameOf(node);
    self.set(name, (self.get(name) ?? 0) + count);
    // Inclusive: once per function per stack (recursion counted once).
    const seen = new Set();
    for (let at = id; at !== undefined; at = parent.get(at)) {
      const ancestor = nameOf(nodes.get(at));
      if (seen.has(ancestor)) continue;
      seen.add(ancestor);
      total.set(ancestor, (total.get(ancestor) ?? 0) + count);
    }
  }
  const top = (map, count) =>
    [...map]
      .sort((a, b) => b[1] - a[1])
      .slice(0, count)
      .map(([name, samples]) => `  ${(samples * msPerSample).toFixed(1).padStart(8)} ms  ${name}`);
  progress(
    `\n--- profile ${phase}: ${((profile.endTime - profile.startTime) / 1000).toFixed(0)} ms recorded; self time`,
  );
  progress(top(self, 25).join('\n'));
  progress(`--- ${phase}: inclusive time`);
  progress(top(total, 45).join('\n'));
}

// --- Traces (--trace) -------------------------------------------------------------
const tracer = flags.trace ? await page.context().newCDPSession(page) : null;
if (tracer) mkdirSync(flags.trace, { recursive: true });
async function startTrace() {
  await tracer.send('Tracing.start', {
    categories:
      'devtools.timeline,disabled-by-default-devtools.timeline,disabled-by-default-devtools.timeline.stack,v8.execute,blink.user_timing',
    transferMode: 'ReturnAsStream',
  });
}
/** Ends the trace, writes it, and prints the page's main thread's time by kind of work. */
async function stopTrace(phase) {
  const complete = new Promise((resolve) => tracer.once('Tracing.tracingComplete', resolve));
  await tracer.send('Tracing.end');
  const { stream } = await complete;
  let text = '';
  for (;;) {
    const chunk = await tracer.send('IO.read', { handle: stream });
    text += chunk.base64Encoded ? Buffer.from(chunk.data, 'base64').toString() : chunk.data;
    if (chunk.eof) break;
  }
  await tracer.send('IO.close', { handle: stream });
  writeFileSync(join(flags.trace, `${phase}.json`), text);
  const parsed = JSON.parse(text);
  const events = Array.isArray(parsed) ? parsed : parsed.traceEvents;
  // The page's main thread: the renderer main thread with the most tasks.
  const mainThreads = events.filter(
    (e) => e.ph === 'M' && e.name === 'thread_name' && e.args.name === 'CrRendererMain',
  );
  const tasksOf = (t) => events.filter((e) => e.pid === t.pid && e.tid === t.tid && e.name === 'RunTask').length;
  const main = mainThreads.sort((a, b) => tasksOf(b) - tasksOf(a))[0];
  if (!main) return;
  const kinds = {
    task: ['RunTask'],
    script: ['FunctionCall', 'EvaluateScript', 'v8.callFunction', 'TimerFire', 'FireAnimationFrame', 'EventDispatch'],
    style: ['UpdateLayoutTree', 'RecalculateStyles'],
    layout: ['Layout'],
    prePaint: ['PrePaint'],
    paint: ['Paint', 'PaintImage'],
    layerize: ['Layerize', 'UpdateLayer', 'UpdateLayerTree'],
    commit: ['Commit'],
    gc: ['MinorGC', 'MajorGC', 'V8.GC_SCAVENGER', 'BlinkGC.AtomicPhase'],
  };
  const ours = events
    .filter((e) => e.pid === main.pid && e.tid === main.tid && e.ph === 'X' && typeof e.dur === 'number')
    .sort((a, b) => a.ts - b.ts || b.dur - a.dur);
  const sums = Object.fromEntries(Object.keys(kinds).map((kind) => [kind, 0]));
  let forced = 0;
  let forcedMs = 0;
  for (const kind of Object.keys(kinds)) {
    // Outermost events of a kind only (a Layout inside a Layout counts once).
    let until = -1;
    for (const e of ours) {
      if (!kinds[kind].includes(e.name) || e.ts < until) continue;
      until = e.ts + e.dur;
      sums[kind] += e.dur / 1000;
    }
  }
  // Forced: style or layout inside script.
  const scripts = ours.filter((e) => kinds.script.includes(e.name));
  for (const e of ours) {
    if (e.name !== 'Layout' && e.name !== 'UpdateLayoutTree') continue;
    if (scripts.some((s) => s.ts <= e.ts && e.ts + e.dur <= s.ts + s.dur)) {
      forced++;
      forcedMs += e.dur / 1000;
    }
  }
  progress(
    `--- trace ${phase}, main thread ms: ${Object.entries(sums)
      .map(([kind, ms]) => `${kind} ${ms.toFixed(1)}`)
      .join(', ')}; forced style/layout ${forced}× ${forcedMs.toFixed(1)} ms`,
  );
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const progress = (text) => process.stderr.write(`${text}\n`);
const bench = (name, ...args) => page.evaluate(([method, rest]) => window.wfePanelBench[method](...rest), [name, args]);

/** Times `count` keys typed into `field` of the open panel, one at a time with `gapMs` between (a person typing). */
async function typeKeys(field, offset, count, gapMs) {
  await bench('focusField', field, offset);
  const times = [];
  for (let i = 0; i < count; i++) {
    // Armed before the key is sent: an evaluate still on its way could miss the key.
    await bench('armKey');
    await page.keyboard.press(i % 2 === 0 ? 'x' : 'y');
    times.push(await bench('keyToPaint'));
    progress(`${field} key ${times.at(-1).toFixed(1)} ms`);
    await page.waitForTimeout(gapMs);
  }
  return times;
}

const rows = [];
const fmt = (n) => n.toFixed(1).padStart(8);
// Each row is printed as soon as it is measured, and the table again at the end.
const addRow = (name, value, note) => {
  rows.push([name, value, note]);
  progress(`| ${name} | ${fmt(value)} | ${note} |`);
};
const loadBefore = loadavg()[0];
/** Whether a part is measured: all without --only; "steps" includes "select". */
const wanted = (part) =>
  flags.only === undefined || flags.only === part || (flags.only === 'steps' && part === 'select');

// --- 2 MB body -------------------------------------------------------------------
if (wanted('body')) {
  // The first open of a big body in a page, in a fresh page each run: nothing is built for
  // it yet (its text, its document, the form's first render), which is what a person
  // opening a step with a big body meets. Profiled on the first run only.
  const firstOpens = [];
  for (let i = 0; i < runs; i++) {
    if (i > 0) await freshPage();
    progress('mounting the big body…');
    await bench('mount', 'big-body', bodyBytes);
    await bench('settle', 200);
    if (i === 0) await startProfile();
    firstOpens.push(await openWithWork('big', 'Body'));
    if (i === 0) await stopProfile('first-open');
    progress(`first open ${firstOpens.at(-1).toPaint.toFixed(1)} ms (work ${firstOpens.at(-1).work.toFixed(1)})`);
    await bench('closePanel');
    await bench('settle', 200);
  }
  addRow(
    'panel_first_open_2mb_ms',
    median(firstOpens.map((o) => o.toPaint)),
    `DOM ${median(firstOpens.map((o) => o.toDom)).toFixed(1)}, work ${median(firstOpens.map((o) => o.work)).toFixed(1)}, ${firstOpens.length} fresh pages`,
  );
  const opens = [];
  await startProfile();
  for (let i = 0; i < runs; i++) {
    opens.push(await bench('openPanel', 'big', 'Body'));
    progress(`open ${opens.at(-1).toPaint.toFixed(1)} ms`);
    await bench('closePanel');
    await bench('settle', 200);
  }
  await stopProfile('open');
  // Opens after the first find ready what it built (caches by body object).
  addRow(
    'panel_open_2mb_body_ms',
    median(opens.map((o) => o.toPaint)),
    `DOM ${median(opens.map((o) => o.toDom)).toFixed(1)}`,
  );
  await bench('openPanel', 'big', 'Body');
  await bench('settle', 500);
  // Inside the first string of the body ("start here"), so the text stays valid JSON.
  const bodyText = await bench('fieldText', 'Body');
  const insideNote = bodyText.indexOf('start here') + 5;
  const bodyKeys = [];
  await startProfile();
  for (let i = 0; i < runs; i++) {
    bodyKeys.push(...(await typeKeys('Body', insideNote, 3, 120)));
    await bench('settle', 1500);
  }
  await stopProfile('body-key');
  addRow('keystroke_2mb_body_ms', median(bodyKeys), `max ${Math.max(...bodyKeys).toFixed(1)}, ${bodyKeys.length} keys`);
  const urlKeys = [];
  await startProfile();
  for (let i = 0; i < runs; i++) {
    urlKeys.push(...(await typeKeys('URL', -1, 3, 120)));
    await bench('settle', 1500);
  }
  await stopProfile('url-key');
  addRow(
    'keystroke_2mb_body_url_ms',
    median(urlKeys),
    `max ${Math.max(...urlKeys).toFixed(1)}, ${urlKeys.length} keys`,
  );
}

// --- 1,000 steps -----------------------------------------------------------------
if (wanted('select')) {
  // As select_to_panel_ms of bench/peers.bench.mjs, on its workflow: a click on the first
  // HTTPS step's card until its panel's URL field is painted, the first panel of a fresh
  // page each run (the form's code loaded, never rendered). Profiled on the second run
  // only: the browser's first page compiles the scripts from nothing, later fresh pages
  // find them in its code cache, as a person's second visit does.
  const selects = [];
  for (let i = 0; i < runs; i++) {
    await freshPage();
    await bench('mount', 'generated', 1000);
    await bench('settle', 300);
    const stepId = await bench('firstHttpsStep');
    const profiled = i === Math.min(1, runs - 1);
    if (profiled) await startProfile();
    selects.push(await openWithWork(stepId, 'URL'));
    if (profiled) await stopProfile('select');
    progress(`select ${selects.at(-1).toPaint.toFixed(1)} ms (work ${selects.at(-1).work.toFixed(1)})`);
  }
  addRow(
    'select_to_panel_1000_steps_ms',
    median(selects.map((o) => o.toPaint)),
    `DOM ${median(selects.map((o) => o.toDom)).toFixed(1)}, work ${median(selects.map((o) => o.work)).toFixed(1)}, ${selects.length} fresh pages`,
  );
}
if (wanted('steps')) {
  await bench('mount', 'steps', 1000);
  await bench('openPanel', 'step_1', 'URL');
  await bench('settle', 500);
  const stepKeys = [];
  await startProfile();
  for (let i = 0; i < runs; i++) {
    stepKeys.push(...(await typeKeys('URL', -1, 3, 120)));
    await bench('settle', 1500);
  }
  await stopProfile('steps-key');
  addRow(
    'keystroke_1000_steps_ms',
    median(stepKeys),
    `max ${Math.max(...stepKeys).toFixed(1)}, ${stepKeys.length} keys`,
  );
}
console.log(
  `\nbody ${(bodyBytes / 1024 / 1024).toFixed(1)} MB of JSON, ${runs} runs; load average ${loadBefore.toFixed(1)} before, ${loadavg()[0].toFixed(1)} after`,
);
console.log('| row | median ms | |');
console.log('|---|---:|---|');
for (const [name, value, note] of rows) console.log(`| ${name} | ${fmt(value)} | ${note} |`);
await browser.close();
server.close();
