// Random edit sequences for the comparison's property tests: each edit is four numbers
// that pick an operation, a step or branch, and a place, applied with operations.ts.
import fc from 'fast-check';
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
  updateStep,
  updateTrigger,
  updateWorkflow,
  WorkflowOperationError,
} from '../../src/definition/operations';
import { allStepIds, walkSteps } from '../../src/definition/tree';
import type { Workflow } from '../../src/definition/types';

function branchIds(workflow: Workflow): string[] {
  const ids: string[] = [];
  walkSteps(workflow.steps, ({ step }) => {
    if (step.type === 'branch') ids.push(...step.branches.map((b) => b.id));
  });
  return ids;
}

/** One random edit, picked and placed by the numbers; refusals (a move into itself, say) leave the workflow as it is. */
export type Edit = [kind: number, a: number, b: number, c: number];

export function applyEdit(workflow: Workflow, [kind, a, b, c]: Edit): Workflow {
  const stepIds = allStepIds(workflow);
  const pick = <T>(items: readonly T[], n: number): T | undefined =>
    items.length === 0 ? undefined : items[n % items.length];
  const points = insertionPoints(workflow).map((info) => info.point);
  try {
    switch (kind % 10) {
      case 0: {
        const action = pick(['https_request', 'wait', 'branch', 'send_email'], a)!;
        return insertStep(
          workflow,
          pick(points, b)!,
          createStep(workflow, action, builtInCatalog, { name: `New ${c % 7}` }),
        );
      }
      case 1: {
        const id = pick(stepIds, a);
        return id ? removeStep(workflow, id) : workflow;
      }
      case 2: {
        const id = pick(stepIds, a);
        if (!id) return workflow;
        const without = removeStep(workflow, id);
        const target = pick(
          insertionPoints(without).map((info) => info.point),
          b,
        )!;
        return moveStep(workflow, id, target);
      }
      case 3: {
        const id = pick(stepIds, a);
        return id ? updateStep(workflow, id, { name: `Renamed ${b % 5}` }) : workflow;
      }
      case 4: {
        const id = pick(stepIds, a);
        if (!id) return workflow;
        const config = {
          url: `https://example.com/${b % 4}`,
          method: 'POST',
          ...(c % 2 === 0 ? { timeoutSeconds: c % 300 } : {}),
        };
        return updateStep(workflow, id, { config });
      }
      case 5: {
        const id = pick(branchIds(workflow), a);
        return id
          ? updateBranch(workflow, id, {
              name: `Path ${b % 3}`,
              when: { all: [{ left: b % 9, op: 'eq', right: c % 4 }] },
            })
          : workflow;
      }
      case 6: {
        const id = pick(branchIds(workflow), a);
        return id ? (b % 2 === 0 ? removeBranch(workflow, id) : moveBranch(workflow, id, c % 3)) : workflow;
      }
      case 7: {
        const id = pick(stepIds, a);
        return id ? addBranch(workflow, id) : workflow;
      }
      case 8: {
        const id = pick(stepIds, a);
        return id ? duplicateStep(workflow, id).workflow : workflow;
      }
      default:
        return b % 2 === 0
          ? updateTrigger(workflow, { event: `inquiry.e${c % 3}` })
          : updateWorkflow(workflow, { name: `Flow ${c % 3}`, description: a % 2 === 0 ? '' : 'Reviewed' });
    }
  } catch (error) {
    if (error instanceof WorkflowOperationError) return workflow;
    throw error;
  }
}

/** Up to eight random edits. */
export const editsArbitrary = fc.array(fc.tuple(fc.nat(), fc.nat(), fc.nat(), fc.nat()), { maxLength: 8 });
