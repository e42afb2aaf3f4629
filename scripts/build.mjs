// Builds the package into dist/: ESM JavaScript with esbuild (one file per entry, shared
// code split into chunks), the stylesheet, and .d.ts files with tsc.
// Usage: node scripts/build.mjs [--skip-types]
import { build } from 'esbuild';
import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
const external = [
  ...Object.keys(pkg.dependencies ?? {}),
  ...Object.keys(pkg.peerDependencies ?? {}),
].flatMap((name) => [name, `${name}/*`]);

rmSync('dist', { recursive: true, force: true });

await build({
  entryPoints: {
    'editor/index': 'src/editor/index.ts',
    'definition/index': 'src/definition/index.ts',
    'executor/index': 'src/executor/index.ts',
  },
  outdir: 'dist',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'neutral',
  target: 'es2022',
  jsx: 'automatic',
  external: [...external, 'node:*'],
  chunkNames: 'chunks/[name]-[hash]',
  sourcemap: true,
  logLevel: 'warning',
  loader: { '.css': 'empty' },
});

await build({
  entryPoints: { 'cli/main': 'src/cli/main.ts' },
  outdir: 'dist',
  bundle: true,
  format: 'esm',
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
}

/**
 * tsc keeps our extensionless relative imports (`./types`) in the `.d.ts` it emits; hosts
 * on `moduleResolution: node16 | nodenext` need `./types.js` (or `./dir/index.js`) to
 * follow them, bundler-resolving hosts accept both.
 */
function addDeclarationExtensions(root) {
  for (const entry of readdirSync(root, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile() || !entry.name.endsWith('.d.ts')) continue;
    const file = path.join(entry.parentPath, entry.name);
    const text = readFileSync(file, 'utf8');
    const fixed = text.replace(/((?:from|import)\s*\(?\s*['"])(\.{1,2}\/[^'"]*?)(['"])/g, (all, head, spec, tail) => {
      if (/\.(js|json|css)$/.test(spec)) return all;
      const target = path.resolve(path.dirname(file), spec);
      if (existsSync(`${target}.d.ts`)) return `${head}${spec}.js${tail}`;
      if (existsSync(target) && statSync(target).isDirectory()) return `${head}${spec}/index.js${tail}`;
      return all;
    });
    if (fixed !== text) writeFileSync(file, fixed);
  }
}
console.log('built dist/');
