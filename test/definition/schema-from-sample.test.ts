import Ajv2020 from 'ajv/dist/2020';
import { describe, expect, it } from 'vitest';
import type { JsonValue } from '../../src/definition';
import { schemaFromSample } from '../../src/definition/schema-from-sample';

describe('schemaFromSample', () => {
  it('describes an object by its keys, in the sample order', () => {
    const schema = schemaFromSample({ id: 'usr_1', count: 3, score: 0.5, active: true, note: null });
    expect(schema).toEqual({
      type: 'object',
      properties: {
        id: { type: 'string' },
        count: { type: 'integer' },
        score: { type: 'number' },
        active: { type: 'boolean' },
        note: { type: 'null' },
      },
    });
    expect(Object.keys(schema.properties as object)).toEqual(['id', 'count', 'score', 'active', 'note']);
  });

  it('merges every array element into one item schema', () => {
    expect(schemaFromSample([{ a: 1 }, { a: 1.5, b: 'x' }])).toEqual({
      type: 'array',
      items: { type: 'object', properties: { a: { type: 'number' }, b: { type: 'string' } } },
    });
    expect(schemaFromSample([])).toEqual({ type: 'array' });
    expect(schemaFromSample(['a', 1])).toEqual({ type: 'array', items: { type: ['string', 'integer'] } });
  });

  it('always accepts the sample it came from', () => {
    const samples: JsonValue[] = [
      { user: { id: 'u', tags: ['a', 'b'], address: null }, items: [{ n: 1 }, { n: 'two' }, { m: [1, 2.5] }] },
      [null, 1, 'x', { a: [] }],
      'text',
      42,
    ];
    const ajv = new Ajv2020();
    for (const sample of samples) expect(ajv.validate(schemaFromSample(sample), sample)).toBe(true);
  });
});
