// ---------------------------------------------------------------------------
// What a field may reference at a place in the workflow: the "Insert reference" list.
// It offers exactly what validation accepts (the trigger, steps that always run before
// this one, secrets, workflow.id and run.id), with the fields schemas describe, so a
// person picks paths instead of typing them.
// ---------------------------------------------------------------------------

import { builtInCatalog } from '../actions';
import { upstreamSteps, upstreamStepsAt } from '../tree';
import type {
  ActionCatalog,
  ActionErrorField,
  InsertionPoint,
  JsonSchema,
  JsonValue,
  PathSegment,
  Step,
  Workflow,
} from '../types';
import { formatReference } from './parse';

/** One thing that can be referenced, possibly with deeper fields under it. */
export interface ReferenceOption {
  /** The key (`inquiryId`, `content-type`), `[0]` for an array's first item, or a readable name. */
  label: string;
  /** The reference path, root first: `['steps', 'notify_crm', 'output', 'body', 'id']`. */
  path: PathSegment[];
  /** What choosing it inserts: `formatReference(path)`, e.g. `{{ trigger.inquiryId }}`. */
  insertText: string;
  /** The JSON type the schema gives, when it gives one: `string`, `object`, ... */
  type?: string;
  /** The schema's description or title, when there is one. */
  description?: string;
  /** Fields inside this one. */
  children?: ReferenceOption[];
}

/** A heading in the reference list: the trigger, one step, the secrets, or workflow and run ids. */
export interface ReferenceGroup {
  kind: 'trigger' | 'step' | 'secrets' | 'run';
  /** "Trigger", the step's name, "Secrets", "Workflow and run". */
  label: string;
  /** For `kind: 'step'`: the step's id. */
  stepId?: string;
  options: ReferenceOption[];
}

/** Options for {@link availableReferences} and {@link availableReferencesAt}. */
export interface AvailableReferencesOptions {
  /** Secret names the host offers; without them the secrets group is left out. */
  secrets?: readonly string[];
  /** Where steps' output schemas come from. @default builtInCatalog */
  catalog?: ActionCatalog;
}

/** Schemas nest; past this depth fields are offered as a whole, which keeps huge or odd schemas cheap. */
const MAX_DEPTH = 8;

/**
 * The most fields one group (the trigger's, one step's output) lists below its top level.
 * A small schema can describe a huge tree (each of ten properties a `$ref` to a definition
 * of ten more, eight levels down): past this, deeper fields are offered as a whole.
 */
const MAX_NESTED_FIELDS = 1000;

/**
 * A recursive schema (a tree node whose `parent` is `{ "$ref": "#" }`) is expanded once
 * more inside itself, so `trigger.parent.id` is offered; deeper, its fields are offered
 * as a whole, as a list of every path would double with each level.
 */
const MAX_RECURSION = 1;

/** What listing one group's fields may still spend, and the properties each schema gave. */
interface FieldWalk {
  nestedLeft: number;
  properties: Map<SchemaObject, Map<string, SchemaObject>>;
}

type SchemaObject = { [key: string]: JsonValue };

function isObject(value: unknown): value is SchemaObject {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** Follows a local `$ref` (`#/$defs/x`) within `root`; anything else is left as it is. */
function dereference(schema: SchemaObject, root: SchemaObject, seen: Set<string>): SchemaObject {
  let current = schema;
  while (typeof current.$ref === 'string' && current.$ref.startsWith('#') && !seen.has(current.$ref)) {
    seen.add(current.$ref);
    let target: JsonValue | undefined = root;
    for (const raw of current.$ref.slice(1).split('/').slice(1)) {
      const key = decodeURIComponent(raw).replace(/~1/g, '/').replace(/~0/g, '~');
      // Own fields only: "#/constructor" names nothing in a schema.
      target = isObject(target) && Object.hasOwn(target, key) ? target[key] : undefined;
    }
    if (!isObject(target)) break;
    const { $ref: _ref, ...rest } = current;
    // A bare `$ref` is its target itself: the same object each time, which fieldsUnder's
    // memo of properties then finds again.
    current = Object.keys(rest).length === 0 ? target : { ...target, ...rest };
  }
  return current;
}

/** The properties a schema gives an object, looking through `allOf`, `anyOf` and `oneOf`. */
function collectProperties(
  schema: SchemaObject,
  root: SchemaObject,
  seen: Set<string>,
  into: Map<string, SchemaObject>,
): void {
  const resolved = dereference(schema, root, seen);
  if (isObject(resolved.properties)) {
    for (const [key, value] of Object.entries(resolved.properties)) {
      if (isObject(value) && !into.has(key)) into.set(key, value);
    }
  }
  for (const keyword of ['allOf', 'anyOf', 'oneOf'] as const) {
    const list = resolved[keyword];
    if (Array.isArray(list))
      for (const member of list) if (isObject(member)) collectProperties(member, root, seen, into);
  }
}

function schemaType(schema: SchemaObject): string | undefined {
  const { type } = schema;
  if (typeof type === 'string') return type;
  if (Array.isArray(type)) {
    const named = type.filter((item): item is string => typeof item === 'string');
    return named.find((item) => item !== 'null') ?? named[0];
  }
  if ('const' in schema) {
    const value = schema.const;
    if (value === null) return 'null';
    if (Array.isArray(value)) return 'array';
    return typeof value === 'object' ? 'object' : typeof value;
  }
  if (isObject(schema.properties)) return 'object';
  if (schema.items !== undefined) return 'array';
  return undefined;
}

function option(
  label: string,
  path: PathSegment[],
  schema: SchemaObject | undefined,
  children: ReferenceOption[] | undefined,
): ReferenceOption {
  const result: ReferenceOption = { label, path, insertText: formatReference(path) };
  if (schema) {
    const type = schemaType(schema);
    if (type !== undefined) result.type = type;
    const description =
      typeof schema.description === 'string'
        ? schema.description
        : typeof schema.title === 'string'
          ? schema.title
          : undefined;
    if (description !== undefined) result.description = description;
  }
  if (children && children.length > 0) result.children = children;
  return result;
}

/** The fields of a group's schema (see {@link fieldsUnder}), within the limits above. */
function fieldsOf(schema: SchemaObject, path: PathSegment[], root: SchemaObject): ReferenceOption[] {
  // The schema itself is where "#" leads.
  return fieldsUnder(schema, path, root, 0, ['#'], { nestedLeft: MAX_NESTED_FIELDS, properties: new Map() });
}

/**
 * The fields under `schema` at `path`, `depth` levels below the group's top: object
 * properties, and `[0]` for an array's items. `refsOnPath` are the `$ref`s followed to
 * get here, one entry each time.
 */
function fieldsUnder(
  schema: SchemaObject,
  path: PathSegment[],
  root: SchemaObject,
  depth: number,
  refsOnPath: readonly string[],
  walk: FieldWalk,
): ReferenceOption[] {
  // Nothing left to list below the top: not even the schema is read again.
  if (depth >= MAX_DEPTH || (depth > 0 && walk.nestedLeft <= 0)) return [];
  const resolved = dereference(schema, root, new Set());
  let properties = walk.properties.get(resolved);
  if (!properties) {
    properties = new Map<string, SchemaObject>();
    collectProperties(resolved, root, new Set(), properties);
    walk.properties.set(resolved, properties);
  }
  const fields: ReferenceOption[] = [];
  const field = (label: string, childPath: PathSegment[], childSchema: SchemaObject): ReferenceOption | undefined => {
    if (depth > 0) {
      if (walk.nestedLeft <= 0) return undefined;
      walk.nestedLeft--;
    }
    const followed = new Set<string>();
    const child = dereference(childSchema, root, followed);
    const recursion = Math.max(0, ...[...followed].map((ref) => refsOnPath.filter((on) => on === ref).length));
    const children =
      recursion > MAX_RECURSION
        ? undefined
        : fieldsUnder(child, childPath, root, depth + 1, [...refsOnPath, ...followed], walk);
    return option(label, childPath, child, children);
  };
  for (const [key, property] of properties) {
    const entry = field(key, [...path, key], property);
    if (!entry) return fields;
    fields.push(entry);
  }
  const items = resolved.items ?? (Array.isArray(resolved.prefixItems) ? resolved.prefixItems[0] : undefined);
  if (isObject(items)) {
    const first = field('[0]', [...path, 0], items);
    if (!first) return fields;
    first.description ??= 'The first item';
    fields.push(first);
  }
  return fields;
}

/** True when a schema says there is nothing to reference (a closed empty object, or null). */
function isEmptyOutput(schema: SchemaObject): boolean {
  if (schema.type === 'null') return true;
  return (
    schema.type === 'object' &&
    schema.additionalProperties === false &&
    (!isObject(schema.properties) || Object.keys(schema.properties).length === 0)
  );
}

function triggerGroup(workflow: Workflow): ReferenceGroup {
  const schema = workflow.trigger.payloadSchema;
  const whole = option('trigger', ['trigger'], schema, undefined);
  whole.description = 'The whole trigger payload';
  const fields = isObject(schema) ? fieldsOf(schema, ['trigger'], schema) : [];
  return { kind: 'trigger', label: 'Trigger', options: fields.length > 0 ? fields : [whole] };
}

/** What every failed step's error holds; an action adds its own (`errorFields`). */
const ERROR_FIELDS: readonly ActionErrorField[] = [
  { key: 'type', type: 'string', description: 'What went wrong, e.g. timeout or http_status' },
  { key: 'message', type: 'string', description: 'The error in words' },
];

function stepGroup(step: Step, catalog: ActionCatalog): ReferenceGroup | undefined {
  // A branch step produces neither output nor error.
  if (step.type !== 'action') return undefined;
  const base: PathSegment[] = ['steps', step.id];
  const options: ReferenceOption[] = [];
  const action = catalog.get(step.action);
  let outputSchema: JsonSchema | undefined;
  try {
    outputSchema = action?.outputSchema?.(step.config);
  } catch {
    // A host's outputSchema may not expect a half-edited config; the output is then offered as a whole.
    outputSchema = undefined;
  }
  if (!outputSchema || !isEmptyOutput(outputSchema)) {
    const outputPath = [...base, 'output'];
    const output = option(
      'output',
      outputPath,
      outputSchema,
      outputSchema ? fieldsOf(outputSchema, outputPath, outputSchema) : undefined,
    );
    output.description ??= 'What the step produced';
    options.push(output);
  }
  const errorPath = [...base, 'error'];
  const errorFields = action?.errorFields ? [...ERROR_FIELDS, ...action.errorFields] : ERROR_FIELDS;
  options.push({
    label: 'error',
    path: errorPath,
    insertText: formatReference(errorPath),
    type: 'object',
    description: 'Set when the step failed and the workflow continued on error',
    children: errorFields.map(({ key, type, description }) => ({
      label: key,
      path: [...errorPath, key],
      insertText: formatReference([...errorPath, key]),
      type,
      description,
    })),
  });
  return { kind: 'step', label: step.name, stepId: step.id, options };
}

function groupsFor(
  workflow: Workflow,
  upstream: readonly Step[],
  options: AvailableReferencesOptions,
): ReferenceGroup[] {
  const catalog = options.catalog ?? builtInCatalog;
  const groups: ReferenceGroup[] = [triggerGroup(workflow)];
  for (const step of upstream) {
    const group = stepGroup(step, catalog);
    if (group) groups.push(group);
  }
  if (options.secrets && options.secrets.length > 0) {
    groups.push({
      kind: 'secrets',
      label: 'Secrets',
      options: options.secrets.map((name) => ({
        label: name,
        path: ['secrets', name],
        insertText: formatReference(['secrets', name]),
        type: 'string',
        description: 'A secret the host keeps; its value never appears in the workflow',
      })),
    });
  }
  groups.push({
    kind: 'run',
    label: 'Workflow and run',
    options: [
      {
        label: 'Workflow ID',
        path: ['workflow', 'id'],
        insertText: formatReference(['workflow', 'id']),
        type: 'string',
        description: "This workflow's id",
      },
      {
        label: 'Run ID',
        path: ['run', 'id'],
        insertText: formatReference(['run', 'id']),
        type: 'string',
        description: 'The id of the current run',
      },
    ],
  });
  return groups;
}

/**
 * What the fields of step `stepId` may reference, grouped: the trigger, every step that
 * always runs before it (in workflow order), the host's secrets, workflow and run ids.
 * An unknown step id gets no step groups.
 */
export function availableReferences(
  workflow: Workflow,
  stepId: string,
  options: AvailableReferencesOptions = {},
): ReferenceGroup[] {
  return groupsFor(workflow, upstreamSteps(workflow, stepId), options);
}

/** Like {@link availableReferences}, for a step about to be inserted at `point`. */
export function availableReferencesAt(
  workflow: Workflow,
  point: InsertionPoint,
  options: AvailableReferencesOptions = {},
): ReferenceGroup[] {
  return groupsFor(workflow, upstreamStepsAt(workflow, point.branchId, point.index), options);
}
