// ---------------------------------------------------------------------------
// Writing definitions as text. Output is canonical so a definition diffs cleanly: the
// format's own keys in the order docs/definition.md gives them, keys the format does
// not know after them in their given order, the content a person wrote in its own key
// order, optional fields at their default left out, 2-space indentation, `\n` line
// ends and a trailing newline. The same workflow always gives the same text.
// ---------------------------------------------------------------------------

import { builtInCatalog } from './actions';
import { plainDocument } from './json-value';
import { isRecord, jsonEqual, setOwn } from './own';
import { findStep } from './tree';
import {
  SCHEMA_VERSION,
  type ActionCatalog,
  type JsonObject,
  type JsonSchema,
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
  return toText(canonicalWorkflow(plainDocument(workflow) as unknown as Workflow, options));
}

/**
 * The canonical text of a standalone step document.
 *
 * @throws DocumentNotSerializableError as {@link serializeWorkflow} does.
 */
export function serializeStepDocument(document: StepDocument, options: SerializeOptions = {}): string {
  const catalog = options.catalog ?? builtInCatalog;
  const plain = plainDocument(document);
  const record = isRecord(plain) ? plain : {};
  const { schemaVersion, kind, ...step } = record;
  const canonicalStep = canonicalStepValue(step, catalog);
  const header: JsonObject = { schemaVersion: schemaVersion ?? SCHEMA_VERSION, kind: kind ?? 'step' };
  return toText(ordered({ ...header, ...(isRecord(canonicalStep) ? canonicalStep : {}) }, ['schemaVersion', 'kind']));
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
  if (!location) throw new Error(`exportStep: the workflow has no step with id "${stepId}"`);
  const copy = plainDocument(location.step);
  return { schemaVersion: SCHEMA_VERSION, kind: 'step', ...(copy as object) } as StepDocument;
}

// ---- Canonical shapes ----------------------------------------------------------

const WORKFLOW_KEYS = ['schemaVersion', 'kind', 'id', 'name', 'description', 'trigger', 'steps'];
const TRIGGER_KEYS = ['event', 'payloadSchema'];
const ACTION_STEP_KEYS = ['id', 'type', 'action', 'name', 'config'];
const BRANCH_STEP_KEYS = ['id', 'type', 'name', 'branches'];
const BRANCH_KEYS = ['id', 'name', 'when', 'steps'];
const COMPARISON_KEYS = ['left', 'op', 'right'];

// The canonical shapes are written into the plain copy the serialisers read the input
// into (it is their own): objects already in canonical key order are kept, not copied.

function canonicalWorkflow(workflow: Workflow, options: SerializeOptions): JsonObject {
  const catalog = options.catalog ?? builtInCatalog;
  const record = workflow as unknown as JsonObject;
  if (record.description === '') delete record.description;
  if (isRecord(record.trigger)) record.trigger = ordered(record.trigger, TRIGGER_KEYS);
  if (Array.isArray(record.steps)) canonicalSteps(record.steps, catalog);
  return ordered(record, WORKFLOW_KEYS);
}

/** Each step of a list made canonical, in place. */
function canonicalSteps(steps: JsonValue[], catalog: ActionCatalog): void {
  for (let index = 0; index < steps.length; index++) steps[index] = canonicalStepValue(steps[index]!, catalog);
}

function canonicalStepValue(step: JsonValue, catalog: ActionCatalog): JsonValue {
  if (!isRecord(step)) return step;
  if (step.type === 'branch') {
    const branches = step.branches;
    if (Array.isArray(branches))
      for (let index = 0; index < branches.length; index++)
        branches[index] = canonicalBranch(branches[index]!, catalog);
    return ordered(step, BRANCH_STEP_KEYS);
  }
  if (isRecord(step.config) && typeof step.action === 'string')
    step.config = canonicalConfig(step.action, step.config, catalog);
  return ordered(step, ACTION_STEP_KEYS);
}

function canonicalBranch(branch: JsonValue, catalog: ActionCatalog): JsonValue {
  if (!isRecord(branch)) return branch;
  if (Object.hasOwn(branch, 'when')) branch.when = canonicalCondition(branch.when!);
  if (Array.isArray(branch.steps)) canonicalSteps(branch.steps, catalog);
  return ordered(branch, BRANCH_KEYS);
}

function canonicalCondition(condition: JsonValue): JsonValue {
  if (!isRecord(condition)) return condition;
  for (const group of ['all', 'any'] as const) {
    const list = condition[group];
    if (Array.isArray(list)) return ordered({ ...condition, [group]: list.map(canonicalCondition) }, [group]);
  }
  return ordered(condition, COMPARISON_KEYS);
}

/**
 * A config without its defaults wherever the catalog knows the action's schema; in its
 * schema's property order (nested objects and list items too) when the action asks for
 * it (`configKeyOrder`, as the built-in actions do), else as the person wrote it.
 */
function canonicalConfig(actionId: string, config: JsonObject, catalog: ActionCatalog): JsonObject {
  const action = catalog.get(actionId);
  const withoutDefaults = action ? withoutDefaultValues(config, action.configSchema) : config;
  if (!isRecord(withoutDefaults)) return config;
  return action?.configKeyOrder === 'schema'
    ? (inSchemaOrder(withoutDefaults, action.configSchema) as JsonObject)
    : withoutDefaults;
}

/**
 * `value` with each object's keys in its schema's property order, through nested object
 * schemas and list items; free-form content (no `properties`) keeps its own order.
 */
function inSchemaOrder(value: JsonValue, schema: JsonValue | undefined): JsonValue {
  if (!isRecord(schema)) return value;
  if (Array.isArray(value)) {
    if (isRecord(schema.items))
      for (let index = 0; index < value.length; index++) value[index] = inSchemaOrder(value[index]!, schema.items);
    return value;
  }
  const properties = schema.properties;
  if (!isRecord(value) || !isRecord(properties)) return value;
  for (const key of Object.keys(value)) {
    if (!Object.hasOwn(properties, key)) continue;
    const inner = inSchemaOrder(value[key]!, properties[key]);
    if (inner !== value[key]) setOwn(value, key, inner);
  }
  return ordered(value, Object.keys(properties));
}

// ---- Helpers ---------------------------------------------------------------------

/**
 * `value` with `knownKeys` first (in that order, when present), then every other key in
 * its own order: `value` itself when its keys are in that order already.
 */
function ordered(value: JsonObject, knownKeys: readonly string[]): JsonObject {
  if (inKnownOrder(value, knownKeys)) return value;
  const result: JsonObject = {};
  for (const key of knownKeys)
    if (Object.hasOwn(value, key) && value[key] !== undefined) setOwn(result, key, value[key]!);
  for (const [key, item] of Object.entries(value)) {
    if (!knownKeys.includes(key) && item !== undefined) setOwn(result, key, item);
  }
  return result;
}

/** Whether `value`'s keys are some of `knownKeys` in their order, then only unknown keys, none holding undefined. */
function inKnownOrder(value: JsonObject, knownKeys: readonly string[]): boolean {
  let next = 0;
  let unknownSeen = false;
  for (const key in value) {
    if (!Object.hasOwn(value, key)) return false;
    if (value[key] === undefined) return false;
    let at = next;
    while (at < knownKeys.length && knownKeys[at] !== key) at++;
    if (at < knownKeys.length) {
      if (unknownSeen) return false;
      next = at + 1;
    } else if (knownKeys.includes(key)) {
      // A known key after a later known key.
      return false;
    } else {
      unknownSeen = true;
    }
  }
  return true;
}

/**
 * {@link omitDefaults} for the serialisers' own copy: the same object back when nothing
 * is left out anywhere in it, so a config already without defaults is not copied.
 */
function withoutDefaultValues(value: JsonValue, schema: JsonSchema): JsonValue {
  if (Array.isArray(value)) {
    const items = schema.items;
    if (!isRecord(items) || !isRecord(items.properties)) return value;
    for (let index = 0; index < value.length; index++) value[index] = withoutDefaultValues(value[index]!, items);
    return value;
  }
  if (!isRecord(value)) return value;
  const properties = isRecord(schema.properties) ? schema.properties : undefined;
  if (!properties) return value;
  const required = Array.isArray(schema.required) ? schema.required : [];
  let result: JsonObject | undefined;
  const keys = Object.keys(value);
  for (let index = 0; index < keys.length; index++) {
    const key = keys[index]!;
    const item = value[key]!;
    const propertySchema = Object.hasOwn(properties, key) ? properties[key] : undefined;
    if (!isRecord(propertySchema)) {
      if (result) setOwn(result, key, item);
      continue;
    }
    if ('default' in propertySchema && !required.includes(key) && jsonEqual(item, propertySchema.default)) {
      // The first key left out: the keys before it are copied, in order.
      if (!result) {
        result = {};
        for (let before = 0; before < index; before++) setOwn(result, keys[before]!, value[keys[before]!]!);
      }
      continue;
    }
    const inner = withoutDefaultValues(item, propertySchema);
    if (result) setOwn(result, key, inner);
    else if (inner !== item) setOwn(value, key, inner);
  }
  return result ?? value;
}

function toText(value: JsonValue): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}
