import { describe, expect, it } from 'vitest';
import { STEP_KINDS } from '../../src/definition/step-kinds';
import { EXECUTOR_STEP_KINDS, executorKindOf } from '../../src/executor/step-kinds';
import { actionStep, branch, branchStep } from '../fixtures/workflow-builders';

describe('EXECUTOR_STEP_KINDS', () => {
  it('runs every step kind the definition has, and no other', () => {
    expect(Object.keys(EXECUTOR_STEP_KINDS).sort()).toEqual(Object.keys(STEP_KINDS).sort());
  });

  it('goes on, in a resumed run, inside the branch a branch step took, and nowhere for an action step', () => {
    const route = branchStep('route', [branch('high', [actionStep('b')]), branch('otherwise', [actionStep('c')])]);
    const kind = executorKindOf(route);
    expect(kind.resumedList(route, { branchId: 'otherwise' })?.map((step) => step.id)).toEqual(['c']);
    expect(kind.resumedList(route, { branchId: null })).toBeUndefined();
    expect(kind.finishedFields(route, { branchId: 'high' })).toEqual({ branchId: 'high' });
    expect(kind.startedAs(route)).toBe('branch');
    const step = actionStep('a', { action: 'delay' });
    expect(executorKindOf(step).resumedList(step, { branchId: 'high' })).toBeUndefined();
    expect(executorKindOf(step).startedAs(step)).toBe('delay');
  });

  it('lets only an action step asking for it continue after a failure', () => {
    const keepsGoing = actionStep('a', { config: { continueOnError: true } });
    expect(executorKindOf(keepsGoing).continuesAfterFailure(keepsGoing)).toBe(true);
    expect(executorKindOf(actionStep('b')).continuesAfterFailure(actionStep('b'))).toBe(false);
    const route = branchStep('route', [branch('otherwise')]);
    expect(executorKindOf(route).continuesAfterFailure(route)).toBe(false);
  });
});
