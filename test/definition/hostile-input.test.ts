// Input built to hurt: many unknown keys, nesting deeper than the call stack, values
// that are not JSON at all. Every public entry point that takes a document answers with
// problems at the right path, never with a throw or a stack overflow, and never does
// work per problem that grows with the size of the object the problem is in.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  DocumentNotSerializableError,
  MAX_DOCUMENT_DEPTH,
  importWorkflowJson,
  migrateWorkflow,
  parseStepDocumentJson,
  parseWorkflowJson,
  readJsonDocument,
  serializeStepDocument,
  serializeWorkflow,
  validateConfig,
  validateStepDocument,
  validateWorkflow,
  type Problem,
  type Workflow,
} from '../../src/definition';
import { schemaErrorsToProblems } from '../../src/definition/validation/schema-problems';
import { anyValueArbitrary } from '../fixtures/arbitraries';

/** A workflow around `steps`, which may hold anything: these tests feed validation what no type allows. */
function workflowWithSteps(steps: unknown[]): Record<string, unknown> {
  return { schemaVersion: 1, kind: 'workflow', id: 'w', name: 'W', trigger: { event: 'e' }, steps };
}

function workflowWithConfig(action: string, config: unknown): Record<string, unknown> {
  return workflowWithSteps([{ id: 's', type: 'action', action, name: 'S', config }]);
}

function workflowWithBody(body: unknown): Record<string, unknown> {
  return workflowWithConfig('https_request', { url: 'https://api.example.com', method: 'POST', body });
}

/** Lists nested `levels` deep: `nestedLists(2)` is `[[1]]`. */
function nestedLists(levels: number): unknown {
  let value: unknown = 1;
  for (let level = 0; level < levels; level++) value = [value];
  return value;
}

/** `{ "seconds": 1, "x0": 1, ..., "x<n-1>": 1 }`: a wait config with `count` unknown keys. */
function waitConfigWithUnknownKeys(count: number): Record<string, unknown> {
  const config: Record<string, unknown> = { seconds: 1 };
  for (let index = 0; index < count; index++) config[`x${index}`] = 1;
  return config;
}

const summary = (problems: readonly Problem[]) => problems.map(({ path, code }) => ({ path, code }));

// The body sits at level 5: document, steps, step, config, body.
const BODY_LEVEL = 5;
/** The pointer of the list at `level` inside a body of nested lists. */
const listPointer = (level: number): string => `/steps/0/config/body${'/0'.repeat(level - BODY_LEVEL)}`;

describe('many unknown keys', () => {
  it('reads the keys of an object once, however many problems point into it', () => {
    const target = waitConfigWithUnknownKeys(1000);
    let keyReads = 0;
    const config = new Proxy(target, {
      ownKeys(object) {
        keyReads++;
        return Reflect.ownKeys(object);
      },
    });
    const result = validateWorkflow(workflowWithConfig('wait', config));
    expect(result.ok).toBe(false);
    expect(keyReads).toBeLessThanOrEqual(2);
  });

  it('names the first 20 unknown keys and counts the rest in one more problem', () => {
    const result = validateWorkflow(workflowWithConfig('wait', waitConfigWithUnknownKeys(10_000)));
    expect(result.problems).toHaveLength(21);
    expect(result.problems.slice(0, 20).map((problem) => problem.path)).toEqual(
      Array.from({ length: 20 }, (_, index) => `/steps/0/config/x${index}`),
    );
    expect(
      result.problems.every((problem) => problem.code === 'schema_additional_property' && problem.stepId === 's'),
    ).toBe(true);
    expect(result.problems[0]!.message).toBe('"x0" is not a known field of Wait');
    expect(result.problems[20]).toMatchObject({
      path: '/steps/0/config/x20',
      message: '"x20" is not a known field of Wait (and 9,979 more like it in the same place, not listed)',
    });
  });

  it('caps them the same way when read from text, with positions', () => {
    const text = JSON.stringify(workflowWithConfig('wait', waitConfigWithUnknownKeys(5000)), null, 2);
    const result = parseWorkflowJson(text);
    expect(result.problems).toHaveLength(21);
    const before = text.slice(0, text.indexOf('"x0"') + '"x0": '.length).split('\n');
    expect(result.problems[0]).toMatchObject({
      path: '/steps/0/config/x0',
      line: before.length,
      column: before[before.length - 1]!.length + 1,
    });
    expect(result.problems[20]!.message).toContain('4,979 more');
  });

  it('caps repeated keys in text the same way', () => {
    const keys = Array.from({ length: 1000 }, () => '"seconds": 1').join(', ');
    const text = JSON.stringify(workflowWithConfig('wait', {})).replace('"config":{}', `"config":{${keys}}`);
    const result = parseWorkflowJson(text);
    expect(result.problems).toHaveLength(21);
    expect(result.problems.every((problem) => problem.code === 'json_syntax')).toBe(true);
    expect(result.problems[20]!.message).toContain('978 more');
  });
});

/** A workflow of `count` wait steps whose `name` is a number: one problem in each step. */
function stepsWithNumberNames(count: number): Record<string, unknown> {
  return workflowWithSteps(
    Array.from({ length: count }, (_, index) => ({
      id: `s${index}`,
      type: 'action',
      action: 'wait',
      name: index,
      config: { seconds: 1 },
    })),
  );
}

describe('documents with a problem in every step', () => {
  it('reports one problem per step, in document order', () => {
    const result = validateWorkflow(stepsWithNumberNames(300));
    expect(result.problems).toHaveLength(300);
    expect(result.problems.map((problem) => problem.path)).toEqual(
      Array.from({ length: 300 }, (_, index) => `/steps/${index}/name`),
    );
    expect(result.problems[299]).toMatchObject({
      code: 'schema_type',
      stepId: 's299',
      message: 'Step name must be text',
    });
  });

  it('does not copy the errors found so far for each failing step', () => {
    // ajv joins a separately compiled part's errors to the list so far with concat; run
    // over a whole step list, that copies the list once per failing step (quadratic).
    const steps = 2000;
    const concat = Array.prototype.concat;
    let copied = 0;
    Array.prototype.concat = function counted(this: unknown[], ...items: unknown[]) {
      copied += this.length;
      return concat.apply(this, items);
    } as typeof concat;
    let problems: readonly Problem[];
    try {
      problems = validateWorkflow(stepsWithNumberNames(steps)).problems;
    } finally {
      Array.prototype.concat = concat;
    }
    expect(problems).toHaveLength(steps);
    expect(copied).toBeLessThan(10 * steps);
  });

  it('matches each wrapper error against the specific ones once, not against each of them', () => {
    // Per step: the `if` that chose the step's schema, explained by the type error below it.
    const count = 1000;
    let pathReads = 0;
    const error = (keyword: string, instancePath: string) => ({
      keyword,
      get instancePath() {
        pathReads++;
        return instancePath;
      },
      schemaPath: '#',
      message: '',
      params: keyword === 'type' ? { type: 'string' } : { failingKeyword: 'then' },
      parentSchema: { title: 'Step name' },
    });
    const errors = Array.from({ length: count }, (_, index) => [
      error('if', `/steps/${index}`),
      error('type', `/steps/${index}/name`),
    ]).flat();
    const problems = schemaErrorsToProblems(errors);
    expect(problems).toHaveLength(count);
    expect(problems.every((problem) => problem.code === 'schema_type')).toBe(true);
    expect(pathReads).toBeLessThan(10 * errors.length);
  });

  it('gives the same problems for a problem in every nested step, branch and condition', () => {
    const nested = (index: number) => ({
      id: `n${index}`,
      type: 'action',
      action: 'wait',
      name: index,
      config: { seconds: 1 },
    });
    const condition = {
      all: [{ left: 1, op: 'eq', right: 1 }, { left: 1, op: 'nope' }, { any: [{ op: 'eq', right: 2 }] }],
    };
    const result = validateWorkflow({
      schemaVersion: 1,
      kind: 'workflow',
      id: 'w',
      name: 'W',
      trigger: { event: 'e' },
      steps: [
        {
          id: 'b',
          type: 'branch',
          name: 'B',
          branches: [
            { id: 'x', name: 5, when: condition, steps: [nested(0), nested(1)] },
            { id: 'y', name: 'Y', steps: [nested(2), 'not a step'] },
          ],
        },
      ],
    });
    expect(summary(result.problems)).toEqual([
      { path: '/steps/0/branches/0/name', code: 'schema_type' },
      { path: '/steps/0/branches/0/when/all/1/op', code: 'schema_enum' },
      { path: '/steps/0/branches/0/when/all/2/any/0/left', code: 'schema_required' },
      { path: '/steps/0/branches/0/steps/0/name', code: 'schema_type' },
      { path: '/steps/0/branches/0/steps/1/name', code: 'schema_type' },
      { path: '/steps/0/branches/1/steps/0/name', code: 'schema_type' },
      { path: '/steps/0/branches/1/steps/1', code: 'schema_type' },
    ]);
  });
});

describe(`nesting deeper than ${MAX_DOCUMENT_DEPTH} levels`, () => {
  it('is 256', () => {
    expect(MAX_DOCUMENT_DEPTH).toBe(256);
  });

  it('accepts a document exactly 256 levels deep and refuses 257, at the level that crosses the limit', () => {
    expect(validateWorkflow(workflowWithBody(nestedLists(MAX_DOCUMENT_DEPTH - BODY_LEVEL + 1))).problems).toEqual([]);
    const result = validateWorkflow(workflowWithBody(nestedLists(MAX_DOCUMENT_DEPTH - BODY_LEVEL + 2)));
    expect(result.problems).toEqual([
      {
        path: listPointer(257),
        code: 'nesting_too_deep',
        stepId: 's',
        message: expect.stringContaining('is nested too deeply (more than 256 levels)'),
        params: { limit: 256 },
      },
    ]);
  });

  it('reports a 10,000-deep body as one problem where the limit is crossed, not a stack overflow at ""', () => {
    const result = validateWorkflow(workflowWithBody(nestedLists(10_000)));
    expect(summary(result.problems)).toEqual([{ path: listPointer(257), code: 'nesting_too_deep' }]);
  });

  it('reports deep text the same way, with its line and column, without a stack overflow', () => {
    const depth = 10_000;
    const text = JSON.stringify(workflowWithBody(0)).replace(
      '"body":0',
      `"body":${'['.repeat(depth)}${']'.repeat(depth)}`,
    );
    const result = parseWorkflowJson(text);
    const offset = text.indexOf('"body":') + '"body":'.length + (257 - BODY_LEVEL);
    expect(result.problems).toEqual([
      expect.objectContaining({ path: listPointer(257), code: 'nesting_too_deep', line: 1, column: offset + 1 }),
    ]);
    expect(importWorkflowJson(text).problems).toEqual([
      expect.objectContaining({ path: listPointer(257), code: 'nesting_too_deep', line: 1, column: offset + 1 }),
    ]);
  });

  it('reports a 12 KB document nested 2,673 deep in objects, keys included in the path', () => {
    const depth = 2673;
    const text = `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;
    const result = parseWorkflowJson(text);
    expect(summary(result.problems)).toEqual([{ path: '/a'.repeat(256), code: 'nesting_too_deep' }]);
  });

  it('finds the path through keys that need escaping, lists and strings holding brackets', () => {
    let text = '1';
    // Built inside out: the root (made last, level 299) is a list.
    for (let level = 0; level < 300; level++)
      text = level % 2 === 0 ? `{"k":"[{\\"", "a/b~c": ${text}}` : `["}]", ${text}]`;
    const result = parseWorkflowJson(text);
    const segments = Array.from({ length: 256 }, (_, index) => ((299 - index) % 2 === 0 ? 'a~1b~0c' : '1'));
    expect(result.problems.map((problem) => problem.path)).toEqual([`/${segments.join('/')}`]);
  });

  it('is checked by step documents, lone configs, migration and the serialisers', () => {
    const stepDocument = {
      schemaVersion: 1,
      kind: 'step',
      ...(workflowWithBody(nestedLists(10_000)).steps as object[])[0]!,
    };
    // In a step document the body is level 3; in a lone config, level 2.
    expect(summary(validateStepDocument(stepDocument).problems)).toEqual([
      { path: `/config/body${'/0'.repeat(257 - 3)}`, code: 'nesting_too_deep' },
    ]);
    expect(
      summary(
        parseStepDocumentJson(
          JSON.stringify({ ...stepDocument, config: {} }).replace(
            '"config":{}',
            `"config":{"body":${'['.repeat(300)}${']'.repeat(300)}}`,
          ),
        ).problems,
      ),
    ).toEqual([{ path: `/config/body${'/0'.repeat(257 - 3)}`, code: 'nesting_too_deep' }]);
    expect(
      summary(validateConfig('https_request', { url: 'https://a.example', method: 'POST', body: nestedLists(10_000) })),
    ).toEqual([{ path: `/body${'/0'.repeat(257 - 2)}`, code: 'nesting_too_deep' }]);
    const migration = migrateWorkflow(workflowWithBody(nestedLists(10_000)));
    expect(migration.ok).toBe(false);
    expect(migration.ok ? [] : summary(migration.problems)).toEqual([
      { path: listPointer(257), code: 'nesting_too_deep' },
    ]);
    const deep = workflowWithBody(nestedLists(10_000)) as unknown as Workflow;
    expect(() => serializeWorkflow(deep)).toThrow(DocumentNotSerializableError);
    try {
      serializeWorkflow(deep);
    } catch (error) {
      expect(summary((error as DocumentNotSerializableError).problems)).toEqual([
        { path: listPointer(257), code: 'nesting_too_deep' },
      ]);
    }
    expect(() => serializeStepDocument(stepDocument as never)).toThrow(DocumentNotSerializableError);
  });
});

describe('values that are not JSON', () => {
  const cycle: Record<string, unknown> = { a: 1 };
  cycle.self = { back: cycle };
  const revocable = Proxy.revocable({}, {});
  revocable.revoke();
  class Money {
    amount = 1;
  }
  const cases: [string, unknown, string, RegExp][] = [
    ['a BigInt', { n: 10n }, '/n', /is not JSON: a BigInt/],
    [
      'a throwing toJSON',
      {
        toJSON: () => {
          throw new Error('no');
        },
      },
      '/toJSON',
      /is not JSON: a function/,
    ],
    [
      'a throwing getter',
      Object.defineProperty({}, 'x', {
        enumerable: true,
        get: () => {
          throw new Error('getter says no');
        },
      }),
      '/x',
      /could not be read: reading it threw \(getter says no\)/,
    ],
    ['a cycle', cycle, '/self/back', /a cycle/],
    [
      'a Proxy whose traps throw',
      new Proxy(
        {},
        {
          ownKeys: () => {
            throw new Error('trap');
          },
        },
      ),
      '',
      /could not be read \(trap\)/,
    ],
    ['a revoked Proxy', revocable.proxy, '', /could not be read/],
    ['a function', { f: () => 1 }, '/f', /is not JSON: a function/],
    ['undefined in an array', [1, undefined], '/1', /Entry 2 of "body" is not JSON: undefined/],
    ['an empty slot', [1, , 3], '/1', /empty slot/],
    ['a billion empty slots', Object.assign(new Array(1_000_000_000), { 3: 1 }), '/0', /empty slot/],
    ['NaN', { n: NaN }, '/n', /NaN is not a number JSON can hold/],
    ['Infinity', [Infinity], '/0', /Infinity is not a number JSON can hold/],
    ['-Infinity', [-Infinity], '/0', /-Infinity is not a number JSON can hold/],
    ['a Date', { at: new Date(0) }, '/at', /is not JSON: a Date/],
    ['a Map', { m: new Map() }, '/m', /is not JSON: a Map/],
    ['a class instance', { m: new Money() }, '/m', /is not JSON: an instance of Money/],
    ['a Symbol', { s: Symbol('s') }, '/s', /is not JSON: a Symbol/],
  ];

  it.each(cases)('reports %s as not_json at its path', (_name, body, at, message) => {
    let result: ReturnType<typeof validateWorkflow> | undefined;
    expect(() => {
      result = validateWorkflow(workflowWithBody(body));
    }).not.toThrow();
    expect(result!.ok).toBe(false);
    expect(result!.problems).toEqual([
      { path: `/steps/0/config/body${at}`, code: 'not_json', stepId: 's', message: expect.stringMatching(message) },
    ]);
    const lone = validateConfig('https_request', { url: 'https://a.example', method: 'POST', body });
    expect(summary(lone)).toEqual([{ path: `/body${at}`, code: 'not_json' }]);
    const stepDocument = {
      schemaVersion: 1,
      kind: 'step',
      id: 's',
      type: 'action',
      action: 'https_request',
      name: 'S',
      config: { url: 'https://a.example', method: 'POST', body },
    };
    expect(summary(validateStepDocument(stepDocument).problems)).toEqual([
      { path: `/config/body${at}`, code: 'not_json' },
    ]);
  });

  it('leaves out object properties holding undefined, as JSON.stringify does', () => {
    expect(validateWorkflow(workflowWithBody({ a: undefined, b: 1 })).problems).toEqual([]);
    expect(readJsonDocument({ a: undefined, b: 1 })).toEqual({ ok: true, value: { b: 1 } });
  });

  it('accepts an object shared by two places of a document, and refuses one shared so often it would be astronomically long', () => {
    const shared = { type: 'object' };
    expect(validateWorkflow(workflowWithBody({ a: shared, b: shared })).problems).toEqual([]);
    let bomb: Record<string, unknown> = { leaf: 1 };
    for (let level = 0; level < 200; level++) bomb = { a: bomb, b: bomb };
    const result = validateWorkflow(workflowWithBody({ tree: bomb }));
    expect(result.problems.map((problem) => problem.code)).toContain('not_json');
  });

  it('counts each value once towards the size limit, however deep it sits', () => {
    // 50,000 entries 20 levels deep: 1,000,000 values, far under the 10,000,000 allowed
    // (counted once per level they sit under, they would be over 10,000,000).
    const body = Array.from({ length: 50_000 }, () => nestedLists(19));
    expect(validateWorkflow(workflowWithBody(body)).problems).toEqual([]);
  });

  it('reads each property once, so a getter that changes its answer is checked as first read', () => {
    let reads = 0;
    const body = Object.defineProperty({}, 'x', {
      enumerable: true,
      get: () => (++reads === 1 ? 'fine' : 10n),
    });
    expect(validateWorkflow(workflowWithBody(body)).problems).toEqual([]);
    expect(reads).toBe(1);
  });

  it('never throws out of validation, whatever it is given', () => {
    const anything = anyValueArbitrary({ maxDepth: 4 });
    fc.assert(
      fc.property(anything, (value) => {
        for (const input of [value, workflowWithBody(value), workflowWithConfig('wait', value)]) {
          validateWorkflow(input);
          validateStepDocument(input);
          validateConfig('https_request', input);
          migrateWorkflow(input);
        }
      }),
      { numRuns: 300 },
    );
  });
});
