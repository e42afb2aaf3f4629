// The workflow and editor props every scratch-host check shares: the browser app, the
// server render and the hydrating client must render the very same thing. Plain
// JavaScript so Node imports it as is; `checkJs` types it against the package's own
// declarations, so a fixture the types refuse fails the TypeScript check.
import { builtInCatalog } from 'workflow-editor';

/** A valid workflow with one HTTPS step. @type {import('workflow-editor').Workflow} */
export const workflow = {
  schemaVersion: 1,
  kind: 'workflow',
  id: 'notify_crm_flow',
  name: 'Notify the CRM',
  trigger: {
    event: 'inquiry.completed',
    payloadSchema: { type: 'object', properties: { inquiryId: { type: 'string' } } },
  },
  steps: [
    {
      id: 'notify_crm',
      type: 'action',
      action: 'https_request',
      name: 'Notify CRM',
      config: {
        url: 'https://crm.example.com/hooks/inquiries',
        method: 'POST',
        body: { inquiryId: '{{ trigger.inquiryId }}' },
      },
    },
  ],
};

/**
 * Props for `<WorkflowEditor>` (uncontrolled, so server and client start from the same
 * definition without host state). @type {import('workflow-editor').WorkflowEditorProps}
 */
export const editorProps = {
  defaultDefinition: workflow,
  catalog: builtInCatalog,
  secrets: ['crm_api_key'],
  style: { height: '100vh' },
};
