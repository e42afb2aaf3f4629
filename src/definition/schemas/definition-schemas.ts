// ---------------------------------------------------------------------------
// The published JSON Schemas (draft 2020-12) of the format: the workflow document, the
// standalone step document and one config schema per action. `scripts/generate-schemas.ts`
// writes them to `schemas/`; test/definition/schema-drift.test.ts proves they match
// the TypeScript types and that the committed files are what this module builds.
//
// Format objects (workflow, trigger, step, branch, condition) accept properties they do
// not know: the spec lets the project add optional fields without a new schemaVersion,
// so an executor built on an older schema must not reject them. Built-in action
// configs are closed by their own schemas, so a misspelt config field is still caught.
// ---------------------------------------------------------------------------

import {
  COMPARISON_OPERATORS,
  ID_PATTERN,
  SCHEMA_VERSION,
  UNARY_OPERATORS,
  type ActionDefinition,
  type JsonSchema,
} from '../types';

/** The JSON Schema dialect of every published schema. */
export const SCHEMA_DIALECT = 'https://json-schema.org/draft/2020-12/schema';

/** Where the published schemas live; every `$id` starts with it. */
export const SCHEMA_BASE_URL = 'https://workflow-editor.dev/schemas/';

/** `$id` of `schemas/workflow.schema.json`. */
export const WORKFLOW_SCHEMA_ID = `${SCHEMA_BASE_URL}workflow.schema.json`;

/** `$id` of `schemas/step.schema.json`. */
export const STEP_SCHEMA_ID = `${SCHEMA_BASE_URL}step.schema.json`;

/** `$id` of `schemas/actions/<actionId>.schema.json`. */
export function actionSchemaId(actionId: string): string {
  return `${SCHEMA_BASE_URL}actions/${actionId}.schema.json`;
}

/**
 * The `$defs` key under which the workflow and step schemas embed an action's config schema.
 *
 * @internal Not for hosts: used by the schema and validator generators.
 */
export function actionConfigDefName(actionId: string): string {
  return `action_${actionId}`;
}

/**
 * The actions whose config schema the workflow schema applies: the ones that create action steps.
 *
 * @internal Not for hosts: used by the schema and validator generators.
 */
export function configurableActions(actions: readonly ActionDefinition[]): ActionDefinition[] {
  return actions.filter((action) => (action.stepType ?? 'action') === 'action');
}

function idSchema(title: string): JsonSchema {
  return {
    type: 'string',
    title,
    description: 'Starts with a lowercase letter; lowercase letters, digits and "_"; at most 63 characters.',
    pattern: ID_PATTERN.source,
  };
}

function nameSchema(title: string): JsonSchema {
  return { type: 'string', title, minLength: 1 };
}

/** A subschema without the keywords only a schema resource root may carry. */
function embeddable(schema: JsonSchema): JsonSchema {
  const { $schema: _dialect, $id: _id, ...rest } = schema;
  return rest;
}

/**
 * The `$defs` shared by the workflow and step document schemas. `actions` decides which
 * action configs are checked by `action` id; any other action's config may be any object.
 *
 * @internal Not for hosts: used by the schema and validator generators.
 */
export function definitionDefs(actions: readonly ActionDefinition[]): Record<string, JsonSchema> {
  const configurable = configurableActions(actions);
  const defs: Record<string, JsonSchema> = {
    trigger: {
      type: 'object',
      title: 'Trigger',
      description: 'What starts the workflow, and the shape of the data it carries.',
      properties: {
        event: { type: 'string', title: 'Trigger event', minLength: 1 },
        payloadSchema: {
          type: 'object',
          title: 'Trigger payload schema',
          description: 'JSON Schema of the trigger data; its fields are offered as {{ trigger.<field> }} references.',
        },
      },
      required: ['event'],
    },
    stepList: {
      type: 'array',
      title: 'Steps',
      description: 'Steps in the order they run.',
      items: { $ref: '#/$defs/step' },
    },
    step: {
      type: 'object',
      title: 'Step',
      properties: {
        id: idSchema('Step id'),
        type: { type: 'string', title: 'Step type', enum: ['action', 'branch'] },
        name: nameSchema('Step name'),
      },
      required: ['id', 'type', 'name'],
      allOf: [
        {
          if: { properties: { type: { const: 'action' } }, required: ['type'] },
          then: { $ref: '#/$defs/actionStep' },
        },
        {
          if: { properties: { type: { const: 'branch' } }, required: ['type'] },
          then: { $ref: '#/$defs/branchStep' },
        },
      ],
    },
    actionStep: {
      type: 'object',
      title: 'Action step',
      description: 'Runs one action from the action catalog.',
      properties: {
        id: idSchema('Step id'),
        type: { const: 'action', title: 'Step type' },
        action: idSchema('Action'),
        name: nameSchema('Step name'),
        config: { type: 'object', title: 'Config' },
      },
      required: ['id', 'type', 'action', 'name', 'config'],
      ...(configurable.length === 0
        ? {}
        : {
            allOf: configurable.map((action) => ({
              if: { properties: { action: { const: action.id } }, required: ['action'] },
              then: { properties: { config: { $ref: `#/$defs/${actionConfigDefName(action.id)}` } } },
            })),
          }),
    },
    branchStep: {
      type: 'object',
      title: 'Branch step',
      description: 'Runs the first branch whose condition holds; a branch without a condition is the default and comes last.',
      properties: {
        id: idSchema('Step id'),
        type: { const: 'branch', title: 'Step type' },
        name: nameSchema('Step name'),
        branches: {
          type: 'array',
          title: 'Branches',
          minItems: 1,
          items: { $ref: '#/$defs/branch' },
        },
      },
      required: ['id', 'type', 'name', 'branches'],
    },
    branch: {
      type: 'object',
      title: 'Branch',
      properties: {
        id: idSchema('Branch id'),
        name: nameSchema('Branch name'),
        when: { $ref: '#/$defs/condition' },
        steps: { $ref: '#/$defs/stepList' },
      },
      required: ['id', 'name', 'steps'],
    },
    condition: {
      type: 'object',
      title: 'Condition',
      description: '{ "all": [...] }, { "any": [...] } or a comparison { "left", "op", "right" }.',
      if: { required: ['all'] },
      then: { $ref: '#/$defs/allCondition' },
      else: {
        if: { required: ['any'] },
        then: { $ref: '#/$defs/anyCondition' },
        else: { $ref: '#/$defs/comparison' },
      },
    },
    allCondition: {
      type: 'object',
      title: 'All of',
      properties: { all: { type: 'array', title: 'All of', items: { $ref: '#/$defs/condition' } } },
      required: ['all'],
    },
    anyCondition: {
      type: 'object',
      title: 'Any of',
      properties: { any: { type: 'array', title: 'Any of', items: { $ref: '#/$defs/condition' } } },
      required: ['any'],
    },
    comparison: {
      type: 'object',
      title: 'Comparison',
      properties: {
        left: { title: 'Left value' },
        op: { type: 'string', title: 'Operator', enum: [...COMPARISON_OPERATORS] },
        right: { title: 'Right value' },
      },
      required: ['left', 'op'],
      // `right` is there exactly when the operator takes one (a missing or unknown `op` is
      // reported by itself, not also as a missing `right`).
      if: { properties: { op: { enum: [...UNARY_OPERATORS] } }, required: ['op'] },
      then: { properties: { right: false } },
      else: {
        if: { properties: { op: { enum: COMPARISON_OPERATORS.filter((op) => !UNARY_OPERATORS.includes(op)) } }, required: ['op'] },
        then: { required: ['right'] },
      },
    },
    keyValuePair: {
      type: 'object',
      title: 'Key/value pair',
      description: 'An ordered key/value pair, as in the headers and query of https_request; the value may hold references.',
      properties: {
        key: { type: 'string', title: 'Key', minLength: 1 },
        value: { type: 'string', title: 'Value' },
      },
      required: ['key', 'value'],
    },
  };
  for (const action of configurable) defs[actionConfigDefName(action.id)] = embeddable(action.configSchema);
  return defs;
}

/** `schemas/workflow.schema.json`: a workflow document whose built-in action configs are checked by action id. */
export function buildWorkflowSchema(actions: readonly ActionDefinition[]): JsonSchema {
  return {
    $schema: SCHEMA_DIALECT,
    $id: WORKFLOW_SCHEMA_ID,
    title: 'Workflow',
    description: 'A workflow definition, format version 1: a trigger followed by an ordered tree of steps.',
    type: 'object',
    properties: {
      schemaVersion: { const: SCHEMA_VERSION, title: 'Schema version' },
      kind: { const: 'workflow', title: 'Document kind' },
      id: idSchema('Workflow id'),
      name: nameSchema('Workflow name'),
      description: { type: 'string', title: 'Description' },
      trigger: { $ref: '#/$defs/trigger' },
      steps: { $ref: '#/$defs/stepList' },
    },
    required: ['schemaVersion', 'kind', 'id', 'name', 'trigger', 'steps'],
    $defs: definitionDefs(actions),
  };
}

/** `schemas/step.schema.json`: one step exported as a document of its own. */
export function buildStepDocumentSchema(actions: readonly ActionDefinition[]): JsonSchema {
  return {
    $schema: SCHEMA_DIALECT,
    $id: STEP_SCHEMA_ID,
    title: 'Step document',
    description: 'One step of a workflow as a document of its own ("Export step JSON"), format version 1.',
    type: 'object',
    properties: {
      schemaVersion: { const: SCHEMA_VERSION, title: 'Schema version' },
      kind: { const: 'step', title: 'Document kind' },
    },
    required: ['schemaVersion', 'kind'],
    allOf: [{ $ref: '#/$defs/step' }],
    $defs: definitionDefs(actions),
  };
}

/**
 * `schemas/actions/<actionId>.schema.json`: the action's config schema with dialect and `$id`.
 *
 * @internal Not for hosts: used by the schema and validator generators.
 */
export function buildActionConfigSchema(action: ActionDefinition): JsonSchema {
  return { $schema: SCHEMA_DIALECT, $id: actionSchemaId(action.id), ...embeddable(action.configSchema) };
}

/** Every published schema file, keyed by its path under the package root. */
export function buildPublishedSchemas(actions: readonly ActionDefinition[]): Record<string, JsonSchema> {
  const files: Record<string, JsonSchema> = {
    'schemas/workflow.schema.json': buildWorkflowSchema(actions),
    'schemas/step.schema.json': buildStepDocumentSchema(actions),
  };
  for (const action of configurableActions(actions)) {
    files[`schemas/actions/${action.id}.schema.json`] = buildActionConfigSchema(action);
  }
  return files;
}

/**
 * The text of a published schema file: 2-space JSON with a trailing newline.
 *
 * @internal Not for hosts: used by the schema and validator generators.
 */
export function schemaFileText(schema: JsonSchema): string {
  return `${JSON.stringify(schema, null, 2)}\n`;
}
