// Canvas mount and insert times in headless Chromium, from the built Storybook's
// "Benchmarks/Canvas" harness (stories/CanvasBenchmark.stories.tsx).
// Needs `npm run build-storybook` first. Prints medians; asserts nothing.
import { existsSync, readFileSync } from 'node:fs';
import http from 'node:http';
import { extname, join, normalize } from 'node:path';

const root = process.cwd();
const site = join(root, 'storybook-static');
if (!existsSync(join(site, 'iframe.html'))) {
  console.log('canvas.bench: storybook-static/ is missing; run `npm run build-storybook` first. Skipped.');
  process.exit(0);
}
const { chromium } = await import('playwright-core');

const types = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.json': 'application/json' };
const server = http.createServer((req, res) => {
  const path = normalize(decodeURIComponent(new URL(req.url, 'http://x').pathname)).replace(/^(\.\.[/\\])+/, '');
  const file = join(site, path === '/' ? 'index.html' : path);
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
const base = `http://127.0.0.1:${server.address().port}`;
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
await page.goto(`${base}/iframe.html?id=benchmarks-canvas--harness&viewMode=story&args=steps:5`);
await page.waitForFunction(() => window.wfeBenchmark !== undefined);
await page.waitForTimeout(1500); // let the story's own play function finish

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const fmt = (n) => n.toFixed(1).padStart(8);
const rows = [];

for (const steps of [100, 1000, 5000]) {
  const runs = [];
  for (let i = 0; i < 5; i++) runs.push(await page.evaluate((n) => window.wfeBenchmark.mount(n), steps));
  rows.push([`mount ${steps}`, median(runs.map((r) => r.toDom)), median(runs.map((r) => r.toFrame)), null]);
  if (steps === 5000) continue;
  const inserts = [];
  // Index 2: a step near the top, so every later step shifts down.
  for (let i = 0; i < 15; i++) inserts.push(await page.evaluate(() => window.wfeBenchmark.insert(2)));
  const settled = inserts.slice(3); // the first inserts warm up the JIT
  rows.push([
    `insert into ${steps}`,
    median(settled.map((r) => r.toDom)),
    median(settled.map((r) => r.toFrame)),
    median(settled.map((r) => r.reactMs)),
  ]);
}

console.log(
  `| case | to DOM (ms) | to next frame (ms) | of which store action (ms) |   (load average ${(await import('node:os')).loadavg()[0].toFixed(1)})`,
);
console.log('|---|---:|---:|---:|');
for (const [name, dom, frame, store] of rows)
  console.log(`| ${name} | ${fmt(dom)} | ${fmt(frame)} | ${store === null ? '       –' : fmt(store)} |`);
await browser.close();
server.close();
