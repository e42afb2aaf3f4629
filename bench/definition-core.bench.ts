// The definition layer's four calls a host makes on a whole workflow, timed in Node on
// the 10,000-step workflow every benchmark shares (bench/workflow-generator.ts, one
// step in ten a branch): validateWorkflow on the value, layout (the lazy layout the
// canvas asks for, and every node and connector written out, what a renderer that
// takes all nodes needs), serializeWorkflow, and parseWorkflowJson on the serialized
// text. Medians of several calls after warm-up calls.
//
// The definition layer is measured as the package ships it: bundled by esbuild first.
//
//   npx tsx bench/definition-core.bench.ts [--steps n] [--runs n] [--json <file>] [--against <tree>]
//
// --against takes another checkout of the repository (a worktree of an older commit) and
// times its definition layer in the same process, each call alternating with this one's:
// on a machine shared with other work, the ratio of the two columns holds far better
// than either column alone.

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
    against: { type: 'string' },
  },
});
const stepCount = Number(flags.steps);
const runs = Number(flags.runs);

async function loadDefinition(tree = root): Promise<{ definition: typeof Definition; cleanUp: () => void }> {
  const outdir = mkdtempSync(path.join(tmpdir(), 'wfe-definition-bench-'));
  const outfile = path.join(outdir, 'definition.mjs');
  await build({
    entryPoints: [path.join(tree, 'src/definition/index.ts')],
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

/**
 * Median milliseconds of `runs` calls of `run` with each definition layer loaded (this
 * tree's, then --against's), after `warmUps` calls of each; the layers take turns call by
 * call. `fresh` makes each call's input outside the timing.
 */
function time<Input>(
  fresh: () => Input,
  run: (definition: typeof Definition, input: Input) => unknown,
  warmUps = 2,
): number[] {
  for (let i = 0; i < warmUps; i++) for (const layer of layers) run(layer, fresh());
  const times: number[][] = layers.map(() => []);
  for (let i = 0; i < runs; i++) {
    layers.forEach((layer, index) => {
      const input = fresh();
      const start = performance.now();
      run(layer, input);
      times[index]!.push(performance.now() - start);
    });
  }
  return times.map((list) => list.sort((a, b) => a - b)[Math.floor(list.length / 2)]!);
}

const loaded = [await loadDefinition()];
if (flags.against) loaded.push(await loadDefinition(path.resolve(flags.against)));
const layers = loaded.map(({ definition }) => definition);
const definition = layers[0]!;
const loadBefore = loadavg()[0]!;
const workflow = generateWorkflow(stepCount);
const checked = definition.validateWorkflow(workflow);
if (!checked.ok)
  throw new Error(`the generated workflow has problems: ${JSON.stringify(checked.problems.slice(0, 3))}`);
const text = definition.serializeWorkflow(workflow);
const parsed = definition.parseWorkflowJson(text);
if (!parsed.ok) throw new Error(`its text has problems: ${JSON.stringify(parsed.problems.slice(0, 3))}`);
for (const layer of layers.slice(1))
  if (layer.serializeWorkflow(workflow) !== text) throw new Error('--against writes the workflow differently');

// Validation and layout memoise by object identity: each call gets a fresh copy, as a
// host's freshly loaded document would be.
const copy = (): Definition.Workflow => structuredClone(workflow);
const measured = {
  validate: time(copy, (layer, value) => layer.validateWorkflow(value)),
  layoutLazy: time(copy, (layer, value) => layer.layout(value).bounds),
  layoutAll: time(copy, (layer, value) => {
    const placed = layer.layout(value);
    return placed.nodes.length + placed.edges.length;
  }),
  serialize: time(copy, (layer, value) => layer.serializeWorkflow(value)),
  parse: time(
    () => text,
    (layer, value) => layer.parseWorkflowJson(value),
  ),
};
for (const { cleanUp } of loaded) cleanUp();
const results = {
  validate: measured.validate[0]!,
  layoutLazy: measured.layoutLazy[0]!,
  layoutAll: measured.layoutAll[0]!,
  serialize: measured.serialize[0]!,
  parse: measured.parse[0]!,
};

const branchSteps = allSteps(workflow).filter((step) => step.type === 'branch').length;
console.log(
  `Node ${process.version}, ${cpus().length} cores (${cpus()[0]?.model.trim() ?? 'unknown'}); load ${loadBefore.toFixed(1)} before, ${loadavg()[0]!.toFixed(1)} after`,
);
console.log(
  `${stepCount.toLocaleString('en-US')} steps (${branchSteps.toLocaleString('en-US')} branch steps), text ${(text.length / 1024 / 1024).toFixed(1)} MB; medians of ${runs} calls\n`,
);
const against = flags.against !== undefined;
/** A row: this tree's median, and with --against the other's and their ratio. */
const row = (call: string, times: number[], target: string): string =>
  against
    ? `| ${call} | ${times[0]!.toFixed(1)} | ${times[1]!.toFixed(1)} | ${(times[0]! / times[1]!).toFixed(2)} | ${target} |`
    : `| ${call} | ${times[0]!.toFixed(1)} | ${target} |`;
console.log(against ? `| call | ms | ${flags.against} ms | ratio | target ms |` : '| call | ms | target ms |');
console.log(against ? '| --- | ---: | ---: | ---: | ---: |' : '| --- | ---: | ---: |');
console.log(row('validateWorkflow', measured.validate, '50'));
console.log(row('layout, every node and connector written', measured.layoutAll, '20'));
console.log(row('layout, lazy (bounds only, what the canvas asks first)', measured.layoutLazy, ''));
console.log(row('serializeWorkflow', measured.serialize, '20'));
console.log(row('parseWorkflowJson', measured.parse, '50'));

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
