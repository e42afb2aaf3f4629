// ---------------------------------------------------------------------------
// How the problems list groups problems, apart from the list itself: hosts that build
// their own list use it, and the list's code loads lazily in the editor.
// ---------------------------------------------------------------------------

import { walkSteps, type Problem, type Workflow } from '../../definition';
import type { EditorLabels } from '../labels';
import { stepDisplayName } from '../store';

/** One heading of the problems list and its problems. */
export interface ProblemGroup {
  /** Stable React key: `workflow`, `trigger` or `step:<id>`. */
  key: string;
  /** The step's name, or "Workflow" / "Trigger". */
  title: string;
  problems: Problem[];
}

/**
 * Groups problems: "Trigger" and the workflow-level group first, then one group per
 * step in workflow order, titled with the step's name.
 */
export function groupProblems(definition: Workflow, problems: readonly Problem[], labels: EditorLabels): ProblemGroup[] {
  const byStep = new Map<string, Problem[]>();
  const trigger: Problem[] = [];
  const workflow: Problem[] = [];
  for (const problem of problems) {
    if (problem.stepId !== undefined) {
      byStep.set(problem.stepId, [...(byStep.get(problem.stepId) ?? []), problem]);
    } else if (problem.path === '/trigger' || problem.path.startsWith('/trigger/')) {
      trigger.push(problem);
    } else {
      workflow.push(problem);
    }
  }
  const groups: ProblemGroup[] = [];
  if (workflow.length > 0) groups.push({ key: 'workflow', title: labels.workflowProblems, problems: workflow });
  if (trigger.length > 0) groups.push({ key: 'trigger', title: labels.trigger, problems: trigger });
  walkSteps(definition.steps, ({ step }) => {
    const stepProblems = byStep.get(step.id);
    if (stepProblems) {
      groups.push({ key: `step:${step.id}`, title: stepDisplayName(step), problems: stepProblems });
      byStep.delete(step.id);
    }
  });
  // A problem naming a step the tree no longer has (should not happen): still listed.
  for (const [stepId, stepProblems] of byStep) groups.push({ key: `step:${stepId}`, title: stepId, problems: stepProblems });
  return groups;
}
