// ---------------------------------------------------------------------------
// JSON Schema checking, and turning its errors into Problems a person can read. The
// validator reports one error per failed keyword, including wrapper keywords (`if`,
// `allOf`, `anyOf`) that only say "a subschema failed"; those are dropped when a more
// specific error explains them, and one error is kept per location.
// ---------------------------------------------------------------------------

import { escapeJsonPointerSegment, parseJsonPointer } from '../json-pointer';
import { isRecord } from '../own';
import { HTTP_TOKEN_PATTERN, ID_PATTERN, type JsonSchema, type Problem, type ProblemCode } from '../types';
import { createSchemaValidator, SchemaNotUsableError, type SchemaError, type SchemaValidator } from './json-schema';
import { formatCount } from './problem-order';

/**
 * Formats checked by the definition layer. Deliberately loose: they catch typos, not
 * every corner of the RFCs. Other formats are annotations.
 */
const FORMATS: Record<string, (text: string) => boolean> = {
  email: (text) => /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(text),
  uri: (text) => /^[A-Za-z][A-Za-z0-9+.-]*:[^\s]*$/.test(text),
  uuid: (text) => /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/.test(text),
  date: (text) => /^\d{4}-\d{2}-\d{2}$/.test(text),
  'date-time': (text) => /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/.test(text),
};

/** The checked formats in words. */
const FORMAT_WORDS: Record<string, string> = {
  email: 'email address',
  uri: 'address with a scheme, like https://example.com',
  uuid: 'UUID',
  date: 'date, like 2026-12-08',
  'date-time': 'date and time, like 2026-12-08T09:30:00Z',
};

/**
 * What a value that breaks `format` must be, after the field's name: "must be a valid email
 * address"; for an empty one (most often a field not filled in yet) "is empty; it must be
 * …". Internal: the form words its own messages the same way.
 */
export function formatProblemWords(format: string, empty: boolean): string {
  const words = `a valid ${Object.hasOwn(FORMAT_WORDS, format) ? FORMAT_WORDS[format] : format}`;
  return empty ? `is empty; it must be ${words}` : `must be ${words}`;
}

const prepared = new WeakMap<object, SchemaValidator | SchemaNotUsableError>();

/**
 * The validator of a schema, prepared once per schema object, or the reason the schema
 * cannot be used, so callers can report it instead of throwing.
 */
export function compileSchema(schema: JsonSchema): SchemaValidator | SchemaNotUsableError {
  const cached = prepared.get(schema);
  if (cached) return cached;
  let result: SchemaValidator | SchemaNotUsableError;
  try {
    result = createSchemaValidator(schema, { formats: FORMATS });
  } catch (error) {
    result =
      error instanceof SchemaNotUsableError
        ? error
        : new SchemaNotUsableError('invalid', error instanceof Error ? error.message : String(error), '');
  }
  prepared.set(schema, result);
  return result;
}

/** Validates `value` and returns its problems, each path prefixed with `basePointer`. */
export function schemaProblems(validator: SchemaValidator, value: unknown, basePointer = ''): Problem[] {
  const errors = validator.errors(value);
  return errors.length === 0 ? [] : schemaErrorsToProblems(errors, basePointer, true);
}

/**
 * Whether `schema` is itself a usable JSON Schema (for `payloadSchema` and
 * `responseSchema`). Returns a plain-words reason when it is not. A `$ref` to a part the
 * schema does not have, or to a document on the web (which no executor fetches), is
 * reported here: an executor would only find out after sending the request.
 */
export function schemaDefinitionProblem(schema: unknown): string | undefined {
  if (!isRecord(schema) && typeof schema !== 'boolean')
    return 'it is not a valid JSON Schema (a schema must be an object or a boolean)';
  const result = compileSchema(schema as JsonSchema);
  if (!(result instanceof SchemaNotUsableError)) return undefined;
  const where = result.pointer === '' ? '' : ` at ${result.pointer}`;
  return result.kind === 'invalid'
    ? `it is not a valid JSON Schema (${result.detail}${where})`
    : `it cannot be used as a JSON Schema (${result.detail})`;
}

/** The most choices an `enum` problem names; past it, it says how many there are. */
const MAX_LISTED_CHOICES = 10;

const WRAPPER_KEYWORDS = new Set(['if', 'allOf', 'anyOf', 'oneOf', '$ref', '$dynamicRef']);

const KEYWORD_CODES: Record<string, ProblemCode> = {
  required: 'schema_required',
  dependentRequired: 'schema_required',
  type: 'schema_type',
  enum: 'schema_enum',
  const: 'schema_const',
  pattern: 'schema_pattern',
  format: 'schema_format',
  additionalProperties: 'schema_additional_property',
  unevaluatedProperties: 'schema_additional_property',
  'false schema': 'schema_additional_property',
  minimum: 'schema_range',
  maximum: 'schema_range',
  exclusiveMinimum: 'schema_range',
  exclusiveMaximum: 'schema_range',
  multipleOf: 'schema_range',
  minLength: 'schema_length',
  maxLength: 'schema_length',
  minItems: 'schema_length',
  maxItems: 'schema_length',
  minProperties: 'schema_length',
  maxProperties: 'schema_length',
};

/** The problem code of a failed JSON Schema keyword (`maximum` → `schema_range`); `schema_invalid` for the rest. */
export function schemaKeywordProblemCode(keyword: string): ProblemCode {
  return (Object.hasOwn(KEYWORD_CODES, keyword) ? KEYWORD_CODES[keyword] : undefined) ?? 'schema_invalid';
}

/** Lower is more useful: a missing or mistyped value explains everything else at that place. */
const CODE_PRIORITY: readonly ProblemCode[] = [
  'schema_required',
  'schema_type',
  'schema_const',
  'schema_enum',
  'schema_additional_property',
  'schema_pattern',
  'schema_format',
  'schema_length',
  'schema_range',
  'schema_invalid',
];

/** Turns schema errors into problems: wrappers dropped, one problem per path, plain words. */
export function schemaErrorsToProblems(
  errors: readonly SchemaError[],
  basePointer = '',
  numberEntries = false,
): Problem[] {
  // A wrapper stays only when nothing at or below its place explains it. The places
  // explained are every specific error's path and the paths above it, gathered once, so
  // each wrapper costs one lookup however many specific errors there are.
  const explained = new Set<string>();
  for (const error of errors) if (!WRAPPER_KEYWORDS.has(error.keyword)) addWithAncestors(explained, error.instancePath);
  const kept = errors.filter((error) => !WRAPPER_KEYWORDS.has(error.keyword) || !explained.has(error.instancePath));
  const best = new Map<string, Problem>();
  for (const error of kept) {
    const problem = errorToProblem(error, basePointer, numberEntries);
    const current = best.get(problem.path);
    if (!current || CODE_PRIORITY.indexOf(problem.code) < CODE_PRIORITY.indexOf(current.code)) {
      best.set(problem.path, problem);
    }
  }
  return [...best.values()];
}

/**
 * Adds `pointer` and every pointer above it ("/a/b", "/a", ""). Stops at the first one
 * already there (everything above it is too), so a document's errors cost what their
 * distinct places cost, not their count times their depth.
 */
function addWithAncestors(places: Set<string>, pointer: string): void {
  let place = pointer;
  for (;;) {
    if (places.has(place)) return;
    places.add(place);
    if (place === '') return;
    place = place.slice(0, Math.max(0, place.lastIndexOf('/')));
  }
}

/** `numberEntries`: the value is content (a config), whose list entries a person numbers (see entryOf). */
function errorToProblem(error: SchemaError, basePointer: string, numberEntries: boolean): Problem {
  const params = error.params;
  // Which entry of a list the named field is in (see entryOf): as words after the field's
  // name, and as `params.entry` for a host that words problems itself.
  const entryAt = (instancePath: string): { words: string; params: { entry?: number } } => {
    const entry = numberEntries ? entryOf(instancePath) : undefined;
    return entry === undefined ? { words: '', params: {} } : { words: ` (entry ${entry})`, params: { entry } };
  };
  const code = schemaKeywordProblemCode(error.keyword);
  const parentSchema = isRecord(error.parentSchema) ? error.parentSchema : {};
  const at = basePointer + error.instancePath;
  switch (error.keyword) {
    case 'required':
    case 'dependentRequired': {
      const missing = typeof params.missingProperty === 'string' ? params.missingProperty : '';
      const properties = isRecord(parentSchema.properties) ? parentSchema.properties : {};
      const title =
        titleOf(Object.hasOwn(properties, missing) ? properties[missing] : undefined) ??
        (missing === 'right' ? 'Right value (every operator but exists and not_exists compares with one)' : undefined);
      const field = title ?? quoted(missing);
      const entry = entryAt(`${error.instancePath}/${escapeJsonPointerSegment(missing)}`);
      return {
        path: `${at}/${escapeJsonPointerSegment(missing)}`,
        code,
        message: `${field}${entry.words} is required`,
        params: { field, property: missing, ...entry.params },
      };
    }
    case 'additionalProperties':
    case 'unevaluatedProperties': {
      const named: unknown = params.additionalProperty ?? params.unevaluatedProperty;
      const extra = typeof named === 'string' ? named : '';
      const owner = titleOf(parentSchema);
      const entry = entryAt(`${error.instancePath}/${escapeJsonPointerSegment(extra)}`);
      return {
        path: `${at}/${escapeJsonPointerSegment(extra)}`,
        code,
        message: `${quoted(extra)} is not a known field${owner ? ` of ${owner}${entry.words}` : ''}`,
        params: owner ? { property: extra, owner, ...entry.params } : { property: extra },
      };
    }
    default:
      break;
  }
  const field = labelFor(at, error.keyword === 'false schema' ? undefined : parentSchema);
  const entry = entryAt(error.instancePath);
  const [words, values] = describe(error, params);
  return {
    path: at,
    code,
    message: `${field}${entry.words} ${words}`,
    params: { field, rule: error.keyword, ...entry.params, ...values },
  };
}

/** The words after the field's name, and the values they hold (a problem's `params`). */
function describe(error: SchemaError, params: Record<string, unknown>): [string, Record<string, string | number>] {
  const limit = typeof params.limit === 'number' ? params.limit : Number(params.multipleOf);
  switch (error.keyword) {
    case 'type': {
      const expected = (Array.isArray(params.type) ? params.type : String(params.type).split(',')).map(String);
      return [`must be ${typeWords(expected)}`, { expected: expected.join(',') }];
    }
    case 'enum': {
      const values = Array.isArray(params.allowedValues) ? params.allowedValues : [];
      const allowed = values
        .slice(0, MAX_LISTED_CHOICES)
        .map((value) => (typeof value === 'string' ? value : JSON.stringify(value)))
        .join(', ');
      // A list of thousands of choices would make the message taller than the page.
      return values.length > MAX_LISTED_CHOICES
        ? [`must be one of ${formatCount(values.length)} choices (${allowed}, …)`, { allowed, count: values.length }]
        : [`must be one of ${allowed}`, { allowed }];
    }
    case 'const': {
      const allowed = JSON.stringify(params.allowedValue);
      return [`must be ${allowed}`, { allowed }];
    }
    case 'pattern': {
      const pattern = String(params.pattern);
      if (pattern === ID_PATTERN.source) {
        return [
          'must start with a lowercase letter and hold only lowercase letters, digits and "_" (at most 63 characters)',
          { pattern },
        ];
      }
      if (pattern === HTTP_TOKEN_PATTERN)
        return ['must be a single word: no spaces, quotes, brackets, colons, commas or slashes', { pattern }];
      return [`is not in the expected form${expectedForm(error.parentSchema)}`, { pattern }];
    }
    case 'format': {
      const format = String(params.format);
      return [formatProblemWords(format, params.empty === true), { format }];
    }
    default:
      break;
  }
  const words = Object.hasOwn(LIMIT_WORDS, error.keyword) ? LIMIT_WORDS[error.keyword] : undefined;
  if (words && Number.isFinite(limit)) return [words(limit), { limit }];
  if (error.keyword === 'false schema') return ['is not allowed here', {}];
  if (error.keyword === 'uniqueItems') return ['must not hold the same entry twice', {}];
  return ['is not valid', {}];
}

/** The words of a keyword that compares with one number, the `limit` of its problem. */
const LIMIT_WORDS: Record<string, ((limit: number) => string) | undefined> = {
  minimum: (limit) => `must be at least ${limit}`,
  maximum: (limit) => `must be at most ${limit}`,
  exclusiveMinimum: (limit) => `must be more than ${limit}`,
  exclusiveMaximum: (limit) => `must be less than ${limit}`,
  multipleOf: (limit) => `must be a multiple of ${limit}`,
  minLength: (limit) => (limit === 1 ? 'must not be empty' : `must be at least ${limit} characters long`),
  maxLength: (limit) => `must be at most ${limit} characters long`,
  minItems: (limit) => (limit === 1 ? 'needs at least one entry' : `needs at least ${limit} entries`),
  maxItems: (limit) => `may have at most ${limit} entries`,
  minProperties: (limit) => `needs at least ${limit} fields`,
  maxProperties: (limit) => `may have at most ${limit} fields`,
};

/**
 * What the field's description says it holds, as a parenthesis: a pattern is no way to
 * tell a person what to type, and its field's description usually is ("The channel to
 * post in, starting with #." gives " (the channel to post in, starting with #)").
 */
function expectedForm(schema: unknown): string {
  const description =
    isRecord(schema) && typeof schema.description === 'string' ? schema.description.trim().replace(/\.$/, '') : '';
  if (description === '' || description.length > 160) return '';
  return ` (${description.charAt(0).toLowerCase()}${description.slice(1)})`;
}

/** A name for the value at `pointer`: its schema's title, else its key. */
function labelFor(pointer: string, schema: Record<string, unknown> | undefined): string {
  const title = titleOf(schema);
  let segments: string[];
  try {
    segments = parseJsonPointer(pointer);
  } catch {
    segments = [];
  }
  const last = segments[segments.length - 1];
  if (last === undefined) return title ?? 'The document';
  if (last === 'right' && !title) return 'Right value (not used with exists and not_exists)';
  if (/^\d+$/.test(last)) {
    // An entry whose schema names one entry ("Retry") reads as the form labels its row.
    if (title) return `${title} ${Number(last) + 1}`;
    const owner = segments[segments.length - 2];
    return `Entry ${Number(last) + 1}${owner === undefined ? '' : ` of ${quoted(owner)}`}`;
  }
  return title ?? quoted(last);
}

/**
 * The entry (counted from 1) of the innermost list of content holding the field at
 * `instancePath` (a header's Key, a line item's Quantity): in a list of problems,
 * "Quantity must be at least 1" twice would not say which row. Undefined for an entry
 * itself (labelFor names it) and for a field outside any list.
 */
function entryOf(instancePath: string): number | undefined {
  let segments: string[];
  try {
    segments = parseJsonPointer(instancePath);
  } catch {
    return undefined;
  }
  for (let index = segments.length - 2; index >= 0; index--)
    if (/^\d+$/.test(segments[index]!)) return Number(segments[index]) + 1;
  return undefined;
}

function titleOf(schema: unknown): string | undefined {
  return isRecord(schema) && typeof schema.title === 'string' && schema.title !== '' ? schema.title : undefined;
}

function quoted(key: string): string {
  return `"${key}"`;
}

const TYPE_WORDS: Record<string, string> = {
  string: 'text',
  number: 'a number',
  integer: 'a whole number',
  boolean: 'true or false',
  object: 'an object',
  array: 'a list',
  null: 'null',
};

function typeWords(types: readonly string[]): string {
  return types.map((name) => (Object.hasOwn(TYPE_WORDS, name) ? TYPE_WORDS[name] : undefined) ?? name).join(' or ');
}
