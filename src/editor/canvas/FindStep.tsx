// ---------------------------------------------------------------------------
// "Find step" (Ctrl/Cmd+F on the canvas): a search box over every step of the workflow,
// inside branches too. React Flow draws only the part of the canvas near the viewport,
// so the list comes from the definition, not from what is drawn. Enter selects the step,
// pans the canvas to it and focuses its card; Escape closes and gives focus back.
//
// A workflow may hold a thousand steps: the searchable list is built once per
// definition, the filter is a plain loop over it, and only the first few matches are
// rendered as options (the rest are counted: "N more — keep typing").
// ---------------------------------------------------------------------------

import { useReactFlow, useStoreApi } from '@xyflow/react';
import { Command } from 'cmdk';
import { useEffect, useMemo, useRef, useState, type KeyboardEvent, type ReactElement } from 'react';
import { findLayoutNode, stepNodeId, walkSteps, type ActionCatalog, type Step } from '../../definition';
import { STEP_KINDS, catalogActionOf, isActionStep } from '../../definition/step-kinds';
import { ActionIcon } from '../icons';
import type { EditorLabels } from '../labels';
import { PickerSearch } from '../picker/PickerSearch';
import { selectCatalog, selectDefinition, stepDisplayName } from '../store';
import { useLabels, useWorkflowEditor, useWorkflowEditorStore } from '../WorkflowEditorProvider';
import { useCanvas } from './canvas-ui';
import { revealViewport } from './viewport';

/** How many matching steps are listed at most; more would only slow typing down. */
export const FIND_STEP_MAX_OPTIONS = 50;

/** One step as Find step lists and searches it. */
export interface FindStepEntry {
  stepId: string;
  /** The name the editor shows (the id when the name is empty). */
  name: string;
  /** `name` in lower case, compared with what is typed. */
  searchText: string;
  /** The action's label (or the branch step's), shown under the name. */
  actionLabel: string;
  /** The action's icon. */
  icon: string;
  /** Name of the innermost branch holding the step, or null at the top level. */
  branchName: string | null;
}

/** What {@link findSteps} answers: the options to list and how many more matched. */
export interface FindStepResult {
  options: FindStepEntry[];
  /** Matches not listed because of the cap. */
  more: number;
}

/** Every step of the workflow in workflow order (branches' steps after their branch step). */
export function findStepEntries(
  steps: readonly Step[],
  catalog: ActionCatalog,
  labels: Pick<EditorLabels, 'unknownAction' | 'defaultBranch'>,
): FindStepEntry[] {
  const entries: FindStepEntry[] = [];
  walkSteps(steps, ({ step, ancestors }) => {
    const action = catalogActionOf(step, catalog);
    const innermost = ancestors[ancestors.length - 1];
    const name = stepDisplayName(step);
    entries.push({
      stepId: step.id,
      name,
      searchText: name.toLowerCase(),
      actionLabel: action?.label ?? (isActionStep(step) ? labels.unknownAction(step.action) : ''),
      icon: action?.icon ?? STEP_KINDS[step.type].defaultIcon,
      branchName: innermost ? innermost.branch.name || labels.defaultBranch : null,
    });
  });
  return entries;
}

/**
 * The entries whose name holds every word typed (in any order), best first: the name
 * itself, then names starting with the search, then the rest in workflow order. At most
 * `limit` are returned; `more` counts the others.
 */
export function findSteps(
  entries: readonly FindStepEntry[],
  search: string,
  limit = FIND_STEP_MAX_OPTIONS,
): FindStepResult {
  const query = search.trim().toLowerCase();
  if (query === '') return { options: entries.slice(0, limit), more: Math.max(0, entries.length - limit) };
  const words = query.split(/\s+/);
  const exact: FindStepEntry[] = [];
  const prefix: FindStepEntry[] = [];
  const rest: FindStepEntry[] = [];
  for (const entry of entries) {
    const text = entry.searchText;
    if (!words.every((word) => text.includes(word))) continue;
    if (text === query) exact.push(entry);
    else if (text.startsWith(query)) prefix.push(entry);
    else rest.push(entry);
  }
  const matches = exact.concat(prefix, rest);
  return { options: matches.slice(0, limit), more: Math.max(0, matches.length - limit) };
}

/** Props of {@link FindStep}. */
export interface FindStepProps {
  /** Where focus goes back to on Escape (the canvas item that had it). */
  returnFocusTo: HTMLElement | null;
  /** The dialog is done: a step was chosen, Escape, or a click or focus elsewhere. */
  onClose: () => void;
}

/**
 * The "Find step" dialog, shown over the top of the canvas. Render it inside
 * `<WorkflowCanvas>` (it jumps through the canvas's own `focusItem`).
 */
export function FindStep({ returnFocusTo, onClose }: FindStepProps): ReactElement {
  const labels = useLabels();
  const store = useWorkflowEditorStore();
  const { ui, focusItem, getLayout } = useCanvas();
  const reactFlow = useReactFlow();
  const flowStore = useStoreApi();
  const definition = useWorkflowEditor(selectDefinition);
  const catalog = useWorkflowEditor(selectCatalog);
  const entries = useMemo(
    () => findStepEntries(definition.steps, catalog, labels),
    [definition.steps, catalog, labels],
  );
  const [search, setSearch] = useState('');
  const result = useMemo(() => findSteps(entries, search), [entries, search]);
  const dialogRef = useRef<HTMLDivElement>(null);
  const inputRef = useRef<HTMLInputElement>(null);
  const onCloseRef = useRef(onClose);
  onCloseRef.current = onClose;

  useEffect(() => {
    inputRef.current?.focus({ preventScroll: true });
    // A press anywhere else means the person moved on: close, and leave focus where
    // that press put it.
    const onPointerDown = (event: PointerEvent) => {
      if (!dialogRef.current?.contains(event.target as Node | null)) onCloseRef.current();
    };
    document.addEventListener('pointerdown', onPointerDown, true);
    return () => document.removeEventListener('pointerdown', onPointerDown, true);
  }, []);

  const jumpTo = (stepId: string) => {
    onClose();
    // A step out of view is brought to the middle of the pane, as a find does, rather
    // than to its nearest edge; one already in view stays where the person sees it.
    const node = findLayoutNode(getLayout(), stepNodeId(stepId));
    const { transform, width, height } = flowStore.getState();
    const viewport = { x: transform[0], y: transform[1], zoom: transform[2] };
    if (node && revealViewport(node, viewport, width, height) !== null) {
      void reactFlow.setViewport({
        x: width / 2 - (node.x + node.width / 2) * viewport.zoom,
        y: height / 2 - (node.y + node.height / 2) * viewport.zoom,
        zoom: viewport.zoom,
      });
    }
    // The panel, if open, follows the selection; the card takes focus once drawn (the
    // canvas keeps its tab stop drawn wherever it is, and pans it out from under a drawer).
    store.getState().select({ kind: 'step', stepId });
    focusItem(stepNodeId(stepId));
  };

  const cancel = () => {
    onClose();
    if (returnFocusTo?.isConnected) returnFocusTo.focus({ preventScroll: true });
    else focusItem(ui.getState().activeId);
  };

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    if (event.key === 'Escape' && !event.nativeEvent.isComposing) {
      // Handled here, and no further: whatever lies under this dialog stays open.
      event.preventDefault();
      event.stopPropagation();
      cancel();
    } else if ((event.ctrlKey || event.metaKey) && !event.altKey && event.key.toLowerCase() === 'f') {
      // Again while open: start a new search rather than open the browser's find.
      event.preventDefault();
      event.stopPropagation();
      inputRef.current?.select();
    }
  };

  return (
    <div
      ref={dialogRef}
      role="dialog"
      aria-label={labels.findStep}
      tabIndex={-1}
      className="wfe-floating-dialog wfe-picker wfe-find-step nodrag nopan nowheel"
      onKeyDown={onKeyDown}
      onBlur={(event) => {
        const next = event.relatedTarget as Node | null;
        if (next !== null && !event.currentTarget.contains(next)) onClose();
      }}
    >
      <Command label={labels.findStep} loop shouldFilter={false}>
        <PickerSearch label={labels.findStep} inputRef={inputRef} value={search} onValueChange={setSearch} />
        <Command.List className="wfe-picker-list" label={labels.findStep}>
          {result.options.map((entry) => (
            <Command.Item
              key={entry.stepId}
              value={entry.stepId}
              onSelect={() => jumpTo(entry.stepId)}
              className="wfe-picker-item"
            >
              <span className="wfe-picker-item-icon" aria-hidden="true">
                <ActionIcon icon={entry.icon} size={18} />
              </span>
              <span className="wfe-picker-item-text">
                <span className="wfe-picker-item-label">{entry.name}</span>
                <span className="wfe-picker-item-description">
                  {entry.branchName === null
                    ? entry.actionLabel
                    : `${entry.actionLabel} · ${labels.findStepInBranch(entry.branchName)}`}
                </span>
              </span>
            </Command.Item>
          ))}
        </Command.List>
        {/* Beside the list, not in it: a listbox may hold only options (and groups). */}
        <Command.Empty className="wfe-picker-empty">{labels.noStepsFound}</Command.Empty>
      </Command>
      {/* In the page from the start, so a screen reader follows it as the count changes. */}
      <p className="wfe-find-step-more" aria-live="polite">
        {result.more > 0 ? labels.findStepMore(result.more) : ''}
      </p>
    </div>
  );
}
