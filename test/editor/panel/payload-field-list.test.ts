import { describe, expect, it } from 'vitest';
import type { JsonSchema } from '../../../src/definition';
import { payloadFieldsOf, payloadSchemaOf } from '../../../src/editor/panel/payload-fields';

describe('payloadFieldsOf (what the field list can show)', () => {
  it('lists an object schema of typed fields, required ones marked; no schema is an empty list', () => {
    expect(payloadFieldsOf(undefined)).toEqual([]);
    expect(
      payloadFieldsOf({
        type: 'object',
        properties: { id: { type: 'string' }, count: { type: 'integer' }, tags: { type: 'array' } },
        required: ['id'],
      }),
    ).toEqual([
      { name: 'id', type: 'string', required: true },
      { name: 'count', type: 'integer', required: false },
      { name: 'tags', type: 'array', required: false },
    ]);
    expect(payloadFieldsOf({ type: 'object' })).toEqual([]);
  });

  it.each<[string, JsonSchema]>([
    ['a description', { type: 'object', properties: { id: { type: 'string', description: 'The id.' } } }],
    [
      'nested fields',
      { type: 'object', properties: { account: { type: 'object', properties: { id: { type: 'string' } } } } },
    ],
    ['list items', { type: 'object', properties: { tags: { type: 'array', items: { type: 'string' } } } }],
    ['a union type', { type: 'object', properties: { id: { type: ['string', 'null'] } } }],
    ['other keywords at the top', { type: 'object', properties: {}, additionalProperties: false }],
    ['a schema that is not an object', { type: 'array' }],
    ['required naming no field', { type: 'object', properties: { id: { type: 'string' } }, required: ['other'] }],
    ['a field without a type', { type: 'object', properties: { id: {} } }],
    ['a field whose name has outer spaces', { type: 'object', properties: { ' id': { type: 'string' } } }],
  ])('cannot show %s (null, so the JSON Schema view opens)', (_what, schema) => {
    expect(payloadFieldsOf(schema)).toBeNull();
  });
});

describe('payloadSchemaOf (what the field list writes)', () => {
  it('writes named fields in order, required only when some are', () => {
    expect(
      payloadSchemaOf([
        { name: 'inquiryId', type: 'string', required: true },
        { name: 'score', type: 'number', required: false },
      ]),
    ).toEqual({
      type: 'object',
      properties: { inquiryId: { type: 'string' }, score: { type: 'number' } },
      required: ['inquiryId'],
    });
    expect(payloadSchemaOf([{ name: 'ok', type: 'boolean', required: false }])).toEqual({
      type: 'object',
      properties: { ok: { type: 'boolean' } },
    });
  });

  it('leaves out unnamed rows and the later of two rows with one name; nothing named is no schema', () => {
    expect(
      payloadSchemaOf([
        { name: '', type: 'string', required: true },
        { name: 'id', type: 'string', required: false },
        { name: 'id', type: 'number', required: true },
      ]),
    ).toEqual({ type: 'object', properties: { id: { type: 'string' } } });
    expect(payloadSchemaOf([{ name: '  ', type: 'string', required: false }])).toBeUndefined();
  });

  it('keeps a field named __proto__ as a field', () => {
    const schema = payloadSchemaOf([{ name: '__proto__', type: 'string', required: false }]);
    expect(Object.keys(schema?.properties as object)).toEqual(['__proto__']);
    expect(payloadFieldsOf(schema)).toEqual([{ name: '__proto__', type: 'string', required: false }]);
  });

  it('round-trips every list it can show', () => {
    const schema: JsonSchema = {
      type: 'object',
      properties: { a: { type: 'object' }, b: { type: 'array' } },
      required: ['b'],
    };
    expect(payloadSchemaOf(payloadFieldsOf(schema)!)).toEqual(schema);
  });
});
