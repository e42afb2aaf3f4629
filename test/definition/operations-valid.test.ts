// Operations over the shared fixtures and the fixtures' arbitrary of VALID workflows: the
// operations must never break what validation checks about structure (unique ids,
// the default branch last, config schemas). References may stop resolving after a
// move or removal; that is reported, not prevented, so those problems are allowed.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Problem, ReferenceOption, Workflow } from '../../src/definition';
import { builtInCatalog } from '../../src/definition/actions';
import { insertionPoints } from '../../src/definition/insertion-points';
import {
  addBranch,
  createStep,
  duplicateStep,
  insertStep,
  moveBranch,
  moveStep,
  removeBranch,
  removeStep,
  updateBranch,
} from '../../src/definition/operations';
import { availableReferences } from '../../src/definition/references/available';
import { allStepIds, walkSteps } from '../../src/definition/tree';
import { validateWorkflow } from '../../src/definition/validate';
import { ARBITRARY_SECRETS, workflowArbitrary } from '../fixtures/arbitraries';
import { deepFreeze } from '../fixtures/workflow-builders';

const validDir = path.join(__dirname, '../fixtures/valid');
const fixtures: [string, Workflow][] = readdirSync(validDir)
  .filter((file) => file.endsWith('.json'))
  .map((file) => [file, JSON.parse(readFileSync(path.join(validDir, file), 'utf8')) as { kind: string }] as const)
  .filter(([, document]) => document.kind === 'workflow')
  .map(([file, document]) => [file, document as Workflow]);

const options = { secrets: ARBITRARY_SECRETS };

function flatten(list: readonly ReferenceOption[]): ReferenceOption[] {
  return list.flatMap((option) => [option, ...flatten(option.children ?? [])]);
}

function structuralProblems(workflow: Workflow, secrets: readonly string[] | undefined = options.secrets): Problem[] {
  const result = validateWorkflow(workflow, { secrets });
  return result.problems.filter((problem) => !problem.code.startsWith('reference_'));
}

function problemsOf(workflow: Workflow): Problem[] {
  return validateWorkflow(workflow, options).problems;
}

describe('fixtures', () => {
  it('there are workflow fixtures to test', () => {
    expect(fixtures.length).toBeGreaterThan(1);
  });

  it.each(fixtures)('%s: a wait and a Conditional inserted at every point keep it valid', (_file, workflow) => {
    deepFreeze(workflow);
    const secrets = undefined;
    expect(structuralProblems(workflow, secrets)).toEqual([]);
    for (const { point } of insertionPoints(workflow)) {
      for (const actionId of ['wait', 'branch']) {
        const next = insertStep(workflow, point, createStep(workflow, actionId, builtInCatalog));
        expect(validateWorkflow(next).problems).toEqual([]);
      }
    }
  });

  it.each(fixtures)(
    '%s: every offered reference, nested fields included, validates where it is offered',
    (_file, workflow) => {
      const secrets = ['api_key'];
      for (const { point } of insertionPoints(workflow)) {
        const step = createStep(workflow, 'send_email', builtInCatalog);
        if (step.type !== 'action') throw new Error('send_email makes an action step');
        const inserted = insertStep(workflow, point, step);
        const offered = availableReferences(inserted, step.id, { secrets }).flatMap((group) => flatten(group.options));
        expect(offered.length).toBeGreaterThan(0);
        for (const option of offered) {
          const config = { to: 'a@example.com', subject: 'Hi', text: `x ${option.insertText}` };
          const next = insertStep(workflow, point, { ...step, config });
          const problems = validateWorkflow(next, { secrets }).problems.filter((problem) => problem.stepId === step.id);
          expect(problems, option.insertText).toEqual([]);
        }
      }
    },
  );
});

describe('on valid workflows', () => {
  it('remove, move and duplicate never break ids or branch order', () => {
    fc.assert(
      fc.property(workflowArbitrary, fc.nat(), fc.nat(), (workflow, pickStep, pickPoint) => {
        deepFreeze(workflow);
        const stepIds = allStepIds(workflow);
        fc.pre(stepIds.length > 0);
        const stepId = stepIds[pickStep % stepIds.length]!;
        expect(structuralProblems(removeStep(workflow, stepId))).toEqual([]);
        expect(structuralProblems(duplicateStep(workflow, stepId).workflow)).toEqual([]);
        const without = removeStep(workflow, stepId);
        const points = insertionPoints(without);
        const point = points[pickPoint % points.length]!.point;
        expect(structuralProblems(moveStep(workflow, stepId, point))).toEqual([]);
      }),
      { numRuns: 60 },
    );
  });

  it('moving a step to where it is, or inserting a wait, keeps it fully valid', () => {
    fc.assert(
      fc.property(workflowArbitrary, fc.nat(), (workflow, pick) => {
        expect(problemsOf(workflow)).toEqual([]);
        const points = insertionPoints(workflow);
        const point = points[pick % points.length]!.point;
        expect(problemsOf(insertStep(workflow, point, createStep(workflow, 'wait', builtInCatalog)))).toEqual([]);
      }),
      { numRuns: 60 },
    );
  });

  it('branch operations keep the default branch last and the workflow valid', () => {
    fc.assert(
      fc.property(workflowArbitrary, fc.nat(), (workflow, pick) => {
        walkSteps(workflow.steps, ({ step }) => {
          if (step.type !== 'branch') return;
          expect(problemsOf(addBranch(workflow, step.id))).toEqual([]);
          const count = step.branches.length;
          const hasDefault = step.branches[count - 1]!.when === undefined;
          const movable = hasDefault ? count - 1 : count;
          if (movable > 1) {
            const from = step.branches[pick % movable]!;
            // Branches are siblings: reordering them changes no step's upstream steps.
            expect(problemsOf(moveBranch(workflow, from.id, (pick + 1) % movable))).toEqual([]);
          }
          if (count > 1) expect(structuralProblems(removeBranch(workflow, step.branches[0]!.id))).toEqual([]);
          if (!hasDefault) {
            expect(problemsOf(updateBranch(workflow, step.branches[count - 1]!.id, { when: null }))).toEqual([]);
          }
        });
      }),
      { numRuns: 40 },
    );
  });
});
