// ---------------------------------------------------------------------------
// `responseSchema` checks. Compiling a schema costs far more than a request, so each
// schema is compiled once and found again by its JSON text.
//
// The schema is a person's and the response is a server's: neither is the host's, and
// the check runs in shared workers. So `pattern` and `patternProperties` run on a
// linear-time engine, never on JavaScript's backtracking one, and a pattern that engine
// cannot evaluate fails the step as misconfigured, naming where the pattern is. For the
// same reason `uniqueItems` is checked in time linear in the array's size, not by Ajv's
// pairwise comparison of object items.
// ---------------------------------------------------------------------------

// The .js suffix lets an unbundled ESM build resolve it in Node (ajv has no exports map).
import Ajv2020 from 'ajv/dist/2020.js';
import type { ValidateFunction } from 'ajv/dist/2020.js';
import type { RegExpEngine, SchemaValidateFunction } from 'ajv/dist/types/index.js';
import type { JsonSchema, JsonValue } from '../definition';
import {
  findPatternPointer,
  findUnsupportedSchemaPattern,
  linearRegExp,
  PatternWorkExceededError,
  UnsupportedPatternError,
  withPatternWorkBudget,
} from './linear-regexp';

/**
 * ajv's hook for the regular expression engine. `code` is only read when ajv writes
 * standalone validator source, which this module never asks for.
 */
const linearEngine: RegExpEngine = Object.assign((pattern: string, flags: string) => linearRegExp(pattern, flags), {
  code: 'linearRegExp',
});

/**
 * Person-written schemas may use keywords and formats Ajv does not know; they are
 * ignored rather than failing the step (formats are not checked: the package does not
 * depend on ajv-formats, so `format: "regex"` never compiles response text either).
 */
const ajv = new Ajv2020({
  strict: false,
  validateFormats: false,
  allErrors: true,
  logger: false,
  code: { regExp: linearEngine },
  // Referenced schemas are called, not copied into each place that refers to them:
  // copying made a person's schema of n properties referring n times cost n^2.
  inlineRefs: false,
});

/**
 * Ids of values by JSON equality, for one response check: equal values (objects whatever
 * their key order, numbers as JSON numbers, so `1` and `1.0`) get the same id. An array
 * or object's id is found from its items' ids, so each value is visited once per check
 * however many `uniqueItems` arrays (nested, or reached again through `$ref`) hold it.
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

  /**
   * The id of a value. Iterative (an explicit stack), so a body nested to the response
   * limit does not recurse once per level.
   */
  idOf(value: unknown): number {
    const known = this.scalar(value);
    if (known !== undefined) return known;
    // Containers whose items are being given ids first; `true` once their items were pushed.
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
        if (isArray) {
          for (const item of node as unknown[]) {
            if (item !== null && typeof item === 'object' && !this.ofContainers.has(item)) stack.push(item);
          }
        } else {
          for (const key of keys!) {
            const item = (node as Record<string, unknown>)[key];
            if (item !== null && typeof item === 'object' && !this.ofContainers.has(item)) stack.push(item);
          }
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
        for (const key of keys!) shape += `${this.fresh(this.ofStrings, key)}:${this.scalar((node as Record<string, unknown>)[key])!},`;
      }
      this.ofContainers.set(node, this.fresh(this.ofShapes, shape));
    }
    return this.ofContainers.get(value as object)!;
  }
}

/** The ids of the check under way; set around each `validate` call. */
let currentIds: ValueIds | undefined;

/**
 * `uniqueItems` in time linear in the array's size: each item's id (see
 * {@link ValueIds}) goes into a Map, and a repeated id is a duplicate. Ajv's own
 * keyword compares object items pairwise, so 20,000 objects (0.6 MB) took 20 s.
 */
const uniqueItems: SchemaValidateFunction = (enabled: unknown, data: unknown): boolean => {
  uniqueItems.errors = [];
  if (enabled !== true || !Array.isArray(data)) return true;
  const ids = currentIds ?? new ValueIds();
  const firstIndexOf = new Map<number, number>();
  for (let index = 0; index < data.length; index++) {
    const id = ids.idOf(data[index]);
    const first = firstIndexOf.get(id);
    if (first !== undefined) {
      uniqueItems.errors = [
        {
          keyword: 'uniqueItems',
          message: `must NOT have duplicate items (items ## ${first} and ${index} are identical)`,
          params: { i: index, j: first },
        },
      ];
      return false;
    }
    firstIndexOf.set(id, index);
  }
  return true;
};

ajv.removeKeyword('uniqueItems');
ajv.addKeyword({ keyword: 'uniqueItems', type: 'array', schemaType: 'boolean', errors: true, validate: uniqueItems });

/**
 * A keyword the executor adds to every schema object of a response schema that holds a
 * `$ref` (or `$dynamicRef`): each evaluation of it costs one unit of the check's budget.
 * Only references make a schema recursive, and a recursive `anyOf` / `oneOf` whose
 * branches both recurse evaluates a value once per path through them: 2^depth times, so
 * a 42-byte response nested 20 levels took 4.5 s. The budget bounds that.
 */
const REFERENCE_BUDGET_KEYWORD = 'workflowEditorReferenceBudget';

/** Reference evaluations one check may make besides {@link REFERENCES_PER_VALUE} per value of the body. */
const REFERENCE_BUDGET_BASE = 10_000;
/** Reference evaluations allowed per array, object or scalar of the body. */
const REFERENCES_PER_VALUE = 8;

/** Thrown out of a check whose references were evaluated more often than its budget allows. */
class ReferenceWorkExceededError extends Error {}

/** Reference evaluations left in the check under way; undefined outside a check. */
let referencesLeft: number | undefined;

const chargeReference: SchemaValidateFunction = (): boolean => {
  if (referencesLeft !== undefined && --referencesLeft < 0) throw new ReferenceWorkExceededError();
  return true;
};
ajv.addKeyword({ keyword: REFERENCE_BUDGET_KEYWORD, schemaType: 'boolean', errors: false, validate: chargeReference });

/** Keywords whose values are data, not schemas: copied untouched. */
const DATA_KEYWORDS = new Set(['const', 'enum', 'default', 'examples']);

/**
 * A copy of a schema with {@link REFERENCE_BUDGET_KEYWORD} beside every `$ref`. Recursive:
 * schemas come from validated definitions, at most 256 levels deep.
 */
function withReferenceBudget(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(withReferenceBudget);
  if (schema === null || typeof schema !== 'object') return schema;
  const copy: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(schema)) {
    Object.defineProperty(copy, key, { value: DATA_KEYWORDS.has(key) ? value : withReferenceBudget(value), enumerable: true, writable: true, configurable: true });
  }
  if (typeof copy.$ref === 'string' || typeof copy.$dynamicRef === 'string' || typeof copy.$recursiveRef === 'string') {
    copy[REFERENCE_BUDGET_KEYWORD] = true;
  }
  return copy;
}

/** Arrays, objects and scalars in a value, counted without recursion. */
function valueCount(value: JsonValue): number {
  let count = 0;
  const stack: JsonValue[] = [value];
  while (stack.length > 0) {
    const current = stack.pop()!;
    count += 1;
    if (Array.isArray(current)) {
      for (const item of current) stack.push(item);
    } else if (current !== null && typeof current === 'object') {
      for (const key in current) stack.push(current[key]!);
    }
  }
  return count;
}

const compiled = new WeakMap<JsonSchema, ValidateFunction>();
const compiledByText = new Map<string, ValidateFunction>();
/** Bounds the text cache: schemas come from definitions, which a long-lived host may load many of. */
const MAX_CACHED_SCHEMAS = 500;

/**
 * The schema's compiled validator. Throws what ajv throws, or an
 * {@link UnsupportedPatternError} (with where the pattern is) for a pattern the
 * linear-time engine cannot evaluate; only schemas that compiled are cached.
 */
function validatorFor(schema: JsonSchema): ValidateFunction {
  const known = compiled.get(schema);
  if (known) return known;
  const text = JSON.stringify(schema);
  let validate = compiledByText.get(text);
  if (!validate) {
    // Found before compiling, to name the pattern's place in the schema.
    const unsupported = findUnsupportedSchemaPattern(schema);
    if (unsupported) throw new PatternAt(unsupported.pointer, unsupported.error);
    validate = ajv.compile(withReferenceBudget(schema) as JsonSchema);
    if (compiledByText.size >= MAX_CACHED_SCHEMAS) compiledByText.delete(compiledByText.keys().next().value!);
    compiledByText.set(text, validate);
  }
  compiled.set(schema, validate);
  return validate;
}

/** An unsupported pattern and its JSON Pointer in the schema. */
class PatternAt extends Error {
  constructor(
    readonly pointer: string,
    readonly error: UnsupportedPatternError,
  ) {
    super(error.message);
  }
}

function patternMessage(pointer: string | undefined, error: UnsupportedPatternError): string {
  const where = pointer === undefined ? ` ${JSON.stringify(error.pattern)}` : ` at ${pointer}`;
  return `The response schema's pattern${where} ${error.detail}.`;
}

/**
 * Why a step's `responseSchema` cannot be used (it does not compile, or has a pattern
 * the linear-time engine cannot evaluate), or `undefined` when it can. Needs no
 * response: lets a step fail as misconfigured before anything is sent. Never throws.
 */
export function responseSchemaProblem(schema: JsonSchema): string | undefined {
  try {
    validatorFor(schema);
    return undefined;
  } catch (error) {
    return compileProblem(schema, error);
  }
}

function compileProblem(schema: JsonSchema, error: unknown): string {
  if (error instanceof PatternAt) return patternMessage(error.pointer, error.error);
  // A pattern ajv reached where the walk does not look (a `$ref` into an unknown keyword).
  if (error instanceof UnsupportedPatternError) return patternMessage(findPatternPointer(schema, error.pattern), error);
  return `The response schema is not a valid JSON Schema: ${error instanceof Error ? error.message : String(error)}`;
}

/**
 * Checks a response body against a step's `responseSchema`. A schema Ajv cannot
 * compile, or with a pattern the linear-time engine cannot evaluate (lookarounds,
 * backreferences, …), comes back as `invalid_schema`, so the step fails as misconfigured
 * rather than blaming the response.
 */
export function checkResponseSchema(
  schema: JsonSchema,
  body: JsonValue,
): { ok: true } | { ok: false; kind: 'mismatch' | 'invalid_schema'; message: string } {
  let validate: ValidateFunction;
  try {
    validate = validatorFor(schema);
  } catch (error) {
    return { ok: false, kind: 'invalid_schema', message: compileProblem(schema, error) };
  }
  let valid: boolean;
  try {
    currentIds = new ValueIds();
    referencesLeft = REFERENCE_BUDGET_BASE + REFERENCES_PER_VALUE * valueCount(body);
    valid = withPatternWorkBudget(() => validate(body) === true);
  } catch (error) {
    if (error instanceof ReferenceWorkExceededError) {
      // The server chose the nesting: a response too costly to check is not known to match.
      return {
        ok: false,
        kind: 'mismatch',
        message:
          'The response does not match the response schema: checking it would take too long ' +
          '(the schema\'s references are evaluated too often for this response; recursive anyOf or oneOf branches?).',
      };
    }
    if (!(error instanceof PatternWorkExceededError)) throw error;
    // The server chose the text: a response too costly to check is not known to match.
    return {
      ok: false,
      kind: 'mismatch',
      message:
        'The response does not match the response schema: checking it against the schema\'s patterns ' +
        'would take too long (its strings are too long for those patterns).',
    };
  } finally {
    currentIds = undefined;
    referencesLeft = undefined;
  }
  if (valid) return { ok: true };
  const details = (validate.errors ?? [])
    .slice(0, 5)
    .map((error) => `${error.instancePath === '' ? 'the body' : `body${error.instancePath}`} ${error.message ?? 'is invalid'}`)
    .join('; ');
  return { ok: false, kind: 'mismatch', message: `The response does not match the response schema: ${details}.` };
}
