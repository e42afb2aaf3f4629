// Builds the package into dist/:
// - ESM for every entry with esbuild (shared code split into chunks, so the editor, the
//   definition and the executor share one copy of the definition layer);
// - CommonJS (`index.cjs`) for `/definition` and `/executor`, the entries Node servers and
//   older tools load;
// - a browser build of the executor (`browser.js`, `browser.cjs`) in which the Node
//   platform (undici, `node:*`) is replaced by a fetch-only one;
// - the CLI, the stylesheet, and `.d.ts` (ESM) / `.d.cts` (CommonJS) declarations with tsc.
// The executor's extra builds import the definition layer from `../definition/index.*`
// instead of bundling a second copy of it.
// Usage: node scripts/build.mjs [--skip-types]
import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { build } from 'esbuild';

const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
const external = [...Object.keys(pkg.dependencies ?? {}), ...Object.keys(pkg.peerDependencies ?? {})].flatMap(
  (name) => [name, `${name}/*`],
);

const root = process.cwd();
const definitionDir = path.join(root, 'src', 'definition') + path.sep;
const executorDir = path.join(root, 'src', 'executor') + path.sep;
const nodePlatform = path.join(executorDir, 'node', 'platform.ts');
const browserPlatform = path.join(executorDir, 'browser-platform.ts');
const editorDir = path.join(root, 'src', 'editor') + path.sep;

/**
 * The editor runs steps in the page (Test step, Test workflow) by a dynamic import of the
 * executor. In the package that import loads the executor's browser build, next to the
 * editor (`dist/editor/*.js` and `dist/chunks/*.js` are both one level below `dist/`):
 * the executor bundled into the editor's own chunks would bring its Node platform
 * (undici, `node:*`) into every host's browser bundle.
 */
const editorLoadsBrowserExecutor = {
  name: 'editor-loads-browser-executor',
  setup(builder) {
    builder.onResolve({ filter: /executor\/run$/ }, (args) => {
      if (args.kind !== 'dynamic-import' || !args.importer.startsWith(editorDir)) return undefined;
      return { path: '../executor/browser.js', external: true };
    });
  },
};

/** Relative module specifiers in a declaration file: `from './x'`, `import('..')`. */
const RELATIVE_SPECIFIER = /((?:from|import)\s*\(?\s*['"])(\.{1,2}(?:\/[^'"]*?)?)(['"])/g;

rmSync('dist', { recursive: true, force: true });

const common = {
  bundle: true,
  target: 'es2022',
  sourcemap: true,
  logLevel: 'warning',
  loader: { '.css': 'empty' },
};

await build({
  ...common,
  entryPoints: {
    'editor/index': 'src/editor/index.ts',
    'definition/index': 'src/definition/index.ts',
    'executor/index': 'src/executor/index.ts',
    // Node only (bullmq, ioredis); ESM only, so a host's handlers and the executor's
    // ActionError are one class with the executor entry's.
    'queue/index': 'src/queue/index.ts',
    // The form's building blocks, apart so the editor entry's initial code holds no form.
    'form/index': 'src/editor/form.ts',
  },
  outdir: 'dist',
  splitting: true,
  format: 'esm',
  platform: 'neutral',
  jsx: 'automatic',
  external: [...external, 'node:*'],
  chunkNames: 'chunks/[name]-[hash]',
  plugins: [editorLoadsBrowserExecutor],
});
addUseClient('dist/editor/index.js');
addUseClient('dist/form/index.js');

// The executor alone, for the browser (ESM and CommonJS) and for Node (CommonJS), plus
// the definition in CommonJS. The ESM executor for Node is the one built above.
const separateExecutor = (extension, platformModule) => ({
  name: 'executor-entry',
  setup(builder) {
    builder.onResolve({ filter: /^\./ }, (args) => {
      if (!args.importer.startsWith(executorDir)) return undefined;
      const resolved = resolveSource(path.resolve(path.dirname(args.importer), args.path));
      if (resolved === undefined) return undefined;
      // One definition layer per process and page: the executor's bundle imports it.
      if (resolved.startsWith(definitionDir)) return { path: `../definition/index.${extension}`, external: true };
      if (resolved === nodePlatform) return { path: platformModule };
      return undefined;
    });
  },
});

await build({
  ...common,
  entryPoints: { 'executor/browser': 'src/executor/index.ts' },
  outdir: 'dist',
  format: 'esm',
  platform: 'browser',
  // What the executor loads only when a run needs it (the pattern engine, with re2js)
  // stays a chunk of its own, fetched then.
  splitting: true,
  // Beside the entry, so their imports of the definition layer (../definition/index.js) resolve.
  chunkNames: 'executor/[name]-[hash]',
  external,
  plugins: [separateExecutor('js', browserPlatform)],
});
await build({
  ...common,
  entryPoints: { 'executor/browser': 'src/executor/index.ts' },
  outdir: 'dist',
  outExtension: { '.js': '.cjs' },
  format: 'cjs',
  platform: 'browser',
  external,
  plugins: [separateExecutor('cjs', browserPlatform)],
});
await build({
  ...common,
  entryPoints: { 'executor/index': 'src/executor/index.ts' },
  outdir: 'dist',
  outExtension: { '.js': '.cjs' },
  format: 'cjs',
  platform: 'node',
  target: 'node20',
  external,
  plugins: [separateExecutor('cjs', nodePlatform)],
});
await build({
  ...common,
  entryPoints: { 'definition/index': 'src/definition/index.ts' },
  outdir: 'dist',
  outExtension: { '.js': '.cjs' },
  format: 'cjs',
  platform: 'neutral',
  external: [...external, 'node:*'],
});
for (const file of ['dist/executor/browser.js', 'dist/executor/browser.cjs']) {
  const text = readFileSync(file, 'utf8');
  const leak = /\bundici\b|["']node:|\bnode\/platform\b/.exec(text);
  if (leak) throw new Error(`${file} names "${leak[0]}": the browser build must hold nothing of the Node platform.`);
}

await build({
  entryPoints: { 'cli/main': 'src/cli/main.ts' },
  outdir: 'dist',
  bundle: true,
  format: 'esm',
  // The worker command's queue code (and bullmq with it) stays in a chunk of its own,
  // loaded only by that command.
  splitting: true,
  chunkNames: 'cli/chunks/[name]-[hash]',
  platform: 'node',
  target: 'node20',
  packages: 'external',
  banner: { js: '#!/usr/bin/env node' },
  sourcemap: true,
  logLevel: 'warning',
});
chmodSync('dist/cli/main.js', 0o755);

await build({
  entryPoints: { style: 'src/editor/style.css' },
  outdir: 'dist',
  bundle: true,
  minify: false,
  logLevel: 'warning',
});

if (!process.argv.includes('--skip-types')) {
  execFileSync('npx', ['tsc', '-p', 'tsconfig.build.json'], { stdio: 'inherit' });
  addDeclarationExtensions('dist');
  writeCommonJsDeclarations(['dist/definition/index.d.ts', 'dist/executor/index.d.ts']);
}

/** The source file a relative import names (`./x` → `./x.ts`, `./dir` → `./dir/index.ts`). */
function resolveSource(target) {
  for (const candidate of [target, `${target}.ts`, `${target}.tsx`, path.join(target, 'index.ts')]) {
    if (existsSync(candidate) && statSync(candidate).isFile()) return candidate;
  }
  return undefined;
}

/**
 * Marks the React entry for React Server Components frameworks. esbuild drops directives
 * when it bundles, so the line is put back in front of the built entry (the chunks it
 * imports need none: a client boundary covers what it imports), and the source map is
 * shifted by that one line.
 */
function addUseClient(file) {
  writeFileSync(file, `"use client";\n${readFileSync(file, 'utf8')}`);
  const map = JSON.parse(readFileSync(`${file}.map`, 'utf8'));
  map.mappings = `;${map.mappings}`;
  writeFileSync(`${file}.map`, JSON.stringify(map));
}

/**
 * tsc keeps our extensionless relative imports (`./types`, `..`) in the `.d.ts` it emits;
 * hosts on `moduleResolution: node16 | nodenext` need `./types.js` (or `../index.js`) to
 * follow them, bundler-resolving hosts accept both.
 */
function addDeclarationExtensions(dir) {
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile() || !entry.name.endsWith('.d.ts')) continue;
    const file = path.join(entry.parentPath, entry.name);
    const text = readFileSync(file, 'utf8');
    const fixed = text.replace(RELATIVE_SPECIFIER, (all, head, spec, tail) => {
      if (/\.(js|json|css)$/.test(spec)) return all;
      const target = path.resolve(path.dirname(file), spec);
      if (existsSync(`${target}.d.ts`)) return `${head}${spec}.js${tail}`;
      if (existsSync(target) && statSync(target).isDirectory())
        return `${head}${spec.replace(/\/$/, '')}/index.js${tail}`;
      throw new Error(`${file}: cannot find the declarations of "${spec}".`);
    });
    if (fixed !== text) writeFileSync(file, fixed);
  }
}

/**
 * A `.d.cts` beside every `.d.ts` the CommonJS entries reach, importing `.cjs`: in a
 * `"type": "module"` package a `.d.ts` describes an ES module, so TypeScript would type a
 * `require` of the `.cjs` build as ESM without them.
 */
function writeCommonJsDeclarations(entries) {
  const pending = [...entries];
  const done = new Set();
  while (pending.length > 0) {
    const file = pending.pop();
    if (done.has(file)) continue;
    done.add(file);
    const text = readFileSync(file, 'utf8').replace(RELATIVE_SPECIFIER, (all, head, spec, tail) => {
      if (!spec.endsWith('.js')) return all;
      pending.push(path.join(path.dirname(file), spec.replace(/\.js$/, '.d.ts')));
      return `${head}${spec.replace(/\.js$/, '.cjs')}${tail}`;
    });
    writeFileSync(file.replace(/\.d\.ts$/, '.d.cts'), text);
  }
}
console.log('built dist/');
