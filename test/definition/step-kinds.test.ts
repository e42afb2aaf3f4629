import { readFileSync } from 'node:fs';
import { describe, expect, expectTypeOf, it } from 'vitest';
import { serializeWorkflow } from '../../src/definition/serialize';
import { STEP_KINDS, childLists, isContainerStep, stepKindOf, type StepKind } from '../../src/definition/step-kinds';
import { walkSteps, walkUntrustedSteps, type StepLocation } from '../../src/definition/tree';
import type { Step, StepType, Workflow } from '../../src/definition/types';
import { nestedWorkflow } from '../fixtures/workflow-builders';

const nested = nestedWorkflow();

describe('walkSteps with enter and leave', () => {
  it('enters a step before its lists and leaves it after them, with paths and depth', () => {
    const events: string[] = [];
    walkSteps(nested.steps, {
      enter: ({ step, depth, path, branchId }) => {
        events.push(`enter ${step.id} depth ${depth} in ${branchId ?? 'root'} at ${path.join('.')}`);
      },
      leave: ({ step }) => {
        events.push(`leave ${step.id}`);
      },
      enterList: (list, owner, holderPointer) => {
        events.push(`list ${String(list.id)} of ${owner.step.id} at ${holderPointer}`);
      },
    });
    expect(events).toEqual([
      'enter a depth 0 in root at steps.0',
      'leave a',
      'enter route depth 0 in root at steps.1',
      'list high of route at /steps/1/branches/0',
      'enter b depth 1 in high at steps.1.branches.0.steps.0',
      'leave b',
      'enter inner depth 1 in high at steps.1.branches.0.steps.1',
      'list x of inner at /steps/1/branches/0/steps/1/branches/0',
      'enter c depth 2 in x at steps.1.branches.0.steps.1.branches.0.steps.0',
      'leave c',
      'list y of inner at /steps/1/branches/0/steps/1/branches/1',
      'leave inner',
      'list otherwise of route at /steps/1/branches/1',
      'enter d depth 1 in otherwise at steps.1.branches.1.steps.0',
      'leave d',
      'leave route',
      'enter e depth 0 in root at steps.2',
      'leave e',
    ]);
  });

  it("does not descend into a step whose enter returns 'skip', and still leaves it", () => {
    const events: string[] = [];
    walkSteps(nested.steps, {
      enter: ({ step }) => {
        events.push(`enter ${step.id}`);
        return step.id === 'inner' ? 'skip' : undefined;
      },
      leave: ({ step }) => {
        events.push(`leave ${step.id}`);
      },
    });
    expect(events.filter((event) => event.startsWith('enter'))).toEqual([
      'enter a',
      'enter route',
      'enter b',
      'enter inner',
      'enter d',
      'enter e',
    ]);
    expect(events).toContain('leave inner');
  });

  it("skips one list when enterList returns 'skip'", () => {
    const seen: string[] = [];
    walkSteps(nested.steps, {
      enter: ({ step }) => {
        seen.push(step.id);
      },
      enterList: (list) => (list.id === 'high' ? 'skip' : undefined),
    });
    expect(seen).toEqual(['a', 'route', 'd', 'e']);
  });

  it('stops the whole walk when enter returns false, leaving nothing more', () => {
    const events: string[] = [];
    walkSteps(nested.steps, {
      enter: ({ step }) => {
        events.push(`enter ${step.id}`);
        return step.id !== 'c';
      },
      leave: ({ step }) => {
        events.push(`leave ${step.id}`);
      },
    });
    expect(events).toEqual(['enter a', 'leave a', 'enter route', 'enter b', 'leave b', 'enter inner', 'enter c']);
  });

  it('keeps the function form: a pointer under the given base, false stops', () => {
    const seen: string[] = [];
    walkSteps(
      nested.steps,
      ({ step, pointer }) => {
        seen.push(`${step.id}@${pointer}`);
        return step.id !== 'b';
      },
      '',
    );
    expect(seen).toEqual(['a@/0', 'route@/1', 'b@/1/branches/0/steps/0']);
  });

  it('gives ancestors outermost first', () => {
    let inner: StepLocation | undefined;
    walkSteps(nested.steps, (location) => {
      if (location.step.id === 'c') inner = location;
    });
    expect(inner!.ancestors.map(({ step, branch: held }) => `${step.id}/${held.id}`)).toEqual([
      'route/high',
      'inner/x',
    ]);
  });

  it('walks a malformed document without throwing, visiting what is there', () => {
    const seen: string[] = [];
    walkUntrustedSteps(
      [
        7,
        { type: 'branch', id: 'bad', branches: 'none' },
        { type: 'branch', id: 'odd', branches: [null, { id: 3, steps: [{ id: 'deep' }] }] },
        { type: 'loop', id: 'unknown_kind', steps: [{ id: 'hidden' }] },
      ],
      {
        enter: ({ step, pointer, parent }) => {
          const id = typeof step === 'object' && step !== null && 'id' in step ? String(step.id) : String(step);
          seen.push(`${id}@${pointer}${parent ? ` in ${String(parent.id)}` : ''}`);
        },
      },
    );
    expect(seen).toEqual([
      '7@/steps/0',
      'bad@/steps/1',
      'odd@/steps/2',
      'deep@/steps/2/branches/1/steps/0 in 3',
      'unknown_kind@/steps/3',
    ]);
  });
});

describe('STEP_KINDS', () => {
  it('has one kind for every step type of the format, and no other', () => {
    const schema = JSON.parse(readFileSync(new URL('../../schemas/workflow.schema.json', import.meta.url), 'utf8')) as {
      $defs: { step: { properties: { type: { enum: string[] } } } };
    };
    expect(Object.keys(STEP_KINDS).sort()).toEqual([...schema.$defs.step.properties.type.enum].sort());
    for (const [type, kind] of Object.entries(STEP_KINDS)) expect(kind.type).toBe(type);
    // A type added to `Step` without a kind fails to compile here.
    expectTypeOf<keyof typeof STEP_KINDS>().toEqualTypeOf<StepType>();
    expectTypeOf(STEP_KINDS.branch).toExtend<StepKind>();
  });

  it('looks every step of a tree up by its type, and nothing else', () => {
    const steps: Step[] = [];
    walkSteps(nested.steps, ({ step }) => {
      steps.push(step);
    });
    for (const step of steps) expect(stepKindOf(step)).toBe(STEP_KINDS[step.type]);
    for (const value of [null, 1, 'branch', {}, { type: 'loop' }, { type: 'toString' }, { type: '__proto__' }])
      expect(stepKindOf(value)).toBeUndefined();
  });

  it('declares the key orders serialisation writes', () => {
    const shuffled = JSON.parse(
      JSON.stringify({
        steps: [
          { config: {}, name: 'A', action: 'delay', type: 'action', id: 'a' },
          { branches: [{ steps: [], when: { all: [] }, name: 'B', id: 'b' }], name: 'R', type: 'branch', id: 'r' },
        ],
        trigger: { event: 'x' },
        name: 'W',
        id: 'w',
        kind: 'workflow',
        schemaVersion: 1,
      }),
    ) as Workflow;
    const written = JSON.parse(serializeWorkflow(shuffled)) as {
      steps: [Record<string, unknown>, { branches: Record<string, unknown>[] }];
    };
    expect(Object.keys(written.steps[0])).toEqual(STEP_KINDS.action.keyOrder);
    expect(Object.keys(written.steps[1])).toEqual(STEP_KINDS.branch.keyOrder);
    expect(Object.keys(written.steps[1].branches[0]!)).toEqual(STEP_KINDS.branch.holderKeyOrder);
  });

  it('lists a branch step’s branches as its child lists, and none for an action step', () => {
    const route = nested.steps[1]!;
    expect(isContainerStep(route)).toBe(true);
    expect(isContainerStep(nested.steps[0]!)).toBe(false);
    expect(childLists(nested.steps[0]!)).toEqual([]);
    expect(childLists(route).map(({ id, index, segments }) => ({ id, index, path: segments.join('/') }))).toEqual([
      { id: 'high', index: 0, path: 'branches/0/steps' },
      { id: 'otherwise', index: 1, path: 'branches/1/steps' },
    ]);
  });
});
