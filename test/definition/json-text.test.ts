import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseStepDocumentJson, parseWorkflowJson, serializeWorkflow } from '../../src/definition';
import { ARBITRARY_SECRETS, workflowArbitrary } from '../fixtures/arbitraries';
import { INVALID_FIXTURES, fixtureOptions } from '../fixtures/invalid/expected';

const fixtures = path.resolve(__dirname, '../fixtures');
const readText = (file: string): string => readFileSync(path.join(fixtures, file), 'utf8');

describe('parseWorkflowJson / parseStepDocumentJson', () => {
  it.each(readdirSync(path.join(fixtures, 'valid')).filter((file) => file.endsWith('.json')))(
    'reads valid/%s',
    (file) => {
      const text = readText(`valid/${file}`);
      const result = file.startsWith('step-document') ? parseStepDocumentJson(text) : parseWorkflowJson(text);
      expect(result.problems).toEqual([]);
      expect(result.ok).toBe(true);
    },
  );

  it.each(INVALID_FIXTURES.map((fixture) => [fixture.file, fixture] as const))(
    'reads invalid/%s with line and column',
    (_file, fixture) => {
      const text = readText(`invalid/${fixture.file}`);
      const options = fixtureOptions(fixture);
      const result =
        fixture.document === 'step' ? parseStepDocumentJson(text, options) : parseWorkflowJson(text, options);
      expect(result.ok).toBe(false);
      expect(
        result.problems.map(({ path: at, code, stepId, line, column }) => ({
          path: at,
          code,
          ...(stepId ? { stepId } : {}),
          line,
          column,
        })),
      ).toEqual(
        fixture.expected.map(({ path: at, code, stepId, line, column }) => ({
          path: at,
          code,
          ...(stepId ? { stepId } : {}),
          line,
          column,
        })),
      );
    },
  );

  it('points line and column at the value a problem is about', () => {
    const text =
      '{\n  "schemaVersion": 1,\n  "kind": "workflow",\n  "id": "Bad Id",\n  "name": "x",\n  "trigger": { "event": "e" },\n  "steps": []\n}\n';
    const result = parseWorkflowJson(text);
    expect(result.problems).toEqual([
      expect.objectContaining({ path: '/id', code: 'schema_pattern', line: 4, column: 9 }),
    ]);
  });

  it('points a missing property at its object', () => {
    const text = '{\n  "schemaVersion": 1,\n  "kind": "workflow",\n  "name": "x",\n  "trigger": {},\n  "steps": []\n}';
    const result = parseWorkflowJson(text);
    expect(result.problems.map(({ path: at, line, column }) => [at, line, column])).toEqual([
      ['/id', 1, 1],
      ['/trigger/event', 5, 14],
    ]);
  });

  it.each([
    ['comments', '{\n  /* no */ "a": 1\n}', 2, 3, /Comments/],
    ['line comments', '{\n  "a": 1 // no\n}', 2, 10, /Comments/],
    ['trailing commas in arrays', '[1, 2,]', 1, 6, /Trailing comma/],
    ['a missing value', '{"a": }', 1, 7, /value/],
    ['a missing closing brace', '{"a": 1', 1, 8, /"}"/],
    ['single quotes', "{'a': 1}", 1, 2, /./],
    ['text after the value', '{} {}', 1, 4, /after the end/],
    ['a raw line break in a string', '{"a": "x\ny"}', 1, 7, /not closed/],
    ['an empty text', '   \n', 1, 1, /empty/],
  ])('reports %s as json_syntax with position', (_name, text, line, column, message) => {
    const result = parseWorkflowJson(text);
    expect(result.ok).toBe(false);
    expect(result.problems).toHaveLength(1);
    expect(result.problems[0]).toMatchObject({ path: '', code: 'json_syntax', line, column });
    expect(result.problems[0]!.message).toMatch(message);
  });

  it('counts CRLF and CR as one line end, and columns from 1', () => {
    const result = parseWorkflowJson('{\r\n  "a": 1,\r\n}');
    expect(result.problems[0]).toMatchObject({ line: 2, column: 9 });
    const oldMac = parseWorkflowJson('{\r  "a": 1,\r}');
    expect(oldMac.problems[0]).toMatchObject({ line: 2, column: 9 });
  });

  it('reads a byte order mark and still counts it in columns', () => {
    const text = `\uFEFF${readText('valid/minimal.json')}`;
    expect(parseWorkflowJson(text).ok).toBe(true);
    expect(parseWorkflowJson('\uFEFF{"schemaVersion": 3}').problems[0]).toMatchObject({ line: 1, column: 20 });
  });

  it('reports a duplicated key at its second occurrence, and validates with the last value', () => {
    const text = readText('invalid/json-syntax-duplicate-key.json');
    const result = parseWorkflowJson(text);
    expect(result.problems).toHaveLength(1);
    expect(result.problems[0]!.message).toMatch(/"id" appears more than once/);
  });

  it('keeps a "__proto__" key as plain data', () => {
    const text = readText('valid/minimal.json').replace(
      '"steps": []',
      '"steps": [],\n  "__proto__": { "polluted": true }',
    );
    const result = parseWorkflowJson(text);
    expect(result.ok).toBe(true);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('parses a step document and refuses a workflow as one', () => {
    expect(parseStepDocumentJson(readText('valid/step-document.json')).ok).toBe(true);
    const result = parseStepDocumentJson(readText('valid/minimal.json'));
    expect(result.problems.find((problem) => problem.path === '/kind')).toMatchObject({
      code: 'schema_const',
      line: 3,
      column: 11,
    });
  });

  it('never throws on arbitrary text', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string(),
          fc.json(),
          fc.string({ unit: fc.constantFrom('{', '}', '[', ']', '"', ',', ':', '1', 'a', '\n', '/', '*') }),
        ),
        (text) => {
          const result = parseWorkflowJson(text);
          for (const problem of result.problems) {
            expect(problem.line).toBeGreaterThanOrEqual(1);
            expect(problem.column).toBeGreaterThanOrEqual(1);
          }
          parseStepDocumentJson(text);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('reads back every serialised valid workflow', () => {
    fc.assert(
      fc.property(workflowArbitrary, (workflow) => {
        const result = parseWorkflowJson(serializeWorkflow(workflow), { secrets: ARBITRARY_SECRETS });
        expect(result.problems).toEqual([]);
      }),
      { numRuns: 100 },
    );
  });
});
