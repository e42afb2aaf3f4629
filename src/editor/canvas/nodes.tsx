// ---------------------------------------------------------------------------
// The node types the canvas hands React Flow. Each React Flow node type is a thin shell
// that passes a memoised card only what it draws, and nothing that depends on where the
// item sits (coordinates, index in its list): a node that shifts because a step was
// inserted above it moves without re-rendering its content. What does depend on the
// position (an insertion point's index, a step's place for Move up/down) is read from
// the store's current layout when it is needed.
// ---------------------------------------------------------------------------

import type { Node, NodeProps } from '@xyflow/react';
import { memo, useLayoutEffect, useMemo, useRef, type KeyboardEvent, type ReactElement } from 'react';
import {
  findLayoutNode,
  findStep,
  type BranchHeaderLayoutNode,
  type EndLayoutNode,
  type InsertionPointLayoutNode,
  type JoinLayoutNode,
  type LayoutNode,
  type StepLayoutNode,
  type TriggerLayoutNode,
  type InsertionPoint,
  type Step,
  type WorkflowLayout,
} from '../../definition';
import { STEP_KINDS, catalogActionOf, isActionStep, isContainerStep } from '../../definition/step-kinds';
import { ChangeBadge } from '../compare/ChangeBadge';
import { useStepBadge } from '../compare/compare-state';
import { ActionIcon } from '../icons';
import { moveMenuFocus } from '../menu-keys';
import { useBranchOutcome, useStepRun } from '../run/run-view';
import { selectCatalog, selectStepProblems } from '../store';
import { useLabels, useWorkflowEditor, useWorkflowEditorStore } from '../WorkflowEditorProvider';
import { itemDomId, useCanvas, useCanvasUi } from './canvas-ui';
import { InsertionPointButton } from './InsertionPointButton';

/** What every canvas node carries: its layout item. */
export interface CanvasNodeData<T extends LayoutNode = LayoutNode> extends Record<string, unknown> {
  item: T;
}

/** A React Flow node of the canvas. */
export type CanvasNode = Node<CanvasNodeData>;

// ---- Focus ---------------------------------------------------------------------

/** Roving tab stop and deferred focus for one canvas item. */
function useItemFocus<T extends HTMLElement>(layoutId: string) {
  const ref = useRef<T>(null);
  const { ui } = useCanvas();
  const isActive = useCanvasUi((state) => state.activeId === layoutId);
  const wantsFocus = useCanvasUi((state) => state.focusRequest === layoutId);
  useLayoutEffect(() => {
    if (!wantsFocus || !ref.current) return;
    // The canvas pans by itself; letting the browser scroll would shift React Flow's pane.
    ref.current.focus({ preventScroll: true });
    ui.setState({ focusRequest: null });
  }, [wantsFocus, ui]);
  return { ref, tabIndex: isActive ? 0 : -1 };
}

function onActivateKey(event: KeyboardEvent, activate: () => void): void {
  if (event.key === 'Enter' || event.key === ' ') {
    event.preventDefault();
    activate();
  }
}

// ---- Trigger -------------------------------------------------------------------

const TriggerCard = /* @__PURE__ */ memo(function TriggerCard({ item }: { item: TriggerLayoutNode }) {
  const labels = useLabels();
  const store = useWorkflowEditorStore();
  const { domIdPrefix } = useCanvas();
  const event = useWorkflowEditor((state) => state.definition.trigger.event);
  const selected = useWorkflowEditor((state) => state.selection?.kind === 'trigger');
  const problemCount = useWorkflowEditor((state) => state.problemsByStep.get('')?.length ?? 0);
  const { ref, tabIndex } = useItemFocus<HTMLDivElement>(item.id);
  const select = () => store.getState().select({ kind: 'trigger' }, { openPanel: true });
  // From the keyboard the person is going to the panel: focus goes with them.
  const selectAndFocusPanel = () => store.getState().select({ kind: 'trigger' }, { openPanel: true, focusPanel: true });
  const eventId = `${itemDomId(domIdPrefix, item.id)}-event`;
  return (
    <div className="wfe-node-shell">
      <div
        ref={ref}
        id={itemDomId(domIdPrefix, item.id)}
        role="button"
        aria-label={labels.trigger}
        aria-describedby={eventId}
        aria-pressed={selected}
        tabIndex={tabIndex}
        data-wfe-item={item.id}
        className={selected ? 'wfe-card wfe-card--trigger wfe-card--selected' : 'wfe-card wfe-card--trigger'}
        onClick={select}
        onKeyDown={(keyEvent) => onActivateKey(keyEvent, selectAndFocusPanel)}
      >
        <span className="wfe-card-icon wfe-card-icon--trigger">
          <ActionIcon icon="bolt" size={18} />
        </span>
        <span className="wfe-card-text">
          <span className="wfe-card-kicker">{labels.trigger}</span>
          <span id={eventId} className={event ? 'wfe-card-title' : 'wfe-card-title wfe-card-title--placeholder'}>
            {event || labels.triggerNoEvent}
          </span>
        </span>
      </div>
      {problemCount > 0 && <ProblemsBadge stepId="" count={problemCount} />}
    </div>
  );
});

// ---- Step ----------------------------------------------------------------------

function ProblemsBadge({ stepId, count }: { stepId: string; count: number }): ReactElement {
  const labels = useLabels();
  const store = useWorkflowEditorStore();
  const name = labels.problemsBadge(count);
  return (
    <button
      type="button"
      className="wfe-badge nodrag"
      aria-label={name}
      title={name}
      tabIndex={-1}
      onClick={(event) => {
        event.stopPropagation();
        const first = store.getState().problemsByStep.get(stepId)?.[0];
        if (first) store.getState().focusProblem(first);
      }}
    >
      {count}
    </button>
  );
}

/** Whether two labels say the same, case and surrounding spaces aside. */
function sameWords(a: string, b: string): boolean {
  return a.trim().toLocaleLowerCase() === b.trim().toLocaleLowerCase();
}

const StepCard = /* @__PURE__ */ memo(function StepCard({ layoutId, step }: { layoutId: string; step: Step }) {
  const labels = useLabels();
  const store = useWorkflowEditorStore();
  const { domIdPrefix, readOnly, ui } = useCanvas();
  const catalog = useWorkflowEditor(selectCatalog);
  const selected = useWorkflowEditor((state) => state.selection?.kind === 'step' && state.selection.stepId === step.id);
  const problemsSelector = useMemo(() => selectStepProblems(step.id), [step.id]);
  const problemCount = useWorkflowEditor(problemsSelector).length;
  const menuOpen = useCanvasUi((state) => state.menuStepId === step.id);
  const { ref, tabIndex } = useItemFocus<HTMLDivElement>(layoutId);
  const run = useStepRun(step.id);
  // One line on the card, cut with an ellipsis when narrow: the tooltip has it whole.
  const runState =
    run &&
    labels.runStepState({
      status: run.status,
      attempts: run.attempts,
      ...(run.durationMs !== undefined ? { durationMs: run.durationMs } : {}),
      ...(run.error ? { errorType: run.error.type } : {}),
    });
  // While comparing with the published version: its badge; a removed step is a ghost
  // drawn where it was, to be read, not edited.
  const changeBadge = useStepBadge(step.id);
  const ghost = changeBadge === 'removed';

  const action = catalogActionOf(step, catalog);
  const actionLabel = action?.label ?? (isActionStep(step) ? labels.unknownAction(step.action) : '');
  const icon = action?.icon ?? STEP_KINDS[step.type].defaultIcon;
  const domId = itemDomId(domIdPrefix, layoutId);
  const select = () => {
    if (!ghost) store.getState().select({ kind: 'step', stepId: step.id }, { openPanel: true });
  };
  // A click keeps focus on the card (the step's shortcuts stay at hand); from the keyboard
  // the person is going to the panel, so focus goes with them.
  const selectAndFocusPanel = () => {
    if (!ghost) store.getState().select({ kind: 'step', stepId: step.id }, { openPanel: true, focusPanel: true });
  };
  const describedBy = [`${domId}-action`, run ? `${domId}-run` : '', changeBadge ? `${domId}-change` : '']
    .filter(Boolean)
    .join(' ');

  return (
    <div className="wfe-node-shell">
      <div
        ref={ref}
        id={domId}
        role="button"
        aria-label={step.name}
        aria-describedby={describedBy}
        aria-pressed={selected}
        aria-disabled={ghost || undefined}
        aria-keyshortcuts="Delete Control+D Alt+ArrowUp Alt+ArrowDown Shift+F10"
        tabIndex={tabIndex}
        data-wfe-item={layoutId}
        className={[
          'wfe-card',
          isContainerStep(step) ? 'wfe-card--branch' : 'wfe-card--step',
          selected ? 'wfe-card--selected' : '',
          problemCount > 0 ? 'wfe-card--invalid' : '',
          run ? `wfe-card--run wfe-card--run-${run.status}` : '',
          changeBadge ? `wfe-card--change-${changeBadge}` : '',
          ghost ? 'wfe-card--ghost nodrag' : '',
        ]
          .filter(Boolean)
          .join(' ')}
        onClick={select}
        onKeyDown={(event) => onActivateKey(event, selectAndFocusPanel)}
      >
        <span className="wfe-card-icon">
          <ActionIcon icon={icon} size={18} />
        </span>
        <span className="wfe-card-text">
          {/* A step still named after its action would show the same words twice: the
              action stays for screen readers (the card's description), out of sight. */}
          <span
            id={`${domId}-action`}
            className={sameWords(actionLabel, step.name) ? 'wfe-card-kicker wfe-visually-hidden' : 'wfe-card-kicker'}
            title={actionLabel}
          >
            {actionLabel}
          </span>
          {/* Long names are cut with an ellipsis; the tooltip has them whole. */}
          <span className="wfe-card-title" title={step.name}>
            {step.name}
          </span>
          {run && (
            <span id={`${domId}-run`} className="wfe-card-run" data-run-status={run.status} title={runState}>
              {runState}
            </span>
          )}
        </span>
        {changeBadge && <ChangeBadge id={`${domId}-change`} badge={changeBadge} labels={labels} />}
      </div>
      {problemCount > 0 && <ProblemsBadge stepId={step.id} count={problemCount} />}
      {!readOnly && !ghost && (
        <button
          type="button"
          className="wfe-step-menu-button nodrag"
          aria-label={labels.stepMenu(step.name)}
          aria-haspopup="menu"
          aria-expanded={menuOpen}
          tabIndex={-1}
          onClick={(event) => {
            event.stopPropagation();
            ui.setState({ menuStepId: menuOpen ? null : step.id });
          }}
        >
          <svg viewBox="0 0 16 16" width="16" height="16" aria-hidden="true" focusable="false">
            <circle cx="3.5" cy="8" r="1.4" />
            <circle cx="8" cy="8" r="1.4" />
            <circle cx="12.5" cy="8" r="1.4" />
          </svg>
        </button>
      )}
      {menuOpen && <StepMenu layoutId={layoutId} step={step} />}
    </div>
  );
});

/** The small menu of a step: Duplicate, Move up, Move down, Copy, Delete. */
function StepMenu({ layoutId, step }: { layoutId: string; step: Step }): ReactElement {
  const labels = useLabels();
  const store = useWorkflowEditorStore();
  const { ui, focusItem } = useCanvas();
  const menuRef = useRef<HTMLDivElement>(null);
  const stepId = step.id;
  // Where the step sits now; a selector, so an edit elsewhere while the menu is open counts.
  const index = useWorkflowEditor((state) => findStep(state.definition, stepId)?.index ?? 0);
  const listLength = useWorkflowEditor((state) => findStep(state.definition, stepId)?.list.length ?? 0);
  // Offered only when the host allows it (the store refuses the delete anyway).
  const deletable = useWorkflowEditor((state) => state.deleteRule?.(step) ?? true);

  useLayoutEffect(() => {
    menuRef.current
      ?.querySelector<HTMLButtonElement>('[role="menuitem"]:not([disabled])')
      ?.focus({ preventScroll: true });
  }, []);

  const close = (refocus: boolean) => {
    ui.setState({ menuStepId: null });
    if (refocus) focusItem(layoutId);
  };
  const run =
    (action: () => void, refocus = true) =>
    () => {
      action();
      close(refocus);
    };
  const entries: { label: string; onSelect: () => void; disabled?: boolean; danger?: boolean }[] = [
    {
      label: labels.duplicate,
      onSelect: run(() => {
        store.getState().duplicateStep(stepId);
      }),
    },
    { label: labels.moveUp, onSelect: run(() => store.getState().moveStepBy(stepId, -1)), disabled: index === 0 },
    {
      label: labels.moveDown,
      onSelect: run(() => store.getState().moveStepBy(stepId, 1)),
      disabled: index >= listLength - 1,
    },
    { label: labels.copy, onSelect: run(() => store.getState().copyStep(stepId)) },
    {
      label: labels.delete,
      onSelect: run(() => store.getState().removeStep(stepId), false),
      disabled: !deletable,
      danger: true,
    },
  ];

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const items = Array.from(
      menuRef.current?.querySelectorAll<HTMLButtonElement>('[role="menuitem"]:not([disabled])') ?? [],
    );
    if (!moveMenuFocus(event, items) && (event.key === 'Escape' || event.key === 'Tab')) {
      event.preventDefault();
      close(true);
    }
    event.stopPropagation();
  };

  return (
    <div
      ref={menuRef}
      role="menu"
      aria-label={labels.stepMenu(step.name)}
      className="wfe-menu nodrag nopan nowheel"
      onKeyDown={onKeyDown}
      onClick={(event) => event.stopPropagation()}
      onBlur={(event) => {
        if (!event.currentTarget.contains(event.relatedTarget)) ui.setState({ menuStepId: null });
      }}
    >
      {entries.map((entry) => (
        <button
          key={entry.label}
          type="button"
          role="menuitem"
          tabIndex={-1}
          disabled={entry.disabled}
          className={entry.danger ? 'wfe-menu-item wfe-menu-item--danger' : 'wfe-menu-item'}
          onClick={entry.onSelect}
        >
          {entry.label}
        </button>
      ))}
    </div>
  );
}

// ---- Branch header, join, end ------------------------------------------------------

const BranchHeaderCard = /* @__PURE__ */ memo(function BranchHeaderCard({ item }: { item: BranchHeaderLayoutNode }) {
  const labels = useLabels();
  const store = useWorkflowEditorStore();
  const name = item.branch.name || (item.branch.when ? '' : labels.defaultBranch);
  // In a run drawn on the canvas: the branch taken stands out, the others fade.
  const outcome = useBranchOutcome(item.ownerStepId, item.branch.id);
  return (
    <div
      className={[
        'wfe-branch-header',
        item.branch.when ? '' : 'wfe-branch-header--default',
        outcome ? `wfe-branch-header--${outcome}` : '',
      ]
        .filter(Boolean)
        .join(' ')}
      data-run-branch={outcome}
      title={name}
      onClick={() => store.getState().select({ kind: 'step', stepId: item.ownerStepId }, { openPanel: true })}
    >
      <span className="wfe-branch-header-text">{name}</span>
    </div>
  );
});

// ---- Insertion point ----------------------------------------------------------------

/** The insertion point with this layout id in the layout the canvas draws now (cached by identity). */
function currentPoint(drawn: WorkflowLayout, layoutId: string): InsertionPoint | undefined {
  const node = findLayoutNode(drawn, layoutId);
  return node?.kind === 'insertionPoint' ? node.point : undefined;
}

const InsertionPointCard = /* @__PURE__ */ memo(function InsertionPointCard({
  layoutId,
  afterStepName,
  branchName,
}: {
  layoutId: string;
  afterStepName: string | undefined;
  branchName: string | undefined;
}) {
  const labels = useLabels();
  const { domIdPrefix, readOnly, requestInsert, getLayout } = useCanvas();
  const prominent = useCanvasUi((state) => state.dropTargetId === layoutId);
  // A workflow without steps has one "+", right after the trigger: it says what it is for.
  const onlyPoint = useWorkflowEditor((state) => state.definition.steps.length === 0);
  const { ref, tabIndex } = useItemFocus<HTMLButtonElement>(layoutId);
  // A boolean, so the node re-renders only when the host's answer for this point flips.
  // The point's index is read from the current layout: it changes whenever a step is
  // inserted above, and the card does not re-render for that.
  const allowed = useWorkflowEditor((state) => {
    if (!state.insertRule) return true;
    const point = currentPoint(getLayout(), layoutId);
    return point === undefined || state.insertRule(point);
  });
  // Read-only canvases, and points the host refuses, keep the spot (connectors end
  // there) but offer no button: a "+" that does nothing would be a broken promise.
  if (readOnly || !allowed) return <span className="wfe-insert-spot" aria-hidden="true" />;
  const description =
    afterStepName !== undefined
      ? labels.addStepAfter(afterStepName)
      : branchName !== undefined
        ? labels.addStepAtBranchStart(branchName)
        : labels.addStepAfterTrigger;
  return (
    <InsertionPointButton
      buttonRef={ref}
      id={itemDomId(domIdPrefix, layoutId)}
      itemId={layoutId}
      description={description}
      tabIndex={tabIndex}
      prominent={prominent}
      hint={onlyPoint && afterStepName === undefined && branchName === undefined ? labels.addFirstStep : undefined}
      onActivate={() => {
        const point = currentPoint(getLayout(), layoutId);
        if (point) requestInsert(point, layoutId);
      }}
    />
  );
});

// ---- React Flow node types ------------------------------------------------------------

// No handles: connectors are drawn from the layout (ConnectorLayer), and React Flow is
// given no edges, so handles would only add store subscriptions to every node.

function TriggerNode({ data }: NodeProps<Node<CanvasNodeData<TriggerLayoutNode>>>) {
  return <TriggerCard item={data.item} />;
}
function StepNode({ data }: NodeProps<Node<CanvasNodeData<StepLayoutNode>>>) {
  return <StepCard layoutId={data.item.id} step={data.item.step} />;
}
function BranchHeaderNode({ data }: NodeProps<Node<CanvasNodeData<BranchHeaderLayoutNode>>>) {
  return <BranchHeaderCard item={data.item} />;
}
function JoinNode(_props: NodeProps<Node<CanvasNodeData<JoinLayoutNode>>>) {
  return <div className="wfe-join" aria-hidden="true" />;
}
function EndNode(_props: NodeProps<Node<CanvasNodeData<EndLayoutNode>>>) {
  const labels = useLabels();
  return <div className="wfe-end">{labels.end}</div>;
}
function InsertionPointNode({ data }: NodeProps<Node<CanvasNodeData<InsertionPointLayoutNode>>>) {
  const { item } = data;
  return <InsertionPointCard layoutId={item.id} afterStepName={item.afterStepName} branchName={item.branchName} />;
}

/** React Flow `nodeTypes` of the canvas, keyed by layout node kind. Module-level so it never changes identity. */
export const canvasNodeTypes = {
  trigger: TriggerNode,
  step: StepNode,
  branchHeader: BranchHeaderNode,
  join: JoinNode,
  end: EndNode,
  insertionPoint: InsertionPointNode,
};
