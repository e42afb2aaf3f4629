// Problems carry the values of their message as `params`, so a host can word them in its
// own language; and the contract's `timeoutSeconds` (1 to 300, a number) takes fractions.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  toServerlessWorkflow,
  validateConfig,
  validateStepDocument,
  validateWorkflow,
  type JsonObject,
  type Workflow,
} from '../../src/definition';
import { INVALID_FIXTURES, fixtureOptions } from '../fixtures/invalid/expected';

const fixtures = path.resolve(__dirname, '../fixtures/invalid');

function httpsConfig(extra: JsonObject): JsonObject {
  return { url: 'https://api.example.com', method: 'GET', ...extra };
}

describe('problem params', () => {
  // json_syntax fixtures are text: the text reader words those, not validation.
  it.each(
    INVALID_FIXTURES.filter((fixture) => !fixture.file.startsWith('json-syntax')).map(
      (fixture) => [fixture.file, fixture] as const,
    ),
  )('%s: every problem carries params of strings and numbers', (_file, fixture) => {
    const document: unknown = JSON.parse(readFileSync(path.join(fixtures, fixture.file), 'utf8'));
    const options = fixtureOptions(fixture);
    const result =
      fixture.document === 'workflow' ? validateWorkflow(document, options) : validateStepDocument(document, options);
    expect(result.problems.length).toBeGreaterThan(0);
    for (const problem of result.problems) {
      expect(problem.params, `${problem.code} at ${problem.path}`).toBeTypeOf('object');
      for (const value of Object.values(problem.params ?? {})) expect(['string', 'number']).toContain(typeof value);
    }
  });

  it('names a retry row by its label, with the rule and the limit', () => {
    const [problem] = validateConfig('https_request', httpsConfig({ retryIntervals: [5, 3601] }));
    expect(problem).toMatchObject({
      path: '/retryIntervals/1',
      code: 'schema_range',
      message: 'Retry 2 must be at most 3600',
      params: { field: 'Retry 2', rule: 'maximum', limit: 3600 },
    });
  });

  it('flags an emptied retry row (null) on the row, as the wrong type', () => {
    const [problem] = validateConfig('https_request', httpsConfig({ retryIntervals: [99999, null] })).filter(
      (candidate) => candidate.path === '/retryIntervals/1',
    );
    expect(problem).toMatchObject({
      code: 'schema_type',
      params: { field: 'Retry 2', rule: 'type', expected: 'number' },
    });
  });

  it('gives the missing field, the allowed values and the unknown property', () => {
    const problems = validateConfig('https_request', { method: 'FETCH', extra: 1 });
    expect(problems.map(({ code, params }) => ({ code, params }))).toEqual([
      {
        code: 'schema_enum',
        params: { field: 'Request Type', rule: 'enum', allowed: 'DELETE, GET, PATCH, POST, PUT' },
      },
      { code: 'schema_additional_property', params: { property: 'extra', owner: 'Make HTTPS Request' } },
      { code: 'schema_required', params: { field: 'URL', property: 'url' } },
    ]);
  });

  it('gives references their field, reference text and the name that is wrong', () => {
    const problems = validateConfig('https_request', httpsConfig({ url: 'https://a.example/{{ secrets.nope }}' }), {
      secrets: ['crm_key'],
    });
    expect(problems).toEqual([
      expect.objectContaining({
        code: 'reference_unknown_secret',
        params: { field: 'URL', reference: '{{ secrets.nope }}', secret: 'nope', known: 'crm_key' },
      }),
    ]);
  });

  it('counts what a capped group left out', () => {
    const problems = validateConfig(
      'https_request',
      httpsConfig(Object.fromEntries(Array.from({ length: 25 }, (_, index) => [`extra${index}`, 1]))),
    );
    expect(problems).toHaveLength(21);
    expect(problems[20]!.params).toEqual({ property: 'extra20', owner: 'Make HTTPS Request', more: 4 });
  });
});

describe('fractional timeouts', () => {
  // spec: `timeoutSeconds` is "per attempt, 1 to 300" and its schema type is `number`, as
  // retry intervals are: the contract allows 2.5, so every layer must accept it alike.
  it('accepts 2.5 seconds and refuses what is out of range, naming the field', () => {
    expect(validateConfig('https_request', httpsConfig({ timeoutSeconds: 2.5 }))).toEqual([]);
    expect(validateConfig('https_request', httpsConfig({ timeoutSeconds: 0.5 }))).toEqual([
      expect.objectContaining({
        code: 'schema_range',
        message: 'Request Timeout must be at least 1',
        params: { field: 'Request Timeout', rule: 'minimum', limit: 1 },
      }),
    ]);
    expect(validateConfig('https_request', httpsConfig({ timeoutSeconds: 300.5 }))).toEqual([
      expect.objectContaining({
        code: 'schema_range',
        params: { field: 'Request Timeout', rule: 'maximum', limit: 300 },
      }),
    ]);
  });

  it('keeps the fraction in the Serverless Workflow export', () => {
    const workflow: Workflow = {
      schemaVersion: 1,
      kind: 'workflow',
      id: 'w',
      name: 'W',
      trigger: { event: 'e' },
      steps: [
        {
          id: 'call',
          type: 'action',
          action: 'https_request',
          name: 'Call',
          config: { url: 'https://a.example', method: 'GET', timeoutSeconds: 2.5 },
        },
      ],
    };
    expect(JSON.stringify(toServerlessWorkflow(workflow))).toContain('"timeout":{"after":{"milliseconds":2500}}');
  });
});
