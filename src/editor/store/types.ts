// ---------------------------------------------------------------------------
// The editor store's shape. Components code against these
// types, so changes here are additive only.
// ---------------------------------------------------------------------------

import type { TemporalState } from 'zundo';
import type { StoreApi } from 'zustand/vanilla';
import type {
  ActionCatalog,
  Condition,
  InsertionPoint,
  JsonObject,
  Problem,
  Step,
  StepIdError,
  Trigger,
  Workflow,
} from '../../definition';
import type { TestStepHandler } from '../panel/test-step/types';
import type { SampleData } from '../sample-data';

/** What the configuration panel shows: the trigger, one step, or nothing. */
export type Selection = { kind: 'trigger' } | { kind: 'step'; stepId: string } | null;

/** The open action picker. */
export interface PickerState {
  point: InsertionPoint;
  /** DOM id of the "+" button that opened it: the picker anchors to it and returns focus to it. */
  anchorId: string;
}

/**
 * Where a step is, as an announcement says it: right after the trigger, right after
 * another step (by its name), or first in a branch (by the branch's name).
 */
export type AnnouncedPlace =
  { kind: 'afterTrigger' } | { kind: 'afterStep'; stepName: string } | { kind: 'branchStart'; branchName: string };

/**
 * An edit of the workflow's steps that a screen-reader user hears about. Names are the
 * ones the steps had when the edit was made (a deleted step's name, say).
 */
export type AnnouncedEdit =
  | { kind: 'added'; stepName: string; place: AnnouncedPlace }
  | { kind: 'deleted'; stepName: string }
  | { kind: 'moved'; stepName: string; direction: 'up' | 'down' }
  | { kind: 'movedTo'; stepName: string; place: AnnouncedPlace }
  | { kind: 'duplicated'; stepName: string }
  | { kind: 'pasted'; stepName: string; place: AnnouncedPlace }
  | { kind: 'idChanged'; stepName: string; stepId: string }
  | { kind: 'imported'; workflowName: string };

/**
 * What the editor's live region should say next. Words come from the labels (see
 * `announcementText`), so the store holds what happened, not text.
 */
export interface Announcement {
  /** Grows with every announcement: the same words twice are two announcements. */
  id: number;
  /** `edit`: `edit` just happened; `undo` / `redo`: `edit` was undone / redone. */
  kind: 'edit' | 'undo' | 'redo';
  /**
   * The edit; `null` for an undo or redo of something not announced when it was made
   * (typing, branch and trigger changes, an import): then only "Undone" / "Redone".
   */
  edit: AnnouncedEdit | null;
}

/** Options of {@link createEditorStore}. */
export interface EditorStoreOptions {
  definition: Workflow;
  catalog: ActionCatalog;
  /** Secret names the host offers (values never reach the editor). @default [] */
  secrets?: readonly string[];
  /** Refuses every edit; selection and the panel still work. @default false */
  readOnly?: boolean;
  /** Host restriction: return false to refuse inserting (also pasting, moving) at `point`. */
  canInsertStep?: (point: InsertionPoint) => boolean;
  /** Host restriction: return false to refuse deleting `step`. */
  canDeleteStep?: (step: Step) => boolean;
  /** Called with every new definition the person makes (never for host-driven replacements). */
  onChange?: (definition: Workflow) => void;
  /** Undo history length. @default 100 */
  historyLimit?: number;
  /** Edits to one field closer together than this many ms become one undo step. @default 1000 */
  burstMs?: number;
  /** The clock burst grouping reads; tests pass a fake one. @default Date.now */
  now?: () => number;
  /**
   * Controlled sample data (trigger payload, earlier test results): the store shows this
   * and reports changes to `onSampleDataChange`. Absent: the store keeps its own, starting
   * empty. Never part of the definition, its export or its undo history.
   */
  sampleData?: SampleData;
  /** Called with the next sample data whenever a person (or a test) changes it. */
  onSampleDataChange?: (next: SampleData) => void;
  /** Runs "Test step" on the host's side (where its secrets are). */
  onTestStep?: TestStepHandler;
  /**
   * Finds the problems of the opening definition once the page is idle after the first
   * paint, and those of an added step (insert, paste, duplicate) after the frame that
   * shows it, instead of before the state changes: validating a workflow of a thousand
   * steps takes longer than a frame. Workflows of fewer than 50 steps are validated at
   * once as without it (their problems are in the first frame). Meanwhile `problems` are the earlier ones (none at
   * first) and `problemsPending` is true; `flushValidation()` (or `endBurst()`) brings
   * them up to date at once, for what must not act on stale ones (Publish, a test run).
   * The scheduled validation starts once something subscribes to the store, so a store
   * that is created and thrown away (a StrictMode render) does no work.
   * The provider turns it on. @default false
   */
  deferValidation?: boolean;
}

/** Where the panel should move focus after "choose a problem". */
export interface FocusRequest {
  /** `null` for the trigger / workflow-level fields. */
  stepId: string | null;
  /** JSON Pointer of the field, as in {@link Problem.path}. */
  path: string;
}

/** The state and actions of one editor instance. */
export interface EditorState {
  definition: Workflow;
  catalog: ActionCatalog;
  secrets: readonly string[];
  readOnly: boolean;
  selection: Selection;
  picker: PickerState | null;
  /** The configuration panel shows the selection when true. */
  panelOpen: boolean;
  /**
   * From validateWorkflow(definition, { catalog, secrets }), recomputed when the definition
   * changes, plus the {@link EditorState.draftProblems} of text that does not parse yet.
   */
  problems: readonly Problem[];
  /** problems grouped by stepId ('' for workflow-level/trigger problems). */
  problemsByStep: ReadonlyMap<string, readonly Problem[]>;
  /**
   * True while `problems` are those of an earlier definition: validation was put off
   * (typing in a slow workflow, or {@link EditorStoreOptions.deferValidation}) and has not
   * run yet. `flushValidation()` runs it now.
   */
  problemsPending: boolean;
  /** The definition last given by the host or last saved; `dirty` = definition differs from it (by serialized text). */
  savedDefinition: Workflow;
  dirty: boolean;
  /**
   * Problems of text a person is typing that is not in the definition yet (a JSON body
   * that does not parse: the definition keeps the last valid one). Keyed by JSON Pointer;
   * they count in `problems` so the step's badge shows them until the text is fixed.
   */
  draftProblems: ReadonlyMap<string, Problem>;
  /** A field to focus after selecting (set by "choose a problem"); the panel focuses and clears it. */
  focusRequest: FocusRequest | null;
  /**
   * The open panel should move focus to its first field once that field exists (a person
   * opened it from the keyboard, or chose an action in the picker); the panel clears it.
   */
  panelFocusRequest: boolean;
  /**
   * The canvas should focus the selected step's card (or the trigger's), or its current
   * tab stop when nothing drawn is selected: set when the panel goes away while it held
   * focus, so focus does not fall to the page. The canvas clears it.
   */
  canvasFocusRequest: boolean;
  clipboard: Step | null;
  canUndo: boolean;
  canRedo: boolean;
  /**
   * The host's `canInsertStep`, or null when it restricts nothing. Kept in state (a new
   * function only when the host gives another one) so the canvas re-draws its "+"
   * buttons when the rule changes, and hides the ones the host refuses.
   */
  insertRule: ((point: InsertionPoint) => boolean) | null;
  /** The host's `canDeleteStep`, or null when it restricts nothing (the step menu disables "Delete"). */
  deleteRule: ((step: Step) => boolean) | null;
  /**
   * The last insert, delete, move, duplicate, paste, undo or redo, for the editor's polite
   * live region; null until the first. Typing and other field edits leave it alone.
   */
  announcement: Announcement | null;
  /**
   * Sample trigger data and earlier test results: the host's (`sampleData` prop) or the
   * store's own. Not part of the definition, so never exported and never undone.
   */
  sampleData: SampleData;
  /** The host's `onTestStep`, or null: "Test step" then runs in the page when it can. */
  testStepHandler: TestStepHandler | null;

  // --- every action below that changes the definition is ONE undo step and calls onChange once ---
  /** Opens the action picker for `point` (refused when read-only or the host forbids inserting there). */
  openPicker(point: InsertionPoint, anchorId: string): void;
  closePicker(): void;
  /** Inserts a new step of `actionId` at the picker's point (or `point`), selects it, opens the panel. Returns the new step id, or null when refused. */
  insertAction(actionId: string, point?: InsertionPoint, options?: { name?: string }): string | null;
  removeStep(stepId: string): void;
  moveStep(stepId: string, point: InsertionPoint): void;
  /** -1 = move up, +1 = move down within its list (no-op at the ends). */
  moveStepBy(stepId: string, delta: -1 | 1): void;
  /** Inserts a copy (fresh ids) right after the step; returns its id, or null when refused. */
  duplicateStep(stepId: string): string | null;
  copyStep(stepId: string): void;
  /** Pastes the clipboard (fresh ids) at `point`; returns the new id, or null when refused. */
  pasteStep(point: InsertionPoint): string | null;
  renameStep(stepId: string, name: string): void;
  /**
   * Gives step `stepId` the id `nextId` and rewrites every reference to it, as ONE undo
   * step (never merged into a typing burst). Selection, the open panel and the step's
   * sample result follow the new id (and follow it back on undo). Returns why the id was
   * refused (nothing changes then), or null once done (also when it already was `nextId`).
   */
  changeStepId(stepId: string, nextId: string): StepIdRefusal | null;
  /**
   * Replaces a step's config. `field` (e.g. "url") groups a burst of typing in one field
   * into one undo step (edits of the same stepId+field less than burstMs apart); call
   * `endBurst()` on blur to close the burst.
   */
  updateStepConfig(stepId: string, config: JsonObject, field?: string): void;
  endBurst(): void;
  /**
   * Validates the definition now if its problems were put off (see `problemsPending`), so
   * `problems` read right after it belong to the current definition. Cheap when nothing is
   * pending. `endBurst()` does this too.
   */
  flushValidation(): void;
  updateTrigger(patch: Partial<Trigger>, field?: string): void;
  updateWorkflowInfo(patch: { name?: string; description?: string }, field?: string): void;
  /** Adds a branch before the default branch; returns its id, or null when refused. */
  addBranch(branchStepId: string, options?: { name?: string }): string | null;
  removeBranch(branchId: string): void;
  updateBranch(branchId: string, patch: { name?: string; when?: Condition | null }, field?: string): void;
  moveBranch(branchId: string, toIndex: number): void;
  /** `focusPanel`: with the panel open, move focus into it (see {@link EditorState.panelFocusRequest}). */
  select(selection: Selection, options?: { openPanel?: boolean; focusPanel?: boolean }): void;
  closePanel(): void;
  clearPanelFocusRequest(): void;
  /** Asks the canvas to take focus (see {@link EditorState.canvasFocusRequest}). */
  requestCanvasFocus(): void;
  clearCanvasFocusRequest(): void;
  /** Selects the problem's step (or trigger), opens the panel and sets focusRequest. */
  focusProblem(problem: Problem): void;
  clearFocusRequest(): void;
  /**
   * Records (a message) or clears (`null`) the problem of a field's unparsed draft text
   * at `path` (JSON Pointer into the definition) of step `stepId`.
   */
  setDraftProblem(stepId: string | null, path: string, message: string | null): void;
  undo(): void;
  redo(): void;
  /** Replaces the definition as ONE undo step (import). Calls onChange. */
  importDefinition(definition: Workflow): void;
  /** Host gave a new `definition` prop: replace without an undo entry and without calling onChange. */
  syncFromHost(definition: Workflow): void;
  /** After a successful save: savedDefinition = definition. */
  markSaved(definition?: Workflow): void;
  /**
   * Changes the sample data (a value, or a function of the current one): calls
   * `onSampleDataChange`; while the host controls `sampleData` the new value shows once
   * the host passes it back. No undo step, no `onChange`.
   */
  setSampleData(next: SampleData | ((current: SampleData) => SampleData)): void;
  /** Update non-definition options from props (catalog, secrets, readOnly, callbacks) without remounting. */
  setOptions(options: Partial<Omit<EditorStoreOptions, 'definition'>>): void;
}

/** Why {@link EditorState.changeStepId} refused a new id: the definition layer's reason, or a read-only editor. */
export type StepIdRefusal = StepIdError | { code: 'read_only'; message: string; params: { id: string } };

/** What the undo history holds: the definition only. */
export interface EditorHistoryEntry {
  definition: Workflow;
}

/** One editor's store: a zustand vanilla store with zundo's `temporal` store beside it. */
export type EditorStore = StoreApi<EditorState> & {
  temporal: StoreApi<TemporalState<EditorHistoryEntry>>;
};
