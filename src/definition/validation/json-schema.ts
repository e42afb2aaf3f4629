// ---------------------------------------------------------------------------
// A JSON Schema (draft 2020-12) validator that interprets schemas instead of compiling
// them to JavaScript. Compiling (what ajv does) needs `new Function`, which a page
// with a strict Content-Security-Policy refuses, and costs ~100 ms per schema on first
// use. Every schema the package checks goes through here: the format's own, the
// built-in actions' config schemas, and the ones people and hosts write at run time
// (`payloadSchema`, `responseSchema`, host action config schemas).
//
// Errors have the shape and words of ajv's (`keyword`, `instancePath`, `params`,
// `message`, `parentSchema`), which every consumer in the package reads and which
// people who know ajv recognise. All errors are collected, like ajv's `allErrors`.
//
// Bounds, because schemas and values may be hostile: patterns go through a
// caller-chosen engine (the executor passes a linear-time one); `uniqueItems`, `enum`
// and `const` are linear in the value's size; and every check has a work budget that
// grows with the value, since a recursive `anyOf` whose branches both recurse evaluates
// a value once per path through them (2^depth times), and an `allOf` of many parts
// evaluates every item once per part. Each evaluation is charged, and so is the work
// inside one that grows with the value or the schema (its keys, the characters of a
// string, names a keyword lists, the errors it reports).
// ---------------------------------------------------------------------------

import { WorkflowEditorError } from '../errors';
import { escapeJsonPointerSegment } from '../json-pointer';
import { isRecord } from '../own';

/** One failed keyword, in ajv's shape. */
export interface SchemaError {
  /** The keyword that failed; `"false schema"` for a `false` subschema. */
  keyword: string;
  /** JSON Pointer to the value that failed, prefixed with the path the caller gave. */
  instancePath: string;
  /** JSON Pointer (as a `#` fragment) to the keyword in its schema resource. */
  schemaPath: string;
  /** The keyword's details, named as ajv names them (`limit`, `missingProperty`, …). */
  params: Record<string, unknown>;
  /** A short English sentence without the subject: "must be string". */
  message: string;
  /** The schema object holding the keyword. */
  parentSchema: unknown;
}

/** What a validator needs of a compiled pattern. */
export interface SchemaPattern {
  test(text: string): boolean;
}

export interface SchemaValidatorOptions {
  /**
   * Compiles `pattern` and `patternProperties` keys. May throw to refuse a pattern; the
   * schema is then not usable. Default: JavaScript's RegExp with the `u` flag.
   */
  pattern?: (source: string) => SchemaPattern;
  /** Checks for `format` values; formats not listed are annotations only. Default: none. */
  formats?: Readonly<Record<string, (text: string) => boolean>>;
}

export interface ValidateSchemaOptions {
  /** Prefixed to every error's `instancePath` (the value's place in a larger document). */
  instancePath?: string;
  /**
   * How much work the check may do, in evaluations of a subschema against a value (work
   * inside one that grows with the value, such as reading an object's keys, counts in
   * proportion); it throws {@link SchemaWorkExceededError} past it. Default: 20,000 plus
   * 64 per array, object and scalar in the value (and per 16 characters of its strings),
   * far above what a reasonable schema needs.
   */
  evaluationBudget?: number;
  /**
   * Errors to collect at most; later ones are left out (the value is still judged in
   * full). Default: no limit but the budget, which each error is charged to.
   */
  maxErrors?: number;
}

/** A schema ready to check values. */
export interface SchemaValidator {
  /**
   * The errors of `value`; empty when it is valid. Throws nothing but
   * {@link SchemaWorkExceededError}, for a check past its budget or the stack.
   */
  errors(value: unknown, options?: ValidateSchemaOptions): SchemaError[];
  /** Whether `value` is valid; stops at the first failure. Throws like {@link errors}. */
  isValid(value: unknown, options?: ValidateSchemaOptions): boolean;
  /**
   * Whether `value` is valid against a part of this schema (for form libraries asking
   * about one `anyOf` option): `$ref`s in `part` resolve against this schema. A part that
   * is not a usable schema validates nothing. Throws like {@link errors}.
   */
  isValidAgainst(part: unknown, value: unknown): boolean;
}

/** Why a schema cannot be used: a keyword of the wrong kind, a `$ref` to nothing, a refused pattern. */
export type SchemaNotUsableKind = 'invalid' | 'reference' | 'pattern';

/** Thrown by {@link createSchemaValidator} for a schema that cannot be used. */
export class SchemaNotUsableError extends WorkflowEditorError<'schema_not_usable'> {
  readonly kind: SchemaNotUsableKind;
  /** Plain words without a subject: `"minLength" must be a whole number, 0 or more`. */
  readonly detail: string;
  /** JSON Pointer to the offending keyword in the schema. */
  readonly pointer: string;
  /** What the pattern engine threw, for a refused pattern. */
  readonly reason: unknown;

  constructor(kind: SchemaNotUsableKind, detail: string, pointer: string, reason?: unknown) {
    const where = pointer === '' ? '' : ` at ${pointer}`;
    super(
      'schema_not_usable',
      kind === 'invalid'
        ? `It is not a valid JSON Schema: ${detail}${where}.`
        : `It cannot be used as a JSON Schema: ${detail}${where}.`,
    );
    this.name = 'SchemaNotUsableError';
    this.kind = kind;
    this.detail = detail;
    this.pointer = pointer;
    this.reason = reason;
  }
}

/**
 * Thrown out of a check that would evaluate the schema's parts more often than its budget
 * allows, or nest deeper than the stack allows.
 */
export class SchemaWorkExceededError extends WorkflowEditorError<'schema_work_exceeded'> {
  constructor() {
    super(
      'schema_work_exceeded',
      'Checking this value against the schema would take too long: the schema evaluates its parts too often for a value of this size.',
    );
    this.name = 'SchemaWorkExceededError';
  }
}

/** Subschema evaluations any check may make, whatever the value's size. */
const BASE_EVALUATIONS = 20_000;
/**
 * Subschema evaluations allowed per array, object and scalar of the value. The format's
 * own schema makes about 5 per value (a step passes through a `$ref`, an `if` and the
 * action's branch); the rest is headroom for host schemas with wide `anyOf`s.
 */
const EVALUATIONS_PER_VALUE = 64;

/**
 * The work budget a check of `value` gets unless its caller gives one: linear in the
 * number of arrays, objects and scalars in it and the length of its strings (counted
 * without recursion).
 */
export function defaultEvaluationBudget(value: unknown): number {
  let count = 0;
  const stack: unknown[] = [value];
  while (stack.length > 0) {
    const current = stack.pop();
    count += 1;
    if (typeof current === 'string') count += current.length >> 4;
    else if (Array.isArray(current)) {
      for (const item of current) stack.push(item);
    } else if (isRecord(current)) {
      for (const key of Object.keys(current)) stack.push(current[key]);
    }
  }
  return BASE_EVALUATIONS + EVALUATIONS_PER_VALUE * count;
}

/** Budget units an error costs: it holds several strings, so a value failing everywhere must not fill memory. */
const ERROR_COST = 16;

/** Keywords that say something about objects; a subschema without any skips reading keys. */
const OBJECT_KEYWORDS = [
  'maxProperties',
  'minProperties',
  'required',
  'dependentRequired',
  'dependencies',
  'propertyNames',
  'properties',
  'patternProperties',
  'additionalProperties',
  'dependentSchemas',
] as const;

const TYPE_NAMES = new Set(['string', 'number', 'integer', 'boolean', 'object', 'array', 'null']);

/** Keywords whose value is one subschema. */
const SCHEMA_KEYWORDS = [
  'additionalProperties',
  'unevaluatedProperties',
  'additionalItems',
  'unevaluatedItems',
  'contains',
  'propertyNames',
  'not',
  'if',
  'then',
  'else',
] as const;
/** Keywords whose value is a list of subschemas. */
const SCHEMA_LIST_KEYWORDS = ['allOf', 'anyOf', 'oneOf', 'prefixItems'] as const;
/** Keywords whose value maps names to subschemas. */
const SCHEMA_MAP_KEYWORDS = ['properties', 'patternProperties', '$defs', 'definitions', 'dependentSchemas'] as const;
const NON_NEGATIVE_INTEGER_KEYWORDS = [
  'maxLength',
  'minLength',
  'maxItems',
  'minItems',
  'maxProperties',
  'minProperties',
  'maxContains',
  'minContains',
] as const;
const NUMBER_KEYWORDS = ['maximum', 'exclusiveMaximum', 'minimum', 'exclusiveMinimum'] as const;
const STRING_KEYWORDS = [
  '$ref',
  '$dynamicRef',
  '$id',
  '$anchor',
  '$dynamicAnchor',
  '$schema',
  '$comment',
  'title',
  'description',
  'format',
  'pattern',
] as const;
const BOOLEAN_KEYWORDS = ['uniqueItems', 'readOnly', 'writeOnly', 'deprecated'] as const;

type SchemaObject = Record<string, unknown>;

/** What {@link prepare} learns about a schema once, so checks only read tables. */
interface Prepared {
  /**
   * Each schema object's base URI (the `$id` in force). Weak, and shared with parts
   * prepared later (whose fresh copies must not be kept alive by it).
   */
  baseOf: WeakMap<SchemaObject, string>;
  /** Each schema object's JSON Pointer in the schema given. */
  pointerOf: WeakMap<SchemaObject, string>;
  /** Schema objects whose `$id` starts a resource of its own (not a plain-name anchor). */
  resourceRoots: WeakSet<SchemaObject>;
  /** Schema resources by URI, and anchors by URI with fragment. */
  resources: Map<string, SchemaObject | boolean>;
  /** `$dynamicAnchor`s by resource URI and anchor name. */
  dynamicAnchors: Map<string, SchemaObject>;
  /** Where each `$ref` / `$dynamicRef` points, resolved up front. */
  refTargets: WeakMap<SchemaObject, { ref?: SchemaObject | boolean; dynamicRef?: SchemaObject | boolean }>;
  /** Compiled patterns by source. */
  patterns: Map<string, SchemaPattern>;
  /** Schema objects with a keyword about objects: only their evaluations read an object's keys. */
  objectNodes: WeakSet<SchemaObject>;
  /** Whether any `unevaluated*` keyword is used: only then are annotations collected. */
  tracksAnnotations: boolean;
}

const ROOT_BASE = 'urn:workflow-editor:schema';

/**
 * Prepares `schema` for checking. Throws {@link SchemaNotUsableError} when it is not a
 * valid JSON Schema, has a `$ref` that points at nothing inside it (no schema is fetched
 * from the web), or a pattern the pattern engine refuses. Never evaluates code.
 */
export function createSchemaValidator(schema: unknown, options: SchemaValidatorOptions = {}): SchemaValidator {
  const shape = schemaShapeProblem(schema);
  if (shape) throw new SchemaNotUsableError('invalid', shape.message, shape.pointer);
  const prepared = prepare(schema as SchemaObject | boolean, options);
  const formats = options.formats ?? {};
  const preparedParts = new WeakMap<object, Prepared | null>();
  const run = (
    target: unknown,
    value: unknown,
    collect: boolean,
    checkOptions: ValidateSchemaOptions,
  ): SchemaError[] | boolean => {
    const check = new Check(
      prepared,
      formats,
      collect,
      checkOptions.evaluationBudget ?? defaultEvaluationBudget(value),
      checkOptions.maxErrors,
    );
    const valid = withinStack(() =>
      check.evaluate(target as SchemaObject | boolean, value, checkOptions.instancePath ?? '', null),
    );
    return collect ? check.errors : valid;
  };
  return {
    errors: (value, checkOptions = {}) => run(schema, value, true, checkOptions) as SchemaError[],
    isValid: (value, checkOptions = {}) => run(schema, value, false, checkOptions) as boolean,
    isValidAgainst(part, value) {
      if (part === schema) return run(schema, value, false, {}) as boolean;
      if (typeof part === 'boolean') return part;
      if (!isRecord(part)) return false;
      // A part seen for the first time: prepared against this schema's resources. Form
      // libraries pass fresh copies of parts each time; what they hold of this schema was
      // checked and prepared with it, so only the copy's own keywords are new work.
      let partPrepared = preparedParts.get(part);
      if (partPrepared === undefined) {
        try {
          partPrepared = shapeProblem(part, (node) => prepared.baseOf.has(node))
            ? null
            : prepare(part, options, prepared);
        } catch {
          partPrepared = null;
        }
        preparedParts.set(part, partPrepared);
      }
      if (partPrepared === null) return false;
      const check = new Check(partPrepared, formats, false, defaultEvaluationBudget(value), undefined);
      return withinStack(() => check.evaluate(part as SchemaObject | boolean, value, '', null));
    },
  };
}

/**
 * Runs a check, turning a stack overflow into {@link SchemaWorkExceededError}: a value
 * nested deeper than the stack allows, or a `$ref` loop that never consumes the value
 * (`{ "$ref": "#" }`), is too costly to check, like a check past its work budget.
 * Each check's state is its own, so nothing is left half-changed.
 */
function withinStack<T>(run: () => T): T {
  try {
    return run();
  } catch (error) {
    if (error instanceof RangeError) throw new SchemaWorkExceededError();
    throw error;
  }
}

/**
 * Why `schema` is not a valid JSON Schema (a keyword with a value of the wrong kind), or
 * undefined. Checks what the 2020-12 meta-schemas check of the keywords this validator
 * knows; unknown keywords are allowed, as the specification allows them. Iterative.
 */
export function schemaShapeProblem(schema: unknown): { message: string; pointer: string } | undefined {
  return shapeProblem(schema);
}

/** {@link schemaShapeProblem}, leaving out subschemas `checked` already. */
function shapeProblem(
  schema: unknown,
  checked?: (node: SchemaObject) => boolean,
): { message: string; pointer: string } | undefined {
  const pending: { node: unknown; pointer: string }[] = [{ node: schema, pointer: '' }];
  while (pending.length > 0) {
    const { node, pointer } = pending.pop()!;
    if (typeof node === 'boolean') continue;
    if (!isRecord(node)) return { message: 'a schema must be an object or a boolean', pointer };
    if (checked?.(node)) continue;
    const at = (keyword: string): string => `${pointer}/${escapeJsonPointerSegment(keyword)}`;
    const has = (keyword: string): boolean => Object.hasOwn(node, keyword);
    const type = node.type;
    if (has('type')) {
      const names = Array.isArray(type) ? type : [type];
      if (
        names.length === 0 ||
        names.some((name) => typeof name !== 'string' || !TYPE_NAMES.has(name)) ||
        new Set(names).size !== names.length
      ) {
        return {
          message: `"type" must be one of ${[...TYPE_NAMES].join(', ')}, or a list of them`,
          pointer: at('type'),
        };
      }
    }
    if (has('enum') && !Array.isArray(node.enum)) return { message: '"enum" must be a list', pointer: at('enum') };
    if (has('multipleOf') && !(typeof node.multipleOf === 'number' && node.multipleOf > 0)) {
      return { message: '"multipleOf" must be a number above 0', pointer: at('multipleOf') };
    }
    for (const keyword of NUMBER_KEYWORDS) {
      if (has(keyword) && typeof node[keyword] !== 'number')
        return { message: `"${keyword}" must be a number`, pointer: at(keyword) };
    }
    for (const keyword of NON_NEGATIVE_INTEGER_KEYWORDS) {
      const value = node[keyword];
      if (has(keyword) && !(Number.isInteger(value) && (value as number) >= 0)) {
        return { message: `"${keyword}" must be a whole number, 0 or more`, pointer: at(keyword) };
      }
    }
    for (const keyword of STRING_KEYWORDS) {
      if (has(keyword) && typeof node[keyword] !== 'string')
        return { message: `"${keyword}" must be text`, pointer: at(keyword) };
    }
    for (const keyword of BOOLEAN_KEYWORDS) {
      if (has(keyword) && typeof node[keyword] !== 'boolean')
        return { message: `"${keyword}" must be true or false`, pointer: at(keyword) };
    }
    if (has('required') && !isStringList(node.required))
      return { message: '"required" must be a list of field names', pointer: at('required') };
    if (has('examples') && !Array.isArray(node.examples))
      return { message: '"examples" must be a list', pointer: at('examples') };
    if (has('dependentRequired')) {
      const map = node.dependentRequired;
      if (!isRecord(map) || Object.values(map).some((names) => !isStringList(names))) {
        return {
          message: '"dependentRequired" must map field names to lists of field names',
          pointer: at('dependentRequired'),
        };
      }
    }
    for (const keyword of SCHEMA_KEYWORDS)
      if (has(keyword)) pending.push({ node: node[keyword], pointer: at(keyword) });
    for (const keyword of SCHEMA_LIST_KEYWORDS) {
      if (!has(keyword)) continue;
      const list = node[keyword];
      if (!Array.isArray(list) || list.length === 0)
        return { message: `"${keyword}" must be a list of schemas, not empty`, pointer: at(keyword) };
      list.forEach((item, index) => pending.push({ node: item, pointer: `${at(keyword)}/${index}` }));
    }
    for (const keyword of SCHEMA_MAP_KEYWORDS) {
      if (!has(keyword)) continue;
      const map = node[keyword];
      if (!isRecord(map)) return { message: `"${keyword}" must map names to schemas`, pointer: at(keyword) };
      for (const key of Object.keys(map))
        pending.push({ node: map[key], pointer: `${at(keyword)}/${escapeJsonPointerSegment(key)}` });
    }
    if (has('items')) {
      // A list is the form drafts before 2020-12 used for what `prefixItems` is now.
      if (Array.isArray(node.items))
        node.items.forEach((item, index) => pending.push({ node: item, pointer: `${at('items')}/${index}` }));
      else pending.push({ node: node.items, pointer: at('items') });
    }
    if (has('dependencies')) {
      const map = node.dependencies;
      if (!isRecord(map))
        return {
          message: '"dependencies" must map field names to schemas or lists of field names',
          pointer: at('dependencies'),
        };
      for (const key of Object.keys(map)) {
        const value = map[key];
        if (!isStringList(value))
          pending.push({ node: value, pointer: `${at('dependencies')}/${escapeJsonPointerSegment(key)}` });
      }
    }
  }
  return undefined;
}

function isStringList(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((item) => typeof item === 'string');
}

/** `#/a/b` style fragments are pointers; anything else after `#` is an anchor name. */
function splitUri(uri: string): { base: string; fragment: string } {
  const hash = uri.indexOf('#');
  return hash < 0 ? { base: uri, fragment: '' } : { base: uri.slice(0, hash), fragment: uri.slice(hash + 1) };
}

/** RFC 3986 reference resolution, the parts schemas use: absolute URIs, fragments, paths. */
function resolveUri(reference: string, base: string): string {
  if (/^[A-Za-z][A-Za-z0-9+.-]*:/.test(reference)) return reference;
  const { base: baseWithoutFragment } = splitUri(base);
  if (reference.startsWith('#') || reference === '') return `${baseWithoutFragment}${reference}`;
  const scheme = /^[A-Za-z][A-Za-z0-9+.-]*:/.exec(baseWithoutFragment)?.[0] ?? '';
  const rest = baseWithoutFragment.slice(scheme.length);
  if (reference.startsWith('//')) return `${scheme}${reference}`;
  // "//host" is kept apart from the path, so ".." above the top stays on the host.
  const pathStart = rest.startsWith('//') ? (rest.indexOf('/', 2) < 0 ? rest.length : rest.indexOf('/', 2)) : 0;
  const authority = rest.slice(0, pathStart);
  const path = rest.slice(pathStart);
  const joined = reference.startsWith('/') ? reference : `${path.slice(0, path.lastIndexOf('/') + 1)}${reference}`;
  const out: string[] = [];
  for (const segment of joined.split('/')) {
    if (segment === '..') {
      if (out.length > 1 || (out.length === 1 && out[0] !== '')) out.pop();
    } else if (segment !== '.') out.push(segment);
  }
  return `${scheme}${authority}${out.join('/')}`;
}

function decodePointerSegment(segment: string): string {
  let decoded = segment;
  try {
    decoded = decodeURIComponent(segment);
  } catch {
    // Not percent-encoded text: taken as written.
  }
  return decoded.replace(/~1/g, '/').replace(/~0/g, '~');
}

/**
 * Walks a schema once: base URIs, pointers, resources and anchors, compiled patterns and
 * resolved references. `within` lends the resources of an enclosing schema (for parts of
 * it prepared later). Iterative.
 */
function prepare(root: SchemaObject | boolean, options: SchemaValidatorOptions, within?: Prepared): Prepared {
  const prepared: Prepared = {
    baseOf: within?.baseOf ?? new WeakMap(),
    pointerOf: within?.pointerOf ?? new WeakMap(),
    resourceRoots: within?.resourceRoots ?? new WeakSet(),
    objectNodes: within?.objectNodes ?? new WeakSet(),
    resources: new Map(within?.resources),
    dynamicAnchors: new Map(within?.dynamicAnchors),
    refTargets: within?.refTargets ?? new WeakMap(),
    patterns: within?.patterns ?? new Map<string, SchemaPattern>(),
    tracksAnnotations: within?.tracksAnnotations ?? false,
  };
  const compilePattern = options.pattern ?? ((source: string) => new RegExp(source, 'u'));
  const rootBase = within ? ([...within.resources.keys()][0] ?? ROOT_BASE) : ROOT_BASE;
  if (!within) prepared.resources.set(ROOT_BASE, root);
  const withRefs: SchemaObject[] = [];
  const pending: { node: unknown; pointer: string; base: string }[] = [{ node: root, pointer: '', base: rootBase }];
  const walk = (): void => {
    while (pending.length > 0) {
      const { node, pointer, base: outerBase } = pending.pop()!;
      if (!isRecord(node) || prepared.baseOf.has(node)) continue;
      let base = outerBase;
      // Drafts before 2019 wrote an anchor as `"$id": "#name"`: a name, not a new resource.
      const plainNameId = typeof node.$id === 'string' && node.$id.startsWith('#') ? node.$id.slice(1) : undefined;
      if (typeof node.$id === 'string' && plainNameId === undefined) {
        base = resolveUri(splitUri(node.$id).base, outerBase);
        prepared.resources.set(base, node);
        prepared.resourceRoots.add(node);
      }
      const resource = splitUri(base).base;
      if (plainNameId !== undefined && plainNameId !== '' && !plainNameId.startsWith('/'))
        prepared.resources.set(`${resource}#${plainNameId}`, node);
      prepared.baseOf.set(node, base);
      prepared.pointerOf.set(node, pointer);
      if (typeof node.$anchor === 'string') prepared.resources.set(`${resource}#${node.$anchor}`, node);
      if (typeof node.$dynamicAnchor === 'string') {
        prepared.resources.set(`${resource}#${node.$dynamicAnchor}`, node);
        prepared.dynamicAnchors.set(`${resource}#${node.$dynamicAnchor}`, node);
      }
      if (typeof node.$ref === 'string' || typeof node.$dynamicRef === 'string') withRefs.push(node);
      if (Object.hasOwn(node, 'unevaluatedProperties') || Object.hasOwn(node, 'unevaluatedItems'))
        prepared.tracksAnnotations = true;
      if (OBJECT_KEYWORDS.some((keyword) => Object.hasOwn(node, keyword))) prepared.objectNodes.add(node);
      const sources: [string, string][] = [];
      if (typeof node.pattern === 'string') sources.push([node.pattern, `${pointer}/pattern`]);
      if (isRecord(node.patternProperties)) {
        for (const key of Object.keys(node.patternProperties))
          sources.push([key, `${pointer}/patternProperties/${escapeJsonPointerSegment(key)}`]);
      }
      for (const [source, where] of sources) {
        if (prepared.patterns.has(source)) continue;
        try {
          prepared.patterns.set(source, compilePattern(source));
        } catch (error) {
          const detail = error instanceof Error ? error.message : String(error);
          throw new SchemaNotUsableError(
            'pattern',
            `the pattern ${JSON.stringify(source)} cannot be used (${detail})`,
            where,
            error,
          );
        }
      }
      const at = (keyword: string): string => `${pointer}/${escapeJsonPointerSegment(keyword)}`;
      for (const keyword of SCHEMA_KEYWORDS)
        if (Object.hasOwn(node, keyword)) pending.push({ node: node[keyword], pointer: at(keyword), base });
      for (const keyword of SCHEMA_LIST_KEYWORDS) {
        const list = node[keyword];
        if (Object.hasOwn(node, keyword) && Array.isArray(list))
          list.forEach((item, index) => pending.push({ node: item, pointer: `${at(keyword)}/${index}`, base }));
      }
      for (const keyword of [...SCHEMA_MAP_KEYWORDS, 'dependencies']) {
        const map = node[keyword];
        if (!Object.hasOwn(node, keyword) || !isRecord(map)) continue;
        for (const key of Object.keys(map))
          pending.push({ node: map[key], pointer: `${at(keyword)}/${escapeJsonPointerSegment(key)}`, base });
      }
      if (Object.hasOwn(node, 'items')) {
        const items = node.items;
        if (Array.isArray(items))
          items.forEach((item, index) => pending.push({ node: item, pointer: `${at('items')}/${index}`, base }));
        else pending.push({ node: items, pointer: at('items'), base });
      }
    }
  };
  walk();
  // References are resolved once everything they may name is indexed. A target found
  // under a keyword the walk does not know (`#/x-shared`) is walked too, so its patterns
  // are compiled (and refused) like any other.
  for (let index = 0; index < withRefs.length; index++) {
    const node = withRefs[index]!;
    const targets: { ref?: SchemaObject | boolean; dynamicRef?: SchemaObject | boolean } = {};
    for (const keyword of ['$ref', '$dynamicRef'] as const) {
      const reference = node[keyword];
      if (typeof reference !== 'string') continue;
      const uri = resolveUri(reference, prepared.baseOf.get(node)!);
      const target = resolveReference(prepared, uri);
      if (target === undefined) {
        // Schemas are never fetched from the web: a reference elsewhere names nothing.
        throw new SchemaNotUsableError(
          'reference',
          `${keyword} ${JSON.stringify(reference)} points at nothing in this schema`,
          `${prepared.pointerOf.get(node)!}/${keyword}`,
        );
      }
      if (isRecord(target) && !prepared.baseOf.has(target)) {
        const { base, fragment } = splitUri(uri);
        const resourcePointer = prepared.pointerOf.get(prepared.resources.get(base) as SchemaObject) ?? '';
        // Nothing checked its shape with the rest, as no known keyword holds it.
        const shape = schemaShapeProblem(target);
        if (shape)
          throw new SchemaNotUsableError('invalid', shape.message, `${resourcePointer}${fragment}${shape.pointer}`);
        pending.push({ node: target, pointer: `${resourcePointer}${fragment}`, base });
        walk();
      }
      targets[keyword === '$ref' ? 'ref' : 'dynamicRef'] = target;
    }
    prepared.refTargets.set(node, targets);
  }
  return prepared;
}

/** The schema a resolved URI names: a resource, an anchor, or a JSON Pointer into a resource. */
function resolveReference(prepared: Prepared, uri: string): SchemaObject | boolean | undefined {
  const known = prepared.resources.get(uri);
  if (known !== undefined) return known;
  const { base, fragment } = splitUri(uri);
  if (fragment !== '' && !fragment.startsWith('/')) return undefined;
  let node: unknown = prepared.resources.get(base);
  if (node === undefined) return undefined;
  if (fragment === '') return node as SchemaObject | boolean;
  for (const raw of fragment.slice(1).split('/')) {
    const segment = decodePointerSegment(raw);
    // Own fields only: "#/toString" names nothing, whatever objects inherit.
    if (Array.isArray(node) && /^(0|[1-9]\d*)$/.test(segment) && Number(segment) < node.length)
      node = node[Number(segment)];
    else if (isRecord(node) && Object.hasOwn(node, segment)) node = node[segment];
    else return undefined;
  }
  return isRecord(node) || typeof node === 'boolean' ? node : undefined;
}

/** Fields and items of one value that some keyword evaluated (for `unevaluated*`). */
interface Annotations {
  properties: Set<string> | true;
  items: Set<number> | true;
}

function mergeAnnotations(into: Annotations, from: Annotations): void {
  if (into.properties !== true) {
    if (from.properties === true) into.properties = true;
    else for (const key of from.properties) into.properties.add(key);
  }
  if (into.items !== true) {
    if (from.items === true) into.items = true;
    else for (const index of from.items) into.items.add(index);
  }
}

const newAnnotations = (): Annotations => ({ properties: new Set(), items: new Set() });

/** One check of one value: its errors, its budget and the dynamic scope. */
class Check {
  readonly errors: SchemaError[] = [];
  private ids: ValueIds | undefined;
  /** Ids of each `enum`'s values, found once per check. */
  private readonly enumIds = new Map<SchemaObject, Set<number>>();
  /** Schema resources entered, outermost first: where `$dynamicRef` looks. */
  private readonly scope: string[] = [];

  constructor(
    private readonly prepared: Prepared,
    private readonly formats: Readonly<Record<string, (text: string) => boolean>>,
    private readonly collect: boolean,
    private workLeft: number,
    private readonly maxErrors = Infinity,
  ) {}

  /** Spends `units` of the budget (one is an evaluation's worth of work). */
  private charge(units: number): void {
    this.workLeft -= units;
    if (this.workLeft < 0) throw new SchemaWorkExceededError();
  }

  /** A string's length in code points, remembered for the one string a check last measured. */
  private lengthOf(text: string): number {
    if (text !== this.measured?.text) {
      this.charge(text.length >> 5);
      this.measured = { text, length: codePointLength(text) };
    }
    return this.measured.length;
  }
  private measured: { text: string; length: number } | undefined;

  /**
   * Whether `value` (at `path`) is valid against `schema`. Adds errors when collecting;
   * adds what it evaluated to `annotations` when valid and they are wanted.
   */
  evaluate(schema: SchemaObject | boolean, value: unknown, path: string, annotations: Annotations | null): boolean {
    this.charge(1);
    if (schema === true) return true;
    if (schema === false || !isRecord(schema)) {
      // Only `false` gets here: preparing refused every other schema that is not an object.
      this.fail(false, 'false schema', path, '', {}, 'boolean schema is false');
      return false;
    }
    const node = schema;
    const base = this.prepared.baseOf.get(node);
    const entersResource = base !== undefined && this.prepared.resourceRoots.has(node);
    if (entersResource) this.scope.push(splitUri(base).base);
    try {
      const own = this.prepared.tracksAnnotations ? newAnnotations() : null;
      const valid = this.keywords(node, value, path, own);
      if (valid && annotations && own) {
        if (own.properties !== true) this.charge(own.properties.size >> 3);
        if (own.items !== true) this.charge(own.items.size >> 3);
        mergeAnnotations(annotations, own);
      }
      return valid;
    } finally {
      if (entersResource) this.scope.pop();
    }
  }

  private fail(
    node: SchemaObject | false,
    keyword: string,
    path: string,
    schemaPathSuffix: string,
    params: Record<string, unknown>,
    message: string,
  ): void {
    if (!this.collect || this.errors.length >= this.maxErrors) return;
    this.charge(ERROR_COST);
    const pointer = node === false ? '' : (this.prepared.pointerOf.get(node) ?? '');
    this.errors.push({
      keyword,
      instancePath: path,
      schemaPath: `#${pointer}${schemaPathSuffix}`,
      params,
      message,
      parentSchema: node,
    });
  }

  /**
   * The errors from index `before` on, taken out. Their memory is freed, so their charge
   * is returned but for an evaluation's worth: a value failing in many discarded
   * branches (`not`, `anyOf`) costs its evaluations, not its errors.
   */
  private takeErrorsFrom(before: number): SchemaError[] {
    const taken = this.errors.splice(before);
    this.workLeft += taken.length * (ERROR_COST - 1);
    return taken;
  }

  /** Errors added by `run`, taken back out (for branches whose failure is not the value's). */
  private attempt(run: () => boolean): { valid: boolean; errors: SchemaError[] } {
    const before = this.errors.length;
    const valid = run();
    return { valid, errors: this.takeErrorsFrom(before) };
  }

  private keywords(node: SchemaObject, value: unknown, path: string, annotations: Annotations | null): boolean {
    let valid = true;
    // Without collecting, the first failure decides.
    const failed = (): boolean => {
      valid = false;
      return !this.collect;
    };

    const targets = this.prepared.refTargets.get(node);
    if (targets) {
      for (const keyword of ['$ref', '$dynamicRef'] as const) {
        let target = keyword === '$ref' ? targets.ref : targets.dynamicRef;
        if (target === undefined) continue;
        if (keyword === '$dynamicRef') target = this.dynamicTarget(node, target);
        if (!this.evaluate(target, value, path, annotations) && failed()) return false;
      }
    }

    if (!this.typeKeywords(node, value, path) && failed()) return false;

    if (typeof value === 'string' && !this.stringKeywords(node, value, path) && failed()) return false;
    if (typeof value === 'number' && !this.numberKeywords(node, value, path) && failed()) return false;
    if (Array.isArray(value) && !this.arrayKeywords(node, value, path, annotations) && failed()) return false;
    if (isRecord(value) && !this.objectKeywords(node, value, path, annotations) && failed()) return false;
    if (!this.applicators(node, value, path, annotations) && failed()) return false;

    // After every other keyword, which is what "unevaluated" is relative to.
    if (annotations && Array.isArray(value) && Object.hasOwn(node, 'unevaluatedItems') && annotations.items !== true) {
      const seen = annotations.items;
      const schema = node.unevaluatedItems as SchemaObject | boolean;
      for (let index = 0; index < value.length; index++) {
        if (seen.has(index)) continue;
        if (!this.attempt(() => this.evaluate(schema, value[index], `${path}/${index}`, null)).valid) {
          this.fail(
            node,
            'unevaluatedItems',
            path,
            '/unevaluatedItems',
            { limit: index },
            'must NOT have unevaluated items',
          );
          if (failed()) return false;
        }
      }
      annotations.items = true;
    }
    if (
      annotations &&
      isRecord(value) &&
      Object.hasOwn(node, 'unevaluatedProperties') &&
      annotations.properties !== true
    ) {
      const seen = annotations.properties;
      const schema = node.unevaluatedProperties as SchemaObject | boolean;
      const keys = Object.keys(value);
      this.charge(keys.length >> 3);
      for (const key of keys) {
        if (seen.has(key) || value[key] === undefined) continue;
        const result = this.attempt(() =>
          this.evaluate(schema, value[key], `${path}/${escapeJsonPointerSegment(key)}`, null),
        );
        if (!result.valid) {
          this.fail(
            node,
            'unevaluatedProperties',
            path,
            '/unevaluatedProperties',
            { unevaluatedProperty: key },
            'must NOT have unevaluated properties',
          );
          if (failed()) return false;
        }
      }
      annotations.properties = true;
    }
    return valid;
  }

  /** Whether `text` matches the compiled `source`, charged by the text's length. */
  private testPattern(source: string, text: string): boolean {
    this.charge(1 + (text.length >> 5));
    return this.prepared.patterns.get(source)!.test(text);
  }

  /** `$dynamicRef`: the outermost resource in scope with the same dynamic anchor wins. */
  private dynamicTarget(node: SchemaObject, initial: SchemaObject | boolean): SchemaObject | boolean {
    const fragment = splitUri(String(node.$dynamicRef)).fragment;
    if (fragment === '' || fragment.startsWith('/') || !isRecord(initial) || initial.$dynamicAnchor !== fragment)
      return initial;
    for (const resource of [ROOT_BASE, ...this.scope]) {
      const anchored = this.prepared.dynamicAnchors.get(`${resource}#${fragment}`);
      if (anchored) return anchored;
    }
    return initial;
  }

  private typeKeywords(node: SchemaObject, value: unknown, path: string): boolean {
    let valid = true;
    if (Object.hasOwn(node, 'type')) {
      const types = Array.isArray(node.type) ? (node.type as string[]) : [node.type as string];
      if (!types.some((type) => hasType(value, type))) {
        this.fail(node, 'type', path, '/type', { type: node.type }, `must be ${types.join(',')}`);
        valid = false;
        if (!this.collect) return false;
      }
    }
    if (Object.hasOwn(node, 'const') && this.idOf(value) !== this.idOf(node.const)) {
      this.fail(node, 'const', path, '/const', { allowedValue: node.const }, 'must be equal to constant');
      valid = false;
      if (!this.collect) return false;
    }
    if (Array.isArray(node.enum) && !this.allowedIds(node, node.enum).has(this.idOf(value))) {
      this.fail(
        node,
        'enum',
        path,
        '/enum',
        { allowedValues: node.enum },
        'must be equal to one of the allowed values',
      );
      valid = false;
    }
    return valid;
  }

  private stringKeywords(node: SchemaObject, value: string, path: string): boolean {
    let valid = true;
    const fail = (keyword: string, params: Record<string, unknown>, message: string): boolean => {
      this.fail(node, keyword, path, `/${keyword}`, params, message);
      valid = false;
      return !this.collect;
    };
    if (typeof node.maxLength === 'number' || typeof node.minLength === 'number') {
      const length = this.lengthOf(value);
      if (typeof node.maxLength === 'number' && length > node.maxLength) {
        if (fail('maxLength', { limit: node.maxLength }, `must NOT have more than ${node.maxLength} characters`))
          return false;
      }
      if (typeof node.minLength === 'number' && length < node.minLength) {
        if (fail('minLength', { limit: node.minLength }, `must NOT have fewer than ${node.minLength} characters`))
          return false;
      }
    }
    if (typeof node.pattern === 'string' && !this.testPattern(node.pattern, value)) {
      if (fail('pattern', { pattern: node.pattern }, `must match pattern "${node.pattern}"`)) return false;
    }
    if (typeof node.format === 'string' && Object.hasOwn(this.formats, node.format)) {
      this.charge(value.length >> 5);
      if (!this.formats[node.format]!(value))
        fail('format', { format: node.format, empty: value === '' }, `must match format "${node.format}"`);
    }
    return valid;
  }

  private numberKeywords(node: SchemaObject, value: number, path: string): boolean {
    const limits: [string, string, (limit: number) => boolean][] = [
      ['maximum', '<=', (limit) => value <= limit],
      ['minimum', '>=', (limit) => value >= limit],
      ['exclusiveMaximum', '<', (limit) => value < limit],
      ['exclusiveMinimum', '>', (limit) => value > limit],
    ];
    let valid = true;
    for (const [keyword, comparison, holds] of limits) {
      const limit = node[keyword];
      if (typeof limit === 'number' && !holds(limit)) {
        this.fail(node, keyword, path, `/${keyword}`, { comparison, limit }, `must be ${comparison} ${limit}`);
        valid = false;
        if (!this.collect) return false;
      }
    }
    const divisor = node.multipleOf;
    if (typeof divisor === 'number' && divisor > 0) {
      if (!Number.isFinite(value) || !isDecimalMultiple(value, divisor)) {
        this.fail(node, 'multipleOf', path, '/multipleOf', { multipleOf: divisor }, `must be multiple of ${divisor}`);
        valid = false;
      }
    }
    return valid;
  }

  private arrayKeywords(node: SchemaObject, value: unknown[], path: string, annotations: Annotations | null): boolean {
    let valid = true;
    const failed = (): boolean => {
      valid = false;
      return !this.collect;
    };
    if (typeof node.maxItems === 'number' && value.length > node.maxItems) {
      this.fail(
        node,
        'maxItems',
        path,
        '/maxItems',
        { limit: node.maxItems },
        `must NOT have more than ${node.maxItems} items`,
      );
      if (failed()) return false;
    }
    if (typeof node.minItems === 'number' && value.length < node.minItems) {
      this.fail(
        node,
        'minItems',
        path,
        '/minItems',
        { limit: node.minItems },
        `must NOT have fewer than ${node.minItems} items`,
      );
      if (failed()) return false;
    }
    if (node.uniqueItems === true && value.length > 1) {
      this.charge(value.length >> 3);
      const duplicate = this.duplicateItems(value);
      if (duplicate) {
        const [first, second] = duplicate;
        this.fail(
          node,
          'uniqueItems',
          path,
          '/uniqueItems',
          { i: second, j: first },
          `must NOT have duplicate items (items ## ${first} and ${second} are identical)`,
        );
        if (failed()) return false;
      }
    }
    // Draft 2019 and earlier wrote `prefixItems` as a list under `items`.
    const prefix = Array.isArray(node.prefixItems)
      ? node.prefixItems
      : Array.isArray(node.items)
        ? node.items
        : undefined;
    const rest = Array.isArray(node.items) ? node.additionalItems : node.items;
    const restKeyword = Array.isArray(node.items) ? 'additionalItems' : 'items';
    const evaluated = annotations?.items;
    if (prefix) {
      const count = Math.min(prefix.length, value.length);
      for (let index = 0; index < count; index++) {
        if (!this.evaluate(prefix[index] as SchemaObject | boolean, value[index], `${path}/${index}`, null) && failed())
          return false;
        if (evaluated && evaluated !== true) evaluated.add(index);
      }
    }
    if (rest !== undefined && Object.hasOwn(node, restKeyword)) {
      const start = prefix ? prefix.length : 0;
      for (let index = start; index < value.length; index++) {
        if (!this.evaluate(rest as SchemaObject | boolean, value[index], `${path}/${index}`, null) && failed())
          return false;
      }
      if (annotations) annotations.items = true;
    }
    if (Object.hasOwn(node, 'contains')) {
      const schema = node.contains as SchemaObject | boolean;
      const min = typeof node.minContains === 'number' ? node.minContains : 1;
      const max = typeof node.maxContains === 'number' ? node.maxContains : Infinity;
      let matches = 0;
      for (let index = 0; index < value.length; index++) {
        const result = this.attempt(() => this.evaluate(schema, value[index], `${path}/${index}`, null));
        if (result.valid) {
          matches += 1;
          if (annotations && annotations.items !== true) annotations.items.add(index);
        }
      }
      if (matches < min) {
        this.fail(
          node,
          'contains',
          path,
          '/contains',
          { minContains: min },
          `must contain at least ${min} valid item(s)`,
        );
        if (failed()) return false;
      }
      if (matches > max) {
        this.fail(
          node,
          'maxContains',
          path,
          '/maxContains',
          { limit: max },
          `must contain at most ${max} valid item(s)`,
        );
        if (failed()) return false;
      }
    }
    return valid;
  }

  private objectKeywords(
    node: SchemaObject,
    value: Record<string, unknown>,
    path: string,
    annotations: Annotations | null,
  ): boolean {
    // Most subschemas say nothing about objects ({}, a $ref, a type): their evaluations
    // must not read every key of a large object.
    if (!this.prepared.objectNodes.has(node)) return true;
    let valid = true;
    const failed = (): boolean => {
      valid = false;
      return !this.collect;
    };
    // A field holding `undefined` is absent, as it is once the value is written as JSON.
    const keys = Object.keys(value).filter((key) => value[key] !== undefined);
    this.charge(keys.length >> 3);
    const present = (name: string): boolean => Object.hasOwn(value, name) && value[name] !== undefined;
    const childPath = (key: string): string => `${path}/${escapeJsonPointerSegment(key)}`;
    if (typeof node.maxProperties === 'number' && keys.length > node.maxProperties) {
      this.fail(
        node,
        'maxProperties',
        path,
        '/maxProperties',
        { limit: node.maxProperties },
        `must NOT have more than ${node.maxProperties} properties`,
      );
      if (failed()) return false;
    }
    if (typeof node.minProperties === 'number' && keys.length < node.minProperties) {
      this.fail(
        node,
        'minProperties',
        path,
        '/minProperties',
        { limit: node.minProperties },
        `must NOT have fewer than ${node.minProperties} properties`,
      );
      if (failed()) return false;
    }
    if (Array.isArray(node.required)) {
      this.charge(node.required.length >> 3);
      for (const name of node.required as string[]) {
        if (!present(name)) {
          this.fail(
            node,
            'required',
            path,
            '/required',
            { missingProperty: name },
            `must have required property '${name}'`,
          );
          if (failed()) return false;
        }
      }
    }
    const dependentRequired = isRecord(node.dependentRequired) ? node.dependentRequired : undefined;
    const dependencies = isRecord(node.dependencies) ? node.dependencies : undefined;
    for (const [keyword, map] of [
      ['dependentRequired', dependentRequired],
      ['dependencies', dependencies],
    ] as const) {
      if (!map) continue;
      for (const property of Object.keys(map)) {
        const names = map[property];
        if (!present(property) || !isStringList(names)) continue;
        this.charge(names.length >> 3);
        const missing = names.filter((name) => !present(name));
        if (missing.length === 0) continue;
        // Written once for every missing name: the list may be long.
        const deps = names.join(', ');
        const message = `must have property ${deps} when property ${property} is present`;
        for (const name of missing) {
          this.fail(
            node,
            keyword,
            path,
            `/${keyword}`,
            { property, missingProperty: name, deps, depsCount: names.length },
            message,
          );
          if (failed()) return false;
        }
      }
    }
    if (Object.hasOwn(node, 'propertyNames')) {
      const schema = node.propertyNames as SchemaObject | boolean;
      for (const key of keys) {
        const result = this.attempt(() => this.evaluate(schema, key, path, null));
        if (!result.valid) {
          this.fail(
            node,
            'propertyNames',
            path,
            '/propertyNames',
            { propertyName: key },
            'property name must be valid',
          );
          if (failed()) return false;
        }
      }
    }
    const properties = isRecord(node.properties) ? node.properties : undefined;
    const patternProperties = isRecord(node.patternProperties) ? node.patternProperties : undefined;
    const patternKeys = patternProperties ? Object.keys(patternProperties) : [];
    const hasAdditional = Object.hasOwn(node, 'additionalProperties');
    const evaluated = annotations?.properties;
    if (properties || patternKeys.length > 0 || hasAdditional) {
      for (const key of keys) {
        let matched = false;
        if (properties && Object.hasOwn(properties, key)) {
          matched = true;
          if (!this.evaluate(properties[key] as SchemaObject | boolean, value[key], childPath(key), null) && failed())
            return false;
        }
        for (const source of patternKeys) {
          if (!this.testPattern(source, key)) continue;
          matched = true;
          if (
            !this.evaluate(patternProperties![source] as SchemaObject | boolean, value[key], childPath(key), null) &&
            failed()
          )
            return false;
        }
        if (!matched && hasAdditional) {
          const additional = node.additionalProperties as SchemaObject | boolean;
          if (additional === false) {
            this.fail(
              node,
              'additionalProperties',
              path,
              '/additionalProperties',
              { additionalProperty: key },
              'must NOT have additional properties',
            );
            if (failed()) return false;
          } else if (!this.evaluate(additional, value[key], childPath(key), null) && failed()) return false;
          matched = true;
        }
        if (matched && evaluated && evaluated !== true) evaluated.add(key);
      }
    }
    const dependentSchemas = isRecord(node.dependentSchemas) ? node.dependentSchemas : undefined;
    for (const map of [dependentSchemas, dependencies]) {
      if (!map) continue;
      for (const property of Object.keys(map)) {
        const schema = map[property];
        if (!present(property) || isStringList(schema)) continue;
        if (!this.evaluate(schema as SchemaObject | boolean, value, path, annotations) && failed()) return false;
      }
    }
    return valid;
  }

  private applicators(node: SchemaObject, value: unknown, path: string, annotations: Annotations | null): boolean {
    let valid = true;
    const failed = (): boolean => {
      valid = false;
      return !this.collect;
    };
    if (Array.isArray(node.allOf)) {
      for (const part of node.allOf) {
        if (!this.evaluate(part as SchemaObject | boolean, value, path, annotations) && failed()) return false;
      }
    }
    if (Array.isArray(node.anyOf)) {
      const before = this.errors.length;
      let passed = false;
      for (const part of node.anyOf) {
        // With annotations wanted every option is tried: each valid one contributes.
        if (this.evaluate(part as SchemaObject | boolean, value, path, annotations)) {
          passed = true;
          if (!annotations) break;
        }
      }
      if (passed) this.takeErrorsFrom(before);
      else {
        this.fail(node, 'anyOf', path, '/anyOf', {}, 'must match a schema in anyOf');
        if (failed()) return false;
      }
    }
    if (Array.isArray(node.oneOf)) {
      const before = this.errors.length;
      const passing: number[] = [];
      const scratch = annotations ? newAnnotations() : null;
      node.oneOf.forEach((part, index) => {
        if (passing.length > 1) return;
        if (this.evaluate(part as SchemaObject | boolean, value, path, scratch)) passing.push(index);
      });
      if (passing.length === 1) {
        this.takeErrorsFrom(before);
        if (annotations && scratch) mergeAnnotations(annotations, scratch);
      } else {
        if (passing.length > 1) this.takeErrorsFrom(before);
        this.fail(
          node,
          'oneOf',
          path,
          '/oneOf',
          { passingSchemas: passing.length > 1 ? passing : null },
          'must match exactly one schema in oneOf',
        );
        if (failed()) return false;
      }
    }
    if (Object.hasOwn(node, 'not')) {
      const result = this.attempt(() => this.evaluate(node.not as SchemaObject | boolean, value, path, null));
      if (result.valid) {
        this.fail(node, 'not', path, '/not', {}, 'must NOT be valid');
        if (failed()) return false;
      }
    }
    // An `if` without `then` or `else` decides nothing; only its annotations could count.
    if (Object.hasOwn(node, 'if') && (Object.hasOwn(node, 'then') || Object.hasOwn(node, 'else') || annotations)) {
      const condition = this.attempt(() => this.evaluate(node.if as SchemaObject | boolean, value, path, annotations));
      const branch = condition.valid ? 'then' : 'else';
      if (
        Object.hasOwn(node, branch) &&
        !this.evaluate(node[branch] as SchemaObject | boolean, value, path, annotations)
      ) {
        this.fail(node, 'if', path, '/if', { failingKeyword: branch }, `must match "${branch}" schema`);
        if (failed()) return false;
      }
    }
    return valid;
  }

  /**
   * The value's id by JSON equality. Ids of containers are remembered for the check, so
   * comparing a value with `const`, `enum` or its array's items visits it once however
   * many such keywords see it: linear, where comparing item by item would be
   * (items × allowed values).
   */
  private idOf(value: unknown): number {
    this.ids ??= new ValueIds();
    return this.ids.idOf(value);
  }

  private allowedIds(node: SchemaObject, allowed: unknown[]): Set<number> {
    let ids = this.enumIds.get(node);
    if (!ids) {
      this.charge(allowed.length >> 3);
      ids = new Set(allowed.map((value) => this.idOf(value)));
      this.enumIds.set(node, ids);
    }
    return ids;
  }

  /** The indexes of two equal items, or undefined. Linear in the array's size. */
  private duplicateItems(items: unknown[]): [number, number] | undefined {
    const firstById = new Map<number, number>();
    for (let index = 0; index < items.length; index++) {
      const id = this.idOf(items[index]);
      const first = firstById.get(id);
      if (first !== undefined) return [first, index];
      firstById.set(id, index);
    }
    return undefined;
  }
}

function hasType(value: unknown, type: string): boolean {
  switch (type) {
    case 'string':
      return typeof value === 'string';
    case 'number':
      return typeof value === 'number' && Number.isFinite(value);
    case 'integer':
      return typeof value === 'number' && Number.isInteger(value);
    case 'boolean':
      return typeof value === 'boolean';
    case 'null':
      return value === null;
    case 'array':
      return Array.isArray(value);
    case 'object':
      return isRecord(value);
    default:
      return false;
  }
}

/**
 * Whether `value` is a whole multiple of `divisor`, as the decimals people write them:
 * 0.3 is a multiple of 0.1, though 0.3 / 0.1 is 2.9999999999999996 in binary, and
 * 1000000000000000.5 is not a multiple of 1. Each number is read as its shortest decimal
 * (what `String` gives, which is what JSON text held) and compared exactly, in integers.
 */
function isDecimalMultiple(value: number, divisor: number): boolean {
  const dividend = decimalOf(value);
  const unit = decimalOf(divisor);
  // value / divisor = (dividend.digits / unit.digits) * 10^(dividend.exponent - unit.exponent)
  const shift = dividend.exponent - unit.exponent;
  const numerator = shift >= 0 ? dividend.digits * 10n ** BigInt(shift) : dividend.digits;
  const denominator = shift >= 0 ? unit.digits : unit.digits * 10n ** BigInt(-shift);
  return numerator % denominator === 0n;
}

/** A finite number as `digits * 10^exponent`, from its shortest decimal text. */
function decimalOf(number: number): { digits: bigint; exponent: number } {
  const [mantissa = '0', exponent = '0'] = String(Math.abs(number)).split('e');
  const [whole = '0', fraction = ''] = mantissa.split('.');
  return { digits: BigInt(whole + fraction), exponent: Number(exponent) - fraction.length };
}

/** Length in Unicode code points, as JSON Schema counts it (a surrogate pair is one). */
export function codePointLength(text: string): number {
  let length = 0;
  for (let index = 0; index < text.length; index++) {
    length += 1;
    const code = text.charCodeAt(index);
    if (code >= 0xd800 && code <= 0xdbff && index + 1 < text.length) {
      const next = text.charCodeAt(index + 1);
      if (next >= 0xdc00 && next <= 0xdfff) index += 1;
    }
  }
  return length;
}

/**
 * Ids of values by JSON equality, for one check: equal values (objects whatever their key
 * order) get the same id. An array or object's id is found from its items' ids, so each
 * value is visited once per check however many `uniqueItems` arrays (nested, or reached
 * again through `$ref`) hold it.
 */
class ValueIds {
  private readonly ofNumbers = new Map<number, number>();
  private readonly ofStrings = new Map<string, number>();
  /** Arrays and objects by the text of their items' ids ("a1,2" / "o<key id>:<value id>,..."). */
  private readonly ofShapes = new Map<string, number>();
  private readonly ofContainers = new WeakMap<object, number>();
  /** 0, 1 and 2 are null, false and true. */
  private next = 3;

  private fresh<K>(map: Map<K, number>, key: K): number {
    let id = map.get(key);
    if (id === undefined) {
      id = this.next++;
      map.set(key, id);
    }
    return id;
  }

  private scalar(value: unknown): number | undefined {
    if (value === null) return 0;
    if (value === false) return 1;
    if (value === true) return 2;
    // Map keys compare as SameValueZero: 0 and -0 are one key, as they are one JSON number.
    if (typeof value === 'number') return this.fresh(this.ofNumbers, value);
    if (typeof value === 'string') return this.fresh(this.ofStrings, value);
    if (typeof value === 'object') return this.ofContainers.get(value);
    return this.fresh(this.ofStrings, `\u0000${typeof value}`);
  }

  /** The id of a value. Iterative, so a value nested to any limit does not recurse per level. */
  idOf(value: unknown): number {
    const known = this.scalar(value);
    if (known !== undefined) return known;
    const stack: object[] = [value as object];
    const expanded: boolean[] = [false];
    while (stack.length > 0) {
      const top = stack.length - 1;
      const node = stack[top]!;
      const isArray = Array.isArray(node);
      const keys = isArray ? undefined : Object.keys(node);
      if (!expanded[top]) {
        expanded[top] = true;
        const before = stack.length;
        const children = isArray ? (node as unknown[]) : keys!.map((key) => (node as Record<string, unknown>)[key]);
        for (const item of children) {
          if (item !== null && typeof item === 'object' && !this.ofContainers.has(item)) stack.push(item);
        }
        for (let index = before; index < stack.length; index++) expanded[index] = false;
        if (stack.length > before) continue;
      }
      stack.pop();
      expanded.pop();
      if (this.ofContainers.has(node)) continue; // reached twice through shared items
      let shape: string;
      if (isArray) {
        shape = 'a';
        for (const item of node as unknown[]) shape += `${this.scalar(item)!},`;
      } else {
        // Key order does not matter to JSON equality: keys are read in one order.
        if (keys!.length > 1) keys!.sort();
        shape = 'o';
        for (const key of keys!)
          shape += `${this.fresh(this.ofStrings, key)}:${this.scalar((node as Record<string, unknown>)[key])!},`;
      }
      this.ofContainers.set(node, this.fresh(this.ofShapes, shape));
    }
    return this.ofContainers.get(value as object)!;
  }
}
