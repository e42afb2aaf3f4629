// ---------------------------------------------------------------------------
// The trigger's payload schema as a list of fields (name, type, required), the simple
// way to say what data the event carries; the JSON Schema text stays as the advanced
// view. The list writes a plain object schema; a schema it cannot say everything of
// (nested fields, descriptions, other keywords) is shown only as JSON Schema, so editing
// the list can never drop part of what a person wrote there. Loaded when a trigger panel
// first shows it (with "from sample"'s JSON reader), not with the editor.
// ---------------------------------------------------------------------------

import { useEffect, useId, useRef, useState, type ReactElement } from 'react';
import { schemaFromSample, type JsonSchema, type Problem } from '../../definition';
import { IconButton } from '../IconButton';
import { problemText, type EditorLabels } from '../labels';
import { readJsonText } from './form/json-text';
import {
  PAYLOAD_FIELD_TYPES,
  payloadFieldsOf,
  payloadSchemaOf,
  samePayloadSchema,
  type PayloadField,
  type PayloadFieldType,
} from './payload-fields';

interface Row extends PayloadField {
  /** Stable across edits, so a row keeps its inputs (and focus) while its name changes. */
  key: number;
}

/** Props of {@link PayloadFieldList}. */
export interface PayloadFieldListProps {
  schema: JsonSchema | undefined;
  labels: EditorLabels;
  readOnly: boolean;
  /** Problems of the workflow; those under `/trigger/payloadSchema` show under the list. */
  problems: readonly Problem[];
  /** The list changed the schema; `field` names what changed, for undo bursts. */
  onChange: (schema: JsonSchema | undefined, field: string) => void;
  onEndBurst: () => void;
  /** "Edit as JSON Schema". */
  onEditAsJson: () => void;
}

/** "Payload Schema" as rows of name, type and required, with "from sample". */
export function PayloadFieldList(props: PayloadFieldListProps): ReactElement {
  const { schema, labels, readOnly, onChange } = props;
  const id = useId();
  const nextKey = useRef(0);
  const withKeys = (fields: readonly PayloadField[], previous: readonly Row[] = []): Row[] =>
    fields.map((field, index) => ({ ...field, key: previous[index]?.key ?? nextKey.current++ }));
  const [rows, setRows] = useState<Row[]>(() => withKeys(payloadFieldsOf(schema) ?? []));
  const [seen, setSeen] = useState(schema);
  const [touched, setTouched] = useState<ReadonlySet<number>>(() => new Set());
  // Where focus goes once the rows are drawn: a new row's name, or (after a remove) the
  // remove button of the row now at its place, as in the form's lists; -1 is "Add field".
  const [focusTarget, setFocusTarget] = useState<{ key: number; part: 'name' | 'remove' } | null>(null);
  const listRef = useRef<HTMLDivElement>(null);
  const addRef = useRef<HTMLButtonElement>(null);

  // A schema changed from outside the list (undo, the JSON view, an import) is shown
  // anew; one the list wrote itself keeps the rows, unnamed ones included.
  if (schema !== seen) {
    setSeen(schema);
    const fields = payloadFieldsOf(schema);
    if (fields && !samePayloadSchema(schema, payloadSchemaOf(rows))) setRows(withKeys(fields, rows));
  }

  useEffect(() => {
    if (focusTarget === null) return;
    const selector = `[data-row-key="${focusTarget.key}"] ${focusTarget.part === 'name' ? 'input' : '.wfe-array-remove'}`;
    const target = focusTarget.key < 0 ? addRef.current : listRef.current?.querySelector<HTMLElement>(selector);
    target?.focus();
    setFocusTarget(null);
  }, [focusTarget]);

  const update = (next: Row[], field: string): void => {
    setRows(next);
    const nextSchema = payloadSchemaOf(next);
    if (!samePayloadSchema(nextSchema, payloadSchemaOf(rows))) onChange(nextSchema, `payloadSchema.${field}`);
  };
  const updateRow = (index: number, patch: Partial<PayloadField>, field: string): void => {
    const row = rows[index]!;
    update(
      rows.map((other, at) => (at === index ? { ...other, ...patch } : other)),
      `${row.key}.${field}`,
    );
  };
  const addRow = (): void => {
    const row: Row = { name: '', type: 'string', required: false, key: nextKey.current++ };
    update([...rows, row], 'add');
    setFocusTarget({ key: row.key, part: 'name' });
  };
  const removeRow = (index: number): void => {
    const next = rows.filter((_, at) => at !== index);
    update(next, 'remove');
    props.onEndBurst();
    // Focus stays in the list: on the row now at this place, else the one before, else "Add field".
    setFocusTarget({ key: next[index]?.key ?? next[index - 1]?.key ?? -1, part: 'remove' });
  };

  const firstIndexOf = new Map<string, number>();
  rows.forEach((row, index) => {
    const name = row.name.trim();
    if (name !== '' && !firstIndexOf.has(name)) firstIndexOf.set(name, index);
  });
  const messages = props.problems.filter(
    (problem) => problem.path === '/trigger/payloadSchema' || problem.path.startsWith('/trigger/payloadSchema/'),
  );

  return (
    <fieldset className="wfe-fieldset" aria-describedby={`${id}-help`}>
      <legend className="wfe-fieldset-legend">{labels.payloadSchema}</legend>
      <p className="wfe-field-help" id={`${id}-help`}>
        {labels.payloadFieldsHelp}
      </p>
      {rows.length > 0 && (
        // The rows share the branch panel's condition-row layout: a wide first input with
        // the remove button, two smaller controls below it.
        <div className="wfe-condition-rows" ref={listRef}>
          {rows.map((row, index) => {
            const name = row.name.trim();
            const message =
              name === ''
                ? touched.has(row.key)
                  ? labels.payloadFieldNameMissing
                  : null
                : firstIndexOf.get(name) !== index
                  ? labels.payloadFieldNameTaken
                  : null;
            const rowId = `${id}-${row.key}`;
            return (
              <div
                key={row.key}
                data-row-key={row.key}
                className={`wfe-condition-row ${message ? 'wfe-field--invalid' : ''}`}
                role="group"
                aria-label={labels.payloadField(index + 1)}
              >
                <div className="wfe-condition-inputs">
                  <div className="wfe-condition-left">
                    <input
                      className="wfe-input"
                      aria-label={labels.payloadFieldName}
                      placeholder={labels.payloadFieldName}
                      value={row.name}
                      readOnly={readOnly}
                      spellCheck={false}
                      aria-invalid={message !== null || undefined}
                      aria-describedby={message ? `${rowId}-error` : undefined}
                      onChange={(event) => updateRow(index, { name: event.target.value }, 'name')}
                      onBlur={() => {
                        setTouched((known) => new Set(known).add(row.key));
                        props.onEndBurst();
                      }}
                    />
                  </div>
                  <select
                    className="wfe-select wfe-condition-op"
                    aria-label={labels.payloadFieldType}
                    value={row.type}
                    disabled={readOnly}
                    onChange={(event) => {
                      updateRow(index, { type: event.target.value as PayloadFieldType }, 'type');
                      props.onEndBurst();
                    }}
                  >
                    {PAYLOAD_FIELD_TYPES.map((type) => (
                      <option key={type} value={type}>
                        {labels.payloadFieldTypeName(type)}
                      </option>
                    ))}
                  </select>
                  <div className="wfe-condition-right">
                    <label className="wfe-checkbox">
                      <input
                        type="checkbox"
                        checked={row.required}
                        disabled={readOnly}
                        onChange={(event) => {
                          updateRow(index, { required: event.target.checked }, 'required');
                          props.onEndBurst();
                        }}
                      />
                      {labels.payloadFieldRequired}
                    </label>
                  </div>
                  {!readOnly && (
                    <IconButton
                      glyph="close"
                      className="wfe-array-remove"
                      label={`${labels.removePayloadField} ${index + 1}`}
                      title={labels.removePayloadField}
                      onClick={() => removeRow(index)}
                    />
                  )}
                </div>
                {message && (
                  <p className="wfe-field-error" id={`${rowId}-error`}>
                    {message}
                  </p>
                )}
              </div>
            );
          })}
        </div>
      )}
      {messages.length > 0 && (
        <div className="wfe-field-errors">
          {messages.map((problem) => (
            <p key={`${problem.path}:${problem.code}`} className="wfe-field-error">
              {problemText(labels, problem)}
            </p>
          ))}
        </div>
      )}
      {!readOnly && (
        <div className="wfe-label-row">
          <button ref={addRef} type="button" className="wfe-button wfe-button--ghost wfe-array-add" onClick={addRow}>
            <span aria-hidden="true">+ </span>
            {labels.addPayloadField}
          </button>
          <button type="button" className="wfe-button wfe-button--link" onClick={props.onEditAsJson}>
            {labels.editAsJsonSchema}
          </button>
        </div>
      )}
      {!readOnly && (
        <SampleBox
          labels={labels}
          onSchema={(sampleSchema) => onChange(sampleSchema, 'payloadSchema.sample')}
          onEndBurst={props.onEndBurst}
        />
      )}
    </fieldset>
  );
}

/** "from sample" beside the field list: a pasted example becomes the schema (and the rows). */
function SampleBox(props: {
  labels: EditorLabels;
  onSchema: (schema: JsonSchema) => void;
  onEndBurst: () => void;
}): ReactElement {
  const { labels } = props;
  const [open, setOpen] = useState(false);
  const [text, setText] = useState('');
  const [error, setError] = useState<string | null>(null);
  const id = useId();
  const textRef = useRef<HTMLTextAreaElement>(null);
  const toggleRef = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    if (open) textRef.current?.focus();
  }, [open]);

  const close = (): void => {
    setOpen(false);
    setText('');
    setError(null);
    toggleRef.current?.focus();
  };
  const create = (): void => {
    const read = readJsonText(text);
    if (!read.ok) {
      setError(labels.bodyJsonError(read.line, read.column, read.message));
      return;
    }
    if (read.value === undefined) return textRef.current?.focus();
    props.onSchema(schemaFromSample(read.value));
    props.onEndBurst();
    close();
  };

  return (
    <>
      <button
        ref={toggleRef}
        type="button"
        className="wfe-button wfe-button--link wfe-array-add"
        aria-expanded={open}
        aria-controls={open ? id : undefined}
        onClick={() => (open ? close() : setOpen(true))}
      >
        {labels.fromSample}
      </button>
      {open && (
        <div className="wfe-sample" id={id}>
          <label className="wfe-label wfe-label--small" htmlFor={`${id}-text`}>
            {labels.sampleJson}
          </label>
          <textarea
            ref={textRef}
            id={`${id}-text`}
            // A scratch box, not part of the definition: the browser's own undo.
            data-wfe-own-undo
            className="wfe-input wfe-textarea wfe-code"
            rows={5}
            value={text}
            spellCheck={false}
            placeholder={'{ "inquiryId": "inq_123", "score": 0.4 }'}
            aria-invalid={error !== null || undefined}
            aria-describedby={error ? `${id}-error` : undefined}
            onChange={(event) => {
              setText(event.target.value);
              setError(null);
            }}
          />
          {error && (
            <p className="wfe-field-error" id={`${id}-error`}>
              {error}
            </p>
          )}
          <div className="wfe-sample-actions">
            <button type="button" className="wfe-button wfe-button--primary" onClick={create}>
              {labels.createSchema}
            </button>
            <button type="button" className="wfe-button wfe-button--ghost" onClick={close}>
              {labels.cancel}
            </button>
          </div>
        </div>
      )}
    </>
  );
}
