// ---------------------------------------------------------------------------
// What the panels of steps (action and Conditional) share around their own fields: the
// frame, "Step name" with its problems, "Step ID", and "Export step JSON" with its dialog.
// ---------------------------------------------------------------------------

import { useEffect, useState, type FocusEvent, type KeyboardEvent, type ReactElement, type ReactNode } from 'react';
import { flushSync } from 'react-dom';
import { checkStepId, exportStep, serializeStepDocument, type Problem, type Step } from '../../definition';
import { StepChangedFields } from '../compare/ChangedFields';
import { JsonExportDialog, preloadJsonExportDialog } from '../dialogs/LazyJsonExportDialog';
import { problemText } from '../labels';
import { StepRunDetails } from '../run/StepRunDetails';
import type { StepIdRefusal } from '../store';
import { useLabels, useWorkflowEditor, useWorkflowEditorStore } from '../WorkflowEditorProvider';
import { FieldErrors, NameInput, PanelFrame } from './PanelFrame';

/** Props of {@link StepPanelFrame}. */
export interface StepPanelFrameProps {
  step: Step;
  /** JSON Pointer of the step in the definition (for its name's problems). */
  pointer: string;
  /** The step's problems; those at `<pointer>/name` show under "Step name". */
  problems: readonly Problem[];
  /** Prefix of DOM ids inside the panel. */
  idPrefix: string;
  heading: string;
  icon?: string;
  description?: string;
  /** @default closes the store's panel */
  onClose?: () => void;
  /** The panel's own fields, below "Step name". */
  children: ReactNode;
}

/** The frame of a step's panel with "Step name" and "Export step JSON". Needs `<WorkflowEditorProvider>`. */
export function StepPanelFrame(props: StepPanelFrameProps): ReactElement {
  const { step, pointer, problems, idPrefix } = props;
  const store = useWorkflowEditorStore();
  const labels = useLabels();
  const readOnly = useWorkflowEditor((state) => state.readOnly);
  const [exportOpen, setExportOpen] = useState(false);
  const nameMessages = problems
    .filter((problem) => problem.path === `${pointer}/name`)
    .map((problem) => problemText(labels, problem));
  return (
    <PanelFrame
      heading={props.heading}
      icon={props.icon}
      description={props.description}
      labels={labels}
      onClose={props.onClose ?? (() => store.getState().closePanel())}
      footer={
        <button
          type="button"
          className="wfe-button"
          // The dialog's code loads apart: started on the way to a click, it is usually there by then.
          onPointerEnter={preloadDialog}
          onFocus={preloadDialog}
          onClick={() => setExportOpen(true)}
        >
          {labels.exportStepJson}
        </button>
      }
    >
      <NameInput
        id={`${idPrefix}-name`}
        label={labels.stepName}
        value={step.name}
        readOnly={readOnly}
        emptyMessage={labels.nameRequired}
        messages={nameMessages}
        onChange={(name) => store.getState().renameStep(step.id, name)}
        onBlur={() => store.getState().endBurst()}
      />
      <StepIdInput
        id={`${idPrefix}-step-id`}
        stepId={step.id}
        readOnly={readOnly}
        messages={problems
          .filter((problem) => problem.path === `${pointer}/id`)
          .map((problem) => problemText(labels, problem))}
      />
      <StepChangedFields step={step} />
      <StepRunDetails stepId={step.id} />
      {props.children}
      {exportOpen && (
        <JsonExportDialog
          title={labels.exportStepJson}
          textLabel={labels.stepJson}
          // Read at open time: the dialog shows the step as it is when asked for.
          text={serializeStepDocument(exportStep(store.getState().definition, step.id), {
            catalog: store.getState().catalog,
          })}
          filename={`${step.id}.step.json`}
          labels={labels}
          onClose={() => setExportOpen(false)}
        />
      )}
    </PanelFrame>
  );
}

/** Starts loading the JSON dialog; a failure shows when the dialog opens (its "Try again" loads it again). */
function preloadDialog(): void {
  preloadJsonExportDialog().catch(() => undefined);
}

/** The attribute marking the Step ID input, so focus finds it again in a panel drawn anew for the new id. */
const STEP_ID_FIELD = 'data-wfe-step-id-field';

/** Props of {@link StepIdInput}. */
interface StepIdInputProps {
  id: string;
  stepId: string;
  readOnly: boolean;
  /** Problems validation reports about the id (a duplicate in an imported workflow). */
  messages: readonly string[];
}

/**
 * "Step ID". The id changes (with every reference to it, as one undo step) on Enter or
 * when the field loses focus, never per key: a half-typed id would rewrite references
 * with every key. While the typed id cannot be used it stays in the field with the
 * reason beside it; Escape brings back the current id.
 */
function StepIdInput(props: StepIdInputProps): ReactElement {
  const { id, stepId, readOnly, messages } = props;
  const store = useWorkflowEditorStore();
  const labels = useLabels();
  /** What the person typed, while it differs from the step's id; null shows the id. */
  const [draft, setDraft] = useState<string | null>(null);
  /** Why the last attempt to apply the draft was refused (read-only, say). */
  const [refusal, setRefusal] = useState<StepIdRefusal | null>(null);
  // Another id from outside (an undo) ends the draft.
  useEffect(() => {
    setDraft(null);
    setRefusal(null);
  }, [stepId]);
  const definition = useWorkflowEditor((state) => state.definition);
  const editing = draft !== null && draft !== stepId;
  // Checked as the person types, so the reason shows before they leave the field.
  const problem = editing ? (refusal ?? checkStepId(definition, stepId, draft) ?? null) : null;
  const allMessages = problem ? [labels.stepIdProblem(problem), ...messages] : messages;
  const errorId = `${id}__error`;
  const helpId = `${id}__help`;

  /** Applies the draft; true when the field now shows the step's (new) id. */
  const apply = (): boolean => {
    if (!editing) {
      setDraft(null);
      return true;
    }
    const refused = store.getState().changeStepId(stepId, draft);
    if (refused) {
      setRefusal(refused);
      return false;
    }
    setDraft(null);
    setRefusal(null);
    return true;
  };

  /**
   * A changed id draws the panel again for the new id (panels are per step id), which
   * takes away the element focus was going to inside it, and the canvas, finding focus
   * on the page, takes it for its own tab stop. Focus comes back to this field in the new
   * panel instead, for two frames (the canvas moves focus in an effect of its own).
   */
  const keepFocusInPanel = (input: HTMLInputElement, container: HTMLElement | null | undefined): void => {
    if (!container) return;
    const refocus = (framesLeft: number): void => {
      requestAnimationFrame(() => {
        if (input.isConnected) {
          const active = document.activeElement;
          if (active === null || active === document.body) input.focus();
        } else {
          const field = container.querySelector<HTMLInputElement>(`[${STEP_ID_FIELD}]`);
          if (field && !field.closest('section')?.contains(document.activeElement)) field.focus();
        }
        if (framesLeft > 1) refocus(framesLeft - 1);
      });
    };
    refocus(2);
  };

  const onBlur = (event: FocusEvent<HTMLInputElement>): void => {
    const next = event.relatedTarget;
    const focusStaysInPanel = next instanceof Node && event.currentTarget.closest('section')?.contains(next) === true;
    const changing = editing && problem === null;
    if (!changing || !focusStaysInPanel) {
      apply();
      return;
    }
    // Drawn now, while focus is between the two elements: the panel drawn for the new id
    // replaces the one focus was going to, and the old one, gone without focus inside it,
    // does not hand focus to the canvas. Focus then comes back to this field.
    const input = event.currentTarget;
    const container = input.closest('section')?.parentElement;
    if (flushSync(apply)) keepFocusInPanel(input, container);
  };

  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>): void => {
    if (event.key === 'Escape' && editing) {
      // Only the draft goes; a second Escape reaches whatever closes the panel.
      event.preventDefault();
      event.stopPropagation();
      setDraft(null);
      setRefusal(null);
      return;
    }
    if (event.key !== 'Enter' || event.nativeEvent.isComposing) return;
    event.preventDefault();
    if (!editing || problem !== null) return;
    // Leaving the field applies the id (see onBlur). Focus is out of the panel when the
    // panel is drawn anew for the new id, so it is not handed to the canvas; it comes
    // back to this field.
    const input = event.currentTarget;
    keepFocusInPanel(input, input.closest('section')?.parentElement);
    input.blur();
  };

  const describedBy = allMessages.length > 0 ? `${errorId} ${helpId}` : helpId;
  return (
    <div className={`wfe-field ${allMessages.length > 0 ? 'wfe-field--invalid' : ''}`}>
      <label className="wfe-label" htmlFor={id}>
        {labels.stepId}
      </label>
      <input
        id={id}
        type="text"
        className="wfe-input"
        value={draft ?? stepId}
        readOnly={readOnly}
        spellCheck={false}
        autoCapitalize="off"
        autoComplete="off"
        data-wfe-step-id-field=""
        // Text the history does not hold yet: Ctrl+Z undoes typing in the field first.
        data-wfe-local-edit={editing ? '' : undefined}
        aria-invalid={allMessages.length > 0 || undefined}
        aria-describedby={describedBy}
        onChange={(event) => {
          setDraft(event.target.value);
          setRefusal(null);
        }}
        onBlur={onBlur}
        onKeyDown={onKeyDown}
      />
      <FieldErrors id={errorId} messages={allMessages} />
      <p className="wfe-field-help" id={helpId}>
        {labels.stepIdHelp}
      </p>
    </div>
  );
}
