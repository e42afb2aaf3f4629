// ---------------------------------------------------------------------------
// Inquiry actions: decide on the inquiry (usually the one that triggered the workflow).
// ---------------------------------------------------------------------------

import type { ActionDefinition, JsonObject, JsonSchema } from '../types';
import { configSchema, referenceWidget } from './common';

const INQUIRY_ID_PROPERTY: JsonSchema = {
  type: 'string',
  title: 'Inquiry ID',
  description: 'The inquiry to act on. Usually the inquiry from the trigger.',
  minLength: 1,
};

/** Most workflows act on the inquiry that started them. */
const DEFAULT_INQUIRY_ID = '{{ trigger.inquiryId }}';

function inquiryAction(options: {
  id: string;
  label: string;
  description: string;
  keywords: readonly string[];
  icon: string;
  noteField: { name: string; title: string; description: string };
  resultingStatus: string;
}): ActionDefinition {
  const { noteField } = options;
  const uiSchema: JsonObject = {
    'ui:order': ['inquiryId', noteField.name, 'continueOnError'],
    inquiryId: referenceWidget(),
    [noteField.name]: referenceWidget({ 'ui:options': { multiline: true } }),
  };
  return {
    id: options.id,
    label: options.label,
    category: 'Inquiry',
    description: options.description,
    keywords: options.keywords,
    icon: options.icon,
    stepType: 'action',
    configSchema: configSchema({
      title: options.label,
      properties: {
        inquiryId: INQUIRY_ID_PROPERTY,
        [noteField.name]: { type: 'string', title: noteField.title, description: noteField.description },
      },
      required: ['inquiryId'],
    }),
    uiSchema,
    defaultConfig: { inquiryId: DEFAULT_INQUIRY_ID },
    configKeyOrder: 'schema',
    outputSchema: () => ({
      type: 'object',
      properties: {
        inquiryId: { type: 'string', description: 'The inquiry acted on.' },
        status: { type: 'string', const: options.resultingStatus, description: "The inquiry's status afterwards." },
      },
    }),
  };
}

/** "Approve Inquiry": marks the inquiry approved. */
export const approveInquiryAction: ActionDefinition = inquiryAction({
  id: 'approve_inquiry',
  label: 'Approve Inquiry',
  description: 'Approve the inquiry.',
  keywords: ['approve', 'accept', 'pass', 'inquiry', 'verification', 'decision'],
  icon: 'check',
  noteField: { name: 'comment', title: 'Comment', description: 'An optional note kept with the decision.' },
  resultingStatus: 'approved',
});

/** "Decline Inquiry": marks the inquiry declined. */
export const declineInquiryAction: ActionDefinition = inquiryAction({
  id: 'decline_inquiry',
  label: 'Decline Inquiry',
  description: 'Decline the inquiry.',
  keywords: ['decline', 'reject', 'deny', 'fail', 'inquiry', 'verification', 'decision'],
  icon: 'x',
  noteField: { name: 'reason', title: 'Reason', description: 'Why the inquiry is declined, kept with the decision.' },
  resultingStatus: 'declined',
});

/** "Mark for Review": sends the inquiry to manual review. */
export const markForReviewAction: ActionDefinition = inquiryAction({
  id: 'mark_for_review',
  label: 'Mark for Review',
  description: 'Send the inquiry to a person for manual review.',
  keywords: ['review', 'manual', 'flag', 'needs review', 'inquiry', 'escalate'],
  icon: 'flag',
  noteField: { name: 'note', title: 'Note', description: 'What the reviewer should look at.' },
  resultingStatus: 'needs_review',
});
