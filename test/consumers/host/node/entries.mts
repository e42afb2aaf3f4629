// nodenext, ESM: every entry resolves, with its types (the editor entry through `import`).
import { WorkflowEditor, builtInCatalog, emptyWorkflow, selectDefinition, type Workflow } from 'workflow-editor';
import { serializeWorkflow, validateWorkflow, type Problem } from 'workflow-editor/definition';
import { runWorkflow, type RunResult } from 'workflow-editor/executor';

// An `any` anywhere below would let every use type-check: refuse it outright.
type IsAny<T> = 0 extends 1 & T ? true : false;
type ExpectNotAny<T extends false> = T;
export type NotAny = [
  ExpectNotAny<IsAny<typeof WorkflowEditor>>,
  ExpectNotAny<IsAny<ReturnType<typeof selectDefinition>>>,
  ExpectNotAny<IsAny<ReturnType<typeof validateWorkflow>>>,
  ExpectNotAny<IsAny<ReturnType<typeof serializeWorkflow>>>,
  ExpectNotAny<IsAny<Awaited<ReturnType<typeof runWorkflow>>>>,
];

const workflow: Workflow = emptyWorkflow({ id: 'nodenext_esm', name: 'nodenext ESM', event: 'host.checked' });
export const problems: Problem[] = validateWorkflow(workflow, { catalog: builtInCatalog }).problems;
export const pending: Promise<RunResult> = runWorkflow(workflow);
// @ts-expect-error a run's status is one of two literals, not any string
export const status: Awaited<ReturnType<typeof runWorkflow>>['status'] = 'running';
