// ---------------------------------------------------------------------------
// "Compare with published": the published version the host hands the editor
// (`compareWith`) and whether the comparison is shown, in a tiny store of their own, and
// what the parts read from it. The changes themselves are never stored: they are
// compareWorkflows(published, definition), computed once per definition object (edits
// make new ones) and shared by every card, the panel, the summary and the list.
//
// Removed steps are drawn as ghost cards where they were: while the comparison is shown
// the canvas lays out the draft with the removed steps put back (workflowWithRemovedSteps).
// In that layout an insertion point counts only the draft's steps, so every "+" still
// adds a step where it is drawn, and nothing inside a ghost is a place to add one.
// ---------------------------------------------------------------------------

import { createContext, useCallback, useContext, useEffect, useState, type ReactElement, type ReactNode } from 'react';
import { useStore } from 'zustand';
import { createStore, type StoreApi } from 'zustand/vanilla';
import {
  compareWorkflows,
  layout,
  walkSteps,
  workflowWithRemovedSteps,
  type ActionCatalog,
  type LayoutNode,
  type StepChange,
  type Workflow,
  type WorkflowChanges,
  type WorkflowLayout,
} from '../../definition';
import { childLists } from '../../definition/step-kinds';
import { selectCatalog } from '../store';
import { useWorkflowEditor } from '../WorkflowEditorProvider';
import { preloadCompareParts } from './lazy-parts';

interface CompareState {
  /** The version the draft is compared with; null when the host gave none. */
  published: Workflow | null;
  /** Whether the comparison is shown (badges, ghosts, the panel's differences). */
  active: boolean;
}

const CompareContext = /* @__PURE__ */ createContext<StoreApi<CompareState> | null>(null);
const noComparison = /* @__PURE__ */ createStore<CompareState>(() => ({ published: null, active: false }));

/**
 * Holds the published version for the parts below it. The comparison is shown from the
 * start (and when a published version first comes); the toolbar toggles it. Pass the same
 * object while it stays the same version: the changes are cached by object.
 */
export function CompareProvider(props: { published: Workflow | null | undefined; children: ReactNode }): ReactElement {
  const published = props.published ?? null;
  const [store] = useState(() => createStore<CompareState>(() => ({ published, active: published !== null })));
  useEffect(() => {
    const current = store.getState();
    if (current.published === published) return;
    // A first published version turns the comparison on; a newer one keeps the person's choice.
    store.setState({ published, active: published !== null && (current.published === null || current.active) });
  }, [store, published]);
  // The toolbar's controls and the panel's changed fields load apart: fetched as soon as
  // there is a published version, so they show without a wait.
  useEffect(() => {
    if (published !== null) preloadCompareParts();
  }, [published]);
  return <CompareContext.Provider value={store}>{props.children}</CompareContext.Provider>;
}

function useCompareStore(): StoreApi<CompareState> {
  return useContext(CompareContext) ?? noComparison;
}

/** The published version while the comparison is shown, else null. */
function useShownPublished(): Workflow | null {
  return useStore(useCompareStore(), (state) => (state.active ? state.published : null));
}

/** Whether there is a published version, whether the comparison is shown, and its switch. */
export function useCompareToggle(): { available: boolean; active: boolean; setActive: (active: boolean) => void } {
  const store = useCompareStore();
  const available = useStore(store, (state) => state.published !== null);
  const active = useStore(store, (state) => state.active && state.published !== null);
  const setActive = useCallback((next: boolean) => store.setState({ active: next }), [store]);
  return { available, active, setActive };
}

// ---- The changes, computed once per definition ------------------------------------------

const changesCache = new WeakMap<Workflow, WeakMap<ActionCatalog, WeakMap<Workflow, WorkflowChanges>>>();
const changeByStep = new WeakMap<WorkflowChanges, Map<string, StepChange>>();

/** compareWorkflows(published, definition) with field titles from `catalog`, cached by the three objects. */
export function changesBetween(published: Workflow, definition: Workflow, catalog: ActionCatalog): WorkflowChanges {
  let byCatalog = changesCache.get(published);
  if (!byCatalog) changesCache.set(published, (byCatalog = new WeakMap()));
  let byDefinition = byCatalog.get(catalog);
  if (!byDefinition) byCatalog.set(catalog, (byDefinition = new WeakMap()));
  let changes = byDefinition.get(definition);
  if (!changes) byDefinition.set(definition, (changes = compareWorkflows(published, definition, { catalog })));
  return changes;
}

/** The change of one step, if it has one. */
export function stepChangeIn(changes: WorkflowChanges, stepId: string): StepChange | undefined {
  let byId = changeByStep.get(changes);
  if (!byId) changeByStep.set(changes, (byId = new Map(changes.steps.map((change) => [change.stepId, change]))));
  return byId.get(stepId);
}

/** The changes since the published version while the comparison is shown, else null. */
export function useWorkflowChanges(): WorkflowChanges | null {
  const published = useShownPublished();
  return useWorkflowEditor((state) => (published ? changesBetween(published, state.definition, state.catalog) : null));
}

/** The published version while the comparison is shown (for restoring a value), else null. */
export function usePublishedWorkflow(): Workflow | null {
  return useShownPublished();
}

/**
 * What a card's badge says, as one string so a card re-renders only when it changes:
 * the change's kind, `moved-changed` for a step that moved and was reconfigured.
 */
export type StepBadgeKind = StepChange['kind'] | 'moved-changed';

/** The badge of a step's card while the comparison is shown. */
export function useStepBadge(stepId: string): StepBadgeKind | undefined {
  const published = useShownPublished();
  return useWorkflowEditor((state) => {
    if (!published) return undefined;
    const change = stepChangeIn(changesBetween(published, state.definition, state.catalog), stepId);
    if (!change) return undefined;
    return change.kind === 'moved' && change.fields.length > 0 ? 'moved-changed' : change.kind;
  });
}

/** The full change of one step (for the panel) while the comparison is shown. */
export function useStepChange(stepId: string): StepChange | undefined {
  const changes = useWorkflowChanges();
  return changes ? stepChangeIn(changes, stepId) : undefined;
}

// ---- The canvas's layout ---------------------------------------------------------------

const comparedLayouts = new WeakMap<WorkflowChanges, WorkflowLayout>();

/**
 * The layout of the draft with the removed steps drawn where they were. Insertion points
 * keep the draft's indices (ghosts are not counted); those inside a removed branch step
 * are left out. Without removed steps it is the draft's own layout.
 */
export function layoutWithGhosts(published: Workflow, definition: Workflow, changes: WorkflowChanges): WorkflowLayout {
  const cached = comparedLayouts.get(changes);
  if (cached) return cached;
  const { workflow, removedStepIds } = workflowWithRemovedSteps(published, definition, changes);
  if (removedStepIds.size === 0) return layout(definition);
  const drawn = layout(workflow);
  /** Lists inside ghosts, and per list the indices of its ghosts. */
  const ghostLists = new Set<string>();
  const ghostIndices = new Map<string | null, number[]>();
  walkSteps(workflow.steps, ({ step, branchId, index }) => {
    if (!removedStepIds.has(step.id)) return;
    for (const { holder } of childLists(step)) ghostLists.add(holder.id);
    let indices = ghostIndices.get(branchId);
    if (!indices) ghostIndices.set(branchId, (indices = []));
    indices.push(index);
  });
  const nodes: LayoutNode[] = [];
  for (const node of drawn.nodes) {
    if (node.kind !== 'insertionPoint') {
      nodes.push(node);
      continue;
    }
    const { branchId, index } = node.point;
    if (branchId !== null && ghostLists.has(branchId)) continue;
    const ghostsBefore = (ghostIndices.get(branchId) ?? []).filter((ghostIndex) => ghostIndex < index).length;
    nodes.push(ghostsBefore === 0 ? node : { ...node, point: { branchId, index: index - ghostsBefore } });
  }
  const nodeById = new Map(nodes.map((node) => [node.id, node]));
  const result: WorkflowLayout = {
    nodes,
    edges: drawn.edges,
    nodeById,
    focusOrder: drawn.focusOrder.filter((id) => nodeById.has(id)),
    bounds: drawn.bounds,
    metrics: drawn.metrics,
  };
  comparedLayouts.set(changes, result);
  return result;
}

/**
 * What the canvas lays out a definition with: its own layout, or while the comparison is
 * shown, one with the removed steps drawn as ghosts. Stable while the comparison's state
 * stays, so event handlers can read the current layout through it.
 */
export function useCanvasLayoutOf(): (definition: Workflow) => WorkflowLayout {
  const published = useShownPublished();
  const catalog = useWorkflowEditor(selectCatalog);
  return useCallback(
    (definition: Workflow) =>
      published
        ? layoutWithGhosts(published, definition, changesBetween(published, definition, catalog))
        : layout(definition),
    [published, catalog],
  );
}
