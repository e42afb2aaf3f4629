// ---------------------------------------------------------------------------
// "From sample": turns one example JSON document (a pasted API response, a trigger
// payload) into a JSON Schema a person can start from. It describes what the sample
// shows and nothing more: no `required`, no formats, so a later, fuller response is
// not rejected because the sample happened to lack a field.
// ---------------------------------------------------------------------------

import { setOwn } from './own';
import type { JsonSchema, JsonValue } from './types';

/**
 * Sample levels described; below them a schema says nothing (`{}`, anything goes). Each
 * sample level is one or two schema levels (`properties`, then the field), so the
 * schema stays well inside the 256 levels a document may nest, and nothing here recurses
 * deeper than this whatever the sample.
 */
const MAX_SAMPLE_DEPTH = 32;

/**
 * A JSON Schema describing `sample`: objects list their properties in the sample's key
 * order, arrays describe their items from every element (merged), numbers are `integer`
 * when every sample value is whole. Below 32 levels of the sample, values are described
 * as anything (`{}`).
 */
export function schemaFromSample(sample: JsonValue): JsonSchema {
  return describe(sample, 1);
}

function describe(sample: JsonValue, depth: number): JsonSchema {
  if (sample === null) return { type: 'null' };
  if (typeof sample === 'object' && depth > MAX_SAMPLE_DEPTH) return {};
  if (Array.isArray(sample)) {
    if (sample.length === 0) return { type: 'array' };
    const itemSchema = sample.map((item) => describe(item, depth + 1)).reduce(mergeSchemas);
    return { type: 'array', items: itemSchema };
  }
  switch (typeof sample) {
    case 'string':
      return { type: 'string' };
    case 'boolean':
      return { type: 'boolean' };
    case 'number':
      return { type: Number.isInteger(sample) ? 'integer' : 'number' };
    default: {
      const properties: JsonSchema = {};
      for (const [key, value] of Object.entries(sample)) setOwn(properties, key, describe(value, depth + 1));
      return { type: 'object', properties };
    }
  }
}

// Two array elements of different shapes should not make the first one win: the merged
// schema accepts both, so the schema never rejects the very sample it came from.
function mergeSchemas(a: JsonSchema, b: JsonSchema): JsonSchema {
  if (a.type === b.type) {
    if (a.type === 'object') {
      const aProps = (a.properties ?? {}) as JsonSchema;
      const bProps = (b.properties ?? {}) as JsonSchema;
      const merged: JsonSchema = { ...aProps };
      for (const [key, schema] of Object.entries(bProps)) {
        const existing = Object.hasOwn(merged, key) ? merged[key] : undefined;
        setOwn(merged, key, isSchema(existing) && isSchema(schema) ? mergeSchemas(existing, schema) : schema);
      }
      return { type: 'object', properties: merged };
    }
    if (a.type === 'array') {
      if (isSchema(a.items) && isSchema(b.items)) return { type: 'array', items: mergeSchemas(a.items, b.items) };
      return isSchema(a.items) ? a : b;
    }
    return a;
  }
  if ((a.type === 'integer' && b.type === 'number') || (a.type === 'number' && b.type === 'integer')) {
    return { type: 'number' };
  }
  const types = new Set<string>();
  for (const schema of [a, b]) {
    const type = schema.type;
    if (typeof type === 'string') types.add(type);
    else if (Array.isArray(type)) for (const t of type) if (typeof t === 'string') types.add(t);
  }
  // Keep the richer description of an object or array when it is mixed with a scalar.
  const structured = [a, b].find((schema) => schema.type === 'object' || schema.type === 'array');
  return { ...(structured ?? {}), type: [...types] };
}

function isSchema(value: JsonValue | undefined): value is JsonSchema {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
