// ---------------------------------------------------------------------------
// Branch conditions (docs/definition.md, "Branch step"). An unresolvable reference is
// absent: `exists` is false, `not_exists` true, every other comparison false.
// ---------------------------------------------------------------------------

import type { Comparison, Condition, JsonValue } from '../definition';
import { resolveTemplate, type TemplateContext } from '../definition/references/resolve';

/** A value that is not there: an unresolvable reference. */
const ABSENT = Symbol('absent');

function operand(value: JsonValue | undefined, context: TemplateContext): JsonValue | typeof ABSENT {
  if (value === undefined) return ABSENT;
  const result = resolveTemplate(value, context, {});
  return result.ok ? result.value : ABSENT;
}

function deepEqual(a: JsonValue, b: JsonValue): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a) && Array.isArray(b)) {
    return a.length === b.length && a.every((item, index) => deepEqual(item, b[index]!));
  }
  const left = a as Record<string, JsonValue>;
  const right = b as Record<string, JsonValue>;
  const keys = Object.keys(left);
  return (
    keys.length === Object.keys(right).length &&
    keys.every((key) => Object.prototype.hasOwnProperty.call(right, key) && deepEqual(left[key]!, right[key]!))
  );
}

/** Orders two numbers, or two strings; anything else does not compare. */
function order(left: JsonValue, right: JsonValue): number | undefined {
  if (typeof left === 'number' && typeof right === 'number') return left - right;
  if (typeof left === 'string' && typeof right === 'string') return left < right ? -1 : left > right ? 1 : 0;
  return undefined;
}

function compare(comparison: Comparison, context: TemplateContext): boolean {
  const left = operand(comparison.left, context);
  // `null` counts as not existing: a JSON field set to null carries no value.
  if (comparison.op === 'exists') return left !== ABSENT && left !== null;
  if (comparison.op === 'not_exists') return left === ABSENT || left === null;
  const right = operand(comparison.right, context);
  if (left === ABSENT || right === ABSENT) return false;
  switch (comparison.op) {
    case 'eq':
      return deepEqual(left, right);
    case 'neq':
      return !deepEqual(left, right);
    case 'contains':
      if (typeof left === 'string') return typeof right === 'string' && left.includes(right);
      if (Array.isArray(left)) return left.some((item) => deepEqual(item, right));
      return false;
    case 'gt':
    case 'gte':
    case 'lt':
    case 'lte': {
      const difference = order(left, right);
      if (difference === undefined || Number.isNaN(difference)) return false;
      if (comparison.op === 'gt') return difference > 0;
      if (comparison.op === 'gte') return difference >= 0;
      if (comparison.op === 'lt') return difference < 0;
      return difference <= 0;
    }
  }
}

/** Whether a branch condition holds (`all: []` holds, `any: []` does not). */
export function conditionHolds(condition: Condition, context: TemplateContext): boolean {
  if ('all' in condition) return condition.all.every((inner) => conditionHolds(inner, context));
  if ('any' in condition) return condition.any.some((inner) => conditionHolds(inner, context));
  return compare(condition, context);
}
