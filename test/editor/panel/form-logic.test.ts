import type { RJSFValidationError } from '@rjsf/utils';
import { describe, expect, it } from 'vitest';
import { httpsRequestAction, type Problem } from '../../../src/definition';
import { builtInCatalog } from '../../../src/definition';
import { conditionRows, parseValueText, rowsCondition } from '../../../src/editor/panel/condition-rows';
import { normaliseFormData } from '../../../src/editor/panel/form/ConfigForm';
import { jsonSchemaProblem } from '../../../src/editor/panel/form/fields';
import { insertAt } from '../../../src/editor/panel/form/insert-at';
import { readJsonText, lineAndColumn } from '../../../src/editor/panel/form/json-text';
import {
  describeError,
  fieldId,
  mergeMessages,
  problemMessages,
  propertySegments,
  schemaErrorMessages,
} from '../../../src/editor/panel/form/messages';
import { configValidator } from '../../../src/editor/panel/form/validator';
import { secretNameOf } from '../../../src/editor/panel/form/widgets/secret-reference';
import { matchAction } from '../../../src/editor/picker/ActionPicker';
import { configWithRecursiveOneOf, nestedNext } from '../../fixtures/costly-schemas';

const schema = httpsRequestAction.configSchema;
const uiSchema = httpsRequestAction.uiSchema;

describe('normaliseFormData (what the panel writes into the definition)', () => {
  it('leaves fields at their default out', () => {
    expect(
      normaliseFormData(
        {
          url: 'https://a.example',
          method: 'GET',
          timeoutSeconds: 30,
          continueOnError: false,
          signing: { secret: '{{ secrets.s }}', header: 'Persona-Signature' },
        },
        schema,
        uiSchema,
      ),
    ).toEqual({ url: 'https://a.example', method: 'GET', signing: { secret: '{{ secrets.s }}' } });
  });

  it('drops a signing group emptied by clearing its secret, but keeps an empty JSON body', () => {
    expect(normaliseFormData({ url: 'u', method: 'POST', signing: {}, body: {} }, schema, uiSchema)).toEqual({
      url: 'u',
      method: 'POST',
      body: {},
    });
  });

  it('removes the body for a method without one and hands its text to stash', () => {
    const stashed: [string, string][] = [];
    const result = normaliseFormData({ url: 'u', method: 'GET', body: { a: 1 } }, schema, uiSchema, (property, text) =>
      stashed.push([property, text]),
    );
    expect(result).toEqual({ url: 'u', method: 'GET' });
    expect(stashed).toEqual([['body', '{\n  "a": 1\n}']]);
    expect(normaliseFormData({ url: 'u', method: 'PUT', body: { a: 1 } }, schema, uiSchema)).toHaveProperty('body');
  });

  it('drops undefined values rjsf leaves behind', () => {
    expect(normaliseFormData({ url: 'u', method: 'GET', query: undefined } as never, schema, uiSchema)).toEqual({
      url: 'u',
      method: 'GET',
    });
  });
});

describe('readJsonText', () => {
  it('gives the line and column of the first error, in words', () => {
    expect(readJsonText('{\n  "a": 1,\n  "b": \n}')).toEqual({
      ok: false,
      line: 4,
      column: 1,
      message: 'a value is expected',
    });
    expect(readJsonText('{ "a": 1, }')).toMatchObject({ ok: false, line: 1, column: 11 });
    expect(readJsonText('// no\n{}')).toMatchObject({ ok: false, message: 'comments are not allowed in JSON' });
  });

  it('reads valid JSON, and empty text as no value', () => {
    expect(readJsonText(' { "a": [1, true, null] } ')).toEqual({ ok: true, value: { a: [1, true, null] } });
    expect(readJsonText('  \n')).toEqual({ ok: true, value: undefined });
  });

  it('counts lines and columns from 1', () => {
    expect(lineAndColumn('ab\ncd', 0)).toEqual({ line: 1, column: 1 });
    expect(lineAndColumn('ab\ncd', 4)).toEqual({ line: 2, column: 2 });
  });
});

describe('field messages', () => {
  const problems: Problem[] = [
    { path: '/steps/1/config/url', message: 'URL must start with https://', code: 'url_not_https', stepId: 's' },
    { path: '/steps/1/config/headers/0/key', message: 'Bad key', code: 'schema_pattern', stepId: 's' },
    { path: '/steps/1/config/url', message: 'Out of scope', code: 'reference_out_of_scope', stepId: 's' },
    { path: '/steps/10/config/url', message: 'another step', code: 'url_not_https', stepId: 't' },
  ];

  it('maps definition problems to rjsf field ids, reference problems shown at once', () => {
    const byId = problemMessages(problems, '/steps/1/config', 'p');
    expect([...byId.keys()]).toEqual(['p_url', 'p_headers_0_key']);
    expect(byId.get('p_url')).toEqual([
      { message: 'URL must start with https://', always: false },
      { message: 'Out of scope', always: true },
    ]);
    expect(fieldId('p', ['headers', 0, 'key'])).toBe('p_headers_0_key');
  });

  it('reads rjsf property paths', () => {
    expect(propertySegments('.headers.0.key')).toEqual(['headers', 0, 'key']);
    expect(propertySegments(".a['b c'].d")).toEqual(['a', 'b c', 'd']);
    expect(propertySegments('')).toEqual([]);
    expect(propertySegments('url')).toEqual(['url']);
  });

  it('words ajv errors for people, and lets the definition layer win per field', () => {
    const { errors } = configValidator().validateFormData(
      { method: 'GET', timeoutSeconds: 900, headers: [{ key: 'a b', value: 'v' }] },
      schema,
    );
    const byId = schemaErrorMessages(errors, schema, 'p');
    expect(byId.get('p_url')?.[0]?.message).toBe('URL is required.');
    expect(byId.get('p_timeoutSeconds')?.[0]?.message).toBe('Enter a number from 1 to 300.');
    expect(byId.get('p_headers_0_key')?.[0]?.message).toBe('Key contains characters that are not allowed here.');
    const merged = mergeMessages(problemMessages(problems, '/steps/1/config', 'p'), byId);
    expect(merged.get('p_headers_0_key')).toEqual([{ message: 'Bad key', always: false }]);
    expect(merged.get('p_timeoutSeconds')).toHaveLength(1);
  });

  it('reports a host schema too costly to check as one error on the form, never a throw into rjsf', () => {
    const recursive = configWithRecursiveOneOf;
    const tree = nestedNext(30);
    const { errors } = configValidator().validateFormData({ tree }, recursive);
    expect(errors).toMatchObject([{ property: '', message: expect.stringContaining('too costly to check') }]);
    expect(configValidator().isValid(recursive as never, { tree }, recursive as never)).toBe(false);
    expect(configValidator().validateFormData({ tree: { next: 1 } }, recursive as never).errors).toEqual([]);
  });

  it('files errors under rjsf paths for names that are not identifiers, and dependency errors under the missing field', () => {
    const hostSchema = {
      type: 'object',
      properties: {
        'x-api-key': { type: 'string' },
        'a b': { type: 'string' },
        h: { type: 'object', properties: { 'x-y': { type: 'string' } } },
      },
      dependentRequired: { card: ['billing address'] },
    } as const;
    const { errorSchema } = configValidator().validateFormData(
      { 'x-api-key': 1, 'a b': 2, h: { 'x-y': 3 }, card: 'c' },
      hostSchema,
    );
    expect(errorSchema).toMatchObject({
      'x-api-key': { __errors: ['must be string'] },
      'a b': { __errors: ['must be string'] },
      h: { 'x-y': { __errors: ['must be string'] } },
      'billing address': { __errors: [expect.stringContaining('when property card is present')] },
    });
  });

  it('falls back to a sentence for keywords it does not know', () => {
    const error: RJSFValidationError = {
      name: 'uniqueItems',
      message: 'must not have duplicate items',
      stack: '',
      property: '.x',
    };
    expect(describeError(error, { title: 'Tags' })).toBe('Tags: must not have duplicate items.');
  });

  it('names ten choices of a long enum and says how many there are', () => {
    const choices = Array.from({ length: 5000 }, (_, index) => `plan_${index}`);
    const error: RJSFValidationError = {
      name: 'enum',
      message: 'must be equal to one of the allowed values',
      params: { allowedValues: choices },
      stack: '',
      property: '.plan',
    };
    expect(describeError(error, { title: 'Plan', enum: choices })).toBe(
      `Choose one of the 5,000 offered values (${choices.slice(0, 10).join(', ')}, …).`,
    );
    expect(describeError({ ...error, params: { allowedValues: ['a', 'b'] } }, { title: 'Plan' })).toBe(
      'Choose one of: a, b.',
    );
  });
});

describe('widget helpers', () => {
  it('inserts a reference at the caret or over the selection', () => {
    expect(insertAt('https://a/', 10, 10, '{{ trigger.id }}')).toEqual({
      text: 'https://a/{{ trigger.id }}',
      caret: 26,
    });
    expect(insertAt('abcdef', 2, 4, 'X')).toEqual({ text: 'abXef', caret: 3 });
    expect(insertAt('abc', 99, 99, 'X')).toEqual({ text: 'abcX', caret: 4 });
  });

  it('reads a secret name out of its reference', () => {
    expect(secretNameOf('{{ secrets.crm_key }}')).toBe('crm_key');
    expect(secretNameOf('{{secrets.k}}')).toBe('k');
    expect(secretNameOf('literal')).toBeUndefined();
    expect(secretNameOf('{{ trigger.k }}')).toBeUndefined();
  });
});

describe('condition builder', () => {
  it('edits one level of All of / Any of rows', () => {
    const comparison = { left: '{{ trigger.a }}', op: 'eq' as const, right: 1 };
    expect(conditionRows({ any: [comparison] })).toEqual({ mode: 'any', rows: [comparison] });
    expect(conditionRows(comparison)).toEqual({ mode: 'all', rows: [comparison] });
    expect(rowsCondition({ mode: 'any', rows: [comparison] })).toEqual({ any: [comparison] });
  });

  it('keeps numbers and booleans typed as values, the rest as text', () => {
    expect(parseValueText('0.8')).toBe(0.8);
    expect(parseValueText('-3')).toBe(-3);
    expect(parseValueText('true')).toBe(true);
    expect(parseValueText('007')).toBe('007');
    expect(parseValueText('US')).toBe('US');
  });
});

describe('action search', () => {
  const https = builtInCatalog.get('https_request')!;
  it('finds the HTTPS step by label, category and keywords', () => {
    for (const query of ['https', 'http', 'webhook', 'request', 'Make HTTPS', 'compute', 'REQ']) {
      expect(matchAction(https, query)).toBe(true);
    }
    expect(matchAction(https, 'email')).toBe(false);
    expect(matchAction(builtInCatalog.get('approve_inquiry')!, 'request')).toBe(false);
  });
});

describe('JSON Schema fields', () => {
  it('accept valid schemas and explain invalid ones', () => {
    expect(jsonSchemaProblem({ type: 'object', properties: { id: { type: 'string' } } })).toBeNull();
    expect(jsonSchemaProblem({ type: 'objec' })).toMatch(/^This is not a valid JSON Schema at \/type/);
    expect(jsonSchemaProblem({ properties: { id: { minLength: -1 } } })).toMatch(/not a valid JSON Schema/);
  });
});
