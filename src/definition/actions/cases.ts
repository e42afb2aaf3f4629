// ---------------------------------------------------------------------------
// Case actions: open a case for a person to work on.
// ---------------------------------------------------------------------------

import type { ActionDefinition } from '../types';
import { configSchema, referenceWidget } from './common';

/** Priorities of a case, lowest first. */
export const CASE_PRIORITIES = ['low', 'normal', 'high'] as const;

/** "Create Case": opens a case for manual work. */
export const createCaseAction: ActionDefinition = {
  id: 'create_case',
  label: 'Create Case',
  category: 'Cases',
  description: 'Open a case so a person can investigate.',
  keywords: ['case', 'ticket', 'investigation', 'manual', 'review', 'queue', 'assign'],
  icon: 'briefcase',
  stepType: 'action',
  configSchema: configSchema({
    title: 'Create Case',
    properties: {
      title: {
        type: 'string',
        title: 'Title',
        description: 'A short summary shown in the case list. May contain references.',
        minLength: 1,
      },
      description: {
        type: 'string',
        title: 'Description',
        description: 'What the person working the case should know. May contain references.',
      },
      priority: {
        type: 'string',
        title: 'Priority',
        description: 'How urgent the case is. Default: normal.',
        enum: [...CASE_PRIORITIES],
        default: 'normal',
      },
      assignee: {
        type: 'string',
        title: 'Assignee',
        description: 'Who the case is assigned to (an email address or user id). Leave empty for the shared queue.',
      },
    },
    required: ['title'],
  }),
  uiSchema: {
    'ui:order': ['title', 'description', 'priority', 'assignee', 'continueOnError'],
    title: referenceWidget(),
    description: referenceWidget({ 'ui:options': { multiline: true } }),
    assignee: referenceWidget(),
  },
  defaultConfig: { title: '' },
  configKeyOrder: 'schema',
  outputSchema: () => ({
    type: 'object',
    properties: {
      caseId: { type: 'string', description: 'The id of the new case.' },
      status: { type: 'string', description: "The case's status, e.g. open." },
    },
  }),
};
