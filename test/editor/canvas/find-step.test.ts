// "Find step" searches the definition, not what the canvas has drawn: every step, inside
// branches too, filtered by name, best matches first and the list capped.
import { describe, expect, it } from 'vitest';
import { builtInCatalog, type Step } from '../../../src/definition';
import { defaultLabels } from '../../../src/editor';
import { FIND_STEP_MAX_OPTIONS, findStepEntries, findSteps } from '../../../src/editor/canvas/FindStep';
import { sampleWorkflow } from '../store/fixtures';

function manySteps(count: number): Step[] {
  return Array.from({ length: count }, (_, i) => ({
    id: `step_${i + 1}`,
    type: 'action' as const,
    action: 'wait',
    name: `Step ${i + 1}`,
    config: { seconds: 5 },
  }));
}

const names = (result: ReturnType<typeof findSteps>) => result.options.map((entry) => entry.name);

describe('findStepEntries', () => {
  it('lists every step in workflow order, branches included, with where it sits', () => {
    const entries = findStepEntries(sampleWorkflow().steps, builtInCatalog, defaultLabels);
    expect(entries.map((entry) => entry.name)).toEqual(['Call CRM', 'Route', 'Approve early', 'Mark', 'Approve']);
    expect(entries.find((entry) => entry.stepId === 'approve_early')?.branchName).toBe('Approved');
    expect(entries.find((entry) => entry.stepId === 'call_crm')).toMatchObject({
      branchName: null,
      actionLabel: 'Make HTTPS Request',
    });
  });

  it('names an unnamed step by its id, as the rest of the editor does', () => {
    const steps: Step[] = [{ id: 'nameless', type: 'action', action: 'wait', name: '  ', config: { seconds: 1 } }];
    expect(findStepEntries(steps, builtInCatalog, defaultLabels)[0]?.name).toBe('nameless');
  });
});

describe('findSteps', () => {
  const entries = findStepEntries(manySteps(1000), builtInCatalog, defaultLabels);

  it('finds one step among a thousand by its whole name', () => {
    const result = findSteps(entries, 'Step 873');
    expect(names(result)).toEqual(['Step 873']);
    expect(result.more).toBe(0);
  });

  it('puts the exact name first, then names starting with the search, then the rest', () => {
    expect(names(findSteps(entries, 'step 87')).slice(0, 3)).toEqual(['Step 87', 'Step 870', 'Step 871']);
    expect(names(findSteps(entries, '87'))).toContain('Step 187');
  });

  it('matches every word typed, in any order and any case', () => {
    expect(names(findSteps(entries, '873 STEP'))).toEqual(['Step 873']);
    expect(names(findSteps(entries, 'step 873 extra'))).toEqual([]);
  });

  it(`lists at most ${FIND_STEP_MAX_OPTIONS} and counts the rest`, () => {
    const all = findSteps(entries, '');
    expect(all.options).toHaveLength(FIND_STEP_MAX_OPTIONS);
    expect(all.more).toBe(1000 - FIND_STEP_MAX_OPTIONS);
    const some = findSteps(entries, 'step 1');
    // Every word must appear somewhere in the name: "step" and "1" both do in any name with a 1.
    const withOne = entries.filter((entry) => entry.name.includes('1')).length;
    expect(some.options.length + some.more).toBe(withOne);
    expect(some.options).toHaveLength(FIND_STEP_MAX_OPTIONS);
  });

  it('finds nothing when no name matches', () => {
    expect(findSteps(entries, 'Notify CRM')).toEqual({ options: [], more: 0 });
  });
});
