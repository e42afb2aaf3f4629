// ---------------------------------------------------------------------------
// The editor's toolbar: workflow name, status, Undo / Redo, Export / Import JSON, Save
// and Publish. Save and Publish hand the definition to the host, which may answer with
// a promise: while it is pending the button says so and refuses another click; a
// rejection is shown and the changes stay unsaved. Publish validates first and, when
// anything is wrong, shows the problems instead of publishing.
//
// Publish also refuses a workflow without steps. The definition layer accepts one (a new
// draft is empty) and its problem codes are a closed list, so this is a check of the
// toolbar's own: counted in the "Fix N problems" message and listed under the toolbar,
// never handed to `onPublishBlocked` as a `Problem`.
//
// Export and Import open this package's dialogs unless the host passes its own openers;
// their code loads apart from the editor's initial code (LazyDialogs.tsx).
//
// Inside the editor, "Test workflow" runs the whole workflow with the sample trigger and
// the canvas draws it live; while it runs the same button says "Stop". With problems it
// lists them instead, as Publish does. "Clear run" leaves run view.
//
// It stays one row at every width. In a narrow editor (container queries in toolbar.css)
// "Export JSON" and "Import JSON" move into a "More actions" menu button; below 640 px
// Undo and Redo show as icons and "Compare with published" joins the menu, and in the
// narrowest (a phone) Undo and Redo join it too, so the name keeps room; every form is
// always rendered and CSS shows one, so the breakpoints live in one place. With the
// comparison's controls (a published version to compare with) the first two folds come
// a breakpoint earlier: the menu (with "Test workflow" and "Clear run") below 1,200 px,
// the icons below 900 px.
// ---------------------------------------------------------------------------

import { useEffect, useId, useLayoutEffect, useRef, useState, type ReactElement, type RefObject } from 'react';
import type { Problem, Workflow } from '../../definition';
import { useCompareToggle } from '../compare/compare-state';
import { CompareControls } from '../compare/CompareControls';
import { preloadTestRun, useTestRun } from '../run/test-run';
import { selectCanRedo, selectCanUndo, selectDirty, selectReadOnly } from '../store';
import { useLabels, useWorkflowEditor, useWorkflowEditorStore } from '../WorkflowEditorProvider';
import { ImportDialog, preloadImportDialog, preloadWorkflowExportDialog, WorkflowExportDialog } from './LazyDialogs';
import { MoreActionsMenu, type MenuEntry } from './MoreActionsMenu';
import { ProblemsList } from './ProblemsList';
import { useDisabledKeepingFocus } from './use-disabled-keeping-focus';
import { useLeaveWarning } from './use-leave-warning';

/** The workflow's publication status, as the host knows it. */
export type WorkflowStatus = 'draft' | 'published';

/** Props of {@link Toolbar}. */
export interface ToolbarProps {
  /** Shown as "Draft" or "Published". @default "draft" */
  status?: WorkflowStatus;
  /**
   * Saves the definition. May return a promise: "Save" shows it is pending and refuses
   * another click until it settles; a rejection is shown and the changes stay unsaved.
   * Without it there is no "Save" button.
   */
  onSave?: (definition: Workflow) => void | Promise<void>;
  /**
   * Publishes the definition; called only when it validates. Pending and rejection work
   * as for `onSave`; a successful publish also counts as saved. Without it there is no
   * "Publish" button.
   */
  onPublish?: (definition: Workflow) => void | Promise<void>;
  /** Asks the browser to confirm leaving the page while there are unsaved changes. @default false */
  warnOnUnsavedChanges?: boolean;
  /** Opens the host's export UI instead of the built-in "Export JSON" dialog. */
  onExport?: () => void;
  /** Opens the host's import UI instead of the built-in "Import JSON" dialog. */
  onImport?: () => void;
  /**
   * "Publish" (or "Test workflow") found problems. Without it the toolbar shows its own
   * problems list; with it the host shows them (e.g. opens its problems panel).
   */
  onPublishBlocked?: (problems: readonly Problem[]) => void;
  /** Extra class on the toolbar. */
  className?: string;
}

type Pending = 'save' | 'publish' | null;
type Outcome =
  | { kind: 'saved' | 'published' }
  | { kind: 'error'; message: string }
  | { kind: 'blocked' | 'testBlocked'; count: number }
  | null;

/** What the toolbar itself refuses to publish, besides the definition's problems, in words. */
function publishChecks(noSteps: boolean, labels: { publishNeedsSteps: string }): string[] {
  return noSteps ? [labels.publishNeedsSteps] : [];
}

function reasonOf(error: unknown): string {
  if (error instanceof Error && error.message !== '') return error.message;
  if (typeof error === 'string' && error !== '') return error;
  return 'unknown error';
}

/** Whether the text of `input` is wider than the field (shown cut short), kept up to date as either changes. */
function useTextCutShort(inputRef: RefObject<HTMLInputElement | null>, text: string): boolean {
  const [cutShort, setCutShort] = useState(false);
  useLayoutEffect(() => {
    const input = inputRef.current;
    if (!input) return undefined;
    const measure = (): void => setCutShort(input.scrollWidth > input.clientWidth + 1);
    if (typeof ResizeObserver === 'undefined') {
      measure();
      return undefined;
    }
    // A new observation is delivered once at once, after the browser's own layout: measuring
    // there, not here, keeps the first commit from forcing the page's first style and layout
    // (the tooltip may appear a frame later, which nobody can see).
    const observer = new ResizeObserver(measure);
    observer.observe(input);
    return () => observer.disconnect();
  }, [inputRef, text]);
  return cutShort;
}

/** Undo and Redo: words in a wide toolbar, an icon (the words still its name) in a narrow one. */
function HistoryButton(props: {
  label: string;
  glyph: 'undo' | 'redo';
  disabled: boolean;
  onClick: () => void;
}): ReactElement {
  const disabling = useDisabledKeepingFocus(props.disabled);
  return (
    <button
      type="button"
      className="wfe-button wfe-toolbar-icon-button"
      title={props.label}
      {...disabling}
      onClick={() => {
        if (!props.disabled) props.onClick();
      }}
    >
      <svg className="wfe-toolbar-icon" viewBox="0 0 16 16" aria-hidden="true" focusable="false">
        {props.glyph === 'undo' ? (
          <path d="M5.5 3 2.5 6l3 3M2.5 6h7a4 4 0 0 1 0 8H7" />
        ) : (
          <path d="m10.5 3 3 3-3 3M13.5 6h-7a4 4 0 0 0 0 8H9" />
        )}
      </svg>
      <span className="wfe-toolbar-button-text">{props.label}</span>
    </button>
  );
}

/** The editor's toolbar, connected to the nearest `<WorkflowEditorProvider>`. */
export function Toolbar(props: ToolbarProps): ReactElement {
  const {
    status = 'draft',
    onSave,
    onPublish,
    warnOnUnsavedChanges = false,
    onExport,
    onImport,
    onPublishBlocked,
    className,
  } = props;
  const labels = useLabels();
  const store = useWorkflowEditorStore();
  const name = useWorkflowEditor((state) => state.definition.name);
  const canUndo = useWorkflowEditor(selectCanUndo);
  const canRedo = useWorkflowEditor(selectCanRedo);
  const dirty = useWorkflowEditor(selectDirty);
  const readOnly = useWorkflowEditor(selectReadOnly);
  // Live, so the listed check goes away as soon as it is met (a step added).
  const noSteps = useWorkflowEditor((state) => state.definition.steps.length === 0);
  const checks = publishChecks(noSteps, labels);
  const [pending, setPending] = useState<Pending>(null);
  const [outcome, setOutcome] = useState<Outcome>(null);
  const [dialog, setDialog] = useState<'export' | 'import' | null>(null);
  const [problemsOpen, setProblemsOpen] = useState(false);
  const nameId = useId();
  const nameRef = useRef<HTMLInputElement>(null);
  const testRun = useTestRun();
  const compare = useCompareToggle();
  const testButtonRef = useRef<HTMLButtonElement>(null);
  const toolbarRef = useRef<HTMLDivElement>(null);
  const nameCutShort = useTextCutShort(nameRef, name);
  // A synchronous guard as well as state: two clicks in one frame both see `pending === null`.
  const pendingRef = useRef<Pending>(null);
  const mounted = useRef(true);
  useEffect(() => {
    mounted.current = true;
    return () => {
      mounted.current = false;
    };
  }, []);

  useLeaveWarning(warnOnUnsavedChanges);

  const run = async (
    kind: 'save' | 'publish',
    callback: (definition: Workflow) => void | Promise<void>,
  ): Promise<void> => {
    const definition = store.getState().definition;
    pendingRef.current = kind;
    setPending(kind);
    setOutcome(null);
    try {
      await callback(definition);
      // What was handed over is saved; edits made meanwhile stay unsaved.
      store.getState().markSaved(definition);
      if (mounted.current) setOutcome({ kind: kind === 'save' ? 'saved' : 'published' });
    } catch (error) {
      if (mounted.current)
        setOutcome({
          kind: 'error',
          message: (kind === 'save' ? labels.saveFailed : labels.publishFailed)(reasonOf(error)),
        });
    } finally {
      pendingRef.current = null;
      if (mounted.current) setPending(null);
    }
  };

  const save = (): void => {
    if (!onSave || pendingRef.current !== null || !store.getState().dirty || store.getState().readOnly) return;
    void run('save', onSave);
  };

  const publish = (): void => {
    if (!onPublish || pendingRef.current !== null || store.getState().readOnly) return;
    store.getState().endBurst();
    const problems = store.getState().problems;
    const failedChecks = publishChecks(store.getState().definition.steps.length === 0, labels);
    if (problems.length > 0 || failedChecks.length > 0) {
      setOutcome({ kind: 'blocked', count: problems.length + failedChecks.length });
      // The toolbar lists its own checks; the problems list (or the host) the definition's problems.
      if (problems.length > 0) {
        if (onPublishBlocked) onPublishBlocked(problems);
        else setProblemsOpen(true);
      }
      return;
    }
    void run('publish', onPublish);
  };

  const testing = testRun?.phase.kind === 'running';
  const showTest = testRun !== null && testRun.canTest && !readOnly;
  const testWorkflow = (): void => {
    if (!testRun) return;
    if (testRun.phase.kind === 'running') {
      testRun.stop();
      return;
    }
    const started = testRun.start();
    if (!started) {
      setOutcome((current) => (current?.kind === 'testBlocked' || current?.kind === 'blocked' ? null : current));
      return;
    }
    setOutcome({ kind: 'testBlocked', count: started.blocked.length });
    if (onPublishBlocked) onPublishBlocked(started.blocked);
    else setProblemsOpen(true);
  };
  const clearRun = (): void => {
    testRun?.clear();
    // The button goes away with the run: focus goes to "Test workflow" (or, when there is
    // none, the toolbar's first control) rather than the page.
    const fallback = toolbarRef.current?.querySelector<HTMLElement>('button:not([disabled]), input:not([disabled])');
    (testButtonRef.current ?? fallback)?.focus();
  };
  const runEntries: MenuEntry[] = [
    ...(showTest ? [{ label: testing ? labels.stopTestWorkflow : labels.testWorkflow, onSelect: testWorkflow }] : []),
    ...(testRun?.canClear ? [{ label: labels.clearRun, onSelect: clearRun }] : []),
  ];

  // "Saved" and "Published" were about what was handed over: a later change ends them,
  // so an undo back to that state does not bring them back.
  useEffect(() => {
    if (dirty) setOutcome((current) => (current?.kind === 'saved' || current?.kind === 'published' ? null : current));
  }, [dirty]);

  const saveDisabled = readOnly || !dirty;
  // Saving disables Save: the focus that pressed it stays there.
  const saveDisabling = useDisabledKeepingFocus(saveDisabled);
  const publishDisabled = readOnly;

  let message: string | null = null;
  if (pending === 'save') message = labels.saving;
  else if (pending === 'publish') message = labels.publishing;
  // "Saved" and "Published" hold only while nothing changed since; and "Published" only
  // once the host's status says so, so the message never contradicts the dot or the badge.
  else if (outcome?.kind === 'saved' && !dirty) message = labels.saved;
  else if (outcome?.kind === 'published' && !dirty)
    message = status === 'published' ? labels.publishedNow : labels.saved;
  else if (outcome?.kind === 'blocked') message = labels.publishBlocked(outcome.count);
  else if (outcome?.kind === 'testBlocked') message = labels.testWorkflowBlocked(outcome.count);
  else if (testRun?.phase.kind === 'running') message = labels.testWorkflowRunning;
  else if (testRun?.phase.kind === 'finished') message = labels.testWorkflowFinished(testRun.phase.outcome);

  const openExport = (): void => (onExport ? onExport() : setDialog('export'));
  const openImport = (): void => (onImport ? onImport() : setDialog('import'));
  // The dialogs' code loads apart: fetched when the pointer or focus comes to their button.
  // A failed fetch shows when the dialog is opened (and loads again there).
  const preloadExport = (): void => {
    if (!onExport) preloadWorkflowExportDialog().catch(() => undefined);
  };
  const preloadImport = (): void => {
    if (!onImport) preloadImportDialog().catch(() => undefined);
  };

  return (
    <>
      <div
        ref={toolbarRef}
        role="toolbar"
        aria-label={labels.toolbar}
        className={['wfe-toolbar', className].filter(Boolean).join(' ')}
      >
        <div className="wfe-toolbar-title">
          <label className="wfe-visually-hidden" htmlFor={nameId}>
            {labels.workflowName}
          </label>
          <input
            ref={nameRef}
            id={nameId}
            className="wfe-toolbar-name"
            value={name}
            title={nameCutShort ? name : undefined}
            readOnly={readOnly}
            onChange={(event) => store.getState().updateWorkflowInfo({ name: event.target.value }, 'name')}
            onBlur={() => store.getState().endBurst()}
            onKeyDown={(event) => {
              if (event.key === 'Enter') event.currentTarget.blur();
            }}
          />
          <span className={`wfe-status wfe-status--${status}`}>
            {status === 'published' ? labels.statusPublished : labels.statusDraft}
          </span>
          {dirty ? (
            <span
              className="wfe-unsaved-dot"
              role="img"
              aria-label={labels.unsavedChanges}
              title={labels.unsavedChanges}
            />
          ) : null}
        </div>
        <div className="wfe-toolbar-group wfe-toolbar-group--history">
          <HistoryButton label={labels.undo} glyph="undo" disabled={!canUndo} onClick={() => store.getState().undo()} />
          <HistoryButton label={labels.redo} glyph="redo" disabled={!canRedo} onClick={() => store.getState().redo()} />
        </div>
        <div className="wfe-toolbar-group wfe-toolbar-group--files">
          <button
            type="button"
            className="wfe-button"
            onClick={openExport}
            onPointerEnter={preloadExport}
            onFocus={preloadExport}
          >
            {labels.exportJson}
          </button>
          <button
            type="button"
            className="wfe-button"
            disabled={readOnly}
            onClick={openImport}
            onPointerEnter={preloadImport}
            onFocus={preloadImport}
          >
            {labels.importJson}
          </button>
        </div>
        <CompareControls />
        <MoreActionsMenu
          label={labels.moreActions}
          entries={[
            { label: labels.undo, onSelect: () => store.getState().undo(), disabled: !canUndo, onlyBelow: 'narrowest' },
            { label: labels.redo, onSelect: () => store.getState().redo(), disabled: !canRedo, onlyBelow: 'narrowest' },
            { label: labels.exportJson, onSelect: openExport },
            { label: labels.importJson, onSelect: openImport, disabled: readOnly },
            ...runEntries,
            // Below 640 px the toolbar has no room for the toggle: it is here instead.
            ...(compare.available
              ? [
                  {
                    label: labels.compareWithPublished,
                    checked: compare.active,
                    onSelect: () => compare.setActive(!compare.active),
                    onlyBelow: 'narrow' as const,
                  },
                ]
              : []),
          ]}
        />
        <div className="wfe-toolbar-group wfe-toolbar-group--end">
          <span className="wfe-toolbar-message" role="status">
            {message}
          </span>
          {showTest || testRun?.canClear ? (
            <div className="wfe-toolbar-group wfe-toolbar-group--run">
              {testRun.canClear ? (
                <button type="button" className="wfe-button" onClick={clearRun}>
                  {labels.clearRun}
                </button>
              ) : null}
              {showTest ? (
                <button
                  ref={testButtonRef}
                  type="button"
                  className="wfe-button"
                  aria-busy={testing || undefined}
                  onClick={testWorkflow}
                  // What runs a test loads apart: fetched when the pointer or focus gets here.
                  onPointerEnter={preloadTestRun}
                  onFocus={preloadTestRun}
                >
                  {testing ? <span className="wfe-spinner" aria-hidden="true" /> : null}
                  {testing ? labels.stopTestWorkflow : labels.testWorkflow}
                </button>
              ) : null}
            </div>
          ) : null}
          {onSave ? (
            <button
              type="button"
              className="wfe-button"
              {...saveDisabling}
              aria-disabled={pending !== null || saveDisabling['aria-disabled']}
              aria-busy={pending === 'save' || undefined}
              onClick={save}
            >
              {pending === 'save' ? <span className="wfe-spinner" aria-hidden="true" /> : null}
              {labels.save}
            </button>
          ) : null}
          {onPublish ? (
            <button
              type="button"
              className="wfe-button wfe-button--primary"
              disabled={publishDisabled}
              aria-disabled={pending !== null || undefined}
              aria-busy={pending === 'publish' || undefined}
              onClick={publish}
            >
              {pending === 'publish' ? <span className="wfe-spinner" aria-hidden="true" /> : null}
              {labels.publish}
            </button>
          ) : null}
        </div>
      </div>
      {outcome?.kind === 'error' ? (
        <div className="wfe-toolbar-error" role="alert">
          {outcome.message}
        </div>
      ) : null}
      {testRun?.phase.kind === 'error' ? (
        <div className="wfe-toolbar-error" role="alert">
          {labels.testWorkflowFailed(testRun.phase.message)}
        </div>
      ) : null}
      {outcome?.kind === 'blocked' && checks.length > 0 ? (
        <div className="wfe-toolbar-checks" role="alert">
          <ul className="wfe-toolbar-checks-list">
            {checks.map((check) => (
              <li key={check}>{check}</li>
            ))}
          </ul>
        </div>
      ) : null}
      {problemsOpen ? <ProblemsList className="wfe-toolbar-problems" onClose={() => setProblemsOpen(false)} /> : null}
      {dialog === 'export' ? <WorkflowExportDialog onClose={() => setDialog(null)} /> : null}
      {dialog === 'import' ? <ImportDialog onClose={() => setDialog(null)} /> : null}
    </>
  );
}
