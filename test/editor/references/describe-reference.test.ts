import { describe, expect, it } from 'vitest';
import { builtInCatalog, findReferences, updateStep, type Reference, type Workflow } from '../../../src/definition';
import { defaultLabels } from '../../../src/editor/labels';
import {
  describeReference,
  previewReference,
  previewText,
  schemaExampleAt,
  truncatePreview,
} from '../../../src/editor/references/describe-reference';
import { branchingWorkflow } from '../../../stories/fixtures/workflows';

function reference(text: string): Reference {
  const found = findReferences(text).references[0];
  if (!found) throw new Error(`${text} holds no reference`);
  return found;
}

const workflow: Workflow = structuredClone(branchingWorkflow);

describe('describeReference', () => {
  it("names a step's field with the step's name and the path after output", () => {
    const description = describeReference(
      reference('{{ steps.score_risk.output.body.score }}'),
      workflow,
      builtInCatalog,
      'notify_crm',
    );
    expect(description).toEqual({
      label: 'Score risk › body › score',
      icon: 'globe',
      stepId: 'score_risk',
      accessibleName: 'Reference: Score risk › body › score',
    });
  });

  it('keeps error, indexes and quoted keys in the label', () => {
    expect(
      describeReference(reference('{{ steps.score_risk.error.message }}'), workflow, builtInCatalog, 'notify_crm')
        .label,
    ).toBe('Score risk › error › message');
    expect(
      describeReference(reference('{{ steps.score_risk.output.body.items[0]["content-type"] }}'), workflow).label,
    ).toBe('Score risk › body › items › [0] › content-type');
  });

  it('names the trigger, secrets and the ids', () => {
    expect(
      describeReference(reference('{{ trigger.inquiryId }}'), workflow, builtInCatalog, 'score_risk'),
    ).toMatchObject({
      label: 'Trigger › inquiryId',
      icon: 'bolt',
    });
    expect(describeReference(reference('{{ secrets.crm_api_key }}'), workflow).label).toBe('Secret › crm_api_key');
    expect(describeReference(reference('{{ workflow.id }}'), workflow).label).toBe('Workflow ID');
    expect(describeReference(reference('{{ run.id }}'), workflow).label).toBe('Run ID');
  });

  it('says a trigger field the payload schema does not describe is broken, as validation does', () => {
    expect(describeReference(reference('{{ trigger.inquiryId }}'), workflow).broken).toBeUndefined();
    expect(describeReference(reference('{{ trigger.nickname }}'), workflow).broken).toBe(
      'the trigger\'s payload schema has no field "nickname" there',
    );
    const withoutSchema: Workflow = { ...workflow, trigger: { event: 'inquiry.completed' } };
    expect(describeReference(reference('{{ trigger.nickname }}'), withoutSchema).broken).toBeUndefined();
  });

  it('says a secret the host does not offer is broken, only when the host lists its secrets', () => {
    expect(describeReference(reference('{{ secrets.nope }}'), workflow).broken).toBeUndefined();
    expect(
      describeReference(reference('{{ secrets.nope }}'), workflow, builtInCatalog, undefined, { secrets: ['a'] })
        .broken,
    ).toBe('the host offers no secret "nope"');
  });

  it('says why a step reference is broken: deleted, later, another branch, inside an earlier branch, itself', () => {
    const at = (text: string, holder: string) =>
      describeReference(reference(text), workflow, builtInCatalog, holder).broken;
    expect(at('{{ steps.gone.output }}', 'notify_crm')).toBe('there is no step "gone" any more');
    expect(at('{{ steps.notify_crm.output.status }}', 'score_risk')).toBe('"Notify CRM" runs after this step');
    expect(at('{{ steps.open_case.output }}', 'review')).toBe('"Open review case" is on another branch');
    expect(at('{{ steps.open_case.output }}', 'notify_crm')).toBe(
      '"Open review case" is inside a branch that may not have run',
    );
    expect(at('{{ steps.score_risk.output }}', 'score_risk')).toBe('a step cannot use its own output');
    // A condition of the branch step may not name steps inside its own branches.
    expect(at('{{ steps.open_case.output }}', 'route')).toBe('"Open review case" runs after this step');
    // Steps that always run before: fine, also from deep inside branches.
    expect(at('{{ steps.score_risk.output.body }}', 'ask_documents')).toBeUndefined();
    expect(at('{{ steps.open_case.output }}', 'check_country')).toBeUndefined();
  });

  it('says a condition step has no output', () => {
    const description = describeReference(
      reference('{{ steps.route.output }}'),
      workflow,
      builtInCatalog,
      'notify_crm',
    );
    expect(description.broken).toBe('"Route by risk" is a condition and has no output');
    expect(description.icon).toBe('split');
    expect(description.accessibleName).toBe(
      'Reference: Route by risk, broken: "Route by risk" is a condition and has no output',
    );
  });

  it('follows a rename: the label changes, the id stays', () => {
    const renamed = updateStep(workflow, 'score_risk', { name: 'Assess risk' });
    const description = describeReference(
      reference('{{ steps.score_risk.output.body.score }}'),
      renamed,
      builtInCatalog,
      'notify_crm',
    );
    expect(description.label).toBe('Assess risk › body › score');
    expect(description.stepId).toBe('score_risk');
  });

  it('uses the labels it is given', () => {
    const description = describeReference(reference('{{ trigger.email }}'), workflow, builtInCatalog, undefined, {
      labels: { ...defaultLabels, referenceTrigger: 'Auslöser', referenceChip: (label: string) => `Verweis: ${label}` },
    });
    expect(description.accessibleName).toBe('Verweis: Auslöser › email');
  });
});

describe('previewReference', () => {
  it('prefers sample data and test results', () => {
    const sampleData = {
      trigger: { inquiryId: 'inq_42' },
      steps: {
        score_risk: { status: 'succeeded' as const, attempts: 1, output: { status: 200, body: { score: 87 } } },
      },
    };
    expect(previewReference(reference('{{ trigger.inquiryId }}'), workflow, { sampleData })).toEqual({
      source: 'value',
      value: 'inq_42',
    });
    expect(previewReference(reference('{{ steps.score_risk.output.body.score }}'), workflow, { sampleData })).toEqual({
      source: 'value',
      value: 87,
    });
  });

  it('falls back to schema examples, and to nothing', () => {
    const withExamples: Workflow = structuredClone(workflow);
    withExamples.trigger.payloadSchema = {
      type: 'object',
      properties: { inquiryId: { type: 'string', examples: ['inq_example'] }, email: { type: 'string' } },
    };
    const scoreStep = withExamples.steps[0]!;
    if (scoreStep.type !== 'action') throw new Error('fixture changed');
    scoreStep.config.responseSchema = { type: 'object', examples: [{ score: 12, reasons: ['new device'] }] };
    expect(previewReference(reference('{{ trigger.inquiryId }}'), withExamples)).toEqual({
      source: 'example',
      value: 'inq_example',
    });
    expect(previewReference(reference('{{ trigger.email }}'), withExamples)).toBeUndefined();
    expect(previewReference(reference('{{ steps.score_risk.output.body.reasons[0] }}'), withExamples)).toEqual({
      source: 'example',
      value: 'new device',
    });
    // A sample without the field falls back to the example.
    expect(
      previewReference(reference('{{ trigger.inquiryId }}'), withExamples, { sampleData: { trigger: {} } })?.source,
    ).toBe('example');
    // Sample data of the wrong shape is ignored, not thrown on.
    expect(
      previewReference(reference('{{ trigger.inquiryId }}'), withExamples, { sampleData: 'nonsense' as never })?.source,
    ).toBe('example');
  });

  it('finds examples through $ref and allOf', () => {
    const schema = {
      $defs: { person: { type: 'object', properties: { name: { type: 'string', example: 'Ada' } } } },
      allOf: [{ type: 'object', properties: { owner: { $ref: '#/$defs/person' } } }],
    };
    expect(schemaExampleAt(schema, ['owner', 'name'])).toBe('Ada');
    expect(schemaExampleAt(schema, ['owner', 'age'])).toBeUndefined();
  });
});

describe('preview text', () => {
  it('shows strings as they are, other values as compact JSON, cut with an ellipsis', () => {
    expect(previewText('hello')).toBe('hello');
    expect(previewText({ a: [1, 2] })).toBe('{"a":[1,2]}');
    expect(truncatePreview('abcdefghij', 5)).toBe('abcd…');
    expect(truncatePreview('two\nlines', 20)).toBe('two lines');
  });
});
