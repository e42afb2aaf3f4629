// Type-level checks that the package's declarations give hosts real types, not `any`:
// `any` would let every use below type-check whatever the package returns. Only `tsc`
// reads this file; nothing imports it at run time.
import {
  selectDefinition,
  selectProblems,
  type EditorStore,
  type Workflow,
  type WorkflowEditorProps,
} from 'workflow-editor';
import { validateWorkflow, type Problem, type Workflow as DefinitionWorkflow } from 'workflow-editor/definition';
import { runWorkflow, type RunResult, type StepResult } from 'workflow-editor/executor';

type IsAny<T> = 0 extends 1 & T ? true : false;
type NotAny<T> = IsAny<T> extends true ? false : true;
type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
type Expect<T extends true> = T;

export type Checks = [
  Expect<NotAny<Workflow>>,
  Expect<NotAny<ReturnType<typeof selectDefinition>>>,
  Expect<Equal<ReturnType<typeof selectDefinition>, Workflow>>,
  Expect<NotAny<ReturnType<typeof selectProblems>>>,
  Expect<NotAny<ReturnType<EditorStore['getState']>>>,
  // The root entry re-exports the definition's types: one `Workflow`, not two.
  Expect<Equal<Workflow, DefinitionWorkflow>>,
  Expect<NotAny<ReturnType<typeof validateWorkflow>>>,
  Expect<Equal<ReturnType<typeof validateWorkflow>['problems'][number], Problem>>,
  Expect<NotAny<Awaited<ReturnType<typeof runWorkflow>>>>,
  Expect<Equal<Awaited<ReturnType<typeof runWorkflow>>, RunResult>>,
  Expect<Equal<RunResult['status'], 'succeeded' | 'failed'>>,
  Expect<NotAny<StepResult>>,
  Expect<NotAny<NonNullable<WorkflowEditorProps['onChange']>>>,
  Expect<Equal<Parameters<NonNullable<WorkflowEditorProps['onChange']>>[0], Workflow>>,
];

// The canary: proves `NotAny` refuses `any` (if it did not, this directive would be unused
// and tsc would fail).
// @ts-expect-error `any` must not pass NotAny
export type Canary = Expect<NotAny<any>>;

/** Real use of the types, as a host writes it. */
export async function runAndSummarise(definition: Workflow): Promise<string> {
  const checked = validateWorkflow(definition);
  if (!checked.ok) return checked.problems.map((problem: Problem) => `${problem.path}: ${problem.message}`).join('\n');
  const result: RunResult = await runWorkflow(checked.workflow, { trigger: { inquiryId: 'inq_1' } });
  const attempts: number = Object.values(result.steps).reduce((sum, step) => sum + step.attempts, 0);
  // @ts-expect-error a run's status is a union of two literals, not any string
  const impossible: RunResult['status'] = 'running';
  return `${result.status} after ${attempts} attempt(s)${impossible}`;
}
