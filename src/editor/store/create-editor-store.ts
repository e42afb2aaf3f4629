// ---------------------------------------------------------------------------
// One store per editor instance: the definition (with undo history), selection,
// picker, panel and problems. Every edit goes through `commit`, which applies one
// pure operation from the definition layer, records one undo step (or merges into the
// running typing burst) and tells the host once. Problems follow the definition: at
// once, or (typing in a slow workflow; with `deferValidation` the opening definition
// and added steps) after a paint, with `problemsPending` set meanwhile.
//
// Nothing here is module-level state: two editors on one page never share anything.
// ---------------------------------------------------------------------------

import { temporal, type ZundoOptions } from 'zundo';
import { createStore, type StoreApi } from 'zustand/vanilla';
import {
  addBranch as addBranchOperation,
  changeStepId as changeStepIdOperation,
  createStep,
  duplicateStep as duplicateStepOperation,
  findBranch,
  findStep,
  insertStep,
  moveBranch as moveBranchOperation,
  moveStep as moveStepOperation,
  removeBranch as removeBranchOperation,
  removeStep as removeStepOperation,
  updateBranch as updateBranchOperation,
  updateStep,
  updateTrigger as updateTriggerOperation,
  updateWorkflow,
  validateWorkflow,
  walkSteps,
  withFreshIds,
  WorkflowOperationError,
  type ActionCatalog,
  type InsertionPoint,
  type Problem,
  type Step,
  type Workflow,
} from '../../definition';
import { childLists, isActionStep, isContainerStep } from '../../definition/step-kinds';
import { afterNextPaint, whenIdleAfterPaint } from '../after-paint';
import { NO_SAMPLE_DATA, type SampleData } from '../sample-data';
import { createTextComparer } from './same-text';
import { stepDisplayName } from './selectors';
import { hasAtLeastSteps } from './step-count';
import type {
  AnnouncedEdit,
  AnnouncedPlace,
  EditorHistoryEntry,
  EditorState,
  EditorStore,
  EditorStoreOptions,
} from './types';

/** Default undo history length. */
export const DEFAULT_HISTORY_LIMIT = 100;
/** Default gap (ms) below which edits of one field merge into one undo step. */
export const DEFAULT_BURST_MS = 1000;
/**
 * Validation slower than this (ms), twice running, is put off while a person types: a
 * workflow holding a 2 MB request body takes about 100 ms to validate, several frames
 * per key. Problems then follow DEFERRED_ANALYSIS_MS after typing pauses, or at once
 * when the burst ends (the field loses focus) or any other edit comes.
 */
const SLOW_ANALYSIS_MS = 25;
const DEFERRED_ANALYSIS_MS = 250;
/**
 * Validation slower than this (ms) but not slow (a workflow of a thousand steps takes a
 * few ms) runs right after the frame that shows a typed key, not before it: a key has
 * 16 ms to be painted, and the problems may follow one frame later.
 */
const AFTER_PAINT_ANALYSIS_MS = 2;
/**
 * With `deferValidation`, the opening definition is validated once the page is idle after
 * its first paint (the canvas and its fitting come first), at the latest this long (ms)
 * after that paint.
 */
const OPENING_ANALYSIS_TIMEOUT_MS = 500;
/**
 * With `deferValidation`, a workflow of fewer steps than this is still validated before
 * it is shown: its problems are in its first frame (its badges, the problems list), and
 * putting off a validation of a few dozen steps saves little.
 */
const DEFERRED_VALIDATION_MIN_STEPS = 50;
/** Edits that add a step: with `deferValidation`, their problems follow one frame later. */
const ADDING_EDITS: ReadonlySet<AnnouncedEdit['kind']> = new Set(['added', 'pasted', 'duplicated']);

/** What validation found for a definition without problems: one shared value, so nothing re-renders for a new empty list. */
const NO_PROBLEMS_FOUND: Analysis = { problems: [], problemsByStep: new Map() };

type HostCallbacks = Pick<EditorStoreOptions, 'onChange' | 'canInsertStep' | 'canDeleteStep' | 'onSampleDataChange'>;
type SetState = StoreApi<EditorState>['setState'];

/** What validation found for one definition object. */
interface Analysis {
  problems: readonly Problem[];
  problemsByStep: ReadonlyMap<string, readonly Problem[]>;
}

/**
 * Creates the store of one editor. Call it once per editor (the provider does, lazily);
 * the store is independent of every other store.
 */
export function createEditorStore(options: EditorStoreOptions): EditorStore {
  const callbacks: HostCallbacks = {
    onChange: options.onChange,
    canInsertStep: options.canInsertStep,
    canDeleteStep: options.canDeleteStep,
    onSampleDataChange: options.onSampleDataChange,
  };
  // Sample data is controlled while the host passes `sampleData`. `latestSampleData` is the
  // last value given to the host (or by it), so two changes before the host re-renders
  // build on each other instead of the second undoing the first.
  let sampleDataControlled = options.sampleData !== undefined;
  let latestSampleData: SampleData = options.sampleData ?? NO_SAMPLE_DATA;
  let burstMs = options.burstMs ?? DEFAULT_BURST_MS;
  const now = options.now ?? (() => Date.now());

  // Definitions are immutable, so results keyed by object identity stay true; undo
  // brings back earlier objects, which then cost nothing. The caches are replaced when
  // the catalog or the secrets change: the same workflow may then have other problems,
  // and serialization leaves out config defaults that come from the catalog.
  let analysisCache = new WeakMap<Workflow, Analysis>();
  const texts = createTextComparer();

  // Which step id each id change renamed, by the definition it made: undo and redo bring
  // those definitions back, and the selection (and sample result) follow the id there too.
  const stepIdChanges = new WeakMap<Workflow, { from: string; to: string }>();

  /** The id step `stepId` of `before` has in `after` when one id change lies between them. */
  function followedStepId(before: Workflow, after: Workflow, stepId: string): string | undefined {
    const redone = stepIdChanges.get(after);
    if (redone?.from === stepId && findStep(after, redone.to)) return redone.to;
    const undone = stepIdChanges.get(before);
    if (undone?.to === stepId && findStep(after, undone.from)) return undone.from;
    return undefined;
  }

  // The last two validations' times (ms), to tell whether this workflow is slow to validate.
  const analysisTimes = [0, 0];
  /**
   * How the edit `commit` is applying may leave validation for later: `typing` when this
   * workflow is slow to validate (see SLOW_ANALYSIS_MS), `afterPaint` (an added step, with
   * `deferValidation`) until the frame that shows it, `now` never.
   */
  let editValidation: 'now' | 'typing' | 'afterPaint' = 'now';
  const deferValidation = options.deferValidation ?? false;
  /** Whether validating `definition` may be put off (see DEFERRED_VALIDATION_MIN_STEPS). */
  const mayDefer = (definition: Workflow): boolean =>
    deferValidation && hasAtLeastSteps(definition, DEFERRED_VALIDATION_MIN_STEPS);
  const deferOpening = mayDefer(options.definition);
  /**
   * Set while problems are put off (typing, an added step, the opening definition): cancels
   * the scheduled validation. Non-null means `problems` belong to an earlier definition.
   */
  let deferredAnalysis: (() => void) | null = null;
  // With `deferValidation` the opening definition's validation is pending from the start,
  // but scheduled only once something subscribes: creating a store starts no work.
  const openingAnalysisUnscheduled = (): void => undefined;
  if (deferOpening) deferredAnalysis = openingAnalysisUnscheduled;

  function analyse(definition: Workflow, catalog: ActionCatalog, secrets: readonly string[]): Analysis {
    const cached = analysisCache.get(definition);
    if (cached) return cached;
    const started = performance.now();
    const result = validateWorkflow(definition, { catalog, secrets });
    analysisTimes.shift();
    analysisTimes.push(performance.now() - started);
    if (result.ok) {
      analysisCache.set(definition, NO_PROBLEMS_FOUND);
      return NO_PROBLEMS_FOUND;
    }
    const problems: readonly Problem[] = result.problems;
    const problemsByStep = new Map<string, Problem[]>();
    for (const problem of problems) {
      const key = problem.stepId ?? '';
      const group = problemsByStep.get(key);
      if (group) group.push(problem);
      else problemsByStep.set(key, [problem]);
    }
    const analysis: Analysis = { problems, problemsByStep };
    analysisCache.set(definition, analysis);
    return analysis;
  }

  function sameText(a: Workflow, b: Workflow, catalog: ActionCatalog): boolean {
    return texts.same(a, b, catalog);
  }

  /**
   * Keeps everything that follows from the definition in step with it, whichever path
   * changed it (an action, undo/redo inside zundo, or a plain `setState`).
   */
  function derive(state: EditorState, patch: Partial<EditorState>): Partial<EditorState> {
    const definition = patch.definition ?? state.definition;
    const saved = patch.savedDefinition ?? state.savedDefinition;
    const catalog = patch.catalog ?? state.catalog;
    const secrets = patch.secrets ?? state.secrets;
    const drafts = patch.draftProblems ?? state.draftProblems;
    const definitionChanged = definition !== state.definition;
    const inputsChanged = catalog !== state.catalog || secrets !== state.secrets;
    const draftsChanged = drafts !== state.draftProblems;
    if (!definitionChanged && !inputsChanged && !draftsChanged && saved === state.savedDefinition) return {};

    const derived: Partial<EditorState> = {};
    if (inputsChanged) {
      analysisCache = new WeakMap();
      texts.reset();
    }
    // One validation far over the limit is enough (the first key after a big workflow opened).
    const lastTime = analysisTimes[1]!;
    const slow = analysisTimes.every((time) => time > SLOW_ANALYSIS_MS) || lastTime > 2 * SLOW_ANALYSIS_MS;
    const deferrable =
      definitionChanged &&
      editValidation !== 'now' &&
      !inputsChanged &&
      !draftsChanged &&
      !analysisCache.has(definition);
    if (deferrable && editValidation === 'afterPaint') {
      // The new step is drawn first; its problems (and any it causes) follow a frame later.
      deferredAnalysis?.();
      deferredAnalysis = afterNextPaint(analyseDeferred);
      derived.problemsPending = true;
    } else if (deferrable && editValidation === 'typing' && (slow || lastTime > AFTER_PAINT_ANALYSIS_MS)) {
      // The problems shown stay those of the definition before this key until typing
      // pauses (slow), or until this key has been painted.
      deferredAnalysis?.();
      if (slow) {
        const timer = setTimeout(analyseDeferred, DEFERRED_ANALYSIS_MS);
        deferredAnalysis = () => clearTimeout(timer);
      } else {
        deferredAnalysis = afterNextPaint(analyseDeferred);
      }
      derived.problemsPending = true;
    } else if (definitionChanged || inputsChanged || draftsChanged || deferredAnalysis !== null) {
      deferredAnalysis?.();
      deferredAnalysis = null;
      const { problems, problemsByStep } = withDrafts(analyse(definition, catalog, secrets), drafts);
      derived.problems = problems;
      derived.problemsByStep = problemsByStep;
      derived.problemsPending = false;
    }
    derived.dirty = !sameText(definition, saved, catalog);

    if (definitionChanged) {
      // View state must not point at things the new definition no longer has.
      const selection = patch.selection !== undefined ? patch.selection : state.selection;
      if (selection?.kind === 'step' && !findStep(definition, selection.stepId)) {
        const followed = followedStepId(state.definition, definition, selection.stepId);
        if (followed !== undefined) {
          derived.selection = { kind: 'step', stepId: followed };
        } else {
          derived.selection = null;
          derived.panelOpen = false;
          derived.panelFocusRequest = false;
        }
      }
      const picker = patch.picker !== undefined ? patch.picker : state.picker;
      if (picker && picker.point.branchId !== null && !findBranch(definition, picker.point.branchId)) {
        derived.picker = null;
      }
      const focus = patch.focusRequest !== undefined ? patch.focusRequest : state.focusRequest;
      if (focus?.stepId && !findStep(definition, focus.stepId)) {
        const followed = followedStepId(state.definition, definition, focus.stepId);
        derived.focusRequest = followed === undefined ? null : { ...focus, stepId: followed };
      }
    }
    return derived;
  }

  /**
   * Validates what was left unvalidated (typing, an added step, the opening definition):
   * always the definition of now, so a run put off for an earlier one is never stored.
   */
  function analyseDeferred(): void {
    deferredAnalysis?.();
    deferredAnalysis = null;
    const state = store.getState();
    const { problems, problemsByStep } = withDrafts(
      analyse(state.definition, state.catalog, state.secrets),
      state.draftProblems,
    );
    if (problems !== state.problems || problemsByStep !== state.problemsByStep || state.problemsPending) {
      store.setState({ problems, problemsByStep, problemsPending: false });
    }
  }

  function derivingSetState(setState: SetState): SetState {
    const wrapped = (
      partial: EditorState | Partial<EditorState> | ((state: EditorState) => EditorState | Partial<EditorState>),
      replace?: boolean,
    ) => {
      const apply = (state: EditorState) => {
        const patch = typeof partial === 'function' ? partial(state) : partial;
        return { ...patch, ...derive(state, patch) };
      };
      if (replace) setState((state) => apply(state) as EditorState, true);
      else setState(apply);
    };
    return wrapped;
  }

  // zundo reads `limit` on every save, so setOptions can change it in place.
  const historyOptions: ZundoOptions<EditorState, EditorHistoryEntry> = {
    partialize: (state) => ({ definition: state.definition }),
    // Selection, picker and panel changes leave the definition object alone: no entry.
    equality: (past, current) => past.definition === current.definition,
    limit: options.historyLimit ?? DEFAULT_HISTORY_LIMIT,
  };

  /** The running typing burst: edits with this key before `at + burstMs` merge. */
  let burst: { key: string; at: number } | null = null;

  // What made each definition, so undo and redo can say what they undid or redid: the
  // history holds the very definition objects the edits made, and brings them back.
  const editsByDefinition = new WeakMap<Workflow, AnnouncedEdit>();
  let lastAnnouncementId = 0;

  const store = createStore<EditorState>()((rawSet, get, api) => {
    const withHistory = temporal<EditorState, [], [], EditorHistoryEntry>((set) => {
      /**
       * Applies a new definition as one undo step (or as part of the running burst of
       * `burstKey`), with any view changes in `extra`, and tells the host.
       */
      function commit(next: Workflow, extra: Partial<EditorState> = {}, burstKey?: string, edit?: AnnouncedEdit): void {
        const state = get();
        if (next === state.definition) {
          if (Object.keys(extra).length > 0) set(extra);
          return;
        }
        if (edit) {
          editsByDefinition.set(next, edit);
          extra = { ...extra, announcement: { id: ++lastAnnouncementId, kind: 'edit', edit } };
        } else {
          editsByDefinition.delete(next);
        }
        const time = now();
        const history = (api as EditorStore).temporal.getState();
        const merge = burstKey !== undefined && burst !== null && burst.key === burstKey && time - burst.at < burstMs;
        const pauseHere = merge && history.isTracking;
        if (pauseHere) history.pause();
        if (burstKey !== undefined) editValidation = 'typing';
        else if (edit !== undefined && ADDING_EDITS.has(edit.kind) && mayDefer(next)) editValidation = 'afterPaint';
        try {
          set({ ...extra, definition: next });
        } finally {
          editValidation = 'now';
          if (pauseHere) history.resume();
        }
        burst = burstKey === undefined ? null : { key: burstKey, at: time };
        callbacks.onChange?.(next);
      }

      /**
       * Runs an operation. One the workflow does not allow (an id that went away, a move
       * into itself) is a refused edit: a no-op, never an exception out of an action.
       */
      function attempt<T>(operation: () => T): T | undefined {
        try {
          return operation();
        } catch (error) {
          if (error instanceof WorkflowOperationError) return undefined;
          throw error;
        }
      }

      function mayInsert(point: InsertionPoint): boolean {
        return callbacks.canInsertStep?.(point) ?? true;
      }

      function mayDelete(step: Step): boolean {
        return callbacks.canDeleteStep?.(step) ?? true;
      }

      function insertNewStep(
        step: Step,
        point: InsertionPoint,
        extra: Partial<EditorState>,
        kind: 'added' | 'pasted',
      ): string | null {
        const { definition } = get();
        const inserted = attempt(() => insertStep(definition, point, step));
        if (!inserted) return null;
        const edit: AnnouncedEdit = { kind, stepName: stepDisplayName(step), place: placeOf(inserted, step.id) };
        commit(inserted, { selection: { kind: 'step', stepId: step.id }, ...extra }, undefined, edit);
        return step.id;
      }

      /**
       * Moves the sample result of step `from` to `to`, in place among the others. Sample
       * data is not in the history, so undo and redo of an id change move it back and forth.
       */
      function moveSampleResult(from: string, to: string): void {
        const steps = (sampleDataControlled ? latestSampleData : get().sampleData).steps;
        if (!steps || !Object.hasOwn(steps, from)) return;
        // fromEntries defines own fields, so a host's "__proto__" key stays an entry.
        const moved = Object.fromEntries(
          Object.entries(steps)
            .filter(([key]) => key !== to)
            .map(([key, result]) => [key === from ? to : key, result] as const),
        );
        get().setSampleData((data) => ({ ...data, steps: moved }));
      }

      /** Says that the history just undid or redid the edit that made `definition` (if one did). */
      function announceHistory(kind: 'undo' | 'redo', definition: Workflow): void {
        const edit = editsByDefinition.get(definition) ?? null;
        set({ announcement: { id: ++lastAnnouncementId, kind, edit } });
      }

      const secrets = options.secrets ?? [];
      return {
        definition: options.definition,
        catalog: options.catalog,
        secrets,
        readOnly: options.readOnly ?? false,
        selection: null,
        picker: null,
        panelOpen: false,
        ...(deferOpening ? NO_PROBLEMS_FOUND : analyse(options.definition, options.catalog, secrets)),
        problemsPending: deferOpening,
        draftProblems: new Map(),
        savedDefinition: options.definition,
        dirty: false,
        focusRequest: null,
        panelFocusRequest: false,
        canvasFocusRequest: false,
        clipboard: null,
        announcement: null,
        canUndo: false,
        canRedo: false,
        insertRule: options.canInsertStep ?? null,
        deleteRule: options.canDeleteStep ?? null,
        sampleData: latestSampleData,
        testStepHandler: options.onTestStep ?? null,

        setSampleData(next) {
          const value =
            typeof next === 'function' ? next(sampleDataControlled ? latestSampleData : get().sampleData) : next;
          latestSampleData = value;
          // Outside the definition: no commit, so no undo step and no onChange.
          if (!sampleDataControlled && value !== get().sampleData) set({ sampleData: value });
          callbacks.onSampleDataChange?.(value);
        },

        openPicker(point, anchorId) {
          if (get().readOnly || !mayInsert(point)) return;
          set({ picker: { point, anchorId } });
        },

        closePicker() {
          if (get().picker !== null) set({ picker: null });
        },

        insertAction(actionId, point, insertOptions) {
          const state = get();
          const where = point ?? state.picker?.point;
          if (state.readOnly || !where || !mayInsert(where)) return null;
          const step = attempt(() => createStep(state.definition, actionId, state.catalog, insertOptions));
          if (!step) return null;
          // The panel opens; focus moves into it only when asked (see select's focusPanel).
          return insertNewStep(step, where, { picker: null, panelOpen: true, panelFocusRequest: false }, 'added');
        },

        removeStep(stepId) {
          const state = get();
          if (state.readOnly) return;
          const location = findStep(state.definition, stepId);
          if (!location || !mayDelete(location.step)) return;
          // Deleting a branch step deletes what its branches hold: the host decides for each.
          const held = location.step;
          if (isContainerStep(held) && !everyStep([held], (step) => step === held || mayDelete(step))) return;
          const next = attempt(() => removeStepOperation(state.definition, stepId));
          if (next) commit(next, {}, undefined, { kind: 'deleted', stepName: stepDisplayName(location.step) });
        },

        moveStep(stepId, point) {
          const state = get();
          const location = findStep(state.definition, stepId);
          if (state.readOnly || !location || !mayInsert(point)) return;
          const next = attempt(() => moveStepOperation(state.definition, stepId, point));
          if (next) {
            commit(next, {}, undefined, {
              kind: 'movedTo',
              stepName: stepDisplayName(location.step),
              place: placeOf(next, stepId),
            });
          }
        },

        moveStepBy(stepId, delta) {
          const state = get();
          const location = findStep(state.definition, stepId);
          if (state.readOnly || !location) return;
          const index = location.index + delta;
          if (index < 0 || index >= location.list.length) return;
          const point: InsertionPoint = { branchId: location.branchId, index };
          if (!mayInsert(point)) return;
          const next = attempt(() => moveStepOperation(state.definition, stepId, point));
          const direction = delta < 0 ? 'up' : 'down';
          if (next) commit(next, {}, undefined, { kind: 'moved', stepName: stepDisplayName(location.step), direction });
        },

        duplicateStep(stepId) {
          const state = get();
          const location = findStep(state.definition, stepId);
          if (state.readOnly || !location) return null;
          if (!mayInsert({ branchId: location.branchId, index: location.index + 1 })) return null;
          const duplicated = attempt(() => duplicateStepOperation(state.definition, stepId));
          if (!duplicated) return null;
          commit(duplicated.workflow, { selection: { kind: 'step', stepId: duplicated.stepId } }, undefined, {
            kind: 'duplicated',
            stepName: stepDisplayName(location.step),
          });
          return duplicated.stepId;
        },

        copyStep(stepId) {
          const location = findStep(get().definition, stepId);
          // Definitions are never mutated, so the step object itself is a safe snapshot.
          if (location) set({ clipboard: location.step });
        },

        pasteStep(point) {
          const state = get();
          if (state.readOnly || !state.clipboard || !mayInsert(point)) return null;
          const clipboard = state.clipboard;
          const fresh = attempt(() => withFreshIds(state.definition, clipboard));
          if (!fresh) return null;
          return insertNewStep(fresh, point, {}, 'pasted') || null;
        },

        renameStep(stepId, name) {
          const state = get();
          if (state.readOnly || !findStep(state.definition, stepId)) return;
          const next = attempt(() => updateStep(state.definition, stepId, { name }));
          // Typing a name is a burst like any other field.
          if (next) commit(next, {}, `step:${stepId}:name`);
        },

        changeStepId(stepId, nextId) {
          const state = get();
          if (state.readOnly) {
            return {
              code: 'read_only',
              message: 'The workflow is read-only: step IDs cannot change.',
              params: { id: nextId },
            };
          }
          const result = changeStepIdOperation(state.definition, stepId, nextId);
          if (!result.ok) return result.error;
          if (result.workflow === state.definition) return null;
          stepIdChanges.set(result.workflow, { from: stepId, to: nextId });
          const extra: Partial<EditorState> = {};
          if (state.selection?.kind === 'step' && state.selection.stepId === stepId)
            extra.selection = { kind: 'step', stepId: nextId };
          if (state.focusRequest?.stepId === stepId) extra.focusRequest = { ...state.focusRequest, stepId: nextId };
          if ([...state.draftProblems.values()].some((problem) => problem.stepId === stepId)) {
            extra.draftProblems = new Map(
              [...state.draftProblems].map(([path, problem]) => [
                path,
                problem.stepId === stepId ? { ...problem, stepId: nextId } : problem,
              ]),
            );
          }
          // No burst key: an id change is its own undo step, never part of typing.
          const renamed = findStep(state.definition, stepId)?.step;
          const announced: AnnouncedEdit | undefined = renamed && {
            kind: 'idChanged',
            stepName: stepDisplayName(renamed),
            stepId: nextId,
          };
          commit(result.workflow, extra, undefined, announced);
          moveSampleResult(stepId, nextId);
          return null;
        },

        updateStepConfig(stepId, config, field) {
          const state = get();
          const location = findStep(state.definition, stepId);
          if (state.readOnly || !isActionStep(location?.step)) return;
          const next = attempt(() => updateStep(state.definition, stepId, { config }));
          if (next) commit(next, {}, field === undefined ? undefined : `step:${stepId}:config:${field}`);
        },

        endBurst() {
          burst = null;
          get().flushValidation();
        },

        flushValidation() {
          if (deferredAnalysis !== null) analyseDeferred();
        },

        updateTrigger(patch, field) {
          const state = get();
          if (state.readOnly) return;
          const next = attempt(() => updateTriggerOperation(state.definition, patch));
          if (next) commit(next, {}, field === undefined ? undefined : `trigger:${field}`);
        },

        updateWorkflowInfo(patch, field) {
          const state = get();
          if (state.readOnly) return;
          const next = attempt(() => updateWorkflow(state.definition, patch));
          if (next) commit(next, {}, field === undefined ? undefined : `workflow:${field}`);
        },

        addBranch(branchStepId, branchOptions) {
          const state = get();
          if (state.readOnly) return null;
          const added = attempt(() => addBranchOperation(state.definition, branchStepId, branchOptions));
          if (!added) return null;
          // The operation names the branch; the new id is the one the owner did not have.
          const before = new Set(branchIdsOf(state.definition, branchStepId));
          const branchId = branchIdsOf(added, branchStepId).find((id) => !before.has(id)) ?? '';
          commit(added);
          return branchId;
        },

        removeBranch(branchId) {
          const state = get();
          if (state.readOnly) return;
          const location = findBranch(state.definition, branchId);
          if (!location) return;
          if (!everyStep(location.branch.steps, mayDelete)) return;
          const next = attempt(() => removeBranchOperation(state.definition, branchId));
          if (next) commit(next);
        },

        updateBranch(branchId, patch, field) {
          const state = get();
          if (state.readOnly) return;
          const next = attempt(() => updateBranchOperation(state.definition, branchId, patch));
          if (next) commit(next, {}, field === undefined ? undefined : `branch:${branchId}:${field}`);
        },

        moveBranch(branchId, toIndex) {
          const state = get();
          if (state.readOnly) return;
          const next = attempt(() => moveBranchOperation(state.definition, branchId, toIndex));
          if (next) commit(next);
        },

        select(selection, selectOptions) {
          const state = get();
          if (selection?.kind === 'step' && !findStep(state.definition, selection.stepId)) return;
          const panelOpen = selection === null ? false : (selectOptions?.openPanel ?? state.panelOpen);
          set({
            selection,
            panelOpen,
            // A request belongs to the selection it was made with; any other selection drops it.
            panelFocusRequest: panelOpen && selectOptions?.focusPanel === true,
          });
        },

        closePanel() {
          const state = get();
          if (state.panelOpen || state.panelFocusRequest) set({ panelOpen: false, panelFocusRequest: false });
        },

        clearPanelFocusRequest() {
          if (get().panelFocusRequest) set({ panelFocusRequest: false });
        },

        requestCanvasFocus() {
          if (!get().canvasFocusRequest) set({ canvasFocusRequest: true });
        },

        clearCanvasFocusRequest() {
          if (get().canvasFocusRequest) set({ canvasFocusRequest: false });
        },

        focusProblem(problem) {
          const state = get();
          const stepId =
            problem.stepId !== undefined && findStep(state.definition, problem.stepId) ? problem.stepId : null;
          set({
            selection: stepId === null ? { kind: 'trigger' } : { kind: 'step', stepId },
            panelOpen: true,
            // The problem's field is where focus goes, not the panel's first field.
            panelFocusRequest: false,
            focusRequest: { stepId, path: problem.path },
          });
        },

        clearFocusRequest() {
          if (get().focusRequest !== null) set({ focusRequest: null });
        },

        setDraftProblem(stepId, path, message) {
          const current = get().draftProblems;
          const existing = current.get(path);
          if (message === null ? existing === undefined : existing?.message === message) return;
          const next = new Map(current);
          if (message === null) next.delete(path);
          else next.set(path, { path, message, code: 'json_syntax', ...(stepId === null ? {} : { stepId }) });
          set({ draftProblems: next });
        },

        undo() {
          if (get().readOnly) return;
          const history = (api as EditorStore).temporal.getState();
          if (history.pastStates.length === 0) return;
          burst = null;
          const undone = get().definition;
          history.undo();
          const idChange = stepIdChanges.get(undone);
          if (idChange) moveSampleResult(idChange.to, idChange.from);
          announceHistory('undo', undone);
          callbacks.onChange?.(get().definition);
        },

        redo() {
          if (get().readOnly) return;
          const history = (api as EditorStore).temporal.getState();
          if (history.futureStates.length === 0) return;
          burst = null;
          history.redo();
          const idChange = stepIdChanges.get(get().definition);
          if (idChange) moveSampleResult(idChange.from, idChange.to);
          announceHistory('redo', get().definition);
          callbacks.onChange?.(get().definition);
        },

        importDefinition(definition) {
          if (get().readOnly) return;
          commit(definition, {}, undefined, { kind: 'imported', workflowName: definition.name });
        },

        syncFromHost(definition) {
          const state = get();
          // A host that stores what onChange gave it (or a copy of it) is echoing, not replacing.
          if (sameText(definition, state.definition, state.catalog)) return;
          burst = null;
          const history = (api as EditorStore).temporal.getState();
          const pauseHere = history.isTracking;
          if (pauseHere) history.pause();
          try {
            set({ definition, savedDefinition: definition });
          } finally {
            if (pauseHere) history.resume();
          }
        },

        markSaved(definition) {
          set({ savedDefinition: definition ?? get().definition });
        },

        setOptions(next) {
          if ('onChange' in next) callbacks.onChange = next.onChange;
          if ('canInsertStep' in next) callbacks.canInsertStep = next.canInsertStep;
          if ('canDeleteStep' in next) callbacks.canDeleteStep = next.canDeleteStep;
          if (next.burstMs !== undefined) burstMs = next.burstMs;
          if (next.historyLimit !== undefined) historyOptions.limit = next.historyLimit;
          if ('onSampleDataChange' in next) callbacks.onSampleDataChange = next.onSampleDataChange;
          const state = get();
          const patch: Partial<EditorState> = {};
          if ('sampleData' in next) {
            sampleDataControlled = next.sampleData !== undefined;
            if (next.sampleData !== undefined) {
              latestSampleData = next.sampleData;
              if (next.sampleData !== state.sampleData) patch.sampleData = next.sampleData;
            }
          }
          if ('onTestStep' in next && (next.onTestStep ?? null) !== state.testStepHandler) {
            patch.testStepHandler = next.onTestStep ?? null;
          }
          if (next.catalog !== undefined && next.catalog !== state.catalog) patch.catalog = next.catalog;
          if (next.secrets !== undefined && !sameNames(next.secrets, state.secrets)) patch.secrets = next.secrets;
          if (next.readOnly !== undefined && next.readOnly !== state.readOnly) {
            patch.readOnly = next.readOnly;
            if (next.readOnly) {
              patch.picker = null;
              burst = null;
            }
          }
          if ('canInsertStep' in next && (next.canInsertStep ?? null) !== state.insertRule) {
            patch.insertRule = next.canInsertStep ?? null;
          }
          if ('canDeleteStep' in next && (next.canDeleteStep ?? null) !== state.deleteRule) {
            patch.deleteRule = next.canDeleteStep ?? null;
          }
          if (Object.keys(patch).length > 0) set(patch);
        },
      };
    }, historyOptions);

    // zundo undoes and redoes through the `set` it is given, and wraps `api.setState`:
    // both must derive problems and dirtiness, so both get the deriving wrapper first.
    const derivingSet = derivingSetState(rawSet);
    api.setState = derivingSetState(api.setState);

    // The first subscriber (the provider's first render being committed) schedules the
    // opening validation: a store created during a render that is thrown away never is.
    const subscribe = api.subscribe;
    api.subscribe = (listener) => {
      if (deferredAnalysis === openingAnalysisUnscheduled) {
        deferredAnalysis = whenIdleAfterPaint(analyseDeferred, OPENING_ANALYSIS_TIMEOUT_MS);
      }
      return subscribe(listener);
    };
    const initial = withHistory(derivingSet, get, api);

    const history = (api as EditorStore).temporal;
    history.subscribe((temporalState) => {
      const canUndo = temporalState.pastStates.length > 0;
      const canRedo = temporalState.futureStates.length > 0;
      const state = get();
      if (state.canUndo !== canUndo || state.canRedo !== canRedo) rawSet({ canUndo, canRedo });
    });
    return initial;
  });

  return store as EditorStore;
}

/** Validation's problems with the drafts added after them. */
function withDrafts(analysis: Analysis, drafts: ReadonlyMap<string, Problem>): Analysis {
  if (drafts.size === 0) return analysis;
  const problems = [...analysis.problems, ...drafts.values()];
  const problemsByStep = new Map<string, Problem[]>();
  for (const [key, group] of analysis.problemsByStep) problemsByStep.set(key, [...group]);
  for (const draft of drafts.values()) {
    const key = draft.stepId ?? '';
    const group = problemsByStep.get(key);
    if (group) group.push(draft);
    else problemsByStep.set(key, [draft]);
  }
  return { problems, problemsByStep };
}

/** Whether `holds` is true of every step in `steps`, nested ones included (stops at the first that is not). */
function everyStep(steps: readonly Step[], holds: (step: Step) => boolean): boolean {
  let all = true;
  walkSteps(steps, ({ step }) => (all = holds(step)));
  return all;
}

/** Where step `stepId` is in `definition`, as an announcement says it. */
function placeOf(definition: Workflow, stepId: string): AnnouncedPlace {
  const location = findStep(definition, stepId);
  if (!location) return { kind: 'afterTrigger' };
  const before = location.list[location.index - 1];
  if (before) return { kind: 'afterStep', stepName: stepDisplayName(before) };
  if (location.branchId === null) return { kind: 'afterTrigger' };
  const branch = findBranch(definition, location.branchId)?.branch;
  return { kind: 'branchStart', branchName: branch && branch.name.trim() !== '' ? branch.name : location.branchId };
}

function branchIdsOf(definition: Workflow, branchStepId: string): string[] {
  const step = findStep(definition, branchStepId)?.step;
  return step ? childLists(step).map(({ holder }) => holder.id) : [];
}

/** Same secret names in the same order: hosts often pass a new array literal each render. */
function sameNames(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((name, index) => name === b[index]);
}
