// Server rendering in plain Node (no DOM globals): imports every entry and renders
// <WorkflowEditor> with the shared props through react-dom/server. Prints the HTML;
// on failure prints the stack and exits 1.
import { createElement } from 'react';
import { renderToString } from 'react-dom/server';
import * as editor from 'workflow-editor';
import * as definition from 'workflow-editor/definition';
import * as executor from 'workflow-editor/executor';
import { editorProps, workflow } from '../src/fixture.js';

for (const name of ['window', 'document', 'HTMLElement', 'ResizeObserver']) {
  if (name in globalThis) throw new Error(`${name} is defined: this render must run without DOM globals`);
}
if (typeof executor.runWorkflow !== 'function') throw new Error('workflow-editor/executor has no runWorkflow');
const checked = definition.validateWorkflow(workflow, { catalog: editor.builtInCatalog });
if (!checked.ok) throw new Error(`the fixture does not validate: ${JSON.stringify(checked.problems)}`);

const html = renderToString(createElement(editor.WorkflowEditor, editorProps));
process.stdout.write(html);
