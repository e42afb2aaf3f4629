// Builds the CLI for the process tests exactly as `npm run build` emits
// dist/cli/main.js (scripts/build.mjs): one ESM file for Node 20 with the shebang and
// every package left external, so the tests run what ships, including how Node's own
// ESM resolver loads ajv, jsonc-parser and undici from node_modules. It is written
// under node_modules/.cache rather than dist/, which another run may be rebuilding, and
// rather than the system temp folder, from where node_modules could not be found.
import { execFile } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

/** The repository root. */
export const repositoryRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** A built CLI: the file to run with `node`, and how to delete it. */
export interface BuiltCli {
  cliPath: string;
  remove: () => void;
}

/** Builds src/cli/main.ts with the options of scripts/build.mjs into a fresh folder. */
export async function buildCli(): Promise<BuiltCli> {
  const cacheDir = path.join(repositoryRoot, 'node_modules', '.cache');
  mkdirSync(cacheDir, { recursive: true });
  const buildDir = mkdtempSync(path.join(cacheDir, 'workflow-editor-cli-test-'));
  const cliPath = path.join(buildDir, 'cli', 'main.js');
  await build({
    entryPoints: { 'cli/main': path.join(repositoryRoot, 'src/cli/main.ts') },
    outdir: buildDir,
    bundle: true,
    format: 'esm',
    splitting: true,
    chunkNames: 'cli/chunks/[name]-[hash]',
    platform: 'node',
    target: 'node20',
    packages: 'external',
    banner: { js: '#!/usr/bin/env node' },
    logLevel: 'silent',
  });
  chmodSync(cliPath, 0o755);
  // The package's "type": "module" makes dist/cli/main.js ESM; package scopes stop at
  // node_modules, so this folder needs its own.
  writeFileSync(path.join(buildDir, 'package.json'), '{ "type": "module" }\n');
  return { cliPath, remove: () => rmSync(buildDir, { recursive: true, force: true }) };
}

/** How a run of the CLI ended: its exit code (-1 when a signal ended it) and what it printed. */
export interface CliOutcome {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the built CLI at `cliPath` with `args` in `cwd`, as a child process, to its end. */
export function runBuiltCli(cliPath: string, args: string[], cwd: string): Promise<CliOutcome> {
  return new Promise((resolve) => {
    // Output up to 64 MiB: some tests print large results on purpose.
    execFile(process.execPath, [cliPath, ...args], { cwd, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}
