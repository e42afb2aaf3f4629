#!/usr/bin/env node
// ---------------------------------------------------------------------------
// Proves the low ends of package.json's peerDependencies ranges: installs the lowest
// version each range admits into a throwaway copy of the repository, then runs the
// typecheck, the editor's unit tests and every story's play function (real Chromium)
// against them. The regular
// `npm test` only ever sees the newest versions the devDependencies resolve to.
//
// Usage: node scripts/test-lowest-peers.mjs [name@version ...]
//   (Chromium: CHROMIUM_PATH, else /usr/bin/chromium). Arguments replace entries of the
//   lists below for one run (in every React line), e.g. `@rjsf/core@6.4.1` to see why
//   the bound is 6.4.2.
// Exits non-zero when an install, the typecheck or a story fails. Set KEEP_TEMP=1 to keep
// the temporary copy for a look after a failure.
// ---------------------------------------------------------------------------

import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The lowest peer versions, shared by every React line below: the low ends of the
 * peerDependencies ranges, each the lowest release with which the typecheck and all
 * stories pass.
 */
const LOWEST_PEERS = {
  // 6.0–6.1 lack `fieldPathId` (the form's templates and fields read it), and 6.2.3–6.4.1
  // do not hand `parentUiSchema` to ArrayFieldItemTemplate: every list's remove button
  // loses its label ("Remove 1" instead of "Remove header 1"). 6.4.2 is the first that
  // does. The two packages are released together and peer on each other's minor.
  '@rjsf/core': '6.4.2',
  '@rjsf/utils': '6.4.2',
  // Everything the canvas imports exists and behaves the same from the first 12.x.
  '@xyflow/react': '12.0.0',
  // The store and zundo's temporal middleware need only zustand 5's API.
  zustand: '5.0.0',
};

/**
 * One run per React major the range admits, each at its lowest release, with type
 * packages of the same line so the typecheck sees the API a host on that line compiles
 * against (the newest 18.x types: what `@types/react@^18` gives such a host). 18.3.1,
 * not 18.3.0, is the floor this run proves; 18.3.0 lacked the `act` export 18.3.1 added.
 */
const REACT_LINES = [
  {
    name: 'React 18',
    packages: { react: '18.3.1', 'react-dom': '18.3.1', '@types/react': '18.3.32', '@types/react-dom': '18.3.7' },
  },
  {
    name: 'React 19',
    packages: { react: '19.0.0', 'react-dom': '19.0.0', '@types/react': '19.0.0', '@types/react-dom': '19.0.0' },
  },
];

/** `name@version` arguments, by name; a scoped name keeps its leading `@`. */
function parseOverrides(args) {
  const overrides = {};
  for (const arg of args) {
    const at = arg.lastIndexOf('@');
    if (at <= 0) throw new Error(`expected name@version, got "${arg}"`);
    const name = arg.slice(0, at);
    const known = name in LOWEST_PEERS || REACT_LINES.some((line) => name in line.packages);
    if (!known) throw new Error(`"${name}" is not in the lists of this script`);
    overrides[name] = arg.slice(at + 1);
  }
  return overrides;
}

const overrides = parseOverrides(process.argv.slice(2));
const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const keepTemp = process.env.KEEP_TEMP === '1';
const env = {
  ...process.env,
  CHROMIUM_PATH: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
  npm_config_update_notifier: 'false',
};

/** Runs a command with inherited output; throws when it does not exit with 0. */
function run(cwd, command, args) {
  console.log(`\n$ ${[command, ...args].join(' ')}`);
  const result = spawnSync(command, args, { cwd, env, stdio: 'inherit' });
  if (result.error) throw result.error;
  if (result.status !== 0) {
    throw new Error(`${command} ${args.join(' ')} exited with ${result.status ?? result.signal}`);
  }
}

/** Copies the files git tracks (as they are in the working tree) into `target`. */
function copyTrackedFiles(target) {
  const listed = spawnSync('git', ['ls-files', '-z'], { cwd: repoRoot, encoding: 'utf8' });
  if (listed.status !== 0) throw new Error(`git ls-files failed: ${listed.stderr}`);
  let copied = 0;
  for (const file of listed.stdout.split('\0')) {
    if (file === '') continue;
    const from = path.join(repoRoot, file);
    // A tracked file deleted in the working tree is not part of what is being tested.
    if (!fs.existsSync(from)) continue;
    const to = path.join(target, file);
    fs.mkdirSync(path.dirname(to), { recursive: true });
    fs.cpSync(from, to, { verbatimSymlinks: true });
    copied += 1;
  }
  return copied;
}

/**
 * npm can settle on another version than the one asked for (an override, a deduplication):
 * a run that silently tested the newest versions would prove nothing.
 */
function assertInstalled(dir, packages) {
  for (const [name, version] of Object.entries(packages)) {
    const manifest = JSON.parse(fs.readFileSync(path.join(dir, 'node_modules', name, 'package.json'), 'utf8'));
    if (manifest.version !== version) {
      throw new Error(`${name}: asked for ${version}, node_modules holds ${manifest.version}`);
    }
  }
}

function main() {
  const started = Date.now();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wfe-lowest-peers-'));
  const cleanUp = () => {
    if (keepTemp) console.log(`kept ${dir}`);
    else fs.rmSync(dir, { recursive: true, force: true });
  };
  const onSignal = (signal) => {
    cleanUp();
    process.kill(process.pid, signal);
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);

  let failed = false;
  try {
    console.log(`copied ${copyTrackedFiles(dir)} tracked files into ${dir}`);
    run(dir, 'npm', ['ci', '--no-audit', '--no-fund']);
    for (const line of REACT_LINES) {
      const packages = { ...LOWEST_PEERS, ...line.packages };
      for (const [name, version] of Object.entries(overrides)) if (name in packages) packages[name] = version;
      console.log(
        `\n=== lowest peers with ${line.name}: ${Object.entries(packages)
          .map(([n, v]) => `${n}@${v}`)
          .join(' ')}`,
      );
      // Vite's pre-bundled dependencies would otherwise outlive the swap of versions.
      fs.rmSync(path.join(dir, 'node_modules', '.vite'), { recursive: true, force: true });
      run(dir, 'npm', [
        'install',
        '--no-save',
        '--no-audit',
        '--no-fund',
        ...Object.entries(packages).map(([name, version]) => `${name}@${version}`),
      ]);
      assertInstalled(dir, packages);
      run(dir, 'npm', ['run', 'typecheck']);
      // The editor's unit tests render components and the store in jsdom: a few seconds more.
      run(dir, 'npx', ['vitest', 'run', '--project', 'unit', 'test/editor']);
      run(dir, 'npx', ['vitest', 'run', '--project', 'storybook']);
    }
  } catch (error) {
    failed = true;
    console.error(`\nlowest peers: FAILED: ${error instanceof Error ? error.message : String(error)}`);
  } finally {
    cleanUp();
  }
  const seconds = Math.round((Date.now() - started) / 1000);
  if (failed) {
    process.exitCode = 1;
  } else {
    console.log(`\nlowest peers: all passed in ${seconds} s`);
  }
}

main();
