// The build-time validators (src/definition/validation/precompiled-validators.ts) decide
// alone whether a valid document (whole, or part by part) has schema problems, so they must agree with the
// interpreting validator on every value: valid workflows, and the same workflows with
// one value replaced, removed or added anywhere (keys named like Object.prototype
// members, empty and astral strings, numbers at and past the limits). And the committed
// file must be what scripts/generate-validators.ts writes from today's schemas.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { precompiledValidatorsText } from '../../scripts/generate-validators';
import { BUILT_IN_ACTIONS, type JsonSchema, type JsonValue } from '../../src/definition';
import { configurableActions } from '../../src/definition/schemas/definition-schemas';
import { buildStepDocumentSchema, buildWorkflowSchema } from '../../src/definition/schemas/definition-schemas';
import type { SchemaValidator } from '../../src/definition/validation/json-schema';
import {
  precompiledConfigs,
  precompiledStructure,
  precompiledWhole,
} from '../../src/definition/validation/precompiled-validators';
import { F, fields, type } from '../../src/definition/validation/schema-checks';
import { compileSchema } from '../../src/definition/validation/schema-problems';
import { structureSchemas } from '../../src/definition/validation/structure-schemas';
import { workflowArbitrary } from '../fixtures/arbitraries';

const root = path.resolve(__dirname, '../..');

function interpreter(schema: JsonSchema): SchemaValidator {
  const validator = compileSchema(schema);
  if (validator instanceof Error) throw validator;
  return validator;
}

const schemas = structureSchemas();
const structure = {
  workflow: interpreter(schemas.workflow),
  stepDocument: interpreter(schemas.stepDocument),
  step: interpreter(schemas.step),
  branch: interpreter(schemas.branch),
  condition: interpreter(schemas.condition),
};
const whole = {
  workflow: interpreter(buildWorkflowSchema([])),
  stepDocument: interpreter(buildStepDocumentSchema([])),
};
const configs = configurableActions(BUILT_IN_ACTIONS).map((action) => ({
  id: action.id,
  interpreter: interpreter(action.configSchema),
}));

const REPLACEMENTS: readonly unknown[] = [
  null,
  true,
  false,
  0,
  -1,
  1,
  1.5,
  3600,
  86_400,
  86_401,
  '',
  'x',
  'a'.repeat(64),
  'a'.repeat(63),
  '\u{1F600}',
  'GET',
  'POST',
  'action',
  'branch',
  'eq',
  'exists',
  'https://example.com',
  'X-Token',
  'bad header',
  {},
  [],
  [{}],
  { key: 'a', value: 'b' },
  { all: [] },
  { left: 1, op: 'exists' },
  undefined,
];
const EXTRA_KEYS = [
  '__proto__',
  'constructor',
  'toString',
  'hasOwnProperty',
  'extra',
  'right',
  'when',
  'config',
  'body',
];

/** Every object and array inside `value`, with their keys. */
function places(value: unknown): { holder: Record<string, unknown> | unknown[]; key: string | number }[] {
  const found: { holder: Record<string, unknown> | unknown[]; key: string | number }[] = [];
  const stack: unknown[] = [value];
  while (stack.length > 0) {
    const node = stack.pop();
    if (Array.isArray(node))
      node.forEach((item, index) => (found.push({ holder: node, key: index }), stack.push(item)));
    else if (node !== null && typeof node === 'object') {
      for (const key of Object.keys(node)) {
        found.push({ holder: node as Record<string, unknown>, key });
        stack.push((node as Record<string, unknown>)[key]);
      }
    }
  }
  return found;
}

/** `value` with one change at a place picked by `pick` (0 ≤ pick < 1). */
function mutate(value: JsonValue, kind: number, pick: number, replacement: number): unknown {
  const copy = structuredClone(value) as unknown;
  const all = places(copy);
  if (all.length === 0) return REPLACEMENTS[replacement % REPLACEMENTS.length];
  const { holder, key } = all[Math.floor(pick * all.length)]!;
  const next = REPLACEMENTS[replacement % REPLACEMENTS.length];
  if (kind === 0 && !Array.isArray(holder)) delete holder[key as string];
  else if (kind === 1 && !Array.isArray(holder)) {
    Object.defineProperty(holder, EXTRA_KEYS[replacement % EXTRA_KEYS.length]!, {
      value: next,
      enumerable: true,
      writable: true,
      configurable: true,
    });
  } else (holder as Record<string | number, unknown>)[key] = next;
  return copy;
}

/** Each part structure.ts checks on its own, from a workflow: the document, steps, branches, conditions, configs. */
function parts(workflow: unknown): { part: keyof typeof structure | `config:${string}`; value: unknown }[] {
  const found: { part: keyof typeof structure | `config:${string}`; value: unknown }[] = [
    { part: 'workflow', value: workflow },
  ];
  const stack: unknown[] = [workflow];
  while (stack.length > 0) {
    const node = stack.pop();
    if (Array.isArray(node)) stack.push(...node);
    else if (node !== null && typeof node === 'object') {
      const record = node as Record<string, unknown>;
      if (typeof record.type === 'string' || 'action' in record) {
        found.push(
          { part: 'step', value: record },
          { part: 'stepDocument', value: { schemaVersion: 1, kind: 'step', ...record } },
        );
        if (typeof record.action === 'string') found.push({ part: `config:${record.action}`, value: record.config });
      }
      if ('steps' in record && 'name' in record && !('trigger' in record))
        found.push({ part: 'branch', value: record });
      if ('op' in record || 'all' in record || 'any' in record) found.push({ part: 'condition', value: record });
      stack.push(...Object.values(record));
    }
  }
  return found;
}

function agree(part: string, value: unknown): void {
  if (part.startsWith('config:')) {
    const id = part.slice('config:'.length);
    for (const config of configs) {
      // Every config against every action's schema: more mismatches to catch.
      const expected = config.interpreter.isValid(value);
      expect({ part: `config:${config.id} (of ${id})`, value, valid: precompiledConfigs[config.id]!(value) }).toEqual({
        part: `config:${config.id} (of ${id})`,
        value,
        valid: expected,
      });
    }
    return;
  }
  const name = part as keyof typeof structure;
  expect({ part, value, valid: precompiledStructure[name](value) }).toEqual({
    part,
    value,
    valid: structure[name].isValid(value),
  });
  if (name === 'workflow' || name === 'stepDocument') {
    // The whole document, its lists included, against the published schema.
    expect({ whole: name, value, valid: precompiledWhole[name](value) }).toEqual({
      whole: name,
      value,
      valid: whole[name].isValid(value),
    });
  }
}

describe('precompiled validators', () => {
  it('are what scripts/generate-validators.ts writes', () => {
    const committed = readFileSync(path.join(root, 'src/definition/validation/precompiled-validators.ts'), 'utf8');
    expect(committed).toBe(precompiledValidatorsText());
  });

  it('cover every configurable built-in action', () => {
    expect(Object.keys(precompiledConfigs).sort()).toEqual(configs.map((config) => config.id).sort());
  });

  it('agree with the interpreter on valid workflows and their parts', () => {
    fc.assert(
      fc.property(workflowArbitrary, (workflow) => {
        for (const { part, value } of parts(workflow)) agree(part, value);
      }),
      { numRuns: 150 },
    );
  });

  it('agree with the interpreter on every part after one change anywhere', () => {
    fc.assert(
      fc.property(
        workflowArbitrary,
        fc.array(fc.tuple(fc.nat(2), fc.double({ min: 0, max: 0.999_999, noNaN: true }), fc.nat(1000)), {
          minLength: 1,
          maxLength: 8,
        }),
        (workflow, changes) => {
          const originals = parts(workflow);
          for (const [kind, pick, replacement] of changes) {
            const changed = mutate(workflow as unknown as JsonValue, kind, pick, replacement);
            for (const { part, value } of parts(changed)) agree(part, value);
            // A part changed on its own, too, where the workflow's change may miss it.
            const original = originals[replacement % originals.length]!;
            agree(original.part, mutate(original.value as JsonValue, kind, pick, replacement));
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('the object check (fields)', () => {
  // No schema of the format names a property like an Object.prototype member, so the
  // documents above never reach that path of `fields`: checked here against the interpreter.
  const schema: JsonSchema = {
    type: 'object',
    required: ['constructor', 'name'],
    properties: { constructor: { type: 'string' }, toString: { type: 'number' }, name: { type: 'string' } },
  };
  const closed: JsonSchema = { ...schema, additionalProperties: false };
  const c3 = type('string');
  const checks = {
    open: fields(['constructor', 'name'], { constructor: c3, toString: type('number'), name: c3 }, undefined),
    closed: fields(['constructor', 'name'], { constructor: c3, toString: type('number'), name: c3 }, F),
  };
  const withNullPrototype = (entries: Record<string, unknown>): Record<string, unknown> =>
    Object.assign(Object.create(null) as Record<string, unknown>, entries);
  const values: unknown[] = [
    {},
    { name: 'a' },
    { constructor: 'x' },
    { constructor: 'x', name: 'a' },
    { constructor: 1, name: 'a' },
    { constructor: 'x', name: 'a', toString: 'no' },
    { constructor: 'x', name: 'a', toString: 2 },
    { constructor: 'x', name: 2 },
    { constructor: 'x', name: 'a', extra: true },
    { constructor: undefined, name: 'a' },
    withNullPrototype({ name: 'a' }),
    withNullPrototype({ constructor: 'x', name: 'a' }),
    withNullPrototype({ constructor: 'x', name: 'a', toString: 'no' }),
    [],
    'text',
  ];

  it.each(values.map((value) => [value]))('agrees with the interpreter on %o', (value) => {
    expect(checks.open(value)).toBe(interpreter(schema).isValid(value) || !isObject(value));
    expect(checks.closed(value)).toBe(interpreter(closed).isValid(value) || !isObject(value));
  });
});

describe('the object check (fields), Object.prototype polluted', () => {
  it('reads own properties only: an inherited value neither fills a required property nor gets checked', () => {
    const check = fields(['id'], { id: type('string'), name: type('string') }, undefined);
    const prototype = Object.prototype as Record<string, unknown>;
    prototype.id = 'inherited';
    prototype.name = 42;
    try {
      expect(check({})).toBe(false);
      expect(check({ id: 'own' })).toBe(true);
      expect(check({ id: 'own', name: 'own' })).toBe(true);
    } finally {
      delete prototype.id;
      delete prototype.name;
    }
  });
});

/** `fields` says nothing of a value that is not an object (`type` does): the interpreter refuses those. */
function isObject(value: unknown): boolean {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
