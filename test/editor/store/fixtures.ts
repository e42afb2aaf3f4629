// Workflows and helpers shared by the store tests.
import { builtInCatalog, findStep, type ActionCatalog, type Step, type Workflow } from '../../../src/definition';
import { createEditorStore, type EditorStore, type EditorStoreOptions } from '../../../src/editor/store';
import { actionStep, branch, branchStep, workflowOf } from '../../fixtures/workflow-builders';

/**
 * trigger → "Call CRM" (HTTPS) → "Route" (branch: "Approved" [approve], "Otherwise" [mark])
 * → "Approve" (approve_inquiry).
 */
export function sampleWorkflow(): Workflow {
  const inquiry = { inquiryId: '{{ trigger.inquiryId }}' };
  return workflowOf(
    [
      actionStep('call_crm', { name: 'Call CRM', config: { url: 'https://crm.example.com/inquiries', method: 'GET' } }),
      branchStep(
        'route',
        [
          branch(
            'approved',
            [actionStep('approve_early', { name: 'Approve early', action: 'approve_inquiry', config: inquiry })],
            { name: 'Approved' },
          ),
          branch('otherwise', [actionStep('mark', { name: 'Mark', action: 'mark_for_review', config: inquiry })], {
            name: 'Otherwise',
            when: null,
          }),
        ],
        'Route',
      ),
      actionStep('approve', { name: 'Approve', action: 'approve_inquiry', config: inquiry }),
    ],
    {
      id: 'sample',
      name: 'Sample',
      trigger: {
        event: 'inquiry.completed',
        payloadSchema: { type: 'object', properties: { inquiryId: { type: 'string' } } },
      },
    },
  );
}

/** A fake clock the store's burst grouping reads. */
export function fakeClock(start = 1_000_000) {
  let time = start;
  return {
    now: () => time,
    advance(ms: number) {
      time += ms;
    },
  };
}

/** A store over {@link sampleWorkflow} recording every onChange call. */
export function makeStore(options: Partial<EditorStoreOptions> = {}) {
  const changes: Workflow[] = [];
  const clock = fakeClock();
  const store: EditorStore = createEditorStore({
    definition: sampleWorkflow(),
    catalog: builtInCatalog,
    now: clock.now,
    onChange: (definition) => changes.push(definition),
    ...options,
  });
  return { store, changes, clock, state: () => store.getState() };
}

/** Ids of a list of steps. */
export function ids(steps: readonly Step[]): string[] {
  return steps.map((step) => step.id);
}

/** The ids of the list holding `branchId` (null: root). */
export function listIds(definition: Workflow, branchId: string | null): string[] {
  if (branchId === null) return ids(definition.steps);
  for (const step of definition.steps) {
    if (step.type === 'branch') {
      const branch = step.branches.find((candidate) => candidate.id === branchId);
      if (branch) return ids(branch.steps);
    }
  }
  // Nested deeper than the fixture goes: walk properly.
  throw new Error(`no branch ${branchId} at depth 1`);
}

/** The step `stepId` or a failure. */
export function stepOf(definition: Workflow, stepId: string): Step {
  const location = findStep(definition, stepId);
  if (!location) throw new Error(`no step ${stepId}`);
  return location.step;
}

/** A catalog like the built-in one without some actions (e.g. a plan without the HTTPS step). */
export function catalogWithout(...actionIds: string[]): ActionCatalog {
  const actions = builtInCatalog.actions.filter((action) => !actionIds.includes(action.id));
  return {
    actions,
    get: (actionId) => actions.find((action) => action.id === actionId),
    categories: builtInCatalog.categories
      .map((category) => ({
        name: category.name,
        actions: category.actions.filter((action) => actions.includes(action)),
      }))
      .filter((category) => category.actions.length > 0),
  };
}
