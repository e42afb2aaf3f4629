// ---------------------------------------------------------------------------
// Small helpers for objects whose keys come from people: step ids, header names, body
// keys. Plain assignment of the key "__proto__" changes an object's prototype instead
// of adding a field, and a plain read of "constructor" or "toString" finds
// Object.prototype's members, so every such read and write goes through these.
// The definition entry exports them for the executor's separate builds, which take the
// definition layer from that entry; each is marked internal, so hosts do not see them.
// ---------------------------------------------------------------------------

import type { JsonObject, JsonValue } from './types';

/**
 * A non-null object that is not an array (what a JSON object is once parsed).
 *
 * @internal Shared by the layers; hosts have their own.
 */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/**
 * Sets an own property even for the key "__proto__", which plain assignment would treat as the prototype.
 *
 * @internal Shared by the layers; hosts have their own.
 */
export function setOwn(target: object, key: string, value: unknown): void {
  // "__proto__" is the one accessor plain objects inherit; every other key assigns as an own field.
  if (key === '__proto__')
    Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  else (target as Record<string, unknown>)[key] = value;
}

/**
 * The own property `key` of `record`; never a member inherited from a prototype.
 *
 * @internal Shared by the layers; hosts have their own.
 */
export function ownValue(record: Record<string, unknown>, key: string): unknown {
  return Object.hasOwn(record, key) ? record[key] : undefined;
}

/**
 * A JSON object holding `entries` as own properties, "__proto__" included.
 *
 * @internal Shared by the layers; hosts have their own.
 */
export function jsonObjectFrom(entries: Iterable<readonly [string, JsonValue]>): JsonObject {
  const result: JsonObject = {};
  for (const [key, value] of entries) setOwn(result, key, value);
  return result;
}

/**
 * Structural equality of JSON values (object key order does not matter; own keys only).
 *
 * @internal Shared by the layers; hosts have their own.
 */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a))
    return Array.isArray(b) && a.length === b.length && a.every((item, index) => jsonEqual(item, b[index]));
  if (isRecord(a) && isRecord(b)) {
    const keys = Object.keys(a);
    return (
      keys.length === Object.keys(b).length && keys.every((key) => Object.hasOwn(b, key) && jsonEqual(a[key], b[key]))
    );
  }
  return false;
}
