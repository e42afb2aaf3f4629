import type { Meta, StoryObj } from '@storybook/react-vite';
import { fn } from 'storybook/test';
import type { Workflow } from '../src/definition';
import { WorkflowEditor } from '../src/editor';
import { hostSecrets } from './fixtures/workflows';

/**
 * A workflow to build yourself: the trigger ("inquiry.completed") already describes its
 * payload, so its fields are there to reference, and no step yet.
 */
const playgroundWorkflow: Workflow = {
  schemaVersion: 1,
  kind: 'workflow',
  id: 'notify_crm_of_inquiries',
  name: 'Tell the CRM about completed inquiries',
  trigger: {
    event: 'inquiry.completed',
    payloadSchema: {
      type: 'object',
      properties: {
        inquiryId: { type: 'string', title: 'Inquiry ID' },
        account: {
          type: 'object',
          title: 'Account',
          properties: {
            id: { type: 'string', title: 'Account ID' },
            name: { type: 'string', title: 'Account name' },
          },
        },
        email: { type: 'string', title: 'Email address' },
      },
      required: ['inquiryId', 'email'],
    },
  },
  steps: [],
};

const meta = {
  title: 'Editor/WorkflowEditor/Playground',
  component: WorkflowEditor,
  parameters: {
    docs: {
      description: {
        component:
          'The whole editor with nothing done yet. Press "+", find "https", choose "Make HTTPS Request", ' +
          'then fill the URL (with "Insert reference" for `trigger.inquiryId`), pick POST and a body, add a ' +
          'header whose value is the secret `crm_api_key`, sign with `crm_signing_secret` under Advanced ' +
          'Configuration, set retries and a timeout, and "Export JSON" to see the definition you built.',
      },
    },
  },
} satisfies Meta<typeof WorkflowEditor>;

export default meta;
type Story = StoryObj<typeof meta>;

/**
 * The full editor: a trigger with a payload schema (inquiry ID, account, email), three
 * host secrets, the real action picker behind "+", Save and Publish. No play function:
 * build the "Make HTTPS Request" step yourself, end to end.
 */
export const Playground: Story = {
  args: {
    defaultDefinition: playgroundWorkflow,
    secrets: hostSecrets,
    onChange: fn(),
    onSave: fn(),
    onPublish: fn(),
    minimap: false,
    style: { height: '100vh' },
  },
};
