// toServerlessWorkflow: every document it writes must pass the official SDK's
// validation, and the runtime expressions must mean what our references mean (checked
// by running them through jq when it is installed).
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { validate } from '@serverlessworkflow/sdk';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { resolveTemplate } from '../../src/definition/references/resolve';
import {
  serializeServerlessWorkflow,
  toServerlessWorkflow,
  type ServerlessWorkflowDocument,
} from '../../src/definition/serverless-workflow';
import type { Condition, JsonObject, JsonValue, Workflow } from '../../src/definition/types';
import { actionStep, branch, branchStep, workflowTreeArbitrary, workflowOf } from '../fixtures/workflow-builders';

const here = path.dirname(fileURLToPath(import.meta.url));
const validFixturesDir = path.join(here, '../fixtures/valid');

function expectValidServerlessWorkflow(document: ServerlessWorkflowDocument): void {
  expect(() => validate('Workflow', document)).not.toThrow();
}

/** The task named `name` in a task list. */
function task(list: JsonValue | undefined, name: string): JsonObject {
  const entry = (list as JsonObject[]).find((item) => name in item);
  if (!entry) throw new Error(`no task ${name} in ${JSON.stringify(list)}`);
  return entry[name] as JsonObject;
}

/** The valid fixtures that are workflows (step documents are not converted). */
function workflowFixtureFiles(): string[] {
  let files: string[];
  try {
    files = readdirSync(validFixturesDir)
      .filter((file) => file.endsWith('.json'))
      .sort();
  } catch {
    return [];
  }
  return files.filter(
    (file) =>
      (JSON.parse(readFileSync(path.join(validFixturesDir, file), 'utf8')) as { kind?: unknown }).kind === 'workflow',
  );
}

// ---- A workflow using every part of the mapping ------------------------------

const httpsStep = actionStep('notify_crm', {
  name: 'Notify CRM',
  config: {
    url: 'https://api.example.com/users/{{ trigger.userId }}/notes',
    method: 'POST',
    headers: [
      { key: 'X-Api-Key', value: '{{ secrets.crm_api_key }}' },
      { key: 'Accept', value: 'application/json' },
      { key: 'accept', value: 'text/plain' },
    ],
    query: [
      { key: 'source', value: 'workflow' },
      { key: 'tag', value: 'a' },
      { key: 'tag', value: '{{ trigger.tag }}' },
    ],
    body: {
      status: 'approved',
      inquiry: '{{ trigger.inquiryId }}',
      note: 'Run {{ run.id }} of {{ workflow.id }}',
      literal: '${ not an expression }',
    },
    responseSchema: { type: 'object', properties: { id: { type: 'string' } } },
    signing: { secret: '{{ secrets.crm_signing_secret }}' },
    retryIntervals: [5, 30, 120],
    timeoutSeconds: 10,
    continueOnError: true,
  },
});

const richWorkflow: Workflow = workflowOf(
  [
    httpsStep,
    branchStep(
      'risk_route',
      [
        branch(
          'high_risk',
          [
            actionStep('score', {
              config: { url: '{{ steps.notify_crm.output.body.id }}', method: 'GET', retryIntervals: [2, 2] },
            }),
          ],
          {
            name: 'High risk',
            when: {
              all: [
                { left: '{{ steps.notify_crm.output.status }}', op: 'gte', right: 200 },
                { left: '{{ trigger.tag }}', op: 'exists' },
              ],
            },
          },
        ),
        branch('otherwise', [actionStep('pause', { action: 'wait', config: { seconds: 90 } })], {
          name: 'Otherwise',
          when: null,
        }),
      ],
      'Risk level',
    ),
    branchStep('no_default', [branch('maybe', [], { when: { any: [] } })]),
    actionStep('finish', {
      name: 'Finish',
      action: 'approve_inquiry',
      config: { inquiryId: '{{ trigger.inquiryId }}', continueOnError: false },
    }),
  ],
  {
    id: 'sync_approved_inquiries_',
    name: 'Sync approved inquiries',
    description: 'Tells the CRM.',
    trigger: {
      event: 'inquiry.approved',
      payloadSchema: { type: 'object', properties: { inquiryId: { type: 'string' } } },
    },
  },
);

describe('toServerlessWorkflow', () => {
  const document = toServerlessWorkflow(richWorkflow, { namespace: 'acme', version: '2.1.0' });

  it('writes a document the official SDK accepts', () => {
    expectValidServerlessWorkflow(document);
  });

  it('rejects what the SDK rejects (the check can fail)', () => {
    const broken = { ...document, document: { ...document.document, name: 'not_valid_' } };
    expect(() => validate('Workflow', broken)).toThrow(/invalid/);
  });

  it('describes the workflow in `document`, the trigger payload as the input schema, and secrets in `use`', () => {
    expect(document.document).toMatchObject({
      dsl: '1.0.0',
      namespace: 'acme',
      name: 'sync-approved-inquiries',
      version: '2.1.0',
      title: 'Sync approved inquiries',
      summary: 'Tells the CRM.',
      tags: { event: 'inquiry.approved' },
      metadata: {
        workflowEditor: { schemaVersion: 1, id: 'sync_approved_inquiries_', trigger: { event: 'inquiry.approved' } },
      },
    });
    expect(document.input).toEqual({ schema: { format: 'json', document: richWorkflow.trigger.payloadSchema } });
    expect(document.use).toEqual({ secrets: ['crm_api_key', 'crm_signing_secret'] });
    expect(document.do.map((item) => Object.keys(item)[0])).toEqual([
      'notify_crm',
      'risk_route',
      'no_default',
      'finish',
    ]);
  });

  it('turns an HTTPS step into `call: http` with timeout, retry and continue-on-error', () => {
    const outer = task(document.do, 'notify_crm');
    // continueOnError: an outer try that records the error and goes on.
    expect(outer.catch).toMatchObject({ as: 'error', do: [{ record_error: { set: { error: '${ $error }' } } }] });
    const retrying = task(outer.try, 'notify_crm');
    expect((retrying.catch as JsonObject).retry).toEqual({
      delay: { seconds: 5 },
      backoff: { constant: {} },
      limit: { attempt: { count: 3 } },
    });
    const call = task(retrying.try, 'notify_crm');
    expect(call.call).toBe('http');
    expect(call.timeout).toEqual({ after: { seconds: 10 } });
    expect(call.with).toMatchObject({
      method: 'POST',
      // The value fills a path segment: refused where it would make it "." or "..".
      endpoint:
        '${ "https://api.example.com/users/\\($workflow.input.userId | @uri | if . == "." or . == ".." then ' +
        'error("The URL cannot take the value of trigger.userId: it makes a path segment \\".\\" or \\"..\\", ' +
        'which would move the URL\'s path") else . end)/notes" }',
      headers: {
        'X-Api-Key': '${ $secret.crm_api_key }',
        Accept: 'application/json, text/plain',
        'Idempotency-Key': '${ "\\($workflow.id):notify_crm" }',
      },
      query: { source: 'workflow', tag: ['a', '${ $workflow.input.tag }'] },
      body: {
        status: 'approved',
        inquiry: '${ $workflow.input.inquiryId }',
        note: '${ "Run \\($workflow.id) of \\("sync_approved_inquiries_")" }',
        literal: '${ "${ not an expression }" }',
      },
      output: 'response',
    });
    // What the DSL cannot say travels in metadata.
    expect(outer.metadata).toEqual({
      workflowEditor: {
        name: 'Notify CRM',
        action: 'https_request',
        signing: { secret: '{{ secrets.crm_signing_secret }}', header: 'Persona-Signature' },
        responseSchema: { type: 'object', properties: { id: { type: 'string' } } },
        retryIntervals: [5, 30, 120],
        continueOnError: true,
      },
    });
  });

  it('keeps even retry intervals out of metadata (the constant backoff says it exactly) and defaults the timeout to 30 s', () => {
    const highRisk = task(task(document.do, 'risk_route').do, 'high_risk');
    const score = task(highRisk.do, 'score');
    expect((score.metadata as JsonObject).workflowEditor).not.toHaveProperty('retryIntervals');
    expect((score.catch as JsonObject).retry).toMatchObject({
      delay: { seconds: 2 },
      limit: { attempt: { count: 2 } },
    });
    const call = task(score.try, 'score');
    expect(call.timeout).toEqual({ after: { seconds: 30 } });
    expect((call.with as JsonObject).endpoint).toBe('${ $context.steps.notify_crm.output.body.id }');
    expect((call.with as JsonObject).headers).toBeUndefined();
  });

  it('turns a branch step into a switch whose branches exit to the join', () => {
    const route = task(document.do, 'risk_route');
    const list = route.do as JsonObject[];
    expect(list.map((item) => Object.keys(item)[0])).toEqual(['risk_route', 'high_risk', 'otherwise']);
    const cases = task(list, 'risk_route').switch as JsonObject[];
    expect(cases).toHaveLength(2);
    expect(cases[0]!.high_risk).toMatchObject({ then: 'high_risk' });
    expect((cases[0]!.high_risk as JsonObject).when).toMatch(/^\$\{ .* \}$/);
    expect(cases[1]).toEqual({ otherwise: { then: 'otherwise' } });
    expect(task(list, 'high_risk').then).toBe('exit');
    expect(task(list, 'otherwise')).toMatchObject({ then: 'exit', do: [{ pause: { wait: { seconds: 90 } } }] });
  });

  it('adds a case that exits when no branch is the default, so nothing falls through', () => {
    const cases = task(task(document.do, 'no_default').do, 'no_default').switch as JsonObject[];
    expect(cases[cases.length - 1]).toEqual({ no_branch: { then: 'exit' } });
  });

  it('turns a host action into a call of the function named by the action, without continueOnError', () => {
    expect(task(document.do, 'finish')).toMatchObject({
      call: 'approve_inquiry',
      with: { inquiryId: '${ $workflow.input.inquiryId }' },
      metadata: { workflowEditor: { name: 'Finish', action: 'approve_inquiry' } },
    });
    expect((task(document.do, 'finish').with as JsonObject).continueOnError).toBeUndefined();
  });

  it('serialises with 2-space indentation and a final newline', () => {
    const text = serializeServerlessWorkflow(richWorkflow);
    expect(text.endsWith('}\n')).toBe(true);
    expect(JSON.parse(text)).toEqual(toServerlessWorkflow(richWorkflow));
  });

  it('writes a valid document for every workflow tree (random nesting of branches)', () => {
    fc.assert(
      fc.property(workflowTreeArbitrary, (workflow) => {
        expectValidServerlessWorkflow(toServerlessWorkflow(workflow));
      }),
      { numRuns: 60 },
    );
  });
});

describe('toServerlessWorkflow on every valid fixture (test/fixtures/valid)', () => {
  const files = workflowFixtureFiles();

  it('has workflow fixtures to check', () => {
    expect(files.length).toBeGreaterThan(0);
  });

  it.each(files)('%s', (file) => {
    const workflow = JSON.parse(readFileSync(path.join(validFixturesDir, file), 'utf8')) as Workflow;
    const document = toServerlessWorkflow(workflow);
    expectValidServerlessWorkflow(document);
    expect(document.do.map((item) => Object.keys(item)[0])).toEqual(workflow.steps.map((step) => step.id));
  });
});

// ---- Runtime expressions, evaluated by jq ------------------------------------

function hasJq(): boolean {
  try {
    execFileSync('jq', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

interface JqVariables {
  input?: JsonValue;
  context?: JsonValue;
  workflowInput?: JsonValue;
  secret?: JsonValue;
  error?: JsonValue;
}

/** Evaluates a `${ ... }` runtime expression with jq and the DSL's variables. */
function evaluate(runtimeExpression: string, variables: JqVariables = {}): JsonValue {
  const match = /^\$\{ (.*) \}$/s.exec(runtimeExpression);
  if (!match) throw new Error(`not a runtime expression: ${runtimeExpression}`);
  const output = execFileSync(
    'jq',
    [
      '-c',
      '--argjson',
      'context',
      JSON.stringify(variables.context ?? {}),
      '--argjson',
      'workflow',
      JSON.stringify({ id: 'run-42', input: variables.workflowInput ?? {} }),
      '--argjson',
      'secret',
      JSON.stringify(variables.secret ?? {}),
      '--argjson',
      'error',
      JSON.stringify(variables.error ?? null),
      match[1]!,
    ],
    { input: JSON.stringify(variables.input ?? null), encoding: 'utf8' },
  );
  return JSON.parse(output) as JsonValue;
}

function collectRuntimeExpressions(value: JsonValue, found: string[] = []): string[] {
  if (typeof value === 'string') {
    if (value.startsWith('${ ')) found.push(value);
  } else if (Array.isArray(value)) value.forEach((item) => collectRuntimeExpressions(item, found));
  else if (value !== null && typeof value === 'object')
    Object.values(value).forEach((item) => collectRuntimeExpressions(item, found));
  return found;
}

/** The `when` of a one-branch workflow's only case. */
function whenOf(condition: Condition): string {
  const document = toServerlessWorkflow(workflowOf([branchStep('route', [branch('yes', [], { when: condition })])]));
  const cases = task(task(document.do, 'route').do, 'route').switch as JsonObject[];
  return (cases[0]!.yes as JsonObject).when as string;
}

function templateOf(text: string): string {
  const document = toServerlessWorkflow(workflowOf([actionStep('host', { action: 'send_email', config: { text } })]));
  return (task(document.do, 'host').with as JsonObject).text as string;
}

function urlOf(url: string): string {
  const document = toServerlessWorkflow(workflowOf([actionStep('request', { config: { url, method: 'GET' } })]));
  return (task(document.do, 'request').with as JsonObject).endpoint as string;
}

// jq is a Debian package, not an npm one: where it is missing these checks cannot run.
describe.skipIf(!hasJq())('runtime expressions (jq)', () => {
  const data = {
    workflowInput: { userId: 'a b/c', name: 'Ann', tags: ['x', 'y'], 'content-type': 'json' },
    context: { steps: { score: { output: { status: 200, body: { risk: 0.9, label: 'high', count: 3 } } } } },
    secret: { api_key: 's3cret' },
  };

  it('every expression in the rich document compiles and runs', () => {
    const expressions = collectRuntimeExpressions(toServerlessWorkflow(richWorkflow));
    expect(expressions.length).toBeGreaterThan(10);
    for (const expression of expressions) {
      expect(() =>
        evaluate(expression, {
          ...data,
          error: { type: 'https://serverlessworkflow.io/spec/1.0.0/errors/communication', status: 503 },
        }),
      ).not.toThrow();
    }
  });

  it('a whole reference keeps its type; references in text interpolate like our executors', () => {
    expect(evaluate(templateOf('{{ steps.score.output.body.count }}'), data)).toBe(3);
    expect(evaluate(templateOf('{{ trigger.tags }}'), data)).toEqual(['x', 'y']);
    expect(
      evaluate(templateOf('Hi {{ trigger.name }}: {{ steps.score.output.body.count }} {{ trigger.tags }}'), data),
    ).toBe('Hi Ann: 3 ["x","y"]');
    expect(evaluate(templateOf('{{ trigger["content-type"] }} "quoted" \\{{ literal'), data)).toBe(
      'json "quoted" {{ literal',
    );
    expect(evaluate(templateOf('{{ secrets.api_key }}'), data)).toBe('s3cret');
    expect(evaluate(templateOf('{{ workflow.id }}/{{ run.id }}'), data)).toBe('test_workflow/run-42');
  });

  it('percent-encodes values inside a URL, but not a reference that starts it', () => {
    expect(evaluate(urlOf('https://api.example.com/users/{{ trigger.userId }}?n={{ trigger.name }}'), data)).toBe(
      'https://api.example.com/users/a%20b%2Fc?n=Ann',
    );
    expect(evaluate(urlOf('{{ trigger.userId }}/x'), data)).toBe('a b/c/x');
  });

  it('refuses a URL value that would move the host or the path, where our executors refuse it', () => {
    const urls = [
      'https://api.example.com/v1/tenants/{{ trigger.t }}/admin',
      'https://api.example.com/v1/{{ trigger.t }}',
      'https://{{ trigger.t }}.example.com/x',
      'https://api.example.com{{ trigger.t }}/x',
      '{{ trigger.base }}{{ trigger.t }}/x',
      '{{ trigger.base }}/v1/{{ trigger.t }}/x',
      'https://api.example.com/.{{ trigger.t }}/x',
      'https://api.example.com/%2E{{ trigger.t }}/x',
      'https://api.example.com/file-{{ trigger.t }}.json',
      'https://api.example.com/x?q={{ trigger.t }}',
      'https://api.example.com/x#{{ trigger.t }}',
    ];
    const values = ['acme', '.', '..', '...', '', '.evil.com', '%2e%2e', 'a.b'];
    for (const url of urls) {
      for (const value of values) {
        const trigger = { t: value, base: 'https://api.example.com' };
        const executor = resolveTemplate(url, { trigger }, { target: 'url' });
        const exported = (): JsonValue => evaluate(urlOf(url), { workflowInput: trigger });
        // A value right after a base URL may land in its host: the export cannot tell, and refuses a ".".
        const stricter = url.startsWith('{{ trigger.base }}{{') && value.includes('.');
        if (executor.ok && !stricter) expect(exported(), `${url} with "${value}"`).toBe(executor.value);
        else expect(exported, `${url} with "${value}"`).toThrow(/The URL cannot take the value of trigger\.t/);
      }
    }
  });

  it('reshapes the HTTP response into { status, headers, body } and keeps it in $context.steps', () => {
    const document = toServerlessWorkflow(workflowOf([actionStep('request')]));
    const call = task(document.do, 'request');
    const response = { statusCode: 201, headers: { 'Content-Type': 'application/json' }, content: { id: 'u1' } };
    const output = evaluate((call.output as JsonObject).as as string, { input: response });
    expect(output).toEqual({ status: 201, headers: { 'content-type': 'application/json' }, body: { id: 'u1' } });
    const context = evaluate((call.export as JsonObject).as as string, { input: output, context: data.context });
    expect(context).toEqual({ steps: { ...data.context.steps, request: { output } } });
  });

  it('retries timeouts, network errors, 408, 429 and 5xx, never another 4xx', () => {
    const document = toServerlessWorkflow(
      workflowOf([actionStep('request', { config: { url: 'https://x.test', method: 'GET', retryIntervals: [1] } })]),
    );
    const when = (task(document.do, 'request').catch as JsonObject).when as string;
    const communication = 'https://serverlessworkflow.io/spec/1.0.0/errors/communication';
    expect(evaluate(when, { error: { type: communication, status: 503 } })).toBe(true);
    expect(evaluate(when, { error: { type: communication, status: 429 } })).toBe(true);
    expect(evaluate(when, { error: { type: communication } })).toBe(true);
    expect(
      evaluate(when, { error: { type: 'https://serverlessworkflow.io/spec/1.0.0/errors/timeout', status: 408 } }),
    ).toBe(true);
    expect(evaluate(when, { error: { type: communication, status: 404 } })).toBe(false);
    expect(
      evaluate(when, { error: { type: 'https://serverlessworkflow.io/spec/1.0.0/errors/validation', status: 400 } }),
    ).toBe(false);
  });

  it('evaluates conditions like our executors, a missing reference being absent', () => {
    const risk = '{{ steps.score.output.body.risk }}';
    const cases: [Condition, boolean][] = [
      [{ left: risk, op: 'gte', right: 0.8 }, true],
      [{ left: risk, op: 'lt', right: 0.8 }, false],
      [{ left: risk, op: 'gt', right: '0.1' }, false],
      [{ left: '{{ steps.score.output.body.label }}', op: 'eq', right: 'high' }, true],
      [{ left: '{{ steps.score.output.body.label }}', op: 'neq', right: 'high' }, false],
      [{ left: '{{ steps.score.output.body.label }}', op: 'contains', right: 'ig' }, true],
      [{ left: '{{ trigger.tags }}', op: 'contains', right: 'y' }, true],
      [{ left: '{{ trigger.tags }}', op: 'contains', right: 'z' }, false],
      [{ left: '{{ trigger.missing }}', op: 'exists' }, false],
      [{ left: '{{ trigger.missing }}', op: 'not_exists' }, true],
      [{ left: '{{ trigger.name.deeper }}', op: 'exists' }, false],
      [{ left: '{{ trigger.missing }}', op: 'gt', right: 1 }, false],
      [{ left: 'Hi {{ trigger.name }}', op: 'eq', right: 'Hi Ann' }, true],
      [{ all: [] }, true],
      [{ any: [] }, false],
      [
        {
          all: [
            { left: risk, op: 'gt', right: 0.5 },
            {
              any: [
                { left: '{{ trigger.name }}', op: 'eq', right: 'Bob' },
                { left: '{{ trigger.name }}', op: 'exists' },
              ],
            },
          ],
        },
        true,
      ],
    ];
    for (const [condition, expected] of cases) {
      expect({ condition, result: evaluate(whenOf(condition), data) }).toEqual({ condition, result: expected });
    }
  });
});
