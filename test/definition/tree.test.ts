import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  allStepIds,
  findBranch,
  findStep,
  scopeIndex,
  upstreamSteps,
  upstreamStepsAt,
  walkSteps,
} from '../../src/definition';
import { nestedWorkflow, workflowTreeArbitrary } from '../fixtures/workflow-builders';

const nested = nestedWorkflow();

describe('walkSteps and find', () => {
  it('visits steps depth first in workflow order with their pointers', () => {
    const seen: string[] = [];
    walkSteps(nested.steps, ({ step, pointer }) => {
      seen.push(`${step.id}@${pointer}`);
    });
    expect(seen).toEqual([
      'a@/steps/0',
      'route@/steps/1',
      'b@/steps/1/branches/0/steps/0',
      'inner@/steps/1/branches/0/steps/1',
      'c@/steps/1/branches/0/steps/1/branches/0/steps/0',
      'd@/steps/1/branches/1/steps/0',
      'e@/steps/2',
    ]);
    expect(allStepIds(nested)).toEqual(['a', 'route', 'b', 'inner', 'c', 'd', 'e']);
  });

  it('finds steps and branches with their places', () => {
    expect(findStep(nested, 'c')).toMatchObject({ branchId: 'x', index: 0 });
    expect(findBranch(nested, 'otherwise')).toMatchObject({ index: 1, pointer: '/steps/1/branches/1' });
    expect(findStep(nested, 'missing')).toBeUndefined();
  });
});

describe('upstream steps', () => {
  it('are earlier steps, enclosing branch steps and earlier steps of enclosing lists', () => {
    expect(upstreamSteps(nested, 'c').map((s) => s.id)).toEqual(['a', 'route', 'b', 'inner']);
    expect(upstreamSteps(nested, 'd').map((s) => s.id)).toEqual(['a', 'route']);
    expect(upstreamSteps(nested, 'e').map((s) => s.id)).toEqual(['a', 'route']);
  });

  it('scopeIndex answers exactly as upstreamStepsAt, at every place of random trees', () => {
    fc.assert(
      fc.property(workflowTreeArbitrary, (workflow) => {
        const index = scopeIndex(workflow);
        const ids = allStepIds(workflow);
        const places: { branchId: string | null; index: number }[] = [];
        walkSteps(workflow.steps, ({ branchId, index: at }) => {
          places.push({ branchId, index: at });
        });
        places.push({ branchId: null, index: workflow.steps.length });
        for (const place of places) {
          const expected = new Set(upstreamStepsAt(workflow, place.branchId, place.index).map((s) => s.id));
          for (const id of ids) expect(index.isUpstream(id, place)).toBe(expected.has(id));
        }
      }),
      { numRuns: 60 },
    );
  });
});
