// ---------------------------------------------------------------------------
// Resolving references against run-time data (docs/definition.md, "References").
// Executors, the CLI and the editor's previews all resolve through here, so every one
// of them interpolates, keeps types and encodes URL parts the same way.
// ---------------------------------------------------------------------------

import { escapeJsonPointerSegment } from '../json-pointer';
import type { JsonValue, PathSegment, Reference, ReferenceRoot } from '../types';
import { parseTemplate, REFERENCE_ROOTS, type TemplatePart } from './parse';

/** The data references are resolved against. A missing part resolves nothing. */
export interface TemplateContext {
  /** The trigger payload (`{{ trigger... }}`). */
  trigger?: JsonValue;
  /** Outputs and errors of steps that ran, by step id (`{{ steps.<id>.output... }}`). */
  steps?: Record<string, { output?: JsonValue; error?: JsonValue }>;
  /** Secret values by name (`{{ secrets.<name> }}`), from the host. */
  secrets?: Record<string, string>;
  /** The running workflow (`{{ workflow.id }}`). */
  workflow?: { id: string };
  /** The current run (`{{ run.id }}`). */
  run?: { id: string };
}

/** The result of looking up one reference. */
export type LookupResult = { found: true; value: JsonValue } | { found: false };

/**
 * A reference that could not be resolved, with where it is. For a malformed reference
 * (`message` set) `path` is empty and `root` is the root it starts with if that is a
 * known root, else `"trigger"`: only `text`, `pointer` and `message` mean something then.
 */
export interface UnresolvedReference extends Reference {
  /** JSON Pointer of the string holding the reference, relative to the resolved value. */
  pointer: string;
  /**
   * Why the reference did not parse, when it is malformed; or, in a URL, why its value
   * cannot go where it stands (it would change the host or the path's segments).
   */
  message?: string;
}

/** What {@link resolveTemplate} returns. */
export type ResolveResult = { ok: true; value: JsonValue } | { ok: false; unresolved: UnresolvedReference[] };

const hasOwn = (object: object, key: string): boolean => Object.prototype.hasOwnProperty.call(object, key);

const NOT_FOUND: LookupResult = { found: false };

/** Follows path segments into a value: keys into objects, indexes into arrays. */
function follow(start: JsonValue | undefined, segments: readonly PathSegment[]): LookupResult {
  if (start === undefined) return NOT_FOUND;
  let value: JsonValue = start;
  for (const segment of segments) {
    if (typeof segment === 'number') {
      if (!Array.isArray(value) || !Number.isInteger(segment) || segment < 0 || segment >= value.length)
        return NOT_FOUND;
      value = value[segment]!;
    } else {
      // Own properties only: "constructor" or "__proto__" must never reach into prototypes.
      if (value === null || typeof value !== 'object' || Array.isArray(value) || !hasOwn(value, segment))
        return NOT_FOUND;
      value = value[segment]!;
    }
  }
  return { found: true, value };
}

/** The value a reference names in `context`, or `found: false` when there is none. */
export function lookupReference(reference: Pick<Reference, 'path'>, context: TemplateContext): LookupResult {
  const [root, first, second, ...rest] = reference.path;
  switch (root) {
    case 'trigger':
      return follow(context.trigger, reference.path.slice(1));
    case 'steps': {
      if (typeof first !== 'string' || (second !== 'output' && second !== 'error')) return NOT_FOUND;
      const steps = context.steps;
      if (!steps || !hasOwn(steps, first)) return NOT_FOUND;
      return follow(steps[first]?.[second], rest);
    }
    case 'secrets': {
      const secrets = context.secrets;
      if (typeof first !== 'string' || reference.path.length !== 2 || !secrets || !hasOwn(secrets, first))
        return NOT_FOUND;
      const secret = secrets[first];
      return typeof secret === 'string' ? { found: true, value: secret } : NOT_FOUND;
    }
    case 'workflow':
    case 'run': {
      const holder = context[root];
      if (first !== 'id' || reference.path.length !== 2 || !holder || typeof holder.id !== 'string') return NOT_FOUND;
      return { found: true, value: holder.id };
    }
    default:
      return NOT_FOUND;
  }
}

/** Text for a value interpolated into a longer string: strings as they are, the rest as compact JSON. */
function interpolationText(value: JsonValue): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}

function guessRoot(text: string): ReferenceRoot {
  const word = /^\{\{[ \t]*([A-Za-z_][A-Za-z0-9_]*)/.exec(text)?.[1];
  return word !== undefined && (REFERENCE_ROOTS as readonly string[]).includes(word)
    ? (word as ReferenceRoot)
    : 'trigger';
}

/**
 * Templates as this module parsed them, by text: a run resolves the same strings every
 * time. Kept private and never handed out (references leave as copies), so they cannot
 * be changed from outside.
 */
const templatesByText = new Map<string, readonly TemplatePart[]>();
const MAX_CACHED_TEMPLATES = 2000;
const MAX_CACHED_TEMPLATE_LENGTH = 4096;

function templateParts(text: string): readonly TemplatePart[] {
  if (text.length > MAX_CACHED_TEMPLATE_LENGTH) return parseTemplate(text);
  let parts = templatesByText.get(text);
  if (parts === undefined) {
    parts = parseTemplate(text);
    if (templatesByText.size >= MAX_CACHED_TEMPLATES) templatesByText.clear();
    templatesByText.set(text, parts);
  }
  return parts;
}

function unresolvedAt(reference: Reference, pointer: string): UnresolvedReference {
  return { ...reference, path: reference.path.slice(), pointer };
}

function resolveString(
  text: string,
  context: TemplateContext,
  target: 'url' | undefined,
  pointer: string,
  unresolved: UnresolvedReference[],
): JsonValue {
  // Fast path for the common case of plain text; `\{{` also contains "{{".
  if (!text.includes('{{')) return text;
  const parts = templateParts(text);
  const only = parts[0];
  if (
    parts.length === 1 &&
    only?.kind === 'reference' &&
    only.reference.start === 0 &&
    only.reference.end === text.length
  ) {
    // Exactly one reference and nothing else: the value keeps its JSON type.
    const found = lookupReference(only.reference, context);
    if (found.found) return found.value;
    unresolved.push(unresolvedAt(only.reference, pointer));
    return text;
  }
  let result = '';
  // In a URL: where each encoded value went in `result`, to check the structure it leaves.
  const inserted: InsertedValue[] = [];
  for (const part of parts) {
    if (part.kind === 'text') {
      result += part.text;
    } else if (part.kind === 'malformed') {
      unresolved.push({
        text: part.text,
        start: part.start,
        end: part.end,
        root: guessRoot(part.text),
        path: [],
        pointer,
        message: part.message,
      });
    } else {
      const found = lookupReference(part.reference, context);
      if (!found.found) {
        unresolved.push(unresolvedAt(part.reference, pointer));
        continue;
      }
      const piece = interpolationText(found.value);
      // A reference at the very start of a URL is its base (scheme and host) and goes in
      // as it is; anywhere else a value is one URI component, so it cannot change the
      // host or add path segments.
      if (target === 'url' && part.reference.start !== 0) {
        const encoded = encodeURIComponent(piece);
        inserted.push({ reference: part.reference, start: result.length, end: result.length + encoded.length });
        result += encoded;
      } else {
        result += piece;
      }
    }
  }
  if (inserted.length > 0) {
    for (const { reference, reason } of valuesChangingUrl(result, inserted))
      unresolved.push({ ...unresolvedAt(reference, pointer), message: reason });
  }
  return result;
}

/** A value interpolated into a URL: the reference, and where its encoded text went. */
interface InsertedValue {
  reference: Reference;
  start: number;
  end: number;
}

/**
 * The values that, encoded as URI components, would still change a URL's structure:
 * percent-encoding leaves "." alone, so a value in the host could carry it to another
 * domain (`https://api.example.com{{ x }}/` with ".evil.com"), and a value that makes a
 * path segment "." or ".." (or "%2e", which the URL parser reads as a dot) would move
 * the path up when the URL is parsed. A value inside a host name may still be one label
 * or part of one (`https://{{ tenant }}.example.com/`).
 */
function valuesChangingUrl(
  url: string,
  inserted: readonly InsertedValue[],
): { reference: Reference; reason: string }[] {
  const changing: { reference: Reference; reason: string }[] = [];
  const found = new Set<InsertedValue>();
  const refuse = (value: InsertedValue, reason: string): void => {
    if (found.has(value)) return;
    found.add(value);
    changing.push({ reference: value.reference, reason });
  };
  /** Where the first of `stops` is at or after `from` (the URL's end if none): one pass over the URL in all. */
  const endOf = (from: number, stops: string): number => {
    for (let at = from; at < url.length; at++) if (stops.includes(url[at]!)) return at;
    return url.length;
  };
  const scheme = url.indexOf('://');
  const hostStart = scheme === -1 ? 0 : scheme + 3;
  // The URL parser ends the host, and the path's segments, at "\" too.
  const hostEnd = scheme === -1 ? 0 : endOf(hostStart, '/\\?#');
  const pathEnd = endOf(hostEnd, '?#');
  const touches = (value: InsertedValue, from: number, to: number): boolean =>
    value.start === value.end ? value.start >= from && value.start <= to : value.start < to && value.end > from;
  // Values come in the order they stand in the URL; an encoded one holds no "/", so each
  // lies in one segment (an empty one may touch two): the segments and the values are
  // walked together, once.
  let next = 0;
  for (; next < inserted.length && inserted[next]!.start <= hostEnd; next++) {
    const value = inserted[next]!;
    if (touches(value, hostStart, hostEnd) && url.slice(value.start, value.end).includes('.'))
      refuse(value, 'its value holds a "." inside the host name, which would change the host');
  }
  for (let from = hostEnd; from < pathEnd && next < inserted.length;) {
    const to = Math.min(endOf(from + 1, '/\\?#'), pathEnd);
    const segment = url.slice(from + 1, to);
    const dots = segment.length <= 6 ? segment.replace(/%2e/gi, '.') : '';
    for (let at = next; at < inserted.length && inserted[at]!.start <= to; at++) {
      if ((dots === '.' || dots === '..') && touches(inserted[at]!, from + 1, to))
        refuse(inserted[at]!, `its value makes the path segment "${dots}", which would move the URL's path`);
    }
    while (next < inserted.length && inserted[next]!.end < to) next++;
    from = to;
  }
  return changing;
}

/**
 * Resolves every reference in the strings of `value` (deep, through objects and arrays;
 * keys are not templates). A string that is exactly one reference becomes the referenced
 * value with its JSON type; references inside longer text are interpolated (strings as
 * they are, other values as compact JSON); `\{{` becomes a literal `{{`.
 *
 * With `target: 'url'`, interpolated values are percent-encoded as URI components,
 * except a reference that starts the string (the base URL).
 *
 * Returns every reference that did not resolve, malformed ones included, instead of a
 * partial value.
 */
export function resolveTemplate(
  value: JsonValue,
  context: TemplateContext,
  options: { target?: 'url' } = {},
): ResolveResult {
  const unresolved: UnresolvedReference[] = [];
  const visit = (node: JsonValue, pointer: string): JsonValue => {
    if (typeof node === 'string') return resolveString(node, context, options.target, pointer, unresolved);
    if (Array.isArray(node)) return node.map((item, index) => visit(item, `${pointer}/${index}`));
    if (node !== null && typeof node === 'object') {
      const resolved: Record<string, JsonValue> = {};
      for (const key of Object.keys(node)) {
        // Most keys need no escaping; skipping the two replaces matters on every run.
        const segment = key.includes('~') || key.includes('/') ? escapeJsonPointerSegment(key) : key;
        const item = visit(node[key]!, `${pointer}/${segment}`);
        // Assignment would call Object.prototype's __proto__ setter: that key in user JSON
        // must stay a plain key. Every other key assigns as an own data property.
        if (key === '__proto__') {
          Object.defineProperty(resolved, key, { value: item, enumerable: true, writable: true, configurable: true });
        } else {
          resolved[key] = item;
        }
      }
      return resolved;
    }
    return node;
  };
  const resolved = visit(value, '');
  return unresolved.length === 0 ? { ok: true, value: resolved } : { ok: false, unresolved };
}
