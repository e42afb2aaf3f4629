// Writes src/definition/validation/precompiled-validators.ts: plain TypeScript functions
// that say whether a value is valid against the format's fixed schemas (each part of the
// tree, as validation/structure.ts checks it) and the built-in actions' config schemas.
// Validation asks them first and runs the interpreting validator only for a value they
// refuse, to word its errors: a valid 10,000-step workflow then costs one call per part
// instead of an interpreted keyword walk. Generated here, at build time, so the package
// never generates code at run time (a strict Content-Security-Policy allows no eval).
//
//   npx tsx scripts/generate-validators.ts            write the file
//   npx tsx scripts/generate-validators.ts --check    exit 1 when it is not up to date
//
// Only the keywords these schemas use are supported, with the interpreter's meaning
// (lengths in code points, patterns with the `u` flag, a property holding undefined is
// absent); any other keyword stops the generator, so a schema change cannot silently
// go unchecked. test/definition/precompiled-validators.test.ts proves the file is what
// this writes and that it agrees with the interpreter.

import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { BUILT_IN_ACTIONS } from '../src/definition/actions';
import { configurableActions } from '../src/definition/schemas/definition-schemas';
import { structureSchemas } from '../src/definition/validation/structure';

type Schema = Record<string, unknown> | boolean;

/** Keywords that assert nothing. */
const ANNOTATIONS = new Set(['title', 'description', 'default', 'examples', '$comment', '$schema', 'deprecated', 'readOnly', 'writeOnly', '$defs']);
const ASSERTIONS = new Set([
  '$ref',
  'type',
  'const',
  'enum',
  'minLength',
  'maxLength',
  'pattern',
  'minimum',
  'maximum',
  'exclusiveMinimum',
  'exclusiveMaximum',
  'minItems',
  'maxItems',
  'items',
  'required',
  'properties',
  'additionalProperties',
  'allOf',
  'if',
  'then',
  'else',
]);

const TYPE_TESTS: Record<string, (value: string) => string> = {
  string: (value) => `typeof ${value} === 'string'`,
  number: (value) => `(typeof ${value} === 'number' && Number.isFinite(${value}))`,
  integer: (value) => `(typeof ${value} === 'number' && Number.isInteger(${value}))`,
  boolean: (value) => `typeof ${value} === 'boolean'`,
  null: (value) => `${value} === null`,
  array: (value) => `Array.isArray(${value})`,
  object: (value) => `isRecord(${value})`,
};

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function scalarLiteral(value: unknown, where: string): string {
  if (value === null || typeof value === 'boolean' || typeof value === 'string' || (typeof value === 'number' && Number.isFinite(value))) {
    return JSON.stringify(value);
  }
  throw new Error(`${where}: only null, booleans, numbers and strings are supported as const and enum values`);
}

class Generator {
  private readonly names = new Map<object, string>();
  private readonly functions: string[] = [];
  private readonly patterns = new Map<string, string>();
  private usesCodePoints = false;

  constructor(private readonly root: Record<string, unknown>, private readonly prefix: string) {}

  /** An expression that is true when `value` (an identifier) is valid against `schema`. */
  test(schema: unknown, value: string, where: string, depth = 0): string {
    if (schema === true) return 'true';
    if (schema === false) return 'false';
    if (!isObject(schema)) throw new Error(`${where}: a schema must be an object or a boolean`);
    if (!Object.keys(schema).some((keyword) => ASSERTIONS.has(keyword))) {
      for (const keyword of Object.keys(schema)) if (!ANNOTATIONS.has(keyword)) throw new Error(`${where}: keyword "${keyword}" is not supported`);
      return 'true';
    }
    const assertions = Object.keys(schema).filter((keyword) => ASSERTIONS.has(keyword));
    // A schema that only refers to another is that other schema.
    if (assertions.length === 1 && assertions[0] === '$ref' && depth < 32) return this.test(this.resolve(schema.$ref, `${where}/$ref`), value, `${where}/$ref`, depth + 1);
    return `${this.functionFor(schema, where)}(${value})`;
  }

  private resolve(reference: unknown, where: string): unknown {
    if (typeof reference !== 'string' || !reference.startsWith('#/')) throw new Error(`${where}: only "#/…" references are supported`);
    let node: unknown = this.root;
    for (const raw of reference.slice(2).split('/')) {
      const segment = raw.replace(/~1/g, '/').replace(/~0/g, '~');
      if (!isObject(node) || !Object.hasOwn(node, segment)) throw new Error(`${where}: ${reference} points at nothing`);
      node = node[segment];
    }
    return node;
  }

  private functionFor(schema: Record<string, unknown>, where: string): string {
    const known = this.names.get(schema);
    if (known) return known;
    const name = `${this.prefix}${this.names.size}`;
    this.names.set(schema, name);
    const lines: string[] = [];
    const fail = (condition: string): void => {
      lines.push(`  if (${condition}) return false;`);
    };
    for (const keyword of Object.keys(schema)) {
      if (!ASSERTIONS.has(keyword) && !ANNOTATIONS.has(keyword)) throw new Error(`${where}: keyword "${keyword}" is not supported`);
    }
    if ('$ref' in schema) fail(`!${this.test(this.resolve(schema.$ref, `${where}/$ref`), 'value', `${where}/$ref`)}`);
    if ('type' in schema) {
      const types = Array.isArray(schema.type) ? schema.type : [schema.type];
      const tests = types.map((type) => {
        const make = typeof type === 'string' && Object.hasOwn(TYPE_TESTS, type) ? TYPE_TESTS[type] : undefined;
        if (!make) throw new Error(`${where}/type: unknown type ${JSON.stringify(type)}`);
        return make('value');
      });
      fail(`!(${tests.join(' || ')})`);
    }
    if ('const' in schema) fail(`value !== ${scalarLiteral(schema.const, `${where}/const`)}`);
    if ('enum' in schema) {
      if (!Array.isArray(schema.enum)) throw new Error(`${where}/enum: must be a list`);
      const allowed = schema.enum.map((item) => `value !== ${scalarLiteral(item, `${where}/enum`)}`);
      fail(allowed.length === 0 ? 'true' : allowed.join(' && '));
    }
    const onlyType = typeof schema.type === 'string' ? schema.type : undefined;
    const guard = (type: string, test: string): string => (onlyType === type || (type === 'number' && onlyType === 'integer') ? '' : `${test} && `);
    const strings: string[] = [];
    if ('minLength' in schema) {
      const limit = Number(schema.minLength);
      // Code points are at least half the UTF-16 units: only a string shorter than twice the limit needs counting.
      strings.push(limit === 1 ? `value.length === 0` : `value.length < ${limit} || (value.length < ${2 * limit} && codePointLength(value) < ${limit})`);
      if (limit !== 1) this.usesCodePoints = true;
    }
    if ('maxLength' in schema) {
      const limit = Number(schema.maxLength);
      strings.push(`(value.length > ${limit} && codePointLength(value) > ${limit})`);
      this.usesCodePoints = true;
    }
    if ('pattern' in schema) {
      const source = String(schema.pattern);
      let pattern = this.patterns.get(source);
      if (!pattern) {
        pattern = `pattern${this.prefix}${this.patterns.size}`;
        this.patterns.set(source, pattern);
      }
      strings.push(`!${pattern}.test(value)`);
    }
    if (strings.length > 0) fail(`${guard('string', "typeof value === 'string'")}(${strings.join(' || ')})`);
    const numbers: string[] = [];
    for (const [keyword, comparison] of [['minimum', '<'], ['maximum', '>'], ['exclusiveMinimum', '<='], ['exclusiveMaximum', '>=']] as const) {
      if (!(keyword in schema)) continue;
      if (typeof schema[keyword] !== 'number') throw new Error(`${where}/${keyword}: must be a number`);
      numbers.push(`value ${comparison} ${schema[keyword] as number}`);
    }
    if (numbers.length > 0) fail(`${guard('number', "typeof value === 'number'")}(${numbers.join(' || ')})`);
    const arrays: string[] = [];
    if ('minItems' in schema) arrays.push(`value.length < ${Number(schema.minItems)}`);
    if ('maxItems' in schema) arrays.push(`value.length > ${Number(schema.maxItems)}`);
    if (arrays.length > 0) fail(`${guard('array', 'Array.isArray(value)')}(${arrays.join(' || ')})`);
    if ('items' in schema) {
      if (Array.isArray(schema.items)) throw new Error(`${where}/items: a list of item schemas is not supported`);
      const item = this.test(schema.items, 'item', `${where}/items`);
      if (item !== 'true') {
        lines.push(onlyType === 'array' ? `  {` : `  if (Array.isArray(value)) {`);
        lines.push(`    for (let index = 0; index < value.length; index++) {`);
        lines.push(`      const item: unknown = value[index];`);
        lines.push(`      if (!${item}) return false;`);
        lines.push(`    }`);
        lines.push(`  }`);
      }
    }
    const required = 'required' in schema ? schema.required : undefined;
    const properties = 'properties' in schema ? schema.properties : undefined;
    const hasAdditional = 'additionalProperties' in schema;
    if (required !== undefined && !(Array.isArray(required) && required.every((name) => typeof name === 'string'))) {
      throw new Error(`${where}/required: must be a list of names`);
    }
    if (properties !== undefined && !isObject(properties)) throw new Error(`${where}/properties: must map names to schemas`);
    if (required || properties || hasAdditional) {
      lines.push(onlyType === 'object' ? `  {` : `  if (isRecord(value)) {`);
      // A property holding undefined is absent, as it is once the value is written as JSON.
      for (const name of (required ?? []) as string[]) lines.push(`    if (!Object.hasOwn(value, ${JSON.stringify(name)}) || value[${JSON.stringify(name)}] === undefined) return false;`);
      const cases: string[] = [];
      for (const [name, propertySchema] of Object.entries(properties ?? {})) {
        const test = this.test(propertySchema, 'item', `${where}/properties/${name}`);
        cases.push(`        case ${JSON.stringify(name)}:${test === 'true' ? '' : `\n          if (!${test}) return false;`}\n          break;`);
      }
      const additional = hasAdditional ? this.test(schema.additionalProperties, 'item', `${where}/additionalProperties`) : 'true';
      if (cases.length > 0 || additional !== 'true') {
        lines.push(`    const keys = Object.keys(value);`);
        lines.push(`    for (let index = 0; index < keys.length; index++) {`);
        lines.push(`      const key = keys[index]!;`);
        lines.push(`      const item: unknown = value[key];`);
        lines.push(`      if (item === undefined) continue;`);
        lines.push(`      switch (key) {`);
        lines.push(...cases);
        lines.push(`        default:${additional === 'true' ? '' : `\n          if (!${additional}) return false;`}\n          break;`);
        lines.push(`      }`);
        lines.push(`    }`);
      }
      lines.push(`  }`);
    }
    if ('allOf' in schema) {
      if (!Array.isArray(schema.allOf)) throw new Error(`${where}/allOf: must be a list`);
      schema.allOf.forEach((part, index) => {
        const test = this.test(part, 'value', `${where}/allOf/${index}`);
        if (test !== 'true') fail(`!${test}`);
      });
    }
    if ('if' in schema && ('then' in schema || 'else' in schema)) {
      const condition = this.test(schema.if, 'value', `${where}/if`);
      const then = 'then' in schema ? this.test(schema.then, 'value', `${where}/then`) : 'true';
      const otherwise = 'else' in schema ? this.test(schema.else, 'value', `${where}/else`) : 'true';
      fail(`!(${condition} ? ${then} : ${otherwise})`);
    }
    this.functions.push(`function ${name}(value: unknown): boolean {\n${lines.join('\n')}\n  return true;\n}`);
    return name;
  }

  text(): string {
    const patterns = [...this.patterns].map(([source, name]) => `const ${name} = new RegExp(${JSON.stringify(source)}, 'u');`);
    return [...patterns, ...this.functions].join('\n\n');
  }

  /**
   * Functions with the same body made one (the schema builders make a fresh object for
   * each use of a shape), repeated until no two are alike; returns the renames.
   */
  merge(): Map<string, string> {
    const renames = new Map<string, string>();
    for (;;) {
      const byBody = new Map<string, string>();
      const replaced = new Map<string, string>();
      for (const text of this.functions) {
        const name = /^function (\w+)\(/.exec(text)![1]!;
        const body = text.slice(text.indexOf('('));
        const same = byBody.get(body);
        if (same === undefined) byBody.set(body, name);
        else replaced.set(name, same);
      }
      if (replaced.size === 0) return renames;
      const rename = (text: string): string => text.replace(/\b(\w+)\(/g, (whole, name: string) => (replaced.has(name) ? `${replaced.get(name)!}(` : whole));
      this.functions.splice(
        0,
        this.functions.length,
        ...this.functions.filter((text) => !replaced.has(/^function (\w+)\(/.exec(text)![1]!)).map(rename),
      );
      for (const [from, to] of replaced) renames.set(from, to);
      for (const [from, to] of renames) if (replaced.has(to)) renames.set(from, replaced.get(to)!);
    }
  }

  get needsCodePoints(): boolean {
    return this.usesCodePoints;
  }
}

/** The generated module's text. */
export function precompiledValidatorsText(): string {
  const structure = structureSchemas();
  // One generator for the structure's roots: they share their `$defs`, so each def is one function.
  const shared = new Generator(structure.workflow as Record<string, unknown>, 'structure');
  const roots: (readonly [string, string])[] = Object.entries(structure).map(([part, schema]) => {
    const generator = new Generator(schema as Record<string, unknown>, 'structure');
    // Every root resolves `#/$defs/…` in the same defs object: share the functions found so far.
    Object.assign(generator, { names: (shared as unknown as { names: Map<object, string> }).names, functions: (shared as unknown as { functions: string[] }).functions, patterns: (shared as unknown as { patterns: Map<string, string> }).patterns });
    return [part, generator.test(schema, 'value', `structure.${part}`)] as const;
  });
  const configs = configurableActions(BUILT_IN_ACTIONS).map((action) => {
    const generator = new Generator(action.configSchema as Record<string, unknown>, `config_${action.id}_`);
    const test = generator.test(action.configSchema as Schema, 'value', `${action.id}.configSchema`);
    return { id: action.id, test, generator };
  });
  const finalName = (test: string, renames: Map<string, string>): string => {
    const name = /^(\w+)\(value\)$/.exec(test)?.[1];
    return name !== undefined && renames.has(name) ? `${renames.get(name)!}(value)` : test;
  };
  const sharedRenames = shared.merge();
  roots.forEach((root, index) => {
    roots[index] = [root[0], finalName(root[1], sharedRenames)];
  });
  for (const config of configs) config.test = finalName(config.test, config.generator.merge());
  const codePoints = shared.needsCodePoints || configs.some(({ generator }) => generator.needsCodePoints);
  const fn = (test: string): string => (test === 'true' ? '() => true' : test.replace(/\(value\)$/, ''));
  return `// Generated by scripts/generate-validators.ts from the format's schemas and the built-in
// actions' config schemas: do not edit (run \`npx tsx scripts/generate-validators.ts\`).
// Each function says whether a value is valid; validation words the errors of a value
// they refuse with the interpreting validator.
/* eslint-disable */

import { isRecord } from '../own';
${codePoints ? "import { codePointLength } from './json-schema';\n" : ''}
/** Whether each part of the tree is valid against its schema, as validation/structure.ts checks it. */
export const precompiledStructure = {
${roots.map(([part, test]) => `  ${part}: ${fn(test)},`).join('\n')}
} as const satisfies Record<string, (value: unknown) => boolean>;

/** Whether a config is valid against a built-in action's config schema, by action id. */
export const precompiledConfigs: Readonly<Record<string, (value: unknown) => boolean>> = {
${configs.map(({ id, test }) => `  ${id}: ${fn(test)},`).join('\n')}
};

${shared.text()}

${configs.map(({ generator }) => generator.text()).join('\n\n')}
`;
}

const target = path.join(path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..'), 'src/definition/validation/precompiled-validators.ts');
if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const text = precompiledValidatorsText();
  if (process.argv.includes('--check')) {
    const current = readFileSync(target, 'utf8');
    if (current !== text) {
      console.error('src/definition/validation/precompiled-validators.ts is out of date: run npx tsx scripts/generate-validators.ts');
      process.exit(1);
    }
  } else {
    writeFileSync(target, text);
    console.log(`wrote ${path.relative(process.cwd(), target)}`);
  }
}
