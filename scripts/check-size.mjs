// What the package costs a host, measured on dist/ and held to budgets (min + gzip):
// - each entry's own code, with every dependency external. An entry does not count code
//   another budgeted entry already counts: the editor and the executor load the
//   definition layer, which is budgeted (and shipped) once, as `/definition`;
// - what a minimal host pays for the editor with all its dependencies except React and
//   React DOM, bundled for production;
// - lazily loaded chunks, budgeted on their own and listed (chunk names carry a hash).
// Prints a table (or JSON with --json) and exits non-zero when a budget is exceeded.
// Usage: node scripts/check-size.mjs [--skip-build] [--json]
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';

const KB = 1024;

/**
 * Budgets in kB (min + gzip), enforced. `target` is where an entry should get to where
 * that is still lower: the budget then only stops it growing while it is not there.
 */
export const BUDGETS = {
  // 40 until the editor learnt Test step, Test workflow, run details, Compare with
  // published, reference chips, Import from cURL and samples taken from a run (their labels
  // and toolbar controls are initial code; their panels and parsers load lazily). The size
  // check counted a lazily loaded chunk as the entry before, which hid part of that growth.
  // 46 until the run details, what runs a Test workflow and the Import / Export JSON
  // dialogs left the entry for chunks of their own (LAZY_PARTS below): 45.7 → 44.4 kB.
  // Most of what was left over 40 was the form's widgets and messages, which panels outside
  // the form imported for one input and one constant. 44.5 until the Step ID field and the
  // shared chip describer came (+0.8 kB).
  // 45.5 until 2026-12-06: the form's widgets one per file, the reference input, field ids
  // and the condition rows' helpers in modules of their own (panels outside the form load
  // none of the form, nor @rjsf/utils), "Export step JSON"'s dialog lazily and
  // workflowFileName apart from its dialog: 45.2 → 43.7 kB, measured with the canvas and
  // store work of the same day in the checkout. Target 40 not met: the panels themselves
  // (Conditional, action step, trigger) are initial code.
  // 44 until the host form parts (widgets, fields, templates props), the canvas hooks and
  // the deferred validation came the same day (43.9 kB).
  // 44.3 until 2026-12-07, when the configuration panels (an action step's, a Conditional
  // step's, the trigger's, with their frames and sections) left for a chunk of their own
  // that the editor preloads with the form after its first paint: 44.2 → 38.5 kB, target
  // met; 38.8 with the busy box that keeps focus where the person moved it. 39 until the
  // canvas remembered the drawer's cover instead of measuring it in every insert's commit
  // (a ResizeObserver tells when to measure again, and a cover gone stale is checked
  // in the frame that uses it): 38.9 → 39.4 kB. 39.5 until the history kept focus in the
  // editor when an undo removes the focused field, and took the browser's own undo of a
  // field (a `historyUndo` input) as the editor's: 39.4 → 39.8 kB.
  'workflow-editor': { budget: 40, target: 40, lazy: 10 },
  // 38 until the validator charged the work inside each evaluation (+0.7 kB).
  // 39 until compareWorkflows and applyWorkflowChanges came (+1.3 kB).
  // 40.5 until validation answered valid documents with build-time validators (plain
  // functions, 1.5 kB) and parsing got its one-pass path for valid text, for the
  // 10,000-step benchmarks (validate 221 → 85 ms, parse 405 → 77 ms), and changeStepId came.
  // 45.5 until 2026-12-06: actions as modules (defineAction, the hooks validation,
  // serialisation, references and the Serverless Workflow export ask, +0.3 kB), the layout
  // in its own folder with parseLayoutId (+0.1 kB) and typed errors: 45.5 kB.
  // 46 until 2026-12-06 evening: step kinds as a table with one walk (enter/leave, paths,
  // the untrusted walk validation and serialisation share, +0.9 kB), the catalog's own
  // error class: 46.9 kB.
  // 47.2 until 2026-12-06 night: the document reader's recursive pass for documents within
  // the nesting limit (builds each copy once its entries are read: the copy 3 × faster),
  // beside the explicit-stack reader that a deeper `maxDepth` still takes (+1.1 kB).
  // 48.3 until 2026-12-07 night: the reference list bounded for recursive and wide schemas,
  // a URL's values kept from moving its path ("..") or its host (".evil.com"), and a step
  // out of scope named by its name in the message: 48.8 kB.
  // 49 until the Serverless Workflow export refused, in its jq, the URL values our executors
  // refuse (a "." in the host, a "." or ".." path segment): 48.9 → 49.3 kB. 49.5 until
  // createActionCatalog checked host config schemas and problems named a field's list entry
  // and at most ten of an enum's choices: 49.3 → 49.6 kB. 49.7 until 2026-12-08, when the
  // serialisers read a plain document as it is instead of copying it first (a check
  // without a copy, canonical shapes that copy only what they change: 35 → 15 ms at
  // 10,000 steps): 49.6 → 49.9 kB. 50 until the same day, when a run came to check a
  // host action's resolved config against its schema (the schema-only check): 50.0 kB;
  // 50.1 with format problems in words ("is empty; it must be a valid email address").
  'workflow-editor/definition': { budget: 50.2, target: 20, lazy: 10 },
  // 22.5 until events carried what a run view needs and the RunSnapshot fold came (+0.7 kB),
  // 23 until stops by time limit got their own error (+0.1 kB).
  // 23.2 until events could carry a step's resolved input (reportStepInput, +0.1 kB).
  // 23.4 until the built-in handlers joined the host's handler map as files of their own
  // and the validation cache left run.ts (23.4 kB).
  // 23.6 until 2026-12-06 evening: each step kind's run hooks in a table and every error a
  // WorkflowEditorError with a code (23.6 kB, a few bytes over).
  // 23.9 until 2026-12-07, when the linear-time pattern engine (with re2js) left for a
  // chunk of its own that a run loads the first time a response schema holds a pattern
  // (LAZY_PARTS below): 23.6 → 20.6 kB, with the wait for it that a cancel ends.
  // 20.8 until 2026-12-07 evening, when the address tables (the IANA special-purpose
  // registries' rows, with the code that reads them) left for a chunk of their own that a
  // run loads the first time a URL's host is an IP address: 20.6 → 18.2 kB, target met.
  // 18.3 until 2026-12-07 night: a response number no double holds keeps the body text, an
  // empty runId is refused, and a URL value refused with its reason: 18.4 kB.
  // 18.5 until 2026-12-07 night, when a response body came to be decoded in the charset its
  // Content-Type declares (it was read as UTF-8 whatever it said): a few bytes over.
  // 18.7 until 2026-12-08, when a host action's resolved config came to be checked against
  // its schema before its handler runs, with a message naming the field and the reference:
  // 18.9 kB.
  'workflow-editor/executor (browser)': { budget: 19, target: 20, lazy: 10 },
  // Lazily: the configuration form, rjsf and what it renders with (markdown-to-jsx). 60
  // until the form's widgets, fields and templates left the editor entry for
  // `workflow-editor/form` (4.5 kB of them moved from the host's initial code to here).
  // The executor a page run (Test step, Test workflow) loads on first use is one lazy chunk:
  // 67.5 kB, its own code with the definition layer and re2js, until the pattern engine and
  // re2js left it (2026-12-07: 67.8 → 18.2 kB; 70 until then); 19 until the address
  // tables left it the same evening (18.2 → 14.8 kB); 15 until a host action's resolved
  // config was checked against its schema (15.1 kB, 2026-12-08).
  // CodeMirror 92 until the Body field got the template fields' chips and suggestions; 93
  // until the fields marked hidden characters (its special-character marks, 92.9 → 94.8 kB).
  'host: editor with its dependencies': {
    budget: 230,
    lazy: 64,
    lazyExecutor: 15.5,
    lazyCodemirror: 95,
    lazyTemplateInput: 8,
  },
};

/**
 * The template input's own code (reference chips, `{{` suggestions, chip labels), loaded
 * the first time a field that takes references shows; CodeMirror itself is in the chunk
 * above. 6.0 kB gzip when it came. Budgeted apart, as `TemplateInput-…`.
 */
const isTemplateInputChunk = (chunk) => chunk.name.startsWith('TemplateInput-');

/**
 * Parts of the editor that load the first time they show (or when the editor preloads
 * them), each in a chunk of its own named after its module, budgeted apart in kB (min +
 * gzip): `own` in the editor's row, `host` in the host's (with what they bundle there).
 * Sizes when each got its budget, in the comments.
 */
const LAZY_PARTS = {
  // "Run" in a step's panel, only while a run is drawn: 1.4 kB when it left the entry.
  StepRunDetailsImpl: { own: 2, host: 2 },
  // What runs a "Test workflow" (handing over, folding events; the executor is its own
  // chunk): 0.9 kB when it left the entry.
  'test-run-session': { own: 1.5, host: 1.5 },
  // The toolbar's "Import JSON" dialog: 1.2 kB when it left the entry.
  ImportDialog: { own: 2, host: 2 },
  // The toolbar's "Export JSON" (the JSON dialog it shows stays initial: a step's panel
  // exports too): 0.2 kB when it left the entry.
  WorkflowExportDialog: { own: 0.5, host: 0.5 },
  // "Compare with published", only with `compareWith`: the toolbar's toggle, summary and
  // list of changes (1.2 kB) and the panel's changed fields (1.7 kB).
  CompareControlsImpl: { own: 2, host: 2 },
  ChangedFieldsImpl: { own: 2.5, host: 2.5 },
  // "Import from cURL": the dialog (2.1 kB) and the parser (8.8 kB; 10.5 kB with
  // shell-quote in the host's row), loaded side by side.
  ImportFromCurlDialog: { own: 3, host: 3 },
  'parse-curl': { own: 10, host: 11 },
  // The configuration panels (an action step's, a Conditional step's, the trigger's), which
  // the editor preloads with the form after its first paint: 6.0 kB when they left the entry.
  panels: { own: 7, host: 7 },
  // The configuration form, under the `lazy` budgets until 2026-12-06, when the widgets
  // the editor's entry no longer loads (secret, seconds, select, checkbox, textarea) came
  // here (8.6 → 11.1 kB), and in the host's row @rjsf/utils with what it bundles
  // (fast-uri, json-schema-merge, fast-equals), which left the host's initial code
  // (63.5 → 98.6 kB lazy; 210.9 → 181.2 kB initial).
  // 11.5 until long lists (more than 50 rows) were drawn in pages, their rows' data kept
  // out of rjsf (the code that draws them is a chunk of its own, LongListField): 11.5 kB,
  // at the edge, where the hashes in chunk names alone move it by tens of bytes. 12 until
  // 2026-12-08, when host schemas got more of the form (a list of distinct choices as
  // checkboxes, entries of three fields in columns and of more stacked, a sentence for a
  // field whose schema has no type, list buttons named after an entry): 11.5 → 12.0 kB.
  ConfigForm: { own: 12.5, host: 99 },
  // The executor's linear-time pattern engine, loaded by a run the first time a response
  // schema holds a pattern: 3.6 kB when it left the executor's entry, 48.0 kB in the host's
  // row with re2js (the page-run executor's chunk without it: 18.2 kB).
  'linear-regexp': { own: 4, host: 49 },
  // The executor's address tables (the IANA special-purpose registries' rows, with the code
  // that reads them), loaded by a run the first time a URL's host is an IP address: 2.8 kB
  // when they left the executor's entry (2026-12-07), 2.8 kB in the host's row too.
  'address-ranges': { own: 3, host: 3 },
};

/** The entry of {@link LAZY_PARTS} a lazily loaded chunk is, if any. */
const lazyPartOf = (chunk) => Object.entries(LAZY_PARTS).find(([name]) => chunk.name.startsWith(`${name}-`))?.[1];

/**
 * CodeMirror 6 (view, state, commands, language, lezer), loaded the first time a JSON field
 * or a template field shows, in a chunk of its own that both share: 88.9 kB gzip when the
 * JSON fields moved to it. Budgeted apart from the other lazy chunks, as `codemirror`.
 */
const isCodemirrorChunk = (output) =>
  Object.keys(output.inputs).some((input) => input.includes('node_modules/@codemirror/view/'));

if (!process.argv.includes('--skip-build'))
  execFileSync('node', ['scripts/build.mjs', '--skip-types'], { stdio: 'inherit' });

const pkg = JSON.parse(readFileSync('package.json', 'utf8'));
const dependencies = [...Object.keys(pkg.dependencies ?? {}), ...Object.keys(pkg.peerDependencies ?? {})];
const externalDependencies = dependencies.flatMap((name) => [name, `${name}/*`]);
const definitionEntry = path.resolve('dist/definition/index.js');

/** Files of dist/ that the definition entry loads: counted under `/definition` only. */
async function definitionFiles() {
  const result = await build({
    entryPoints: [definitionEntry],
    bundle: true,
    write: false,
    metafile: true,
    format: 'esm',
    external: externalDependencies,
    logLevel: 'error',
  });
  return new Set(Object.keys(result.metafile.inputs).map((file) => path.resolve(file)));
}

const gzipSize = (bytes) => gzipSync(bytes, { level: 9 }).length;

/**
 * Bundles `entry` minified with `external` left out; returns the initial code's size and
 * each lazily loaded chunk's.
 */
async function measure(
  entry,
  { external = externalDependencies, skip = new Set(), platform = 'browser', packageItself = {}, define } = {},
) {
  const result = await build({
    entryPoints: [entry],
    bundle: true,
    splitting: true,
    outdir: 'size-check-out',
    write: false,
    minify: true,
    metafile: true,
    format: 'esm',
    platform,
    external,
    define,
    legalComments: 'none',
    loader: { '.css': 'empty' },
    logLevel: 'error',
    plugins: [
      {
        name: 'skip-counted-elsewhere',
        setup(builder) {
          // The host imports the package by its name, as hosts do.
          builder.onResolve({ filter: /^workflow-editor/ }, (args) =>
            Object.hasOwn(packageItself, args.path) ? { path: path.resolve(packageItself[args.path]) } : undefined,
          );
          builder.onResolve({ filter: /^\./ }, (args) => {
            const target = path.resolve(args.resolveDir, args.path);
            return skip.has(target) ? { path: args.path, external: true } : undefined;
          });
        },
      },
    ],
  });
  const contents = new Map(result.outputFiles.map((file) => [path.relative(process.cwd(), file.path), file.contents]));
  const outputs = result.metafile.outputs;
  // esbuild marks each dynamically imported module as an entry point of its own too.
  const entryPoint = path.relative(process.cwd(), path.resolve(entry));
  const entryOutput = Object.keys(outputs).find((name) => outputs[name].entryPoint === entryPoint);
  // Initial code: the entry and every chunk it imports statically; the rest load lazily.
  const initial = new Set();
  const pending = [entryOutput];
  while (pending.length > 0) {
    const name = pending.pop();
    if (initial.has(name) || !name.endsWith('.js')) continue;
    initial.add(name);
    for (const imported of outputs[name].imports)
      if (imported.kind === 'import-statement' && !imported.external) pending.push(imported.path);
  }
  const sizeOf = (names) => {
    const joined = Buffer.concat(names.map((name) => Buffer.from(contents.get(name) ?? new Uint8Array())));
    return { min: joined.length, gzip: gzipSize(joined) };
  };
  const lazy = Object.keys(outputs)
    .filter((name) => name.endsWith('.js') && !initial.has(name))
    .map((name) => ({
      name: isCodemirrorChunk(outputs[name])
        ? `codemirror (${path.basename(name)})`
        : isExecutorChunk(outputs[name])
          ? `executor (${path.basename(name)})`
          : path.basename(name),
      codemirror: isCodemirrorChunk(outputs[name]),
      executor: isExecutorChunk(outputs[name]),
      ...sizeOf([name]),
    }));
  return { ...sizeOf([...initial]), lazy };
}

/** The executor's browser build, which the editor loads for a run in the page. */
function isExecutorChunk(output) {
  return Object.hasOwn(output.inputs, 'dist/executor/browser.js');
}

// Files the definition entry loads stay imports in the editor's and executor's bundles.
const counted = await definitionFiles();
const rows = [];
// The executor a page run loads lazily is budgeted as `/executor (browser)`.
const editor = await measure('dist/editor/index.js', {
  skip: new Set([...counted, path.resolve('dist/executor/browser.js')]),
});
rows.push({ name: 'workflow-editor', ...editor });
rows.push({ name: 'workflow-editor/definition', ...(await measure(definitionEntry, { platform: 'neutral' })) });
rows.push({
  name: 'workflow-editor/executor (browser)',
  ...(await measure('dist/executor/browser.js', { skip: counted })),
});

// A minimal host: the editor, its stylesheet and every dependency but React and React DOM.
const host = await measure('scripts/size-check-host.js', {
  external: ['react', 'react/*', 'react-dom', 'react-dom/*'],
  packageItself: { 'workflow-editor': 'dist/editor/index.js', 'workflow-editor/style.css': 'dist/style.css' },
  define: { 'process.env.NODE_ENV': '"production"' },
});
rows.push({ name: 'host: editor with its dependencies', ...host });

const failures = [];
const format = (bytes) => `${(bytes / KB).toFixed(1)} kB`;
const report = rows.map((row) => {
  const { budget, target, lazy: lazyBudget, lazyCodemirror, lazyTemplateInput, lazyExecutor } = BUDGETS[row.name];
  const budgetOf = (chunk) => {
    const part = lazyPartOf(chunk);
    if (part) return row.name.startsWith('host') ? part.host : part.own;
    if (chunk.codemirror && lazyCodemirror !== undefined) return lazyCodemirror;
    if (chunk.executor && lazyExecutor !== undefined) return lazyExecutor;
    return isTemplateInputChunk(chunk) && lazyTemplateInput !== undefined ? lazyTemplateInput : lazyBudget;
  };
  if (row.gzip > budget * KB) failures.push(`${row.name}: ${format(row.gzip)} gzip, over its budget of ${budget} kB`);
  for (const chunk of row.lazy) {
    if (chunk.gzip > budgetOf(chunk) * KB)
      failures.push(`${row.name}, lazy ${chunk.name}: ${format(chunk.gzip)} gzip, over ${budgetOf(chunk)} kB`);
  }
  return {
    entry: row.name,
    minKb: +(row.min / KB).toFixed(1),
    gzipKb: +(row.gzip / KB).toFixed(1),
    budgetKb: budget,
    targetKb: target ?? budget,
    lazyBudgetKb: lazyBudget,
    lazy: row.lazy.map((chunk) => ({
      chunk: chunk.name,
      minKb: +(chunk.min / KB).toFixed(1),
      gzipKb: +(chunk.gzip / KB).toFixed(1),
      budgetKb: budgetOf(chunk),
    })),
  };
});

if (process.argv.includes('--json')) console.log(JSON.stringify(report, null, 2));
else {
  for (const row of report) {
    const target =
      row.targetKb < row.budgetKb ? `, target ${row.targetKb} kB${row.gzipKb > row.targetKb ? ' not met' : ''}` : '';
    console.log(
      `${row.entry.padEnd(38)} ${String(row.minKb).padStart(7)} kB min  ${String(row.gzipKb).padStart(6)} kB gzip  (budget ${row.budgetKb} kB${target})`,
    );
    for (const chunk of row.lazy) {
      console.log(
        `  lazy ${chunk.chunk.padEnd(32)} ${String(chunk.minKb).padStart(7)} kB min  ${String(chunk.gzipKb).padStart(6)} kB gzip  (budget ${chunk.budgetKb} kB)`,
      );
    }
  }
}
for (const failure of failures) console.error(`size budget exceeded: ${failure}`);
process.exit(failures.length > 0 ? 1 : 0);
