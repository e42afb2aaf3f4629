// The CSP page's app: the README's controlled embedding of <WorkflowEditor>.
import { useState } from 'react';
import { WorkflowEditor, type EditorErrorDetails, type Workflow } from 'workflow-editor';
import { editorProps, workflow } from './fixture.js';

declare global {
  interface Window {
    /** Errors the editor reported through `onError` (a part that failed and shows a fallback). */
    editorErrors?: string[];
  }
}

const { defaultDefinition: _unused, ...shared } = editorProps;

export function App() {
  const [definition, setDefinition] = useState<Workflow>(workflow);
  return (
    <WorkflowEditor
      {...shared}
      definition={definition}
      onChange={setDefinition}
      onError={(error: Error, details: EditorErrorDetails) => {
        (window.editorErrors ??= []).push(`${details.area}: ${error.message}`);
      }}
    />
  );
}
