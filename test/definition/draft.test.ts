// Which workflows with problems "Import JSON" opens as a draft: those the editor's own
// operations could have built (canOpenAsDraft), read from text by importWorkflowJsonWithDraft.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  addBranch,
  createActionCatalog,
  createStep,
  emptyWorkflow,
  importWorkflowJson,
  insertStep,
  serializeWorkflow,
  updateStep,
  type ActionDefinition,
  type Workflow,
} from '../../src/definition';
import { canOpenAsDraft, importWorkflowJsonWithDraft } from '../../src/definition/draft';
import { INVALID_FIXTURES, fixtureOptions } from '../fixtures/invalid/expected';
import { actionStep, branch, branchStep, sampleWorkflow, workflowOf } from '../fixtures/workflow-builders';

/** A host action with a required secret and no other fields allowed, as hosts write them. */
const POST_MESSAGE_ACTION: ActionDefinition = {
  id: 'post_message',
  label: 'Post message',
  category: 'Communication',
  description: 'Posts a message to a chat channel.',
  keywords: [],
  icon: 'mail',
  configSchema: {
    type: 'object',
    properties: {
      channel: { type: 'string', title: 'Channel', minLength: 1 },
      botToken: { type: 'string', title: 'Bot token', minLength: 1 },
    },
    required: ['channel', 'botToken'],
    additionalProperties: false,
  },
  defaultConfig: { channel: '#general', botToken: '' },
};
const catalog = createActionCatalog([POST_MESSAGE_ACTION]);

/** A workflow as the editor builds one: each action added through `createStep` and `insertStep`. */
function builtInEditor(actionIds: readonly string[]): Workflow {
  let workflow = emptyWorkflow({ name: 'Unfinished work' });
  for (const actionId of actionIds) {
    const step = createStep(workflow, actionId, catalog);
    workflow = insertStep(workflow, { branchId: null, index: workflow.steps.length }, step);
  }
  return workflow;
}

/** A valid workflow with one part replaced by anything: these tests feed the check what no type allows. */
function withChange(change: (document: Record<string, unknown> & { steps: Record<string, unknown>[] }) => void) {
  const document = JSON.parse(JSON.stringify(sampleWorkflow())) as Record<string, unknown> & {
    steps: Record<string, unknown>[];
  };
  change(document);
  return document;
}

describe('importWorkflowJsonWithDraft', () => {
  it('opens the editor’s own export of a draft: an HTTPS step whose URL is still empty', () => {
    const workflow = builtInEditor(['https_request']);
    const text = serializeWorkflow(workflow);
    const result = importWorkflowJsonWithDraft(text, { catalog });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems).toEqual(importWorkflowJson(text, { catalog }).problems);
    expect(result.problems).toContainEqual(expect.objectContaining({ path: '/steps/0/config/url' }));
    expect(result.draft).toEqual(workflow);
  });

  it('opens a host action whose required secret is empty, and one saved with a field its schema no longer has', () => {
    const workflow = builtInEditor(['post_message', 'post_message']);
    const stale = updateStep(workflow, workflow.steps[1]!.id, {
      config: { channel: '#ops', botToken: '{{ secrets.bot_token }}', threadId: 'T42' },
    });
    const result = importWorkflowJsonWithDraft(serializeWorkflow(stale, { catalog }), { catalog });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems.map((problem) => [problem.path, problem.code])).toEqual([
      ['/steps/0/config/botToken', 'schema_length'],
      ['/steps/1/config/threadId', 'schema_additional_property'],
    ]);
    expect(result.draft).toEqual(stale);
  });

  it('opens every workflow the editor builds from every action’s defaults, a Conditional step included', () => {
    const actionIds = catalog.actions.map((action) => action.id);
    let workflow = builtInEditor(actionIds);
    const conditional = workflow.steps.find((step) => step.type === 'branch')!;
    workflow = addBranch(workflow, conditional.id);
    const text = serializeWorkflow(workflow, { catalog });
    const result = importWorkflowJsonWithDraft(text, { catalog });
    const opened = result.ok ? result.workflow : result.draft;
    expect(opened).toEqual(JSON.parse(text));
  });

  it('leaves a valid workflow as importWorkflowJson reads it, without a draft', () => {
    const text = serializeWorkflow(sampleWorkflow());
    const result = importWorkflowJsonWithDraft(text);
    expect(result).toEqual(importWorkflowJson(text));
    expect(result.ok).toBe(true);
    expect('draft' in result).toBe(false);
  });

  // Every invalid fixture of a workflow: which the editor opens as a draft, which it cannot hold.
  const notHeld = new Set([
    'json-syntax-trailing-comma.json',
    // JSON.parse would keep the last of the two values; the text is not strict JSON.
    'json-syntax-duplicate-key.json',
    'nesting-too-deep.json',
    'schema-version-unsupported.json',
    // "kind": "workflows"
    'schema-const.json',
    // a step id that is not an id ("Call-API")
    'schema-pattern.json',
    'duplicate-id.json',
  ]);
  it.each(
    INVALID_FIXTURES.filter((fixture) => fixture.document === 'workflow').map(
      (fixture) => [fixture.file, fixture] as const,
    ),
  )('%s', (file, fixture) => {
    const text = readFileSync(path.resolve(__dirname, '../fixtures/invalid', file), 'utf8');
    const result = importWorkflowJsonWithDraft(text, fixtureOptions(fixture));
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems).toEqual(importWorkflowJson(text, fixtureOptions(fixture)).problems);
    if (notHeld.has(file)) expect(result.draft).toBeUndefined();
    else expect(result.draft).toEqual(JSON.parse(text));
  });

  it('has no draft for text that is not a workflow document at all', () => {
    for (const text of ['', 'null', '[]', '"workflow"', '{}', '{"kind": "workflow"}', '{"schemaVersion": 1}']) {
      const result = importWorkflowJsonWithDraft(text);
      expect(result.ok, text).toBe(false);
      if (!result.ok) expect(result.draft, text).toBeUndefined();
    }
  });

  it('reads a byte order mark like importWorkflowJson', () => {
    const text = `\uFEFF${serializeWorkflow(builtInEditor(['https_request']))}`;
    const result = importWorkflowJsonWithDraft(text);
    expect(!result.ok && result.draft?.steps.map((step) => step.name)).toEqual(['Make HTTPS Request']);
  });
});

describe('canOpenAsDraft', () => {
  it.each([
    ['an empty workflow name', withChange((document) => (document.name = ''))],
    ['no trigger event', withChange((document) => (document.trigger = {}))],
    ['a trigger event that is not text', withChange((document) => (document.trigger = { event: 7 }))],
    [
      'a payload schema that is not a schema',
      withChange((document) => (document.trigger = { event: 'e', payloadSchema: 'x' })),
    ],
    ['an unknown action', withChange((document) => (document.steps[0]!.action = 'retired_action'))],
    ['a config field the action does not know', withChange((document) => (document.steps[0]!.config = { timeout: 1 }))],
    ['an empty step name', withChange((document) => (document.steps[0]!.name = ''))],
    ['a Conditional step without branches', withChange((document) => (document.steps[1]!.branches = []))],
    [
      'a condition that is not one',
      withChange((document) => ((document.steps[1]!.branches as { when?: unknown }[])[0]!.when = { op: 'nope' })),
    ],
    ['the default branch not last', withChange((document) => (document.steps[1]!.branches as unknown[]).reverse())],
    ['a field this version does not know', withChange((document) => (document.owner = 'ops'))],
    [
      'a reference to a step that does not exist',
      workflowOf([actionStep('a', { config: { url: '{{ steps.gone.output }}', method: 'GET' } })]),
    ],
  ])('opens a workflow with %s', (_what, document) => {
    expect(canOpenAsDraft(document)).toBe(true);
  });

  it.each([
    ['no object', null],
    ['a list', []],
    ['a step document', withChange((document) => (document.kind = 'step'))],
    ['no kind', withChange((document) => delete document.kind)],
    ['no schemaVersion', withChange((document) => delete document.schemaVersion)],
    ['another schemaVersion', withChange((document) => (document.schemaVersion = 2))],
    ['a workflow id that is not an id', withChange((document) => (document.id = 'Sync Inquiries'))],
    ['no workflow id', withChange((document) => delete document.id)],
    ['a workflow name that is not text', withChange((document) => (document.name = 42))],
    ['no workflow name', withChange((document) => delete document.name)],
    ['a description that is not text', withChange((document) => (document.description = ['a']))],
    ['no trigger', withChange((document) => delete document.trigger)],
    ['steps that are not a list', withChange((document) => (document.steps = {} as never))],
    ['a step that is not an object', withChange((document) => (document.steps[0] = null as never))],
    ['a step of an unknown type', withChange((document) => (document.steps[0]!.type = 'loop'))],
    ['a step without a name', withChange((document) => delete document.steps[0]!.name)],
    ['a step whose id is not an id', withChange((document) => (document.steps[0]!.id = 'notify->crm'))],
    ['an action step without a config', withChange((document) => delete document.steps[0]!.config)],
    ['a Conditional step without a branch list', withChange((document) => delete document.steps[1]!.branches)],
    [
      'a branch without steps',
      withChange((document) => delete (document.steps[1]!.branches as { steps?: unknown }[])[0]!.steps),
    ],
    ['a step id used twice', workflowOf([actionStep('notify'), actionStep('notify')])],
    [
      'a branch id that is also a step id',
      workflowOf([branchStep('route', [branch('notify', [], { when: null })]), actionStep('notify')]),
    ],
    [
      'a step id used twice inside one branch step',
      workflowOf([
        branchStep('route', [branch('a', [actionStep('x')]), branch('b', [actionStep('x')], { when: null })]),
      ]),
    ],
  ])('does not open %s', (_what, document) => {
    expect(canOpenAsDraft(document)).toBe(false);
  });
});
