// The interpreting JSON Schema validator, checked against ajv (a devDependency kept as
// an oracle): hand-written cases for each keyword it handles, generated schemas and
// values, ajv's error shapes, schemas it must refuse, hostile inputs, and a run with
// code generation switched off.
//
// Where the module differs from ajv on purpose, the cases stay out of the comparison:
// - `multipleOf` tolerates binary rounding (0.3 against 0.1 is valid), so generated
//   numbers and divisors are exact in binary;
// - a field holding `undefined` counts as absent (ajv sees it), so values are JSON;
// - `format` is checked only for formats passed in `formats`, so no `format` is
//   generated (ajv's answer would depend on which formats it was given);
// - draft-07 `dependencies` and the list form of `items` are accepted (Ajv2020 refuses
//   them), so they are tested on their own, not against ajv.
// ajv also reads inherited members for `required` (`toString` is "present" on every
// object) unless `ownProperties` is set; the oracle sets it, and hostile keys are tested
// against plain expectations. Where ajv 8 departs from the specification (annotations of
// `contains` and of a failed `if`, `$dynamicRef` into another resource), the module is
// held to the specification and the case says so.

import Ajv2020, { type ErrorObject } from 'ajv/dist/2020';
import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';
import {
  SchemaNotUsableError,
  SchemaWorkExceededError,
  createSchemaValidator,
  type SchemaError,
} from '../../src/definition/validation/json-schema';
import { nestedNext, recursiveOneOf, recursiveOneOfNode } from '../fixtures/costly-schemas';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** A fresh instance per schema: `$id`s would clash in one shared instance. */
const ajvCompile = (schema: unknown) =>
  new Ajv2020({ strict: false, allErrors: true, ownProperties: true }).compile(schema as object);

function ajvValidity(schema: unknown, value: unknown): boolean {
  return ajvCompile(schema)(value);
}

function ajvErrors(schema: unknown, value: unknown): ErrorObject[] {
  const validate = ajvCompile(schema);
  validate(value);
  return validate.errors ?? [];
}

interface Case {
  name: string;
  schema: unknown;
  valid: Json[];
  invalid: Json[];
  /**
   * Values (among `valid` and `invalid`) on which ajv 8 departs from the 2020-12
   * specification: it ignores `contains` annotations and keeps a failed `if`'s for
   * `unevaluatedItems`. The module is held to the specification; ajv's opposite answer is
   * asserted too, so a fixed ajv brings these back into the comparison.
   */
  ajvWrong?: Json[];
}

const emoji = '\u{1F600}'; // one code point, two UTF-16 units

const tree = {
  $defs: {
    node: {
      type: 'object',
      required: ['value'],
      properties: {
        value: { type: 'number' },
        children: { type: 'array', items: { $ref: '#/$defs/node' } },
      },
      additionalProperties: false,
    },
  },
  $ref: '#/$defs/node',
};

// The extensible tree from the 2020-12 specification (section 8.2.3.2): "tree" says
// children are trees, "strict-tree" extends it and forbids unknown fields, which
// reaches every level only because `$dynamicRef` resolves to the outermost anchor.
const strictTree = {
  $id: 'https://example.com/strict-tree',
  $dynamicAnchor: 'node',
  $ref: 'tree',
  unevaluatedProperties: false,
  $defs: {
    tree: {
      $id: 'https://example.com/tree',
      $dynamicAnchor: 'node',
      type: 'object',
      properties: {
        data: true,
        children: { type: 'array', items: { $dynamicRef: '#node' } },
      },
    },
  },
};

const CASES: Case[] = [
  { name: 'type string', schema: { type: 'string' }, valid: ['', 'a'], invalid: [1, null, [], {}, true] },
  { name: 'type integer', schema: { type: 'integer' }, valid: [1, 1.0, -3, 0, 1e15], invalid: [1.5, '1', null] },
  { name: 'type number', schema: { type: 'number' }, valid: [1, 1.5, -0.25], invalid: ['1', null, []] },
  {
    name: 'type null/boolean',
    schema: { type: ['null', 'boolean'] },
    valid: [null, true, false],
    invalid: [0, '', {}],
  },
  { name: 'type object vs array', schema: { type: 'object' }, valid: [{}, { a: 1 }], invalid: [[], null, 'x'] },
  { name: 'type array', schema: { type: 'array' }, valid: [[], [1]], invalid: [{}, null] },
  { name: 'type list', schema: { type: ['integer', 'string'] }, valid: [1, 'a'], invalid: [1.5, null, []] },
  {
    name: 'enum',
    schema: { enum: [1, 'a', null, { a: [1, 2] }, [1]] },
    valid: [1, 1.0, 'a', null, { a: [1, 2] }, [1]],
    invalid: [2, 'b', { a: [2, 1] }, [1, 1], {}, false],
  },
  {
    name: 'const with key order',
    schema: { const: { a: 1, b: { c: 2, d: 3 } } },
    valid: [{ b: { d: 3, c: 2 }, a: 1 }],
    invalid: [{ a: 1 }, { a: 1, b: { c: 2, d: 3 }, e: 0 }, null],
  },
  { name: 'const null', schema: { const: null }, valid: [null], invalid: [0, false, ''] },
  { name: 'const false vs 0', schema: { const: false }, valid: [false], invalid: [0, null] },
  { name: 'multipleOf integer', schema: { multipleOf: 3 }, valid: [0, 3, -9, 'x'], invalid: [1, 4.5] },
  { name: 'multipleOf 0.5', schema: { multipleOf: 0.5 }, valid: [1.5, 2, 0], invalid: [1.25] },
  // 0.1 is not exact in binary: ajv calls 0.3 invalid against 0.1; the module does not
  // (deliberate), so only values both call alike are compared here.
  { name: 'multipleOf 0.1', schema: { multipleOf: 0.1 }, valid: [0.5, 1, 0.2], invalid: [0.15, 0.01] },
  { name: 'minimum/maximum', schema: { minimum: 1, maximum: 3 }, valid: [1, 3, 2.5, 'x'], invalid: [0.99, 3.01] },
  {
    name: 'exclusive bounds',
    schema: { exclusiveMinimum: 1, exclusiveMaximum: 3 },
    valid: [1.01, 2.99],
    invalid: [1, 3],
  },
  {
    name: 'minLength/maxLength by code point',
    schema: { minLength: 2, maxLength: 3 },
    valid: ['ab', 'abc', `${emoji}${emoji}`, `a${emoji}b`, 5],
    invalid: ['a', emoji, 'abcd', `${emoji}${emoji}${emoji}${emoji}`],
  },
  { name: 'pattern, not anchored', schema: { pattern: 'b+' }, valid: ['abbc', 'b', 7], invalid: ['ac', ''] },
  { name: 'pattern with unicode', schema: { pattern: '^\\p{Lu}$' }, valid: ['A', 'É'], invalid: ['a', 'AB'] },
  { name: 'required', schema: { required: ['a', 'b'] }, valid: [{ a: 1, b: null }, [], 'x'], invalid: [{ a: 1 }, {}] },
  {
    name: 'properties',
    schema: { properties: { a: { type: 'string' }, b: false } },
    valid: [{}, { a: 'x' }, { c: 1 }],
    invalid: [{ a: 1 }, { b: 1 }],
  },
  {
    name: 'patternProperties',
    schema: { patternProperties: { '^x-': { type: 'integer' }, y: { minimum: 5 } } },
    valid: [{ 'x-a': 1, a: 'z' }, { xy: 7 }],
    invalid: [{ 'x-a': 'no' }, { 'x-y': 4 }],
  },
  {
    name: 'additionalProperties false',
    schema: { properties: { a: true }, patternProperties: { '^b': true }, additionalProperties: false },
    valid: [{ a: 1, bc: 2 }, {}],
    invalid: [{ c: 1 }, { a: 1, ab: 2 }],
  },
  {
    name: 'additionalProperties true',
    schema: { properties: { a: { type: 'string' } }, additionalProperties: true },
    valid: [{ a: 'x', b: 2 }],
    invalid: [{ a: 1 }],
  },
  {
    name: 'additionalProperties schema',
    schema: { properties: { a: true }, additionalProperties: { type: 'number' } },
    valid: [{ a: 'x', b: 2 }],
    invalid: [{ b: 'x' }],
  },
  {
    name: 'propertyNames',
    schema: { propertyNames: { maxLength: 2, pattern: '^[a-z]+$' } },
    valid: [{ ab: 1 }, {}],
    invalid: [{ abc: 1 }, { A: 1 }],
  },
  { name: 'propertyNames false', schema: { propertyNames: false }, valid: [{}], invalid: [{ a: 1 }] },
  {
    name: 'dependentRequired',
    schema: { dependentRequired: { a: ['b', 'c'] } },
    valid: [{}, { b: 1 }, { a: 1, b: 1, c: 1 }],
    invalid: [{ a: 1 }, { a: 1, b: 1 }],
  },
  {
    name: 'dependentSchemas',
    schema: { dependentSchemas: { a: { required: ['b'] }, c: false } },
    valid: [{ b: 1 }, { a: 1, b: 2 }],
    invalid: [{ a: 1 }, { c: 1 }],
  },
  {
    name: 'min/maxProperties',
    schema: { minProperties: 1, maxProperties: 2 },
    valid: [{ a: 1 }, { a: 1, b: 2 }, []],
    invalid: [{}, { a: 1, b: 2, c: 3 }],
  },
  { name: 'items', schema: { items: { type: 'integer' } }, valid: [[], [1, 2]], invalid: [[1, 'a'], [1.5]] },
  {
    name: 'prefixItems',
    schema: { prefixItems: [{ type: 'string' }, { type: 'number' }] },
    valid: [[], ['a'], ['a', 1, null]],
    invalid: [[1], ['a', 'b']],
  },
  {
    name: 'prefixItems with items false',
    schema: { prefixItems: [true, true], items: false },
    valid: [[1, 2], [1]],
    invalid: [[1, 2, 3]],
  },
  {
    name: 'prefixItems with items schema',
    schema: { prefixItems: [{ type: 'string' }], items: { type: 'number' } },
    valid: [['a', 1, 2]],
    invalid: [['a', 'b'], [1]],
  },
  { name: 'contains', schema: { contains: { type: 'string' } }, valid: [['a'], [1, 'a']], invalid: [[], [1, 2]] },
  {
    name: 'minContains/maxContains',
    schema: { contains: { const: 1 }, minContains: 2, maxContains: 3 },
    valid: [
      [1, 1],
      [1, 2, 1, 1],
    ],
    invalid: [[1], [1, 1, 1, 1], []],
  },
  { name: 'minContains 0', schema: { contains: { const: 1 }, minContains: 0 }, valid: [[], [2]], invalid: [] },
  { name: 'min/maxItems', schema: { minItems: 1, maxItems: 2 }, valid: [[1], [1, 2]], invalid: [[], [1, 2, 3]] },
  {
    name: 'uniqueItems',
    schema: { uniqueItems: true },
    valid: [
      [],
      [1, '1'],
      [{ a: 1 }, { a: 2 }],
      [
        [1, 2],
        [2, 1],
      ],
      [0, false, null, '', [], {}],
      [{ a: 1 }, { a: 1, b: 2 }],
      [[[1]], [[2]]],
    ],
    invalid: [
      [1, 1.0],
      [
        { a: 1, b: 2 },
        { b: 2, a: 1 },
      ],
      [
        [1, [2]],
        [1, [2]],
      ],
      [null, null],
      [{}, {}],
      [[], []],
      ['a', 'a'],
    ],
  },
  { name: 'uniqueItems false', schema: { uniqueItems: false }, valid: [[1, 1]], invalid: [] },
  { name: 'allOf', schema: { allOf: [{ minimum: 1 }, { maximum: 2 }] }, valid: [1, 2], invalid: [0, 3] },
  { name: 'anyOf', schema: { anyOf: [{ type: 'string' }, { minimum: 5 }] }, valid: ['a', 5], invalid: [4] },
  { name: 'oneOf', schema: { oneOf: [{ type: 'integer' }, { minimum: 2 }] }, valid: [1, 2.5], invalid: [3, 1.5] },
  { name: 'not', schema: { not: { type: 'string' } }, valid: [1, null], invalid: ['a'] },
  {
    name: 'if/then/else',
    schema: { if: { type: 'string' }, then: { minLength: 2 }, else: { type: 'number' } },
    valid: ['ab', 1],
    invalid: ['a', null],
  },
  {
    name: 'if/then only',
    schema: { if: { minimum: 10 }, then: { multipleOf: 2 } },
    valid: [12, 3, 'x'],
    invalid: [11],
  },
  { name: 'then/else without if', schema: { then: false, else: false }, valid: [1], invalid: [] },
  {
    name: '$ref to $defs',
    schema: {
      $defs: { positive: { type: 'number', exclusiveMinimum: 0 } },
      properties: { a: { $ref: '#/$defs/positive' } },
    },
    valid: [{ a: 1 }],
    invalid: [{ a: 0 }, { a: 'x' }],
  },
  {
    name: '$ref with escaped pointer',
    schema: {
      $defs: { 'a/b': { type: 'string' }, 'c~d': { type: 'number' }, 'e f': { type: 'null' } },
      prefixItems: [{ $ref: '#/$defs/a~1b' }, { $ref: '#/$defs/c~0d' }, { $ref: '#/$defs/e%20f' }],
    },
    valid: [['x', 1, null]],
    invalid: [[1], ['x', 'y'], ['x', 1, 2]],
  },
  {
    name: '$ref with siblings',
    schema: { $defs: { s: { type: 'string' } }, $ref: '#/$defs/s', maxLength: 2 },
    valid: ['ab'],
    invalid: ['abc', 1],
  },
  {
    name: '$ref to $id resources and relative URIs',
    schema: {
      $id: 'https://example.com/root.json',
      properties: {
        a: { $ref: 'item.json' },
        b: { $ref: 'https://example.com/nested/leaf.json' },
        c: { $ref: 'nested/leaf.json#/$defs/short' },
      },
      $defs: {
        item: { $id: 'item.json', type: 'integer', maximum: 10 },
        leaf: { $id: 'nested/leaf.json', type: 'string', $defs: { short: { maxLength: 1 } }, properties: {} },
      },
    },
    valid: [{ a: 1, b: 'x', c: 'y' }],
    invalid: [{ a: 11 }, { a: 'x' }, { b: 1 }, { c: 'yy' }],
  },
  {
    name: 'relative $ref resolves against the enclosing $id',
    schema: {
      $id: 'https://example.com/a/root.json',
      $defs: {
        inner: { $id: 'b/inner.json', $ref: '../c/other.json' },
        other: { $id: 'c/other.json', type: 'boolean' },
      },
      $ref: 'b/inner.json',
    },
    valid: [true],
    invalid: [1],
  },
  {
    name: '$anchor',
    schema: { $defs: { s: { $anchor: 'short', maxLength: 2 } }, items: { $ref: '#short' } },
    valid: [['ab']],
    invalid: [['abc']],
  },
  {
    name: '$anchor inside an $id resource',
    schema: {
      $id: 'https://example.com/r',
      $defs: { x: { $id: 'x', $defs: { y: { $anchor: 'y', type: 'null' } } } },
      $ref: 'x#y',
    },
    valid: [null],
    invalid: [0],
  },
  {
    name: 'recursive tree',
    schema: tree,
    valid: [{ value: 1 }, { value: 1, children: [{ value: 2, children: [{ value: 3 }] }] }],
    invalid: [
      { value: 1, children: [{ value: 'x' }] },
      { value: 1, children: [{ value: 2, children: [{}] }] },
      { value: 1, extra: 1 },
    ],
  },
  {
    name: '$ref to root',
    schema: { properties: { next: { $ref: '#' } }, required: ['v'] },
    valid: [{ v: 1, next: { v: 2 } }],
    invalid: [{ v: 1, next: {} }],
  },
  {
    name: '$dynamicRef: the extensible tree',
    schema: strictTree,
    valid: [{ children: [{ data: 1, children: [{ data: 2 }] }] }],
    invalid: [{ children: [{ daat: 1 }] }, { children: [{ children: [{ extra: 1 }] }] }, { extra: 1 }],
  },
  {
    name: '$dynamicRef without an outer anchor acts as $ref',
    schema: {
      $id: 'https://example.com/tree',
      $dynamicAnchor: 'node',
      type: 'object',
      properties: { children: { type: 'array', items: { $dynamicRef: '#node' } } },
    },
    valid: [{ children: [{ anything: 1, children: [] }] }],
    invalid: [{ children: [1] }],
  },
  {
    name: 'unevaluatedProperties false',
    schema: { properties: { a: true }, unevaluatedProperties: false },
    valid: [{ a: 1 }],
    invalid: [{ a: 1, b: 2 }],
  },
  {
    name: 'unevaluatedProperties schema',
    schema: { properties: { a: true }, unevaluatedProperties: { type: 'string' } },
    valid: [{ a: 1, b: 'x' }],
    invalid: [{ b: 1 }],
  },
  {
    name: 'unevaluatedProperties through allOf',
    schema: { allOf: [{ properties: { a: true } }], unevaluatedProperties: false },
    valid: [{ a: 1 }],
    invalid: [{ a: 1, b: 1 }],
  },
  {
    name: 'unevaluatedProperties through anyOf (every valid option counts)',
    schema: {
      anyOf: [
        { properties: { a: true }, required: ['a'] },
        { properties: { b: true }, required: ['b'] },
      ],
      unevaluatedProperties: false,
    },
    valid: [{ a: 1 }, { b: 1 }, { a: 1, b: 1 }],
    invalid: [{ a: 1, c: 1 }],
  },
  {
    name: 'unevaluatedProperties through oneOf',
    schema: {
      oneOf: [
        { properties: { a: true }, required: ['a'] },
        { properties: { b: true }, required: ['b'] },
      ],
      unevaluatedProperties: false,
    },
    valid: [{ a: 1 }],
    invalid: [
      { a: 1, b: 1 },
      { a: 1, c: 1 },
    ],
  },
  {
    name: 'unevaluatedProperties through if/then/else',
    schema: {
      if: { properties: { kind: { const: 'a' } }, required: ['kind'] },
      then: { properties: { a: true } },
      else: { properties: { b: true } },
      unevaluatedProperties: false,
    },
    valid: [{ kind: 'a', a: 1 }, { b: 1 }],
    invalid: [{ kind: 'a', b: 1 }, { a: 1 }, { kind: 'b', b: 1 }],
  },
  {
    name: 'unevaluatedProperties through $ref',
    schema: { $defs: { base: { properties: { a: true } } }, $ref: '#/$defs/base', unevaluatedProperties: false },
    valid: [{ a: 1 }],
    invalid: [{ b: 1 }],
  },
  {
    name: 'unevaluatedProperties ignores failed branches and not',
    schema: {
      anyOf: [{ properties: { a: true }, required: ['x'] }, true],
      not: { not: { properties: { b: true } } },
      unevaluatedProperties: false,
    },
    valid: [{}],
    invalid: [{ a: 1 }, { b: 1 }],
  },
  {
    name: 'unevaluatedProperties sees dependentSchemas, patternProperties, additionalProperties',
    schema: {
      dependentSchemas: { d: { properties: { e: true } } },
      patternProperties: { '^p': true },
      properties: { d: true },
      unevaluatedProperties: false,
    },
    valid: [{ d: 1, e: 1, p1: 1 }],
    invalid: [{ e: 1 }],
  },
  {
    name: 'nested unevaluatedProperties is its own',
    schema: { properties: { a: { unevaluatedProperties: false } }, unevaluatedProperties: false },
    valid: [{ a: {} }],
    invalid: [{ a: { b: 1 } }],
  },
  {
    name: 'unevaluatedItems false',
    schema: { prefixItems: [true], unevaluatedItems: false },
    valid: [[1], []],
    invalid: [[1, 2]],
  },
  {
    name: 'unevaluatedItems with items',
    schema: { items: true, unevaluatedItems: false },
    valid: [[1, 2, 3]],
    invalid: [],
  },
  {
    name: 'unevaluatedItems through allOf',
    schema: { allOf: [{ prefixItems: [true, true] }], unevaluatedItems: { type: 'string' } },
    valid: [[1, 2, 'a']],
    invalid: [[1, 2, 3]],
  },
  {
    name: 'unevaluatedItems through anyOf',
    schema: {
      anyOf: [{ prefixItems: [{ const: 1 }] }, { prefixItems: [true, { const: 2 }] }],
      unevaluatedItems: false,
    },
    valid: [[1], [1, 2], [0, 2]],
    invalid: [
      [1, 3],
      [1, 2, 3],
    ],
  },
  {
    name: 'unevaluatedItems through if/then',
    schema: { if: { prefixItems: [{ const: 'pair' }] }, then: { prefixItems: [true, true] }, unevaluatedItems: false },
    valid: [['pair', 1], []],
    invalid: [['pair', 1, 2], ['x']],
    ajvWrong: [['x']],
  },
  {
    name: 'unevaluatedItems through $ref',
    schema: { $defs: { two: { prefixItems: [true, true] } }, $ref: '#/$defs/two', unevaluatedItems: false },
    valid: [[1, 2]],
    invalid: [[1, 2, 3]],
  },
  {
    name: 'unevaluatedItems through contains',
    schema: { contains: { type: 'string' }, unevaluatedItems: { type: 'integer' } },
    valid: [['a', 1, 'b']],
    invalid: [['a', 1.5]],
    ajvWrong: [['a', 1.5]],
  },
  {
    name: 'unevaluatedItems of a nested array is its own',
    schema: { prefixItems: [{ unevaluatedItems: false }], unevaluatedItems: false },
    valid: [[[]]],
    invalid: [[[1]], [[], 1]],
  },
  { name: 'boolean schema true', schema: true, valid: [null, 1, 'a', [], {}], invalid: [] },
  { name: 'boolean schema false', schema: false, valid: [], invalid: [null, 1, 'a', [], {}] },
  {
    name: 'boolean subschemas',
    schema: { properties: { a: true, b: false }, items: false },
    valid: [{ a: 1 }, []],
    invalid: [{ b: 1 }, [1]],
  },
  { name: 'empty schema', schema: {}, valid: [null, { a: [1] }], invalid: [] },
  {
    name: 'unknown keywords are annotations',
    schema: { 'x-anything': { type: 'string' }, title: 't', description: 'd', examples: [1], default: 2 },
    valid: [1],
    invalid: [],
  },
];

describe('hand-written cases against ajv 2020', () => {
  for (const testCase of CASES) {
    it(testCase.name, () => {
      const validator = createSchemaValidator(testCase.schema);
      for (const [values, expected] of [
        [testCase.valid, true],
        [testCase.invalid, false],
      ] as const) {
        for (const value of values) {
          const label = `${JSON.stringify(value)} (expected ${expected ? 'valid' : 'invalid'})`;
          const ajvWrong = testCase.ajvWrong?.some((wrong) => JSON.stringify(wrong) === JSON.stringify(value)) ?? false;
          expect(ajvValidity(testCase.schema, value), `ajv: ${label}`).toBe(ajvWrong ? !expected : expected);
          expect(validator.isValid(value), `isValid: ${label}`).toBe(expected);
          expect(validator.errors(value).length === 0, `errors: ${label}`).toBe(expected);
        }
      }
    });
  }
});

describe('deliberate differences from ajv', () => {
  it('multipleOf tolerates binary rounding of decimal divisors', () => {
    expect(ajvValidity({ multipleOf: 0.1 }, 0.3)).toBe(false);
    expect(createSchemaValidator({ multipleOf: 0.1 }).isValid(0.3)).toBe(true);
    expect(createSchemaValidator({ multipleOf: 0.01 }).isValid(19.99)).toBe(true);
    expect(createSchemaValidator({ multipleOf: 0.1 }).isValid(0.35)).toBe(false);
  });

  it('multipleOf compares the decimals exactly, however large the quotient', () => {
    const ofOne = createSchemaValidator({ multipleOf: 1 });
    // 2^50 < 1e15: 1000000000000000.5 is an exact double, and not whole.
    expect(ofOne.isValid(1000000000000000.5)).toBe(false);
    expect(ofOne.isValid(4503599627370495.5)).toBe(false);
    expect(ofOne.isValid(1e300)).toBe(true);
    expect(createSchemaValidator({ multipleOf: 0.3 }).isValid(1e20)).toBe(false);
    expect(createSchemaValidator({ multipleOf: 0.3 }).isValid(3e20)).toBe(true);
    expect(createSchemaValidator({ multipleOf: 1e-300 }).isValid(1e300)).toBe(true);
    expect(createSchemaValidator({ multipleOf: 0.01 }).isValid(4.35)).toBe(true);
    expect(createSchemaValidator({ multipleOf: 0.01 }).isValid(-4.355)).toBe(false);
    expect(createSchemaValidator({ multipleOf: 2.5e-7 }).isValid(7.5e-7)).toBe(true);
  });

  it('a field holding undefined counts as absent', () => {
    const validator = createSchemaValidator({
      properties: { b: { type: 'string' } },
      additionalProperties: false,
      maxProperties: 0,
    });
    expect(createSchemaValidator({ required: ['a'] }).isValid({ a: undefined })).toBe(false);
    expect(validator.isValid({ b: undefined, c: undefined })).toBe(true);
    expect(createSchemaValidator({ dependentRequired: { a: ['b'] } }).isValid({ a: 1, b: undefined })).toBe(false);
  });

  it('format is checked only for formats passed in', () => {
    expect(createSchemaValidator({ format: 'email' }).isValid('nope')).toBe(true);
    const checked = createSchemaValidator({ format: 'email' }, { formats: { email: (text) => text.includes('@') } });
    expect(checked.isValid('nope')).toBe(false);
    expect(checked.isValid('a@b')).toBe(true);
    expect(checked.isValid(1)).toBe(true);
    expect(checked.errors('nope')).toMatchObject([
      { keyword: 'format', params: { format: 'email' }, instancePath: '' },
    ]);
    // A format named like an Object.prototype member is not inherited from `formats`.
    expect(createSchemaValidator({ format: 'toString' }, { formats: {} }).isValid('x')).toBe(true);
  });

  it('draft-07 dependencies and the list form of items are accepted', () => {
    const dependencies = createSchemaValidator({ dependencies: { a: ['b'], c: { required: ['d'] } } });
    expect(dependencies.isValid({ a: 1, b: 1, c: 1, d: 1 })).toBe(true);
    expect(dependencies.isValid({ a: 1 })).toBe(false);
    expect(dependencies.isValid({ c: 1 })).toBe(false);
    const tuple = createSchemaValidator({ items: [{ type: 'string' }, { type: 'number' }], additionalItems: false });
    expect(tuple.isValid(['a', 1])).toBe(true);
    expect(tuple.isValid([1])).toBe(false);
    expect(tuple.isValid(['a', 1, 2])).toBe(false);
  });
});

// ---------------------------------------------------------------------------
// Generated schemas × generated values.

const KEYS = ['a', 'b', 'c'];
const PATTERNS = ['^a', 'b$', '^[a-c]*$', '\\p{Lu}', '.'];
/** Numbers exact in binary, so `multipleOf` has no rounding to tolerate (see the top). */
const numberArb = fc.oneof(
  fc.integer({ min: -20, max: 20 }),
  fc.integer({ min: -40, max: 40 }).map((n) => n / 4),
);
const stringArb = fc.oneof(
  fc.constantFrom('', 'a', 'ab', 'bA', 'abc', emoji, `a${emoji}`, 'Zz'),
  fc.string({ maxLength: 4 }),
);
const valueArb: fc.Arbitrary<Json> = fc.letrec<{ value: Json }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constant(null),
    fc.boolean(),
    numberArb,
    stringArb,
    fc.array(tie('value'), { maxLength: 3 }),
    // Plain prototypes: ajv's deep equality tells a null-prototype `{}` from `{}`, JSON does not.
    fc.dictionary(fc.constantFrom(...KEYS), tie('value'), { maxKeys: 3, noNullPrototype: true }),
  ),
})).value;

const keyListArb = fc.uniqueArray(fc.constantFrom(...KEYS), { maxLength: 2 });
const smallCount = fc.integer({ min: 0, max: 3 });

const schemaArb: fc.Arbitrary<unknown> = fc.letrec<{ schema: unknown }>((tie) => {
  const sub = tie('schema');
  const map = fc.dictionary(fc.constantFrom(...KEYS), sub, { maxKeys: 2 });
  const list = fc.array(sub, { minLength: 1, maxLength: 3 });
  // One to three keywords per schema object, each from the grammar.
  const keyword = fc.oneof(
    fc.record({
      type: fc.oneof(
        fc.constantFrom('string', 'number', 'integer', 'boolean', 'object', 'array', 'null'),
        fc.uniqueArray(fc.constantFrom('string', 'integer', 'null', 'object'), { minLength: 1, maxLength: 2 }),
      ),
    }),
    fc.record({ enum: fc.array(valueArb, { minLength: 1, maxLength: 3 }) }), // ajv refuses an empty enum
    fc.record({ const: valueArb }),
    fc.record({ multipleOf: fc.constantFrom(1, 2, 3, 0.5, 0.25) }),
    fc.record({ minimum: numberArb }),
    fc.record({ maximum: numberArb }),
    fc.record({ exclusiveMinimum: numberArb }),
    fc.record({ exclusiveMaximum: numberArb }),
    fc.record({ minLength: smallCount }),
    fc.record({ maxLength: smallCount }),
    fc.record({ pattern: fc.constantFrom(...PATTERNS) }),
    fc.record({ required: keyListArb }),
    fc.record({ properties: map }),
    fc.record({ patternProperties: fc.dictionary(fc.constantFrom(...PATTERNS), sub, { maxKeys: 2 }) }),
    fc.record({ additionalProperties: sub }),
    fc.record({ propertyNames: sub }),
    fc.record({ dependentRequired: fc.dictionary(fc.constantFrom(...KEYS), keyListArb, { maxKeys: 2 }) }),
    fc.record({ dependentSchemas: map }),
    fc.record({ minProperties: smallCount }),
    fc.record({ maxProperties: smallCount }),
    fc.record({ items: sub }),
    fc.record({ prefixItems: list }),
    fc.record({ contains: sub }),
    fc.record({ contains: sub, minContains: smallCount, maxContains: smallCount }),
    fc.record({ minItems: smallCount }),
    fc.record({ maxItems: smallCount }),
    fc.record({ uniqueItems: fc.boolean() }),
    fc.record({ allOf: list }),
    fc.record({ anyOf: list }),
    fc.record({ oneOf: list }),
    fc.record({ not: sub }),
    fc.record({ if: sub, then: sub, else: sub }, { requiredKeys: ['if'] }),
    fc.record({ unevaluatedProperties: sub }),
    fc.record({ unevaluatedItems: sub }),
    fc.record({ $ref: fc.constantFrom('#/$defs/d', '#') }),
  );
  return {
    schema: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      fc.boolean(),
      fc
        .array(keyword, { minLength: 1, maxLength: 3 })
        .map((parts) => Object.assign({}, ...parts) as Record<string, unknown>),
    ),
  };
}).schema;

/** Every generated `$ref` has a target: "#/$defs/d" and "#" (recursion, bounded by the value's depth... usually). */
const rootSchemaArb = fc.tuple(schemaArb, schemaArb).map(([body, definition]) => {
  if (typeof body === 'boolean') return body;
  return { ...(body as Record<string, unknown>), $defs: { d: definition } };
});

/**
 * ajv's answer, or 'overflow' where it has none: a generated schema may recurse without
 * consuming the value (`{ $ref: '#' }`), on which ajv overflows its stack (the module too:
 * see "known disagreements"), and ajv 8's generated code throws a TypeError on some
 * `if` inside `allOf` next to `patternProperties: { …: false }`.
 */
function ajvValidityOrSkip(schema: unknown, value: unknown): boolean | 'overflow' {
  try {
    return ajvValidity(schema, value);
  } catch (error) {
    if (error instanceof RangeError || error instanceof TypeError) return 'overflow';
    throw error;
  }
}

/**
 * Schemas where ajv 8 departs from the specification (see `ajvWrong` above): `unevaluated*`
 * with `contains`, or with `if`, whose `then`/`else` annotations ajv takes whichever
 * branch ran. Their values are still checked for errors() agreeing with isValid().
 */
function ajvKnownWrong(schema: unknown): boolean {
  const text = JSON.stringify(schema);
  return text.includes('"unevaluated') && (text.includes('"if"') || text.includes('"contains"'));
}

describe('generated schemas against ajv 2020', () => {
  it('isValid agrees with ajv, and errors() is empty exactly when isValid', () => {
    // Outcomes compared, so a grammar that drifted into trivial schemas would show.
    const outcomes = { valid: 0, invalid: 0, skipped: 0 };
    fc.assert(
      fc.property(rootSchemaArb, fc.array(valueArb, { minLength: 1, maxLength: 4 }), (schema, values) => {
        const budget = { evaluationBudget: 20_000 };
        const validator = createSchemaValidator(schema);
        for (const value of values) {
          const expected = ajvValidityOrSkip(schema, value);
          // No answer from ajv to compare with (see ajvValidityOrSkip).
          if (expected === 'overflow') {
            outcomes.skipped += 1;
            continue;
          }
          let valid: boolean;
          try {
            valid = validator.isValid(value, budget);
          } catch (error) {
            // A `$ref: '#'` loop on the same value that ajv never enters (it skips an `if`
            // without `then`/`else`): past the budget, or past the stack (reported under
            // "known disagreements"), it is left out.
            if (error instanceof SchemaWorkExceededError || error instanceof RangeError) {
              outcomes.skipped += 1;
              continue;
            }
            throw error;
          }
          if (ajvKnownWrong(schema)) outcomes.skipped += 1;
          else outcomes[valid ? 'valid' : 'invalid'] += 1;
          if (!ajvKnownWrong(schema))
            expect(valid, `isValid ${JSON.stringify(value)} against ${JSON.stringify(schema)}`).toBe(expected);
          let errors: SchemaError[];
          try {
            errors = validator.errors(value, budget);
          } catch (error) {
            // Collecting every error tries more branches than stopping at the first failure.
            if (error instanceof SchemaWorkExceededError || error instanceof RangeError) continue;
            throw error;
          }
          expect(errors.length === 0, `errors ${JSON.stringify(value)} against ${JSON.stringify(schema)}`).toBe(valid);
        }
      }),
      { numRuns: 800 },
    );
    const total = outcomes.valid + outcomes.invalid + outcomes.skipped;
    expect(outcomes.valid).toBeGreaterThan(total / 10);
    expect(outcomes.invalid).toBeGreaterThan(total / 10);
    expect(outcomes.skipped).toBeLessThan(total / 10);
  }, 120_000);
});

// ---------------------------------------------------------------------------
// Error shape.

const shapeOf = (errors: readonly { keyword: string; instancePath: string; params: unknown }[]) =>
  errors
    .map(({ keyword, instancePath, params }) => ({ keyword, instancePath, params }))
    .sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));

const ERROR_CASES: { name: string; schema: Record<string, unknown>; value: Json }[] = [
  { name: 'required', schema: { required: ['a', 'b'] }, value: { b: 1 } },
  {
    name: 'additionalProperties',
    schema: { properties: { a: true }, additionalProperties: false },
    value: { a: 1, 'x/y': 2, 'p~q': 3 },
  },
  { name: 'type', schema: { properties: { a: { type: 'string' }, b: { type: 'integer' } } }, value: { a: 1, b: 1.5 } },
  {
    name: 'enum and const',
    schema: { properties: { a: { enum: [1, 2] }, b: { const: 'x' } } },
    value: { a: 3, b: 'y' },
  },
  {
    name: 'number limits',
    schema: { items: { minimum: 2, maximum: 3, exclusiveMinimum: 2.5, exclusiveMaximum: 2.75 } },
    value: [1, 4],
  },
  { name: 'multipleOf', schema: { multipleOf: 2 }, value: 3 },
  { name: 'string keywords', schema: { minLength: 3, maxLength: 1, pattern: '^z' }, value: 'ab' },
  { name: 'array keywords', schema: { minItems: 5, maxItems: 1, uniqueItems: true }, value: [1, 2, 1] },
  {
    name: 'object counts',
    schema: { properties: { o: { minProperties: 3 }, p: { maxProperties: 0 } } },
    value: { o: { a: 1 }, p: { a: 1 } },
  },
  {
    name: 'nested paths',
    schema: { properties: { list: { items: { required: ['id'] } } } },
    value: { list: [{ id: 1 }, {}] },
  },
  { name: 'dependentRequired', schema: { dependentRequired: { a: ['b'] } }, value: { a: 1 } },
  { name: 'not', schema: { not: { type: 'number' } }, value: 1 },
  { name: 'oneOf with two passing', schema: { oneOf: [{ minimum: 0 }, { maximum: 10 }] }, value: 5 },
  { name: 'false subschema', schema: { properties: { a: false } }, value: { a: 1 } },
];

describe("errors in ajv's shape", () => {
  for (const { name, schema, value } of ERROR_CASES) {
    it(name, () => {
      const errors = createSchemaValidator(schema).errors(value);
      expect(errors.length).toBeGreaterThan(0);
      expect(shapeOf(errors)).toEqual(shapeOf(ajvErrors(schema, value)));
    });
  }

  it('type list: params.type is the list, as in ajv', () => {
    const schema = { type: ['integer', 'null'] };
    expect(shapeOf(createSchemaValidator(schema).errors(1.5))).toEqual(shapeOf(ajvErrors(schema, 1.5)));
  });

  it("says what failed in ajv's words and points at the schema", () => {
    const schema = { properties: { a: { type: 'string' } }, required: ['b'] };
    const errors = createSchemaValidator(schema).errors({ a: 1 });
    expect(errors).toEqual(
      expect.arrayContaining([
        {
          keyword: 'type',
          instancePath: '/a',
          schemaPath: '#/properties/a/type',
          params: { type: 'string' },
          message: 'must be string',
          parentSchema: schema.properties.a,
        },
        {
          keyword: 'required',
          instancePath: '',
          schemaPath: '#/required',
          params: { missingProperty: 'b' },
          message: "must have required property 'b'",
          parentSchema: schema,
        },
      ]),
    );
    const ajvMessages = ajvErrors(schema, { a: 1 })
      .map((error) => error.message)
      .sort();
    expect(errors.map((error) => error.message).sort()).toEqual(ajvMessages);
  });

  it('prefixes paths with the instancePath option', () => {
    const validator = createSchemaValidator({ properties: { a: { type: 'string' } }, required: ['b'] });
    const paths = validator
      .errors({ a: 1 }, { instancePath: '/steps/0/config' })
      .map((error) => error.instancePath)
      .sort();
    expect(paths).toEqual(['/steps/0/config', '/steps/0/config/a']);
    expect(validator.errors({ a: 'x', b: 1 }, { instancePath: '/x' })).toEqual([]);
  });

  it('isValid stops at the first failure but agrees with errors()', () => {
    const validator = createSchemaValidator({ type: 'object', required: ['a', 'b', 'c'] });
    expect(validator.isValid({})).toBe(false);
    expect(validator.errors({})).toHaveLength(3);
  });

  it('isValidAgainst checks a part of the schema, resolving its $refs against the whole', () => {
    const schema = {
      $defs: { name: { type: 'string', minLength: 1 } },
      anyOf: [{ $ref: '#/$defs/name' }, { type: 'number' }],
    };
    const validator = createSchemaValidator(schema);
    expect(validator.isValidAgainst(schema.anyOf[0], 'x')).toBe(true);
    expect(validator.isValidAgainst(schema.anyOf[0], '')).toBe(false);
    expect(validator.isValidAgainst(schema.anyOf[1], 'x')).toBe(false);
    expect(validator.isValidAgainst(schema, 2)).toBe(true);
    expect(validator.isValidAgainst({ $ref: '#/$defs/name' }, 'x')).toBe(true);
    expect(validator.isValidAgainst({ $ref: '#/$defs/missing' }, 'x')).toBe(false);
    expect(validator.isValidAgainst(false, 'x')).toBe(false);
    expect(validator.isValidAgainst('not a schema', 'x')).toBe(false);
  });
});

// ---------------------------------------------------------------------------
// Schemas that cannot be used.

function notUsable(schema: unknown, options?: Parameters<typeof createSchemaValidator>[1]): SchemaNotUsableError {
  try {
    createSchemaValidator(schema, options);
  } catch (error) {
    expect(error).toBeInstanceOf(SchemaNotUsableError);
    return error as SchemaNotUsableError;
  }
  throw new Error(`accepted ${JSON.stringify(schema)}`);
}

describe('identifiers and references', () => {
  it('takes a draft-07 plain-name $id ("#foo") as an anchor, not a new resource', () => {
    const schema = {
      definitions: {
        a: { $id: '#foo', type: 'integer', definitions: { n: { type: 'number' } } },
        n: { type: 'string' },
      },
      properties: { x: { $ref: '#/definitions/n' }, y: { $ref: '#foo' } },
    };
    const validator = createSchemaValidator(schema);
    expect(validator.isValid({ x: 's' })).toBe(true);
    expect(validator.isValid({ x: 1 })).toBe(false);
    expect(validator.isValid({ y: 1 })).toBe(true);
    expect(validator.isValid({ y: 1.5 })).toBe(false);
  });

  it('resolves ".." above the top of a path on the same host', () => {
    const schema = {
      $id: 'http://a.example/b/c/d.json',
      $defs: { t: { $id: 'http://a.example/t.json', type: 'string' } },
      $ref: '../../../t.json',
    };
    expect(createSchemaValidator(schema).isValid('s')).toBe(true);
    expect(createSchemaValidator(schema).isValid(5)).toBe(false);
    expect(ajvValidity(schema, 5)).toBe(false);
  });

  it('judges fresh copies of a part (as form libraries pass them) like the part itself', () => {
    const root = {
      $defs: { name: { type: 'string', minLength: 2 } },
      anyOf: [{ properties: { n: { $ref: '#/$defs/name' } }, required: ['n'] }, { type: 'null' }],
    };
    const validator = createSchemaValidator(root);
    for (let round = 0; round < 3; round++) {
      const copy = { ...root.anyOf[0]! };
      expect(validator.isValidAgainst(copy, { n: 'ok' })).toBe(true);
      expect(validator.isValidAgainst(copy, { n: 'x' })).toBe(false);
    }
    // A copy with a broken keyword of its own validates nothing.
    expect(validator.isValidAgainst({ ...root.anyOf[0]!, minProperties: -1 }, { n: 'ok' })).toBe(false);
  });
});

describe('unusable schemas', () => {
  it('refuses a $ref into an unknown keyword whose target is not a valid schema', () => {
    // No known keyword holds "x-shared", so nothing else checks its shape before a check walks it.
    const attempt = () =>
      createSchemaValidator(parse('{"$ref":"#/x-shared","x-shared":{"properties":{"a":{"not":null}}}}'));
    expect(attempt).toThrow(SchemaNotUsableError);
    expect(attempt).toThrow(expect.objectContaining({ kind: 'invalid', pointer: '/x-shared/properties/a/not' }));
    expect(createSchemaValidator(parse('{"$ref":"#/x-shared","x-shared":{"not":{"type":"null"}}}')).isValid(null)).toBe(
      false,
    );
  });

  it.each([
    [{ type: 'objec' }, '/type'],
    [{ type: [] }, '/type'],
    [{ type: ['string', 'string'] }, '/type'],
    [{ minLength: -1 }, '/minLength'],
    [{ maxItems: 1.5 }, '/maxItems'],
    [{ multipleOf: 0 }, '/multipleOf'],
    [{ minimum: '1' }, '/minimum'],
    [{ required: 'a' }, '/required'],
    [{ enum: 'a' }, '/enum'],
    [{ anyOf: [] }, '/anyOf'],
    [{ properties: { a: { type: 'nope' } } }, '/properties/a/type'],
    [{ properties: { 'a/b': 1 } }, '/properties/a~1b'],
    [{ items: { items: { uniqueItems: 'yes' } } }, '/items/items/uniqueItems'],
    [{ $defs: { x: { pattern: 1 } } }, '/$defs/x/pattern'],
    [{ dependentRequired: { a: 'b' } }, '/dependentRequired'],
    [{ $defs: { n: 1 }, $ref: '#/$defs/n' }, '/$defs/n'],
    [null, ''],
    ['string', ''],
  ] as const)('invalid: %j', (schema, pointer) => {
    const error = notUsable(schema);
    expect(error.kind).toBe('invalid');
    expect(error.pointer).toBe(pointer);
    expect(error.message).toContain('not a valid JSON Schema');
  });

  it.each([
    [{ $ref: '#/nope' }, '/$ref'],
    [{ $ref: '#/toString' }, '/$ref'],
    [{ $ref: '#/constructor/name' }, '/$ref'],
    [{ $ref: '#/__proto__' }, '/$ref'],
    [{ $defs: { a: {} }, properties: { x: { $ref: '#/$defs/hasOwnProperty' } } }, '/properties/x/$ref'],
    [{ $ref: 'https://example.com/x.json' }, '/$ref'],
    [{ $ref: '#missing-anchor' }, '/$ref'],
    [{ items: { $dynamicRef: '#/$defs/gone' } }, '/items/$dynamicRef'],
    // A pointer to something that is not a schema.
    [{ 'x-n': 1, $ref: '#/x-n' }, '/$ref'],
  ] as const)('reference: %j', (schema, pointer) => {
    const error = notUsable(schema);
    expect(error.kind).toBe('reference');
    expect(error.pointer).toBe(pointer);
  });

  it('never fetches a schema from the web', () => {
    const fetchSpy = vi.spyOn(globalThis, 'fetch');
    try {
      expect(notUsable({ $ref: 'https://example.com/x.json' }).kind).toBe('reference');
      expect(fetchSpy).not.toHaveBeenCalled();
    } finally {
      fetchSpy.mockRestore();
    }
  });

  it('refuses a pattern the pattern option refuses, pointing at it', () => {
    const refuse = (source: string) => {
      if (source.includes('(')) throw new Error('groups are not allowed');
      return new RegExp(source, 'u');
    };
    const inPattern = notUsable({ properties: { a: { pattern: '(a+)+$' } } }, { pattern: refuse });
    expect(inPattern.kind).toBe('pattern');
    expect(inPattern.pointer).toBe('/properties/a/pattern');
    expect(inPattern.reason).toBeInstanceOf(Error);
    const inKey = notUsable({ patternProperties: { '^(x)/': true } }, { pattern: refuse });
    expect(inKey.kind).toBe('pattern');
    expect(inKey.pointer).toBe('/patternProperties/^(x)~1');
    // Found only through a $ref under a keyword the walk does not know: still compiled.
    const shared = notUsable({ 'x-shared': { pattern: '(y)' }, $ref: '#/x-shared' }, { pattern: refuse });
    expect(shared.kind).toBe('pattern');
    // The default engine refuses what JavaScript's RegExp refuses.
    expect(notUsable({ pattern: '[' }).kind).toBe('pattern');
    // And the engine given is the one used.
    const seen: string[] = [];
    const validator = createSchemaValidator(
      { pattern: 'q' },
      { pattern: (source) => (seen.push(source), { test: (text) => text === 'accept' }) },
    );
    expect(seen).toEqual(['q']);
    expect(validator.isValid('accept')).toBe(true);
    expect(validator.isValid('q')).toBe(false);
  });
});

// ---------------------------------------------------------------------------
// Hostile schemas and values.

/** A JSON text parsed: `__proto__` becomes an own field, as it does in people's documents. */
const parse = (text: string): Json => JSON.parse(text) as Json;

describe('hostile keys', () => {
  it('reads only own fields of schemas and values', () => {
    const schema = parse(
      '{"properties":{"__proto__":{"type":"string"},"constructor":{"type":"number"},"toString":false},"required":["__proto__","constructor"],"additionalProperties":false}',
    );
    const validator = createSchemaValidator(schema);
    expect(validator.isValid(parse('{"__proto__":"x","constructor":1}'))).toBe(true);
    expect(validator.isValid(parse('{"__proto__":1,"constructor":1}'))).toBe(false);
    expect(validator.isValid(parse('{"__proto__":"x","constructor":"no"}'))).toBe(false);
    expect(validator.isValid(parse('{"__proto__":"x","constructor":1,"toString":1}'))).toBe(false);
    // Inherited members are not fields: `{}` lacks "constructor" however plain objects behave.
    expect(validator.errors({}).map((error) => error.params)).toEqual([
      { missingProperty: '__proto__' },
      { missingProperty: 'constructor' },
    ]);
    expect(createSchemaValidator({ required: ['toString', 'hasOwnProperty'] }).isValid({})).toBe(false);
    expect(createSchemaValidator({ properties: { toString: { type: 'string' } } }).isValid({})).toBe(true);
    expect(createSchemaValidator({ dependentRequired: { constructor: ['x'] } }).isValid({})).toBe(true);
    expect(createSchemaValidator({ dependentSchemas: { valueOf: false } }).isValid({})).toBe(true);
    expect(createSchemaValidator({ additionalProperties: false }).isValid(parse('{"__proto__":{}}'))).toBe(false);
    expect(createSchemaValidator({ maxProperties: 0 }).isValid(parse('{"__proto__":null}'))).toBe(false);
    expect(
      createSchemaValidator({ propertyNames: { not: { const: '__proto__' } } }).isValid(parse('{"__proto__":1}')),
    ).toBe(false);
  });

  it('does not pollute prototypes', () => {
    const schema = parse(
      '{"$defs":{"__proto__":{"polluted":true}},"properties":{"__proto__":{"$ref":"#/$defs/__proto__"}},"patternProperties":{"constructor":true}}',
    );
    const validator = createSchemaValidator(schema);
    validator.errors(parse('{"__proto__":{"polluted":true},"constructor":{"prototype":{"polluted":true}}}'));
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.prototype).not.toHaveProperty('polluted');
  });

  it('compares hostile keys by value in const, enum and uniqueItems', () => {
    expect(createSchemaValidator({ const: parse('{"__proto__":1}') }).isValid({})).toBe(false);
    expect(createSchemaValidator({ const: parse('{"__proto__":1}') }).isValid(parse('{"__proto__":1}'))).toBe(true);
    expect(createSchemaValidator({ enum: [{}] }).isValid(parse('{"constructor":1}'))).toBe(false);
    expect(createSchemaValidator({ uniqueItems: true }).isValid(parse('[{"__proto__":1},{}]'))).toBe(true);
    expect(createSchemaValidator({ uniqueItems: true }).isValid(parse('[{"__proto__":1},{"__proto__":1}]'))).toBe(
      false,
    );
    expect(createSchemaValidator({ uniqueItems: true }).isValid(parse('[{"toString":1},{"valueOf":1}]'))).toBe(true);
  });
});

describe('bounded work', () => {
  const recursiveAnyOf = {
    $defs: {
      node: {
        anyOf: [
          { type: 'object', properties: { next: { $ref: '#/$defs/node' } }, required: ['next'] },
          { type: 'object', properties: { next: { $ref: '#/$defs/node' } }, minProperties: 1 },
          { type: 'null' },
        ],
      },
    },
    $ref: '#/$defs/node',
  };
  /** Both anyOf branches recurse into `next`, and the string at the bottom fails every path: 2^25 of them without a bound. */
  const nested = (depth: number): Json => {
    let value: Json = 'leaf';
    for (let level = 0; level < depth; level++) value = { next: value };
    return value;
  };

  it('throws SchemaWorkExceededError past the reference budget instead of running exponentially', () => {
    const validator = createSchemaValidator(recursiveAnyOf);
    expect(() => validator.isValid(nested(25), { evaluationBudget: 10_000 })).toThrow(SchemaWorkExceededError);
    expect(() => validator.errors(nested(25), { evaluationBudget: 10_000 })).toThrow(SchemaWorkExceededError);
    // A value within the budget is judged as usual.
    expect(validator.isValid(nested(3), { evaluationBudget: 10_000 })).toBe(false);
    expect(validator.isValid(parse('{"next":{"next":null}}'), { evaluationBudget: 10_000 })).toBe(true);
    // Without the option the default budget, which grows with the value, applies.
    expect(validator.isValid(parse('{"next":{"next":null}}'))).toBe(true);
    expect(() => validator.isValid(nested(25))).toThrow(SchemaWorkExceededError);
  });

  it('bounds a recursive oneOf by default even for valid values (2^depth paths)', () => {
    const validator = createSchemaValidator(recursiveOneOf);
    const value = nestedNext(30);
    expect(() => validator.errors(value)).toThrow(SchemaWorkExceededError);
    expect(() => validator.isValid(value)).toThrow(SchemaWorkExceededError);
    expect(() => validator.isValidAgainst(recursiveOneOfNode, value)).toThrow(SchemaWorkExceededError);
    expect(validator.isValid({ next: { next: 1 } })).toBe(true);
  });

  it('bounds an allOf of many parts over many items by default', () => {
    const parts = Array.from({ length: 2_000 }, (_, index) => ({ items: { not: { const: -index - 1 } } }));
    const validator = createSchemaValidator({ allOf: parts });
    const items = Array.from({ length: 2_000 }, (_, index) => index);
    // 4,000,000 evaluations against a budget of about 150,000.
    expect(() => validator.errors(items)).toThrow(SchemaWorkExceededError);
    expect(validator.isValid(items.slice(0, 3))).toBe(true);
    expect(validator.errors([-3])).toMatchObject([
      { keyword: 'not', instancePath: '/0', schemaPath: '#/allOf/2/items/not' },
    ]);
  });

  it('charges the work inside an evaluation: 20,000 empty allOf parts over a 20,000-key object read its keys not at all', () => {
    // Subschemas without object keywords used to read every key: 400,000,000 key reads.
    const wide = Object.fromEntries(Array.from({ length: 20_000 }, (_, index) => [`k${index}`, index]));
    expect(createSchemaValidator({ allOf: Array.from({ length: 20_000 }, () => ({})) }).isValid(wide)).toBe(true);
    // With a keyword that does read them, the reading is charged: past the budget, not minutes.
    const reading = createSchemaValidator({ allOf: Array.from({ length: 20_000 }, () => ({ minProperties: 1 })) });
    expect(() => reading.isValid(wide)).toThrow(SchemaWorkExceededError);
  });

  it('charges patternProperties per pattern and key', () => {
    const patterns = Object.fromEntries(Array.from({ length: 5_000 }, (_, index) => [`^p${index}$`, true]));
    const wide = Object.fromEntries(Array.from({ length: 5_000 }, (_, index) => [`k${index}`, index]));
    expect(() => createSchemaValidator({ patternProperties: patterns }).isValid(wide)).toThrow(SchemaWorkExceededError);
    expect(createSchemaValidator({ patternProperties: { '^k': { type: 'number' } } }).isValid(wide)).toBe(true);
  });

  it('measures a long string once however many subschemas ask for its length', () => {
    const long = 'a'.repeat(900_000);
    const schema = { allOf: Array.from({ length: 5_000 }, (_, index) => ({ minLength: index })) };
    expect(createSchemaValidator(schema).isValid(long)).toBe(true);
  });

  it('charges errors, so a value failing everywhere ends within the budget; maxErrors keeps the first ones', () => {
    const names = Array.from({ length: 30_000 }, (_, index) => `n${index}`);
    const validator = createSchemaValidator({ dependentRequired: { a: names } });
    // 30,000 errors of a 7-byte value: too costly, not 30,000 copies of a 200 KB message.
    expect(() => validator.errors({ a: 1 })).toThrow(SchemaWorkExceededError);
    const first = validator.errors({ a: 1 }, { maxErrors: 3 });
    expect(first.map((error) => error.params.missingProperty)).toEqual(['n0', 'n1', 'n2']);
    // One message string for the keyword, not one per missing name.
    expect(first[0]!.message).toBe(first[2]!.message);
    expect(createSchemaValidator({ dependentRequired: { a: ['b', 'c'] } }).errors({ a: 1 })).toHaveLength(2);
  });

  it('checks 20,000 items against an enum of 20,000 values by lookup, not item by value', () => {
    const allowed = Array.from({ length: 20_000 }, (_, index) => `value ${index}`);
    const validator = createSchemaValidator({ type: 'array', items: { enum: allowed } });
    const items = [...allowed].reverse();
    expect(validator.isValid(items)).toBe(true);
    items[7] = 'value 20000';
    expect(validator.errors(items)).toMatchObject([{ keyword: 'enum', instancePath: '/7' }]);
  });

  it('compares const and enum by JSON value, whatever the key order', () => {
    const objects = createSchemaValidator({ items: { const: { a: [1, { b: 2, c: 3 }] } } });
    expect(objects.isValid([parse('{"a":[1,{"c":3,"b":2}]}')])).toBe(true);
    expect(objects.errors([{ a: [1, { b: 2, c: 3 }] }, { a: [1, { b: 2, c: 4 }] }])).toMatchObject([
      { keyword: 'const', instancePath: '/1' },
    ]);
    const mixed = createSchemaValidator({ enum: [null, 0, 'a', [1], { x: false }] });
    for (const value of [null, -0, 'a', [1], { x: false }]) expect(mixed.isValid(value)).toBe(true);
    for (const value of [false, '0', 'A', [1, 1], { x: 0 }, {}]) expect(mixed.isValid(value)).toBe(false);
  });

  it('checks a 10,000-item uniqueItems array of distinct objects', () => {
    const items = Array.from({ length: 10_000 }, (_, index) => ({ id: index, tags: [index % 7, { deep: index }] }));
    const validator = createSchemaValidator({ uniqueItems: true });
    expect(validator.isValid(items)).toBe(true);
    // The same with one duplicate written in another key order at the end.
    const duplicate = { tags: [3, { deep: 3 }], id: 3 };
    expect(validator.errors([...items, duplicate])).toMatchObject([
      { keyword: 'uniqueItems', params: { i: 10_000, j: 3 } },
    ]);
  });

  const deepSchema = {
    $defs: {
      node: {
        type: ['object', 'null'],
        properties: { child: { $ref: '#/$defs/node' }, list: { uniqueItems: true, items: { type: 'integer' } } },
        unevaluatedProperties: false,
      },
    },
    $ref: '#/$defs/node',
  };
  const deepValue = (depth: number): Json => {
    let value: Json = null;
    for (let level = 0; level < depth; level++) value = { child: value, list: [level] };
    return value;
  };
  /**
   * The module imported afresh: how deep the evaluator's recursion may go depends on
   * whether V8 has optimised it yet, and a fresh copy is the worst case, which is what a
   * worker checking its first response runs.
   */
  const freshModule = async () => {
    vi.resetModules();
    return import('../../src/definition/validation/json-schema');
  };

  it('checks values nested as deep as a document may be (256 levels) against a recursive schema', async () => {
    const fresh = await freshModule();
    const validator = fresh.createSchemaValidator(deepSchema);
    expect(validator.isValid(deepValue(256))).toBe(true);
    expect(validator.errors(deepValue(256))).toEqual([]);
    let broken: Json = { child: null, extra: 1 };
    for (let level = 0; level < 256; level++) broken = { child: broken };
    const errors = validator.errors(broken);
    expect(errors).toHaveLength(1);
    expect(errors[0]!.instancePath).toBe('/child'.repeat(256));
  });

  it('compares values nested 10,000 levels deep in const and uniqueItems (iteratively)', () => {
    const deep = deepValue(10_000);
    expect(createSchemaValidator({ const: deep }).isValid(deepValue(10_000))).toBe(true);
    expect(createSchemaValidator({ const: deep }).isValid(deepValue(9_999))).toBe(false);
    expect(createSchemaValidator({ uniqueItems: true }).isValid([deep, deepValue(10_000)])).toBe(false);
    expect(createSchemaValidator({ uniqueItems: true }).isValid([deep, deepValue(9_999)])).toBe(true);
  });

  // Not yet so: the evaluator recurses several frames per level of the value, and a
  // fresh copy overflows the stack between 500 and 700 levels (RangeError, not a
  // result or SchemaWorkExceededError). A response body is a server's and may nest that
  // deep. `it.fails` keeps it in sight until the evaluator is bounded or iterative.
  it.fails('checks values nested 1,000 levels deep against a recursive schema without overflowing', async () => {
    const fresh = await freshModule();
    const validator = fresh.createSchemaValidator(deepSchema);
    expect(validator.isValid(deepValue(1_000))).toBe(true);
    expect(validator.errors(deepValue(1_000))).toEqual([]);
  });
});

// ---------------------------------------------------------------------------
// No code generation: what a page under a strict Content-Security-Policy allows.

describe('without eval or new Function', () => {
  it('imports and validates with both replaced by throwing stubs', async () => {
    const realFunction = globalThis.Function;
    const realEval = globalThis.eval;
    let calls = 0;
    const refuse = function refuse(): never {
      calls += 1;
      throw new EvalError('code generation is not allowed here');
    };
    vi.resetModules();
    try {
      globalThis.Function = refuse as unknown as FunctionConstructor;
      globalThis.eval = refuse;
      const fresh = await import('../../src/definition/validation/json-schema');
      const validator = fresh.createSchemaValidator(strictTree);
      expect(validator.isValid({ children: [{ data: 1 }] })).toBe(true);
      expect(validator.errors({ children: [{ daat: 1 }] })).toContainEqual(
        expect.objectContaining({
          keyword: 'unevaluatedProperties',
          instancePath: '/children/0',
          params: { unevaluatedProperty: 'daat' },
        }),
      );
      expect(fresh.createSchemaValidator(tree).isValid({ value: 1, children: [{ value: 'x' }] })).toBe(false);
      expect(() => fresh.createSchemaValidator({ type: 'objec' })).toThrow(fresh.SchemaNotUsableError);
      // The stubs were in place: anything generating code would have thrown above.
      // eslint-disable-next-line @typescript-eslint/no-implied-eval -- the test: the page forbids it
      expect(() => new globalThis.Function('return 1')).toThrow(EvalError);
      calls -= 1;
    } finally {
      globalThis.Function = realFunction;
      globalThis.eval = realEval;
    }
    expect(calls).toBe(0);
  });
});

// ---------------------------------------------------------------------------
// Found while writing these tests. Fixed ones are plain `it`; each `it.fails` holds a
// disagreement still open, so it is reported rather than hidden, and turns red (to be
// made a plain `it`) once the module changes.

describe('known disagreements, reported', () => {
  it('unevaluatedProperties, like additionalProperties, takes a field holding undefined as absent', () => {
    expect(createSchemaValidator({ additionalProperties: false }).isValid({ a: undefined })).toBe(true);
    expect(createSchemaValidator({ unevaluatedProperties: false }).isValid({ a: undefined })).toBe(true);
  });

  it('multipleOf tolerates rounding only: 1.0000000001 and 1e-10 are not multiples of 1', () => {
    expect(ajvValidity({ multipleOf: 1 }, 1.0000000001)).toBe(false);
    expect(createSchemaValidator({ type: 'integer' }).isValid(1.0000000001)).toBe(false);
    expect(createSchemaValidator({ multipleOf: 1 }).isValid(1.0000000001)).toBe(false);
    expect(createSchemaValidator({ multipleOf: 1 }).isValid(1e-10)).toBe(false);
  });

  it('a $ref loop that never consumes the value ends in SchemaWorkExceededError, not a stack overflow', () => {
    // The executor gives at least 10,000 evaluations; the stack runs out first.
    expect(() => createSchemaValidator({ $ref: '#' }).isValid(1, { evaluationBudget: 10_000 })).toThrow(
      SchemaWorkExceededError,
    );
  });

  it.fails('unevaluatedItems reports one error, as ajv does, not one per item plus a "false schema" each', () => {
    const schema = { prefixItems: [true], unevaluatedItems: false };
    expect(shapeOf(createSchemaValidator(schema).errors([1, 2, 3]))).toEqual(shapeOf(ajvErrors(schema, [1, 2, 3])));
  });

  it.fails('maxContains fails as ajv\'s "contains" keyword with minContains and maxContains', () => {
    const schema = { contains: { type: 'string' }, maxContains: 1 };
    expect(shapeOf(createSchemaValidator(schema).errors(['a', 'b']))).toEqual(shapeOf(ajvErrors(schema, ['a', 'b'])));
  });

  it('$dynamicRef through a pointer into another resource (ajv 8 gets this one wrong)', () => {
    const schema = {
      $id: 'https://example.com/root',
      $defs: {
        list: {
          $id: 'list',
          $defs: {
            items: { type: 'array', items: { $dynamicRef: '#item' } },
            item: { $dynamicAnchor: 'item', type: 'number' },
          },
        },
        strings: { $id: 'strings', $dynamicAnchor: 'item', type: 'string' },
      },
      $ref: 'list#/$defs/items',
    };
    // No resource in the dynamic scope but "list" has the anchor "item": items are numbers.
    const validator = createSchemaValidator(schema);
    expect(validator.isValid([1])).toBe(true);
    expect(validator.isValid(['a'])).toBe(false);
    expect(ajvValidity(schema, [1])).toBe(false);
  });
});
