// ---------------------------------------------------------------------------
// Validation of workflow and step documents: the JSON Schema first, then the rules a
// schema cannot say (unique ids, the default branch last, each action's own rules from
// its `validateConfig`, references and their scope). Every check runs on whatever parts
// of the input are well formed, so one pass reports everything, and nothing here throws.
// ---------------------------------------------------------------------------

import { BUILT_IN_ACTIONS, builtInCatalog } from './actions';
import { escapeJsonPointerSegment, parseJsonPointer } from './json-pointer';
import { readJsonValue, withNestingLimit } from './json-value';
import { isRecord, jsonEqual, setOwn } from './own';
import type { LocatedReference, TemplatePart } from './references/parse';
import { sharedParse } from './references/template-cache';
import { STEP_KINDS, stepKindOf } from './step-kinds';
import { walkUntrustedStep, type UntrustedStepLocation } from './tree';
import {
  ID_PATTERN,
  SCHEMA_VERSION,
  type ActionCatalog,
  type ActionDefinition,
  type JsonObject,
  type JsonSchema,
  type JsonValue,
  type Problem,
  type StepDocument,
  type StepDocumentValidationResult,
  type StepType,
  type Workflow,
  type WorkflowValidationResult,
} from './types';
import { SchemaNotUsableError, SchemaWorkExceededError } from './validation/json-schema';
import { precompiledConfigs } from './validation/precompiled-validators';
import {
  capRepeatedProblems,
  innermostStepId,
  rootStepIdOf,
  sortInDocumentOrder,
  trimLargeGroups,
} from './validation/problem-order';
import {
  compileSchema,
  schemaErrorsToProblems,
  schemaDefinitionProblem,
  schemaProblems,
} from './validation/schema-problems';
import { structureErrors } from './validation/structure';
import { firstUnknownTriggerSegment } from './validation/trigger-fields';

/** What validation checks against, beyond the format itself. */
export interface ValidateOptions {
  /** Actions a step may use, and their config schemas. Default: the built-in catalog. */
  catalog?: ActionCatalog;
  /** Names of the secrets the host has; when given, `{{ secrets.<name> }}` must name one of them. */
  secrets?: readonly string[];
}

type UnknownRecord = Record<string, unknown>;

/**
 * Checks a workflow document: that it is JSON nested at most `MAX_DOCUMENT_DEPTH`
 * levels (`not_json`, `nesting_too_deep`), then its schema, its rules and its
 * references. Returns the typed workflow, or every problem found in document order
 * (at most 20 of one kind for one object or list, then one that counts the rest).
 * Reads each value of the input once and checks what it read; never throws.
 */
export function validateWorkflow(input: unknown, options: ValidateOptions = {}): WorkflowValidationResult {
  const problems = guarded(() => {
    const read = readDocument(input);
    if (read.problems.length > 0) return finish(read.problems, read.value, undefined);
    return collectWorkflowProblems(read.value, options);
  });
  if (problems.length === 0) return { ok: true, workflow: input as Workflow, problems: [] };
  return { ok: false, problems };
}

/**
 * Checks a standalone step document ("Export step JSON"). References are checked for
 * syntax (and secrets, when given), not for scope: there is no workflow to check
 * them against. Never throws.
 */
export function validateStepDocument(input: unknown, options: ValidateOptions = {}): StepDocumentValidationResult {
  const problems = guarded(() => {
    const read = readDocument(input);
    if (read.problems.length > 0) return finish(read.problems, read.value, rootStepIdOf(read.value));
    return collectStepDocumentProblems(read.value, options);
  });
  if (problems.length === 0) return { ok: true, step: input as StepDocument, problems: [] };
  return { ok: false, problems };
}

/**
 * Checks one action's config on its own (the configuration panel uses it): the action's
 * config schema, the action's own rules and reference syntax. Paths are relative to the
 * config (`/url`, `/headers/0/value`). Never throws.
 */
export function validateConfig(actionId: string, config: unknown, options: ValidateOptions = {}): Problem[] {
  return guarded(() => {
    const read = readDocument(config);
    if (read.problems.length > 0) return finish(read.problems, read.value, undefined);
    return collectConfigProblems(actionId, read.value, options);
  });
}

/**
 * The problems of a config against its action's config schema alone: no rules, no
 * reference syntax. What a run checks once a config's references are resolved, where
 * text that looks like a reference is data. Internal to the executor. Never throws.
 */
export function resolvedConfigProblems(action: ActionDefinition, config: unknown): Problem[] {
  return guarded(() => {
    const read = readDocument(config);
    if (read.problems.length > 0) return read.problems;
    return configSchemaProblems(action.configSchema, read.value, '', action.label);
  });
}

function collectConfigProblems(actionId: string, config: unknown, options: ValidateOptions): Problem[] {
  const catalog = options.catalog ?? builtInCatalog;
  const problems: Problem[] = [];
  const action = catalog.get(actionId);
  if (!action || (action.stepType ?? 'action') !== 'action') {
    problems.push({
      path: '',
      code: 'unknown_action',
      message: unknownActionMessage(actionId),
      params: { action: actionId },
    });
    return problems;
  }
  problems.push(...configSchemaProblems(action.configSchema, config, '', action.label));
  if (isRecord(config)) {
    if (action.validateConfig) problems.push(...action.validateConfig(config));
    problems.push(...referenceProblems(config, '', { secrets: options.secrets }, action.configSchema));
  }
  // Paths inside a config never lead to a step of the workflow.
  return finish(problems, config, undefined).map(({ stepId: _none, ...problem }) => problem);
}

/**
 * `value` without the object properties whose value deep-equals the `default` of their
 * property schema, recursively through nested object schemas (and array items with
 * object schemas). Free-form content (a property whose schema lists no `properties`,
 * such as `body` or `responseSchema`) is kept exactly. Required properties are never
 * removed. Key order is kept.
 */
export function omitDefaults(value: JsonValue, schema: JsonSchema): JsonValue {
  if (Array.isArray(value)) {
    const items = schema.items;
    if (!isRecord(items) || !isRecord(items.properties)) return value;
    return value.map((item) => omitDefaults(item, items));
  }
  if (!isRecord(value)) return value;
  const properties = isRecord(schema.properties) ? schema.properties : undefined;
  if (!properties) return value;
  const required = Array.isArray(schema.required) ? schema.required : [];
  const result: JsonObject = {};
  for (const [key, item] of Object.entries(value)) {
    const propertySchema = Object.hasOwn(properties, key) ? properties[key] : undefined;
    if (!isRecord(propertySchema)) {
      setOwn(result, key, item);
      continue;
    }
    if ('default' in propertySchema && !required.includes(key) && jsonEqual(item, propertySchema.default)) continue;
    setOwn(result, key, omitDefaults(item, propertySchema));
  }
  return result;
}

// ---- Documents ---------------------------------------------------------------

interface Context {
  options: ValidateOptions;
  catalog: ActionCatalog;
  /** Scope checks need the whole workflow; a step document checks syntax only. */
  workflow?: WorkflowIndex;
  payloadSchema?: UnknownRecord;
  /** Answers about trigger references by their text, for this check (the payload schema does not change during it). */
  triggerAnswers: Map<string, number | undefined>;
}

function collectWorkflowProblems(input: unknown, options: ValidateOptions): Problem[] {
  const versionProblem = unsupportedVersion(input);
  if (versionProblem) return [versionProblem];
  const problems = structureProblems('workflow', input);
  if (!isRecord(input)) return problems;
  const index = indexWorkflow(Array.isArray(input.steps) ? input.steps : [], '/steps');
  const trigger = isRecord(input.trigger) ? input.trigger : undefined;
  const payloadSchema = trigger && isRecord(trigger.payloadSchema) ? trigger.payloadSchema : undefined;
  if (payloadSchema) {
    const reason = schemaDefinitionProblem(payloadSchema);
    if (reason) {
      problems.push({
        path: '/trigger/payloadSchema',
        code: 'schema_invalid',
        message: `Trigger payload schema: ${reason}`,
        params: { field: 'Trigger payload schema', rule: 'schema', reason },
      });
    }
  }
  const context: Context = {
    options,
    catalog: options.catalog ?? builtInCatalog,
    workflow: index,
    payloadSchema,
    triggerAnswers: new Map(),
  };
  for (const problem of index.duplicates) problems.push(problem);
  // A second walk rather than the index's locations kept: holding 10,000 of them costs more.
  if (Array.isArray(input.steps)) collectListProblems(input.steps, null, '/steps', context, problems);
  return finish(problems, input, undefined);
}

/**
 * The problems of each step of a list and of the steps inside them, in the order a walk
 * of the step tree enters them: a loop rather than the walk, which makes a location
 * object per step (and a list of ancestors per child list) that these rules never read.
 * A document nests at most MAX_DOCUMENT_DEPTH levels, so the recursion is bounded.
 */
function collectListProblems(
  steps: readonly unknown[],
  branchId: string | null,
  listPointer: string,
  context: Context,
  problems: Problem[],
): void {
  for (let index = 0; index < steps.length; index++) {
    const step = steps[index];
    const kind = stepKindOf(step);
    if (!kind) continue;
    const pointer = `${listPointer}/${index}`;
    appendAll(problems, STEP_RULES[kind.type](step as UnknownRecord, pointer, context, { branchId, index }));
    if (!kind.container) continue;
    const lists = kind.childLists(step as UnknownRecord);
    for (let at = 0; at < lists.length; at++) {
      const list = lists[at]!;
      if (list.steps.length === 0) continue;
      collectListProblems(
        list.steps,
        typeof list.id === 'string' ? list.id : null,
        pointer + list.pointer,
        context,
        problems,
      );
    }
  }
}

function collectStepDocumentProblems(input: unknown, options: ValidateOptions): Problem[] {
  const versionProblem = unsupportedVersion(input);
  if (versionProblem) return [versionProblem];
  const problems = structureProblems('step', input);
  if (!isRecord(input)) return problems;
  const context: Context = { options, catalog: options.catalog ?? builtInCatalog, triggerAnswers: new Map() };
  problems.push(...duplicateIdProblems(input));
  walkUntrustedStep(input, {
    enter: (location) => {
      appendAll(problems, stepProblems(location, context));
    },
  });
  return finish(problems, input, rootStepIdOf(input));
}

/**
 * The plain copy every check runs on (see json-value.ts). No document at all is left to
 * the schema, which says what is expected ("must be an object") better than "not JSON".
 */
function readDocument(input: unknown): { value: unknown; problems: Problem[] } {
  if (input === undefined) return { value: undefined, problems: [] };
  const read = readJsonValue(input);
  return { value: read.value, problems: read.problems.map(withNestingLimit) };
}

function unsupportedVersion(input: unknown): Problem | undefined {
  if (!isRecord(input) || !('schemaVersion' in input) || input.schemaVersion === SCHEMA_VERSION) return undefined;
  return {
    path: '/schemaVersion',
    code: 'schema_version_unsupported',
    message: `Format version ${JSON.stringify(input.schemaVersion)} ("schemaVersion") is not supported; this version reads schemaVersion ${SCHEMA_VERSION}`,
    params: { version: JSON.stringify(input.schemaVersion), supported: SCHEMA_VERSION },
  };
}

function structureProblems(kind: 'workflow' | 'step', input: unknown): Problem[] {
  const problems = schemaErrorsToProblems(structureErrors(kind, input));
  if (isRecord(input) && input.kind !== undefined) {
    // A step document given as a workflow (or the other way round) deserves a clear word.
    const other = kind === 'workflow' ? 'step' : 'workflow';
    const kindProblem = problems.find((problem) => problem.path === '/kind');
    if (kindProblem && input.kind === other) {
      kindProblem.message = `This is a ${other} document; expected "kind": "${kind}"`;
      kindProblem.params = { ...kindProblem.params, given: other };
    }
  }
  return problems;
}

// ---- Steps -------------------------------------------------------------------

/** The rules of one step of a known kind, beyond its schema; the walk visits the steps it holds. */
type StepRules = (step: UnknownRecord, pointer: string, context: Context, place: StepPlace | undefined) => Problem[];

/** Each kind's rules: a kind added to STEP_KINDS adds its rules here. */
const STEP_RULES: { readonly [Type in StepType]: StepRules } = {
  action: (step, pointer, context, place) =>
    actionStepProblems(step, pointer, context, place, typeof step.id === 'string' ? step.id : undefined),
  branch: branchStepProblems,
};

/** One step's own problems (not those of the steps it holds: the walk visits them). */
function stepProblems(location: UntrustedStepLocation, context: Context): Problem[] {
  const { kind } = location;
  if (!kind) return [];
  // The workflow is indexed once; each scope question costs O(depth).
  const place: StepPlace | undefined = context.workflow
    ? { branchId: location.branchId, index: location.index }
    : undefined;
  return STEP_RULES[kind.type](location.step as UnknownRecord, location.pointer, context, place);
}

/** A branch step's rules: the default branch last, and each condition's references. */
function branchStepProblems(
  step: UnknownRecord,
  pointer: string,
  context: Context,
  place: StepPlace | undefined,
): Problem[] {
  const problems: Problem[] = [];
  const stepId = typeof step.id === 'string' ? step.id : undefined;
  const branches = STEP_KINDS.branch.childLists(step);
  for (const { holder: branch, index: branchIndex } of branches) {
    if (!isRecord(branch)) continue;
    const branchPointer = `${pointer}/branches/${branchIndex}`;
    const label = typeof branch.name === 'string' && branch.name !== '' ? `branch "${branch.name}"` : 'this branch';
    if (!('when' in branch) && branchIndex !== branches.length - 1) {
      problems.push({
        path: branchPointer,
        code: 'default_branch_not_last',
        message: `The default branch (${label}, which has no condition) must be the last branch`,
        params: { branch: typeof branch.name === 'string' ? branch.name : '' },
      });
    }
    if ('when' in branch) {
      const scoped = place && context.workflow && stepId !== undefined;
      appendAll(
        problems,
        referenceProblems(branch.when, `${branchPointer}/when`, {
          secrets: context.options.secrets,
          payloadSchema: context.payloadSchema,
          triggerAnswers: context.triggerAnswers,
          scope: scoped ? { workflow: context.workflow!, place: place, selfId: stepId } : undefined,
          fieldLabel: () => `The condition of ${label}`,
        }),
      );
    }
  }
  return problems;
}

function actionStepProblems(
  step: UnknownRecord,
  pointer: string,
  context: Context,
  place: StepPlace | undefined,
  stepId: string | undefined,
): Problem[] {
  const problems: Problem[] = [];
  const actionId = step.action;
  if (typeof actionId !== 'string' || actionId === '') return problems;
  const action = context.catalog.get(actionId);
  // An id that cannot exist is the schema's to report (schema_pattern), not unknown_action.
  if ((!action || (action.stepType ?? 'action') !== 'action') && ID_PATTERN.test(actionId)) {
    problems.push({
      path: `${pointer}/action`,
      code: 'unknown_action',
      message: unknownActionMessage(actionId),
      params: { action: actionId },
    });
  }
  const config = step.config;
  if (!isRecord(config)) return problems;
  const configPointer = `${pointer}/config`;
  if (action && (action.stepType ?? 'action') === 'action') {
    appendAll(problems, configSchemaProblems(action.configSchema, config, configPointer, action.label));
    // The action's own rules speak of paths inside the config.
    if (action.validateConfig)
      for (const problem of action.validateConfig(config))
        problems.push({ ...problem, path: configPointer + problem.path });
  }
  appendAll(
    problems,
    referenceProblems(
      config,
      configPointer,
      {
        secrets: context.options.secrets,
        payloadSchema: context.payloadSchema,
        triggerAnswers: context.triggerAnswers,
        scope: place && context.workflow ? { workflow: context.workflow, place, selfId: stepId } : undefined,
      },
      action?.configSchema,
    ),
  );
  return problems;
}

function unknownActionMessage(actionId: string): string {
  return `There is no action "${actionId}" in the action catalog`;
}

/** The build-time validators of the built-in config schemas, by the schema object they were generated from. */
const precompiledConfigBySchema = new Map<JsonSchema, (value: unknown) => boolean>(
  BUILT_IN_ACTIONS.flatMap((action) => {
    const check = Object.hasOwn(precompiledConfigs, action.id) ? precompiledConfigs[action.id] : undefined;
    return check ? [[action.configSchema, check] as const] : [];
  }),
);

function configSchemaProblems(schema: JsonSchema, config: unknown, pointer: string, actionLabel: string): Problem[] {
  // A built-in action's config that its build-time validator accepts has no schema problems.
  if (precompiledConfigBySchema.get(schema)?.(config) === true) return [];
  const validate = compileSchema(schema);
  if (validate instanceof SchemaNotUsableError) {
    // Catalogs refuse such schemas when they are made: this is a catalog put together by hand.
    const where = validate.pointer === '' ? '' : ` at ${validate.pointer}`;
    return [
      {
        path: pointer,
        code: 'schema_invalid',
        message: `The config schema of "${actionLabel}" is not a valid JSON Schema (${validate.detail}${where}), so this config cannot be checked`,
        params: { action: actionLabel, rule: 'config_schema', detail: validate.detail, at: validate.pointer },
      },
    ];
  }
  try {
    return schemaProblems(validate, config, pointer);
  } catch (error) {
    if (!(error instanceof SchemaWorkExceededError)) throw error;
    return [
      {
        path: pointer,
        code: 'schema_invalid',
        message: `The config schema of "${actionLabel}" is too costly to check this config against (it evaluates its parts too often, as recursive anyOf or oneOf branches do)`,
        params: { action: actionLabel, rule: 'too_costly' },
      },
    ];
  }
}

// ---- References --------------------------------------------------------------

interface ReferenceCheck {
  secrets?: readonly string[];
  payloadSchema?: UnknownRecord;
  triggerAnswers?: Map<string, number | undefined>;
  /** Absent for a step document or a lone config: syntax only. */
  scope?: { workflow: WorkflowIndex; place: StepPlace; selfId: string | undefined };
  /** How to name the field holding a reference at `pointer` in messages. */
  fieldLabel?: (pointer: string) => string;
}

function referenceProblems(
  value: unknown,
  pointer: string,
  check: ReferenceCheck,
  configSchema?: JsonSchema,
): Problem[] {
  const problems: Problem[] = [];
  const fieldLabel = check.fieldLabel ?? ((at: string) => configFieldLabel(at, pointer, configSchema));
  const references: LocatedReference[] = [];
  const errors: Problem[] = [];
  templatesIn(value, pointer, (at, part) => {
    if (part.kind === 'reference') {
      references.push({ pointer: at, reference: part.reference });
    } else if (part.kind === 'malformed') {
      const field = fieldLabel(at);
      errors.push({
        path: at,
        code: part.code,
        message: `${field}: ${part.message} (in ${part.text})`,
        params: { field, reference: part.text, reason: part.message },
      });
    }
  });
  for (const error of errors) problems.push(error);
  for (const located of references) {
    const problem = referenceProblem(located, check, fieldLabel);
    if (problem) problems.push(problem);
  }
  return problems;
}

/**
 * Calls `visit` with each part of every template string in `value` (deep, in document
 * order; object keys are not templates), with the JSON Pointer of its string. `value`
 * is the plain copy validation reads (no cycles, at most MAX_DOCUMENT_DEPTH levels), so
 * the walk needs no guard against cycles and may recurse. The parts are the cache's
 * shared ones: read, never kept past the check or changed.
 */
function templatesIn(value: unknown, pointer: string, visit: (at: string, part: TemplatePart) => void): void {
  if (typeof value === 'string') {
    if (value.includes('{{')) for (const part of sharedParse(value)) visit(pointer, part);
    return;
  }
  if (value !== null && typeof value === 'object') templatesUnder(value, pointer, [], visit);
}

/**
 * {@link templatesIn} inside a container, `segments` (escaped) down from `pointer`. A
 * pointer is spelt only for a string that holds a template: most containers hold none.
 */
function templatesUnder(
  node: object,
  pointer: string,
  segments: string[],
  visit: (at: string, part: TemplatePart) => void,
): void {
  const isArray = Array.isArray(node);
  const keys = isArray ? undefined : Object.keys(node);
  const length = keys === undefined ? (node as unknown[]).length : keys.length;
  for (let index = 0; index < length; index++) {
    const key = keys === undefined ? undefined : keys[index]!;
    const item: unknown = key === undefined ? (node as unknown[])[index] : (node as Record<string, unknown>)[key];
    if (typeof item === 'string') {
      if (!item.includes('{{')) continue;
      let at = pointer;
      for (let level = 0; level < segments.length; level++) at += `/${segments[level]!}`;
      at += `/${escapeJsonPointerSegment(key ?? index)}`;
      for (const part of sharedParse(item)) visit(at, part);
    } else if (item !== null && typeof item === 'object') {
      segments.push(escapeJsonPointerSegment(key ?? index));
      templatesUnder(item, pointer, segments, visit);
      segments.pop();
    }
  }
}

function referenceProblem(
  { pointer, reference }: LocatedReference,
  check: ReferenceCheck,
  fieldLabel: (pointer: string) => string,
): Problem | undefined {
  const path = reference.path;
  switch (reference.root) {
    case 'steps': {
      const scope = check.scope;
      if (!scope) return undefined;
      const ids = scope.workflow;
      const target = String(path[1]);
      if (!ids.hasStep(target)) {
        const field = fieldLabel(pointer);
        const isBranch = ids.hasBranch(target);
        const what = isBranch ? `"${target}" is a branch, not a step` : `there is no step "${target}"`;
        return {
          path: pointer,
          code: 'reference_unknown_step',
          message: `${field} uses ${reference.text}, but ${what}`,
          params: { field, reference: reference.text, step: target, rule: isBranch ? 'branch' : 'missing' },
        };
      }
      if (!scope.workflow.isUpstream(target, scope.place)) {
        const field = fieldLabel(pointer);
        // Named as the person sees it on the canvas, with the id the reference spells.
        const name = ids.nameOf(target);
        const step = name !== undefined && name !== target ? `"${name}" (${target})` : `"${target}"`;
        const why =
          target === scope.selfId
            ? 'a step cannot use its own output'
            : `step ${step} does not always run before this one (it runs later, on another branch, or inside an earlier branch)`;
        return {
          path: pointer,
          code: 'reference_out_of_scope',
          message: `${field} uses ${reference.text}, but ${why}`,
          params: {
            field,
            reference: reference.text,
            step: target,
            rule: target === scope.selfId ? 'self' : 'not_before',
          },
        };
      }
      return undefined;
    }
    case 'secrets': {
      const name = String(path[1]);
      if (check.secrets && !check.secrets.includes(name)) {
        const field = fieldLabel(pointer);
        const known =
          check.secrets.length === 0 ? 'no secrets are set up' : `the secrets set up are ${check.secrets.join(', ')}`;
        return {
          path: pointer,
          code: 'reference_unknown_secret',
          message: `${field} uses the secret "${name}", which does not exist (${known})`,
          params: { field, reference: reference.text, secret: name, known: check.secrets.join(', ') },
        };
      }
      return undefined;
    }
    case 'trigger': {
      if (!check.payloadSchema) return undefined;
      const answers = check.triggerAnswers;
      let unknownAt: number | undefined;
      if (answers?.has(reference.text)) unknownAt = answers.get(reference.text);
      else {
        unknownAt = firstUnknownTriggerSegment(check.payloadSchema, path);
        answers?.set(reference.text, unknownAt);
      }
      if (unknownAt === undefined) return undefined;
      const field = fieldLabel(pointer);
      return {
        path: pointer,
        code: 'reference_unknown_trigger_field',
        message: `${field} uses ${reference.text}, but the trigger payload schema has no field ${JSON.stringify(path[unknownAt])} there`,
        params: { field, reference: reference.text, triggerField: String(path[unknownAt]) },
      };
    }
    default:
      return undefined;
  }
}

/** Where a step sits: the branch holding its list (`null` for the root list) and its index there. */
interface StepPlace {
  branchId: string | null;
  index: number;
}

/** Stand-ins for the ids of unusable entries: no reference can name them. */
const NOT_A_STEP = '\u0000not-a-step';
const NOT_A_BRANCH = '\u0000not-a-branch';

/**
 * What scope checks need of a possibly invalid workflow, found in one walk over its step
 * tree: every step and branch id, where each step sits, which branch step holds each
 * branch, and the duplicate ids. The well-formed parts answer as a typed workflow would
 * (tree.ts's scope index); an unusable entry counts as a step with an id no reference
 * can name, index for index.
 */
class WorkflowIndex {
  /** `duplicate_id` problems, in document order. */
  readonly duplicates: Problem[] = [];
  /**
   * Every step and branch id met so far (one lookup tells whether an id is a duplicate),
   * with where the first step of that id sits; {@link BRANCH_ID} while only branches have it.
   */
  private readonly ids = new Map<string, ListPosition | typeof BRANCH_ID>();
  /** Where the first step without a usable id sits (the one the stand-in {@link NOT_A_STEP} names). */
  private notAStep: ListPosition | undefined;
  /** Branch id → the id of the branch step holding it. */
  private readonly owners = new Map<string, string>();

  constructor(steps: readonly unknown[], listPointer: string) {
    this.visitList(steps, null, listPointer);
  }

  /** Whether some step has the id `id`. */
  hasStep(id: string): boolean {
    return this.positionOf(id) !== undefined;
  }

  /** The name of the first step with the id `id`, when it has one. */
  nameOf(id: string): string | undefined {
    return this.positionOf(id)?.name;
  }

  /** Whether some branch has the id `id`. */
  hasBranch(id: string): boolean {
    return this.owners.has(id);
  }

  /**
   * True when `targetId` is an earlier step of the list at `at`, an enclosing branch
   * step, or an earlier step of an enclosing list. O(depth).
   */
  isUpstream(targetId: string, at: StepPlace): boolean {
    const target = this.positionOf(targetId);
    if (!target) return false;
    let listId = at.branchId;
    let position = at.index;
    let enclosing = false;
    for (let depth = 0; depth < 1000; depth++) {
      if (target.listId === listId && (target.index < position || (enclosing && target.index === position)))
        return true;
      if (listId === null) return false;
      const ownerId = this.owners.get(listId);
      const owner = ownerId === undefined ? undefined : this.positionOf(ownerId);
      if (!owner) return false;
      listId = owner.listId;
      position = owner.index;
      enclosing = true;
    }
    return false;
  }

  /** Where the first step with the id `id` sits (a step without a usable id for {@link NOT_A_STEP}). */
  private positionOf(id: string): ListPosition | undefined {
    if (id === NOT_A_STEP) return this.notAStep;
    const entry = this.ids.get(id);
    return entry === BRANCH_ID ? undefined : entry;
  }

  /** Step and branch ids share one namespace; each duplicate is reported at its later occurrence. */
  private duplicate(id: string, path: string): void {
    this.duplicates.push({
      path,
      code: 'duplicate_id',
      message: `The id "${id}" is already used by an earlier step or branch; step and branch ids must be unique`,
      params: { id },
    });
  }

  /**
   * The steps of one list and of every list inside them, in document order (a step, then
   * the branches of its lists with their steps), as a walk of the step tree visits them:
   * a loop rather than the walk, which makes a location object per step. A document
   * nests at most MAX_DOCUMENT_DEPTH levels, so the recursion is bounded.
   */
  private visitList(steps: readonly unknown[], listId: string | null, listPointer: string): void {
    for (let index = 0; index < steps.length; index++) {
      const item = steps[index];
      const step = isRecord(item) ? item : undefined;
      const stepId = step?.id;
      // First occurrence wins, as findStep does; duplicates are reported.
      let id: string;
      if (typeof stepId !== 'string') {
        id = NOT_A_STEP;
        this.notAStep ??= { listId, index };
      } else {
        id = stepId;
        const entry = this.ids.get(id);
        if (entry !== undefined) this.duplicate(id, `${listPointer}/${index}/id`);
        if (id === NOT_A_STEP) {
          // A step whose id is the stand-in itself shares its place, as one key would.
          this.notAStep ??= { listId, index };
          if (entry === undefined) this.ids.set(id, BRANCH_ID);
        } else if (entry === undefined || entry === BRANCH_ID) {
          const name = step?.name;
          this.ids.set(id, typeof name === 'string' && name !== '' ? { listId, index, name } : { listId, index });
        }
      }
      if (!step) continue;
      const kind = stepKindOf(step);
      if (!kind?.container) continue;
      const lists = kind.childLists(step);
      // Every child list of a step is owned before the steps inside any of them are seen.
      for (let at = 0; at < lists.length; at++) {
        const list = lists[at]!;
        const branchId = isRecord(list.holder) ? listIdOf(list.id) : NOT_A_BRANCH;
        if (!this.owners.has(branchId)) this.owners.set(branchId, id);
      }
      const stepPointer = `${listPointer}/${index}`;
      for (let at = 0; at < lists.length; at++) {
        const list = lists[at]!;
        if (!isRecord(list.holder)) continue;
        const branchId = list.id;
        if (typeof branchId === 'string') {
          if (this.ids.has(branchId)) this.duplicate(branchId, `${stepPointer}${list.holderPointer}/id`);
          else this.ids.set(branchId, BRANCH_ID);
        }
        if (list.steps.length > 0) this.visitList(list.steps, listIdOf(list.id), stepPointer + list.pointer);
      }
    }
  }
}

/** Where a step sits in the index: the list holding it (by the id scope checks use) and its index there. */
interface ListPosition {
  listId: string | null;
  index: number;
  /** The step's name, for messages. */
  name?: string;
}

/** Said of an id only branches have had so far. */
const BRANCH_ID = 0;

/** The list id scope checks use for a child list whose holder has the id `id`. */
function listIdOf(id: unknown): string {
  return typeof id === 'string' ? id : NOT_A_BRANCH;
}

function indexWorkflow(steps: readonly unknown[], listPointer: string): WorkflowIndex {
  return new WorkflowIndex(steps, listPointer);
}

/** Appends every item of `items` (a loop: spreading a long list into push overflows the argument limit). */
function appendAll(into: Problem[], items: readonly Problem[]): void {
  for (let index = 0; index < items.length; index++) into.push(items[index]!);
}

/** "URL", "Request Headers, entry 1, value": the config field at `pointer`, named by the config schema's titles. */
function configFieldLabel(pointer: string, configPointer: string, configSchema: JsonSchema | undefined): string {
  let segments: string[];
  try {
    segments = parseJsonPointer(pointer.slice(configPointer.length));
  } catch {
    segments = [];
  }
  const [first, ...rest] = segments;
  if (first === undefined) return 'The config';
  const properties = configSchema && isRecord(configSchema.properties) ? configSchema.properties : {};
  const property = Object.hasOwn(properties, first) ? properties[first] : undefined;
  const title = isRecord(property) && typeof property.title === 'string' ? property.title : first;
  return [
    title,
    ...rest.map((segment) => (/^\d+$/.test(segment) ? `entry ${Number(segment) + 1}` : `"${segment}"`)),
  ].join(', ');
}

// ---- Ids -----------------------------------------------------------------------

/**
 * Step and branch ids share one namespace; each duplicate is reported at its later
 * occurrence, in document order (a branch id comes before the steps inside it).
 */
function duplicateIdProblems(rootStep: UnknownRecord): Problem[] {
  const problems: Problem[] = [];
  const seen = new Set<string>();
  const note = (id: unknown, path: string): void => {
    if (typeof id !== 'string') return;
    if (seen.has(id)) {
      problems.push({
        path,
        code: 'duplicate_id',
        message: `The id "${id}" is already used by an earlier step or branch; step and branch ids must be unique`,
        params: { id },
      });
    }
    seen.add(id);
  };
  walkUntrustedStep(rootStep, {
    enter: ({ step, pointer }) => {
      if (!isRecord(step)) return 'skip';
      note(step.id, `${pointer}/id`);
      return undefined;
    },
    enterList: ({ holder, id }, _owner, holderPointer) => {
      if (!isRecord(holder)) return 'skip';
      note(id, `${holderPointer}/id`);
      return undefined;
    },
  });
  return problems;
}

// ---- Finishing -----------------------------------------------------------------

/**
 * Drops schema problems where a rule problem explains the same place (a CR/LF header
 * name also fails the token pattern), fills in `stepId`, sorts in document order and
 * caps problems of one kind in one place. Linear in the problems (times path depth).
 */
function finish(problems: Problem[], input: unknown, rootStepId: string | undefined): Problem[] {
  const rulePaths = new Set(
    problems.filter((problem) => !problem.code.startsWith('schema_')).map((problem) => problem.path),
  );
  const kept = problems.filter(
    (problem) =>
      !(problem.code.startsWith('schema_') && problem.code !== 'schema_invalid' && rulePaths.has(problem.path)),
  );
  const unique = new Map<string, Problem>();
  for (const problem of kept) {
    const key = `${problem.path}\u0000${problem.code}\u0000${problem.message}`;
    if (!unique.has(key)) unique.set(key, problem);
  }
  const { kept: listed, dropped } = trimLargeGroups([...unique.values()]);
  const withStep = listed.map((problem) => {
    const stepId = innermostStepId(input, problem.path, rootStepId);
    return stepId === undefined ? problem : { ...problem, stepId };
  });
  return capRepeatedProblems(sortInDocumentOrder(withStep, input), dropped);
}

function guarded(collect: () => Problem[]): Problem[] {
  try {
    return collect();
  } catch (error) {
    // A last line of defence (a cyclic object, a throwing getter): report, never throw.
    const reason = error instanceof Error ? error.message : String(error);
    return [
      {
        path: '',
        code: 'schema_invalid',
        message: `The document could not be checked: ${reason}`,
        params: { rule: 'unchecked', reason },
      },
    ];
  }
}
