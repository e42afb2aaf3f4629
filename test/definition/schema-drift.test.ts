// The TypeScript types, the schema builders and the committed schema files must say the
// same thing. Key tables are checked against the types by the compiler (a key added to
// a type and not here fails `tsc`), and against the schemas by the tests below.
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import Ajv2020 from 'ajv/dist/2020';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  BUILT_IN_ACTIONS,
  COMPARISON_OPERATORS,
  HTTP_METHODS,
  ID_PATTERN,
  exportStep,
  validateWorkflow,
  walkSteps,
  type ActionStep,
  type AllCondition,
  type AnyCondition,
  type Branch,
  type BranchStep,
  type Comparison,
  type HttpsRequestConfig,
  type JsonSchema,
  type KeyValuePair,
  type SigningConfig,
  type Step,
  type StepType,
  type Trigger,
  type Workflow,
} from '../../src/definition';
import { buildPublishedSchemas, schemaFileText } from '../../src/definition/schemas/definition-schemas';
import { workflowArbitrary } from '../fixtures/arbitraries';
import { INVALID_FIXTURES } from '../fixtures/invalid/expected';

const root = path.resolve(__dirname, '../..');

// ---- Type-level tables ------------------------------------------------------------

type Presence = 'required' | 'optional';
/** Keys of T that may be left out. */
type OptionalKeys<T> = { [K in keyof T]-?: object extends Pick<T, K> ? K : never }[keyof T];
type KeysMarked<Table, Mark> = { [K in keyof Table]: Table[K] extends Mark ? K : never }[keyof Table];
// The type-equality idiom: the type parameters exist only to compare A and B.
// eslint-disable-next-line @typescript-eslint/no-unnecessary-type-parameters
type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
/** Fails to compile unless the table marks exactly T's optional keys as optional. */
type PresenceMatches<T, Table extends Record<keyof T, Presence>> = Equal<
  OptionalKeys<T>,
  KeysMarked<Table, 'optional'>
>;
// eslint-disable-next-line @typescript-eslint/no-unnecessary-type-parameters -- a compile-time assertion, called with the type alone
function assertType<Condition extends true>(): Condition | undefined {
  return undefined;
}

const workflowKeys = {
  schemaVersion: 'required',
  kind: 'required',
  id: 'required',
  name: 'required',
  description: 'optional',
  trigger: 'required',
  steps: 'required',
} as const satisfies Record<keyof Workflow, Presence>;
const triggerKeys = { event: 'required', payloadSchema: 'optional' } as const satisfies Record<keyof Trigger, Presence>;
const stepKeys = { id: 'required', type: 'required', name: 'required' } as const satisfies Record<keyof Step, Presence>;
const actionStepKeys = {
  id: 'required',
  type: 'required',
  action: 'required',
  name: 'required',
  config: 'required',
} as const satisfies Record<keyof ActionStep, Presence>;
const branchStepKeys = {
  id: 'required',
  type: 'required',
  name: 'required',
  branches: 'required',
} as const satisfies Record<keyof BranchStep, Presence>;
const branchKeys = { id: 'required', name: 'required', when: 'optional', steps: 'required' } as const satisfies Record<
  keyof Branch,
  Presence
>;
const comparisonKeys = { left: 'required', op: 'required', right: 'optional' } as const satisfies Record<
  keyof Comparison,
  Presence
>;
const allKeys = { all: 'required' } as const satisfies Record<keyof AllCondition, Presence>;
const anyKeys = { any: 'required' } as const satisfies Record<keyof AnyCondition, Presence>;
const keyValueKeys = { key: 'required', value: 'required' } as const satisfies Record<keyof KeyValuePair, Presence>;
const httpsKeys = {
  url: 'required',
  method: 'required',
  headers: 'optional',
  query: 'optional',
  body: 'optional',
  responseSchema: 'optional',
  signing: 'optional',
  retryIntervals: 'optional',
  timeoutSeconds: 'optional',
  continueOnError: 'optional',
} as const satisfies Record<keyof HttpsRequestConfig, Presence>;
const signingKeys = { secret: 'required', header: 'optional' } as const satisfies Record<keyof SigningConfig, Presence>;
const stepTypes = { action: true, branch: true } as const satisfies Record<StepType, true>;

assertType<PresenceMatches<Workflow, typeof workflowKeys>>();
assertType<PresenceMatches<Trigger, typeof triggerKeys>>();
assertType<PresenceMatches<ActionStep, typeof actionStepKeys>>();
assertType<PresenceMatches<BranchStep, typeof branchStepKeys>>();
assertType<PresenceMatches<Branch, typeof branchKeys>>();
assertType<PresenceMatches<Comparison, typeof comparisonKeys>>();
assertType<PresenceMatches<KeyValuePair, typeof keyValueKeys>>();
assertType<PresenceMatches<HttpsRequestConfig, typeof httpsKeys>>();
assertType<PresenceMatches<SigningConfig, typeof signingKeys>>();

// ---- Helpers ------------------------------------------------------------------------

const files = buildPublishedSchemas(BUILT_IN_ACTIONS);
const workflowSchema = files['schemas/workflow.schema.json']!;
const stepSchema = files['schemas/step.schema.json']!;
const defs = workflowSchema.$defs as Record<string, JsonSchema>;

function record(value: unknown): Record<string, unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value))
    throw new Error(`not an object: ${JSON.stringify(value)}`);
  return value as Record<string, unknown>;
}

function expectKeysMatch(schema: unknown, table: Record<string, Presence>): void {
  const object = record(schema);
  expect(Object.keys(record(object.properties)).sort()).toEqual(Object.keys(table).sort());
  const required = Object.entries(table)
    .filter(([, presence]) => presence === 'required')
    .map(([key]) => key);
  expect([...((object.required as string[] | undefined) ?? [])].sort()).toEqual(required.sort());
}

function compiled(schema: JsonSchema) {
  // Default options (strict mode on): the published files must compile cleanly anywhere.
  return new Ajv2020({ allErrors: true }).compile(schema);
}

// ---- Tests --------------------------------------------------------------------------

describe('committed schema files', () => {
  it.each(Object.keys(files))('%s is what the builders generate', (file) => {
    expect(readFileSync(path.join(root, file), 'utf8')).toBe(schemaFileText(files[file]!));
  });

  it('has one action schema per built-in action that makes action steps, and no others', () => {
    const committed = readdirSync(path.join(root, 'schemas/actions')).sort();
    const expected = BUILT_IN_ACTIONS.filter((action) => (action.stepType ?? 'action') === 'action')
      .map((action) => `${action.id}.schema.json`)
      .sort();
    expect(committed).toEqual(expected);
    expect(expected).toEqual(
      expect.arrayContaining(
        [
          'https_request',
          'approve_inquiry',
          'decline_inquiry',
          'mark_for_review',
          'create_case',
          'send_email',
          'wait',
        ].map((id) => `${id}.schema.json`),
      ),
    );
  });

  it('are draft 2020-12 with workflow-editor.dev ids', () => {
    for (const [file, schema] of Object.entries(files)) {
      expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
      expect(schema.$id).toBe(`https://workflow-editor.dev/${file}`);
    }
  });
});

describe('types and schemas agree', () => {
  it('on the keys and required keys of every object', () => {
    expectKeysMatch(workflowSchema, workflowKeys);
    expectKeysMatch(defs.trigger, triggerKeys);
    expectKeysMatch(defs.step, stepKeys);
    expectKeysMatch(defs.actionStep, actionStepKeys);
    expectKeysMatch(defs.branchStep, branchStepKeys);
    expectKeysMatch(defs.branch, branchKeys);
    expectKeysMatch(defs.comparison, comparisonKeys);
    expectKeysMatch(defs.allCondition, allKeys);
    expectKeysMatch(defs.anyCondition, anyKeys);
    expectKeysMatch(defs.keyValuePair, keyValueKeys);
    const https = record(defs.action_https_request);
    expectKeysMatch(https, httpsKeys);
    expectKeysMatch(record(record(https.properties).signing), signingKeys);
    for (const list of ['headers', 'query'])
      expectKeysMatch(record(record(record(https.properties)[list]).items), keyValueKeys);
  });

  it('on the step document header', () => {
    expect(Object.keys(record(stepSchema.properties)).sort()).toEqual(['kind', 'schemaVersion']);
    expect(stepSchema.required).toEqual(['schemaVersion', 'kind']);
    expect(record(record(stepSchema.properties).kind).const).toBe('step');
    expect(stepSchema.$defs).toEqual(workflowSchema.$defs);
  });

  it('on enums, constants and the id pattern', () => {
    const https = record(record(defs.action_https_request).properties);
    expect(record(https.method).enum).toEqual([...HTTP_METHODS]);
    expect(record(record(record(defs.comparison).properties).op).enum).toEqual([...COMPARISON_OPERATORS]);
    expect(record(record(record(defs.step).properties).type).enum).toEqual(Object.keys(stepTypes));
    expect(record(record(workflowSchema.properties).schemaVersion).const).toBe(1);
    expect(record(record(workflowSchema.properties).kind).const).toBe('workflow');
    for (const schema of [
      record(workflowSchema.properties).id,
      record(record(defs.step).properties).id,
      record(record(defs.branch).properties).id,
    ]) {
      expect(record(schema).pattern).toBe(ID_PATTERN.source);
    }
    expect(record(https.timeoutSeconds).default).toBe(30);
    expect(record(https.continueOnError).default).toBe(false);
    expect(record(record(record(https.signing).properties).header).default).toBe('Persona-Signature');
  });

  it('on the built-in config schemas: the workflow schema embeds each one unchanged', () => {
    for (const action of BUILT_IN_ACTIONS.filter((candidate) => (candidate.stepType ?? 'action') === 'action')) {
      const { $schema: _dialect, $id: _id, ...embedded } = files[`schemas/actions/${action.id}.schema.json`]!;
      expect(defs[`action_${action.id}`]).toEqual(embedded);
      const { $schema: _ownDialect, ...own } = action.configSchema;
      expect(embedded).toEqual(own);
    }
  });
});

describe('the published schemas accept what validation accepts', () => {
  const validateWorkflowSchema = compiled(workflowSchema);
  const validateStepSchema = compiled(stepSchema);

  it('accepts every generated valid workflow, and every step exported from it', () => {
    fc.assert(
      fc.property(workflowArbitrary, (workflow) => {
        expect(validateWorkflowSchema(workflow), JSON.stringify(validateWorkflowSchema.errors)).toBe(true);
        walkSteps(workflow.steps, ({ step }) => {
          expect(validateStepSchema(exportStep(workflow, step.id)), JSON.stringify(validateStepSchema.errors)).toBe(
            true,
          );
        });
      }),
      { numRuns: 150 },
    );
  });

  it('accepts the valid fixtures', () => {
    for (const file of readdirSync(path.join(root, 'test/fixtures/valid'))) {
      const value: unknown = JSON.parse(readFileSync(path.join(root, 'test/fixtures/valid', file), 'utf8'));
      const validate = file.startsWith('step-document') ? validateStepSchema : validateWorkflowSchema;
      expect(validate(value), file).toBe(true);
    }
  });

  it('rejects the fixtures of schema rules and accepts those of rules beyond the schema', () => {
    for (const fixture of INVALID_FIXTURES) {
      if (fixture.file.startsWith('json-syntax') || fixture.options?.hostCatalog) continue;
      const value: unknown = JSON.parse(readFileSync(path.join(root, 'test/fixtures/invalid', fixture.file), 'utf8'));
      const validate = fixture.document === 'step' ? validateStepSchema : validateWorkflowSchema;
      // schema_invalid here is an invalid responseSchema, which only validation checks.
      const schemaLevel = fixture.expected.some(
        (problem) => problem.code.startsWith('schema_') && problem.code !== 'schema_invalid',
      );
      expect(validate(value), fixture.file).toBe(!schemaLevel);
    }
  });

  it('never accepts what validation refuses for schema reasons, on randomly changed workflows', () => {
    const base: unknown = JSON.parse(readFileSync(path.join(root, 'test/fixtures/valid/nested-branches.json'), 'utf8'));
    const pointers: string[][] = [];
    const collect = (node: unknown, at: string[]): void => {
      if (at.length > 0) pointers.push(at);
      if (node !== null && typeof node === 'object')
        for (const [key, child] of Object.entries(node)) collect(child, [...at, key]);
    };
    collect(base, []);
    fc.assert(
      fc.property(
        fc.constantFrom(...pointers),
        fc.oneof(fc.jsonValue({ maxDepth: 2 }), fc.constant(undefined)),
        (at, replacement) => {
          const copy = structuredClone(base) as Record<string, unknown>;
          let node: Record<string, unknown> = copy;
          for (const key of at.slice(0, -1)) node = node[key] as Record<string, unknown>;
          if (replacement === undefined) delete node[at[at.length - 1]!];
          else node[at[at.length - 1]!] = replacement;
          const schemaAccepts = validateWorkflowSchema(copy);
          const result = validateWorkflow(copy);
          const schemaProblems = result.problems.filter(
            (problem) => problem.code.startsWith('schema_') && problem.code !== 'schema_invalid',
          );
          const context = JSON.stringify({
            at,
            replacement,
            errors: validateWorkflowSchema.errors,
            problems: result.problems,
          });
          // What the published schema accepts, validation's schema step accepts too...
          if (schemaAccepts) expect(schemaProblems, context).toEqual([]);
          // ...and what it refuses, validation refuses (sometimes under a more specific rule's code).
          else expect(result.ok, context).toBe(false);
        },
      ),
      { numRuns: 400 },
    );
  });
});
