// ---------------------------------------------------------------------------
// `responseSchema` checks, with the definition layer's interpreting validator (no code
// is generated, so a check costs nothing up front). Each schema is prepared once and
// found again by its JSON text.
//
// The schema is a person's and the response is a server's: neither is the host's, and
// the check runs in shared workers. So `pattern` and `patternProperties` run on a
// linear-time engine, never on JavaScript's backtracking one, and a pattern that engine
// cannot evaluate fails the step as misconfigured, naming where the pattern is.
// `uniqueItems`, `enum` and `const` are linear in the response's size, and the
// validator evaluates the schema's parts within a budget that grows with the response.
//
// That engine (with re2js, several times the size of the rest of the executor) loads the
// first time a schema holds a pattern: most schemas hold none, and a page that runs steps
// should not fetch it for them.
// ---------------------------------------------------------------------------

import {
  createSchemaValidator,
  SchemaNotUsableError,
  SchemaWorkExceededError,
  type JsonSchema,
  type JsonValue,
  type SchemaPattern,
  type SchemaValidator,
} from '../definition';
import { describeError } from './json-data';
import { loadOnce } from './load-once';

type PatternEngine = typeof import('./linear-regexp');

let patternEngine: PatternEngine | undefined;

/** Loads the pattern engine once; after a failed load, the next schema with a pattern asks again. */
const loadPatternEngine = loadOnce(() => import('./linear-regexp').then((engine) => (patternEngine = engine)));

/** The pattern engine's code could not be loaded (in a page: its chunk did not arrive). */
class PatternEngineNotLoadedError extends Error {
  constructor(cause: unknown) {
    super('the pattern engine could not be loaded', { cause });
  }
}

/** What the pattern hook throws while the engine is not there: the schema is prepared again once it is. */
const PATTERN_ENGINE_NOT_LOADED = new Error('the pattern engine is not loaded yet');

function compilePattern(source: string): SchemaPattern {
  if (patternEngine === undefined) throw PATTERN_ENGINE_NOT_LOADED;
  return patternEngine.linearRegExp(source, 'u');
}

const prepared = new WeakMap<JsonSchema, SchemaValidator>();
const preparedByText = new Map<string, SchemaValidator>();
/** Bounds the text cache: schemas come from definitions, which a long-lived host may load many of. */
const MAX_CACHED_SCHEMAS = 500;

/**
 * The schema's validator, the pattern engine loaded first when the schema holds a
 * pattern. Rejects with {@link SchemaNotUsableError} for a schema that cannot be used (a
 * pattern the linear-time engine refuses among them); only usable ones are cached.
 */
async function validatorFor(schema: JsonSchema): Promise<SchemaValidator> {
  try {
    return preparedValidatorFor(schema);
  } catch (error) {
    if (!(error instanceof SchemaNotUsableError && error.reason === PATTERN_ENGINE_NOT_LOADED)) throw error;
  }
  try {
    await loadPatternEngine();
  } catch (error) {
    throw new PatternEngineNotLoadedError(error);
  }
  return preparedValidatorFor(schema);
}

function preparedValidatorFor(schema: JsonSchema): SchemaValidator {
  const known = prepared.get(schema);
  if (known) return known;
  const text = JSON.stringify(schema);
  let validator = preparedByText.get(text);
  if (!validator) {
    validator = createSchemaValidator(schema, { pattern: compilePattern });
    if (preparedByText.size >= MAX_CACHED_SCHEMAS) preparedByText.delete(preparedByText.keys().next().value!);
    preparedByText.set(text, validator);
  }
  prepared.set(schema, validator);
  return validator;
}

/**
 * Why a step's `responseSchema` cannot be used (it is not a valid JSON Schema, or has a
 * pattern the linear-time engine cannot evaluate), or `undefined` when it can. Needs no
 * response: lets a step fail as misconfigured before anything is sent. Never rejects.
 */
export async function responseSchemaProblem(schema: JsonSchema): Promise<string | undefined> {
  try {
    await validatorFor(schema);
    return undefined;
  } catch (error) {
    return unusableSchemaMessage(error);
  }
}

function unusableSchemaMessage(error: unknown): string {
  if (error instanceof PatternEngineNotLoadedError) {
    return `The response schema's patterns cannot be checked: the code that checks them could not be loaded (${describeError(error.cause)}).`;
  }
  if (error instanceof SchemaNotUsableError) {
    if (patternEngine !== undefined && error.reason instanceof patternEngine.UnsupportedPatternError) {
      const where = error.pointer === '' ? ` ${JSON.stringify(error.reason.pattern)}` : ` at ${error.pointer}`;
      return `The response schema's pattern${where} ${error.reason.detail}.`;
    }
    const where = error.pointer === '' ? '' : ` (at ${error.pointer})`;
    return error.kind === 'invalid'
      ? `The response schema is not a valid JSON Schema: ${error.detail}${where}.`
      : `The response schema cannot be used: ${error.detail}${where}.`;
  }
  return `The response schema cannot be used: ${error instanceof Error ? error.message : String(error)}.`;
}

/**
 * Checks a response body against a step's `responseSchema`. A schema that cannot be used,
 * or with a pattern the linear-time engine cannot evaluate (lookarounds,
 * backreferences, …), comes back as `invalid_schema`, so the step fails as misconfigured
 * rather than blaming the response.
 */
export async function checkResponseSchema(
  schema: JsonSchema,
  body: JsonValue,
): Promise<{ ok: true } | { ok: false; kind: 'mismatch' | 'invalid_schema'; message: string }> {
  let validator: SchemaValidator;
  try {
    validator = await validatorFor(schema);
  } catch (error) {
    return { ok: false, kind: 'invalid_schema', message: unusableSchemaMessage(error) };
  }
  let errors;
  // A validator with patterns was prepared with the engine there; without patterns it needs no budget.
  const engine = patternEngine;
  try {
    // The validator's default work budget grows with the body; the message names five
    // errors, so a body failing everywhere need not have them all written out.
    const check = () => validator.errors(body, { maxErrors: 20 });
    errors = engine ? engine.withPatternWorkBudget(check) : check();
  } catch (error) {
    if (error instanceof SchemaWorkExceededError) {
      // The server chose the nesting: a response too costly to check is not known to match.
      return {
        ok: false,
        kind: 'mismatch',
        message:
          'The response does not match the response schema: checking it would take too long ' +
          '(the schema evaluates its parts too often for a response of this size; recursive anyOf or oneOf branches?).',
      };
    }
    if (!(engine && error instanceof engine.PatternWorkExceededError)) throw error;
    // The server chose the text: a response too costly to check is not known to match.
    return {
      ok: false,
      kind: 'mismatch',
      message:
        "The response does not match the response schema: checking it against the schema's patterns " +
        'would take too long (its strings are too long for those patterns).',
    };
  }
  if (errors.length === 0) return { ok: true };
  const details = errors
    .slice(0, 5)
    .map((error) => `${error.instancePath === '' ? 'the body' : `body${error.instancePath}`} ${error.message}`)
    .join('; ');
  return { ok: false, kind: 'mismatch', message: `The response does not match the response schema: ${details}.` };
}
