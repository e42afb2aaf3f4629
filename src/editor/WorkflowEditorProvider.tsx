// ---------------------------------------------------------------------------
// The React side of the store: a provider that creates one store per editor, lazily
// and once (like xyflow's ReactFlowProvider), keeps it in step with the host's props,
// and hooks to read it. Controlled (`definition` + `onChange`) and uncontrolled
// (`defaultDefinition`) take the same path: the store always holds the definition,
// and a new `definition` prop is pushed into it with `syncFromHost` (no undo entry,
// no `onChange` echo).
// ---------------------------------------------------------------------------

import { createContext, useContext, useRef, useState, type ReactNode } from 'react';
import { useStore } from 'zustand';
import { shallow } from 'zustand/vanilla/shallow';
import {
  builtInCatalog,
  emptyWorkflow,
  type ActionCatalog,
  type InsertionPoint,
  type Step,
  type Workflow,
} from '../definition';
import { WorkflowEditorError } from '../definition/errors';
import type { EditorErrorDetails, EditorErrorHandler } from './ErrorBoundary';
import { useIsomorphicLayoutEffect } from './isomorphic-layout-effect';
import { defaultLabels, mergeLabels, type EditorLabels } from './labels';
import type { TestStepHandler } from './panel/test-step/types';
import type { SampleData } from './sample-data';
import { createEditorStore, type EditorState, type EditorStore } from './store';

/** Props of {@link WorkflowEditorProvider}. */
export interface WorkflowEditorProviderProps {
  /** Controlled: the definition to show. With it, pass `onChange`. */
  definition?: Workflow;
  /** Uncontrolled: the starting definition (read once). @default an empty workflow */
  defaultDefinition?: Workflow;
  /** Called with every definition the person makes; never for a new `definition` prop. */
  onChange?: (definition: Workflow) => void;
  /** Actions the picker offers and the validator knows. @default builtInCatalog */
  catalog?: ActionCatalog;
  /** Secret names the host offers for references and signing. @default [] */
  secrets?: readonly string[];
  /** Refuse every edit. @default false */
  readOnly?: boolean;
  /** Return false to refuse inserting, pasting or moving a step to `point`. */
  canInsertStep?: (point: InsertionPoint) => boolean;
  /** Return false to refuse deleting `step`. */
  canDeleteStep?: (step: Step) => boolean;
  /** Overrides of the visible strings. @default defaultLabels */
  labels?: Partial<EditorLabels>;
  /** Undo history length (read once). @default 100 */
  historyLimit?: number;
  /** Edits of one field closer together than this (ms) are one undo step. @default 1000 */
  burstMs?: number;
  /**
   * Called once for every error a part of the editor caught while rendering: the
   * configuration panel (`area: 'panel'`, with the step's id), the canvas, a dialog or the
   * action picker. That part shows a message with "Try again" in its place; the rest of
   * the editor and the definition are unaffected. Use it to report to your error tracker.
   * @default logs the error with `console.error`
   */
  onError?: (error: Error, details: EditorErrorDetails) => void;
  /**
   * Controlled sample data: the trigger payload and earlier test results that "Test step"
   * and reference previews use. Kept by the host, never in the definition (real samples
   * hold personal data that must not land in version control). With it, pass
   * `onSampleDataChange`. @default uncontrolled, kept by the editor and starting empty
   */
  sampleData?: SampleData;
  /** Called with the next sample data when a person edits it or a test step succeeds. */
  onSampleDataChange?: (next: SampleData) => void;
  /**
   * Runs "Test step" where the secrets are (the host's server). Without it, a step that
   * uses no secrets and no signing is run in the page with the reference executor; any
   * other step explains that the host must provide this.
   */
  onTestStep?: TestStepHandler;
  children: ReactNode;
}

/** Without a host handler: one console line per caught error, naming the part. */
const logEditorError: EditorErrorHandler = (error, details) => {
  console.error(`workflow-editor: the ${details.area} failed to render`, error);
};

const StoreContext = /* @__PURE__ */ createContext<EditorStore | null>(null);
const LabelsContext = /* @__PURE__ */ createContext<EditorLabels>(defaultLabels);
const ErrorHandlerContext = /* @__PURE__ */ createContext<EditorErrorHandler>(logEditorError);

const NO_SECRETS: readonly string[] = [];

/**
 * Holds one editor's store. Everything inside it (canvas, panel, toolbar) reads and
 * changes the same store; two providers never share state.
 */
export function WorkflowEditorProvider(props: WorkflowEditorProviderProps) {
  const {
    definition,
    defaultDefinition,
    onChange,
    catalog = builtInCatalog,
    secrets = NO_SECRETS,
    readOnly = false,
    canInsertStep,
    canDeleteStep,
    labels,
    historyLimit,
    burstMs,
    onError,
    sampleData,
    onSampleDataChange,
    onTestStep,
    children,
  } = props;

  const [store] = useState(() =>
    createEditorStore({
      definition: definition ?? defaultDefinition ?? emptyWorkflow(),
      catalog,
      secrets,
      readOnly,
      canInsertStep,
      canDeleteStep,
      onChange,
      historyLimit,
      burstMs,
      sampleData,
      onSampleDataChange,
      onTestStep,
      // The canvas draws the definition at once; its problems follow once the page is idle.
      deferValidation: true,
    }),
  );

  // Callbacks and options change identity on most renders; the store compares what
  // matters (catalog identity, secret names) so this costs nothing when nothing changed.
  useIsomorphicLayoutEffect(() => {
    store.getState().setOptions({ catalog, secrets, readOnly, canInsertStep, canDeleteStep, onChange, burstMs });
  }, [store, catalog, secrets, readOnly, canInsertStep, canDeleteStep, onChange, burstMs]);

  useIsomorphicLayoutEffect(() => {
    store.getState().setOptions({ sampleData, onSampleDataChange, onTestStep });
  }, [store, sampleData, onSampleDataChange, onTestStep]);

  useIsomorphicLayoutEffect(() => {
    if (definition !== undefined) store.getState().syncFromHost(definition);
  }, [store, definition]);

  const mergedLabels = useStableLabels(labels);

  // One handler for the provider's life that calls the host's latest `onError`, so a new
  // callback identity on every host render re-renders nothing.
  const onErrorRef = useRef(onError);
  useIsomorphicLayoutEffect(() => {
    onErrorRef.current = onError;
  }, [onError]);
  const [reportError] = useState<EditorErrorHandler>(
    () => (error: Error, details: EditorErrorDetails) => (onErrorRef.current ?? logEditorError)(error, details),
  );

  return (
    <StoreContext.Provider value={store}>
      <LabelsContext.Provider value={mergedLabels}>
        <ErrorHandlerContext.Provider value={reportError}>{children}</ErrorHandlerContext.Provider>
      </LabelsContext.Provider>
    </StoreContext.Provider>
  );
}

/** Merged labels that keep their identity while the overrides are shallowly equal. */
function useStableLabels(overrides: Partial<EditorLabels> | undefined): EditorLabels {
  const cache = useRef<{ overrides: Partial<EditorLabels> | undefined; merged: EditorLabels } | null>(null);
  if (cache.current === null || !shallow(cache.current.overrides, overrides)) {
    cache.current = { overrides, merged: mergeLabels(overrides) };
  }
  return cache.current.merged;
}

/**
 * The editor's store, for imperative calls in event handlers
 * (`store.getState().removeStep(id)`).
 *
 * @throws WorkflowEditorError `outside_provider` outside `<WorkflowEditorProvider>`.
 */
export function useWorkflowEditorStore(): EditorStore {
  const store = useContext(StoreContext);
  if (store === null) {
    throw new WorkflowEditorError('outside_provider', 'useWorkflowEditor must be used inside <WorkflowEditorProvider>');
  }
  return store;
}

/**
 * The editor's store, or null outside a `<WorkflowEditorProvider>`: for parts that are
 * also exported to be used on their own (the reference picker).
 */
export function useOptionalWorkflowEditorStore(): EditorStore | null {
  return useContext(StoreContext);
}

/**
 * Reads a slice of the editor state; the component re-renders when the slice changes
 * (compared with `Object.is`, so return stored values, or wrap a selector that builds
 * objects in zustand's `useShallow`).
 *
 * @throws WorkflowEditorError `outside_provider` ("useWorkflowEditor must be used inside <WorkflowEditorProvider>") outside it.
 */
export function useWorkflowEditor<T>(selector: (state: EditorState) => T): T {
  return useStore(useWorkflowEditorStore(), selector);
}

/** The visible strings, defaults merged with the provider's `labels`. */
export function useLabels(): EditorLabels {
  return useContext(LabelsContext);
}

/**
 * Where the editor's error boundaries report: the provider's `onError`, or
 * `console.error` (also outside a provider, for parts used on their own).
 */
export function useEditorErrorHandler(): EditorErrorHandler {
  return useContext(ErrorHandlerContext);
}
