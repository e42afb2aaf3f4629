// ---------------------------------------------------------------------------
// Writing definitions as text. Output is canonical so a definition diffs cleanly: the
// format's own keys in the order docs/definition.md gives them, keys the format does
// not know after them in their given order, the content a person wrote in its own key
// order, optional fields at their default left out, 2-space indentation, `\n` line
// ends and a trailing newline. The same workflow always gives the same text.
// ---------------------------------------------------------------------------

import { builtInCatalog } from './actions';
import { isPlainJsonDocument, plainDocument } from './json-value';
import { WorkflowOperationError } from './operations';
import { isRecord, jsonEqual, setOwn } from './own';
import { STEP_KINDS, stepKindOf, type StepKind } from './step-kinds';
import { findStep } from './tree';
import {
  SCHEMA_VERSION,
  type ActionCatalog,
  type JsonObject,
  type JsonValue,
  type StepDocument,
  type Workflow,
} from './types';

/** Options of the serialisers. */
export interface SerializeOptions {
  /** Where config schemas (and so config defaults) come from. Default: the built-in catalog. */
  catalog?: ActionCatalog;
}

/**
 * The canonical text of a workflow document. Whatever it writes, `parseWorkflowJson`
 * reads back.
 *
 * @throws DocumentNotSerializableError when the workflow is not JSON nested at most
 * `MAX_DOCUMENT_DEPTH` levels (a workflow that validates always is).
 */
export function serializeWorkflow(workflow: Workflow, options: SerializeOptions = {}): string {
  const catalog = options.catalog ?? builtInCatalog;
  return canonicalText(workflow, (document) => canonicalWorkflow(document, catalog));
}

/**
 * The text of `canonical(document)`. The canonical shapes copy only what they change, so
 * a plain JSON document is read as it is, without a copy first; anything else (or
 * anything that throws on the way) is read into a plain copy by the careful reader,
 * which says what is wrong.
 */
function canonicalText(document: unknown, canonical: (document: JsonValue) => JsonValue): string {
  try {
    if (isPlainJsonDocument(document)) return toText(canonical(document as JsonValue));
  } catch {
    // A getter or Proxy that throws, or answers differently the second time: the careful
    // reader reads each value once and says what is wrong.
  }
  return toText(canonical(plainDocument(document)));
}

/**
 * The canonical text of a standalone step document.
 *
 * @throws DocumentNotSerializableError as {@link serializeWorkflow} does.
 */
export function serializeStepDocument(document: StepDocument, options: SerializeOptions = {}): string {
  const catalog = options.catalog ?? builtInCatalog;
  return canonicalText(document, (plain) => {
    const record = isRecord(plain) ? plain : {};
    const { schemaVersion, kind, ...step } = record;
    const canonical = canonicalSteps([step], catalog)[0]!;
    const header: JsonObject = { schemaVersion: schemaVersion ?? SCHEMA_VERSION, kind: kind ?? 'step' };
    return ordered({ ...header, ...(isRecord(canonical) ? canonical : {}) }, STEP_DOCUMENT_HEADER_ORDER);
  });
}

/**
 * One step of `workflow` as a standalone step document ("Export step JSON"), a deep
 * copy. The step keeps its references to other steps of the workflow.
 *
 * @throws Error when the workflow has no step `stepId`: callers pick ids from the workflow.
 * @throws DocumentNotSerializableError when the step is not JSON nested at most `MAX_DOCUMENT_DEPTH` levels.
 */
export function exportStep(workflow: Workflow, stepId: string, _options: SerializeOptions = {}): StepDocument {
  const location = findStep(workflow, stepId);
  if (!location)
    throw new WorkflowOperationError('unknown_step', `exportStep: the workflow has no step with id "${stepId}"`);
  const copy = plainDocument(location.step);
  return { schemaVersion: SCHEMA_VERSION, kind: 'step', ...(copy as object) } as StepDocument;
}

// ---- Canonical shapes ----------------------------------------------------------

/** A key order: the keys in it first, in its order, then every other key in its own order. */
interface KeyOrder {
  readonly keys: readonly string[];
  /** Each key's place in `keys`, so checking an object's order is one lookup per key. */
  readonly position: ReadonlyMap<string, number>;
}

function keyOrder(keys: readonly string[]): KeyOrder {
  return { keys, position: new Map(keys.map((key, index) => [key, index])) };
}

const WORKFLOW_ORDER = keyOrder(['schemaVersion', 'kind', 'id', 'name', 'description', 'trigger', 'steps']);
const TRIGGER_ORDER = keyOrder(['event', 'payloadSchema']);
const COMPARISON_ORDER = keyOrder(['left', 'op', 'right']);
const STEP_DOCUMENT_HEADER_ORDER = keyOrder(['schemaVersion', 'kind']);
const GROUP_ORDERS = { all: keyOrder(['all']), any: keyOrder(['any']) } as const;

// The canonical shapes never change what they are given, which may be the caller's own
// document: a value already canonical is returned as it is, and a container with
// something to change is copied, with the unchanged values it holds shared.

function canonicalWorkflow(document: JsonValue, catalog: ActionCatalog): JsonValue {
  if (!isRecord(document)) return document;
  const trigger = isRecord(document.trigger) ? ordered(document.trigger, TRIGGER_ORDER) : document.trigger;
  const steps = Array.isArray(document.steps) ? canonicalSteps(document.steps, catalog) : document.steps;
  let record = document;
  if (trigger !== document.trigger || steps !== document.steps || document.description === '') {
    record = { ...document };
    if (trigger !== document.trigger) record.trigger = trigger!;
    if (steps !== document.steps) record.steps = steps!;
    if (record.description === '') delete record.description;
  }
  return ordered(record, WORKFLOW_ORDER);
}

/** Each kind's canonical key orders (its steps', its child lists' holders'), from the step kinds. */
const KIND_ORDERS: ReadonlyMap<StepKind, { step: KeyOrder; holder: KeyOrder }> = new Map(
  Object.values(STEP_KINDS).map((kind: StepKind) => [
    kind,
    { step: keyOrder(kind.keyOrder), holder: keyOrder(kind.holderKeyOrder) },
  ]),
);
/** A value whose `type` names no kind keeps an action step's order, as it always has. */
const LEAF_ORDERS = KIND_ORDERS.get(STEP_KINDS.action)!;

/**
 * A list of steps with each step, and every step it holds, canonical: a step after the
 * steps it holds, the order a walk of the step tree visits them on leaving, without a
 * location object per step. The document nests at most MAX_DOCUMENT_DEPTH levels (the
 * serialisers checked), so the recursion is bounded.
 */
function canonicalSteps(steps: JsonValue[], catalog: ActionCatalog): JsonValue[] {
  let result: JsonValue[] | undefined;
  for (let index = 0; index < steps.length; index++) {
    const step = steps[index]!;
    if (!isRecord(step)) continue;
    const canonical = canonicalStep(step, catalog);
    if (canonical !== step) (result ??= steps.slice())[index] = canonical;
  }
  return result ?? steps;
}

function canonicalStep(step: JsonObject, catalog: ActionCatalog): JsonObject {
  const kind = stepKindOf(step);
  const orders = (kind && KIND_ORDERS.get(kind)) ?? LEAF_ORDERS;
  let result = step;
  if (kind?.container) {
    for (const list of kind.childLists(step)) {
      if (!isRecord(list.holder)) continue;
      const holder = list.holder as JsonObject;
      let canonicalHolder = holder;
      if (list.steps.length > 0) {
        const steps = canonicalSteps(list.steps as JsonValue[], catalog);
        if (steps !== list.steps)
          canonicalHolder = withValueAt(holder, list.segments.slice(list.holderSegments.length), steps);
      }
      if (Object.hasOwn(holder, 'when')) {
        const when = canonicalCondition(holder.when!);
        if (when !== holder.when) canonicalHolder = { ...canonicalHolder, when };
      }
      canonicalHolder = ordered(canonicalHolder, orders.holder);
      if (canonicalHolder !== holder) result = withValueAt(result, list.holderSegments, canonicalHolder);
    }
  } else if (isRecord(step.config) && typeof step.action === 'string') {
    const config = canonicalConfig(step.action, step.config, catalog);
    if (config !== step.config) result = { ...step, config };
  }
  return ordered(result, orders.step);
}

/**
 * A copy of `root` with `value` where `segments` lead (a place the walk found), each
 * container on the way copied and every other value shared.
 */
function withValueAt(root: JsonObject, segments: readonly string[], value: JsonValue): JsonObject {
  const copy = (container: JsonValue, depth: number): JsonValue => {
    const segment = segments[depth]!;
    const inner =
      depth === segments.length - 1 ? value : copy((container as Record<string, JsonValue>)[segment]!, depth + 1);
    if (Array.isArray(container)) {
      const list = container.slice();
      list[Number(segment)] = inner;
      return list;
    }
    const object = { ...(container as JsonObject) };
    setOwn(object, segment, inner);
    return object;
  };
  return copy(root, 0) as JsonObject;
}

function canonicalCondition(condition: JsonValue): JsonValue {
  if (!isRecord(condition)) return condition;
  for (const group of ['all', 'any'] as const) {
    const list = condition[group];
    if (Array.isArray(list)) {
      let items: JsonValue[] | undefined;
      for (let index = 0; index < list.length; index++) {
        const item = canonicalCondition(list[index]!);
        if (item !== list[index]) (items ??= list.slice())[index] = item;
      }
      return ordered(items ? { ...condition, [group]: items } : condition, GROUP_ORDERS[group]);
    }
  }
  return ordered(condition, COMPARISON_ORDER);
}

/**
 * A config without its defaults wherever the catalog knows the action's schema; in its
 * schema's property order (nested objects and list items too) when the action asks for
 * it (`configKeyOrder`, as the built-in actions do), else as the person wrote it.
 */
function canonicalConfig(actionId: string, config: JsonObject, catalog: ActionCatalog): JsonObject {
  const action = catalog.get(actionId);
  if (!action) return config;
  return canonicalContent(config, action.configSchema, true, action.configKeyOrder === 'schema') as JsonObject;
}

/**
 * What the serialisers need of one object schema, worked out once per schema object (the
 * catalog's schemas are not changed once written, as the validators' caches assume too):
 * every config of an action walks the same few schemas.
 */
interface SchemaPlan {
  /** `properties` when it is an object, which is when the schema says anything about an object's keys. */
  readonly properties: JsonObject | undefined;
  /** The order of `properties`. */
  readonly order: KeyOrder;
  /** The properties' own schemas, those that are objects. */
  readonly propertySchemas: ReadonlyMap<string, JsonObject>;
  /** Defaults of the properties that are not required: a value equal to one is left out. */
  readonly defaults: ReadonlyMap<string, JsonValue | undefined>;
  /** `items` when it is an object; `itemsHaveProperties` when it describes objects' keys. */
  readonly items: JsonObject | undefined;
  readonly itemsHaveProperties: boolean;
}

const schemaPlans = new WeakMap<JsonObject, SchemaPlan>();

function planOf(schema: JsonObject): SchemaPlan {
  let plan = schemaPlans.get(schema);
  if (plan === undefined) {
    const properties = isRecord(schema.properties) ? schema.properties : undefined;
    const required = Array.isArray(schema.required) ? schema.required : [];
    const propertySchemas = new Map<string, JsonObject>();
    const defaults = new Map<string, JsonValue | undefined>();
    for (const key of properties ? Object.keys(properties) : []) {
      const propertySchema = properties![key];
      if (!isRecord(propertySchema)) continue;
      propertySchemas.set(key, propertySchema);
      if ('default' in propertySchema && !required.includes(key)) defaults.set(key, propertySchema.default);
    }
    const items = isRecord(schema.items) ? schema.items : undefined;
    plan = {
      properties,
      order: keyOrder(properties ? Object.keys(properties) : []),
      propertySchemas,
      defaults,
      items,
      itemsHaveProperties: items !== undefined && isRecord(items.properties),
    };
    schemaPlans.set(schema, plan);
  }
  return plan;
}

/**
 * Content as its schema describes it, in one walk: with `omitDefaults`, every property
 * equal to its schema's default (and not required) left out, through nested object schemas
 * and the items of lists of objects; with `inSchemaOrder`, each object's keys in its
 * schema's property order, through nested object schemas and list items. Free-form
 * content (no `properties`) stays as written. An object or list with nothing to change
 * is returned as it is; one with something to change is copied.
 */
function canonicalContent(
  value: JsonValue,
  schema: JsonValue | undefined,
  omitDefaults: boolean,
  inSchemaOrder: boolean,
): JsonValue {
  // Most content is text and numbers: nothing to look up for them.
  if (value === null || typeof value !== 'object' || !isRecord(schema)) return value;
  const plan = planOf(schema);
  if (Array.isArray(value)) {
    if (plan.items === undefined) return value;
    // Defaults are looked for only in lists of objects; the order, in any list.
    const omitInItems = omitDefaults && plan.itemsHaveProperties;
    if (!omitInItems && !inSchemaOrder) return value;
    let items: JsonValue[] | undefined;
    for (let index = 0; index < value.length; index++) {
      const item = canonicalContent(value[index]!, plan.items, omitInItems, inSchemaOrder);
      if (item !== value[index]) (items ??= value.slice())[index] = item;
    }
    return items ?? value;
  }
  if (!isRecord(value) || plan.properties === undefined) return value;
  const { position } = plan.order;
  let result: JsonObject | undefined;
  let keptInOrder = true;
  let lastPosition = -1;
  let unknownSeen = false;
  const keys = Object.keys(value);
  for (let index = 0; index < keys.length; index++) {
    const key = keys[index]!;
    const item = value[key]!;
    const propertySchema = plan.propertySchemas.get(key);
    if (propertySchema !== undefined) {
      const omitted = omitDefaults && plan.defaults.has(key) && jsonEqual(item, plan.defaults.get(key));
      const inner = omitted ? item : canonicalContent(item, propertySchema, omitDefaults, inSchemaOrder);
      // The first key left out or changed: the keys before it are copied, in order.
      if (!result && (omitted || inner !== item)) {
        result = {};
        for (let before = 0; before < index; before++) setOwn(result, keys[before]!, value[keys[before]!]!);
      }
      if (omitted) continue;
      if (result) setOwn(result, key, inner);
    } else if (result) setOwn(result, key, item);
    if (!inSchemaOrder || !keptInOrder) continue;
    const at = position.get(key);
    if (value[key] === undefined) keptInOrder = false;
    else if (at === undefined) unknownSeen = true;
    else if (unknownSeen || at < lastPosition) keptInOrder = false;
    else lastPosition = at;
  }
  const kept = result ?? value;
  return inSchemaOrder && !keptInOrder ? reordered(kept, plan.order) : kept;
}

// ---- Helpers ---------------------------------------------------------------------

/**
 * `value` with the order's keys first (in that order, when present), then every other
 * key in its own order: `value` itself when its keys are in that order already.
 */
function ordered(value: JsonObject, order: KeyOrder): JsonObject {
  return inKnownOrder(value, order) ? value : reordered(value, order);
}

/** A copy of `value` in `order`, keys holding undefined left out. */
function reordered(value: JsonObject, order: KeyOrder): JsonObject {
  const result: JsonObject = {};
  for (const key of order.keys)
    if (Object.hasOwn(value, key) && value[key] !== undefined) setOwn(result, key, value[key]!);
  for (const key of Object.keys(value)) {
    const item = value[key];
    if (!order.position.has(key) && item !== undefined) setOwn(result, key, item);
  }
  return result;
}

/** Whether `value`'s keys are some of the order's keys in their order, then only other keys, none holding undefined. */
function inKnownOrder(value: JsonObject, order: KeyOrder): boolean {
  let lastPosition = -1;
  let unknownSeen = false;
  for (const key in value) {
    if (!Object.hasOwn(value, key)) return false;
    if (value[key] === undefined) return false;
    const at = order.position.get(key);
    if (at === undefined) unknownSeen = true;
    // A known key after another key, or after a later known key.
    else if (unknownSeen || at < lastPosition) return false;
    else lastPosition = at;
  }
  return true;
}

function toText(value: JsonValue): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}
