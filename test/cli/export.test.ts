// `workflow-editor export`, run as the built executable in a child process.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { validate } from '@serverlessworkflow/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serializeWorkflow } from '../../src/definition';
import { serializeServerlessWorkflow } from '../../src/definition/serverless-workflow';
import type { Workflow } from '../../src/definition/types';
import { buildCli, runBuiltCli, type BuiltCli, type CliOutcome } from './build-cli';

let builtCli: BuiltCli | undefined;
let cliPath: string;
let filesDir: string;

/** The CLI as `npm run build` emits it (see build-cli.ts), run as a child process. */
beforeAll(async () => {
  builtCli = await buildCli();
  cliPath = builtCli.cliPath;
  filesDir = mkdtempSync(path.join(tmpdir(), 'wfe-export-'));
}, 60_000);

afterAll(() => {
  builtCli?.remove();
  rmSync(filesDir, { recursive: true, force: true });
});

function runCli(args: string[]): Promise<CliOutcome> {
  return runBuiltCli(cliPath, args, filesDir);
}

function writeFile(name: string, content: unknown): string {
  const file = path.join(filesDir, name);
  writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content, null, 2));
  return file;
}

const workflow: Workflow = {
  schemaVersion: 1,
  kind: 'workflow',
  id: 'sync_approved_inquiries',
  name: 'Sync approved inquiries',
  trigger: {
    event: 'inquiry.approved',
    payloadSchema: { type: 'object', properties: { inquiryId: { type: 'string' } } },
  },
  steps: [
    {
      id: 'notify_crm',
      type: 'action',
      action: 'https_request',
      name: 'Notify CRM',
      config: {
        url: 'https://api.example.com/inquiries/{{ trigger.inquiryId }}',
        method: 'POST',
        body: { status: 'approved' },
        retryIntervals: [5, 30],
      },
    },
    {
      id: 'risk_route',
      type: 'branch',
      name: 'Risk level',
      branches: [
        {
          id: 'high_risk',
          name: 'High risk',
          when: { all: [{ left: '{{ steps.notify_crm.output.status }}', op: 'eq', right: 200 }] },
          steps: [
            {
              id: 'approve',
              type: 'action',
              action: 'approve_inquiry',
              name: 'Approve',
              config: { inquiryId: '{{ trigger.inquiryId }}' },
            },
          ],
        },
        { id: 'otherwise', name: 'Otherwise', steps: [] },
      ],
    },
  ],
};

describe('workflow-editor export', () => {
  it('is listed in the CLI help', async () => {
    const { code, stdout } = await runCli(['--help']);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^\s+export\s+/m);
  });

  it('--format serverless-workflow prints a document the official SDK accepts', async () => {
    const file = writeFile('workflow.json', workflow);
    const { code, stdout, stderr } = await runCli(['export', '--format', 'serverless-workflow', file]);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(stdout).toBe(serializeServerlessWorkflow(workflow));
    const document: unknown = JSON.parse(stdout);
    expect(() => validate('Workflow', document)).not.toThrow();
  });

  it('passes --namespace and --version into the document', async () => {
    const file = writeFile('workflow.json', workflow);
    const { code, stdout } = await runCli([
      'export',
      '-f',
      'serverless-workflow',
      '--namespace',
      'acme',
      '--version',
      '2.0.1',
      file,
    ]);
    expect(code).toBe(0);
    expect(JSON.parse(stdout).document).toMatchObject({
      namespace: 'acme',
      version: '2.0.1',
      name: 'sync-approved-inquiries',
    });
  });

  it('--format json (the default) prints the normalised definition', async () => {
    const file = writeFile(
      'messy.json',
      `{"steps": ${JSON.stringify(workflow.steps)}, "name": "Sync approved inquiries", "id": "sync_approved_inquiries", "kind": "workflow", "schemaVersion": 1, "trigger": ${JSON.stringify(workflow.trigger)}}`,
    );
    const { code, stdout } = await runCli(['export', file]);
    expect(code).toBe(0);
    const expected = serializeWorkflow(workflow);
    expect(stdout).toBe(expected.endsWith('\n') ? expected : `${expected}\n`);
  });

  it('an invalid document prints each problem with its path to stderr, nothing to stdout, and exits 1', async () => {
    const invalid = { ...workflow, steps: [{ ...workflow.steps[0]!, config: { method: 'POST' } }] };
    const file = writeFile('invalid.json', invalid);
    const { code, stdout, stderr } = await runCli(['export', '--format', 'serverless-workflow', file]);
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toMatch(/\/steps\/0\/config/);
  });

  it('text that is not JSON reports the line and column', async () => {
    const file = writeFile('broken.json', '{\n  "schemaVersion": 1,\n  "kind": \n}');
    const { code, stdout, stderr } = await runCli(['export', '--format', 'serverless-workflow', file]);
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toMatch(/line 4, column 1/);
  });

  it('a schemaVersion it cannot migrate is a problem at /schemaVersion', async () => {
    const file = writeFile('future.json', { ...workflow, schemaVersion: 99 });
    const { code, stderr } = await runCli(['export', '--format', 'serverless-workflow', file]);
    expect(code).toBe(1);
    expect(stderr).toMatch(/^\/schemaVersion: .*newer version/m);
  });

  it('usage errors exit 2: unknown format, bad namespace, missing file, step document', async () => {
    const file = writeFile('workflow.json', workflow);
    expect((await runCli(['export', '--format', 'yaml', file])).code).toBe(2);
    expect(
      (await runCli(['export', '--format', 'serverless-workflow', '--namespace', 'no_underscores', file])).code,
    ).toBe(2);
    expect((await runCli(['export', path.join(filesDir, 'missing.json')])).code).toBe(2);
    expect((await runCli(['export'])).code).toBe(2);
    const step = writeFile('step.json', { schemaVersion: 1, kind: 'step', ...workflow.steps[0]! });
    const result = await runCli(['export', step]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/step document/);
  });
});
