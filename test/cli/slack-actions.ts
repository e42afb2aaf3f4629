// A host action as a plug-in author writes one, for the tests of `--actions` and of the
// queue worker's catalog: "Post to Slack", whose config schema (a channel, a level from an
// enum, no unknown fields) and own rule (the token is exactly one secret reference) only
// a catalog applies. Its handler posts to a real server the test starts.
// The CLI tests bundle this file into a host's module (see host-actions-module.ts), so it
// imports nothing but the package's own code.

import {
  createActionCatalog,
  defineAction,
  type ActionCatalog,
  type JsonObject,
  type Problem,
  type Workflow,
} from '../../src/definition';
import { ActionError, type ActionHandler } from '../../src/executor';

/** The config of "Post to Slack". */
export interface PostToSlackConfig {
  channel: string;
  level: 'info' | 'warning' | 'alert';
  text: string;
  token: string;
  continueOnError?: boolean;
}

const ONE_SECRET_REFERENCE = /^\{\{\s*secrets\.[a-z_][a-z0-9_]*\s*\}\}$/;

export const postToSlackAction = defineAction<PostToSlackConfig>({
  id: 'post_to_slack',
  label: 'Post to Slack',
  category: 'Communication',
  description: 'Post a message to a Slack channel.',
  keywords: ['slack', 'chat', 'notify'],
  icon: 'mail',
  configSchema: {
    type: 'object',
    properties: {
      channel: { type: 'string', pattern: '^#[a-z0-9_-]+$' },
      level: { type: 'string', enum: ['info', 'warning', 'alert'] },
      text: { type: 'string', minLength: 1 },
      token: { type: 'string', minLength: 1 },
      continueOnError: { type: 'boolean', default: false },
    },
    required: ['channel', 'level', 'text', 'token'],
    additionalProperties: false,
  },
  defaultConfig: { level: 'info', token: '{{ secrets.slack_token }}' },
  configKeyOrder: 'schema',
  validateConfig: ({ token }): Problem[] =>
    typeof token === 'string' && !ONE_SECRET_REFERENCE.test(token)
      ? [
          {
            path: '/token',
            code: 'schema_pattern',
            message: 'Token must be exactly one secret reference, like {{ secrets.slack_token }}',
          },
        ]
      : [],
  toServerlessWorkflow: (step, dsl) => ({
    task: {
      call: 'slack',
      with: { channel: String(step.config.channel), text: dsl.template(String(step.config.text)) },
    },
  }),
});

/** The catalog and handlers a host module exports, the handler posting to `apiOrigin`. */
export function createSlackActions(apiOrigin: string): {
  catalog: ActionCatalog;
  handlers: Record<string, ActionHandler>;
} {
  return {
    catalog: createActionCatalog([postToSlackAction]),
    handlers: {
      post_to_slack: async ({ config, signal }) => {
        // The catalog validated the config before the run started: the token is text.
        const token = config.token as string;
        const response = await fetch(`${apiOrigin}/chat.postMessage`, {
          method: 'POST',
          headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
          body: JSON.stringify({ channel: config.channel, level: config.level, text: config.text }),
          signal,
        });
        if (!response.ok)
          throw new ActionError('http_status', `Slack answered ${response.status}`, { status: response.status });
        return (await response.json()) as JsonObject;
      },
    },
  };
}

/** A config that the action's schema and rule accept. */
export const validSlackConfig: JsonObject = {
  channel: '#billing',
  level: 'warning',
  text: 'Invoice {{ trigger.invoiceId }} is overdue',
  token: '{{ secrets.slack_token }}',
};

/** The three mistakes of the report: a level outside the enum, a literal token, an unknown field. */
export const invalidSlackConfig: JsonObject = {
  channel: '#billing',
  level: 'urgent',
  text: 'Invoice {{ trigger.invoiceId }} is overdue',
  token: 'xoxb-literal-token',
  mention: '@here',
};

/** A workflow of one "Post to Slack" step with `config`. */
export function slackWorkflow(config: JsonObject): Workflow {
  return {
    schemaVersion: 1,
    kind: 'workflow',
    id: 'overdue_invoices',
    name: 'Overdue invoices',
    trigger: { event: 'invoice.overdue' },
    steps: [{ id: 'tell_billing', type: 'action', action: 'post_to_slack', name: 'Tell billing', config }],
  };
}
