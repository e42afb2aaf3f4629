import { describe, expect, it } from 'vitest';
import {
  builtInCatalog,
  moveStep,
  removeStep,
  serializeWorkflow,
  updateBranch,
  updateStep,
  updateWorkflow,
  type JsonObject,
  type Workflow,
} from '../../../src/definition';
import { createTextComparer } from '../../../src/editor/store/same-text';
import { catalogWithout, sampleWorkflow } from './fixtures';

const base = sampleWorkflow();
const config = (url: string, extra: JsonObject = {}): JsonObject => ({ url, method: 'GET', ...extra });

const withBody = (body: JsonObject, url = 'https://crm.example.com/inquiries'): Workflow =>
  updateStep(base, 'call_crm', { config: { url, method: 'POST', body } });

/** Pairs the comparer must judge exactly like comparing serializeWorkflow output. */
const cases: [string, Workflow, Workflow][] = [
  ['the same object', base, base],
  ['a deep copy', base, JSON.parse(JSON.stringify(base)) as Workflow],
  ['a renamed workflow', base, updateWorkflow(base, { name: 'Other' })],
  ['an empty description (left out when written)', base, { ...base, description: '' }],
  ['a changed config', base, updateStep(base, 'call_crm', { config: config('https://other') })],
  [
    'a config field at its default (left out when written)',
    base,
    updateStep(base, 'call_crm', { config: config('https://crm.example.com/inquiries', { timeoutSeconds: 30 }) }),
  ],
  [
    'config keys in another order (written in spec order)',
    base,
    updateStep(base, 'call_crm', { config: { method: 'GET', url: 'https://crm.example.com/inquiries' } }),
  ],
  ['a step renamed inside a branch', base, updateStep(base, 'mark', { name: 'Mark it' })],
  ['a branch renamed', base, updateBranch(base, 'approved', { name: 'Yes' })],
  ['a step removed inside a branch', base, removeStep(base, 'mark')],
  ['a step moved', base, moveStep(base, 'approve', { branchId: null, index: 0 })],
  ['a step moved into a branch', base, moveStep(base, 'approve', { branchId: 'otherwise', index: 0 })],
  // Config objects held as different objects on both sides (a body parsed from typed text).
  ['a body copied', withBody({ a: 1, list: [1, 2] }), withBody({ a: 1, list: [1, 2] })],
  ['a body changed', withBody({ a: 1, list: [1, 2] }), withBody({ a: 1, list: [1, 3] })],
  ['a body in another key order', withBody({ a: 1, b: 2 }), withBody({ b: 2, a: 1 })],
  ['a body copied and the URL changed', withBody({ a: 1 }), withBody({ a: 1 }, 'https://other')],
  [
    'a renamed step then renamed back',
    base,
    updateStep(updateStep(base, 'mark', { name: 'x' }), 'mark', { name: 'Mark' }),
  ],
];

describe('createTextComparer', () => {
  it.each(cases)('agrees with serializeWorkflow for %s', (_, a, b) => {
    const expected =
      serializeWorkflow(a, { catalog: builtInCatalog }) === serializeWorkflow(b, { catalog: builtInCatalog });
    const comparer = createTextComparer();
    expect(comparer.same(a, b, builtInCatalog)).toBe(expected);
    expect(comparer.same(b, a, builtInCatalog)).toBe(expected);
  });

  it('judges a pair of config objects again from its cache, as the first time', () => {
    const saved = withBody({ a: 1 });
    const editedBody = { a: 2 };
    const edited = withBody(editedBody);
    const comparer = createTextComparer();
    expect(comparer.same(saved, edited, builtInCatalog)).toBe(false);
    // A key typed into the URL afterwards: the same two bodies, another URL.
    const typed = withBody(editedBody, 'https://x');
    expect(comparer.same(saved, typed, builtInCatalog)).toBe(false);
    const copied = withBody({ a: 1 });
    expect(comparer.same(saved, copied, builtInCatalog)).toBe(true);
    expect(comparer.same(saved, updateStep(copied, 'call_crm', { name: 'Renamed' }), builtInCatalog)).toBe(false);
  });

  it('answers from the catalog it is given after reset', () => {
    // Without the HTTPS action in the catalog its defaults are unknown, so they are written.
    const withDefault = updateStep(base, 'call_crm', {
      config: config('https://crm.example.com/inquiries', { timeoutSeconds: 30 }),
    });
    const comparer = createTextComparer();
    expect(comparer.same(base, withDefault, builtInCatalog)).toBe(true);
    comparer.reset();
    const other = catalogWithout('https_request');
    expect(comparer.same(base, withDefault, other)).toBe(
      serializeWorkflow(base, { catalog: other }) === serializeWorkflow(withDefault, { catalog: other }),
    );
  });
});
