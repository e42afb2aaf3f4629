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
import { buildStepDocumentSchema, buildWorkflowSchema } from '../src/definition/schemas/definition-schemas';
import { structureSchemas } from '../src/definition/validation/structure-schemas';

/** Keywords that assert nothing. */
const ANNOTATIONS = new Set([
  'title',
  'description',
  'default',
  'examples',
  '$comment',
  '$schema',
  '$id',
  'deprecated',
  'readOnly',
  'writeOnly',
  '$defs',
]);
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

const TYPE_NAMES = new Set(['string', 'number', 'integer', 'boolean', 'null', 'array', 'object']);

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function scalarLiteral(value: unknown, where: string): string {
  if (
    value === null ||
    typeof value === 'boolean' ||
    typeof value === 'string' ||
    (typeof value === 'number' && Number.isFinite(value))
  ) {
    return JSON.stringify(value);
  }
  throw new Error(`${where}: only null, booleans, numbers and strings are supported as const and enum values`);
}

function limit(schema: Record<string, unknown>, keyword: string, where: string, absent: string): string {
  if (!(keyword in schema)) return absent;
  const value = schema[keyword];
  if (typeof value !== 'number' || !Number.isFinite(value)) throw new Error(`${where}/${keyword}: must be a number`);
  return String(value);
}

/**
 * Turns schemas into declarations of checks built from the combinators the generated
 * module starts with (a table, not code per keyword: the module stays small). Equal
 * subschemas become one check; a check is declared after the checks it uses.
 */
class Generator {
  /** Declarations in order, by their expression. */
  private declared = new Map<string, string>();
  private patterns = new Map<string, string>();
  private readonly visiting = new Set<object>();
  /** Schemas met again inside themselves (the recursive lists): a name their check is also declared under. */
  private recursive = new Map<object, string>();

  constructor(private readonly root: Record<string, unknown>) {}

  /** The name of a check for `schema`: `T` for one that accepts everything, `F` for `false`. */
  check(schema: unknown, where: string, depth = 0): string {
    if (schema === true) return 'T';
    if (schema === false) return 'F';
    if (!isObject(schema)) throw new Error(`${where}: a schema must be an object or a boolean`);
    for (const keyword of Object.keys(schema)) {
      if (!ASSERTIONS.has(keyword) && !ANNOTATIONS.has(keyword))
        throw new Error(`${where}: keyword "${keyword}" is not supported`);
    }
    if (this.visiting.has(schema)) {
      // A schema inside itself: its check is looked up when first run, once all are declared.
      let name = this.recursive.get(schema);
      if (name === undefined) {
        name = `r${this.recursive.size}`;
        this.recursive.set(schema, name);
      }
      return this.declare(`later(() => ${name})`);
    }
    this.visiting.add(schema);
    let name: string;
    try {
      const parts = this.parts(schema, where, depth);
      name =
        parts.length === 0
          ? 'T'
          : parts.length === 1
            ? this.declare(parts[0]!)
            : this.declare(`all(${parts.join(', ')})`);
    } finally {
      this.visiting.delete(schema);
    }
    const alias = this.recursive.get(schema);
    if (alias !== undefined && !this.aliases.has(alias)) this.aliases.set(alias, name);
    return name;
  }

  private declare(expression: string): string {
    if (/^(T|F|c\d+)$/.test(expression)) return expression;
    let name = this.declared.get(expression);
    if (name === undefined) {
      name = `c${this.declared.size}`;
      this.declared.set(expression, name);
    }
    return name;
  }

  private resolve(reference: unknown, where: string): unknown {
    if (typeof reference !== 'string' || !reference.startsWith('#/'))
      throw new Error(`${where}: only "#/…" references are supported`);
    let node: unknown = this.root;
    for (const raw of reference.slice(2).split('/')) {
      const segment = raw.replace(/~1/g, '/').replace(/~0/g, '~');
      if (!isObject(node) || !Object.hasOwn(node, segment)) throw new Error(`${where}: ${reference} points at nothing`);
      node = node[segment];
    }
    return node;
  }

  /** The checks `schema` is the conjunction of, as expressions. */
  private parts(schema: Record<string, unknown>, where: string, depth: number): string[] {
    const parts: string[] = [];
    const add = (name: string): void => {
      if (name === 'T') return;
      parts.push(name);
    };
    if ('$ref' in schema) {
      if (depth > 32) throw new Error(`${where}/$ref: references nest too deeply`);
      add(this.check(this.resolve(schema.$ref, `${where}/$ref`), `${where}/$ref`, depth + 1));
    }
    if ('type' in schema) {
      const types = Array.isArray(schema.type) ? schema.type : [schema.type];
      for (const type of types)
        if (typeof type !== 'string' || !TYPE_NAMES.has(type))
          throw new Error(`${where}/type: unknown type ${JSON.stringify(type)}`);
      add(this.declare(`type(${types.map((type) => JSON.stringify(type)).join(', ')})`));
    }
    if ('const' in schema) add(this.declare(`among(${scalarLiteral(schema.const, `${where}/const`)})`));
    if ('enum' in schema) {
      if (!Array.isArray(schema.enum)) throw new Error(`${where}/enum: must be a list`);
      add(this.declare(`among(${schema.enum.map((item) => scalarLiteral(item, `${where}/enum`)).join(', ')})`));
    }
    if ('minLength' in schema || 'maxLength' in schema || 'pattern' in schema) {
      let pattern = 'undefined';
      if ('pattern' in schema) {
        const source = String(schema.pattern);
        pattern = this.patterns.get(source) ?? `p${this.patterns.size}`;
        this.patterns.set(source, pattern);
      }
      add(
        this.declare(
          `text(${limit(schema, 'minLength', where, '0')}, ${limit(schema, 'maxLength', where, 'Infinity')}, ${pattern})`,
        ),
      );
    }
    if (['minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum'].some((keyword) => keyword in schema)) {
      const bounds = [
        limit(schema, 'minimum', where, '-Infinity'),
        limit(schema, 'maximum', where, 'Infinity'),
        limit(schema, 'exclusiveMinimum', where, '-Infinity'),
        limit(schema, 'exclusiveMaximum', where, 'Infinity'),
      ];
      add(this.declare(`range(${bounds.join(', ')})`));
    }
    if ('minItems' in schema || 'maxItems' in schema || 'items' in schema) {
      if (Array.isArray(schema.items)) throw new Error(`${where}/items: a list of item schemas is not supported`);
      const item = 'items' in schema ? this.check(schema.items, `${where}/items`, depth) : 'T';
      add(
        this.declare(
          `list(${limit(schema, 'minItems', where, '0')}, ${limit(schema, 'maxItems', where, 'Infinity')}, ${item === 'T' ? 'undefined' : item})`,
        ),
      );
    }
    const required = 'required' in schema ? schema.required : [];
    const properties = 'properties' in schema ? schema.properties : {};
    if (!(Array.isArray(required) && required.every((name) => typeof name === 'string')))
      throw new Error(`${where}/required: must be a list of names`);
    if (!isObject(properties)) throw new Error(`${where}/properties: must map names to schemas`);
    if ('required' in schema || 'properties' in schema || 'additionalProperties' in schema) {
      const entries = Object.entries(properties).map(
        ([name, property]) => `${JSON.stringify(name)}: ${this.check(property, `${where}/properties/${name}`, depth)}`,
      );
      const additional =
        'additionalProperties' in schema
          ? this.check(schema.additionalProperties, `${where}/additionalProperties`, depth)
          : 'undefined';
      add(
        this.declare(
          `fields([${required.map((name) => JSON.stringify(name)).join(', ')}], { ${entries.join(', ')} }, ${additional === 'T' ? 'T' : additional})`,
        ),
      );
    }
    if ('allOf' in schema) {
      if (!Array.isArray(schema.allOf)) throw new Error(`${where}/allOf: must be a list`);
      schema.allOf.forEach((part, index) => add(this.check(part, `${where}/allOf/${index}`, depth)));
    }
    if ('if' in schema && ('then' in schema || 'else' in schema)) {
      const condition = this.check(schema.if, `${where}/if`, depth);
      const then = 'then' in schema ? this.check(schema.then, `${where}/then`, depth) : 'T';
      const otherwise = 'else' in schema ? this.check(schema.else, `${where}/else`, depth) : 'T';
      add(this.declare(`when(${condition}, ${then}, ${otherwise})`));
    }
    return parts;
  }

  private aliases = new Map<string, string>();

  /** Declares into `other`'s table (one module, one table), its names and theirs never clashing. */
  shareTablesOf(other: Generator): void {
    Object.assign(this, {
      declared: other.declared,
      patterns: other.patterns,
      recursive: other.recursive,
      aliases: other.aliases,
    });
  }

  text(): string {
    const patterns = [...this.patterns].map(
      ([source, name]) => `const ${name} = new RegExp(${JSON.stringify(source)}, 'u');`,
    );
    const checks = [...this.declared].map(([expression, name]) => `const ${name}: Check = ${expression};`);
    const aliases = [...this.aliases].map(([alias, name]) => `const ${alias} = ${name};`);
    return [...patterns, ...checks, ...aliases].join('\n');
  }
}

/** The generated module's text. */
export function precompiledValidatorsText(): string {
  const structure = structureSchemas();
  // The structure's roots share their `$defs` (one object): one generator, so each def is one check.
  const generator = new Generator(structure.workflow);
  const roots = Object.entries(structure).map(
    ([part, schema]) => `  ${part}: ${generator.check(schema, `structure.${part}`)},`,
  );
  // The whole documents, lists and all, for the common case of a valid one: one call.
  const whole = [
    ['workflow', buildWorkflowSchema([])],
    ['stepDocument', buildStepDocumentSchema([])],
  ].map(([kind, schema]) => {
    const own = new Generator(schema as Record<string, unknown>);
    own.shareTablesOf(generator);
    const name = own.check(schema, `whole.${kind as string}`);
    return `  ${kind as string}: ${name},`;
  });
  const configs = configurableActions(BUILT_IN_ACTIONS).map((action) => {
    const own = new Generator(action.configSchema);
    // Config schemas hold no references: their checks join the same table.
    own.shareTablesOf(generator);
    return `  ${action.id}: ${own.check(action.configSchema, `${action.id}.configSchema`)},`;
  });
  return `// Generated by scripts/generate-validators.ts from the format's schemas and the built-in
// actions' config schemas: do not edit (run \`npx tsx scripts/generate-validators.ts\`).
// Each check says whether a value is valid; validation words the errors of a value
// they refuse with the interpreting validator.

import { all, among, F, fields, later, list, range, T, text, type, when, type Check } from './schema-checks';

${generator.text()}

/**
 * Whether a whole document (kind "workflow" or "step") is valid against the format's
 * schema, its recursive lists included. Recurses once per level of the document's tree
 * (a few calls per level): only for a document read to at most MAX_DOCUMENT_DEPTH levels.
 */
export const precompiledWhole = {
${whole.join('\n')}
} as const satisfies Record<string, Check>;

/** Whether each part of the tree is valid against its schema, as validation/structure.ts checks it. */
export const precompiledStructure = {
${roots.join('\n')}
} as const satisfies Record<string, Check>;

/** Whether a config is valid against a built-in action's config schema, by action id. */
export const precompiledConfigs: Readonly<Record<string, Check>> = {
${configs.join('\n')}
};
`;
}

const target = path.join(
  path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..'),
  'src/definition/validation/precompiled-validators.ts',
);
if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const text = precompiledValidatorsText();
  if (process.argv.includes('--check')) {
    const current = readFileSync(target, 'utf8');
    if (current !== text) {
      console.error(
        'src/definition/validation/precompiled-validators.ts is out of date: run npx tsx scripts/generate-validators.ts',
      );
      process.exit(1);
    }
  } else {
    writeFileSync(target, text);
    console.log(`wrote ${path.relative(process.cwd(), target)}`);
  }
}
