// ---------------------------------------------------------------------------
// The workflows every benchmark compares on: `stepCount` steps in all, one in ten a
// branch step, the rest HTTPS requests, emails and waits, from a fixed seed so every
// renderer, every run and every machine draws the same sequence. Shared by the
// browser pages (bench/peers/) and the Node benchmarks.
//
// Every ten steps form a group: one to three action steps, a branch step whose two
// branches (a condition on the step before it, and "Otherwise") hold two to four of
// the group's action steps between them, then the rest of the group. The workflow
// validates with no problems.
// ---------------------------------------------------------------------------

import type { ActionStep, BranchStep, Step, Workflow } from '../src/definition/types';

/** A small, fast pseudo-random generator (mulberry32): the same seed gives the same numbers. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The seed the benchmarks use unless told otherwise. */
export const DEFAULT_SEED = 17;

function actionStep(number: number, random: () => number): ActionStep {
  const id = `step_${number}`;
  const name = `Step ${number}`;
  const pick = random();
  if (pick < 0.5) {
    return {
      id,
      type: 'action',
      action: 'https_request',
      name,
      config: {
        url: `https://api.example.com/items/${number}?inquiry={{ trigger.inquiryId }}`,
        method: 'POST',
        headers: [{ key: 'X-Request-Source', value: 'workflow' }],
        body: { item: number, inquiry: '{{ trigger.inquiryId }}' },
      },
    };
  }
  if (pick < 0.8) {
    return {
      id,
      type: 'action',
      action: 'send_email',
      name,
      config: { to: 'ops@example.com', subject: `Item ${number}`, text: 'Processed.' },
    };
  }
  return { id, type: 'action', action: 'wait', name, config: { seconds: 5 } };
}

/**
 * A workflow of `stepCount` steps (nested ones included), a tenth of them branch steps,
 * the same for the same `seed`.
 */
export function generateWorkflow(stepCount: number, seed: number = DEFAULT_SEED): Workflow {
  const random = seededRandom(seed);
  const steps: Step[] = [];
  let made = 0;
  const next = (): ActionStep => actionStep(++made, random);
  while (made < stepCount) {
    const groupSize = Math.min(10, stepCount - made);
    if (groupSize < 10) {
      // The tail of a size not divisible by ten: action steps only.
      for (let i = 0; i < groupSize; i++) steps.push(next());
      break;
    }
    const before = 1 + Math.floor(random() * 3);
    for (let i = 0; i < before; i++) steps.push(next());
    const previousId = steps[steps.length - 1]!.id;
    const branchNumber = ++made;
    const inside = 2 + Math.floor(random() * 3);
    const inFirst = 1 + Math.floor(random() * (inside - 1));
    const first: Step[] = [];
    const otherwise: Step[] = [];
    for (let i = 0; i < inside; i++) (i < inFirst ? first : otherwise).push(next());
    const branch: BranchStep = {
      id: `step_${branchNumber}`,
      type: 'branch',
      name: `Route ${branchNumber}`,
      branches: [
        {
          id: `branch_${branchNumber}_a`,
          name: 'Approved',
          when: { all: [{ left: `{{ steps.${previousId}.output.status }}`, op: 'eq', right: 200 }] },
          steps: first,
        },
        { id: `branch_${branchNumber}_b`, name: 'Otherwise', steps: otherwise },
      ],
    };
    steps.push(branch);
    for (let i = before + 1 + inside; i < 10; i++) steps.push(next());
  }
  return {
    schemaVersion: 1,
    kind: 'workflow',
    id: `bench_${stepCount}`,
    name: `Benchmark workflow (${stepCount} steps)`,
    trigger: {
      event: 'inquiry.completed',
      payloadSchema: { type: 'object', properties: { inquiryId: { type: 'string' } } },
    },
    steps,
  };
}

/** Every step of `workflow` in order, nested ones after their branch step. */
export function allSteps(workflow: Workflow): Step[] {
  const out: Step[] = [];
  const walk = (list: Step[]): void => {
    for (const step of list) {
      out.push(step);
      if (step.type === 'branch') for (const branch of step.branches) walk(branch.steps);
    }
  };
  walk(workflow.steps);
  return out;
}

/** A step of sequential-workflow-designer's model (its `sequential-workflow-model` package). */
export interface DesignerStep {
  id: string;
  componentType: 'task' | 'switch';
  type: string;
  name: string;
  properties: Record<string, unknown>;
  branches?: Record<string, DesignerStep[]>;
}

/** The same workflow in sequential-workflow-designer's model: tasks and switches with named branches. */
export function toDesignerDefinition(workflow: Workflow): {
  properties: Record<string, unknown>;
  sequence: DesignerStep[];
} {
  const convert = (step: Step): DesignerStep =>
    step.type === 'branch'
      ? {
          id: step.id,
          componentType: 'switch',
          type: 'branch',
          name: step.name,
          properties: {},
          branches: Object.fromEntries(step.branches.map((branch) => [branch.name, branch.steps.map(convert)])),
        }
      : { id: step.id, componentType: 'task', type: step.action, name: step.name, properties: { ...step.config } };
  return { properties: { event: workflow.trigger.event }, sequence: workflow.steps.map(convert) };
}
