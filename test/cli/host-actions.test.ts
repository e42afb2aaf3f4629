// `--actions <module>`: a host's own actions for `validate`, `run` and `export` (and the
// worker's usage errors; its runs are in test/queue/cli-worker-actions.test.ts), run as
// the built executable against a module written to a temporary folder and a real server
// on 127.0.0.1 for its handler to call. Every way the module can be unusable exits 2 with
// one line that names the option and the file.

import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JsonObject } from '../../src/definition';
import { json, startServer, type TestServer } from '../executor/servers';
import { buildCli, runBuiltCli, type BuiltCli, type CliOutcome } from './build-cli';
import { slackActionsModuleSource, writeBundledModule } from './host-actions-module';
import { invalidSlackConfig, slackWorkflow, validSlackConfig } from './slack-actions';

const SLACK_TOKEN = 'xoxb-secret-token-from-the-secrets-file';

let builtCli: BuiltCli | undefined;
let cliPath: string;
let filesDir: string;
let slack: TestServer;

beforeAll(async () => {
  [builtCli, slack] = await Promise.all([
    buildCli(),
    startServer((_request, response) => json(response, 200, { ok: true, ts: '1712.0001' })),
  ]);
  cliPath = builtCli.cliPath;
  filesDir = mkdtempSync(path.join(tmpdir(), 'wfe-cli-actions-'));
  await writeBundledModule(path.join(filesDir, 'actions.mjs'), slackActionsModuleSource(slack.origin));
  file('secrets.json', { slack_token: SLACK_TOKEN });
  file('trigger.json', { invoiceId: 'inv_42' });
  file('valid.json', slackWorkflow(validSlackConfig));
  file('invalid.json', slackWorkflow(invalidSlackConfig));
}, 60_000);

afterAll(async () => {
  await slack.close();
  builtCli?.remove();
  rmSync(filesDir, { recursive: true, force: true });
});

/** Runs the built CLI in the folder of the test's files, so relative paths resolve there. */
function cli(args: string[]): Promise<CliOutcome> {
  return runBuiltCli(cliPath, args, filesDir);
}

function file(name: string, content: unknown): string {
  const target = path.join(filesDir, name);
  writeFileSync(target, typeof content === 'string' ? content : JSON.stringify(content, null, 2));
  return target;
}

/** Where the three mistakes of invalidSlackConfig are reported. */
const THREE_PROBLEM_PATHS = ['/steps/0/config/level', '/steps/0/config/mention', '/steps/0/config/token'];

/** Problem lines as validate and export print them ("<pointer>: <message> (line L, column C)"): one at each path. */
function expectTheThreeProblems(text: string): void {
  const paths = text
    .split('\n')
    .filter((line) => line.startsWith('/'))
    .map((line) => line.slice(0, line.indexOf(': ')));
  expect(paths.sort()).toEqual(THREE_PROBLEM_PATHS);
}

describe('validate --actions', () => {
  it('knows the host action from the catalog: a valid config is valid (exit 0), unknown without it (exit 1)', async () => {
    const outcome = await cli(['validate', '--actions', 'actions.mjs', 'valid.json']);
    expect(outcome).toMatchObject({ code: 0, stdout: 'valid: valid.json\n', stderr: '' });
    const without = await cli(['validate', 'valid.json']);
    expect(without.code).toBe(1);
    expect(without.stdout).toContain('There is no action "post_to_slack" in the action catalog');
  });

  it("applies the action's schema and its own rule: each mistake is a problem at its path (exit 1)", async () => {
    const outcome = await cli(['validate', '--actions', 'actions.mjs', 'invalid.json']);
    expect(outcome.code).toBe(1);
    expectTheThreeProblems(outcome.stdout);
    expect(outcome.stdout).toContain('exactly one secret reference');
    expect(outcome.stderr).toBe('invalid.json: 3 problems\n');
  });

  it('takes a file: URL and an absolute path as well', async () => {
    const url = pathToFileURL(path.join(filesDir, 'actions.mjs')).href;
    expect((await cli(['validate', '--actions', url, 'valid.json'])).code).toBe(0);
    expect((await cli(['validate', '--actions', path.join(filesDir, 'actions.mjs'), 'valid.json'])).code).toBe(0);
  });
});

describe('run --actions', () => {
  it("validates with the catalog and runs the step with the module's handler, which calls the server", async () => {
    const before = slack.requests.length;
    const outcome = await cli([
      'run',
      'valid.json',
      '--actions',
      './actions.mjs',
      '--trigger',
      'trigger.json',
      '--secrets',
      'secrets.json',
    ]);
    expect(outcome.stderr).toBe('');
    expect(outcome.code).toBe(0);
    const result = JSON.parse(outcome.stdout) as { status: string; steps: Record<string, JsonObject> };
    expect(result.status).toBe('succeeded');
    expect(result.steps.tell_billing).toMatchObject({ status: 'succeeded', output: { ok: true, ts: '1712.0001' } });
    expect(slack.requests).toHaveLength(before + 1);
    const request = slack.requests.at(-1)!;
    expect(request.headers.authorization).toBe(`Bearer ${SLACK_TOKEN}`);
    expect(JSON.parse(request.body.toString())).toEqual({
      channel: '#billing',
      level: 'warning',
      text: 'Invoice inv_42 is overdue',
    });
    expect(outcome.stdout).not.toContain(SLACK_TOKEN);
    // Without --actions the same run is refused as before: there is no such action.
    const without = await cli(['run', 'valid.json', '--secrets', 'secrets.json']);
    expect(without.code).toBe(1);
    expect(without.stdout).toContain('There is no action \\"post_to_slack\\" in the action catalog');
  });

  it('refuses an invalid host config: the result lists the problems and nothing is sent (exit 1)', async () => {
    const before = slack.requests.length;
    const outcome = await cli(['run', 'invalid.json', '--actions', 'actions.mjs', '--secrets', 'secrets.json']);
    expect(outcome.code).toBe(1);
    const result = JSON.parse(outcome.stdout) as { status: string; problems: { path: string }[]; steps: object };
    expect(result.status).toBe('failed');
    expect(result.steps).toEqual({});
    expect(result.problems.map((problem) => problem.path).sort()).toEqual(THREE_PROBLEM_PATHS);
    expect(slack.requests).toHaveLength(before);
  });

  it('runs a standalone step document of the host action', async () => {
    file('step.json', { schemaVersion: 1, kind: 'step', ...slackWorkflow(validSlackConfig).steps[0] });
    const outcome = await cli([
      'run',
      'step.json',
      '--actions',
      'actions.mjs',
      '--trigger',
      'trigger.json',
      '--secrets',
      'secrets.json',
    ]);
    expect(outcome.code).toBe(0);
    expect(JSON.parse(outcome.stdout)).toMatchObject({ status: 'succeeded', steps: { tell_billing: { attempts: 1 } } });
  });
});

describe('export --actions', () => {
  it("writes the host action's config in its schema's key order, defaults left out (exit 0)", async () => {
    file(
      'shuffled.json',
      slackWorkflow({
        token: '{{ secrets.slack_token }}',
        text: 'Invoice {{ trigger.invoiceId }} is overdue',
        continueOnError: false,
        level: 'warning',
        channel: '#billing',
      }),
    );
    const outcome = await cli(['export', '--actions', 'actions.mjs', 'shuffled.json']);
    expect(outcome.stderr).toBe('');
    expect(outcome.code).toBe(0);
    const exported = JSON.parse(outcome.stdout) as { steps: { config: JsonObject }[] };
    expect(Object.keys(exported.steps[0]!.config)).toEqual(['channel', 'level', 'text', 'token']);
  });

  it("converts with the action's own Serverless Workflow mapping", async () => {
    const outcome = await cli(['export', '--format', 'serverless-workflow', '--actions', 'actions.mjs', 'valid.json']);
    expect(outcome.code).toBe(0);
    const document = JSON.parse(outcome.stdout) as { do: Record<string, { call: string }>[] };
    expect(document.do[0]!.tell_billing!.call).toBe('slack');
  });

  it('an invalid document prints its problems on stderr, nothing on stdout, and exits 1, as its help says', async () => {
    const outcome = await cli(['export', '--actions', 'actions.mjs', 'invalid.json']);
    expect(outcome.code).toBe(1);
    expect(outcome.stdout).toBe('');
    expectTheThreeProblems(outcome.stderr);
    expect(outcome.stderr).toContain('invalid.json: 3 problems');
    const unknown = await cli(['export', 'valid.json']);
    expect(unknown).toMatchObject({ code: 1, stdout: '' });
    expect(unknown.stderr).toContain('There is no action "post_to_slack"');
    expect((await cli(['export', '--help'])).stdout).toMatch(/^ {2}1 {2}the document is not valid$/m);
  });
});

/** A module the test writes as text (no package code), or bundles when it needs a real catalog. */
interface BadModule {
  name: string;
  /** File name, relative to the test's folder. */
  module: string;
  write: () => Promise<unknown>;
  /** Words the one line on stderr must hold besides the option and the file. */
  says: string;
}

const badModules: BadModule[] = [
  { name: 'a missing file', module: 'missing.mjs', write: async () => undefined, says: 'no such file' },
  {
    name: 'a folder',
    module: 'a-folder.mjs',
    write: async () => mkdirSync(path.join(filesDir, 'a-folder.mjs'), { recursive: true }),
    says: 'it is a folder',
  },
  {
    name: 'a module of handlers alone (what worker --handlers takes)',
    module: 'handlers-only.mjs',
    write: async () => file('handlers-only.mjs', 'export default { post_to_slack: () => ({}) };\n'),
    says: 'does not export "catalog"',
  },
  {
    name: 'a catalog export that is not an ActionCatalog',
    module: 'not-a-catalog.mjs',
    write: async () => file('not-a-catalog.mjs', "export const catalog = { actions: [{ id: 'post_to_slack' }] };\n"),
    says: 'is not an action catalog (it has no get(actionId) method)',
  },
  {
    name: 'a handler for an action the catalog lacks',
    module: 'extra-handler.mjs',
    write: () =>
      writeBundledModule(
        path.join(filesDir, 'extra-handler.mjs'),
        `import { createSlackActions } from './slack-actions';
const slack = createSlackActions('http://127.0.0.1:9');
export const catalog = slack.catalog;
export const handlers = { ...slack.handlers, create_invoice: () => ({ id: 'inv_1' }) };
`,
      ),
    says: 'has a handler for "create_invoice", which its catalog lacks',
  },
  {
    name: 'a handler for an action the executor runs itself',
    module: 'https-handler.mjs',
    write: () =>
      writeBundledModule(
        path.join(filesDir, 'https-handler.mjs'),
        `import { createSlackActions } from './slack-actions';
export const { catalog } = createSlackActions('http://127.0.0.1:9');
export const handlers = { https_request: () => ({}) };
`,
      ),
    says: 'has a handler for "https_request", which the executor runs itself',
  },
  {
    name: 'handlers that are not functions',
    module: 'handler-not-function.mjs',
    write: () =>
      writeBundledModule(
        path.join(filesDir, 'handler-not-function.mjs'),
        `import { createSlackActions } from './slack-actions';
export const { catalog } = createSlackActions('http://127.0.0.1:9');
export const handlers = { post_to_slack: 'https://hooks.slack.com/x' };
`,
      ),
    says: 'The handler for post_to_slack in the --actions module handler-not-function.mjs must be a function',
  },
  {
    name: 'a TypeScript module',
    module: 'actions.ts',
    write: async () => file('actions.ts', 'export const catalog: unknown = undefined;\n'),
    says: 'is TypeScript, which Node does not load by itself: compile it to JavaScript',
  },
  {
    name: 'a JSON file',
    module: 'secrets.json',
    write: async () => undefined,
    says: 'is not a JavaScript module',
  },
  {
    name: 'a module that throws while it loads',
    module: 'throws.mjs',
    write: async () => file('throws.mjs', "throw new Error('the billing API key is not set');\n"),
    says: 'could not be loaded: Error: the billing API key is not set',
  },
];

describe('an unusable --actions module: exit 2, one line naming --actions and the file', () => {
  beforeAll(async () => {
    for (const bad of badModules) await bad.write();
  });

  it.each(badModules.map((bad) => [bad.name, bad] as const))('%s', async (_name, bad) => {
    for (const command of ['validate', 'run', 'export']) {
      const outcome = await cli([command, '--actions', bad.module, 'valid.json']);
      expect(outcome.code, `${command}: ${outcome.stderr}`).toBe(2);
      expect(outcome.stdout).toBe('');
      const lines = outcome.stderr.trimEnd().split('\n');
      expect(lines).toHaveLength(1);
      expect(lines[0]).toContain(`workflow-editor ${command}: `);
      expect(lines[0]).toContain(`--actions module ${bad.module}`);
      expect(lines[0]).toContain(bad.says);
      expect(lines[0]).not.toMatch(/\n\s+at /);
    }
  });

  it('a URL other than file: is refused', async () => {
    const outcome = await cli(['validate', '--actions', 'https://cdn.example.com/actions.mjs', 'valid.json']);
    expect(outcome.code).toBe(2);
    expect(outcome.stderr).toContain('--actions takes a path or a file: URL, not a https: URL');
  });

  it('the worker refuses one before it connects to Redis, and refuses --actions with --handlers', async () => {
    const missing = await cli(['worker', '--redis', 'redis://127.0.0.1:1', '--actions', 'missing.mjs']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain(
      'workflow-editor worker: Cannot load the --actions module missing.mjs: no such file.',
    );
    expect(missing.stderr).not.toContain('Redis');
    const both = await cli([
      'worker',
      '--redis',
      'redis://127.0.0.1:1',
      '--actions',
      'actions.mjs',
      '--handlers',
      'handlers-only.mjs',
    ]);
    expect(both.code).toBe(2);
    expect(both.stderr).toContain('Give --actions or --handlers, not both');
  });

  it('every command documents --actions and its usage errors in its help', async () => {
    for (const command of ['validate', 'run', 'export', 'worker']) {
      const { stdout } = await cli([command, '--help']);
      expect(stdout).toContain('--actions <module>');
      expect(stdout.replace(/\s+/g, ' ')).toContain('an --actions module that is missing, cannot be loaded');
    }
  });
});
