// ---------------------------------------------------------------------------
// The combinators the build-time validators are made of: the meaning of each JSON Schema
// keyword, once. The generated module (precompiled-validators.ts) only declares checks
// built from these, so no code is generated at run time and none is written twice.
// ---------------------------------------------------------------------------

import { isRecord } from '../own';
import { codePointLength } from './json-schema';

/** Whether a value is valid against one (sub)schema. */
export type Check = (value: unknown) => boolean;

/** Accepts everything (`true`, or a schema of annotations only). */
export const T: Check = () => true;
/** Accepts nothing (`false`). */
export const F: Check = () => false;

const TYPES: Record<string, Check> = {
  string: (value) => typeof value === 'string',
  number: (value) => typeof value === 'number' && Number.isFinite(value),
  integer: (value) => typeof value === 'number' && Number.isInteger(value),
  boolean: (value) => typeof value === 'boolean',
  null: (value) => value === null,
  array: (value) => Array.isArray(value),
  object: isRecord,
};

/** Every check passes (the keywords of one schema, `allOf`, `$ref`). */
export function all(...checks: Check[]): Check {
  // Most schemas have two or three keywords: a closure over each check reads no array.
  const [first, second, third] = checks;
  switch (checks.length) {
    case 0:
      return T;
    case 1:
      return first!;
    case 2:
      return (value) => first!(value) && second!(value);
    case 3:
      return (value) => first!(value) && second!(value) && third!(value);
    default:
      return (value) => {
        for (let index = 0; index < checks.length; index++) if (!checks[index]!(value)) return false;
        return true;
      };
  }
}

/** `type`. */
export function type(...names: string[]): Check {
  const checks = names.map((name) => TYPES[name]!);
  return checks.length === 1 ? checks[0]! : (value) => checks.some((check) => check(value));
}

/** `const` and `enum` of scalars. */
export function among(...allowed: unknown[]): Check {
  return allowed.length === 1 ? (value) => value === allowed[0] : (value) => allowed.includes(value);
}

/** `minLength`, `maxLength` (in code points, of at least half as many UTF-16 units) and `pattern`, for strings. */
export function text(min: number, max: number, pattern: RegExp | undefined): Check {
  return (value) =>
    typeof value !== 'string' ||
    (value.length >= min &&
      (value.length >= 2 * min || codePointLength(value) >= min) &&
      (value.length <= max || codePointLength(value) <= max) &&
      (pattern === undefined || pattern.test(value)));
}

/** `minimum`, `maximum`, `exclusiveMinimum`, `exclusiveMaximum`, for numbers. */
export function range(min: number, max: number, above: number, below: number): Check {
  return (value) => typeof value !== 'number' || (value >= min && value <= max && value > above && value < below);
}

/** `minItems`, `maxItems` and `items`, for arrays. */
export function list(min: number, max: number, item: Check | undefined): Check {
  return (value) => {
    if (!Array.isArray(value)) return true;
    if (value.length < min || value.length > max) return false;
    if (item) for (let index = 0; index < value.length; index++) if (!item(value[index])) return false;
    return true;
  };
}

/**
 * `required`, `properties` and `additionalProperties`, for objects. A property holding
 * undefined is absent, as it is once the value is written as JSON; own keys only.
 */
export function fields(
  required: readonly string[],
  properties: Record<string, Check>,
  additional: Check | undefined,
): Check {
  const names = Object.keys(properties);
  const checks = names.map((name) => properties[name]!);
  const byName = additional === undefined ? undefined : new Map(names.map((name, index) => [name, checks[index]!]));
  // A required property that is also named is checked for presence where it is read.
  const isRequired = names.map((name) => required.includes(name));
  const requiredUnnamed = byName === undefined ? required.filter((name) => !names.includes(name)) : required;
  return (value) => {
    if (!isRecord(value)) return true;
    // Own properties only, whatever Object.prototype holds (a polluted one included).
    for (let index = 0; index < requiredUnnamed.length; index++) {
      const name = requiredUnnamed[index]!;
      if (!Object.hasOwn(value, name) || value[name] === undefined) return false;
    }
    if (byName === undefined) {
      // Only the named properties are checked: read those, not every key the object has.
      for (let index = 0; index < names.length; index++) {
        const name = names[index]!;
        const item = Object.hasOwn(value, name) ? value[name] : undefined;
        if (item === undefined) {
          if (isRequired[index]) return false;
        } else if (!checks[index]!(item)) return false;
      }
      return true;
    }
    const keys = Object.keys(value);
    for (let index = 0; index < keys.length; index++) {
      const key = keys[index]!;
      const item = value[key];
      if (item === undefined) continue;
      if (!(byName.get(key) ?? additional)!(item)) return false;
    }
    return true;
  };
}

/** A check declared further down (a schema inside itself), found when first run. */
export function later(get: () => Check): Check {
  let check: Check | undefined;
  return (value) => (check ??= get())(value);
}

/** `if` / `then` / `else`. */
export function when(condition: Check, then: Check, otherwise: Check): Check {
  return (value) => (condition(value) ? then(value) : otherwise(value));
}
