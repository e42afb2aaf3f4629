// The pattern engine (with re2js) loads the first time a response schema holds a pattern.
// Its module is replaced here by one that fails to load, as a chunk that never arrives in
// a page would, or that loads only when the test lets it: schemas without patterns must
// never ask for it, a schema with one fails the step before anything is sent, saying why,
// and a run's cancel ends a step still waiting for it.

import { afterEach, describe, expect, it, vi } from 'vitest';
import { largePatternOverManyStrings } from '../fixtures/costly-schemas';
import { LOOPBACK, httpsStep, moduleThatFails, only, serverPerTest, workflow } from './helpers';
import { json } from './servers';

const ENGINE = '../../src/executor/linear-regexp';
const serve = serverPerTest();

/** A fresh module graph: nothing loaded yet, the engine included. */
async function fresh<T>(load: () => Promise<T>): Promise<T> {
  vi.resetModules();
  return load();
}
const responseSchemaModule = () => fresh(() => import('../../src/executor/response-schema'));

afterEach(() => {
  vi.doUnmock(ENGINE);
});

describe('response schemas while the pattern engine cannot load', () => {
  /** Counts the attempts to load the engine; each one fails. */
  const engineThatFails = () => moduleThatFails(ENGINE);

  it('a schema without patterns is checked without asking for it', async () => {
    const engine = engineThatFails();
    const { checkResponseSchema, responseSchemaProblem } = await responseSchemaModule();
    const schema = { type: 'object', required: ['id'], properties: { id: { type: 'string', minLength: 3 } } };
    expect(await responseSchemaProblem(schema)).toBeUndefined();
    expect(await checkResponseSchema(schema, { id: 'inq_1' })).toEqual({ ok: true });
    expect(await checkResponseSchema(schema, { id: 'x' })).toMatchObject({ ok: false, kind: 'mismatch' });
    expect(engine.loads()).toBe(0);
  });

  it('a schema with a pattern fails as unusable, saying the checking code did not load', async () => {
    const engine = engineThatFails();
    const { checkResponseSchema, responseSchemaProblem } = await responseSchemaModule();
    const schema = { properties: { id: { type: 'string', pattern: '^inq_' } } };
    expect(await responseSchemaProblem(schema)).toMatch(
      /^The response schema's patterns cannot be checked: the code that checks them could not be loaded \(.+\)\.$/,
    );
    expect(await checkResponseSchema(schema, { id: 'inq_1' })).toMatchObject({ ok: false, kind: 'invalid_schema' });
    expect(engine.loads()).toBeGreaterThan(0);
  });

  it('a failed load is not kept: where the platform loads the module on a later try, the schema is checked', async () => {
    engineThatFails();
    const { checkResponseSchema, responseSchemaProblem } = await responseSchemaModule();
    const schema = { properties: { id: { type: 'string', pattern: '^inq_' } } };
    expect(await responseSchemaProblem(schema)).toMatch(/could not be loaded/);
    vi.doUnmock(ENGINE);
    expect(await responseSchemaProblem(schema)).toBeUndefined();
    expect(await checkResponseSchema(schema, { id: 'inq_1' })).toEqual({ ok: true });
    expect(await checkResponseSchema(schema, { id: 'job_1' })).toMatchObject({ ok: false, kind: 'mismatch' });
  });
});

describe('the first check after the engine loads', () => {
  it('runs within the pattern work budget (without it, this check takes minutes)', async () => {
    const { checkResponseSchema } = await responseSchemaModule();
    const check = await checkResponseSchema(largePatternOverManyStrings.schema, largePatternOverManyStrings.body);
    expect(check).toMatchObject({ ok: false, kind: 'mismatch' });
    expect(!check.ok && check.message).toContain('would take too long');
  }, 30_000);
});

describe('a step waiting for the pattern engine', () => {
  it("is ended by its run's cancel at once, with nothing sent", async () => {
    let release = (): void => undefined;
    const held = new Promise<void>((resolve) => (release = resolve));
    vi.doMock(ENGINE, async () => {
      await held;
      return vi.importActual(ENGINE);
    });
    const { runWorkflow } = await fresh(() => import('../../src/executor'));
    const server = await serve((_request, response) => json(response, 200, { id: 'inq_1' }));
    const controller = new AbortController();
    const running = runWorkflow(
      workflow([
        httpsStep({
          url: `${server.origin}/item`,
          method: 'GET',
          responseSchema: { properties: { id: { type: 'string', pattern: '^inq_' } } },
        }),
      ]),
      { network: LOOPBACK, signal: controller.signal },
    );
    setTimeout(() => controller.abort(), 200);
    const result = await running;
    release();
    expect(only(result).error).toEqual({ type: 'cancelled', message: 'The run was cancelled.', attempts: 0 });
    expect(server.connections()).toBe(0);
  });
});
