import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  allStepIds,
  compareWorkflows,
  insertionPoints,
  layout,
  stepNodeId,
  workflowWithRemovedSteps,
} from '../../../src/definition';
import { layoutWithGhosts } from '../../../src/editor/compare/compare-state';
import { applyEdit, editsArbitrary } from '../../definition/compare-edits';
import { workflowTreeArbitrary } from '../../fixtures/workflow-builders';

const key = (point: { branchId: string | null; index: number }) => `${point.branchId ?? ''}#${point.index}`;

describe('the canvas layout with removed steps drawn as ghosts', () => {
  it("offers exactly the draft's insertion points, and draws every step it puts back", () => {
    fc.assert(
      fc.property(workflowTreeArbitrary, editsArbitrary, (published, edits) => {
        const draft = edits.reduce(applyEdit, published);
        const changes = compareWorkflows(published, draft);
        const drawn = layoutWithGhosts(published, draft, changes);
        const offered = new Set(
          drawn.nodes.flatMap((node) => (node.kind === 'insertionPoint' ? [key(node.point)] : [])),
        );
        expect([...offered].sort()).toEqual(
          insertionPoints(draft)
            .map((info) => key(info.point))
            .sort(),
        );
        // Every step of the draft, and every removed step put back (those of a removed
        // branch of a kept Conditional step are listed, not drawn).
        const { workflow, removedStepIds } = workflowWithRemovedSteps(published, draft, changes);
        for (const id of allStepIds(workflow)) expect(drawn.nodeById.has(stepNodeId(id))).toBe(true);
        // Every stop of the keyboard order is drawn.
        for (const id of drawn.focusOrder) expect(drawn.nodeById.has(id)).toBe(true);
        if (removedStepIds.size === 0) expect(drawn).toBe(layout(draft));
      }),
      { numRuns: 100 },
    );
  });
});
