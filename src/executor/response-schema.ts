// ---------------------------------------------------------------------------
// `responseSchema` checks. Compiling a schema costs far more than a request, so each
// schema is compiled once and found again by its JSON text.
// ---------------------------------------------------------------------------

// The .js suffix lets an unbundled ESM build resolve it in Node (ajv has no exports map).
import Ajv2020 from 'ajv/dist/2020.js';
import type { ValidateFunction } from 'ajv/dist/2020.js';
import type { JsonSchema, JsonValue } from '../definition';

/**
 * Person-written schemas may use keywords and formats Ajv does not know; they are
 * ignored rather than failing the step (formats are not checked: the package does not
 * depend on ajv-formats).
 */
const ajv = new Ajv2020({ strict: false, validateFormats: false, allErrors: true });

const compiled = new WeakMap<JsonSchema, ValidateFunction>();
const compiledByText = new Map<string, ValidateFunction>();
/** Bounds the text cache: schemas come from definitions, which a long-lived host may load many of. */
const MAX_CACHED_SCHEMAS = 500;

function validatorFor(schema: JsonSchema): ValidateFunction {
  const known = compiled.get(schema);
  if (known) return known;
  const text = JSON.stringify(schema);
  let validate = compiledByText.get(text);
  if (!validate) {
    validate = ajv.compile(schema);
    if (compiledByText.size >= MAX_CACHED_SCHEMAS) compiledByText.delete(compiledByText.keys().next().value!);
    compiledByText.set(text, validate);
  }
  compiled.set(schema, validate);
  return validate;
}

/**
 * Checks a response body against a step's `responseSchema`. A schema Ajv cannot
 * compile comes back as `invalid_schema`, so the step fails as misconfigured rather
 * than blaming the response.
 */
export function checkResponseSchema(
  schema: JsonSchema,
  body: JsonValue,
): { ok: true } | { ok: false; kind: 'mismatch' | 'invalid_schema'; message: string } {
  let validate: ValidateFunction;
  try {
    validate = validatorFor(schema);
  } catch (error) {
    return {
      ok: false,
      kind: 'invalid_schema',
      message: `The response schema is not a valid JSON Schema: ${error instanceof Error ? error.message : String(error)}`,
    };
  }
  if (validate(body)) return { ok: true };
  const details = (validate.errors ?? [])
    .slice(0, 5)
    .map((error) => `${error.instancePath === '' ? 'the body' : `body${error.instancePath}`} ${error.message ?? 'is invalid'}`)
    .join('; ');
  return { ok: false, kind: 'mismatch', message: `The response does not match the response schema: ${details}.` };
}
