// How validation grows with the size of a document: a `wait` config with 1,000, 10,000
// and 100,000 unknown keys (every key a problem), workflows of 1,000, 10,000 and
// 100,000 valid steps, and workflows as dense with problems: every step's name a
// number, every step with the same id, every step referring to a step that is not there. Each row is timed for validateWorkflow on the parsed value and
// for parseWorkflowJson on its text (what the CLI and import do); the ratio to the row
// above shows the growth per 10× (10 is linear, 100 quadratic).
//
// The definition layer is measured as the package ships it: bundled by esbuild first.
//
//   npx tsx bench/validation.bench.ts [--source] [--from <folder holding src/definition>] [--runs n] [--only <row name part>]
//                                     [--max-size n] [--json <file>]
//
// `--max-size` leaves out the larger rows (scripts/bench.mjs runs up to 10,000 to keep
// within its time); `--json` also writes the rows there.
//
// `--from` measures another checkout (an older commit, for a before/after figure). A
// row whose previous (10× smaller) row took over 5 s is skipped, with the time quadratic
// growth would take: linear code takes well under a second for every row.

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import type * as Definition from '../src/definition';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const fromSource = process.argv.includes('--source');
const fromIndex = process.argv.indexOf('--from');
const checkout = fromIndex >= 0 ? path.resolve(process.argv[fromIndex + 1]!) : root;
const runsIndex = process.argv.indexOf('--runs');
/** Timed calls per row (the median is printed): by default 5 up to 10,000, 3 above. */
const fixedRuns = runsIndex >= 0 ? Number(process.argv[runsIndex + 1]) : undefined;

async function loadDefinition(): Promise<{ definition: typeof Definition; cleanUp: () => void }> {
  const entry = path.join(checkout, 'src/definition/index.ts');
  if (fromSource)
    return { definition: (await import(pathToFileURL(entry).href)) as typeof Definition, cleanUp: () => undefined };
  const outdir = mkdtempSync(path.join(tmpdir(), 'wfe-validation-bench-'));
  const outfile = path.join(outdir, 'definition.mjs');
  await build({
    entryPoints: [entry],
    outfile,
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    // jsonc-parser's UMD build requires its parts at run time; its ES module build bundles.
    mainFields: ['module', 'main'],
    // Bundled CommonJS dependencies (ajv, jsonc-parser) call require(); give the ESM bundle one.
    banner: {
      js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);",
    },
    // Resolve dependencies from this checkout: an older one may have no node_modules.
    nodePaths: [path.join(root, 'node_modules')],
    logLevel: 'error',
  });
  return {
    definition: (await import(pathToFileURL(outfile).href)) as typeof Definition,
    cleanUp: () => rmSync(outdir, { recursive: true, force: true }),
  };
}

function workflow(steps: unknown[]): Record<string, unknown> {
  return { schemaVersion: 1, kind: 'workflow', id: 'w', name: 'W', trigger: { event: 'e' }, steps };
}

function unknownKeys(count: number): Record<string, unknown> {
  const config: Record<string, unknown> = { seconds: 1 };
  for (let index = 0; index < count; index++) config[`x${index}`] = 1;
  return workflow([{ id: 's', type: 'action', action: 'wait', name: 'S', config }]);
}

/** Steps whose `name` is a number: one `schema_type` problem per step, each in its own step. */
function wrongTypeNames(count: number): Record<string, unknown> {
  return workflow(
    Array.from({ length: count }, (_, index) => ({
      id: `s${index}`,
      type: 'action',
      action: 'wait',
      name: index,
      config: { seconds: 1 },
    })),
  );
}

/** Steps that all have the id "s": every step after the first is a `duplicate_id` problem. */
function duplicateIds(count: number): Record<string, unknown> {
  return workflow(
    Array.from({ length: count }, () => ({
      id: 's',
      type: 'action',
      action: 'wait',
      name: 'S',
      config: { seconds: 1 },
    })),
  );
}

/** HTTPS steps whose URL names a step that does not exist: one `reference_unknown_step` problem per step. */
function unresolvedReferences(count: number): Record<string, unknown> {
  return workflow(
    Array.from({ length: count }, (_, index) => ({
      id: `s${index}`,
      type: 'action',
      action: 'https_request',
      name: 'S',
      config: { method: 'GET', url: `https://api.example.com/{{ steps.nope${index}.output }}` },
    })),
  );
}

function manySteps(count: number): Record<string, unknown> {
  return workflow(
    Array.from({ length: count }, (_, index) => ({
      id: `s${index}`,
      type: 'action',
      action: 'wait',
      name: `Step ${index}`,
      config: { seconds: 1 },
    })),
  );
}

/** Median milliseconds of `runs` calls (after one warm-up call for small inputs). */
function time(run: () => unknown, runs: number, warmUp: boolean): number {
  if (warmUp) run();
  const times: number[] = [];
  for (let index = 0; index < runs; index++) {
    const start = performance.now();
    run();
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)]!;
}

interface Row {
  name: string;
  size: number;
  make: (size: number) => Record<string, unknown>;
}

const ROWS: Row[] = [
  ...[1_000, 10_000, 100_000].map((size) => ({ name: 'wait config, unknown keys', size, make: unknownKeys })),
  ...[1_000, 10_000, 100_000].map((size) => ({ name: 'workflow, steps', size, make: manySteps })),
  ...[1_000, 10_000, 100_000].map((size) => ({ name: 'steps, name a number', size, make: wrongTypeNames })),
  ...[1_000, 10_000, 100_000].map((size) => ({ name: 'steps, one duplicate id', size, make: duplicateIds })),
  ...[1_000, 10_000, 100_000].map((size) => ({
    name: 'steps, unknown step referenced',
    size,
    make: unresolvedReferences,
  })),
];
const onlyIndex = process.argv.indexOf('--only');
/** `--only <text>`: the rows whose document name holds the text. */
const only = onlyIndex >= 0 ? process.argv[onlyIndex + 1] : undefined;

const SKIP_AFTER_MS = 5_000;
const maxSizeIndex = process.argv.indexOf('--max-size');
const maxSize = maxSizeIndex >= 0 ? Number(process.argv[maxSizeIndex + 1]) : Infinity;
const jsonIndex = process.argv.indexOf('--json');
const jsonFile = jsonIndex >= 0 ? process.argv[jsonIndex + 1] : undefined;
const growth: Record<
  string,
  Record<string, { problems: number; validate_ms: number | null; parse_ms: number | null }>
> = {};

const { definition, cleanUp } = await loadDefinition();
console.log(
  `Node ${process.version}, ${cpus().length} cores (${cpus()[0]?.model.trim() ?? 'unknown'}), load ${loadavg()[0]!.toFixed(1)}`,
);
console.log(
  `definition layer: ${checkout === root ? 'this checkout' : checkout}, ${fromSource ? 'from source (tsx)' : 'bundled (esbuild)'}\n`,
);
console.log('| document | size | problems | validateWorkflow ms | ×10 ratio | parseWorkflowJson ms | ×10 ratio |');
console.log('| --- | ---: | ---: | ---: | ---: | ---: | ---: |');
const previous = new Map<string, { validate: number; parse: number }>();
for (const row of ROWS.filter(
  (candidate) => (only === undefined || candidate.name.includes(only)) && candidate.size <= maxSize,
)) {
  const value = row.make(row.size);
  const text = JSON.stringify(value, null, 2);
  const before = previous.get(row.name);
  const size = row.size.toLocaleString('en-US');
  if (before && Math.max(before.validate, before.parse) > SKIP_AFTER_MS) {
    const guess = (ms: number) => `skipped (~${Math.round((ms * 100) / 1000).toLocaleString('en-US')} s if quadratic)`;
    console.log(`| ${row.name} | ${size} | | ${guess(before.validate)} | | ${guess(before.parse)} | |`);
    previous.set(row.name, { validate: Infinity, parse: Infinity });
    continue;
  }
  const small = row.size <= 10_000;
  const runs = fixedRuns ?? (small ? 5 : 3);
  const problems = definition.validateWorkflow(value).problems.length;
  const validate = time(() => definition.validateWorkflow(value), runs, small && fixedRuns === undefined);
  const parse = time(() => definition.parseWorkflowJson(text), runs, small && fixedRuns === undefined);
  const ratio = (now: number, then: number | undefined) =>
    then === undefined || !Number.isFinite(then) ? '' : (now / then).toFixed(1);
  console.log(
    `| ${row.name} | ${size} | ${problems.toLocaleString('en-US')} | ${validate.toFixed(1)} | ${ratio(validate, before?.validate)} | ${parse.toFixed(1)} | ${ratio(parse, before?.parse)} |`,
  );
  previous.set(row.name, { validate, parse });
  (growth[row.name] ??= {})[String(row.size)] = {
    problems,
    validate_ms: Number(validate.toFixed(1)),
    parse_ms: Number(parse.toFixed(1)),
  };
}
if (jsonFile) writeFileSync(jsonFile, JSON.stringify({ validation_growth: growth }));
console.log(`\nload after: ${loadavg()[0]!.toFixed(1)}`);
cleanUp();
