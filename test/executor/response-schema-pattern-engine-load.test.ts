// The pattern engine (with re2js) loads the first time a response schema holds a pattern.
// Here its module fails to load, as a chunk that never arrives in a page would: schemas
// without patterns must not need it, and a schema with one fails the step before anything
// is sent, saying why, and is checked once the engine loads on a later try.

import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

const ENGINE = '../../src/executor/linear-regexp';

async function freshResponseSchema(): Promise<typeof import('../../src/executor/response-schema')> {
  vi.resetModules();
  return import('../../src/executor/response-schema');
}

describe('response schemas while the pattern engine cannot load', () => {
  beforeEach(() => {
    vi.doMock(ENGINE, () => {
      throw new Error('the chunk did not arrive');
    });
  });
  afterEach(() => {
    vi.doUnmock(ENGINE);
  });

  it('a schema without patterns is checked without it', async () => {
    const { checkResponseSchema, responseSchemaProblem } = await freshResponseSchema();
    const schema = { type: 'object', required: ['id'], properties: { id: { type: 'string', minLength: 3 } } };
    expect(await responseSchemaProblem(schema)).toBeUndefined();
    expect(await checkResponseSchema(schema, { id: 'inq_1' })).toEqual({ ok: true });
    expect(await checkResponseSchema(schema, { id: 'x' })).toMatchObject({ ok: false, kind: 'mismatch' });
  });

  it('a schema with a pattern fails as unusable, saying the checking code did not load, and works once it does', async () => {
    const { checkResponseSchema, responseSchemaProblem } = await freshResponseSchema();
    const schema = { properties: { id: { type: 'string', pattern: '^inq_' } } };
    const problem = await responseSchemaProblem(schema);
    expect(problem).toMatch(/^The response schema's patterns cannot be checked: .*could not be loaded/);
    expect(await checkResponseSchema(schema, { id: 'inq_1' })).toMatchObject({ ok: false, kind: 'invalid_schema' });

    // The next try loads it (a failed load is not kept), in the same module instance.
    vi.doUnmock(ENGINE);
    expect(await responseSchemaProblem(schema)).toBeUndefined();
    expect(await checkResponseSchema(schema, { id: 'inq_1' })).toEqual({ ok: true });
    expect(await checkResponseSchema(schema, { id: 'job_1' })).toMatchObject({ ok: false, kind: 'mismatch' });
  });
});
