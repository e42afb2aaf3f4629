// ---------------------------------------------------------------------------
// `responseSchema` checks, with the definition layer's interpreting validator (no code
// is generated, so a check costs nothing up front). Each schema is prepared once and
// found again by its JSON text.
//
// The schema is a person's and the response is a server's: neither is the host's, and
// the check runs in shared workers. So `pattern` and `patternProperties` run on a
// linear-time engine, never on JavaScript's backtracking one, and a pattern that engine
// cannot evaluate fails the step as misconfigured, naming where the pattern is.
// `uniqueItems` is linear in the array's size, and references are evaluated within a
// budget that grows with the response.
// ---------------------------------------------------------------------------

import {
  createSchemaValidator,
  SchemaNotUsableError,
  SchemaWorkExceededError,
  type JsonSchema,
  type JsonValue,
  type SchemaValidator,
} from '../definition';
import { linearRegExp, PatternWorkExceededError, UnsupportedPatternError, withPatternWorkBudget } from './linear-regexp';

/**
 * Reference evaluations one check may make besides {@link REFERENCES_PER_VALUE} per value
 * of the body. Only references make a schema recursive, and a recursive `anyOf` / `oneOf`
 * whose branches both recurse evaluates a value once per path through them: 2^depth
 * times, so a 42-byte response nested 20 levels would take seconds. The budget bounds that.
 */
const REFERENCE_BUDGET_BASE = 10_000;
/** Reference evaluations allowed per array, object or scalar of the body. */
const REFERENCES_PER_VALUE = 8;

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

const prepared = new WeakMap<JsonSchema, SchemaValidator>();
const preparedByText = new Map<string, SchemaValidator>();
/** Bounds the text cache: schemas come from definitions, which a long-lived host may load many of. */
const MAX_CACHED_SCHEMAS = 500;

/**
 * The schema's validator. Throws {@link SchemaNotUsableError} for a schema that cannot be
 * used (a pattern the linear-time engine refuses among them); only usable ones are cached.
 */
function validatorFor(schema: JsonSchema): SchemaValidator {
  const known = prepared.get(schema);
  if (known) return known;
  const text = JSON.stringify(schema);
  let validator = preparedByText.get(text);
  if (!validator) {
    validator = createSchemaValidator(schema, { pattern: (source) => linearRegExp(source, 'u') });
    if (preparedByText.size >= MAX_CACHED_SCHEMAS) preparedByText.delete(preparedByText.keys().next().value!);
    preparedByText.set(text, validator);
  }
  prepared.set(schema, validator);
  return validator;
}

/**
 * Why a step's `responseSchema` cannot be used (it is not a valid JSON Schema, or has a
 * pattern the linear-time engine cannot evaluate), or `undefined` when it can. Needs no
 * response: lets a step fail as misconfigured before anything is sent. Never throws.
 */
export function responseSchemaProblem(schema: JsonSchema): string | undefined {
  try {
    validatorFor(schema);
    return undefined;
  } catch (error) {
    return unusableSchemaMessage(error);
  }
}

function unusableSchemaMessage(error: unknown): string {
  if (error instanceof SchemaNotUsableError) {
    if (error.reason instanceof UnsupportedPatternError) {
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
export function checkResponseSchema(
  schema: JsonSchema,
  body: JsonValue,
): { ok: true } | { ok: false; kind: 'mismatch' | 'invalid_schema'; message: string } {
  let validator: SchemaValidator;
  try {
    validator = validatorFor(schema);
  } catch (error) {
    return { ok: false, kind: 'invalid_schema', message: unusableSchemaMessage(error) };
  }
  let errors;
  try {
    const referenceBudget = REFERENCE_BUDGET_BASE + REFERENCES_PER_VALUE * valueCount(body);
    errors = withPatternWorkBudget(() => validator.errors(body, { referenceBudget }));
  } catch (error) {
    if (error instanceof SchemaWorkExceededError) {
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
  }
  if (errors.length === 0) return { ok: true };
  const details = errors
    .slice(0, 5)
    .map((error) => `${error.instancePath === '' ? 'the body' : `body${error.instancePath}`} ${error.message}`)
    .join('; ');
  return { ok: false, kind: 'mismatch', message: `The response does not match the response schema: ${details}.` };
}
