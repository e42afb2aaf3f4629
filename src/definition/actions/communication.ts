// ---------------------------------------------------------------------------
// Communication actions: tell a person something.
// ---------------------------------------------------------------------------

import type { ActionDefinition } from '../types';
import { configSchema, referenceWidget } from './common';

/** "Send Email": sends a plain-text email. */
export const sendEmailAction: ActionDefinition = {
  id: 'send_email',
  label: 'Send Email',
  category: 'Communication',
  description: 'Send a plain-text email.',
  keywords: ['email', 'mail', 'notify', 'notification', 'message', 'send'],
  icon: 'mail',
  stepType: 'action',
  configSchema: configSchema({
    title: 'Send Email',
    properties: {
      to: {
        type: 'string',
        title: 'To',
        description:
          "The recipient's email address. Use Insert reference to take it from the trigger or earlier steps.",
        minLength: 1,
      },
      subject: {
        type: 'string',
        title: 'Subject',
        description: 'The subject line. May contain references.',
        minLength: 1,
      },
      text: { type: 'string', title: 'Message', description: 'The message, as plain text. May contain references.' },
    },
    required: ['to', 'subject', 'text'],
  }),
  uiSchema: {
    'ui:order': ['to', 'subject', 'text', 'continueOnError'],
    to: referenceWidget({ 'ui:placeholder': 'name@example.com' }),
    subject: referenceWidget(),
    text: referenceWidget({ 'ui:options': { multiline: true } }),
  },
  defaultConfig: { to: '', subject: '', text: '' },
  configKeyOrder: 'schema',
  outputSchema: () => ({
    type: 'object',
    properties: {
      messageId: { type: 'string', description: 'The id the mail service gave the message.' },
    },
  }),
};
