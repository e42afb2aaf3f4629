// The smallest host of the editor, bundled by scripts/check-size.mjs to measure what a
// product pays for it: the component, its stylesheet and React Flow's, every dependency.
import { createElement } from 'react';
import { createRoot } from 'react-dom/client';
import { WorkflowEditor, emptyWorkflow } from 'workflow-editor';
import 'workflow-editor/style.css';
import '@xyflow/react/dist/base.css';

createRoot(document.getElementById('root')).render(
  createElement(WorkflowEditor, { defaultDefinition: emptyWorkflow() }),
);
