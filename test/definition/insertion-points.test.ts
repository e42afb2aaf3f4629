import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { builtInCatalog } from '../../src/definition/actions';
import { insertionPointId, insertionPoints } from '../../src/definition/insertion-points';
import { createStep, insertStep } from '../../src/definition/operations';
import { walkSteps } from '../../src/definition/tree';
import { branch, branchStep, sampleWorkflow, workflowTreeArbitrary, workflowOf } from '../fixtures/workflow-builders';

describe('insertionPoints', () => {
  it('an empty workflow has one point, after the trigger', () => {
    expect(insertionPoints(workflowOf([]))).toEqual([
      { id: 'root:0', point: { branchId: null, index: 0 }, description: 'after the trigger' },
    ]);
  });

  it('lists every connector in workflow order with where it is', () => {
    const points = insertionPoints(sampleWorkflow());
    expect(points.map((p) => [p.id, p.description, p.afterStepId, p.beforeStepId])).toEqual([
      ['root:0', 'after the trigger', undefined, 'notify_crm'],
      ['root:1', 'after Notify CRM', 'notify_crm', 'risk_route'],
      ['b:high_risk:0', 'at the start of High risk', undefined, 'score'],
      ['b:high_risk:1', 'after Score', 'score', 'review'],
      ['b:high_risk:2', 'after Review', 'review', undefined],
      ['b:otherwise:0', 'at the start of Otherwise', undefined, undefined],
      ['root:2', 'after Risk level', 'risk_route', 'finish'],
      ['root:3', 'after Finish', 'finish', undefined],
    ]);
    expect(points[2]!.point).toEqual({ branchId: 'high_risk', index: 0 });
  });

  it('leaves out afterStepId and beforeStepId where there is no such step', () => {
    const [only] = insertionPoints(workflowOf([branchStep('route', [branch('empty')])])).filter(
      (p) => p.point.branchId === 'empty',
    );
    expect(only).toEqual({
      id: 'b:empty:0',
      point: { branchId: 'empty', index: 0 },
      description: 'at the start of empty',
    });
  });

  it('insertionPointId names root and branch points', () => {
    expect(insertionPointId({ branchId: null, index: 4 })).toBe('root:4');
    expect(insertionPointId({ branchId: 'high_risk', index: 0 })).toBe('b:high_risk:0');
  });

  it('has one point per list plus one per step, all with distinct ids, each accepted by insertStep', () => {
    fc.assert(
      fc.property(workflowTreeArbitrary, (workflow) => {
        let lists = 1;
        let steps = 0;
        walkSteps(workflow.steps, ({ step }) => {
          steps++;
          if (step.type === 'branch') lists += step.branches.length;
        });
        const points = insertionPoints(workflow);
        expect(points).toHaveLength(lists + steps);
        expect(new Set(points.map((p) => p.id)).size).toBe(points.length);
        const step = createStep(workflow, 'wait', builtInCatalog);
        for (const { point, id } of points) {
          expect(id).toBe(insertionPointId(point));
          expect(() => insertStep(workflow, point, step)).not.toThrow();
        }
      }),
    );
  });
});
