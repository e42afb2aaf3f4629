// nodenext, CommonJS: `require` of the two entries with CommonJS builds, typed by their
// `.d.cts` declarations.
import definition = require('workflow-editor/definition');
import executor = require('workflow-editor/executor');

// An `any` anywhere below would let every use type-check: refuse it outright.
type IsAny<T> = 0 extends 1 & T ? true : false;
type ExpectNotAny<T extends false> = T;
export type NotAny = [
  ExpectNotAny<IsAny<ReturnType<typeof definition.emptyWorkflow>>>,
  ExpectNotAny<IsAny<ReturnType<typeof definition.validateWorkflow>>>,
  ExpectNotAny<IsAny<Awaited<ReturnType<typeof executor.runWorkflow>>>>,
  ExpectNotAny<IsAny<Awaited<ReturnType<typeof executor.runStep>>>>,
];

const workflow: definition.Workflow = definition.emptyWorkflow({
  id: 'nodenext_cjs',
  name: 'nodenext CJS',
  event: 'host.checked',
});
export const problems: definition.Problem[] = definition.validateWorkflow(workflow).problems;
export const pending: Promise<executor.RunResult> = executor.runWorkflow(workflow);
// @ts-expect-error a run's status is one of two literals, not any string
export const status: Awaited<ReturnType<typeof executor.runWorkflow>>['status'] = 'running';
