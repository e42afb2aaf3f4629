// Every error path of `workflow-editor` that can be named: each ends with a documented
// exit code and, on stderr, one line that names the file, option or field, never a
// stack trace (`    at `) and never a secret value in any spelling; stdout is empty or
// the JSON the command promises. The whole list runs in this process through runCli
// and the executable's own file reader (a process per case would take minutes); a
// sample of it, and every run against a server, runs as the built executable.

import { createHmac } from 'node:crypto';
import { mkdirSync, mkdtempSync, renameSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/cli';
import { readFileAtMost } from '../../src/cli/node-io';
import { json, startServer, type TestServer } from '../executor/servers';
import { buildCli, runBuiltCli, type BuiltCli, type CliOutcome } from './build-cli';

let builtCli: BuiltCli | undefined;
let cliPath: string;
let filesDir: string;
let server: TestServer;

/** Every secret value any case hands the CLI; none may show in any output. */
const SECRET_VALUES = [
  'sk_live_51HyperSecretValue',
  "s3cr3t'Pa55w0rd",
  'MixedCaseSecretHost',
  'proto-named-secret-value',
  'sk_live_51MalformedFileValue',
  'sk_live_51NonStringNeighbour',
] as const;

/** Personal data in a trigger file, which a syntax error must not quote either. */
const PERSONAL_DATA = 'jane.doe@example.com';

/** The spellings a value takes in URLs, JSON and host names. */
function spellings(value: string): string[] {
  const encoded = encodeURIComponent(value);
  return [
    value,
    value.toLowerCase(),
    JSON.stringify(value).slice(1, -1),
    encoded,
    encoded.replace(/'/g, '%27'),
    new URLSearchParams({ q: value }).toString().slice(2).replace(/'/g, '%27'),
  ];
}

const DEEP_RESPONSE = `${'['.repeat(10_000)}${']'.repeat(10_000)}`;

beforeAll(async () => {
  builtCli = await buildCli();
  cliPath = builtCli.cliPath;
  filesDir = mkdtempSync(path.join(tmpdir(), 'wfe-cli-errors-'));
  mkdirSync(path.join(filesDir, 'a-folder'));
  server = await startServer((request, response) => {
    if (request.url.startsWith('/deep')) {
      response.writeHead(200, {
        'content-type': 'application/json',
        'content-length': Buffer.byteLength(DEEP_RESPONSE),
      });
      response.end(DEEP_RESPONSE);
      return;
    }
    json(response, 200, { url: request.url });
  });
}, 60_000);

afterAll(async () => {
  await server.close();
  builtCli?.remove();
  rmSync(filesDir, { recursive: true, force: true });
});

function cli(args: string[]): Promise<CliOutcome> {
  return runBuiltCli(cliPath, args, filesDir);
}

/** The same invocation in this process: runCli with the executable's file reader, paths relative to the test folder. */
async function inProcess(args: string[]): Promise<CliOutcome> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(args, {
    stdout: (text) => (stdout += text),
    stderr: (text) => (stderr += text),
    readFile: (name, maxBytes) => readFileAtMost(path.resolve(filesDir, name), maxBytes),
  });
  return { code, stdout, stderr };
}

/** Writes a file in the test folder and returns its name (relative to the CLI's working folder). */
function file(name: string, content: unknown): string {
  // Written aside and renamed into place: cases running side by side write the same
  // fixture, and a reader must never see it half written.
  const target = path.join(filesDir, name);
  const temporary = `${target}.${process.pid}.${++writes}.tmp`;
  writeFileSync(temporary, typeof content === 'string' ? content : JSON.stringify(content, null, 2));
  renameSync(temporary, target);
  return name;
}
let writes = 0;

function workflow(steps: unknown[] = []): Record<string, unknown> {
  return {
    schemaVersion: 1,
    kind: 'workflow',
    id: 'errors_flow',
    name: 'Errors flow',
    trigger: { event: 'test' },
    steps,
  };
}

function request(id: string, config: Record<string, unknown>): Record<string, unknown> {
  return { id, type: 'action', action: 'https_request', name: id, config: { method: 'GET', ...config } };
}

const LOCAL = ['--allow-http', '--allow-private-network'];

/** What every invocation must hold, whatever it was given. */
function expectWellBehaved(outcome: CliOutcome, stdoutKind: 'empty' | 'json' | 'text'): void {
  for (const stream of [outcome.stdout, outcome.stderr]) {
    expect(stream).not.toMatch(/^ {4}at /m);
    expect(stream).not.toMatch(/\n\s+at .+:\d+:\d+\)?$/m);
    for (const value of SECRET_VALUES) for (const spelling of spellings(value)) expect(stream).not.toContain(spelling);
    expect(stream).not.toContain(PERSONAL_DATA);
  }
  if (stdoutKind === 'empty') expect(outcome.stdout).toBe('');
  if (stdoutKind === 'json') expect(() => JSON.parse(outcome.stdout) as unknown).not.toThrow();
  if (outcome.code === 2 || outcome.code === 3) {
    // One line that says what went wrong, prefixed with the program (and command).
    expect(outcome.stderr).toMatch(/^workflow-editor[^\n]*: [^\n]+\n$/);
  }
}

/** An error case: arguments (built lazily, files written on demand), exit code, stdout, and what stderr must say. */
interface ErrorCase {
  name: string;
  args: () => string[];
  code: number;
  stdout: 'empty' | 'json' | 'text';
  stderr?: RegExp;
  /** Also run as the built executable. */
  process?: boolean;
}

const validWorkflowFile = (): string =>
  file('valid.json', workflow([request('call', { url: 'https://api.example.com/x' })]));
const stepDocumentFile = (): string =>
  file('step.json', { schemaVersion: 1, kind: 'step', ...request('call', { url: 'https://api.example.com/x' }) });

/** The same broken input for the document of each command and for each JSON input flag. */
const BROKEN_INPUTS: [label: string, content: () => string][] = [
  ['an empty file', () => ''],
  ['whitespace only', () => '  \n\t\n'],
  ['invalid JSON', () => '{\n  "a": 1,\n  "b": nope\n}'],
  ['a trailing comma', () => '{ "a": 1, }'],
  ['a comment', () => '// note\n{}'],
  ['JSON then more text', () => '{} {}'],
  ['an unterminated string', () => '{ "a": "b'],
  ['binary bytes', () => '\u0000\u0001\u00ff\ufffd'],
  ['100,000 levels of nesting', () => `${'['.repeat(100_000)}${']'.repeat(100_000)}`],
  ['100,000 levels of nesting, unclosed', () => '{"a":'.repeat(100_000)],
];

const NOT_OBJECTS: [label: string, content: string][] = [
  ['an array', '[]'],
  ['a string', '"text"'],
  ['null', 'null'],
  ['a number', '42'],
];

const errorCases: ErrorCase[] = [
  // General usage.
  {
    name: 'no arguments',
    args: () => [],
    code: 2,
    stdout: 'empty',
    stderr: /give a command: validate, run, export, worker\. See "workflow-editor --help"/,
    process: true,
  },
  {
    name: 'an unknown command',
    args: () => ['frobnicate'],
    code: 2,
    stdout: 'empty',
    stderr: /unknown command "frobnicate"/,
    process: true,
  },
  {
    name: 'an unknown command with a newline and an escape in it',
    args: () => ['a\nb\u001b[31m'],
    code: 2,
    stdout: 'empty',
    stderr: /\\u000a/,
  },
  ...['validate', 'run', 'export'].flatMap((command): ErrorCase[] => [
    { name: `${command}: no file`, args: () => [command], code: 2, stdout: 'empty', stderr: /exactly one/ },
    {
      name: `${command}: two files`,
      args: () => [command, 'a.json', 'b.json'],
      code: 2,
      stdout: 'empty',
      stderr: /exactly one/,
    },
    {
      name: `${command}: an unknown option`,
      args: () => [command, '--nope', 'a.json'],
      code: 2,
      stdout: 'empty',
      stderr: /Unknown option --nope/,
    },
    {
      name: `${command}: an unknown short option`,
      args: () => [command, '-z', 'a.json'],
      code: 2,
      stdout: 'empty',
      stderr: /Unknown option -z/,
    },
    {
      name: `${command}: --help with a value`,
      args: () => [command, '--help=yes'],
      code: 2,
      stdout: 'empty',
      stderr: /--help takes no value/,
    },
    {
      name: `${command}: a missing file`,
      args: () => [command, 'missing.json'],
      code: 2,
      stdout: 'empty',
      stderr: /missing\.json: no such file/,
    },
    {
      name: `${command}: a folder`,
      args: () => [command, 'a-folder'],
      code: 2,
      stdout: 'empty',
      stderr: /a-folder: it is a folder/,
    },
    {
      name: `${command}: a path through a regular file (unreadable)`,
      args: () => [command, `${validWorkflowFile()}/x`],
      code: 2,
      stdout: 'empty',
      stderr: /valid\.json\/x: a part of the path is a file/,
    },
    {
      name: `${command}: a file over the 64 MiB limit`,
      args: () => {
        // Sparse: one byte over the limit without writing 64 MiB.
        const name = `huge-${command}.json`;
        const temporary = path.join(filesDir, `${name}.${++writes}.tmp`);
        writeFileSync(temporary, '');
        truncateSync(temporary, 64 * 1024 * 1024 + 1);
        renameSync(temporary, path.join(filesDir, name));
        return [command, name];
      },
      code: 2,
      stdout: 'empty',
      stderr: /larger than the limit of 64 MiB/,
    },
  ]),
  {
    name: 'run: --trigger without a value',
    args: () => ['run', '--trigger'],
    code: 2,
    stdout: 'empty',
    stderr: /--trigger needs a value/,
  },
  {
    name: 'run: --secrets followed by another option',
    args: () => ['run', '--secrets', '--events', 'x.json'],
    code: 2,
    stdout: 'empty',
    stderr: /--secrets needs a value/,
  },
  {
    name: 'validate: --json with a value',
    args: () => ['validate', '--json=1', 'x.json'],
    code: 2,
    stdout: 'empty',
    stderr: /--json takes no value/,
  },

  // Documents that are not valid: a problem list (exit 1), never a crash.
  ...BROKEN_INPUTS.flatMap(([label, content]): ErrorCase[] => [
    {
      name: `validate: ${label}`,
      args: () => ['validate', file(`doc-${label}.json`, content())],
      code: 1,
      stdout: 'text',
      stderr: /1 problem/,
    },
    {
      name: `validate --json: ${label}`,
      args: () => ['validate', '--json', file(`doc-${label}.json`, content())],
      code: 1,
      stdout: 'json',
    },
    {
      name: `run: ${label} as the document`,
      args: () => ['run', file(`doc-${label}.json`, content())],
      code: 1,
      stdout: 'json',
    },
    {
      name: `export: ${label}`,
      args: () => ['export', file(`doc-${label}.json`, content())],
      code: 1,
      stdout: 'empty',
      stderr: /problem/,
    },
  ]),
  ...NOT_OBJECTS.flatMap(([label, content]): ErrorCase[] => [
    {
      name: `validate: a document that is ${label}`,
      args: () => ['validate', file(`not-object-${label}.json`, content)],
      code: 1,
      stdout: 'text',
    },
    {
      name: `run: a document that is ${label}`,
      args: () => ['run', file(`not-object-${label}.json`, content)],
      code: 1,
      stdout: 'json',
    },
    {
      name: `export: a document that is ${label}`,
      args: () => ['export', file(`not-object-${label}.json`, content)],
      code: 1,
      stdout: 'empty',
    },
  ]),
  {
    name: 'validate: a workflow that fails validation',
    args: () => ['validate', file('invalid.json', { ...workflow(), id: 'Not Valid' })],
    code: 1,
    stdout: 'text',
    stderr: /invalid\.json: \d+ problem/,
  },
  {
    name: 'run: a workflow that fails validation',
    args: () => ['run', file('invalid.json', { ...workflow(), id: 'Not Valid' })],
    code: 1,
    stdout: 'json',
  },
  {
    name: 'export: a workflow that fails validation',
    args: () => ['export', file('invalid.json', { ...workflow(), id: 'Not Valid' })],
    code: 1,
    stdout: 'empty',
  },

  // Export's own usage errors.
  {
    name: 'export: an unknown format',
    args: () => ['export', '--format', 'yaml', validWorkflowFile()],
    code: 2,
    stdout: 'empty',
    stderr: /Unknown format "yaml"/,
  },
  {
    name: 'export: a bad --namespace',
    args: () => ['export', '-f', 'serverless-workflow', '--namespace', 'no spaces', validWorkflowFile()],
    code: 2,
    stdout: 'empty',
    stderr: /--namespace/,
  },
  {
    name: 'export: a bad --version',
    args: () => ['export', '-f', 'serverless-workflow', '--version', 'v1', validWorkflowFile()],
    code: 2,
    stdout: 'empty',
    stderr: /--version/,
  },
  {
    name: 'export: a step document',
    args: () => ['export', stepDocumentFile()],
    code: 2,
    stdout: 'empty',
    stderr: /step document/,
  },

  // JSON input files of `run`: every broken one is a usage error naming the file, with a line and column.
  ...(['trigger', 'secrets', 'steps'] as const).flatMap((flag): ErrorCase[] => [
    {
      name: `run --${flag}: a missing file`,
      args: () => ['run', validWorkflowFile(), `--${flag}`, 'gone.json'],
      code: 2,
      stdout: 'empty',
      stderr: new RegExp(`${flag} file gone\\.json: no such file`),
    },
    {
      name: `run --${flag}: a folder`,
      args: () => ['run', validWorkflowFile(), `--${flag}`, 'a-folder'],
      code: 2,
      stdout: 'empty',
      stderr: /it is a folder/,
    },
    {
      name: `run --${flag}: a path through a regular file`,
      args: () => ['run', validWorkflowFile(), `--${flag}`, `${validWorkflowFile()}/x`],
      code: 2,
      stdout: 'empty',
      stderr: /a part of the path is a file/,
    },
    ...BROKEN_INPUTS.filter(([label]) => !label.startsWith('100,000 levels of nesting')).map(
      ([label, content]): ErrorCase => ({
        name: `run --${flag}: ${label}`,
        args: () => ['run', validWorkflowFile(), `--${flag}`, file(`${flag}-${label}.json`, content())],
        code: 2,
        stdout: 'empty',
        stderr: new RegExp(`The ${flag} file .+ is not valid JSON at line \\d+, column \\d+: `),
      }),
    ),
    {
      name: `run --${flag}: 100,000 levels of nesting`,
      args: () => [
        'run',
        validWorkflowFile(),
        `--${flag}`,
        file(`${flag}-deep.json`, `${'['.repeat(100_000)}${']'.repeat(100_000)}`),
      ],
      code: 2,
      stdout: 'empty',
      stderr: new RegExp(`The ${flag} file .+ nests deeper than ${flag === 'steps' ? '1,003' : '1,000'} levels`),
    },
    {
      name: `run --${flag}: 100,000 levels of nesting, unclosed`,
      args: () => [
        'run',
        validWorkflowFile(),
        `--${flag}`,
        file(`${flag}-deep-unclosed.json`, '{"a":'.repeat(100_000)),
      ],
      code: 2,
      stdout: 'empty',
      stderr: /is not valid JSON at line 1, column \d+: unexpected end of file/,
    },
  ]),
  ...(['steps', 'secrets'] as const).flatMap((flag) =>
    NOT_OBJECTS.map(([label, content]): ErrorCase => ({
      name: `run --${flag}: ${label}`,
      args: () => ['run', validWorkflowFile(), `--${flag}`, file(`${flag}-${label}.json`, content)],
      code: 2,
      stdout: 'empty',
      stderr: new RegExp(`The ${flag} file .+ must hold a JSON object`),
    })),
  ),

  // The nesting limit of input files, at its edge.
  {
    name: 'run --trigger: 1,001 levels of nesting',
    args: () => [
      'run',
      file('empty-workflow.json', workflow()),
      '--trigger',
      file('trigger-1001.json', `${'['.repeat(1001)}${']'.repeat(1001)}`),
    ],
    code: 2,
    stdout: 'empty',
    stderr: /trigger-1001\.json nests deeper than 1,000 levels of objects and arrays \(at \/0\/0/,
  },
  {
    // A previous result's steps, its response body at the executor's 1,000 levels, inside steps/<id>/output.
    name: 'run --steps: a previous result with a body of 1,000 levels is within the limit (1,003 in all)',
    args: () => [
      'run',
      file('wait-step.json', {
        schemaVersion: 1,
        kind: 'step',
        id: 'w',
        type: 'action',
        action: 'wait',
        name: 'W',
        config: { seconds: 1 },
      }),
      '--steps',
      file(
        'steps-1003.json',
        `{"s":{"output":{"status":200,"headers":{},"body":${'['.repeat(1000)}${']'.repeat(1000)}}}}`,
      ),
    ],
    code: 0,
    stdout: 'json',
  },
  {
    name: 'run --steps: 1,004 levels of nesting',
    args: () => [
      'run',
      file('wait-step.json', {
        schemaVersion: 1,
        kind: 'step',
        id: 'w',
        type: 'action',
        action: 'wait',
        name: 'W',
        config: { seconds: 1 },
      }),
      '--steps',
      file('steps-1004.json', `{"s":{"output":{"body":${'['.repeat(1001)}${']'.repeat(1001)}}}}`),
    ],
    code: 2,
    stdout: 'empty',
    stderr: /steps-1004\.json nests deeper than 1,003 levels of objects and arrays \(at \/s\/output\/body\/0\/0/,
  },
  {
    name: 'run --trigger: 1,000 levels of nesting is within the limit',
    args: () => [
      'run',
      file('empty-workflow.json', workflow()),
      '--trigger',
      file('trigger-1000.json', `${'['.repeat(1000)}${']'.repeat(1000)}`),
    ],
    code: 0,
    stdout: 'json',
  },

  // Secrets files: never quoted, whatever is wrong with them.
  {
    name: 'run --secrets: malformed, a value without quotes (short file)',
    args: () => [
      'run',
      validWorkflowFile(),
      '--secrets',
      file('secrets-short.json', '{"api_key": sk_live_51MalformedFileValue}'),
    ],
    code: 2,
    stdout: 'empty',
    stderr:
      /^workflow-editor run: The secrets file secrets-short\.json is not valid JSON at line 1, column 13: expected a value\. /,
  },
  {
    name: 'run --secrets: malformed on line 3 of a longer file',
    args: () => [
      'run',
      validWorkflowFile(),
      '--secrets',
      file(
        'secrets-long.json',
        `{\n  "other": "${'x'.repeat(200)}",\n  "api_key": sk_live_51MalformedFileValue",\n  "more": "y"\n}`,
      ),
    ],
    code: 2,
    stdout: 'empty',
    stderr: /secrets-long\.json is not valid JSON at line 3, column 14: expected a value\./,
  },
  {
    name: 'run --secrets: a value that is a number, named by its entry',
    args: () => [
      'run',
      validWorkflowFile(),
      '--secrets',
      file('secrets-number.json', { good: 'sk_live_51NonStringNeighbour', api_key: 42 }),
    ],
    code: 2,
    stdout: 'empty',
    stderr: /secrets-number\.json must hold a JSON object of strings: the value at line 3, column 14 is a number\./,
  },
  {
    name: 'run --secrets: a value that is an object, with a name that is not a plain name',
    args: () => [
      'run',
      validWorkflowFile(),
      '--secrets',
      file('secrets-object.json', { good: 'sk_live_51NonStringNeighbour', sk_live_51HyperSecretValue: { a: 1 } }),
    ],
    code: 2,
    stdout: 'empty',
    stderr: /secrets-object\.json must hold a JSON object of strings: the value at line 3, column 33 is an object\./,
    process: true,
  },
  {
    name: 'run --secrets: a value that is null',
    args: () => ['run', validWorkflowFile(), '--secrets', file('secrets-null.json', { api_key: null })],
    code: 2,
    stdout: 'empty',
    stderr: /the value at line 2, column 14 is null\./,
  },
  {
    name: 'run --secrets: valid JSON but over the 1 MiB limit',
    args: () => {
      const huge: Record<string, string> = {};
      for (let index = 0; index < 40_000; index++) huge[`key_${index}`] = `sk_live_51HyperSecretValue${'x'.repeat(16)}`;
      return ['run', validWorkflowFile(), '--secrets', file('secrets-huge.json', huge)];
    },
    code: 2,
    stdout: 'empty',
    stderr: /secrets file secrets-huge\.json: it is larger than the limit of 1 MiB\./,
  },
  {
    name: 'run --trigger: malformed, holding personal data',
    args: () => [
      'run',
      validWorkflowFile(),
      '--trigger',
      file('trigger-personal.json', `{\n  "email": "${PERSONAL_DATA}",\n  "name": Jane\n}`),
    ],
    code: 2,
    stdout: 'empty',
    stderr: /trigger file trigger-personal\.json is not valid JSON at line 3, column 11: expected a value\./,
  },
];

/** The cases that also run as the built executable, besides those marked `process`. */
const PROCESS_SAMPLE = new Set([
  'run: an unknown option',
  'run: --trigger without a value',
  'validate: a missing file',
  'export: a folder',
  'run: a path through a regular file (unreadable)',
  'validate: a file over the 64 MiB limit',
  'validate: 100,000 levels of nesting',
  'run: 100,000 levels of nesting as the document',
  'export: 100,000 levels of nesting, unclosed',
  'validate --json: invalid JSON',
  'export: a step document',
  'run --secrets: malformed, a value without quotes (short file)',
  'run --secrets: malformed on line 3 of a longer file',
  'run --secrets: valid JSON but over the 1 MiB limit',
  'run --trigger: malformed, holding personal data',
  'run --trigger: 100,000 levels of nesting',
  'run --steps: an array',
]);

function checkCase(outcome: CliOutcome, errorCase: ErrorCase): void {
  expectWellBehaved(outcome, errorCase.stdout);
  expect(outcome.code).toBe(errorCase.code);
  if (errorCase.stderr) expect(outcome.stderr).toMatch(errorCase.stderr);
}

describe('every error path ends in a documented exit code and one line, with no stack and no secret', () => {
  it.each(errorCases.map((errorCase) => [errorCase.name, errorCase] as const))('%s', async (_name, errorCase) => {
    checkCase(await inProcess(errorCase.args()), errorCase);
  });
});

describe.concurrent('the same, as the built executable', () => {
  const sample = errorCases.filter((errorCase) => errorCase.process || PROCESS_SAMPLE.has(errorCase.name));

  it('runs the whole sample (every name in it is a case)', () => {
    expect(sample.length).toBe(PROCESS_SAMPLE.size + errorCases.filter((errorCase) => errorCase.process).length);
  });

  it.each(sample.map((errorCase) => [errorCase.name, errorCase] as const))(
    '%s',
    { timeout: 120_000 },
    async (_name, errorCase) => {
      checkCase(await cli(errorCase.args()), errorCase);
    },
  );
});

describe.concurrent('help', { timeout: 120_000 }, () => {
  it('--help lists the commands and documents the exit codes (exit 0)', async () => {
    const outcome = await cli(['--help']);
    expectWellBehaved(outcome, 'text');
    expect(outcome.code).toBe(0);
    expect(outcome.stderr).toBe('');
    expect(outcome.stdout).toMatch(
      /Exit codes:\n {2}0 .+\n(?: {5}.+\n)* {2}1 .+\n(?: {5}.+\n)* {2}2 .+\n(?: {5}.+\n)* {2}3 /,
    );
    const words = outcome.stdout.replace(/\s+/g, ' ');
    expect(words).toContain('Messages never quote a secrets or trigger file');
    expect(words).toContain('no error prints a stack trace');
  });

  it.each(['validate', 'run', 'export'])('%s --help prints its usage (exit 0)', async (command) => {
    const outcome = await cli([command, '--help']);
    expectWellBehaved(outcome, 'text');
    expect(outcome.code).toBe(0);
    expect(outcome.stdout).toContain(`Usage: workflow-editor ${command}`);
  });

  it('run --help documents exit code 3 and that secrets are never shown', async () => {
    const { stdout } = await cli(['run', '--help']);
    expect(stdout).toMatch(/^ {2}3 {2}the CLI could not finish/m);
    expect(stdout).toContain('[redacted]');
  });
});

describe.concurrent(
  'runs that go wrong: a JSON result or one line, never a stack or a secret',
  { timeout: 120_000 },
  () => {
    // Written as text: "__proto__" in an object literal would set the prototype, not a key.
    const secretsFile = (): string =>
      file(
        'secrets.json',
        `{
  "api_key": "sk_live_51HyperSecretValue",
  "quoted": "s3cr3t'Pa55w0rd",
  "host": "MixedCaseSecretHost",
  "constructor": "proto-named-secret-value",
  "__proto__": "proto-named-secret-value"
}`,
      );

    it('a secret with a quote in the query is redacted in every spelling the URL gives it', async () => {
      const document = file(
        'run-quote.json',
        workflow([
          request('call', {
            url: `http://127.0.0.1:${server.port}/echo?k={{ secrets.quoted }}`,
            query: [{ key: 'token', value: '{{ secrets.quoted }}' }],
            headers: [{ key: 'X-Api-Key', value: '{{ secrets.api_key }}' }],
          }),
        ]),
      );
      const outcome = await cli(['run', document, '--secrets', secretsFile(), '--events', ...LOCAL]);
      expectWellBehaved(outcome, 'json');
      expect(outcome.code).toBe(0);
      expect(server.requests.some((received) => received.url.includes('token=s3cr3t%27Pa55w0rd'))).toBe(true);
      expect(outcome.stdout).toContain('[redacted]');
    });

    it('a secret in a host name is redacted lowercased in the error', async () => {
      const document = file(
        'run-host.json',
        workflow([request('call', { url: 'https://{{ secrets.host }}.invalid/x' })]),
      );
      const outcome = await cli(['run', document, '--secrets', secretsFile(), '--events']);
      expectWellBehaved(outcome, 'json');
      expect(outcome.code).toBe(1);
      expect(JSON.parse(outcome.stdout)).toMatchObject({ status: 'failed', steps: { call: { status: 'failed' } } });
    });

    it.each(['constructor', '__proto__'])(
      'a secrets file may name a secret %s: the run signs with its own value',
      async (name) => {
        const document = file(
          `run-own-${name}.json`,
          workflow([
            request('call', {
              url: `http://127.0.0.1:${server.port}/signed-${name}`,
              signing: { secret: `{{ secrets.${name} }}`, header: 'X-Sig' },
            }),
          ]),
        );
        const outcome = await cli(['run', document, '--secrets', secretsFile(), ...LOCAL]);
        expectWellBehaved(outcome, 'json');
        expect(outcome.code).toBe(0);
        const received = server.requests.find((candidate) => candidate.url === `/signed-${name}`)!;
        const header = String(received.headers['x-sig']);
        const timestamp = /t=(\d+)/.exec(header)![1]!;
        const expected = createHmac('sha256', 'proto-named-secret-value').update(`${timestamp}.`).digest('hex');
        expect(header).toBe(`t=${timestamp},v1=${expected}`);
      },
    );

    // The executor looks secrets up as own properties only; were the run to reject, the
    // CLI's net would still end it as exit 3 and one line (expectWellBehaved checks that
    // much before the exit code).
    it.each(
      ['constructor', '__proto__', 'toString', 'hasOwnProperty'].flatMap((name) => [
        [name, 'no secrets file'] as const,
        [name, 'a secrets file without it'] as const,
      ]),
    )('a secret named %s that is not given (%s) fails the step, reference_unresolved (exit 1)', async (name, how) => {
      const document = file(
        `run-proto-${name}.json`,
        workflow([
          request('call', {
            url: `http://127.0.0.1:${server.port}/never`,
            signing: { secret: `{{ secrets.${name} }}` },
          }),
        ]),
      );
      const secrets =
        how === 'no secrets file'
          ? []
          : ['--secrets', file(`secrets-other-${name}.json`, { other: 'sk_live_51HyperSecretValue' })];
      const outcome = await cli(['run', document, ...secrets, ...LOCAL]);
      expectWellBehaved(outcome, outcome.code === 3 ? 'empty' : 'json');
      expect(outcome.code).toBe(1);
      expect(JSON.parse(outcome.stdout)).toMatchObject({
        status: 'failed',
        steps: { call: { status: 'failed', error: { type: 'reference_unresolved' } } },
      });
      expect(server.requests.some((received) => received.url === '/never')).toBe(false);
    });

    // The executor bounds response nesting (1,000 levels, response_too_large); were the
    // result too deep to write, or the run to reject, the CLI would say so in one line
    // with exit 3 (expectWellBehaved checks that much before the exit code).
    it.each([
      ['without secrets', false],
      ['with a secret loaded', true],
    ] as const)(
      'a response nested 10,000 levels deep (%s) fails the step, response_too_large (exit 1)',
      async (_label, withSecrets) => {
        const document = file(
          `run-deep-${withSecrets}.json`,
          workflow([
            request('deep', {
              url: `http://127.0.0.1:${server.port}/deep`,
              ...(withSecrets ? { headers: [{ key: 'X-Api-Key', value: '{{ secrets.api_key }}' }] } : {}),
            }),
            request('forward', {
              url: `http://127.0.0.1:${server.port}/forward`,
              method: 'POST',
              body: { all: '{{ steps.deep.output.body }}' },
            }),
          ]),
        );
        const outcome = await cli(['run', document, ...(withSecrets ? ['--secrets', secretsFile()] : []), ...LOCAL]);
        expectWellBehaved(outcome, outcome.code === 3 ? 'empty' : 'json');
        expect(outcome.code).toBe(1);
        expect(JSON.parse(outcome.stdout)).toMatchObject({
          status: 'failed',
          steps: { deep: { status: 'failed', error: { type: 'response_too_large' } } },
        });
      },
    );

    it('a large secrets file under the limit runs, and only the values used matter', async () => {
      const many: Record<string, string> = { api_key: 'sk_live_51HyperSecretValue' };
      for (let index = 0; index < 10_000; index++) many[`key_${index}`] = `value-${index}-${'v'.repeat(40)}`;
      const document = file(
        'run-many.json',
        workflow([
          request('call', {
            url: `http://127.0.0.1:${server.port}/many`,
            headers: [{ key: 'X-Api-Key', value: '{{ secrets.api_key }}' }],
          }),
        ]),
      );
      const outcome = await cli(['run', document, '--secrets', file('secrets-many.json', many), ...LOCAL]);
      expectWellBehaved(outcome, 'json');
      expect(outcome.code).toBe(0);
    });
  },
);
