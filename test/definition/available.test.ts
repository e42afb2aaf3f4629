import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createActionCatalog } from '../../src/definition/actions';
import {
  availableReferences,
  availableReferencesAt,
  type ReferenceOption,
} from '../../src/definition/references/available';
import { singleReference } from '../../src/definition/references/parse';
import { upstreamSteps, walkSteps } from '../../src/definition/tree';
import type { JsonObject, Workflow } from '../../src/definition/types';
import {
  actionStep,
  branch,
  branchStep,
  sampleWorkflow,
  workflowTreeArbitrary,
  workflowOf,
} from '../fixtures/workflow-builders';

function flatten(options: readonly ReferenceOption[]): ReferenceOption[] {
  return options.flatMap((option) => [option, ...flatten(option.children ?? [])]);
}

function inserts(options: readonly ReferenceOption[]): string[] {
  return flatten(options).map((option) => option.insertText);
}

const payloadSchema = {
  type: 'object',
  properties: {
    inquiryId: { type: 'string', description: 'The inquiry' },
    account: {
      type: 'object',
      properties: { id: { type: 'string' }, 'reference-id': { type: ['string', 'null'] } },
    },
    tags: { type: 'array', items: { type: 'object', properties: { name: { type: 'string' } } } },
    score: { $ref: '#/$defs/score' },
  },
  $defs: { score: { type: 'number', title: 'Risk score' } },
};

function crmWorkflow(): Workflow {
  return workflowOf(
    [
      actionStep('notify_crm', {
        name: 'Notify CRM',
        config: {
          url: 'https://crm.example.com',
          method: 'POST',
          responseSchema: { type: 'object', properties: { id: { type: 'string' }, 'created-at': { type: 'string' } } },
        },
      }),
      actionStep('approve', { name: 'Approve', action: 'approve_inquiry', config: { inquiryId: 'x' } }),
      actionStep('pause', { name: 'Pause', action: 'wait', config: { seconds: 5 } }),
      branchStep(
        'route',
        [
          branch('high', [actionStep('inner', { name: 'Inner' }), actionStep('target', { name: 'Target' })], {
            name: 'High',
          }),
          branch('other', [actionStep('sibling', { name: 'Sibling' })], { name: 'Other', when: null }),
        ],
        'Route',
      ),
      actionStep('last', { name: 'Last' }),
    ],
    { trigger: { event: 'inquiry.approved', payloadSchema } },
  );
}

describe('availableReferences', () => {
  it('offers trigger fields from the payload schema, nested, arrays as [0], odd keys bracketed', () => {
    const [trigger] = availableReferences(crmWorkflow(), 'notify_crm');
    expect(trigger!.kind).toBe('trigger');
    expect(trigger!.label).toBe('Trigger');
    expect(inserts(trigger!.options)).toEqual([
      '{{ trigger.inquiryId }}',
      '{{ trigger.account }}',
      '{{ trigger.account.id }}',
      '{{ trigger.account["reference-id"] }}',
      '{{ trigger.tags }}',
      '{{ trigger.tags[0] }}',
      '{{ trigger.tags[0].name }}',
      '{{ trigger.score }}',
    ]);
    const flat = flatten(trigger!.options);
    expect(flat[0]).toMatchObject({
      label: 'inquiryId',
      type: 'string',
      description: 'The inquiry',
      path: ['trigger', 'inquiryId'],
    });
    expect(flat[3]).toMatchObject({ label: 'reference-id', type: 'string' });
    expect(flat[5]).toMatchObject({ label: '[0]', path: ['trigger', 'tags', 0], type: 'object' });
    expect(flat[7]).toMatchObject({ label: 'score', type: 'number', description: 'Risk score' });
  });

  it('offers the whole trigger when there is no payload schema', () => {
    const [trigger] = availableReferences(workflowOf([actionStep('a')]), 'a');
    expect(trigger!.options).toEqual([
      { label: 'trigger', path: ['trigger'], insertText: '{{ trigger }}', description: 'The whole trigger payload' },
    ]);
  });

  it("offers an HTTPS step's status, headers and body fields from its response schema, plus error", () => {
    const groups = availableReferences(crmWorkflow(), 'approve');
    const crm = groups.find((group) => group.stepId === 'notify_crm')!;
    expect(crm).toMatchObject({ kind: 'step', label: 'Notify CRM' });
    expect(inserts(crm.options)).toEqual([
      '{{ steps.notify_crm.output }}',
      '{{ steps.notify_crm.output.status }}',
      '{{ steps.notify_crm.output.headers }}',
      '{{ steps.notify_crm.output.body }}',
      '{{ steps.notify_crm.output.body.id }}',
      '{{ steps.notify_crm.output.body["created-at"] }}',
      '{{ steps.notify_crm.error }}',
      '{{ steps.notify_crm.error.type }}',
      '{{ steps.notify_crm.error.message }}',
      '{{ steps.notify_crm.error.status }}',
      '{{ steps.notify_crm.error.attempts }}',
    ]);
    expect(flatten(crm.options)[1]).toMatchObject({ type: 'integer' });
  });

  it('offers only steps that always run before, in workflow order', () => {
    const stepIds = (stepId: string) =>
      availableReferences(crmWorkflow(), stepId)
        .filter((g) => g.kind === 'step')
        .map((g) => g.stepId);
    expect(stepIds('notify_crm')).toEqual([]);
    // The wait step produces nothing, so it only offers its error.
    expect(stepIds('target')).toEqual(['notify_crm', 'approve', 'pause', 'inner']);
    expect(stepIds('sibling')).toEqual(['notify_crm', 'approve', 'pause']);
    // Steps inside an earlier branch step may not have run.
    expect(stepIds('last')).toEqual(['notify_crm', 'approve', 'pause']);
    expect(stepIds('ghost')).toEqual([]);
  });

  it("offers a wait step's error but no output", () => {
    const pause = availableReferences(crmWorkflow(), 'last').find((g) => g.stepId === 'pause')!;
    expect(pause.options.map((o) => o.label)).toEqual(['error']);
    const approve = availableReferences(crmWorkflow(), 'last').find((g) => g.stepId === 'approve')!;
    expect(inserts(approve.options)).toContain('{{ steps.approve.output.status }}');
  });

  it('offers the output as a whole for actions without an output schema', () => {
    const catalog = createActionCatalog([
      {
        id: 'host_thing',
        label: 'Host thing',
        category: 'Host',
        description: '',
        keywords: [],
        icon: 'box',
        configSchema: {},
        defaultConfig: {},
      },
      {
        id: 'fragile',
        label: 'Fragile',
        category: 'Host',
        description: '',
        keywords: [],
        icon: 'box',
        configSchema: {},
        defaultConfig: {},
        outputSchema: () => {
          throw new Error('half-edited config');
        },
      },
    ]);
    const workflow = workflowOf([
      actionStep('h', { action: 'host_thing', config: {} }),
      actionStep('f', { action: 'fragile', config: {} }),
      actionStep('u', { action: 'not_in_catalog', config: {} }),
      actionStep('z'),
    ]);
    const groups = availableReferences(workflow, 'z', { catalog });
    for (const id of ['h', 'f', 'u']) {
      const output = groups.find((g) => g.stepId === id)!.options[0]!;
      expect(output).toMatchObject({ label: 'output', insertText: `{{ steps.${id}.output }}` });
      expect(output.children).toBeUndefined();
    }
  });

  it('offers secrets by name and the workflow and run ids', () => {
    const groups = availableReferences(crmWorkflow(), 'notify_crm', { secrets: ['crm_api_key', 'odd-name'] });
    const secrets = groups.find((g) => g.kind === 'secrets')!;
    expect(secrets.label).toBe('Secrets');
    expect(inserts(secrets.options)).toEqual(['{{ secrets.crm_api_key }}', '{{ secrets["odd-name"] }}']);
    const run = groups.at(-1)!;
    expect(run.kind).toBe('run');
    expect(inserts(run.options)).toEqual(['{{ workflow.id }}', '{{ run.id }}']);
    expect(groups.map((g) => g.kind)).toEqual(['trigger', 'secrets', 'run']);
    expect(availableReferences(crmWorkflow(), 'notify_crm').some((g) => g.kind === 'secrets')).toBe(false);
  });

  it('expands a recursive schema once more inside itself, then offers it as a whole', () => {
    const recursive = { type: 'object', properties: { id: { type: 'string' }, next: { $ref: '#' } } };
    const workflow = workflowOf([actionStep('a')], { trigger: { event: 'e', payloadSchema: recursive } });
    expect(inserts(availableReferences(workflow, 'a')[0]!.options)).toEqual([
      '{{ trigger.id }}',
      '{{ trigger.next }}',
      '{{ trigger.next.id }}',
      '{{ trigger.next.next }}',
    ]);
  });

  // A schema of a few hundred bytes once listed a path for every walk through it: a tree
  // node with six recursive fields gave 220 MB of options, and ten defined objects of ten
  // properties each, each a $ref to the next, 10^8.
  it('stays small for small schemas that describe huge trees', () => {
    const recursiveFields = ['parent', 'children', 'manager', 'owner', 'reportsTo', 'assignee'];
    const node = {
      type: 'object',
      properties: {
        id: { type: 'string' },
        ...Object.fromEntries(
          recursiveFields.map((key) => [
            key,
            key === 'children' ? { type: 'array', items: { $ref: '#' } } : { $ref: '#' },
          ]),
        ),
      },
    };
    const tree = workflowOf([actionStep('a')], { trigger: { event: 'e', payloadSchema: node } });
    const treeOptions = flatten(availableReferences(tree, 'a')[0]!.options);
    // The 7 fields of the top level; each recursive one expanded once more (its 7 fields,
    // `children` through its `[0]`), where `children[0]` is offered as a whole: 7 + 6 × 8 + 1.
    expect(treeOptions).toHaveLength(56);
    expect(treeOptions.map((option) => option.insertText)).toContain('{{ trigger.parent.id }}');
    expect(treeOptions.map((option) => option.insertText)).toContain('{{ trigger.children[0].id }}');

    // Each property of levels 0 to 7 is the next level's object; level 8 holds strings.
    const propertyAt = (level: number): JsonObject =>
      level < 8 ? { $ref: `#/$defs/level${level + 1}` } : { type: 'string' };
    const $defs: JsonObject = Object.fromEntries(
      Array.from({ length: 9 }, (_, level) => [
        `level${level}`,
        {
          type: 'object',
          properties: Object.fromEntries(Array.from({ length: 10 }, (_, key) => [`p${key}`, propertyAt(level)])),
        },
      ]),
    );
    const wide = workflowOf([actionStep('a')], {
      trigger: { event: 'e', payloadSchema: { $defs, $ref: '#/$defs/level0' } },
    });
    const wideOptions = flatten(availableReferences(wide, 'a')[0]!.options);
    // Every top-level field, and at most a thousand below them.
    expect(wideOptions.filter((option) => option.path.length === 2)).toHaveLength(10);
    expect(wideOptions.length).toBeLessThanOrEqual(1010);
  });

  it('every offered insertText is a single reference whose path is the option path', () => {
    fc.assert(
      fc.property(workflowTreeArbitrary, (workflow) => {
        walkSteps(workflow.steps, ({ step }) => {
          const groups = availableReferences(workflow, step.id, { secrets: ['k'] });
          const offered = groups.filter((g) => g.kind === 'step').map((g) => g.stepId);
          expect(offered).toEqual(
            upstreamSteps(workflow, step.id)
              .filter((s) => s.type === 'action')
              .map((s) => s.id),
          );
          for (const option of flatten(groups.flatMap((g) => g.options))) {
            expect(singleReference(option.insertText)?.path).toEqual(option.path);
          }
        });
      }),
      { numRuns: 30 },
    );
  });
});

describe('availableReferencesAt', () => {
  it('offers what a step inserted at the point could reference', () => {
    const workflow = sampleWorkflow();
    const at = (branchId: string | null, index: number) =>
      availableReferencesAt(workflow, { branchId, index })
        .filter((g) => g.kind === 'step')
        .map((g) => g.stepId);
    expect(at(null, 0)).toEqual([]);
    expect(at(null, 1)).toEqual(['notify_crm']);
    expect(at('high_risk', 0)).toEqual(['notify_crm']);
    expect(at('high_risk', 2)).toEqual(['notify_crm', 'score', 'review']);
    expect(at('otherwise', 0)).toEqual(['notify_crm']);
    expect(at(null, 3)).toEqual(['notify_crm', 'finish']);
    expect(availableReferencesAt(workflow, { branchId: null, index: 0 })[0]!.options.map((o) => o.insertText)).toEqual([
      '{{ trigger.inquiryId }}',
    ]);
  });
});
