// ---------------------------------------------------------------------------
// The one component hosts embed: the store provider around the editor's parts — the
// toolbar, the canvas, the problems list, the configuration panel and the action
// picker — so they all share this editor's store and nothing else.
// ---------------------------------------------------------------------------

import { useState, type CSSProperties, type ReactElement } from 'react';
import { findStep, type InsertionPoint, type Workflow } from '../definition';
import { WorkflowCanvas } from './canvas';
import { ConnectedConfigPanel } from './panel/ConnectedConfigPanel';
import { ConnectedActionPicker } from './picker/ConnectedActionPicker';
import type { IsActionAvailable } from './picker/ActionPicker';
import type { EditorStore } from './store';
import { ProblemsList } from './toolbar/ProblemsList';
import { Toolbar, type WorkflowStatus } from './toolbar/Toolbar';
import {
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
  /** Ask the browser to confirm leaving the page with unsaved changes. @default false */
  warnOnUnsavedChanges?: boolean;
  /**
   * Host gating of actions (a pricing plan, permissions): return
   * `{ available: false, reason }` to list an action disabled, with the reason shown.
   */
  isActionAvailable?: IsActionAvailable;
  /** Show the toolbar. @default true */
  toolbar?: boolean;
  /** Extra class names on the root element. */
  className?: string;
  /** Inline style of the root element (give it a height). */
  style?: CSSProperties;
}

/**
 * A workflow editor: toolbar, canvas with insertion points, problems list, action picker
 * and step configuration panel, all sharing one store. Import `workflow-editor/style.css` once.
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
    className,
    style,
    ...providerProps
  } = props;
  return (
    <WorkflowEditorProvider {...providerProps}>
      <div className={className ? `wfe-root ${className}` : 'wfe-root'} data-theme={theme} style={style}>
        <EditorParts
          minimap={minimap}
          onInsertRequest={onInsertRequest}
          status={status}
          onSave={onSave}
          onPublish={onPublish}
          warnOnUnsavedChanges={warnOnUnsavedChanges}
          isActionAvailable={isActionAvailable}
          toolbar={toolbar}
        />
      </div>
    </WorkflowEditorProvider>
  );
}

type EditorPartsProps = Pick<
  WorkflowEditorProps,
  'minimap' | 'onInsertRequest' | 'status' | 'onSave' | 'onPublish' | 'warnOnUnsavedChanges' | 'isActionAvailable' | 'toolbar'
>;

/** The parts inside the provider, so they can read this editor's store. */
function EditorParts(props: EditorPartsProps): ReactElement {
  const labels = useLabels();
  const store = useWorkflowEditorStore();
  const problemCount = useWorkflowEditor((state) => state.problems.length);
  const [problemsOpen, setProblemsOpen] = useState(false);
  // After a blocked "Publish" every problem shows beside its field, touched or not.
  const [revealAllErrors, setRevealAllErrors] = useState(false);
  return (
    <>
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
              const stepId = first.stepId !== undefined && findStep(state.definition, first.stepId) ? first.stepId : null;
              state.select(stepId === null ? { kind: 'trigger' } : { kind: 'step', stepId }, { openPanel: true });
            }
          }}
        />
      )}
      <div className="wfe-body">
        <div className="wfe-canvas-column">
          <WorkflowCanvas minimap={props.minimap} onInsertRequest={props.onInsertRequest} />
          {problemsOpen ? (
            <ProblemsList className="wfe-problems-drawer" onClose={() => setProblemsOpen(false)} />
          ) : (
            problemCount > 0 && (
              <button type="button" className="wfe-button wfe-problems-toggle" onClick={() => setProblemsOpen(true)}>
                {labels.problemsBadge(problemCount)}
              </button>
            )
          )}
        </div>
        <ConnectedConfigPanel showAllErrors={revealAllErrors} />
      </div>
      <ConnectedActionPicker isActionAvailable={props.isActionAvailable} />
    </>
  );
}
