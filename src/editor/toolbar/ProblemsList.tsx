// ---------------------------------------------------------------------------
// The problems list: every validation problem of the definition, grouped by the step
// it belongs to (workflow-level and trigger problems first), each one a button that
// takes the person to the field (store.focusProblem selects the step, opens the panel
// and asks it to focus the field).
// ---------------------------------------------------------------------------

import { useId, useMemo, type ReactElement } from 'react';
import { walkSteps, type Problem, type Workflow } from '../../definition';
import { problemText, type EditorLabels } from '../labels';
import { selectDefinition, selectProblems, stepDisplayName } from '../store';
import { useLabels, useWorkflowEditor, useWorkflowEditorStore } from '../WorkflowEditorProvider';

/** Props of {@link ProblemsList}. */
export interface ProblemsListProps {
  /** Called after a problem was chosen (and the store moved to it), e.g. to close a popover. */
  onChooseProblem?: (problem: Problem) => void;
  /** When given, the list shows a "Close" button that calls it. */
  onClose?: () => void;
  /** Extra class on the region. */
  className?: string;
}

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
export function groupProblems(
  definition: Workflow,
  problems: readonly Problem[],
  labels: EditorLabels,
): ProblemGroup[] {
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
  for (const [stepId, stepProblems] of byStep)
    groups.push({ key: `step:${stepId}`, title: stepId, problems: stepProblems });
  return groups;
}

/** Every validation problem, grouped by step; choosing one focuses its field. */
export function ProblemsList(props: ProblemsListProps): ReactElement {
  const { onChooseProblem, onClose, className } = props;
  const labels = useLabels();
  const store = useWorkflowEditorStore();
  const definition = useWorkflowEditor(selectDefinition);
  const problems = useWorkflowEditor(selectProblems);
  const groups = useMemo(() => groupProblems(definition, problems, labels), [definition, problems, labels]);

  const choose = (problem: Problem): void => {
    store.getState().focusProblem(problem);
    onChooseProblem?.(problem);
  };

  return (
    // Named exactly "Problems" (the name the UI contract gives); the heading adds the count for sighted readers.
    <section className={['wfe-problems', className].filter(Boolean).join(' ')} aria-label={labels.problems}>
      <div className="wfe-problems-header">
        <h2 className="wfe-problems-title">
          {labels.problems}
          {problems.length > 0 ? <span className="wfe-problems-count"> ({problems.length})</span> : null}
        </h2>
        {onClose ? (
          <button type="button" className="wfe-button wfe-button--quiet" onClick={onClose}>
            {labels.close}
          </button>
        ) : null}
      </div>
      {groups.length === 0 ? (
        <p className="wfe-problems-empty">{labels.noProblems}</p>
      ) : (
        groups.map((group) => <ProblemGroupList key={group.key} group={group} labels={labels} onChoose={choose} />)
      )}
    </section>
  );
}

function ProblemGroupList(props: {
  group: ProblemGroup;
  labels: EditorLabels;
  onChoose: (problem: Problem) => void;
}): ReactElement {
  const { group, labels, onChoose } = props;
  const headingId = useId();
  return (
    <div className="wfe-problems-group">
      <h3 className="wfe-problems-group-title" id={headingId}>
        {group.title}
      </h3>
      <ul className="wfe-problems-items" aria-labelledby={headingId}>
        {group.problems.map((problem, index) => (
          <li key={`${problem.path}:${problem.code}:${index}`}>
            {/* The group names the step and the message the field; the JSON Pointer stays as a detail on hover. */}
            <button
              type="button"
              className="wfe-problem"
              title={problem.path || undefined}
              onClick={() => onChoose(problem)}
            >
              <span className="wfe-problem-message">{problemText(labels, problem)}</span>
            </button>
          </li>
        ))}
      </ul>
    </div>
  );
}
