import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { deriveId, takenIds } from '../../src/definition/ids';
import { ID_PATTERN } from '../../src/definition/types';
import { sampleWorkflow, workflowOf } from '../fixtures/workflow-builders';

describe('deriveId', () => {
  it('makes a readable id from a name', () => {
    expect(deriveId('Make HTTPS Request', new Set())).toBe('make_https_request');
    expect(deriveId('Notify CRM!', new Set())).toBe('notify_crm');
    expect(deriveId('  Risk -- level  ', new Set())).toBe('risk_level');
    expect(deriveId('Café crème', new Set())).toBe('cafe_creme');
  });

  it('adds _2, _3 ... until the id is free', () => {
    const taken = new Set(['make_https_request']);
    expect(deriveId('Make HTTPS Request', taken)).toBe('make_https_request_2');
    taken.add('make_https_request_2');
    expect(deriveId('Make HTTPS Request', taken)).toBe('make_https_request_3');
  });

  it('starts with a letter', () => {
    expect(deriveId('123 go', new Set())).toBe('step_123_go');
    expect(deriveId('_x', new Set())).toBe('x');
    expect(deriveId('!!!', new Set())).toBe('step');
    expect(deriveId('', new Set(['step']))).toBe('step_2');
    expect(deriveId('日本語', new Set())).toBe('step');
  });

  it('keeps ids at most 63 characters, suffix included', () => {
    const name = 'a'.repeat(100);
    const first = deriveId(name, new Set());
    expect(first).toBe('a'.repeat(63));
    const second = deriveId(name, new Set([first]));
    expect(second).toBe(`${'a'.repeat(61)}_2`);
    // A cut that ends on "_" does not leave "__2".
    const underscored = `${'a'.repeat(60)} bcd`;
    expect(deriveId(underscored, new Set([deriveId(underscored, new Set())]))).toBe(`${'a'.repeat(60)}_2`);
  });

  it('always gives a valid id that is not taken', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 120 }), fc.array(fc.string({ maxLength: 10 })), (name, others) => {
        const taken = new Set<string>();
        for (const other of others) taken.add(deriveId(other, taken));
        taken.add(deriveId(name, taken));
        const id = deriveId(name, taken);
        expect(id).toMatch(ID_PATTERN);
        expect(taken.has(id)).toBe(false);
      }),
    );
  });
});

describe('takenIds', () => {
  it('holds every step id and branch id, nested too', () => {
    expect([...takenIds(sampleWorkflow())].sort()).toEqual(
      ['finish', 'high_risk', 'notify_crm', 'otherwise', 'review', 'risk_route', 'score'].sort(),
    );
  });

  it('does not hold the workflow id', () => {
    expect(takenIds(workflowOf([])).size).toBe(0);
  });
});
