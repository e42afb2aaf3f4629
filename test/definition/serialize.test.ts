import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { runInNewContext } from 'node:vm';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  createActionCatalog,
  DocumentNotSerializableError,
  exportStep,
  parseStepDocumentJson,
  parseWorkflowJson,
  serializeStepDocument,
  serializeWorkflow,
  validateStepDocument,
  type ActionDefinition,
  type JsonObject,
  type Workflow,
} from '../../src/definition';
import { ARBITRARY_SECRETS, workflowArbitrary } from '../fixtures/arbitraries';

const fixtures = path.resolve(__dirname, '../fixtures');
const readText = (file: string): string => readFileSync(path.join(fixtures, file), 'utf8');

function parsedWorkflow(text: string): Workflow {
  const result = parseWorkflowJson(text);
  if (!result.ok) throw new Error(JSON.stringify(result.problems));
  return result.workflow;
}

/** A workflow with every key in an unusual order, defaults spelled out and an empty description. */
function scrambled(): Workflow {
  return JSON.parse(`{
    "steps": [
      { "config": { "continueOnError": false, "timeoutSeconds": 30, "headers": [], "query": [], "retryIntervals": [],
                    "signing": { "header": "Persona-Signature", "secret": "{{ secrets.s }}" },
                    "body": { "z": 1, "a": { "timeoutSeconds": 30, "y": [] } },
                    "method": "POST", "url": "https://x.example" },
        "name": "Call", "action": "https_request", "type": "action", "id": "call" },
      { "branches": [ { "steps": [], "when": { "right": 1, "op": "eq", "left": "{{ trigger.a }}" }, "name": "One", "id": "one" },
                      { "steps": [], "name": "Else", "id": "else_path" } ],
        "name": "Route", "type": "branch", "id": "route" },
      { "config": { "continueOnError": false, "priority": "normal", "title": "T" }, "name": "Case", "action": "create_case", "type": "action", "id": "case_step" }
    ],
    "trigger": { "payloadSchema": { "properties": {}, "type": "object" }, "event": "e" },
    "description": "",
    "name": "W", "id": "w", "kind": "workflow", "schemaVersion": 1
  }`) as Workflow;
}

describe('serializeWorkflow', () => {
  it.each(
    readdirSync(path.join(fixtures, 'valid')).filter(
      (file) => file.endsWith('.json') && !file.startsWith('step-document'),
    ),
  )('writes valid/%s back to the same text', (file) => {
    const text = readText(`valid/${file}`);
    expect(serializeWorkflow(parsedWorkflow(text))).toBe(text);
  });

  it("puts the format's keys in spec order, keeps the person's content order, leaves defaults out", () => {
    expect(serializeWorkflow(scrambled())).toBe(`{
  "schemaVersion": 1,
  "kind": "workflow",
  "id": "w",
  "name": "W",
  "trigger": {
    "event": "e",
    "payloadSchema": {
      "properties": {},
      "type": "object"
    }
  },
  "steps": [
    {
      "id": "call",
      "type": "action",
      "action": "https_request",
      "name": "Call",
      "config": {
        "url": "https://x.example",
        "method": "POST",
        "body": {
          "z": 1,
          "a": {
            "timeoutSeconds": 30,
            "y": []
          }
        },
        "signing": {
          "secret": "{{ secrets.s }}"
        }
      }
    },
    {
      "id": "route",
      "type": "branch",
      "name": "Route",
      "branches": [
        {
          "id": "one",
          "name": "One",
          "when": {
            "left": "{{ trigger.a }}",
            "op": "eq",
            "right": 1
          },
          "steps": []
        },
        {
          "id": "else_path",
          "name": "Else",
          "steps": []
        }
      ]
    },
    {
      "id": "case_step",
      "type": "action",
      "action": "create_case",
      "name": "Case",
      "config": {
        "title": "T"
      }
    }
  ]
}
`);
  });

  it('orders every https field and key/value pair as the spec lists them', () => {
    const config = {
      continueOnError: true,
      timeoutSeconds: 5,
      retryIntervals: [1],
      signing: { header: 'X-Sig', secret: '{{ secrets.s }}' },
      responseSchema: { type: 'object' },
      body: 1,
      query: [{ value: 'v', key: 'k' }],
      headers: [{ value: 'v', key: 'K' }],
      method: 'PUT',
      url: 'https://x.example',
    };
    const workflow = parsedWorkflow(
      serializeWorkflow({
        ...scrambled(),
        steps: [{ id: 'a', type: 'action', action: 'https_request', name: 'A', config }],
      }),
    );
    const written = workflow.steps[0]!.type === 'action' ? workflow.steps[0]!.config : {};
    expect(Object.keys(written)).toEqual([
      'url',
      'method',
      'headers',
      'query',
      'body',
      'responseSchema',
      'signing',
      'retryIntervals',
      'timeoutSeconds',
      'continueOnError',
    ]);
    expect(Object.keys((written.headers as JsonObject[])[0]!)).toEqual(['key', 'value']);
    expect(Object.keys(written.signing as JsonObject)).toEqual(['secret', 'header']);
  });

  it('puts unknown keys after known ones in their given order', () => {
    const workflow = { zeta: 1, ...scrambled(), alpha: 2 } as Workflow;
    workflow.steps = [{ extra: true, ...workflow.steps[0]!, another: 1 } as never];
    const text = serializeWorkflow(workflow);
    const parsed = JSON.parse(text) as Record<string, unknown>;
    expect(Object.keys(parsed)).toEqual(['schemaVersion', 'kind', 'id', 'name', 'trigger', 'steps', 'zeta', 'alpha']);
    expect(Object.keys((parsed.steps as object[])[0]!)).toEqual([
      'id',
      'type',
      'action',
      'name',
      'config',
      'extra',
      'another',
    ]);
  });

  it("keeps a host action's config as written, leaving out its schema defaults", () => {
    const host: ActionDefinition = {
      id: 'host_thing',
      label: 'Host',
      category: 'Host',
      description: 'x',
      keywords: [],
      icon: 'box',
      configSchema: { type: 'object', properties: { a: { type: 'string' }, level: { type: 'number', default: 1 } } },
      defaultConfig: {},
    };
    const workflow: Workflow = {
      ...scrambled(),
      steps: [{ id: 'h', type: 'action', action: 'host_thing', name: 'H', config: { z: 1, level: 1, a: 'x' } }],
    };
    const written = (catalogText: string) =>
      (JSON.parse(catalogText) as { steps: { config: JsonObject }[] }).steps[0]!.config;
    expect(written(serializeWorkflow(workflow, { catalog: createActionCatalog([host]) }))).toEqual({ z: 1, a: 'x' });
    expect(Object.keys(written(serializeWorkflow(workflow, { catalog: createActionCatalog([host]) })))).toEqual([
      'z',
      'a',
    ]);
    // Without the action in the catalog nothing is known to be a default.
    expect(Object.keys(written(serializeWorkflow(workflow)))).toEqual(['z', 'level', 'a']);
  });

  it('leaves out a property holding undefined before comparing a value with its default, as JSON does', () => {
    const host: ActionDefinition = {
      id: 'host_options',
      label: 'Host',
      category: 'Host',
      description: 'x',
      keywords: [],
      icon: 'box',
      configSchema: {
        type: 'object',
        properties: { options: { type: 'object', default: {} }, rows: { type: 'array', default: [{}] } },
      },
      defaultConfig: {},
    };
    const catalog = createActionCatalog([host]);
    const workflow = {
      ...scrambled(),
      steps: [
        {
          id: 'h',
          type: 'action',
          action: 'host_options',
          name: 'H',
          config: { options: { left: undefined }, rows: [{ left: undefined }] },
        },
      ],
    } as unknown as Workflow;
    const text = serializeWorkflow(workflow, { catalog });
    expect((JSON.parse(text) as { steps: { config: JsonObject }[] }).steps[0]!.config).toEqual({});
    expect(serializeWorkflow(JSON.parse(text) as Workflow, { catalog })).toBe(text);
  });

  it('writes 2-space indentation, \\n line ends and a trailing newline', () => {
    const text = serializeWorkflow(scrambled());
    expect(text.endsWith('}\n')).toBe(true);
    expect(text).not.toMatch(/\r|\t/);
    expect(text.split('\n')[1]).toBe('  "schemaVersion": 1,');
  });

  it('does not change the workflow it is given', () => {
    const workflow = scrambled();
    const before = JSON.stringify(workflow);
    serializeWorkflow(workflow);
    expect(JSON.stringify(workflow)).toBe(before);
  });

  it('writes the same text whether it reads the document as it is or through a plain copy', () => {
    // A plain object of another realm is JSON, but only the careful reader (which copies)
    // knows it: the same document then takes the other path.
    const foreign = scrambled();
    const step = foreign.steps[0] as unknown as { config: JsonObject };
    step.config = Object.assign(runInNewContext('({})') as JsonObject, step.config);
    expect(serializeWorkflow(foreign)).toBe(serializeWorkflow(scrambled()));
    const {
      schemaVersion: _version,
      kind: _kind,
      ...header
    } = JSON.parse(serializeWorkflow(scrambled())) as JsonObject;
    expect(Object.keys(header)).toEqual(['id', 'name', 'trigger', 'steps']);
  });

  it('refuses, with the typed error, a getter that throws when read again and a revoked Proxy', () => {
    const workflow = scrambled();
    let reads = 0;
    Object.defineProperty(workflow, 'name', {
      enumerable: true,
      get: () => {
        if (++reads > 1) throw new Error('read once only');
        return 'W';
      },
    });
    expect(() => serializeWorkflow(workflow)).toThrow(DocumentNotSerializableError);
    const { proxy, revoke } = Proxy.revocable(scrambled(), {});
    revoke();
    expect(() => serializeWorkflow(proxy)).toThrow(DocumentNotSerializableError);
  });

  it('is a fixed point: serialise(parse(serialise(w))) === serialise(w), for generated workflows', () => {
    fc.assert(
      fc.property(workflowArbitrary, (workflow) => {
        const text = serializeWorkflow(workflow);
        const result = parseWorkflowJson(text, { secrets: ARBITRARY_SECRETS });
        expect(result.problems).toEqual([]);
        if (!result.ok) return;
        expect(serializeWorkflow(result.workflow)).toBe(text);
        expect(serializeWorkflow(JSON.parse(text) as Workflow)).toBe(text);
      }),
      { numRuns: 200 },
    );
  });
});

describe('exportStep / serializeStepDocument', () => {
  it('exports a nested step as a valid step document, a deep copy', () => {
    const workflow = parsedWorkflow(readText('valid/nested-branches.json'));
    const document = exportStep(workflow, 'escalate');
    expect(document).toMatchObject({ schemaVersion: 1, kind: 'step', id: 'escalate', type: 'branch' });
    expect(validateStepDocument(document).problems).toEqual([]);
    if (document.type === 'branch') document.branches[0]!.name = 'changed';
    expect(JSON.stringify(workflow)).not.toContain('"changed"');
  });

  it('writes the header first, then the step in canonical order', () => {
    const workflow = scrambled();
    const text = serializeStepDocument(exportStep(workflow, 'call'));
    expect(
      text.startsWith(
        '{\n  "schemaVersion": 1,\n  "kind": "step",\n  "id": "call",\n  "type": "action",\n  "action": "https_request",',
      ),
    ).toBe(true);
    expect(Object.keys((JSON.parse(text) as { config: object }).config)).toEqual(['url', 'method', 'body', 'signing']);
  });

  it.each(readdirSync(path.join(fixtures, 'valid')).filter((file) => file.startsWith('step-document')))(
    'writes valid/%s back to the same text',
    (file) => {
      const text = readText(`valid/${file}`);
      const result = parseStepDocumentJson(text);
      if (!result.ok) throw new Error(JSON.stringify(result.problems));
      expect(serializeStepDocument(result.step)).toBe(text);
    },
  );

  it('throws a clear error for an id the workflow does not have', () => {
    expect(() => exportStep(scrambled(), 'nope')).toThrow(/no step with id "nope"/);
    expect(() => exportStep(scrambled(), 'nope')).toThrow(expect.objectContaining({ code: 'unknown_step' }));
  });
});
