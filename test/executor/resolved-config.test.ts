// A host's handler gets a config its action's schema describes, once the references in
// it are resolved: a reference that is the whole of a field keeps its value's type, so
// the trigger's data could otherwise hand a handler a number or an object where the
// schema says text.

import { describe, expect, it } from 'vitest';
import { createActionCatalog, type JsonObject } from '../../src/definition';
import { runWorkflow } from '../../src/executor';
import { only, workflow } from './helpers';

const catalog = createActionCatalog([
  {
    id: 'post_message',
    label: 'Post message',
    category: 'Host',
    description: 'Posts a message to a channel.',
    keywords: [],
    icon: 'box',
    configSchema: {
      type: 'object',
      required: ['channel', 'text'],
      properties: {
        channel: { type: 'string', title: 'Channel', minLength: 1 },
        text: { type: 'string', title: 'Text' },
        priority: { type: 'string', title: 'Priority', enum: ['low', 'high'] },
        code: { type: 'string', title: 'Code', maxLength: 20 },
        details: {
          type: ['string', 'object'],
          title: 'Details',
          properties: { count: { type: 'number', title: 'Count' } },
        },
      },
      additionalProperties: false,
    },
    defaultConfig: { channel: '', text: '' },
  },
]);

const postMessage = (config: JsonObject): JsonObject =>
  workflow([{ id: 'post', type: 'action', action: 'post_message', name: 'Tell the team', config }]);

/** Runs the step with the trigger `payload`; returns the step's result and the configs the handler got. */
async function run(config: JsonObject, payload: JsonObject) {
  const received: unknown[] = [];
  const result = await runWorkflow(postMessage(config), {
    catalog,
    trigger: payload,
    handlers: {
      post_message: ({ config: given }) => {
        received.push(given);
        return { posted: true };
      },
    },
  });
  expect(result.problems).toBeUndefined();
  return { step: only(result), received };
}

describe('a host action whose config is resolved from the trigger', () => {
  it('runs when the resolved values fit the schema', async () => {
    const { step, received } = await run(
      { channel: '{{ trigger.channel }}', text: 'Case {{ trigger.id }} is {{ trigger.state }}' },
      { channel: 'ops', id: 42, state: { open: true } },
    );
    expect(step.status).toBe('succeeded');
    expect(received).toEqual([{ channel: 'ops', text: 'Case 42 is {"open":true}' }]);
  });

  it('does not run when a whole-field reference gives a value of another type, and says which field and reference', async () => {
    const { step, received } = await run({ channel: '{{ trigger.channel }}', text: 'hi' }, { channel: 7 });
    expect(received).toEqual([]);
    expect(step.status).toBe('failed');
    expect(step.error).toMatchObject({ type: 'invalid_config', attempts: 0 });
    expect(step.error!.message).toBe(
      'Step "Tell the team" did not run: once its references were resolved, its config did not match its ' +
        "action's schema. Channel must be text (the value of {{ trigger.channel }} is a number).",
    );
  });

  it('refuses a resolved text shorter than allowed, and counts the other problems', async () => {
    const { step, received } = await run(
      { channel: '{{ trigger.channel }}', text: '{{ trigger.body }}' },
      { channel: '', body: { a: 1 } },
    );
    expect(received).toEqual([]);
    expect(step.error).toMatchObject({ type: 'invalid_config' });
    expect(step.error!.message).toContain('(the value of {{ trigger.channel }})');
    expect(step.error!.message).toMatch(/\. 1 more problem\.$/);
  });

  it('says where a value came from when it sits inside what a reference gave, or in text around one', async () => {
    const inside = await run(
      { channel: 'ops', text: 'hi', details: '{{ trigger.details }}' },
      { details: { count: 'x' } },
    );
    expect(inside.received).toEqual([]);
    expect(inside.step.error!.message).toMatch(
      /Count must be a number \(from \{\{ trigger\.details \}\}, where it is a string\)\.$/,
    );
    const around = await run({ channel: 'ops', text: 'hi', code: 'X-{{ trigger.code }}' }, { code: 'A'.repeat(30) });
    expect(around.received).toEqual([]);
    expect(around.step.error!.message).toContain('(from the text "X-{{ trigger.code }}").');
  });

  it('takes text from the data that looks like a reference as text', async () => {
    const { step, received } = await run(
      { channel: 'ops', text: '{{ trigger.text }}' },
      { text: 'Use {{ steps.x.output }} in your template' },
    );
    expect(step.status).toBe('succeeded');
    expect(received).toEqual([{ channel: 'ops', text: 'Use {{ steps.x.output }} in your template' }]);
  });
});
