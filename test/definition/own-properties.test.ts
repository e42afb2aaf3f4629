// Names people choose that are also members of Object.prototype ("constructor",
// "toString", "__proto__", ...) must behave exactly like any other name wherever the
// definition layer looks text up: as step, branch and action ids, secret names, header
// and body keys, JSON keys and reference path segments. A plain `record[name]` would
// find the inherited member, and a plain assignment of "__proto__" would change a
// prototype instead of adding a field.

import { describe, expect, it } from 'vitest';
import {
  ID_PATTERN,
  WorkflowOperationError,
  availableReferences,
  builtInCatalog,
  createActionCatalog,
  createStep,
  duplicateStep,
  findBranch,
  findStep,
  lookupReference,
  parseWorkflowJson,
  removeStep,
  resolveTemplate,
  schemaFromSample,
  serializeWorkflow,
  toServerlessWorkflow,
  updateStep,
  validateConfig,
  validateWorkflow,
  type ActionDefinition,
  type JsonObject,
  type JsonValue,
  type Problem,
  type Workflow,
} from '../../src/definition';

const NAMES = [...new Set([...Object.getOwnPropertyNames(Object.prototype), '__proto__'])];

/** An ordinary name that the id pattern accepts or refuses just as it does `name`. */
const ordinaryLike = (name: string): string => (ID_PATTERN.test(name) ? 'ordinary_name' : 'Ordinary_Name');

/** An object holding `key` as an own data property, as JSON.parse would make it. */
const withOwn = (key: string, value: JsonValue): JsonObject =>
  JSON.parse(JSON.stringify({ [key]: value })) as JsonObject;

const summary = (problems: readonly Problem[], name: string, stand: string) =>
  problems.map(({ path, code }) => ({ path: path.split(name).join(stand), code }));

function workflow(steps: unknown[], trigger: JsonObject = { event: 'e' }): Workflow {
  return { schemaVersion: 1, kind: 'workflow', id: 'w', name: 'W', trigger, steps } as unknown as Workflow;
}

function https(id: string, config: JsonObject): JsonObject {
  return {
    id,
    type: 'action',
    action: 'https_request',
    name: id,
    config: { url: 'https://api.example.com', method: 'POST', ...config },
  };
}

/** validate → serialize → parse gives back an equal document. */
function roundTrips(document: Workflow): void {
  expect(validateWorkflow(document).problems).toEqual([]);
  const parsed = parseWorkflowJson(serializeWorkflow(document));
  expect(parsed.problems).toEqual([]);
  expect(parsed.ok && parsed.workflow).toEqual(JSON.parse(JSON.stringify(document)));
}

describe.each(NAMES)('the name %s', (name) => {
  const stand = ordinaryLike(name);

  it('as a step id and a branch id, validates as an ordinary name would', () => {
    for (const make of [
      (id: string) =>
        workflow([
          { id, type: 'action', action: 'wait', name: 'Wait', config: { seconds: 1 } },
          https('later', { body: `{{ steps.${id}.output }}` }),
        ]),
      (id: string) =>
        workflow([{ id: 'route', type: 'branch', name: 'Route', branches: [{ id, name: 'B', steps: [] }] }]),
    ]) {
      const problems = validateWorkflow(make(name)).problems;
      expect(summary(problems, name, 'X')).toEqual(summary(validateWorkflow(make(stand)).problems, stand, 'X'));
    }
  });

  it('as an unknown step or branch id, is not found by the tree and the operations', () => {
    const document = workflow([{ id: 'a', type: 'action', action: 'wait', name: 'Wait', config: { seconds: 1 } }]);
    expect(findStep(document, name)).toBeUndefined();
    expect(findBranch(document, name)).toBeUndefined();
    expect(() => removeStep(document, name)).toThrow(WorkflowOperationError);
    expect(() => duplicateStep(document, name)).toThrow(WorkflowOperationError);
  });

  it('as an action id, is unknown to the catalog, and works as a host action id', () => {
    expect(builtInCatalog.get(name)).toBeUndefined();
    const step = (action: string) => workflow([{ id: 'a', type: 'action', action, name: 'A', config: {} }]);
    expect(summary(validateWorkflow(step(name)).problems, name, 'X')).toEqual(
      summary(validateWorkflow(step(stand)).problems, stand, 'X'),
    );
    expect(summary(validateConfig(name, {}), name, 'X')).toEqual([{ path: '', code: 'unknown_action' }]);
    expect(() => createStep(workflow([]), name, builtInCatalog)).toThrow(WorkflowOperationError);
    if (ID_PATTERN.test(name)) {
      const host: ActionDefinition = {
        id: name,
        label: 'Host',
        category: 'Host',
        description: 'A host action.',
        keywords: [],
        icon: 'box',
        configSchema: { type: 'object' },
        defaultConfig: withOwn(name, 1),
      };
      const catalog = createActionCatalog([host]);
      expect(catalog.get(name)).toBe(host);
      const created = createStep(workflow([]), name, catalog);
      expect(created.type === 'action' && Object.hasOwn(created.config, name)).toBe(true);
      expect(validateWorkflow(workflow([created]), { catalog }).problems).toEqual([]);
    }
  });

  it('as a secret name, is unknown unless the host has it, and resolves only from an own value', () => {
    const document = workflow([
      https('call', {
        headers: [{ key: 'X-Key', value: `{{ secrets.${name} }}` }],
        signing: { secret: `{{ secrets.${name} }}` },
      }),
    ]);
    expect(summary(validateWorkflow(document, { secrets: ['api_key'] }).problems, name, 'X')).toEqual([
      { path: '/steps/0/config/headers/0/value', code: 'reference_unknown_secret' },
      { path: '/steps/0/config/signing/secret', code: 'reference_unknown_secret' },
    ]);
    expect(validateWorkflow(document, { secrets: [name] }).problems).toEqual([]);
    expect(resolveTemplate(`{{ secrets.${name} }}`, { secrets: {} }).ok).toBe(false);
    expect(resolveTemplate(`{{ secrets.${name} }}`, {}).ok).toBe(false);
    expect(
      resolveTemplate(`{{ secrets.${name} }}`, { secrets: withOwn(name, 's3cret') as Record<string, string> }),
    ).toEqual({ ok: true, value: 's3cret' });
  });

  it('as a header key, a body key and a JSON key, is kept as an own field through validate, serialize, parse and export', () => {
    const document = workflow([
      https('call', {
        headers: [{ key: name, value: 'v' }],
        query: [{ key: name, value: 'q' }],
        body: withOwn(name, withOwn(name, 1)),
      }),
    ]);
    roundTrips(document);
    const exported = toServerlessWorkflow(document);
    const call = JSON.stringify(exported);
    expect(call).toContain(`"headers":{"${name}":"v"`);
    expect(call).toContain(`"${name}":"q"`);
    expect(call).toContain(`"body":{"${name}":{"${name}":1}}`);
    const copy = duplicateStep(document, 'call');
    const copied = findStep(copy.workflow, copy.stepId)!.step;
    expect(JSON.stringify(copied.type === 'action' && copied.config.body)).toBe(`{"${name}":{"${name}":1}}`);
    const updated = updateStep(document, 'call', {
      config: { url: 'https://api.example.com', method: 'POST', body: withOwn(name, 2) },
    });
    roundTrips(updated);
    const text = serializeWorkflow(document).replace(`"${name}": 1`, `"${name}": 1, "${name}": 2`);
    expect(parseWorkflowJson(text).problems.map((problem) => problem.code)).toEqual(['json_syntax']);
  });

  it('as a reference path segment, is a field only where the data or the schema has it as its own', () => {
    const closed = { event: 'e', payloadSchema: { type: 'object', properties: { known: { type: 'string' } } } };
    const reference = (segment: string) => workflow([https('call', { body: `{{ trigger.${segment} }}` })], closed);
    expect(summary(validateWorkflow(reference(name)).problems, name, 'X')).toEqual(
      summary(validateWorkflow(reference('zzz')).problems, 'zzz', 'X'),
    );
    const open = { event: 'e', payloadSchema: { type: 'object', properties: withOwn(name, { type: 'string' }) } };
    expect(validateWorkflow(workflow([https('call', { body: `{{ trigger.${name} }}` })], open)).problems).toEqual([]);
    const refSchema = { event: 'e', payloadSchema: { type: 'object', properties: { a: { $ref: `#/${name}` } } } };
    expect(validateWorkflow(workflow([https('call', { body: '{{ trigger.a.b }}' })], refSchema)).ok).toBe(false);
    expect(resolveTemplate(`{{ trigger.${name} }}`, { trigger: {} }).ok).toBe(false);
    expect(resolveTemplate(`{{ trigger.x.${name} }}`, { trigger: { x: [] } }).ok).toBe(false);
    expect(resolveTemplate(`{{ trigger.${name} }}`, { trigger: withOwn(name, 7) })).toEqual({ ok: true, value: 7 });
    expect(lookupReference({ path: ['steps', name, 'output'] }, { steps: {} })).toEqual({ found: false });
    const groups = availableReferences(workflow([https('call', {})], open), 'call');
    expect(groups[0]!.options.map((option) => option.path)).toEqual([['trigger', name]]);
    const sample = schemaFromSample(withOwn(name, [withOwn(name, 1)]));
    expect(JSON.stringify(sample)).toBe(
      `{"type":"object","properties":{"${name}":{"type":"array","items":{"type":"object","properties":{"${name}":{"type":"integer"}}}}}}`,
    );
  });
});
