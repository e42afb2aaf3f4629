// ---------------------------------------------------------------------------
// `responseSchema` checks. Compiling a schema costs far more than a request, so each
// schema is compiled once and found again by its JSON text.
//
// The schema is a person's and the response is a server's: neither is the host's, and
// the check runs in shared workers. So `pattern` and `patternProperties` run on a
// linear-time engine, never on JavaScript's backtracking one, and a pattern that engine
// cannot evaluate fails the step as misconfigured, naming where the pattern is.
// ---------------------------------------------------------------------------

// The .js suffix lets an unbundled ESM build resolve it in Node (ajv has no exports map).
import Ajv2020 from 'ajv/dist/2020.js';
import type { ValidateFunction } from 'ajv/dist/2020.js';
import type { RegExpEngine } from 'ajv/dist/types/index.js';
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
});

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
    validate = ajv.compile(schema);
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
    valid = withPatternWorkBudget(() => validate(body) === true);
  } catch (error) {
    if (!(error instanceof PatternWorkExceededError)) throw error;
    // The server chose the text: a response too costly to check is not known to match.
    return {
      ok: false,
      kind: 'mismatch',
      message:
        'The response does not match the response schema: checking it against the schema\'s patterns ' +
        'would take too long (its strings are too long for those patterns).',
    };
  }
  if (valid) return { ok: true };
  const details = (validate.errors ?? [])
    .slice(0, 5)
    .map((error) => `${error.instancePath === '' ? 'the body' : `body${error.instancePath}`} ${error.message ?? 'is invalid'}`)
    .join('; ');
  return { ok: false, kind: 'mismatch', message: `The response does not match the response schema: ${details}.` };
}
