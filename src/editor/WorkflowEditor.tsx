// ---------------------------------------------------------------------------
// The one component hosts embed: the store provider around the editor's parts — the
// toolbar, the canvas, the problems list, the configuration panel and the action
// picker — so they all share this editor's store and nothing else.
// ---------------------------------------------------------------------------

import {
  useDeferredValue,
  useEffect,
  useMemo,
  useRef,
  useState,
  type CSSProperties,
  type ReactElement,
  type ReactNode,
} from 'react';
import { findStep, type InsertionPoint, type Workflow } from '../definition';
import type { NetworkPolicy } from '../executor/types';
import { whenIdleAfterPaint } from './after-paint';
import { WorkflowCanvas } from './canvas';
import { CompareProvider } from './compare/compare-state';
import { ErrorAlert, ErrorBoundary } from './ErrorBoundary';
import { useBrowserUndoAsHistory, useHistoryKeys } from './history-keys';
import type { HostFormParts } from './panel/form/host-form-parts';
import { preloadConfigForm } from './panel/form/LazyConfigForm';
import { ConnectedConfigPanel, preloadConfigPanels, warmUpConfigPanelsWhenIdle } from './panel/LazyPanels';
import { PanelFrame } from './panel/PanelFrame';
import type { IsActionAvailable } from './picker/ActionPicker';
import { ConnectedActionPicker } from './picker/ConnectedActionPicker';
import type { RunView } from './run/run-view';
import { TestRunProvider } from './run/test-run';
import type { TestWorkflowHandler } from './run/test-workflow';
import { announcementText, type EditorStore } from './store';
import { ProblemsList } from './toolbar/ProblemsList';
import { Toolbar, type WorkflowStatus } from './toolbar/Toolbar';
import { LeaveWarning } from './toolbar/use-leave-warning';
import {
  useEditorErrorHandler,
  useLabels,
  useWorkflowEditor,
  useWorkflowEditorStore,
  WorkflowEditorProvider,
  type WorkflowEditorProviderProps,
} from './WorkflowEditorProvider';

/**
 * Props of {@link WorkflowEditor}: the provider's (definition, catalog, secrets, host
 * restrictions, labels, history) and the parts' own.
 */
export interface WorkflowEditorProps extends Omit<WorkflowEditorProviderProps, 'children'> {
  /** Colour scheme (the `--wfe-*` custom properties of `workflow-editor/style.css`). @default "light" */
  theme?: 'light' | 'dark';
  /** Show a minimap of the whole workflow. @default false */
  minimap?: boolean;
  /**
   * A run to draw on the canvas: each step's state (waiting, running, succeeded, failed,
   * skipped) with attempts and duration on its card, the branch taken standing out. A
   * live `RunSnapshot` (see `useRunView`) or a finished `RunResult`. @default null
   */
  run?: RunView | null;
  /**
   * Runs the whole workflow for the toolbar's "Test workflow", with the sample trigger,
   * handing each event to `context.onEvent` so the canvas draws the run live (unless the
   * host passes `run`, which wins). `context.signal` aborts on "Stop". A workflow with
   * problems is not handed over: the problems list opens instead. `null`: no "Test
   * workflow". @default the reference executor in the page, loaded on first use: secret
   * values are not in the page (steps using them fail), host actions have no handler, and
   * the browser applies CORS
   */
  onTestWorkflow?: TestWorkflowHandler | null;
  /**
   * Destination rules of the default in-page test run (without `onTestWorkflow`), e.g.
   * `{ allowHttp: true, allowPrivateNetwork: true }` for a local server. @default the
   * executor's own: https only, no loopback or private addresses
   */
  testNetworkPolicy?: NetworkPolicy;
  /** "Clear run" while the host's `run` is drawn calls this (set `run` to null); without it, no "Clear run" then. */
  onClearRun?: () => void;
  /**
   * Called when a person activates an insertion point ("+") instead of opening the action
   * picker, e.g. `(point, store) => store.getState().insertAction('https_request', point)`
   * (`store` is this editor's store) or a host's own chooser.
   */
  onInsertRequest?: (point: InsertionPoint, store: EditorStore) => void;
  /** Shown in the toolbar as "Draft" or "Published". @default "draft" */
  status?: WorkflowStatus;
  /**
   * Saves the definition; may return a promise ("Save" shows it pending, refuses a second
   * click, and shows a rejection while the changes stay unsaved). Without it, no "Save".
   */
  onSave?: (definition: Workflow) => void | Promise<void>;
  /**
   * Publishes the definition, called only when it validates: with problems, "Publish"
   * opens the problems list and shows every error beside its field instead. Without it,
   * no "Publish".
   */
  onPublish?: (definition: Workflow) => void | Promise<void>;
  /** Ask the browser to confirm leaving the page with unsaved changes (with or without the toolbar). @default false */
  warnOnUnsavedChanges?: boolean;
  /**
   * Host gating of actions (a pricing plan, permissions): return
   * `{ available: false, reason }` to list an action disabled, with the reason shown.
   */
  isActionAvailable?: IsActionAvailable;
  /**
   * The published version to compare the definition with ("Compare with published"): cards
   * show what was added, moved or changed, removed steps show as ghosts where they were,
   * the panel lists each changed field with "Restore published value", and the toolbar
   * has the toggle (on at first) and a summary ("3 changes") that lists them.
   */
  compareWith?: Workflow;
  /**
   * The host's own widgets for the configuration forms, by name: an action's uiSchema
   * uses one with `"ui:widget": "<name>"` (a colour picker, a "choose from your CRM"
   * select). Merged over the editor's own the way rjsf's registry merges a form's over
   * its defaults: an entry named like one of the editor's (`reference`, `secret`,
   * `seconds`, `select`, `checkbox`, `textarea`) or one of rjsf's (`TextWidget`) replaces
   * it. Each is an rjsf widget (`WidgetProps`: `value`, `onChange`, `id`, `disabled`,
   * `readonly`, ...). Pass a stable object (a module constant). See docs/custom-widgets.md.
   */
  widgets?: HostFormParts['widgets'];
  /** The host's own rjsf fields for the configuration forms, used with `"ui:field": "<name>"`; merged like `widgets`. */
  fields?: HostFormParts['fields'];
  /**
   * The host's own rjsf templates for the configuration forms (`FieldTemplate`,
   * `ButtonTemplates.AddButton`, ...), merged over the editor's like `widgets`
   * (`ButtonTemplates` one by one).
   */
  templates?: HostFormParts['templates'];
  /** Show the toolbar. @default true */
  toolbar?: boolean;
  /** Extra class names on the root element. */
  className?: string;
  /** Inline style of the root element (give it a height). */
  style?: CSSProperties;
}

/**
 * A workflow editor: toolbar, canvas with insertion points, problems list, action picker
 * and step configuration panel, all sharing one store. Import
 * `@xyflow/react/dist/base.css` and `workflow-editor/style.css` once.
 *
 * The canvas, the configuration panel, the action picker and each dialog fail on their
 * own: if one throws while rendering (a host action's schema rjsf cannot render, say), it
 * shows a message with "Try again" in its place, reports to `onError`, and the rest of the
 * editor and the unsaved definition carry on.
 */
export function WorkflowEditor(props: WorkflowEditorProps): ReactElement {
  const {
    theme = 'light',
    minimap = false,
    onInsertRequest,
    status,
    onSave,
    onPublish,
    warnOnUnsavedChanges,
    isActionAvailable,
    toolbar = true,
    run = null,
    onTestWorkflow,
    testNetworkPolicy,
    onClearRun,
    compareWith,
    widgets,
    fields,
    templates,
    className,
    style,
    ...providerProps
  } = props;
  // The panels' and the form's code, fetched while the person looks at the canvas: once the
  // page is idle after the first paint, so parsing it never delays the canvas. A failure
  // shows in the panel (its error boundary) when a panel is opened. Where the browser says
  // when it is idle, the panels are then warmed up (see LazyPanels).
  useEffect(() => {
    let cancelWarmUp: (() => void) | undefined;
    const cancelPreload = whenIdleAfterPaint(() => {
      const loaded = Promise.all([preloadConfigPanels(), preloadConfigForm()]);
      loaded.catch(() => undefined);
      if (typeof requestIdleCallback === 'function') cancelWarmUp = warmUpConfigPanelsWhenIdle(loaded);
    }, 2_000);
    return () => {
      cancelPreload();
      cancelWarmUp?.();
    };
  }, []);
  return (
    <WorkflowEditorProvider {...providerProps}>
      <TestRunProvider
        run={run}
        onTestWorkflow={onTestWorkflow}
        testNetworkPolicy={testNetworkPolicy}
        onClearRun={onClearRun}
      >
        <CompareProvider published={compareWith}>
          <EditorRoot className={className ? `wfe-root ${className}` : 'wfe-root'} theme={theme} style={style}>
            <EditorParts
              minimap={minimap}
              onInsertRequest={onInsertRequest}
              status={status}
              onSave={onSave}
              onPublish={onPublish}
              warnOnUnsavedChanges={warnOnUnsavedChanges}
              isActionAvailable={isActionAvailable}
              toolbar={toolbar}
              widgets={widgets}
              fields={fields}
              templates={templates}
            />
          </EditorRoot>
        </CompareProvider>
      </TestRunProvider>
    </WorkflowEditorProvider>
  );
}

/** The editor's element; inside the provider, so its fields' undo keys reach this editor's history. */
function EditorRoot(props: {
  className: string;
  theme: WorkflowEditorProps['theme'];
  style: CSSProperties | undefined;
  children: ReactNode;
}): ReactElement {
  const onHistoryKey = useHistoryKeys();
  const ref = useRef<HTMLDivElement>(null);
  useBrowserUndoAsHistory(ref);
  return (
    <div ref={ref} className={props.className} data-theme={props.theme} style={props.style} onKeyDown={onHistoryKey}>
      {props.children}
    </div>
  );
}

type EditorPartsProps = Pick<
  WorkflowEditorProps,
  | 'minimap'
  | 'onInsertRequest'
  | 'status'
  | 'onSave'
  | 'onPublish'
  | 'warnOnUnsavedChanges'
  | 'isActionAvailable'
  | 'toolbar'
  | 'widgets'
  | 'fields'
  | 'templates'
>;

/** The parts inside the provider, so they can read this editor's store. */
function EditorParts(props: EditorPartsProps): ReactElement {
  const labels = useLabels();
  const store = useWorkflowEditorStore();
  const problemCount = useWorkflowEditor((state) => state.problems.length);
  const [problemsOpen, setProblemsOpen] = useState(false);
  // Closing the list by its button or Escape gives focus to the toggle that takes its place.
  const focusToggleOnMount = useRef(false);
  const closeProblems = (): void => {
    focusToggleOnMount.current = problemCount > 0;
    setProblemsOpen(false);
  };
  // After a blocked "Publish" every problem shows beside its field, touched or not.
  const [revealAllErrors, setRevealAllErrors] = useState(false);
  return (
    <>
      {/* The size container of the editor's widths (controls.css): the toolbar and the
          body, not the pickers beside them, which are positioned on the viewport. */}
      <div className="wfe-editor-layout">
        {props.toolbar === false && <LeaveWarning enabled={props.warnOnUnsavedChanges === true} />}
        {props.toolbar !== false && (
          <Toolbar
            status={props.status}
            onSave={props.onSave}
            onPublish={props.onPublish}
            warnOnUnsavedChanges={props.warnOnUnsavedChanges}
            onPublishBlocked={(problems) => {
              setRevealAllErrors(true);
              setProblemsOpen(true);
              // Errors show beside their fields only in an open panel: open the first
              // problem's step (or the trigger) unless the person is already in a panel.
              const state = store.getState();
              const first = problems[0];
              if (first && !(state.panelOpen && state.selection !== null)) {
                const stepId =
                  first.stepId !== undefined && findStep(state.definition, first.stepId) ? first.stepId : null;
                state.select(stepId === null ? { kind: 'trigger' } : { kind: 'step', stepId }, { openPanel: true });
              }
            }}
          />
        )}
        <EditorBody>
          <div
            className="wfe-canvas-column"
            onKeyDown={(event) => {
              // Escape in the problems list closes the list only (not the panel or a selection).
              if (event.key !== 'Escape' || event.nativeEvent.isComposing) return;
              if (!(event.target instanceof Element) || !event.target.closest('.wfe-problems-drawer')) return;
              event.stopPropagation();
              closeProblems();
            }}
          >
            <CanvasArea minimap={props.minimap} onInsertRequest={props.onInsertRequest} />
            {problemsOpen ? (
              <ProblemsList className="wfe-problems-drawer" onClose={closeProblems} />
            ) : (
              problemCount > 0 && (
                <button
                  ref={(toggle) => {
                    if (toggle && focusToggleOnMount.current) {
                      focusToggleOnMount.current = false;
                      toggle.focus();
                    }
                  }}
                  type="button"
                  className="wfe-button wfe-problems-toggle"
                  onClick={() => setProblemsOpen(true)}
                >
                  {labels.problemsBadge(problemCount)}
                </button>
              )
            )}
          </div>
          <PanelArea
            showAllErrors={revealAllErrors}
            widgets={props.widgets}
            fields={props.fields}
            templates={props.templates}
          />
        </EditorBody>
      </div>
      <PickerArea isActionAvailable={props.isActionAvailable} />
      <Announcer />
    </>
  );
}

/**
 * The canvas and the panel beside it. Marked while a panel is open: in a narrow editor the
 * panel is a drawer over the body, and the problems list keeps beside it (canvas.css). Its
 * own component, so opening a panel re-renders this element alone, not what it holds.
 */
function EditorBody(props: { children: ReactNode }): ReactElement {
  const panelShown = useWorkflowEditor((state) => state.panelOpen && state.selection !== null);
  return <div className={panelShown ? 'wfe-body wfe-body--panel-open' : 'wfe-body'}>{props.children}</div>;
}

/** How long the live region stays empty before new words, so the same words twice are heard twice. */
const ANNOUNCE_DELAY_MS = 50;

/**
 * The editor's polite live region: says what the last insert, delete, move, duplicate,
 * paste, undo or redo did (the store's `announcement`, in this editor's labels). It is in
 * the page from the start, as screen readers only follow live regions they already know.
 * Each announcement empties it first and sets the words a moment later, so a repeat of
 * the same words is a change a screen reader reads again.
 */
function Announcer(): ReactElement {
  const labels = useLabels();
  const announcement = useWorkflowEditor((state) => state.announcement);
  const [text, setText] = useState('');
  // Read when an announcement comes, not a reason to announce again: a host passing a
  // new `labels` object every render must not repeat the last announcement.
  const labelsRef = useRef(labels);
  useEffect(() => {
    labelsRef.current = labels;
  });
  useEffect(() => {
    if (announcement === null) return undefined;
    setText('');
    const timer = setTimeout(() => setText(announcementText(announcement, labelsRef.current)), ANNOUNCE_DELAY_MS);
    return () => clearTimeout(timer);
  }, [announcement]);
  return (
    <div
      className="wfe-visually-hidden"
      role="status"
      aria-live="polite"
      aria-atomic="true"
      aria-label={labels.announcements}
    >
      {text}
    </div>
  );
}

// ---- Parts that fail on their own ------------------------------------------------------

/** The canvas; after a failure, a message in its place until "Try again" or the next edit (an undo, say). */
function CanvasArea(props: Pick<EditorPartsProps, 'minimap' | 'onInsertRequest'>): ReactElement {
  const labels = useLabels();
  const reportError = useEditorErrorHandler();
  const definition = useWorkflowEditor((state) => state.definition);
  const { minimap, onInsertRequest } = props;
  // The same element while these props stay: a definition change (the reset key) must
  // not re-render the canvas from here; it follows the store by itself.
  const canvas = useMemo(
    () => <WorkflowCanvas minimap={minimap} onInsertRequest={onInsertRequest} />,
    [minimap, onInsertRequest],
  );
  return (
    <ErrorBoundary
      area="canvas"
      onError={reportError}
      resetKeys={[definition]}
      fallback={({ error, reset }) => (
        <div className="wfe-canvas wfe-canvas--failed" role="region" aria-label={labels.canvas}>
          <ErrorAlert message={labels.canvasFailed} error={error} onRetry={reset} labels={labels} />
        </div>
      )}
    >
      {canvas}
    </ErrorBoundary>
  );
}

/**
 * The configuration panel; after a failure, the same region with a message and "Close",
 * until "Try again" or another selection.
 */
function PanelArea(props: { showAllErrors: boolean } & HostFormParts): ReactElement {
  const labels = useLabels();
  const store = useWorkflowEditorStore();
  const reportError = useEditorErrorHandler();
  const selection = useWorkflowEditor((state) => state.selection);
  const panelOpen = useWorkflowEditor((state) => state.panelOpen);
  const stepId = selection?.kind === 'step' ? selection.stepId : undefined;
  // Compared by value: the store may hand out a new selection object for the same step.
  const selectionKey = selection === null ? null : (stepId ?? selection.kind);
  // A panel opened by an edit (a "+" inserting a step) draws a form and its code editors:
  // most of the work of that click. Its empty box comes in the edit's render, so the canvas
  // beside it (or the drawer over it) is laid out as it will be and the new card pans
  // clear of it; the form follows in a render of its own, after the commit that shows the
  // new step. A panel opened by selecting (a card, a problem) is the answer to the click
  // and comes at once, and switching steps in an open panel is never put off: an empty
  // frame between two forms would flash.
  const shown = panelOpen && selection !== null;
  const contentShown = useDeferredValue(shown);
  // Set by a listener of the store's own, which runs before React renders the update.
  const openedByEdit = useRef(false);
  useEffect(
    () =>
      store.subscribe((state, previous) => {
        if (state.panelOpen === previous.panelOpen && state.selection === previous.selection) return;
        openedByEdit.current = !previous.panelOpen && state.panelOpen && state.definition !== previous.definition;
      }),
    [store],
  );
  // The same element while these props stay, so the deferred render finds nothing to redo.
  const panel = useMemo(
    () => (
      <ConnectedConfigPanel
        showAllErrors={props.showAllErrors}
        widgets={props.widgets}
        fields={props.fields}
        templates={props.templates}
      />
    ),
    [props.showAllErrors, props.widgets, props.fields, props.templates],
  );
  return (
    <ErrorBoundary
      area="panel"
      stepId={stepId}
      onError={reportError}
      resetKeys={[selectionKey, panelOpen]}
      fallback={({ error, reset }) => (
        <PanelFrame heading={labels.stepConfiguration} labels={labels} onClose={() => store.getState().closePanel()}>
          <ErrorAlert
            message={stepId === undefined ? labels.triggerPanelFailed : labels.panelFailed}
            error={error}
            onRetry={reset}
            labels={labels}
          />
        </PanelFrame>
      )}
    >
      {shown && !contentShown && openedByEdit.current ? <section className="wfe-panel" aria-hidden="true" /> : panel}
    </ErrorBoundary>
  );
}

/**
 * The action picker while one is open; after a failure, a message beside its "+" with
 * "Close", until "Try again" or another "+".
 */
function PickerArea(props: Pick<EditorPartsProps, 'isActionAvailable'>): ReactElement | null {
  const labels = useLabels();
  const store = useWorkflowEditorStore();
  const reportError = useEditorErrorHandler();
  const picker = useWorkflowEditor((state) => state.picker);
  if (!picker) return null;
  const close = (): void => {
    store.getState().closePicker();
    document.getElementById(picker.anchorId)?.focus();
  };
  return (
    <ErrorBoundary
      area="picker"
      onError={reportError}
      resetKeys={[picker]}
      fallback={({ error, reset }) => (
        // Plain positioning beside the "+": the floating-dialog machinery may be what failed.
        <div
          className="wfe-picker-failed"
          role="dialog"
          aria-label={labels.findAction}
          style={pickerFallbackPosition(picker.anchorId)}
          onKeyDown={(event) => {
            if (event.key === 'Escape') close();
          }}
        >
          <ErrorAlert
            message={labels.pickerFailed}
            error={error}
            onRetry={reset}
            labels={labels}
            actions={
              <button type="button" className="wfe-button" onClick={close}>
                {labels.close}
              </button>
            }
          />
        </div>
      )}
    >
      <ConnectedActionPicker isActionAvailable={props.isActionAvailable} />
    </ErrorBoundary>
  );
}

/** Fixed position just below the "+" the picker was opened from (top left without it). */
function pickerFallbackPosition(anchorId: string): CSSProperties {
  const rect = typeof document === 'undefined' ? undefined : document.getElementById(anchorId)?.getBoundingClientRect();
  if (!rect) return { position: 'fixed', top: 8, left: 8 };
  return { position: 'fixed', top: rect.bottom + 6, left: Math.max(8, rect.left) };
}
