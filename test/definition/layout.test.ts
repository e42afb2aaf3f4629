import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_LAYOUT_METRICS,
  END_NODE_ID,
  TRIGGER_NODE_ID,
  branchHeaderNodeId,
  findLayoutNode,
  insertionPointNodeId,
  layout,
  layoutItemsIn,
  rectsOverlap,
  stepNodeId,
  type InsertionPointLayoutNode,
  type LayoutNode,
} from '../../src/definition/layout';
import type { Branch, Step, Workflow } from '../../src/definition/types';

let counter = 0;
function action(name = `Step ${++counter}`): Step {
  return { id: `s${++counter}`, type: 'action', action: 'https_request', name, config: {} };
}
function branchStep(branches: Step[][], name = 'Decide'): Step {
  const id = `b${++counter}`;
  return {
    id,
    type: 'branch',
    name,
    branches: branches.map((steps, i): Branch => ({ id: `${id}_br${i}`, name: `Path ${i + 1}`, steps })),
  };
}
function workflow(steps: Step[]): Workflow {
  return { schemaVersion: 1, kind: 'workflow', id: 'wf', name: 'Test', trigger: { event: 'x' }, steps };
}

/** Random step trees up to a few levels deep. */
const stepTree: fc.Arbitrary<Step[]> = fc.letrec<{ list: Step[]; step: Step }>((tie) => ({
  list: fc.array(tie('step'), { maxLength: 4 }),
  step: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constant(null).map(() => action()),
    fc.array(tie('list'), { minLength: 1, maxLength: 3 }).map((branches) => branchStep(branches)),
  ),
})).list;

function insertionPointsOf(nodes: readonly LayoutNode[]): InsertionPointLayoutNode[] {
  return nodes.filter((n): n is InsertionPointLayoutNode => n.kind === 'insertionPoint');
}

/** Every (list, index) a step can go: n + 1 per list of n steps. */
function expectedPoints(steps: readonly Step[], branchId: string | null = null): string[] {
  const points = [];
  for (let i = 0; i <= steps.length; i++) points.push(`${branchId}:${i}`);
  for (const step of steps) {
    if (step.type === 'branch') for (const b of step.branches) points.push(...expectedPoints(b.steps, b.id));
  }
  return points;
}

describe('layout', () => {
  it('draws the trigger, one insertion point and the end for an empty workflow', () => {
    const result = layout(workflow([]));
    expect(result.nodes.map((n) => n.id)).toEqual([
      TRIGGER_NODE_ID,
      insertionPointNodeId({ startOf: null }),
      END_NODE_ID,
    ]);
    expect(result.focusOrder).toEqual([TRIGGER_NODE_ID, 'insert:root']);
    expect(result.edges.map((e) => [e.source, e.target])).toEqual([
      [TRIGGER_NODE_ID, 'insert:root'],
      ['insert:root', END_NODE_ID],
    ]);
  });

  it('puts steps below each other in order, each between two insertion points, on the same axis', () => {
    const a = action('Fetch');
    const b = action('Notify CRM');
    const result = layout(workflow([a, b]));
    expect(result.focusOrder).toEqual([
      TRIGGER_NODE_ID,
      'insert:root',
      stepNodeId(a.id),
      `insert:after:${a.id}`,
      stepNodeId(b.id),
      `insert:after:${b.id}`,
    ]);
    const ys = result.focusOrder.map((id) => result.nodeById.get(id)!.y);
    expect([...ys].sort((p, q) => p - q)).toEqual(ys);
    for (const id of result.focusOrder) {
      const node = result.nodeById.get(id)!;
      expect(node.x + node.width / 2).toBe(0);
    }
    const last = result.nodeById.get(`insert:after:${b.id}`) as InsertionPointLayoutNode;
    expect(last.point).toEqual({ branchId: null, index: 2 });
    expect(last.description).toBe('after Notify CRM');
    expect(last.afterStepId).toBe(b.id);
    const first = result.nodeById.get('insert:root') as InsertionPointLayoutNode;
    expect(first.description).toBe('after the trigger');
    expect(first.beforeStepId).toBe(a.id);
  });

  it('gives each branch a column headed by its name, left to right, and joins them below', () => {
    const inner = action('Approve');
    const decide = branchStep([[inner], [], [action('Reject'), action('Archive')]]);
    const after = action('After');
    const result = layout(workflow([decide, after]));
    if (decide.type !== 'branch') throw new Error('fixture');
    const headers = decide.branches.map((branch) => result.nodeById.get(branchHeaderNodeId(branch.id))!);
    expect(headers.map((h) => h.kind)).toEqual(['branchHeader', 'branchHeader', 'branchHeader']);
    expect(headers[0]!.x).toBeLessThan(headers[1]!.x);
    expect(headers[1]!.x).toBeLessThan(headers[2]!.x);
    // The middle column is centred under the branch step.
    expect(headers[1]!.x + headers[1]!.width / 2).toBe(0);
    const start = result.nodeById.get(`insert:start:${decide.branches[1]!.id}`) as InsertionPointLayoutNode;
    expect(start.point).toEqual({ branchId: decide.branches[1]!.id, index: 0 });
    expect(start.description).toBe('at the start of Path 2');
    const join = result.nodeById.get(`join:${decide.id}`)!;
    const lowest = Math.max(
      ...result.nodes
        .filter((n) => n.kind === 'insertionPoint' && n.point.branchId !== null)
        .map((n) => n.y + n.height),
    );
    expect(join.y).toBeGreaterThan(lowest);
    expect(result.nodeById.get(stepNodeId(after.id))!.y).toBeGreaterThan(join.y);
    // Branch contents come between the branch step and the point after it.
    const order = result.focusOrder;
    expect(order.indexOf(stepNodeId(inner.id))).toBeGreaterThan(order.indexOf(stepNodeId(decide.id)));
    expect(order.indexOf(stepNodeId(inner.id))).toBeLessThan(order.indexOf(`insert:after:${decide.id}`));
  });

  it('sizes a branch column by its widest descendant', () => {
    const nested = branchStep([[action()], [action()], [action()]]);
    const outer = branchStep([[nested], [action()]]);
    const result = layout(workflow([outer]));
    if (outer.type !== 'branch' || nested.type !== 'branch') throw new Error('fixture');
    const m = DEFAULT_LAYOUT_METRICS;
    const nestedWidth = 3 * m.stepWidth + 2 * m.columnGap;
    const leftHeader = result.nodeById.get(branchHeaderNodeId(outer.branches[0]!.id))!;
    const rightHeader = result.nodeById.get(branchHeaderNodeId(outer.branches[1]!.id))!;
    const leftCenter = leftHeader.x + leftHeader.width / 2;
    const rightCenter = rightHeader.x + rightHeader.width / 2;
    expect(rightCenter - leftCenter).toBe(nestedWidth / 2 + m.columnGap + m.stepWidth / 2);
    expect(result.bounds.width).toBe(nestedWidth + m.columnGap + m.stepWidth);
  });

  it('is deterministic and returns the same object for the same workflow', () => {
    const steps = [action(), branchStep([[action()], []]), action()];
    const wf = workflow(steps);
    const copy = structuredClone(wf);
    const a = layout(wf);
    expect(layout(wf)).toBe(a);
    const b = layout(copy);
    expect(b).not.toBe(a);
    expect(JSON.parse(JSON.stringify(b.nodes.map(stripStep)))).toEqual(
      JSON.parse(JSON.stringify(a.nodes.map(stripStep))),
    );
  });

  it('keeps step objects by identity', () => {
    const a = action();
    const result = layout(workflow([a]));
    const node = result.nodeById.get(stepNodeId(a.id));
    expect(node?.kind === 'step' && node.step).toBe(a);
  });

  it('never overlaps two nodes, has every insertion point, and connects everything (random trees)', () => {
    fc.assert(
      fc.property(stepTree, (steps) => {
        const result = layout(workflow(steps));
        const nodes = result.nodes;
        for (let i = 0; i < nodes.length; i++) {
          for (let j = i + 1; j < nodes.length; j++) {
            if (rectsOverlap(nodes[i]!, nodes[j]!)) {
              throw new Error(`${nodes[i]!.id} overlaps ${nodes[j]!.id}`);
            }
          }
        }
        const points = insertionPointsOf(nodes).map((n) => `${n.point.branchId}:${n.point.index}`);
        expect(points.sort()).toEqual(expectedPoints(steps).sort());
        expect(new Set(nodes.map((n) => n.id)).size).toBe(nodes.length);
        for (const e of result.edges) {
          expect(result.nodeById.has(e.source)).toBe(true);
          expect(result.nodeById.has(e.target)).toBe(true);
        }
        // Everything but the trigger has an incoming connector.
        const targets = new Set(result.edges.map((e) => e.target));
        for (const n of nodes) if (n.id !== TRIGGER_NODE_ID) expect(targets.has(n.id)).toBe(true);
        for (const n of nodes) {
          expect(n.x).toBeGreaterThanOrEqual(result.bounds.x);
          expect(n.x + n.width).toBeLessThanOrEqual(result.bounds.x + result.bounds.width);
          expect(n.y + n.height).toBeLessThanOrEqual(result.bounds.y + result.bounds.height);
        }
        // Keyboard order: trigger, then steps and points exactly as the tree walks.
        expect(result.focusOrder.length).toBe(1 + points.length + nodes.filter((n) => n.kind === 'step').length);
      }),
      { numRuns: 200 },
    );
  });

  it('lists the nodes and edges in a rectangle, with both ends of every edge', () => {
    const steps = Array.from({ length: 200 }, () => action());
    const result = layout(workflow(steps));
    const window = { x: -500, y: 5000, width: 1000, height: 600 };
    const { nodes, edges } = layoutItemsIn(result, window);
    expect(nodes.length).toBeGreaterThan(0);
    expect(nodes.length).toBeLessThan(40);
    const ids = new Set(nodes.map((n) => n.id));
    for (const e of edges) {
      expect(ids.has(e.source)).toBe(true);
      expect(ids.has(e.target)).toBe(true);
    }
    expect(ids.has(TRIGGER_NODE_ID)).toBe(false);
  });
});

function stripStep(node: LayoutNode): unknown {
  return node.kind === 'step'
    ? { ...node, step: node.step.id }
    : node.kind === 'branchHeader'
      ? { ...node, branch: node.branch.id }
      : node;
}

describe('layout and insertionPoints() agree', () => {
  it('has the same points, in the same order, with the same neighbours and descriptions', async () => {
    const { insertionPoints } = await import('../../src/definition/insertion-points');
    fc.assert(
      fc.property(stepTree, (steps) => {
        const wf = workflow(steps);
        const fromLayout = layout(wf)
          .focusOrder.map((id) => layout(wf).nodeById.get(id)!)
          .filter((n): n is InsertionPointLayoutNode => n.kind === 'insertionPoint')
          .map((n) => ({
            point: n.point,
            afterStepId: n.afterStepId,
            beforeStepId: n.beforeStepId,
            description: n.description,
          }));
        const expected = insertionPoints(wf).map((p) => ({
          point: p.point,
          afterStepId: p.afterStepId,
          beforeStepId: p.beforeStepId,
          description: p.description,
        }));
        expect(fromLayout).toEqual(expected);
      }),
      { numRuns: 100 },
    );
  });

  it('finds any node by id and lists a window without writing the whole layout the same way', () => {
    // Branch steps inside branches too: a node at any depth is found from its root entry.
    const steps = Array.from({ length: 300 }, (_, i) =>
      i % 50 === 7
        ? branchStep([[action()], [action(), branchStep([[branchStep([[action()], []])], [action()]]), action()]])
        : action(),
    );
    const fresh = () => layout(workflow(steps));
    const whole = fresh();
    const lazy = fresh();
    for (const node of whole.nodes) expect(findLayoutNode(lazy, node.id)).toEqual(node);
    const window = { x: -600, y: 9000, width: 1200, height: 900 };
    const a = layoutItemsIn(fresh(), window);
    const expectedNodes = whole.nodes.filter((n) => a.nodes.some((m) => m.id === n.id));
    expect(a.nodes.map((n) => n.id).sort()).toEqual(expectedNodes.map((n) => n.id).sort());
    expect(a.edges.map((e) => e.id).sort()).toEqual(
      whole.edges
        .filter((e) => e.bounds.y <= window.y + window.height && e.bounds.y + e.bounds.height >= window.y)
        .map((e) => e.id)
        .sort(),
    );
    expect(fresh().focusOrder).toEqual(whole.focusOrder);
  });
});
