// ---------------------------------------------------------------------------
// The trigger panel's "Sample data": the example trigger payload that "Test step" and
// reference previews resolve `{{ trigger... }}` against. Pasted as JSON or generated from
// the payload schema; kept by the host (`sampleData`), never in the definition, so
// editing it is no undo step and no `onChange`.
// ---------------------------------------------------------------------------

import { useEffect, useId, useRef, useState, type ReactElement } from 'react';
import type { JsonValue } from '../../../definition';
import { useLabels, useWorkflowEditor, useWorkflowEditorStore } from '../../WorkflowEditorProvider';
import { jsonText, readJsonText } from '../form/json-text';
import { sampleFromSchema } from './sample-from-schema';

/** Text longer than this (characters) is read on blur rather than on every change. */
const READ_WHILE_TYPING_UP_TO = 100_000;

/** The sample trigger data's editor. Needs `<WorkflowEditorProvider>`. */
export function SampleDataEditor(): ReactElement {
  const store = useWorkflowEditorStore();
  const labels = useLabels();
  const trigger = useWorkflowEditor((state) => state.sampleData.trigger);
  const stepResultCount = useWorkflowEditor((state) => Object.keys(state.sampleData.steps ?? {}).length);
  const payloadSchema = useWorkflowEditor((state) => state.definition.trigger.payloadSchema);
  const id = useId();
  const [text, setText] = useState(() => jsonText(trigger));
  const [error, setError] = useState<string | null>(null);
  // The value this field last wrote: a new sample from elsewhere (the host, "Generate")
  // replaces the text, the echo of the person's own typing does not.
  const written = useRef<JsonValue | undefined>(trigger);
  useEffect(() => {
    if (trigger === written.current) return;
    written.current = trigger;
    setText(jsonText(trigger));
    setError(null);
  }, [trigger]);

  const setTrigger = (value: JsonValue | undefined): void => {
    written.current = value;
    store.getState().setSampleData((current) => {
      const next = { ...current };
      if (value === undefined) delete next.trigger;
      else next.trigger = value;
      return next;
    });
  };

  const onTextChange = (next: string): void => {
    setText(next);
    // A long sample (a pasted export) is read when the field is left, not on every key.
    if (next.length <= READ_WHILE_TYPING_UP_TO) readText(next);
  };

  const readText = (next: string): void => {
    const read = readJsonText(next);
    if (!read.ok) {
      setError(labels.bodyJsonError(read.line, read.column, read.message));
      return;
    }
    setError(null);
    setTrigger(read.value);
  };

  const generate = (): void => {
    if (!payloadSchema) return;
    const value = sampleFromSchema(payloadSchema);
    setTrigger(value);
    setText(jsonText(value));
    setError(null);
  };

  const clearResults = (): void => {
    store.getState().setSampleData((current) => {
      const next = { ...current };
      delete next.steps;
      return next;
    });
  };

  return (
    <section className="wfe-sample-data" aria-labelledby={`${id}-heading`}>
      <h3 id={`${id}-heading`} className="wfe-section-title">
        {labels.sampleData}
      </h3>
      <p className="wfe-field-help">{labels.sampleDataHelp}</p>
      <label htmlFor={`${id}-text`} className="wfe-label">
        {labels.sampleTriggerData}
      </label>
      <textarea
        id={`${id}-text`}
        className="wfe-input wfe-textarea wfe-code"
        rows={8}
        spellCheck={false}
        // Sample data is not in the editor's history: Ctrl/Cmd+Z here is the field's own undo.
        data-wfe-own-undo=""
        value={text}
        placeholder='{ "inquiryId": "inq_123" }'
        aria-invalid={error !== null}
        aria-describedby={error !== null ? `${id}-error` : undefined}
        onChange={(event) => onTextChange(event.target.value)}
        onBlur={(event) => {
          if (event.target.value.length > READ_WHILE_TYPING_UP_TO) readText(event.target.value);
        }}
      />
      {error !== null && (
        <p id={`${id}-error`} className="wfe-field-error">
          {/* The parse error is a clause ("Line 1, column 9: a value is expected"): a sentence here. */}
          {/[.!?]$/.test(error) ? error : `${error}.`} {labels.sampleDataNotJson}
        </p>
      )}
      <div className="wfe-test-step-actions">
        <button type="button" className="wfe-button" onClick={generate} disabled={!payloadSchema}>
          {labels.generateSampleFromSchema}
        </button>
        {trigger !== undefined && (
          <button type="button" className="wfe-button" onClick={() => setTrigger(undefined)}>
            {labels.clearSampleData}
          </button>
        )}
      </div>
      {!payloadSchema && <p className="wfe-field-help">{labels.generateSampleNeedsSchema}</p>}
      {stepResultCount > 0 && (
        <p className="wfe-field-help">
          {labels.sampleStepResults(stepResultCount)}{' '}
          <button type="button" className="wfe-button wfe-button--link" onClick={clearResults}>
            {labels.clearSampleStepResults}
          </button>
        </p>
      )}
    </section>
  );
}
