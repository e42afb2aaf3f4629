// The example action of docs/actions.md ("Send SMS", one file, registered in
// exampleCatalog): every layer asks it for its part, none switches on its id.
import { describe, expect, it } from 'vitest';
import {
  availableReferences,
  builtInCatalog,
  serializeWorkflow,
  toServerlessWorkflow,
  validateConfig,
  validateWorkflow,
  type Workflow,
} from '../../src/definition';
import { runWorkflow } from '../../src/executor';
import { exampleCatalog, sendSmsAction, sendSmsHandler } from '../../stories/fixtures/example-action';

function smsWorkflow(to: string, config: Record<string, unknown> = {}): Workflow {
  return {
    schemaVersion: 1,
    kind: 'workflow',
    id: 'welcome',
    name: 'Welcome',
    trigger: { event: 'signup', payloadSchema: { type: 'object', properties: { phone: { type: 'string' } } } },
    steps: [
      // Keys out of schema order, and continueOnError at its default.
      {
        id: 'text_them',
        type: 'action',
        action: 'send_sms',
        name: 'Text them',
        config: { message: 'Welcome to {{ workflow.id }}', continueOnError: false, to, ...config },
      },
      {
        id: 'log',
        type: 'action',
        action: 'create_case',
        name: 'Log',
        config: { title: 'Sent {{ steps.text_them.output.messageId }}' },
      },
    ],
  };
}

describe('an action defined in one file (send_sms)', () => {
  it('is in the example catalog only', () => {
    expect(exampleCatalog.get('send_sms')).toBe(sendSmsAction);
    expect(builtInCatalog.get('send_sms')).toBeUndefined();
  });

  it('validates with its own rule, at the field, in the workflow and on its own', () => {
    expect(validateWorkflow(smsWorkflow('{{ trigger.phone }}'), { catalog: exampleCatalog }).problems).toEqual([]);
    expect(validateWorkflow(smsWorkflow('+15551234567'), { catalog: exampleCatalog }).problems).toEqual([]);
    const refused = validateWorkflow(smsWorkflow('555-1234'), { catalog: exampleCatalog });
    expect(refused.problems).toEqual([
      expect.objectContaining({
        path: '/steps/0/config/to',
        code: 'schema_pattern',
        stepId: 'text_them',
        message: expect.stringContaining('To must be a phone number'),
      }),
    ]);
    expect(validateConfig('send_sms', { to: '555-1234', message: 'Hi' }, { catalog: exampleCatalog })).toEqual([
      expect.objectContaining({ path: '/to', code: 'schema_pattern' }),
    ]);
    // Without the action in the catalog it is unknown, and its rule is not run.
    expect(validateWorkflow(smsWorkflow('555-1234')).problems.map((problem) => problem.code)).toEqual([
      'unknown_action',
    ]);
  });

  it('serialises in its schema order without defaults', () => {
    const text = serializeWorkflow(smsWorkflow('+15551234567'), { catalog: exampleCatalog });
    expect(text).toContain(
      '"config": {\n        "to": "+15551234567",\n        "message": "Welcome to {{ workflow.id }}"\n      }',
    );
  });

  it('offers its output fields and its error fields as references', () => {
    const groups = availableReferences(smsWorkflow('+15551234567'), 'log', { catalog: exampleCatalog });
    const step = groups.find((group) => group.stepId === 'text_them')!;
    const output = step.options.find((option) => option.label === 'output')!;
    expect(output.children?.map((child) => child.label)).toEqual(['messageId', 'segments']);
    const error = step.options.find((option) => option.label === 'error')!;
    expect(error.children?.map((child) => child.label)).toEqual(['type', 'message', 'status']);
  });

  it('exports to Serverless Workflow as its own call', () => {
    const exported = toServerlessWorkflow(smsWorkflow('{{ trigger.phone }}'), { catalog: exampleCatalog });
    expect(exported.do[0]).toEqual({
      text_them: {
        call: 'sms',
        with: { to: '${ $workflow.input.phone }', body: '${ "Welcome to \\("welcome")" }' },
        export: { as: expect.stringContaining('"text_them": { output: . }') },
        metadata: { workflowEditor: { name: 'Text them', action: 'send_sms' } },
      },
    });
  });

  it('runs with its handler in the same map as any host handler', async () => {
    const result = await runWorkflow(smsWorkflow('{{ trigger.phone }}'), {
      catalog: exampleCatalog,
      trigger: { phone: '+15551234567' },
      runId: 'run_1',
      handlers: { send_sms: sendSmsHandler, create_case: ({ config }) => ({ title: config.title ?? null }) },
    });
    expect(result.status).toBe('succeeded');
    expect(result.steps.text_them).toEqual({
      status: 'succeeded',
      attempts: 1,
      output: { messageId: 'run_1:text_them', segments: 1 },
    });
    expect(result.steps.log?.output).toEqual({ title: 'Sent run_1:text_them' });

    const refused = await runWorkflow(smsWorkflow('{{ trigger.phone }}'), {
      catalog: exampleCatalog,
      trigger: { phone: 'not a number' },
      handlers: { send_sms: sendSmsHandler },
    });
    expect(refused.steps.text_them).toMatchObject({ status: 'failed', error: { type: 'invalid_config' } });
  });
});
