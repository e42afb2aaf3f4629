// Runs every benchmark in bench/ one after another and prints what each reports.
// Benchmarks measure; they never fail a build. Record figures in BENCHMARKS.md.
// Usage: npm run bench [-- name-filter]
import { existsSync, readdirSync } from 'node:fs';
import { spawnSync } from 'node:child_process';

const filter = process.argv[2] ?? '';
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
  const runner = file.endsWith('.ts') ? ['npx', ['tsx', `bench/${file}`]] : ['node', [`bench/${file}`]];
  const result = spawnSync(runner[0], runner[1], { stdio: 'inherit' });
  if (result.status !== 0) {
    failed++;
    console.error(`${file} exited with ${result.status}`);
  }
}
process.exit(failed ? 1 : 0);
