// ---------------------------------------------------------------------------
// The one component hosts embed: the store provider around the editor's parts. Parts
// built by other issues (toolbar, action picker, configuration panel, problems list)
// slot in where the comments say, inside the provider so they share this editor's store.
// ---------------------------------------------------------------------------

import type { CSSProperties, ReactElement } from 'react';
import type { ActionCatalog, InsertionPoint, Step, Workflow } from '../definition';
import { WorkflowCanvas } from './canvas';
import type { EditorLabels } from './labels';
import type { EditorStore } from './store';
import { WorkflowEditorProvider } from './WorkflowEditorProvider';

/** Props of {@link WorkflowEditor}. */
export interface WorkflowEditorProps {
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
  /** Show the workflow without insertion points and refuse every edit. @default false */
  readOnly?: boolean;
  /** Return false to refuse inserting, pasting or moving a step to `point`. */
  canInsertStep?: (point: InsertionPoint) => boolean;
  /** Return false to refuse deleting `step`. */
  canDeleteStep?: (step: Step) => boolean;
  /** Overrides of the visible strings. @default defaultLabels */
  labels?: Partial<EditorLabels>;
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
  /** Extra class names on the root element. */
  className?: string;
  /** Inline style of the root element (give it a height). */
  style?: CSSProperties;
}

/**
 * A workflow editor: canvas with insertion points, (later) toolbar, action picker and
 * step configuration panel, all sharing one store. Import `workflow-editor/style.css` once.
 */
export function WorkflowEditor(props: WorkflowEditorProps): ReactElement {
  const { theme = 'light', minimap = false, onInsertRequest, className, style, ...providerProps } = props;
  return (
    <WorkflowEditorProvider {...providerProps}>
      <div className={className ? `wfe-root ${className}` : 'wfe-root'} data-theme={theme} style={style}>
        {/* Toolbar slot: <WorkflowToolbar /> (issue 5) goes here, above the body. */}
        <div className="wfe-body">
          <WorkflowCanvas minimap={minimap} onInsertRequest={onInsertRequest} />
          {/* Panel slot: <StepConfigPanel /> and the problems list go here, beside the canvas. */}
        </div>
        {/* Picker slot: <ActionPicker /> (anchored to the "+" that opened it) goes here. */}
      </div>
    </WorkflowEditorProvider>
  );
}
