// Checks the package as hosts get it: builds dist/, packs it once, then
// - publint (strict: warnings count as errors; suggestions fail the check too);
// - @arethetypeswrong/cli on every entry, with two waivers written in the README:
//   node10 resolution (it ignores `exports`, so no subpath can resolve there) and, for the
//   React entry alone, "ESM (dynamic import only)" under `require` (the editor is
//   ESM-only; Node 20.19+ can still `require()` it);
// - Node itself: `require` and `import` of `/definition` and `/executor` under the
//   default and the `browser` conditions load the intended file and run a workflow, and
//   the default network policy refuses URLs to private IP addresses there.
// Exits non-zero on any problem.
// Usage: node scripts/check-package.mjs [--skip-build]
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { publint } from 'publint';
import { formatMessage } from 'publint/utils';

const failures = [];
const run = (command, args, options = {}) => spawnSync(command, args, { encoding: 'utf8', ...options });

if (!process.argv.includes('--skip-build')) execFileSync('node', ['scripts/build.mjs'], { stdio: 'inherit' });

const scratch = mkdtempSync(path.join(tmpdir(), 'workflow-editor-pack-'));
try {
  const packed = JSON.parse(
    execFileSync('npm', ['pack', '--json', '--pack-destination', scratch], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'inherit'],
    }),
  );
  const tarball = path.join(scratch, packed[0].filename);
  console.log(`packed ${packed[0].filename}: ${packed[0].entryCount} files, ${(packed[0].size / 1024).toFixed(1)} kB`);

  // publint
  const pkg = JSON.parse(readFileSync('package.json', 'utf8'));
  const { messages } = await publint({
    strict: true,
    level: 'suggestion',
    pack: { tarball: new Uint8Array(readFileSync(tarball)).buffer },
  });
  for (const message of messages)
    failures.push(`publint ${message.type}: ${formatMessage(message, pkg) ?? message.code}`);
  console.log(
    messages.length === 0 ? 'publint --strict: no problems' : `publint --strict: ${messages.length} problem(s)`,
  );

  // attw: every entry but the stylesheet (attw resolves only scripts and declarations).
  const attw = path.join('node_modules', '.bin', 'attw');
  const attwRuns = [
    [
      'every entry but the editor, form and queue, CommonJS and ESM',
      ['--profile', 'node16', '--exclude-entrypoints', '.', './form', './queue', './style.css'],
    ],
    [
      'the editor, form and queue entries, ESM-only',
      ['--profile', 'esm-only', '--entrypoints', '.', './form', './queue'],
    ],
  ];
  for (const [what, flags] of attwRuns) {
    const result = run(attw, [tarball, ...flags, '--no-color', '--format', 'table']);
    process.stdout.write(result.stdout);
    process.stderr.write(result.stderr);
    if (result.status !== 0) failures.push(`attw (${what}) found problems: see above`);
    else console.log(`attw (${what}): no problems`);
  }
} finally {
  rmSync(scratch, { recursive: true, force: true });
}

// Node: which file each condition loads, and that it reads, checks and runs a workflow
// with one HTTPS step against a server on 127.0.0.1 (undici from node_modules in the Node
// build, the global fetch in the browser build), which exercises every CommonJS-or-dual
// dependency from the CommonJS builds: ajv, jsonc-parser, re2js, undici.
const script = `
  const kind = process.argv[1];
  const load = (name) => kind === 'require' ? Promise.resolve(require(name)) : import(name);
  const http = require('node:http');
  (async () => {
    const server = http.createServer((request, response) => response.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}'));
    await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
    const definition = await load('workflow-editor/definition');
    const executor = await load('workflow-editor/executor');
    const workflow = definition.emptyWorkflow({ id: 'check_package', name: 'Check package', event: 'package.checked' });
    // ajv (the schemas) and jsonc-parser (reading text with positions).
    const checked = definition.importWorkflowJson(JSON.stringify(workflow));
    workflow.steps.push({
      id: 'call', type: 'action', action: 'https_request', name: 'Call',
      config: {
        url: 'http://127.0.0.1:' + server.address().port + '/',
        method: 'GET',
        // A pattern, run by re2js, the linear-time engine, which the ESM builds load as a
        // chunk of their own: its imports must resolve from where the chunk sits.
        responseSchema: { type: 'object', propertyNames: { pattern: '^[a-z]+$' }, required: ['ok'] },
      },
    });
    workflow.steps.push({
      id: 'mismatch', type: 'action', action: 'https_request', name: 'Mismatch',
      config: {
        url: 'http://127.0.0.1:' + server.address().port + '/',
        method: 'GET',
        continueOnError: true,
        // The same answer against a pattern it breaks: the pattern really runs.
        responseSchema: { type: 'object', propertyNames: { pattern: '^[A-Z]+$' } },
      },
    });
    const result = await executor.runWorkflow(workflow, { trigger: {}, network: { allowHttp: true, allowPrivateNetwork: true } });
    // The default policy: an IP address of the host's own network is refused by the address
    // tables, which the ESM builds load as a chunk of their own (its imports must resolve
    // from where it sits), and a public-looking host name is allowed without them. The step
    // to it is sent on the host's fetch, which answers without a network.
    const policyWorkflow = definition.emptyWorkflow({ id: 'check_policy', name: 'Check policy', event: 'package.checked' });
    for (const [id, url] of [['private_v4', 'https://10.0.0.1/'], ['loopback_v6', 'https://[::1]/'], ['name', 'https://api.example.com/']]) {
      policyWorkflow.steps.push({ id, type: 'action', action: 'https_request', name: id, config: { url, method: 'GET', continueOnError: true } });
    }
    const policy = await executor.runWorkflow(policyWorkflow, {
      trigger: {},
      fetch: async () => new Response('{"ok":true}', { headers: { 'content-type': 'application/json' } }),
    });
    server.close();
    console.log(JSON.stringify({
      definition: where('workflow-editor/definition'),
      executor: where('workflow-editor/executor'),
      problems: checked.problems.map((problem) => problem.message),
      status: result.status === 'succeeded' ? result.status : JSON.stringify(result),
      mismatch: result.steps.mismatch?.error?.type ?? JSON.stringify(result.steps.mismatch),
      refused: ['private_v4', 'loopback_v6'].map((id) => policy.steps[id]?.error?.message ?? JSON.stringify(policy.steps[id])),
      name: policy.steps.name?.status ?? JSON.stringify(policy.steps.name),
      undici: Object.keys(require.cache).some((file) => file.includes('/node_modules/undici/')),
    }));
  })().catch((error) => { console.error(error); process.exit(1); });
`;
const expected = [
  { kind: 'require', conditions: [], definition: 'dist/definition/index.cjs', executor: 'dist/executor/index.cjs' },
  { kind: 'import', conditions: [], definition: 'dist/definition/index.js', executor: 'dist/executor/index.js' },
  {
    kind: 'require',
    conditions: ['--conditions=browser'],
    definition: 'dist/definition/index.cjs',
    executor: 'dist/executor/browser.cjs',
  },
  {
    kind: 'import',
    conditions: ['--conditions=browser'],
    definition: 'dist/definition/index.js',
    executor: 'dist/executor/browser.js',
  },
];
for (const check of expected) {
  const type = check.kind === 'require' ? 'commonjs' : 'module';
  const code =
    check.kind === 'require'
      ? `const where = (name) => require.resolve(name); ${script}`
      : `import { createRequire } from 'node:module'; const require = createRequire(import.meta.url); const where = (name) => import.meta.resolve(name); ${script}`;
  const result = run('node', [...check.conditions, `--input-type=${type}`, '-e', code, check.kind]);
  const label = `node ${[...check.conditions, check.kind].join(' ')}`;
  if (result.status !== 0) {
    failures.push(`${label}: failed\n${result.stderr}`);
    continue;
  }
  const seen = JSON.parse(result.stdout.trim().split('\n').pop());
  const relative = (file) => path.relative(process.cwd(), file.startsWith('file:') ? new URL(file).pathname : file);
  const wrong = [];
  if (relative(seen.definition) !== check.definition) wrong.push(`definition from ${relative(seen.definition)}`);
  if (relative(seen.executor) !== check.executor) wrong.push(`executor from ${relative(seen.executor)}`);
  if (seen.problems.length > 0) wrong.push(`problems: ${seen.problems.join(' ')}`);
  if (seen.status !== 'succeeded') wrong.push(`the run ${seen.status}`);
  if (seen.mismatch !== 'response_schema_mismatch') wrong.push(`the pattern that must fail gave ${seen.mismatch}`);
  const [privateV4, loopbackV6] = seen.refused;
  if (!privateV4.startsWith('The destination 10.0.0.1 is in 10.0.0.0/8 (Private-Use, RFC 1918)'))
    wrong.push(`https://10.0.0.1/ gave: ${privateV4}`);
  if (!loopbackV6.startsWith('The destination [::1] is in ::1/128 (Loopback Address'))
    wrong.push(`https://[::1]/ gave: ${loopbackV6}`);
  if (seen.name !== 'succeeded') wrong.push(`the step to a host name ${seen.name}`);
  const browser = check.conditions.includes('--conditions=browser');
  if (seen.undici !== !browser) wrong.push(browser ? 'undici was loaded' : 'the run did not go through undici');
  if (wrong.length > 0) failures.push(`${label}: ${wrong.join('; ')}`);
  else console.log(`${label}: ${check.definition}, ${check.executor}, runs, refuses private IP addresses`);
}

// The React entry starts with its client directive.
if (!readFileSync('dist/editor/index.js', 'utf8').startsWith('"use client";\n')) {
  failures.push('dist/editor/index.js does not start with "use client"');
}

if (failures.length > 0) {
  console.error(`\npackage check failed:\n- ${failures.join('\n- ')}`);
  process.exit(1);
}
console.log('package check: no problems');
