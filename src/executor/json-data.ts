// ---------------------------------------------------------------------------
// Values from outside the executor (a definition object, the trigger, earlier steps'
// outputs, what a host handler returns, a response body) made into plain JSON data the
// rest of the executor can trust: no BigInt, no cycles, no getters or proxies that
// throw, nesting within a limit. Everything here is iterative (explicit stacks), so no
// input can exhaust the call stack; what runs after it may recurse, because its input
// is then bounded (see the limits below).
// ---------------------------------------------------------------------------

import type { JsonValue } from '../definition';
import { escapeJsonPointerSegment } from '../definition/json-pointer';
import { isRecord, setOwn } from '../definition/own';

/** @internal The rest of the executor takes setOwn from here, next to the copy it is used with. */
export { setOwn } from '../definition/own';

/**
 * Response bodies (and host data: the trigger, earlier steps, handler outputs) nest at
 * most this many levels of arrays and objects, counted from the root (a root array is
 * level 1). The definition format's own limit for documents is lower (256).
 */
export const MAX_DATA_NESTING = 1000;

/**
 * How deep `options.steps` may nest: a response body at the limit above, inside the
 * three levels a run result wraps it in (the record of steps, the step's entry, its
 * `output`). So a previous result's `steps` can always be passed as is.
 */
export const MAX_EARLIER_STEPS_NESTING = MAX_DATA_NESTING + 3;

/** How a value is read. */
export type CopyMode =
  /**
   * A definition: JSON data only. Objects with a `toJSON` method, functions, symbols,
   * BigInts, non-finite numbers, `undefined` array items and array holes are refused;
   * an object property set to `undefined` is left out, as JSON text leaves it out.
   */
  | 'strict'
  /**
   * Host data: what `JSON.stringify` would send (`toJSON` called, `undefined`, functions
   * and symbols left out of objects and `null` in arrays, non-finite numbers `null`);
   * refused only where `JSON.stringify` would throw (BigInt, cycles) or a read throws.
   */
  | 'json';

/** A copy, or where and why a value could not be copied. */
export type CopyResult =
  { ok: true; value: JsonValue; nodes: number } | { ok: false; path: string; reason: string; tooDeep: boolean };

/** A type name for messages: "a BigInt", "a function", "a Date object". */
function kindOf(value: unknown): string {
  if (typeof value === 'bigint') return 'a BigInt';
  if (typeof value === 'function') return 'a function';
  if (typeof value === 'symbol') return 'a symbol';
  if (value === undefined) return 'undefined';
  if (typeof value === 'number') return String(value);
  return 'an object with a toJSON method';
}

/** `error.message` when it can be read, without running anything that could throw again. */
export function describeError(error: unknown): string {
  try {
    if (typeof error === 'string') return error;
    if (error !== null && typeof error === 'object') {
      const message = (error as { message?: unknown }).message;
      if (typeof message === 'string' && message !== '') return message;
    }
  } catch {
    // A proxy or a getter that throws: nothing readable.
  }
  return 'an error that could not be described';
}

interface Frame {
  /** The value still to be copied. */
  source: unknown;
  /** Where the copy goes: set by `put`. */
  put: (value: JsonValue) => void;
  path: string;
  depth: number;
  /** The key under which `toJSON` is called, as `JSON.stringify` passes it. */
  key: string;
}

/** Thrown inside the copy loop to stop it with a located reason (once per copy at most). */
class Refused extends Error {
  constructor(
    readonly path: string,
    readonly reason: string,
    readonly tooDeep = false,
  ) {
    super(reason);
  }
}

/**
 * A deep copy of `value` as plain JSON data, nested at most `maxDepth` levels. Never
 * throws: a value that cannot be copied gives the JSON Pointer where it failed and why.
 */
export function copyJsonData(value: unknown, mode: CopyMode, maxDepth: number): CopyResult {
  const flat = flatCopy(value, maxDepth);
  if (flat !== undefined) return flat;
  let root: JsonValue = null;
  let nodes = 0;
  const stack: Frame[] = [{ source: value, put: (copy) => (root = copy), path: '', depth: 0, key: '' }];
  /** Containers on the path being copied, for cycles (a cycle makes `JSON.stringify` throw). */
  const open = new Set<object>();
  /** Marks, on the stack, the point where a container's children are done. */
  const closers = new Map<Frame, object>();
  /** Where the copy is: the place to name if a getter, a proxy trap or a toJSON throws. */
  let where = '';
  try {
    while (stack.length > 0) {
      const frame = stack.pop()!;
      where = frame.path;
      const closing = closers.get(frame);
      if (closing !== undefined) {
        open.delete(closing);
        closers.delete(frame);
        continue;
      }
      nodes += 1;
      let current = frame.source;
      if (mode === 'json' && current !== null && (typeof current === 'object' || typeof current === 'bigint')) {
        const toJSON = (current as { toJSON?: unknown }).toJSON;
        if (typeof toJSON === 'function') current = (toJSON as (key: string) => unknown).call(current, frame.key);
      }
      if (current === null || typeof current === 'string' || typeof current === 'boolean') {
        frame.put(current);
        continue;
      }
      if (typeof current === 'number') {
        if (Number.isFinite(current)) frame.put(current);
        else if (mode === 'json') frame.put(null);
        else throw new Refused(frame.path, `${kindOf(current)}, which JSON cannot hold`);
        continue;
      }
      if (typeof current !== 'object') {
        throw new Refused(frame.path, `${kindOf(current)}, which JSON cannot hold`);
      }
      if (mode === 'strict' && typeof (current as { toJSON?: unknown }).toJSON === 'function') {
        throw new Refused(frame.path, `${kindOf(current)}, not plain JSON data`);
      }
      const depth = frame.depth + 1;
      if (depth > maxDepth)
        throw new Refused(frame.path, `nested deeper than ${maxDepth.toLocaleString('en-US')} levels`, true);
      if (open.has(current)) throw new Refused(frame.path, 'a reference back to a value that contains it (a cycle)');
      open.add(current);
      const closer: Frame = { source: undefined, put: () => undefined, path: frame.path, depth, key: '' };
      closers.set(closer, current);
      stack.push(closer);
      if (Array.isArray(current)) {
        const source = current as unknown[];
        const length = source.length;
        const copy: JsonValue[] = new Array<JsonValue>(length).fill(null);
        frame.put(copy);
        // Pushed last to first, so items are copied (and failures found) in order.
        for (let index = length - 1; index >= 0; index--) {
          const path = `${frame.path}/${index}`;
          where = path;
          if (!(index in source)) {
            if (mode === 'strict') throw new Refused(path, 'a hole in an array, which JSON cannot hold');
            continue;
          }
          const item = source[index];
          if (mode === 'strict' && item === undefined) throw new Refused(path, 'undefined, which JSON cannot hold');
          if (mode === 'json' && (item === undefined || typeof item === 'function' || typeof item === 'symbol'))
            continue;
          stack.push({ source: item, put: (itemCopy) => (copy[index] = itemCopy), path, depth, key: String(index) });
        }
        continue;
      }
      const record = current as Record<string, unknown>;
      const copy: Record<string, JsonValue> = {};
      frame.put(copy);
      const keys = Object.keys(record);
      const frames: Frame[] = [];
      for (const key of keys) {
        const path = `${frame.path}/${escapeJsonPointerSegment(key)}`;
        where = path;
        const item = record[key];
        if (item === undefined) continue;
        if (mode === 'json' && (typeof item === 'function' || typeof item === 'symbol')) continue;
        // A placeholder keeps the keys in the source's order while values are filled in later.
        setOwn(copy, key, null);
        frames.push({ source: item, put: (itemCopy) => setOwn(copy, key, itemCopy), path, depth, key });
      }
      for (let index = frames.length - 1; index >= 0; index--) stack.push(frames[index]!);
    }
  } catch (error) {
    if (error instanceof Refused) return { ok: false, path: error.path, reason: error.reason, tooDeep: error.tooDeep };
    // A getter, a proxy trap or a toJSON threw.
    return { ok: false, path: where, reason: `it could not be read (${describeError(error)})`, tooDeep: false };
  }
  return { ok: true, value: root, nodes };
}

/**
 * The copy of a primitive, or of a plain object whose values are all primitives (the
 * usual trigger), without the machinery of the general copy; undefined for anything
 * else, which the general copy then handles (and reports).
 */
function flatCopy(value: unknown, maxDepth: number): CopyResult | undefined {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return { ok: true, value, nodes: 1 };
  if (typeof value === 'number') return Number.isFinite(value) ? { ok: true, value, nodes: 1 } : undefined;
  if (typeof value !== 'object' || maxDepth < 1 || Array.isArray(value)) return undefined;
  try {
    if (
      Object.getPrototypeOf(value) !== Object.prototype ||
      typeof (value as { toJSON?: unknown }).toJSON === 'function'
    )
      return undefined;
    const copy: Record<string, JsonValue> = {};
    let nodes = 1;
    for (const key of Object.keys(value)) {
      const item = (value as Record<string, unknown>)[key];
      if (
        typeof item === 'number'
          ? !Number.isFinite(item)
          : item !== null && typeof item !== 'string' && typeof item !== 'boolean'
      ) {
        return undefined;
      }
      setOwn(copy, key, item);
      nodes += 1;
    }
    return { ok: true, value: copy, nodes };
  } catch {
    return undefined;
  }
}

/**
 * Whether JSON text nests arrays and objects deeper than `limit` levels. A scan of the
 * text (brackets inside strings do not count), so a body is refused without building,
 * or walking, the deep value.
 */
export function jsonTextNestsDeeperThan(text: string, limit: number): boolean {
  // Every level takes an opening and a closing character.
  if (text.length <= 2 * limit + 1) return false;
  let depth = 0;
  let inString = false;
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index);
    if (inString) {
      if (code === 0x5c)
        index += 1; // a backslash escapes the next character
      else if (code === 0x22) inString = false;
    } else if (code === 0x22) {
      inString = true;
    } else if (code === 0x5b || code === 0x7b) {
      depth += 1;
      if (depth > limit) return true;
    } else if (code === 0x5d || code === 0x7d) {
      depth -= 1;
    }
  }
  return false;
}

/**
 * A number that JSON text may hold but a double cannot (`1e400`, a 400-digit integer):
 * JSON.parse makes it Infinity, which is not JSON data. Only text with a three-digit
 * exponent or a 309-digit run of digits can hold one, so other text is not walked.
 */
export function parsedHoldsNonFiniteNumber(text: string, parsed: JsonValue): boolean {
  if (!/[eE][+-]?\d{3}/.test(text) && !hasDigitRun(text, 309)) return false;
  // Iterative: the body's nesting was checked against the limit only after this.
  const pending: JsonValue[] = [parsed];
  while (pending.length > 0) {
    const value = pending.pop()!;
    if (typeof value === 'number') {
      if (!Number.isFinite(value)) return true;
    } else if (Array.isArray(value)) {
      for (const item of value) pending.push(item);
    } else if (isRecord(value)) {
      for (const key of Object.keys(value)) pending.push(value[key]!);
    }
  }
  return false;
}

/** Whether `text` holds `length` digits in a row: one pass (a pattern would try each digit as a start). */
function hasDigitRun(text: string, length: number): boolean {
  let run = 0;
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index);
    if (code >= 0x30 && code <= 0x39) {
      if (++run >= length) return true;
    } else {
      run = 0;
    }
  }
  return false;
}
