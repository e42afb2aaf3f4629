import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  END_NODE_ID,
  TRIGGER_NODE_ID,
  branchHeaderNodeId,
  insertionPointNodeId,
  joinNodeId,
  layout,
  parseLayoutId,
  stepNodeId,
} from '../../src/definition';
import { workflowTreeArbitrary } from '../fixtures/workflow-builders';

describe('parseLayoutId', () => {
  it('reads back what every node and connector of a layout is named after (random workflows)', () => {
    fc.assert(
      fc.property(workflowTreeArbitrary, (workflow) => {
        const drawn = layout(workflow);
        for (const node of drawn.nodes) {
          const parsed = parseLayoutId(node.id);
          expect(parsed?.kind).toBe(node.kind);
          if (node.kind === 'step') expect(parsed).toEqual({ kind: 'step', stepId: node.step.id });
          if (node.kind === 'branchHeader') expect(parsed).toEqual({ kind: 'branchHeader', branchId: node.branch.id });
          if (node.kind === 'join') expect(parsed).toEqual({ kind: 'join', ownerStepId: node.ownerStepId });
          if (node.kind === 'insertionPoint') {
            expect(parsed).toEqual(
              node.afterStepId !== undefined
                ? { kind: 'insertionPoint', afterStepId: node.afterStepId }
                : { kind: 'insertionPoint', startOf: node.point.branchId },
            );
            if (parsed?.kind === 'insertionPoint') expect(insertionPointNodeId(parsed)).toBe(node.id);
          }
        }
        for (const connector of drawn.edges) {
          expect(parseLayoutId(connector.id)).toEqual({
            kind: 'connector',
            source: connector.source,
            target: connector.target,
          });
        }
      }),
      { numRuns: 100 },
    );
  });

  it('reads back ids made of any text, prefixes, colons and arrows included', () => {
    const anyId = fc.oneof(
      fc.string({ minLength: 1 }),
      fc.constantFrom('step:x', 'insert:after:y', 'edge:a->b', '->', ':'),
    );
    fc.assert(
      fc.property(anyId, anyId, (a, b) => {
        expect(parseLayoutId(stepNodeId(a))).toEqual({ kind: 'step', stepId: a });
        expect(parseLayoutId(branchHeaderNodeId(a))).toEqual({ kind: 'branchHeader', branchId: a });
        expect(parseLayoutId(joinNodeId(a))).toEqual({ kind: 'join', ownerStepId: a });
        expect(parseLayoutId(insertionPointNodeId({ afterStepId: a }))).toEqual({
          kind: 'insertionPoint',
          afterStepId: a,
        });
        expect(parseLayoutId(insertionPointNodeId({ startOf: a }))).toEqual({ kind: 'insertionPoint', startOf: a });
        const connector = parseLayoutId(`edge:${stepNodeId(a)}->${joinNodeId(b)}`);
        expect(connector?.kind).toBe('connector');
        // With an arrow inside an id the split is the first that gives two node ids.
        if (!a.includes('->'))
          expect(connector).toEqual({ kind: 'connector', source: stepNodeId(a), target: joinNodeId(b) });
      }),
    );
  });

  it('names the fixed nodes and refuses what no layout gives', () => {
    expect(parseLayoutId(TRIGGER_NODE_ID)).toEqual({ kind: 'trigger' });
    expect(parseLayoutId(END_NODE_ID)).toEqual({ kind: 'end' });
    expect(parseLayoutId('insert:root')).toEqual({ kind: 'insertionPoint', startOf: null });
    for (const id of [
      '',
      'step:',
      'step',
      'insert:',
      'insert:after:',
      'insert:middle:x',
      'edge:',
      'edge:step:a',
      'edge:x->y',
      'Step:a',
      'triggers',
    ]) {
      expect(parseLayoutId(id)).toBeUndefined();
    }
  });
});
