// ---------------------------------------------------------------------------
// What the trigger's payload field list can show and what it writes: a plain object
// schema of typed fields. Kept apart from the list itself so the trigger panel can
// choose its view without loading the list.
// ---------------------------------------------------------------------------

import { useState } from 'react';
import type { JsonSchema, JsonValue } from '../../definition';

/** The JSON Schema types a payload field can have, in the order the type menu offers them. */
export const PAYLOAD_FIELD_TYPES = ['string', 'number', 'integer', 'boolean', 'object', 'array'] as const;

/** One of {@link PAYLOAD_FIELD_TYPES}. */
export type PayloadFieldType = (typeof PAYLOAD_FIELD_TYPES)[number];

/** One field of a trigger payload, as the field list shows it. */
export interface PayloadField {
  name: string;
  type: PayloadFieldType;
  required: boolean;
}

/** Which view of the payload schema shows: the field list or the JSON Schema text. */
export type PayloadSchemaView = 'fields' | 'json';

function isSchemaObject(value: JsonValue | undefined): value is JsonSchema {
  return value !== null && value !== undefined && typeof value === 'object' && !Array.isArray(value);
}

function hasOnlyKeys(value: JsonSchema, allowed: readonly string[]): boolean {
  return Object.keys(value).every((key) => allowed.includes(key));
}

/**
 * The fields `schema` describes, when a field list says all it says: an object schema of
 * `type`, `properties` and `required` only, each property `{ "type": <one type> }`. No
 * schema is an empty list. `null` when the list would lose something.
 */
export function payloadFieldsOf(schema: JsonSchema | undefined): PayloadField[] | null {
  if (schema === undefined) return [];
  if (schema.type !== 'object' || !hasOnlyKeys(schema, ['type', 'properties', 'required'])) return null;
  const properties = schema.properties ?? {};
  const required = schema.required ?? [];
  if (!isSchemaObject(properties) || !Array.isArray(required)) return null;
  const names = Object.keys(properties);
  if (!required.every((name) => typeof name === 'string' && Object.hasOwn(properties, name))) return null;
  if (new Set(required).size !== required.length) return null;
  const fields: PayloadField[] = [];
  for (const name of names) {
    const property = properties[name];
    if (name.trim() !== name || name === '' || !isSchemaObject(property) || !hasOnlyKeys(property, ['type']))
      return null;
    const type = PAYLOAD_FIELD_TYPES.find((candidate) => candidate === property.type);
    if (type === undefined) return null;
    fields.push({ name, type, required: required.includes(name) });
  }
  return fields;
}

/**
 * The schema a field list stands for: an object with the named fields (the first of a
 * repeated name; unnamed rows are still being written) and `required` when any is.
 * No named field is no schema, so every `trigger.*` reference is accepted again.
 */
export function payloadSchemaOf(fields: readonly PayloadField[]): JsonSchema | undefined {
  const properties: JsonSchema = {};
  const required: string[] = [];
  for (const field of fields) {
    const name = field.name.trim();
    if (name === '' || Object.hasOwn(properties, name)) continue;
    // Defined, not assigned: a field may be called "__proto__".
    Object.defineProperty(properties, name, {
      value: { type: field.type },
      enumerable: true,
      writable: true,
      configurable: true,
    });
    if (field.required) required.push(name);
  }
  if (Object.keys(properties).length === 0) return undefined;
  return required.length > 0 ? { type: 'object', properties, required } : { type: 'object', properties };
}

/** Whether two payload schemas are the same JSON, key order included (what the list wrote or not). */
export function samePayloadSchema(a: JsonSchema | undefined, b: JsonSchema | undefined): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/**
 * The view a payload schema opens in, kept per panel: the field list when it can show
 * the schema, else the JSON Schema text. A schema that changes into one the list cannot
 * show (undo, "from sample") switches to the text.
 */
export function usePayloadSchemaView(
  schema: JsonSchema | undefined,
): [PayloadSchemaView, (view: PayloadSchemaView) => void, boolean] {
  const listable = payloadFieldsOf(schema) !== null;
  const [view, setView] = useState<PayloadSchemaView>(listable ? 'fields' : 'json');
  if (view === 'fields' && !listable) setView('json');
  return [view, setView, listable];
}
