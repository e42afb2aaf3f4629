// ---------------------------------------------------------------------------
// "Import JSON": pasted text or a file, read with `importWorkflowJson` (parse, migrate,
// validate). A valid workflow, or a draft the editor can hold (draft.ts: its problems are
// ones the person fixes in the editor, as in the drafts Save keeps), replaces the
// definition as one undo step (store.importDefinition); a draft's problems then show where
// every problem shows. Text the editor cannot hold changes nothing: every problem is
// listed with its JSON path and its line and column in the text.
// A native modal <dialog> (useModalDialog) gives focus containment, Escape and the backdrop.
// ---------------------------------------------------------------------------

import { useId, useRef, useState, type ReactElement } from 'react';
import type { Problem, Workflow } from '../../definition';
import { importWorkflowJsonWithDraft } from '../../definition/draft';
import { problemText, type EditorLabels } from '../labels';
import { selectReadOnly } from '../store';
import { useLabels, useWorkflowEditor, useWorkflowEditorStore } from '../WorkflowEditorProvider';
import { DialogErrorBoundary } from './DialogErrorBoundary';
import { ModalDialogHeader } from './ModalDialogHeader';
import { useModalDialog } from './use-modal-dialog';

/** Props of {@link ImportDialog}. */
export interface ImportDialogProps {
  /** Close button, Escape, a click on the backdrop, or after a successful import. */
  onClose: () => void;
  /** Called after the definition was replaced (by a valid workflow or by a draft with problems to fix). */
  onImported?: (definition: Workflow, details: { migratedFrom?: number }) => void;
  /** Text the dialog starts with. @default "" */
  initialText?: string;
}

/**
 * Where an imported problem is, in words: its step and its line and column
 * ("Step "notify_crm", line 12, column 7"); empty when neither is known.
 */
function problemPlace(problem: Problem, labels: EditorLabels): string {
  const parts: string[] = [];
  if (problem.stepId !== undefined) parts.push(labels.problemInStep(problem.stepId));
  if (problem.line !== undefined) parts.push(labels.problemPosition(problem.line, problem.column ?? 1));
  const place = parts.join(', ');
  return place.charAt(0).toUpperCase() + place.slice(1);
}

function ImportProblemPlace(props: { problem: Problem; labels: EditorLabels }): ReactElement | null {
  const place = problemPlace(props.problem, props.labels);
  return place === '' ? null : <span className="wfe-problem-position">{place}: </span>;
}

/** The "Import JSON" dialog of the nearest editor (open while rendered). */
export function ImportDialog(props: ImportDialogProps): ReactElement {
  const labels = useLabels();
  return (
    <DialogErrorBoundary title={labels.importJson} onClose={props.onClose} labels={labels}>
      <ImportDialogContent {...props} />
    </DialogErrorBoundary>
  );
}

function ImportDialogContent(props: ImportDialogProps): ReactElement {
  const { onImported, initialText = '' } = props;
  const labels = useLabels();
  const store = useWorkflowEditorStore();
  const readOnly = useWorkflowEditor(selectReadOnly);
  const [text, setText] = useState(initialText);
  const [problems, setProblems] = useState<readonly Problem[]>([]);
  const textRef = useRef<HTMLTextAreaElement>(null);
  const { dialogProps, close } = useModalDialog({ onClose: props.onClose, onOpen: () => textRef.current?.focus() });
  const titleId = useId();
  const textId = useId();
  const fileId = useId();
  const problemsId = useId();

  const runImport = (): void => {
    const state = store.getState();
    if (state.readOnly) return;
    // Host actions are checked with the editor's catalog; secret names are not, since a
    // workflow from elsewhere may name secrets this host has yet to add (they show as problems).
    const result = importWorkflowJsonWithDraft(text, { catalog: state.catalog });
    // No question before a draft comes in: the person's own export of unfinished work is
    // the usual one, its problems show in the editor at once, and one Undo takes it back.
    const workflow = result.ok ? result.workflow : result.draft;
    if (workflow === undefined) {
      setProblems(result.problems);
      return;
    }
    setProblems([]);
    state.importDefinition(workflow);
    onImported?.(workflow, result.migratedFrom === undefined ? {} : { migratedFrom: result.migratedFrom });
    close();
  };

  const readFile = async (file: File): Promise<void> => {
    const content = await file.text();
    setText(content);
    setProblems([]);
    textRef.current?.focus();
  };

  return (
    <dialog {...dialogProps} className="wfe-dialog wfe-import-dialog" aria-labelledby={titleId}>
      <ModalDialogHeader titleId={titleId} title={labels.importJson} closeLabel={labels.close} onClose={close} />
      <form
        className="wfe-dialog-form"
        onSubmit={(event) => {
          event.preventDefault();
          runImport();
        }}
      >
        <label className="wfe-label" htmlFor={textId}>
          {labels.workflowJson}
        </label>
        <textarea
          ref={textRef}
          id={textId}
          className="wfe-input wfe-textarea wfe-code wfe-dialog-text"
          value={text}
          rows={16}
          spellCheck={false}
          aria-invalid={problems.length > 0 || undefined}
          aria-describedby={problems.length > 0 ? problemsId : undefined}
          onChange={(event) => {
            setText(event.target.value);
            if (problems.length > 0) setProblems([]);
          }}
        />
        <div className="wfe-dialog-file">
          <label className="wfe-label" htmlFor={fileId}>
            {labels.importFile}
          </label>
          <input
            id={fileId}
            type="file"
            accept="application/json,.json"
            onChange={(event) => {
              const file = event.target.files?.[0];
              // Cleared so choosing the same file again still fires a change.
              event.target.value = '';
              if (file) void readFile(file);
            }}
          />
        </div>
        {problems.length > 0 ? (
          <div className="wfe-import-problems" id={problemsId} role="alert">
            <h3 className="wfe-import-problems-title">{labels.importProblems(problems.length)}</h3>
            <ul aria-label={labels.problems}>
              {problems.map((problem, index) => (
                // The message names the field; the JSON Pointer stays as a detail on hover.
                <li
                  key={`${problem.path}:${problem.code}:${index}`}
                  className="wfe-import-problem"
                  title={problem.path || undefined}
                >
                  <ImportProblemPlace problem={problem} labels={labels} />
                  <span className="wfe-problem-message">{problemText(labels, problem)}</span>
                </li>
              ))}
            </ul>
          </div>
        ) : null}
        <div className="wfe-dialog-actions">
          <button type="button" className="wfe-button" onClick={close}>
            {labels.cancel}
          </button>
          <button type="submit" className="wfe-button wfe-button--primary" disabled={readOnly || text.trim() === ''}>
            {labels.import}
          </button>
        </div>
      </form>
    </dialog>
  );
}
