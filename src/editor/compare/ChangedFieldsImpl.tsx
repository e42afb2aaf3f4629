// ---------------------------------------------------------------------------
// The panel's part of the comparison: for a changed step (or the trigger), each changed
// field with its published and current values in words and "Restore published value",
// which puts that one field back in one undo step.
// ---------------------------------------------------------------------------

import { useId, type ReactElement } from 'react';
import { findStep, type FieldChange, type Step } from '../../definition';
import { stepKeepingFocus } from '../history-keys';
import { useLabels, useWorkflowEditor, useWorkflowEditorStore } from '../WorkflowEditorProvider';
import { useStepChange, usePublishedWorkflow, useWorkflowChanges } from './compare-state';
import {
  canRestoreStepField,
  ownFieldLabel,
  restoreStepField,
  restoreTriggerField,
  restoreWorkflowField,
  stepFieldLabel,
  valueText,
} from './restore';

interface FieldRow {
  field: FieldChange;
  label: string;
  /** Absent: the field cannot be restored on its own. */
  restore?: () => void;
}

function ChangedFieldsSection(props: { rows: readonly FieldRow[]; note?: string; badge?: string }): ReactElement {
  const labels = useLabels();
  const readOnly = useWorkflowEditor((state) => state.readOnly);
  const headingId = useId();
  return (
    <section className="wfe-compare-fields" aria-labelledby={headingId}>
      <h3 id={headingId} className="wfe-compare-fields-heading">
        {labels.changedFields}
        {props.badge !== undefined && <span className="wfe-change-badge wfe-change-badge--changed">{props.badge}</span>}
      </h3>
      {props.note !== undefined && <p className="wfe-compare-note">{props.note}</p>}
      <ul className="wfe-compare-field-list">
        {props.rows.map((row) => (
          <li key={row.field.path} className="wfe-compare-field">
            <span className="wfe-compare-field-label">{row.label}</span>
            <span className="wfe-compare-values">
              <del className="wfe-compare-before">{valueText(row.field.before, labels)}</del>
              <span aria-hidden="true"> → </span>
              <span className="wfe-visually-hidden">, now </span>
              <ins className="wfe-compare-after">{valueText(row.field.after, labels)}</ins>
            </span>
            {row.restore && !readOnly ? (
              <button
                type="button"
                className="wfe-button wfe-compare-restore"
                aria-label={labels.restorePublishedValueOf(row.label)}
                onClick={(event) => {
                  // The restored field is no longer changed: its row (this button) goes, and
                  // focus moves to the nearest control left in the panel, not to the page.
                  const button = event.currentTarget;
                  const scope = button.closest<HTMLElement>('.wfe-panel') ?? document.body;
                  if (row.restore) stepKeepingFocus(row.restore, button, scope);
                }}
              >
                {labels.restorePublishedValue}
              </button>
            ) : null}
          </li>
        ))}
      </ul>
    </section>
  );
}

/** The changed fields of one step, while the comparison is shown and the step differs; else nothing. */
export function StepChangedFieldsImpl(props: { step: Step }): ReactElement | null {
  const labels = useLabels();
  const store = useWorkflowEditorStore();
  const change = useStepChange(props.step.id);
  const published = usePublishedWorkflow();
  if (!change || change.fields.length === 0) {
    if (change?.kind === 'added' || change?.kind === 'moved') {
      return (
        <p className="wfe-compare-note">
          <span className={`wfe-change-badge wfe-change-badge--${change.kind}`}>{labels.changeBadge(change.kind)}</span>
        </p>
      );
    }
    return null;
  }
  const publishedStep = published ? findStep(published, props.step.id)?.step : undefined;
  const rows = change.fields.map((field): FieldRow => {
    const row: FieldRow = { field, label: stepFieldLabel(props.step, field, labels) };
    if (canRestoreStepField(field))
      row.restore = () => void restoreStepField(store, props.step.id, field, publishedStep);
    return row;
  });
  const note = change.fields.some((field) => !canRestoreStepField(field)) ? labels.restoreByHand : undefined;
  return (
    <ChangedFieldsSection
      rows={rows}
      note={note}
      badge={change.kind === 'moved' ? labels.changeBadge('moved') : undefined}
    />
  );
}

/** The trigger's changed fields, while the comparison is shown; else nothing. */
export function TriggerChangedFieldsImpl(): ReactElement | null {
  const labels = useLabels();
  const store = useWorkflowEditorStore();
  const changes = useWorkflowChanges();
  if (!changes || changes.trigger.length + changes.workflow.length === 0) return null;
  const rows = [
    ...changes.workflow.map((field): FieldRow => ({
      field,
      label: ownFieldLabel(field, labels),
      restore: () => void restoreWorkflowField(store, field),
    })),
    ...changes.trigger.map((field): FieldRow => ({
      field,
      label: ownFieldLabel(field, labels),
      restore: () => void restoreTriggerField(store, field),
    })),
  ];
  return <ChangedFieldsSection rows={rows} />;
}
