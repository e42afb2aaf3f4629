// ---------------------------------------------------------------------------
// "Generate from payload schema": an example value a JSON Schema accepts, for trying a
// workflow without real (personal) data. Prefers what the schema's author wrote
// (`examples`, `default`, `const`, `enum`), then a plain value of the declared type that
// respects the common limits (minimum, minLength, minItems, format).
// ---------------------------------------------------------------------------

import type { JsonSchema, JsonValue } from '../../../definition';

/**
 * Schema levels followed; below them a value is `null`. A payload schema may be written
 * by anyone (or be recursive through `$ref`, which is not followed), so the walk is
 * bounded before it starts.
 */
export const MAX_SAMPLE_SCHEMA_DEPTH = 24;
/** Properties generated per object, so a schema with thousands of them stays cheap. */
const MAX_PROPERTIES = 200;

type SchemaObject = Record<string, unknown>;

const isObject = (value: unknown): value is SchemaObject =>
  value !== null && typeof value === 'object' && !Array.isArray(value);

/** Copies a JSON value the schema holds (an example, a default), or `undefined` when it is not plain JSON. */
function jsonCopy(value: unknown): JsonValue | undefined {
  try {
    return value === undefined ? undefined : (JSON.parse(JSON.stringify(value)) as JsonValue);
  } catch {
    return undefined;
  }
}

const FORMAT_SAMPLES: Record<string, string> = {
  email: 'person@example.com',
  'date-time': '2026-01-31T09:30:00Z',
  date: '2026-01-31',
  time: '09:30:00Z',
  uri: 'https://example.com/',
  url: 'https://example.com/',
  uuid: '3f2c8a1e-5b7d-4c6e-9a0f-1b2c3d4e5f60',
  hostname: 'example.com',
  ipv4: '192.0.2.1',
  ipv6: '2001:db8::1',
};

function firstType(schema: SchemaObject): string | undefined {
  const type = schema.type;
  if (typeof type === 'string') return type;
  if (Array.isArray(type))
    return (
      type.find((item): item is string => typeof item === 'string' && item !== 'null') ??
      (type[0] as string | undefined)
    );
  if (isObject(schema.properties)) return 'object';
  if (schema.items !== undefined) return 'array';
  return undefined;
}

function sampleString(schema: SchemaObject, name: string | undefined): string {
  const format = typeof schema.format === 'string' ? FORMAT_SAMPLES[schema.format] : undefined;
  let text = format ?? (name ? `sample ${name}` : 'sample text');
  const minLength = typeof schema.minLength === 'number' ? schema.minLength : 0;
  const maxLength = typeof schema.maxLength === 'number' ? schema.maxLength : Infinity;
  if (text.length < minLength) text = text.padEnd(Math.min(minLength, 10_000), 'x');
  if (text.length > maxLength) text = text.slice(0, Math.max(0, maxLength));
  return text;
}

function sampleNumber(schema: SchemaObject, integer: boolean): number {
  const minimum =
    typeof schema.minimum === 'number'
      ? schema.minimum
      : typeof schema.exclusiveMinimum === 'number'
        ? schema.exclusiveMinimum + 1
        : undefined;
  const maximum =
    typeof schema.maximum === 'number'
      ? schema.maximum
      : typeof schema.exclusiveMaximum === 'number'
        ? schema.exclusiveMaximum - 1
        : undefined;
  let value = minimum ?? (maximum !== undefined ? Math.min(maximum, 1) : 1);
  if (integer) value = Math.ceil(value);
  return value;
}

function generate(schema: unknown, depth: number, name: string | undefined): JsonValue {
  if (!isObject(schema) || depth > MAX_SAMPLE_SCHEMA_DEPTH) return null;
  if (Array.isArray(schema.examples) && schema.examples.length > 0) {
    const example = jsonCopy(schema.examples[0]);
    if (example !== undefined) return example;
  }
  for (const key of ['const', 'default'] as const) {
    if (key in schema) {
      const value = jsonCopy(schema[key]);
      if (value !== undefined) return value;
    }
  }
  if (Array.isArray(schema.enum) && schema.enum.length > 0) {
    const value = jsonCopy(schema.enum[0]);
    if (value !== undefined) return value;
  }
  for (const key of ['allOf', 'anyOf', 'oneOf'] as const) {
    const options = schema[key];
    if (Array.isArray(options) && options.length > 0 && firstType(schema) === undefined)
      return generate(options[0], depth + 1, name);
  }
  switch (firstType(schema)) {
    case 'string':
      return sampleString(schema, name);
    case 'integer':
      return sampleNumber(schema, true);
    case 'number':
      return sampleNumber(schema, false);
    case 'boolean':
      return true;
    case 'null':
      return null;
    case 'array': {
      const minItems = typeof schema.minItems === 'number' ? Math.min(schema.minItems, 20) : 1;
      const items = Array.isArray(schema.prefixItems) ? schema.prefixItems : [];
      const result: JsonValue[] = [];
      for (let index = 0; index < Math.max(minItems, items.length, 1); index++) {
        result.push(generate(items[index] ?? schema.items, depth + 1, name));
      }
      return result;
    }
    case 'object': {
      const result: Record<string, JsonValue> = {};
      const properties = isObject(schema.properties) ? schema.properties : {};
      for (const key of Object.keys(properties).slice(0, MAX_PROPERTIES)) {
        Object.defineProperty(result, key, {
          value: generate(properties[key], depth + 1, key),
          enumerable: true,
          writable: true,
          configurable: true,
        });
      }
      return result;
    }
    default:
      return null;
  }
}

/**
 * An example value for `schema` (a trigger's payload schema): every property of every
 * object, one item per array, the author's examples and defaults where given. A schema
 * nested deeper than {@link MAX_SAMPLE_SCHEMA_DEPTH} levels gets `null` below them.
 */
export function sampleFromSchema(schema: JsonSchema): JsonValue {
  return generate(schema, 1, undefined);
}
