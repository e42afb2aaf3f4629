// Sample data: generated from a payload schema; kept in the store (the host's when it
// controls it), never in the definition, its export, its undo history or onChange.
import { describe, expect, it, vi } from 'vitest';
import { serializeWorkflow, type JsonSchema } from '../../src/definition';
import { MAX_SAMPLE_SCHEMA_DEPTH, sampleFromSchema } from '../../src/editor/panel/sample/sample-from-schema';
import type { SampleData } from '../../src/editor/sample-data';
import { makeStore } from './store/fixtures';

describe('sampleFromSchema', () => {
  it('gives every property a value of its type, formats and limits respected', () => {
    const schema: JsonSchema = {
      type: 'object',
      properties: {
        inquiryId: { type: 'string' },
        email: { type: 'string', format: 'email' },
        createdAt: { type: 'string', format: 'date-time' },
        code: { type: 'string', minLength: 20 },
        short: { type: 'string', maxLength: 3 },
        count: { type: 'integer', minimum: 5 },
        score: { type: 'number', exclusiveMaximum: 0.5 },
        approved: { type: 'boolean' },
        nothing: { type: 'null' },
        tags: { type: 'array', items: { type: 'string' }, minItems: 2 },
        address: { properties: { city: { type: 'string' } } },
        either: { type: ['null', 'integer'] },
      },
    };
    const sample = sampleFromSchema(schema) as Record<string, unknown>;
    expect(sample).toEqual({
      inquiryId: 'sample inquiryId',
      email: 'person@example.com',
      createdAt: '2026-01-31T09:30:00Z',
      code: 'sample codexxxxxxxxx',
      short: 'sam',
      count: 5,
      score: -0.5,
      approved: true,
      nothing: null,
      tags: ['sample tags', 'sample tags'],
      address: { city: 'sample city' },
      either: 1,
    });
    expect(Object.keys(sample)).toEqual(Object.keys(schema.properties as object));
  });

  it("prefers the author's examples, const, default and enum", () => {
    expect(
      sampleFromSchema({
        type: 'object',
        properties: {
          a: { type: 'string', examples: ['from example'], default: 'no' },
          b: { type: 'string', const: 'fixed' },
          c: { type: 'integer', default: 7 },
          d: { type: 'string', enum: ['low', 'high'] },
          e: { anyOf: [{ type: 'boolean' }, { type: 'string' }] },
        },
      }),
    ).toEqual({ a: 'from example', b: 'fixed', c: 7, d: 'low', e: true });
  });

  it('stops at its depth limit on a deeply nested schema instead of recursing on', () => {
    let schema: JsonSchema = { type: 'string' };
    for (let level = 0; level < 5000; level++) schema = { type: 'object', properties: { inner: schema } };
    let value = sampleFromSchema(schema) as Record<string, unknown> | null;
    let depth = 0;
    while (value && typeof value === 'object') {
      value = value.inner as Record<string, unknown> | null;
      depth++;
    }
    expect(depth).toBe(MAX_SAMPLE_SCHEMA_DEPTH);
    expect(value).toBeNull();
  });

  it('keeps a property named __proto__ as a plain key', () => {
    const sample = sampleFromSchema(
      JSON.parse('{"type":"object","properties":{"__proto__":{"type":"string"}}}') as JsonSchema,
    ) as object;
    expect(Object.keys(sample)).toEqual(['__proto__']);
    expect(Object.getPrototypeOf(sample)).toBe(Object.prototype);
  });
});

describe('sample data in the store', () => {
  const results: SampleData['steps'] = {
    call_crm: { status: 'succeeded', attempts: 1, output: { status: 200, headers: {}, body: { id: 'c1' } } },
  };

  it('uncontrolled: kept by the store, no undo step, no onChange, not in the definition or its export', () => {
    const onChange = vi.fn();
    const onSampleDataChange = vi.fn();
    const { store, state } = makeStore({ onChange, onSampleDataChange });
    const before = state().definition;
    state().setSampleData({ trigger: { inquiryId: 'inq_personal' } });
    state().setSampleData((current) => ({ ...current, steps: results }));
    expect(state().sampleData).toEqual({ trigger: { inquiryId: 'inq_personal' }, steps: results });
    expect(onSampleDataChange).toHaveBeenLastCalledWith({ trigger: { inquiryId: 'inq_personal' }, steps: results });
    expect(onChange).not.toHaveBeenCalled();
    expect(state().definition).toBe(before);
    expect(state().canUndo).toBe(false);
    expect(store.temporal.getState().pastStates).toHaveLength(0);
    expect(serializeWorkflow(state().definition)).not.toContain('inq_personal');
    expect(state().dirty).toBe(false);
  });

  it('an undo of an edit leaves the sample data alone', () => {
    const { state } = makeStore();
    state().renameStep('call_crm', 'Call the CRM');
    state().setSampleData({ trigger: { inquiryId: 'x' } });
    state().undo();
    expect(state().sampleData).toEqual({ trigger: { inquiryId: 'x' } });
  });

  it("controlled: shows the host's value, reports changes, and two quick changes build on each other", () => {
    const onSampleDataChange = vi.fn();
    const hostValue: SampleData = { trigger: { inquiryId: 'host' } };
    const { state } = makeStore({ sampleData: hostValue, onSampleDataChange });
    expect(state().sampleData).toBe(hostValue);
    state().setSampleData((current) => ({ ...current, steps: results }));
    state().setSampleData((current) => ({ ...current, trigger: { inquiryId: 'typed' } }));
    // The store still shows the host's value until the host passes the new one.
    expect(state().sampleData).toBe(hostValue);
    expect(onSampleDataChange).toHaveBeenLastCalledWith({ trigger: { inquiryId: 'typed' }, steps: results });
    const next = onSampleDataChange.mock.lastCall![0] as SampleData;
    state().setOptions({ sampleData: next });
    expect(state().sampleData).toBe(next);
  });

  it('keeps the host onTestStep in state, and null without one', () => {
    const handler = vi.fn();
    const { state } = makeStore({ onTestStep: handler });
    expect(state().testStepHandler).toBe(handler);
    state().setOptions({ onTestStep: undefined });
    expect(state().testStepHandler).toBeNull();
  });
});
