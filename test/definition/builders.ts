// Small builders for workflows in tests, and a fast-check arbitrary of workflow trees.
import fc from 'fast-check';
import type { ActionStep, Branch, BranchStep, Condition, JsonObject, Step, Workflow } from '../../src/definition/types';

/** An action step; name defaults to the id in words. */
export function actionStep(
  id: string,
  options: { name?: string; action?: string; config?: JsonObject } = {},
): ActionStep {
  return {
    id,
    type: 'action',
    action: options.action ?? 'https_request',
    name: options.name ?? id.replace(/_/g, ' '),
    config: options.config ?? { url: 'https://example.com', method: 'GET' },
  };
}

/** A branch with a condition (`when` given) or the default branch (`when: null`). */
export function branch(
  id: string,
  steps: Step[] = [],
  options: { name?: string; when?: Condition | null } = {},
): Branch {
  const name = options.name ?? id.replace(/_/g, ' ');
  if (options.when === null) return { id, name, steps };
  return { id, name, when: options.when ?? { all: [] }, steps };
}

/** A Conditional step. */
export function branchStep(id: string, branches: Branch[], name?: string): BranchStep {
  return { id, type: 'branch', name: name ?? id.replace(/_/g, ' '), branches };
}

/** A workflow around the given steps. */
export function workflowOf(steps: Step[], overrides: Partial<Workflow> = {}): Workflow {
  return {
    schemaVersion: 1,
    kind: 'workflow',
    id: 'test_workflow',
    name: 'Test workflow',
    trigger: { event: 'inquiry.approved' },
    steps,
    ...overrides,
  };
}

/**
 * A workflow with nesting, used across tests:
 * notify_crm, risk_route [high_risk: score, review | otherwise: (empty)], finish
 */
export function sampleWorkflow(): Workflow {
  return workflowOf(
    [
      actionStep('notify_crm', { name: 'Notify CRM' }),
      branchStep(
        'risk_route',
        [
          branch(
            'high_risk',
            [
              actionStep('score', { name: 'Score' }),
              actionStep('review', { name: 'Review', action: 'mark_for_review', config: { inquiryId: 'x' } }),
            ],
            {
              name: 'High risk',
            },
          ),
          branch('otherwise', [], { name: 'Otherwise', when: null }),
        ],
        'Risk level',
      ),
      actionStep('finish', {
        name: 'Finish',
        action: 'approve_inquiry',
        config: { inquiryId: '{{ trigger.inquiryId }}' },
      }),
    ],
    {
      trigger: {
        event: 'inquiry.approved',
        payloadSchema: { type: 'object', properties: { inquiryId: { type: 'string' } } },
      },
    },
  );
}

/** Freezes a value and everything inside it, so a test fails if an operation mutates it. */
export function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const item of Object.values(value)) deepFreeze(item);
  }
  return value;
}

type Shape = { kind: 'action' } | { kind: 'branch'; branches: Shape[][]; withDefault: boolean };

const shapeArbitrary = fc.letrec<{ list: Shape[]; step: Shape }>((tie) => ({
  list: fc.array(tie('step'), { maxLength: 4 }),
  step: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constant<Shape>({ kind: 'action' }),
    fc.record({
      kind: fc.constant('branch' as const),
      branches: fc.array(tie('list'), { minLength: 1, maxLength: 3 }),
      withDefault: fc.boolean(),
    }),
  ),
})).list;

/** Random workflow trees with unique ids (`s1`, `b2`, ...) and nested branches. */
export const workflowArbitrary: fc.Arbitrary<Workflow> = shapeArbitrary.map((shapes) => {
  let counter = 0;
  const build = (list: Shape[]): Step[] =>
    list.map((shape): Step => {
      counter++;
      if (shape.kind === 'action') return actionStep(`s${counter}`, { name: `Step ${counter}` });
      const id = `c${counter}`;
      const branches = shape.branches.map((steps, index, all) => {
        counter++;
        const isDefault = shape.withDefault && index === all.length - 1;
        return branch(`b${counter}`, build(steps), { name: `Branch ${counter}`, when: isDefault ? null : { all: [] } });
      });
      return branchStep(id, branches, `Conditional ${counter}`);
    });
  return workflowOf(build(shapes));
});
