// ---------------------------------------------------------------------------
// Whether a `{{ trigger... }}` path names a field the trigger's payloadSchema
// describes. Only what the schema states is used: an object schema that lists
// `properties` closes its field set unless `additionalProperties`/`patternProperties`
// open it (patterns are never run); a schema that lists nothing accepts any path below it.
// ---------------------------------------------------------------------------

import type { PathSegment } from '../types';

type SchemaNode = Record<string, unknown>;

const MAX_REF_DEPTH = 32;

/**
 * The first segment of `path` (after the root) the schema does not describe, as its
 * index in `path`, or `undefined` when the whole path is described.
 */
export function firstUnknownTriggerSegment(
  payloadSchema: SchemaNode,
  path: readonly PathSegment[],
): number | undefined {
  let candidates = expand([payloadSchema], payloadSchema);
  for (let index = 1; index < path.length; index++) {
    const segment = path[index]!;
    const next: SchemaNode[] = [];
    let open = false;
    for (const schema of candidates) {
      const found = child(schema, segment);
      if (found === 'open') open = true;
      else if (found) next.push(found);
    }
    if (open) return undefined;
    if (next.length === 0) return index;
    candidates = expand(next, payloadSchema);
  }
  return undefined;
}

/** The subschema for `segment`, `'open'` when anything goes below, or undefined when the schema rules it out. */
function child(schema: SchemaNode, segment: PathSegment): SchemaNode | 'open' | undefined {
  if (typeof segment === 'number') {
    if (Array.isArray(schema.prefixItems) && segment < schema.prefixItems.length) {
      return asNode(schema.prefixItems[segment]) ?? 'open';
    }
    if (schema.items === false) return undefined;
    return asNode(schema.items) ?? 'open';
  }
  const properties = asNode(schema.properties);
  if (properties && Object.hasOwn(properties, segment)) return asNode(properties[segment]) ?? 'open';
  // Patterns are a person's, and validation runs in shared workers: running them on
  // JavaScript's backtracking engine could hang it (`^(a+)+$` against a long segment),
  // and the linear-time engine lives with the executor. So a schema with
  // `patternProperties` leaves fields outside `properties` open rather than guess.
  const patterns = asNode(schema.patternProperties);
  if (patterns && Object.keys(patterns).length > 0) return 'open';
  const additional = schema.additionalProperties;
  if (additional === false) return undefined;
  if (asNode(additional)) return asNode(additional);
  if (additional === true) return 'open';
  // Nothing stated about fields: a schema that lists properties means "these fields".
  return properties || patterns ? undefined : 'open';
}

/** Follows local `$ref`s and unions `allOf`/`anyOf`/`oneOf` alternatives. */
function expand(schemas: readonly SchemaNode[], root: SchemaNode, depth = 0): SchemaNode[] {
  const result: SchemaNode[] = [];
  for (const schema of schemas) {
    const combined: SchemaNode[] = [];
    for (const keyword of ['allOf', 'anyOf', 'oneOf']) {
      const list = schema[keyword];
      if (Array.isArray(list)) for (const item of list) if (asNode(item)) combined.push(asNode(item)!);
    }
    const ref = typeof schema.$ref === 'string' ? resolveLocalRef(root, schema.$ref) : undefined;
    if (ref) combined.push(ref);
    const { allOf: _a, anyOf: _b, oneOf: _c, $ref: _r, ...own } = schema;
    // Next to alternatives, a schema part that says nothing about fields would open everything.
    if (combined.length === 0 || FIELD_KEYWORDS.some((keyword) => keyword in own)) result.push(own);
    if (combined.length > 0 && depth < MAX_REF_DEPTH) result.push(...expand(combined, root, depth + 1));
  }
  return result;
}

const FIELD_KEYWORDS = ['properties', 'patternProperties', 'additionalProperties', 'items', 'prefixItems'];

function resolveLocalRef(root: SchemaNode, ref: string): SchemaNode | undefined {
  if (!ref.startsWith('#')) return undefined;
  let node: unknown = root;
  const pointer = decodeURIComponentSafe(ref.slice(1));
  if (pointer === '') return root;
  if (!pointer.startsWith('/')) return undefined;
  for (const raw of pointer.slice(1).split('/')) {
    const key = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    const current = asNode(node);
    // Own fields only: "#/constructor" names nothing in a schema.
    if (current) node = Object.hasOwn(current, key) ? current[key] : undefined;
    else if (Array.isArray(node) && /^\d+$/.test(key)) node = node[Number(key)];
    else return undefined;
  }
  return asNode(node);
}

function decodeURIComponentSafe(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

function asNode(value: unknown): SchemaNode | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as SchemaNode) : undefined;
}
