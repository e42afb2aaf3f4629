// `workflow-editor validate` and `run`, run as the built executable in a child process
// against a real server on 127.0.0.1.

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { json, startServer, type TestServer } from '../executor/servers';
import { buildCli, runBuiltCli, type BuiltCli, type CliOutcome } from './build-cli';

let builtCli: BuiltCli | undefined;
let cliPath: string;
let filesDir: string;
let server: TestServer;

/** The CLI as `npm run build` emits it (see build-cli.ts), run as a child process. */
beforeAll(async () => {
  builtCli = await buildCli();
  cliPath = builtCli.cliPath;
  filesDir = mkdtempSync(path.join(tmpdir(), 'wfe-cli-files-'));
  server = await startServer((request, response) => {
    if (request.url.startsWith('/fail')) {
      json(response, 500, {});
      return;
    }
    json(response, 200, { path: request.url, key: request.headers['x-api-key'] ?? null });
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

function file(name: string, content: unknown): string {
  const target = path.join(filesDir, name);
  writeFileSync(target, typeof content === 'string' ? content : JSON.stringify(content, null, 2));
  return target;
}

function httpsConfig(url: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { url, method: 'GET', ...extra };
}

function workflowDocument(steps: unknown[]): Record<string, unknown> {
  return { schemaVersion: 1, kind: 'workflow', id: 'cli_flow', name: 'CLI flow', trigger: { event: 'test' }, steps };
}

const validWorkflow = workflowDocument([
  {
    id: 'notify',
    type: 'action',
    action: 'https_request',
    name: 'Notify',
    config: httpsConfig('https://api.example.com/x'),
  },
]);
const validStep = {
  schemaVersion: 1,
  kind: 'step',
  id: 'notify',
  type: 'action',
  action: 'https_request',
  name: 'Notify',
  config: httpsConfig('https://api.example.com/users/{{ steps.lookup.output.body.id }}'),
};

// Each case starts its own process and shares nothing, so they run side by side.
describe.concurrent('help and usage errors', () => {
  it('--help lists the commands (exit 0)', async () => {
    const { code, stdout } = await cli(['--help']);
    expect(code).toBe(0);
    expect(stdout).toMatch(/validate/);
    expect(stdout).toMatch(/run/);
  });

  it.each(['validate', 'run'])('%s --help prints its usage (exit 0)', async (command) => {
    const { code, stdout } = await cli([command, '--help']);
    expect(code).toBe(0);
    expect(stdout).toContain(`Usage: workflow-editor ${command} <file>`);
  });

  it.each([
    [[]],
    [['frobnicate']],
    [['validate']],
    [['validate', 'a.json', 'b.json']],
    [['validate', '--nope', 'a.json']],
    [['validate', 'does-not-exist.json']],
    [['run']],
    [['run', 'does-not-exist.json']],
    [['run', '--trigger']],
  ])('exits 2 with a message on stderr for %j', async (args) => {
    const { code, stdout, stderr } = await cli(args);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr.length).toBeGreaterThan(0);
  });

  it('exits 2 when an input file is not JSON', async () => {
    const document = file('ok-for-input.json', validWorkflow);
    const trigger = file('bad-trigger.json', '{ nope');
    const { code, stderr } = await cli(['run', document, '--trigger', trigger]);
    expect(code).toBe(2);
    expect(stderr).toContain('trigger');
  });
});

describe.concurrent('validate', () => {
  it('exits 0 for a valid workflow and a valid step document', async () => {
    const workflowFile = file('valid-workflow.json', validWorkflow);
    expect(await cli(['validate', workflowFile])).toEqual({ code: 0, stdout: `valid: ${workflowFile}\n`, stderr: '' });
    expect((await cli(['validate', file('valid-step.json', validStep)])).code).toBe(0);
  });

  it('exits 1 for an invalid step document, with paths inside the step document', async () => {
    const invalidStep = { ...validStep, config: httpsConfig('http://insecure.example.com/{{ steps.lookup }}') };
    const { code, stdout } = await cli(['validate', file('invalid-step-document.json', invalidStep)]);
    expect(code).toBe(1);
    expect(stdout).toMatch(/^\/config\/url: .+\(line \d+, column \d+\)$/m);
  });

  it('exits 1 and prints each problem with its path and message', async () => {
    const invalid = workflowDocument([
      {
        id: 'a',
        type: 'action',
        action: 'https_request',
        name: 'A',
        config: httpsConfig('http://insecure.example.com'),
      },
      {
        id: 'a',
        type: 'action',
        action: 'https_request',
        name: 'A2',
        config: httpsConfig('https://ok.example.com', { method: 'GET', body: {} }),
      },
    ]);
    const { code, stdout } = await cli(['validate', file('invalid.json', invalid)]);
    expect(code).toBe(1);
    const lines = stdout.trim().split('\n');
    expect(lines.length).toBeGreaterThanOrEqual(3);
    expect(stdout).toMatch(/^\/steps\/0\/config\/url: .+/m);
    expect(stdout).toMatch(/^\/steps\/1\/id: .+/m);
    expect(stdout).toMatch(/^\/steps\/1\/config\/body: .+/m);
  });

  it('reports a JSON syntax error with its line (exit 1)', async () => {
    const { code, stdout } = await cli(['validate', file('broken.json', '{\n  "kind": "workflow",\n}')]);
    expect(code).toBe(1);
    expect(stdout).toMatch(/^\(document\): .+\(line 2, column \d+\)$/m);
  });

  it('prints problems as JSON with --json', async () => {
    const { code, stdout } = await cli([
      'validate',
      '--json',
      file('invalid-step.json', { ...validStep, id: 'Bad Id' }),
    ]);
    expect(code).toBe(1);
    const report = JSON.parse(stdout) as { valid: boolean; problems: { path: string; message: string }[] };
    expect(report.valid).toBe(false);
    expect(report.problems[0]).toMatchObject({ path: '/id', message: expect.any(String) });
  });
});

describe('run', () => {
  it('runs a workflow with trigger and secrets and prints the run result (exit 0)', async () => {
    const document = file(
      'run-ok.json',
      workflowDocument([
        {
          id: 'call',
          type: 'action',
          action: 'https_request',
          name: 'Call',
          config: httpsConfig(`http://127.0.0.1:${server.port}/users/{{ trigger.userId }}`, {
            headers: [{ key: 'X-Api-Key', value: '{{ secrets.api_key }}' }],
          }),
        },
      ]),
    );
    const trigger = file('trigger.json', { userId: 'u 1' });
    const secrets = file('secrets.json', { api_key: 'cli-secret-value' });
    const { code, stdout } = await cli([
      'run',
      document,
      '--trigger',
      trigger,
      '--secrets',
      secrets,
      '--allow-http',
      '--allow-private-network',
    ]);
    expect(code).toBe(0);
    const result = JSON.parse(stdout) as {
      status: string;
      steps: Record<string, { status: string; output: { body: { path: string } } }>;
    };
    expect(result.status).toBe('succeeded');
    expect(result.steps.call!.output.body.path).toBe('/users/u%201');
    expect(server.requests.at(-1)!.headers['x-api-key']).toBe('cli-secret-value');
    expect(stdout).not.toContain('cli-secret-value');
  });

  it('exits 1 and prints the failed result when a step fails', async () => {
    const document = file(
      'run-fail.json',
      workflowDocument([
        {
          id: 'call',
          type: 'action',
          action: 'https_request',
          name: 'Call',
          config: httpsConfig(`http://127.0.0.1:${server.port}/fail`),
        },
      ]),
    );
    const { code, stdout } = await cli(['run', document, '--allow-http', '--allow-private-network']);
    expect(code).toBe(1);
    expect(JSON.parse(stdout)).toMatchObject({
      status: 'failed',
      steps: { call: { status: 'failed', error: { type: 'http_status', status: 500 } } },
    });
  });

  it('refuses loopback by default: blocked_destination, nothing sent (exit 1)', async () => {
    const document = file(
      'run-blocked.json',
      workflowDocument([
        { id: 'call', type: 'action', action: 'https_request', name: 'Call', config: httpsConfig('{{ trigger.url }}') },
      ]),
    );
    const trigger = file('blocked-trigger.json', { url: `https://127.0.0.1:${server.port}/x` });
    const before = server.connections();
    const { code, stdout } = await cli(['run', document, '--trigger', trigger]);
    expect(code).toBe(1);
    expect(JSON.parse(stdout)).toMatchObject({
      steps: { call: { error: { type: 'blocked_destination', attempts: 0 } } },
    });
    expect(server.connections()).toBe(before);
  });

  it('runs a standalone step document, with earlier outputs from --steps', async () => {
    const document = file('run-step.json', {
      ...validStep,
      config: httpsConfig(`http://127.0.0.1:${server.port}/users/{{ steps.lookup.output.body.id }}`),
    });
    const steps = file('steps.json', { lookup: { output: { body: { id: 'u7' } } } });
    const { code, stdout } = await cli(['run', document, '--steps', steps, '--allow-http', '--allow-private-network']);
    expect(code).toBe(0);
    const result = JSON.parse(stdout) as { steps: Record<string, { output: { body: { path: string } } }> };
    expect(Object.keys(result.steps)).toEqual(['notify']);
    expect(result.steps.notify!.output.body.path).toBe('/users/u7');
  });

  it('exits 1 when the step of a standalone step document fails', async () => {
    const document = file('run-step-fails.json', {
      ...validStep,
      config: httpsConfig(`http://127.0.0.1:${server.port}/fail`),
    });
    const steps = file('steps-for-failure.json', { lookup: { output: { body: { id: 'u7' } } } });
    const { code, stdout } = await cli(['run', document, '--steps', steps, '--allow-http', '--allow-private-network']);
    expect(code).toBe(1);
    expect(JSON.parse(stdout)).toMatchObject({
      status: 'failed',
      steps: { notify: { status: 'failed', error: { type: 'http_status', status: 500 } } },
    });
  });

  it('does not run an invalid step document: problems, no steps (exit 1)', async () => {
    const before = server.requests.length;
    const document = file('run-invalid-step.json', {
      ...validStep,
      config: httpsConfig(`https://api.example.com/{{ steps..output }}`),
    });
    const { code, stdout } = await cli(['run', document]);
    expect(code).toBe(1);
    expect(JSON.parse(stdout)).toMatchObject({
      status: 'failed',
      problems: [{ path: '/config/url', code: 'reference_malformed' }],
      steps: {},
    });
    expect(server.requests.length).toBe(before);
  });

  it('does not run an invalid document: problems, no steps (exit 1)', async () => {
    const before = server.requests.length;
    const { code, stdout } = await cli(['run', file('run-invalid.json', { ...validWorkflow, id: 'Not Valid' })]);
    expect(code).toBe(1);
    const result = JSON.parse(stdout) as { status: string; problems: unknown[]; steps: object };
    expect(result.status).toBe('failed');
    expect(result.problems.length).toBeGreaterThan(0);
    expect(result.steps).toEqual({});
    expect(server.requests.length).toBe(before);
  });
});
