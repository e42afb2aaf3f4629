// ---------------------------------------------------------------------------
// What a reference chip says: the step's name and the field path ("Score risk › body ›
// score"), the step's icon, whether the reference is broken and why, and the value it
// would resolve to. Pure functions over the definition layer (no React, no CodeMirror),
// so the chips, their tests and any other view of a reference say the same thing.
// The chip is only a view: the stored text stays the `{{ ... }}` the format defines.
// ---------------------------------------------------------------------------

import {
  builtInCatalog,
  findStep,
  lookupReference,
  upstreamSteps,
  walkSteps,
  type ActionCatalog,
  type JsonValue,
  type PathSegment,
  type Reference,
  type StepLocation,
  type TemplateContext,
  type Workflow,
} from '../../definition';
import { isRecord } from '../../definition/own';
import { STEP_KINDS, hasOutput, isActionStep } from '../../definition/step-kinds';
import { firstUnknownTriggerSegment } from '../../definition/validation/trigger-fields';
import { defaultLabels, type EditorLabels } from '../labels';
import type { SampleData } from '../sample-data';

/** The words a chip uses; a subset of the editor's labels. */
export type ReferenceChipLabels = Pick<
  EditorLabels,
  | 'referenceTrigger'
  | 'referenceSecret'
  | 'referenceWorkflowId'
  | 'referenceRunId'
  | 'referenceChip'
  | 'brokenReferenceChip'
  | 'referenceStepMissing'
  | 'referenceStepLater'
  | 'referenceStepOtherBranch'
  | 'referenceStepInEarlierBranch'
  | 'referenceStepSelf'
  | 'referenceStepNoOutput'
  | 'referenceSecretMissing'
  | 'referenceTriggerFieldUnknown'
  | 'referenceValue'
  | 'referenceExample'
>;

/** What a chip shows for one reference. */
export interface ReferenceDescription {
  /** "Score risk › body › score", "Trigger › inquiryId", "Secret › api_key", "Run ID". */
  label: string;
  /** The icon to draw: the action's icon for a step, `bolt` for the trigger; absent for secrets and ids. */
  icon?: string;
  /** For a step reference: the id of the step it names. */
  stepId?: string;
  /** Why the reference will not resolve here, in words; absent when it is fine. */
  broken?: string;
  /** The chip's accessible name: "Reference: Score risk › body › score" (and ", broken: <reason>"). */
  accessibleName: string;
}

/** Options of {@link describeReference}. */
export interface DescribeReferenceOptions {
  /** Secret names the host offers; without them secret references are not checked. */
  secrets?: readonly string[];
  /** @default defaultLabels */
  labels?: ReferenceChipLabels;
}

const SEPARATOR = ' › ';

function segmentLabel(segment: PathSegment): string {
  return typeof segment === 'number' ? `[${segment}]` : segment;
}

/**
 * Describes `reference` as it appears in a field of step `stepId` (the step whose
 * configuration or condition holds it; `undefined` when the field belongs to no step yet,
 * which skips the scope checks). The scope rules are validation's: the trigger, secrets
 * the host offers, and steps that always run before this one.
 */
export function describeReference(
  reference: Pick<Reference, 'path'>,
  definition: Workflow,
  catalog: ActionCatalog = builtInCatalog,
  stepId?: string,
  options: DescribeReferenceOptions = {},
): ReferenceDescription {
  const labels = options.labels ?? defaultLabels;
  const { path } = reference;
  const finish = (description: Omit<ReferenceDescription, 'accessibleName'>): ReferenceDescription => ({
    ...description,
    accessibleName:
      description.broken === undefined
        ? labels.referenceChip(description.label)
        : labels.brokenReferenceChip(description.label, description.broken),
  });
  const root = path[0];
  if (root === 'trigger') {
    const label = [labels.referenceTrigger, ...path.slice(1).map(segmentLabel)].join(SEPARATOR);
    // As validation: with a payload schema, the path must be a field it describes.
    const schema = definition.trigger.payloadSchema;
    const unknownAt = isObject(schema) ? firstUnknownTriggerSegment(schema, path) : undefined;
    if (unknownAt === undefined) return finish({ label, icon: 'bolt' });
    return finish({ label, icon: 'bolt', broken: labels.referenceTriggerFieldUnknown(String(path[unknownAt])) });
  }
  if (root === 'secrets') {
    const name = String(path[1] ?? '');
    const label = [labels.referenceSecret, name].join(SEPARATOR);
    const known = options.secrets === undefined || options.secrets.includes(name);
    return finish(known ? { label } : { label, broken: labels.referenceSecretMissing(name) });
  }
  if (root === 'workflow') return finish({ label: labels.referenceWorkflowId });
  if (root === 'run') return finish({ label: labels.referenceRunId });

  // steps.<id>.output... or steps.<id>.error...
  const targetId = String(path[1] ?? '');
  const kind = path[2];
  const fieldPath = (kind === 'error' ? ['error', ...path.slice(3)] : path.slice(3)).map(segmentLabel);
  const target = findStep(definition, targetId);
  if (!target) {
    return finish({
      label: [targetId, ...fieldPath].join(SEPARATOR),
      stepId: targetId,
      broken: labels.referenceStepMissing(targetId),
    });
  }
  const step = target.step;
  const label = [step.name, ...fieldPath].join(SEPARATOR);
  const icon = (isActionStep(step) ? catalog.get(step.action)?.icon : undefined) ?? STEP_KINDS[step.type].defaultIcon;
  const base = { label, icon, stepId: targetId };
  const broken = stepId === undefined ? undefined : scopeProblem(definition, target, stepId, labels);
  if (broken !== undefined) return finish({ ...base, broken });
  if (!hasOutput(step)) return finish({ ...base, broken: labels.referenceStepNoOutput(step.name) });
  return finish(base);
}

/** Why step `target` cannot be referenced from step `holderId`, or undefined when it can. */
function scopeProblem(
  definition: Workflow,
  target: StepLocation,
  holderId: string,
  labels: ReferenceChipLabels,
): string | undefined {
  const targetStep = target.step;
  if (targetStep.id === holderId) return labels.referenceStepSelf;
  const holder = findStep(definition, holderId);
  // A field of a step not in this workflow (a step document): scope cannot be checked.
  if (!holder) return undefined;
  if (upstreamSteps(definition, holderId).some((step) => step.id === targetStep.id)) return undefined;
  // Different branches of the same condition step, at the first level where they part.
  const depth = Math.min(holder.ancestors.length, target.ancestors.length);
  for (let level = 0; level < depth; level++) {
    const holderLevel = holder.ancestors[level]!;
    const targetLevel = target.ancestors[level]!;
    if (holderLevel.branch.id === targetLevel.branch.id) continue;
    if (holderLevel.step.id === targetLevel.step.id) return labels.referenceStepOtherBranch(targetStep.name);
    break;
  }
  const order = new Map<string, number>();
  walkSteps(definition.steps, ({ step }) => {
    if (!order.has(step.id)) order.set(step.id, order.size);
  });
  if ((order.get(targetStep.id) ?? 0) > (order.get(holderId) ?? 0)) return labels.referenceStepLater(targetStep.name);
  return labels.referenceStepInEarlierBranch(targetStep.name);
}

// ---- Previews ----------------------------------------------------------------

/** The value a reference resolves to, from sample data or, failing that, a schema example. */
export interface ReferencePreview {
  /** `value`: from sample data or a test result; `example`: from a schema's examples. */
  source: 'value' | 'example';
  value: JsonValue;
}

/** Options of {@link previewReference}. */
export interface PreviewReferenceOptions {
  /** The trigger sample and earlier test results; read defensively (a host may pass anything). */
  sampleData?: SampleData;
  /** Where steps' output schemas come from. @default builtInCatalog */
  catalog?: ActionCatalog;
}

type SchemaObject = { [key: string]: JsonValue };

/** A JSON object: schemas here are JSON values. */
function isObject(value: unknown): value is SchemaObject {
  return isRecord(value);
}

/** Follows local `$ref`s (`#/$defs/x`) inside `root`, at most a few hops. */
function dereference(schema: SchemaObject, root: SchemaObject): SchemaObject {
  let current = schema;
  for (let hops = 0; hops < 8 && typeof current.$ref === 'string' && current.$ref.startsWith('#'); hops++) {
    let target: JsonValue | undefined = root;
    for (const raw of current.$ref.slice(1).split('/').slice(1)) {
      const key = decodeURIComponent(raw).replace(/~1/g, '/').replace(/~0/g, '~');
      target = isObject(target) && Object.hasOwn(target, key) ? target[key] : undefined;
    }
    if (!isObject(target)) break;
    const { $ref: _ref, ...rest } = current;
    current = { ...target, ...rest };
  }
  return current;
}

/** The value at `segments` inside `value`, own keys only. */
function valueAt(
  value: JsonValue,
  segments: readonly PathSegment[],
): { found: true; value: JsonValue } | { found: false } {
  let current: JsonValue = value;
  for (const segment of segments) {
    if (typeof segment === 'number' && Array.isArray(current) && segment < current.length) current = current[segment]!;
    else if (typeof segment === 'string' && isObject(current) && Object.hasOwn(current, segment))
      current = current[segment]!;
    else return { found: false };
  }
  return { found: true, value: current };
}

/** The subschema for one segment: a property (also through allOf/anyOf/oneOf) or an item. */
function childSchema(schema: SchemaObject, segment: PathSegment, root: SchemaObject): SchemaObject | undefined {
  if (typeof segment === 'number') {
    if (Array.isArray(schema.prefixItems) && isObject(schema.prefixItems[segment])) return schema.prefixItems[segment];
    return isObject(schema.items) ? schema.items : undefined;
  }
  if (
    isObject(schema.properties) &&
    isObject(schema.properties[segment]) &&
    Object.hasOwn(schema.properties, segment)
  ) {
    return schema.properties[segment];
  }
  for (const keyword of ['allOf', 'anyOf', 'oneOf'] as const) {
    const members = schema[keyword];
    if (!Array.isArray(members)) continue;
    for (const member of members) {
      if (!isObject(member)) continue;
      const found = childSchema(dereference(member, root), segment, root);
      if (found) return found;
    }
  }
  return undefined;
}

/**
 * An example value at `segments` under `schema`: the nearest `examples[0]` (or `example`,
 * `const`, `default`) on the way down that holds the rest of the path.
 */
export function schemaExampleAt(schema: unknown, segments: readonly PathSegment[]): JsonValue | undefined {
  if (!isObject(schema)) return undefined;
  const root = schema;
  let current: SchemaObject | undefined = schema;
  for (let index = 0; current !== undefined; index++) {
    const resolved: SchemaObject = dereference(current, root);
    const example =
      Array.isArray(resolved.examples) && resolved.examples.length > 0
        ? resolved.examples[0]
        : (resolved.example ?? resolved.const ?? resolved.default);
    if (example !== undefined) {
      const found = valueAt(example, segments.slice(index));
      if (found.found) return found.value;
    }
    if (index >= segments.length) return undefined;
    current = childSchema(resolved, segments[index]!, root);
  }
  return undefined;
}

/**
 * What `reference` resolves to with the sample data (the trigger sample, earlier test
 * results), else what the trigger's payload schema or the step's output schema gives as
 * an example; undefined when neither says.
 */
export function previewReference(
  reference: Pick<Reference, 'path'>,
  definition: Workflow,
  options: PreviewReferenceOptions = {},
): ReferencePreview | undefined {
  const { path } = reference;
  const sample = isObject(options.sampleData) ? options.sampleData : undefined;
  if (sample) {
    const context: TemplateContext = {};
    if (sample.trigger !== undefined) context.trigger = sample.trigger;
    if (isObject(sample.steps)) context.steps = sample.steps as TemplateContext['steps'];
    const found = lookupReference({ path }, context);
    if (found.found) return { source: 'value', value: found.value };
  }
  if (path[0] === 'trigger') {
    const example = schemaExampleAt(definition.trigger.payloadSchema, path.slice(1));
    return example === undefined ? undefined : { source: 'example', value: example };
  }
  if (path[0] === 'steps' && path[2] === 'output') {
    const step = findStep(definition, String(path[1]))?.step;
    if (!isActionStep(step)) return undefined;
    let schema: unknown;
    try {
      schema = (options.catalog ?? builtInCatalog).get(step.action)?.outputSchema?.(step.config);
    } catch {
      // A host's outputSchema may not expect a half-edited config: no example then.
      return undefined;
    }
    const example = schemaExampleAt(schema, path.slice(3));
    return example === undefined ? undefined : { source: 'example', value: example };
  }
  return undefined;
}

/** A preview as one line: strings as they are, other values as compact JSON. */
export function previewText(value: JsonValue): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** `text` cut to `max` characters with an ellipsis. */
export function truncatePreview(text: string, max = 32): string {
  const singleLine = text.replace(/\s+/g, ' ');
  return singleLine.length <= max ? singleLine : `${singleLine.slice(0, Math.max(1, max - 1))}…`;
}
