// The document reader has two passes: recursion within the document's depth limit (the
// one every entry point uses) and an explicit stack for deeper limits a host asks for.
// They must read the same values in the same order and answer the same: the same copy,
// the same problems, word for word and in the same order, whatever they are given.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MAX_DOCUMENT_DEPTH, readJsonValue, readJsonValueWithStack } from '../../src/definition/json-value';
import { anyValueArbitrary } from '../fixtures/arbitraries';

/** Both passes on inputs built afresh for each, so getters that count their reads start alike. */
function expectSameReads(build: () => unknown, maxDepth?: number, pointer?: string): void {
  const reads: string[][] = [[], []];
  const results = [readJsonValue, readJsonValueWithStack].map((read, index) => {
    const input = build();
    return read(traced(input, reads[index]!), { maxDepth, pointer });
  });
  expect(results[0]).toEqual(results[1]);
  // toEqual passes over a sparse array's holes and "__proto__" keys: compare the text too.
  expect(JSON.stringify(results[0]!.value)).toBe(JSON.stringify(results[1]!.value));
  expect(reads[0]).toEqual(reads[1]);
}

/** `value` with a getter in front of one property of each object in it, logging each read. */
function traced(value: unknown, log: string[], seen = new Set<object>()): unknown {
  if (value === null || typeof value !== 'object' || seen.has(value)) return value;
  seen.add(value);
  if (Array.isArray(value) || Object.getPrototypeOf(value) !== Object.prototype) return value;
  const descriptors = Object.getOwnPropertyDescriptors(value);
  // Accessors are the case's own: left as they are, not read here.
  for (const key of Object.keys(descriptors))
    if ('value' in descriptors[key]!) traced(descriptors[key].value, log, seen);
  const first = Object.keys(value)[0];
  if (first === undefined || first === '__proto__' || !('value' in descriptors[first]!)) return value;
  const held: unknown = descriptors[first].value;
  const record = value;
  Object.defineProperty(record, first, {
    enumerable: true,
    configurable: true,
    get: () => {
      log.push(first);
      return held;
    },
  });
  return value;
}

const anything = anyValueArbitrary({
  stringUnit: 'binary',
  key: fc.oneof(fc.string(), fc.constantFrom('__proto__', 'constructor', '0', '~a/b')),
  maxDepth: 5,
});

describe('the recursive and the explicit-stack document readers', () => {
  it('answer alike for anything, at any depth limit up to the document limit', () => {
    fc.assert(
      fc.property(anything, fc.constantFrom(1, 2, 3, MAX_DOCUMENT_DEPTH), (value, maxDepth) => {
        expectSameReads(() => structuredCloneLoose(value), maxDepth, '/steps/0');
      }),
      { numRuns: 500 },
    );
  });

  it('answer alike for cycles, shared objects, throwing getters and revoked proxies', () => {
    const cases: (() => unknown)[] = [
      () => {
        const a: Record<string, unknown> = { x: 1 };
        a.self = { inner: [a, 2n] };
        return { a, b: [a] };
      },
      () => {
        const shared = { k: [1, 2, { deep: true }] };
        return { one: shared, two: [shared, shared], three: { shared } };
      },
      () =>
        Object.defineProperty({ before: 1, after: [undefined, NaN] }, 'bad', {
          enumerable: true,
          get: () => {
            throw new Error('no');
          },
        }),
      () => {
        const { proxy, revoke } = Proxy.revocable({}, {});
        revoke();
        return { list: [1, proxy, { ok: 'yes' }], fn: () => 1, sym: Symbol('s') };
      },
      () => {
        const sparse = [1, , 3];
        const long: unknown[] = [];
        long.length = 5;
        return { sparse, long, date: new Date(0), map: new Map() };
      },
      () => Array.from({ length: 150 }, (_, index) => ({ [`k${index}`]: index % 2 ? 1n : undefined, n: -Infinity })),
      () => {
        let deep: unknown = 1;
        for (let level = 0; level < 300; level++) deep = level % 2 ? [deep] : { d: deep };
        return { deep, after: [1n] };
      },
    ];
    for (const build of cases) {
      for (const maxDepth of [1, 4, MAX_DOCUMENT_DEPTH]) expectSameReads(build, maxDepth);
    }
  });

  it('answer alike for an object shared so often it passes the size limit', () => {
    const build = () => {
      let bomb: Record<string, unknown> = { leaf: 1 };
      for (let level = 0; level < 30; level++) bomb = { a: bomb, b: bomb };
      return { tree: bomb, after: 2 };
    };
    const one = readJsonValue(build());
    const other = readJsonValueWithStack(build());
    expect(one.problems).toEqual(other.problems);
    expect(one.problems.map((problem) => problem.code)).toContain('not_json');
  });
});

/** A copy keeping what structuredClone cannot carry (functions, symbols) by reference. */
function structuredCloneLoose(value: unknown): unknown {
  try {
    return structuredClone(value);
  } catch {
    return value;
  }
}
