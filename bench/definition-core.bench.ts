// The definition layer's four calls a host makes on a whole workflow, timed in Node on
// the 10,000-step workflow every benchmark shares (bench/workflow-generator.ts, one
// step in ten a branch): validateWorkflow on the value, layout (the lazy layout the
// canvas asks for, and every node and connector written out, what a renderer that
// takes all nodes needs), serializeWorkflow, and parseWorkflowJson on the serialized
// text. Medians of several calls after warm-up calls.
//
// The definition layer is measured as the package ships it: bundled by esbuild first.
//
//   npx tsx bench/definition-core.bench.ts [--steps n] [--runs n] [--json <file>]

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { build } from 'esbuild';
import type * as Definition from '../src/definition';
import { allSteps, generateWorkflow } from './workflow-generator';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { values: flags } = parseArgs({
  options: {
    steps: { type: 'string', default: '10000' },
    runs: { type: 'string', default: '9' },
    json: { type: 'string' },
  },
});
const stepCount = Number(flags.steps);
const runs = Number(flags.runs);

async function loadDefinition(): Promise<{ definition: typeof Definition; cleanUp: () => void }> {
  const outdir = mkdtempSync(path.join(tmpdir(), 'wfe-definition-bench-'));
  const outfile = path.join(outdir, 'definition.mjs');
  await build({
    entryPoints: [path.join(root, 'src/definition/index.ts')],
    outfile,
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    // jsonc-parser's UMD build requires its parts at run time; its ES module build bundles.
    mainFields: ['module', 'main'],
    banner: {
      js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);",
    },
    logLevel: 'error',
  });
  return {
    definition: (await import(pathToFileURL(outfile).href)) as typeof Definition,
    cleanUp: () => rmSync(outdir, { recursive: true, force: true }),
  };
}

/** Median milliseconds of `runs` calls of `run`, after `warmUps` calls; `fresh` makes each call's input outside the timing. */
function time<Input>(fresh: () => Input, run: (input: Input) => unknown, warmUps = 2): number {
  for (let i = 0; i < warmUps; i++) run(fresh());
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const input = fresh();
    const start = performance.now();
    run(input);
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)]!;
}

const { definition, cleanUp } = await loadDefinition();
const loadBefore = loadavg()[0]!;
const workflow = generateWorkflow(stepCount);
const checked = definition.validateWorkflow(workflow);
if (!checked.ok)
  throw new Error(`the generated workflow has problems: ${JSON.stringify(checked.problems.slice(0, 3))}`);
const text = definition.serializeWorkflow(workflow);
const parsed = definition.parseWorkflowJson(text);
if (!parsed.ok) throw new Error(`its text has problems: ${JSON.stringify(parsed.problems.slice(0, 3))}`);

// Validation and layout memoise by object identity: each call gets a fresh copy, as a
// host's freshly loaded document would be.
const copy = (): Definition.Workflow => structuredClone(workflow);
const results = {
  validate: time(copy, (value) => definition.validateWorkflow(value)),
  layoutLazy: time(copy, (value) => definition.layout(value).bounds),
  layoutAll: time(copy, (value) => {
    const placed = definition.layout(value);
    return placed.nodes.length + placed.edges.length;
  }),
  serialize: time(copy, (value) => definition.serializeWorkflow(value)),
  parse: time(
    () => text,
    (value) => definition.parseWorkflowJson(value),
  ),
};
cleanUp();

const branchSteps = allSteps(workflow).filter((step) => step.type === 'branch').length;
console.log(
  `Node ${process.version}, ${cpus().length} cores (${cpus()[0]?.model.trim() ?? 'unknown'}); load ${loadBefore.toFixed(1)} before, ${loadavg()[0]!.toFixed(1)} after`,
);
console.log(
  `${stepCount.toLocaleString('en-US')} steps (${branchSteps.toLocaleString('en-US')} branch steps), text ${(text.length / 1024 / 1024).toFixed(1)} MB; medians of ${runs} calls\n`,
);
console.log('| call | ms | target ms |');
console.log('| --- | ---: | ---: |');
console.log(`| validateWorkflow | ${results.validate.toFixed(1)} | 50 |`);
console.log(`| layout, every node and connector written | ${results.layoutAll.toFixed(1)} | 20 |`);
console.log(`| layout, lazy (bounds only, what the canvas asks first) | ${results.layoutLazy.toFixed(1)} | |`);
console.log(`| serializeWorkflow | ${results.serialize.toFixed(1)} | 20 |`);
console.log(`| parseWorkflowJson | ${results.parse.toFixed(1)} | 50 |`);

if (flags.json) {
  const key = String(stepCount);
  const round = (ms: number): number => Number(ms.toFixed(1));
  writeFileSync(
    flags.json,
    JSON.stringify({
      node: {
        [`validate_${key}_ms`]: round(results.validate),
        [`layout_${key}_ms`]: round(results.layoutAll),
        [`layout_lazy_${key}_ms`]: round(results.layoutLazy),
        [`serialize_${key}_ms`]: round(results.serialize),
        [`parse_${key}_ms`]: round(results.parse),
      },
    }),
  );
}
