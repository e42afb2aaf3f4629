// ---------------------------------------------------------------------------
// Fields for free JSON (`"ui:field": "json"`, the request Body) and for JSON Schemas
// (`"ui:field": "jsonSchema"`, Response / Payload Schema). rjsf would otherwise draw
// these as nested property editors, which cannot hold arbitrary JSON.
//
// The one piece of local truth in the panel lives here: text that is not valid JSON
// yet. The definition keeps the last valid value meanwhile; everything else comes from
// `formData`.
// ---------------------------------------------------------------------------

import {
  ariaDescribedByIds,
  descriptionId,
  getUiOptions,
  type FieldProps,
  type RegistryFieldsType,
  type RJSFSchema,
} from '@rjsf/utils';
import {
  useEffect,
  useId,
  useRef,
  useState,
  type CSSProperties,
  type KeyboardEvent,
  type ReactElement,
  type ReactNode,
} from 'react';
import {
  createSchemaValidator,
  SchemaNotUsableError,
  type JsonObject,
  type JsonSchema,
  type JsonValue,
} from '../../../definition';
import { schemaFromSample } from '../../../definition/schema-from-sample';
import { InsertReferenceButton } from '../../references/InsertReferenceButton';
import type { CodeEditorHandle } from './code/CodeEditor';
import { LazyCodeEditor } from './code/LazyCodeEditor';
import { visibleMessages, type ConfigFormContext } from './context';
import {
  fieldTextOf,
  firstLinesOf,
  jsonText,
  lineCountUpTo,
  readJsonText,
  sameJsonText,
  type FieldText,
} from './json-text';

// Typed with the form's object type: these fields hold any JSON, read through `jsonValueOf`.
type Props = FieldProps<JsonObject, RJSFSchema, ConfigFormContext>;

/** The top-level property a field edits, if it is one. */
function topLevelPropertyOf(props: Props): string | undefined {
  const { path } = props.fieldPathId;
  return path.length === 1 ? String(path[0]) : undefined;
}

/** The field's value: from the form context for top-level fields, where rjsf holds a stand-in. */
function jsonValueOf(props: Props): JsonValue | undefined {
  const property = topLevelPropertyOf(props);
  const { jsonFields } = props.registry.formContext;
  if (property !== undefined && jsonFields.has(property)) return jsonFields.get(property);
  return props.formData;
}

function titleOf(props: Props): string {
  const uiOptions = getUiOptions(props.uiSchema);
  if (typeof uiOptions.title === 'string') return uiOptions.title;
  if (typeof props.schema.title === 'string') return props.schema.title;
  return props.name;
}

function descriptionOf(props: Props): string | undefined {
  const uiOptions = getUiOptions(props.uiSchema);
  if (typeof uiOptions.description === 'string') return uiOptions.description;
  return typeof props.schema.description === 'string' ? props.schema.description : undefined;
}

interface JsonEditorState {
  /**
   * The text the code editor is to show, and its version: a new version replaces what it
   * holds. A big value's text is written out only once the field has been painted.
   */
  shown: { text: FieldText; version: number };
  error: string | null;
  /** The person changed the text; `read` writes it out (see CodeEditorProps.onTextChange). */
  typed: (read: () => string, length: number) => void;
  replace: (value: JsonValue | undefined) => void;
  /** Reads text typed but not read yet (a long text, see DEFERRED_READ_CHARS) into the definition now. */
  flush: () => void;
  /**
   * Ctrl/Cmd+Z on text that is not valid JSON (the definition does not hold it): brings
   * back the text of the value the definition holds, keeping the draft for a redo. False
   * when there is no such draft, and the editor's history is to undo.
   */
  undoDraft: () => boolean;
  /** Ctrl/Cmd+Shift+Z or Ctrl/Cmd+Y right after {@link undoDraft}: the draft again. */
  redoDraft: () => boolean;
}

/**
 * Text longer than this is read (parsed, checked, put into the definition) once typing
 * pauses for DEFERRED_READ_MS, when the field loses focus, before Ctrl/Cmd+Z or Y, or
 * when it unmounts, rather than on every key: reading a 2 MB body takes far longer than a
 * frame. Shorter text is read at once, so its errors show as it is typed.
 */
const DEFERRED_READ_CHARS = 20_000;
const DEFERRED_READ_MS = 300;

/**
 * Text of a JSON value being edited: follows `value` when it changes from outside
 * (undo, a host), keeps the person's text while it is invalid or merely formatted
 * differently. A top-level field hidden and shown again (a method switch) starts from
 * the text it held, as typed.
 */
function useJsonEditor(props: Props, validate: (value: JsonValue | undefined) => string | null): JsonEditorState {
  const { onChange, fieldPathId, registry } = props;
  const formData = jsonValueOf(props);
  const context = registry.formContext;
  // eslint-disable-next-line @typescript-eslint/unbound-method -- the form's reportDraftError is an arrow function
  const { reportDraftError, keptText, labels } = context;
  const id = fieldPathId.$id;
  const property = topLevelPropertyOf(props);
  const [initial] = useState(() =>
    initialText(property === undefined ? undefined : keptText.get(property), formData, validate, labels),
  );
  const [shown, setShown] = useState<{ text: FieldText; version: number }>({ text: initial.text, version: 0 });
  const [error, setErrorState] = useState<string | null>(initial.error);
  const lastEmitted = useRef<JsonValue | undefined>(formData);
  // The text as it is now: typed text stays with the code editor until it is needed
  // (writing out a 2 MB document on every key would cost more than a frame).
  const latestText = useRef<string | (() => string)>(
    typeof initial.text === 'string' ? initial.text : initial.text.full,
  );
  const textNow = (): string => {
    if (typeof latestText.current === 'function') latestText.current = latestText.current();
    return latestText.current;
  };
  const latestTextNow = useRef(textNow);
  latestTextNow.current = textNow;
  const showText = (next: string): void => {
    latestText.current = next;
    setShown((current) => ({ text: next, version: current.version + 1 }));
  };
  const edited = useRef(false);
  // The text each value had when the person wrote it, so undo and redo bring back their
  // layout, not a reformatted copy. Bounded: a long session of edits to a big body must
  // not hold every version of it.
  const textsByValue = useRef<Map<string, string> | null>(null);
  const rememberText = (value: JsonValue | undefined, written: string): void => {
    if (value === undefined || written.length > MAX_REMEMBERED_TEXT) return;
    const texts = (textsByValue.current ??= new Map());
    const key = JSON.stringify(value);
    // Text in the standard layout needs no memory: it is what undo would show anyway.
    if (written === jsonText(value)) {
      texts.delete(key);
      return;
    }
    texts.delete(key);
    texts.set(key, written);
    if (texts.size > MAX_REMEMBERED_TEXTS) texts.delete(texts.keys().next().value);
  };
  // The text the field opened with is the layout its value had.
  const rememberedInitial = useRef(false);
  if (!rememberedInitial.current) {
    rememberedInitial.current = true;
    // A deferred text is the value's standard layout, which needs no memory.
    if (initial.error === null && typeof initial.text === 'string') rememberText(formData, initial.text);
  }

  // Also set by `setError` at once, for a key handled in the same event as the read.
  const latestError = useRef(error);
  const setError = (message: string | null): void => {
    latestError.current = message;
    setErrorState(message);
  };
  // A field that mounts holding invalid text (kept from before it was hidden) reports it,
  // as the cleanup below withdraws it on unmount.
  useEffect(() => {
    if (latestError.current !== null) reportDraftError(id, latestError.current);
  }, [id, reportDraftError]);

  useEffect(() => {
    if (sameJsonText(formData, lastEmitted.current)) return;
    lastEmitted.current = formData;
    // The same value written the person's way stays as written.
    const typed = readJsonText(latestTextNow.current());
    if (typed.ok && sameJsonText(typed.value, formData)) return;
    // Changed from outside: the definition wins over whatever was typed, in the layout
    // the person gave that value if they wrote it here (undo, redo).
    const next = textOfValue(formData);
    rememberText(formData, next);
    showText(next);
    setError(null);
    reportDraftError(id, null);
  }, [formData, id, reportDraftError]);

  /** The text `value` is shown with: the person's layout of it if they wrote it here. */
  const textOfValue = (value: JsonValue | undefined): string =>
    (value === undefined ? undefined : textsByValue.current?.get(JSON.stringify(value))) ?? jsonText(value);

  // Text typed but not read yet; the timer reads it once typing pauses.
  const pending = useRef<{ timer: ReturnType<typeof setTimeout> } | null>(null);
  const latestRead = useRef<(text: string) => void>(() => undefined);
  const flush = (): void => {
    const waiting = pending.current;
    if (waiting === null) return;
    clearTimeout(waiting.timer);
    pending.current = null;
    latestRead.current(textNow());
  };
  const latestFlush = useRef(flush);
  latestFlush.current = flush;

  useEffect(
    () => () => {
      // Closing the panel (Escape) removes the field without a blur: what was typed counts.
      // A field hidden by a choice (GET) gets its text back in `keptText`; the form leaves
      // a hidden field's value out, so reading it here changes nothing.
      latestFlush.current();
      // A draft that is dropped with the field (hidden, or another step selected) is no
      // problem any more; its text is kept for the field's return.
      reportDraftError(id, null);
      // An empty field the person never touched keeps what was kept before (a host
      // showed it again without its value; the text is still theirs).
      const text = latestTextNow.current();
      if (property !== undefined && (text !== '' || edited.current)) keptText.set(property, text);
    },
    [id, property, keptText, reportDraftError],
  );

  // Passing the field id makes the form report which field changed (undo bursts).
  const emit = (value: JsonValue | undefined): void => {
    if (property !== undefined && context.jsonFields.has(property)) {
      context.jsonFields.set(property, value, id);
      return;
    }
    (
      onChange as unknown as (
        value: JsonValue | undefined,
        path: (string | number)[],
        errors: undefined,
        id: string,
      ) => void
    )(value, fieldPathId.path, undefined, id);
  };

  // The draft an undo of invalid text put aside, while nothing was typed since.
  const undoneDraft = useRef<string | null>(null);

  const typed = (readText: () => string, length: number): void => {
    edited.current = true;
    undoneDraft.current = null;
    latestText.current = readText;
    if (pending.current !== null) clearTimeout(pending.current.timer);
    pending.current = null;
    if (length > DEFERRED_READ_CHARS) {
      pending.current = { timer: setTimeout(() => latestFlush.current(), DEFERRED_READ_MS) };
      return;
    }
    read(textNow());
  };

  const undoDraft = (): boolean => {
    flush();
    if (latestError.current === null) return false;
    undoneDraft.current = textNow();
    showText(textOfValue(formData));
    setError(null);
    context.reportDraftError(id, null);
    return true;
  };

  const redoDraft = (): boolean => {
    const draft = undoneDraft.current;
    if (draft === null) return false;
    undoneDraft.current = null;
    showText(draft);
    read(draft);
    return true;
  };

  const read = (next: string): void => {
    const result = readJsonText(next);
    if (!result.ok) {
      const message = context.labels.bodyJsonError(result.line, result.column, result.message);
      setError(message);
      context.reportDraftError(id, message);
      return;
    }
    const problem = validate(result.value);
    setError(problem);
    context.reportDraftError(id, problem);
    if (problem !== null) return;
    if (!sameJsonText(result.value, formData)) {
      rememberText(result.value, next);
      lastEmitted.current = result.value;
      emit(result.value);
    }
  };

  latestRead.current = read;

  const replace = (value: JsonValue | undefined): void => {
    if (pending.current !== null) clearTimeout(pending.current.timer);
    pending.current = null;
    undoneDraft.current = null;
    showText(jsonText(value));
    setError(null);
    context.reportDraftError(id, null);
    lastEmitted.current = value;
    emit(value);
  };

  return { shown, error, typed, replace, flush, undoDraft, redoDraft };
}

/**
 * What a field starts from: the text it held when hidden, if that still says what the
 * definition holds or the definition holds nothing yet; otherwise the definition's value.
 */
function initialText(
  kept: string | undefined,
  formData: JsonValue | undefined,
  validate: (value: JsonValue | undefined) => string | null,
  labels: ConfigFormContext['labels'],
): { text: FieldText; error: string | null } {
  if (kept !== undefined) {
    const read = readJsonText(kept);
    if (!read.ok && formData === undefined)
      return { text: kept, error: labels.bodyJsonError(read.line, read.column, read.message) };
    // Nothing yet: the value this text holds is on its way into the definition, in the
    // change that showed the field again (rjsf draws the field before it reports that
    // change, so the value cannot be waited for here).
    if (read.ok && (formData === undefined || sameJsonText(read.value, formData)))
      return { text: kept, error: validate(read.value) };
  }
  // A big value's text is written out after the panel's first frame (see CodeEditor).
  return { text: fieldTextOf(formData), error: null };
}

/** Versions of a field's text kept for undo, and the longest text kept (longer ones are reformatted). */
const MAX_REMEMBERED_TEXTS = 50;
const MAX_REMEMBERED_TEXT = 100_000;

/** Tall enough for the text (a few lines when empty), never taller than the panel wants. */
function rowsFor(text: FieldText): number {
  return Math.min(14, Math.max(3, lineCountUpTo(firstLinesOf(text, 13), 13) + 1));
}

/** The key of an undo or redo shortcut, on any keyboard layout (as the editor's history reads it). */
function historyKeyOf(event: KeyboardEvent<HTMLElement>): 'undo' | 'redo' | null {
  if (!(event.ctrlKey || event.metaKey) || event.altKey) return null;
  const key = event.key.toLowerCase();
  const z = key === 'z' || (!/^[a-z]$/.test(key) && event.code === 'KeyZ');
  const y = key === 'y' || (!/^[a-z]$/.test(key) && event.code === 'KeyY');
  if (y || (z && event.shiftKey)) return 'redo';
  return z ? 'undo' : null;
}

/** Id of the label of field `id`: the code editor is named by it (it is no form control a <label> could point at). */
export function labelIdOf(id: string): string {
  return `${id}__label`;
}

/** The field's label; a click on it moves focus into the text, as a <label> does. */
function JsonFieldLabel(props: { id: string; children: ReactNode }): ReactElement {
  return (
    // The code editor is focusable by keyboard itself; the label's click is a pointer convenience.
    <label className="wfe-label" id={labelIdOf(props.id)} onClick={() => document.getElementById(props.id)?.focus()}>
      {props.children}
    </label>
  );
}

/** Said while the code editor's code loads. */
const LOADING_EDITOR = 'Loading editor…';

function JsonTextArea(props: {
  fieldProps: Props;
  editor: JsonEditorState;
  /** Its strings may hold references (a request Body): chips, and `{{` suggestions. */
  templates?: boolean;
}): ReactElement {
  const { fieldProps, editor, templates } = props;
  const { fieldPathId, registry, disabled, readonly, onBlur } = fieldProps;
  const id = fieldPathId.$id;
  const fieldInvalid = visibleMessages(registry.formContext, id).length > 0;
  const invalid = editor.error !== null || fieldInvalid;
  const draftErrorId = `${id}__draft`;
  const references = templates ? registry.formContext.references : undefined;
  const codeEditor = useRef<CodeEditorHandle | null>(null);
  const box = (
    <div
      className="wfe-code-editor wfe-code"
      data-invalid={invalid || undefined}
      data-readonly={readonly || disabled || undefined}
      style={{ '--wfe-code-rows': rowsFor(editor.shown.text) } as CSSProperties}
      onKeyDown={(event) => {
        if (!(event.ctrlKey || event.metaKey)) return;
        // Undo, redo (and a host's shortcuts) see what was typed up to this key.
        editor.flush();
        const historyKey = historyKeyOf(event);
        // Text the definition does not hold yet: Ctrl/Cmd+Z undoes the typing here first.
        const handled = historyKey === 'undo' ? editor.undoDraft() : historyKey === 'redo' ? editor.redoDraft() : false;
        if (handled) event.preventDefault();
      }}
      onBlur={(event) => {
        // Focus moving within (from the stand-in into the loaded editor) is no blur.
        if (event.relatedTarget instanceof Node && event.currentTarget.contains(event.relatedTarget)) return;
        editor.flush();
        onBlur(id, jsonValueOf(fieldProps));
        registry.formContext.endBurst();
      }}
    >
      <LazyCodeEditor
        id={id}
        text={editor.shown.text}
        textVersion={editor.shown.version}
        onTextChange={editor.typed}
        labelledBy={labelIdOf(id)}
        describedBy={`${ariaDescribedByIds(id)}${editor.error ? ` ${draftErrorId}` : ''}`}
        invalid={invalid}
        readOnly={readonly === true}
        disabled={disabled === true}
        loadingLabel={LOADING_EDITOR}
        templates={templates}
        references={references}
        labels={registry.formContext.labels}
        handleRef={codeEditor}
      />
    </div>
  );
  return (
    <>
      {references && !readonly && !disabled ? (
        // As every field that takes references: "Insert reference" beside it, the chosen
        // reference put where the caret was (as a JSON string of its own outside one).
        <div className="wfe-reference-input">
          {box}
          <InsertReferenceButton
            label={registry.formContext.labels.insertReference}
            references={references}
            onChoose={(option) => codeEditor.current?.insertReference(option.insertText)}
            onEscape={() => document.getElementById(id)?.focus()}
          />
        </div>
      ) : (
        box
      )}
      {editor.error && (
        <p className="wfe-field-error" id={draftErrorId} role="status">
          {editor.error}
        </p>
      )}
    </>
  );
}

/** `"ui:field": "json"` edits a JSON value of every kind as text, e.g. the request Body. */
export function JsonField(props: Props): ReactElement {
  const { fieldPathId } = props;
  const id = fieldPathId.$id;
  const editor = useJsonEditor(props, () => null);
  const description = descriptionOf(props);
  return (
    <div className="wfe-json-field">
      <JsonFieldLabel id={id}>{titleOf(props)}</JsonFieldLabel>
      <JsonTextArea fieldProps={props} editor={editor} templates />
      {description && (
        <p className="wfe-field-help" id={descriptionId(id)}>
          {description}
        </p>
      )}
    </div>
  );
}

function isObject(value: JsonValue | undefined): value is JsonObject {
  return value !== null && value !== undefined && typeof value === 'object' && !Array.isArray(value);
}

/** Why `schema` is not a usable draft 2020-12 JSON Schema, or null. */
export function jsonSchemaProblem(schema: JsonObject): string | null {
  try {
    createSchemaValidator(schema);
    return null;
  } catch (error) {
    if (!(error instanceof SchemaNotUsableError)) return `This is not a valid JSON Schema: ${String(error)}.`;
    const where = error.pointer === '' ? '' : ` at ${error.pointer}`;
    return error.kind === 'invalid'
      ? `This is not a valid JSON Schema${where}: ${error.detail}.`
      : `This JSON Schema cannot be used${where}: ${error.detail}.`;
  }
}

/** Top-level fields a schema describes, for a one-line summary under the editor. */
function schemaSummary(value: JsonValue | undefined): string[] {
  if (!isObject(value) || !isObject(value.properties)) return [];
  return Object.entries(value.properties).map(([key, property]) => {
    const type = isObject(property) ? property.type : undefined;
    return typeof type === 'string' ? `${key} (${type})` : key;
  });
}

/** `"ui:field": "jsonSchema"`: a JSON Schema as text, with "from sample". */
export function JsonSchemaField(props: Props): ReactElement {
  const { fieldPathId, registry, readonly, disabled } = props;
  const formData = jsonValueOf(props);
  const context = registry.formContext;
  const id = fieldPathId.$id;
  const editor = useJsonEditor(props, (value) => {
    if (value === undefined) return null;
    if (!isObject(value)) return 'A JSON Schema is an object, for example { "type": "object" }.';
    return jsonSchemaProblem(value);
  });
  const [sampleOpen, setSampleOpen] = useState(false);
  const [sample, setSample] = useState('');
  const [sampleError, setSampleError] = useState<string | null>(null);
  const sampleId = useId();
  const sampleRef = useRef<HTMLTextAreaElement>(null);
  const description = descriptionOf(props);
  const summary = schemaSummary(formData);

  useEffect(() => {
    if (sampleOpen) sampleRef.current?.focus();
  }, [sampleOpen]);

  const createFromSample = (): void => {
    const result = readJsonText(sample);
    if (!result.ok) {
      setSampleError(context.labels.bodyJsonError(result.line, result.column, result.message));
      return;
    }
    if (result.value === undefined) {
      setSampleError('Paste an example first.');
      return;
    }
    const schema: JsonSchema = schemaFromSample(result.value);
    editor.replace(schema);
    context.endBurst();
    setSample('');
    setSampleError(null);
    setSampleOpen(false);
  };

  return (
    <div className="wfe-json-field">
      <div className="wfe-label-row">
        <JsonFieldLabel id={id}>{titleOf(props)}</JsonFieldLabel>
        {!readonly && !disabled && (
          <button
            type="button"
            className="wfe-button wfe-button--link"
            aria-expanded={sampleOpen}
            aria-controls={sampleOpen ? sampleId : undefined}
            onClick={() => setSampleOpen((open) => !open)}
          >
            {context.labels.fromSample}
          </button>
        )}
      </div>
      {sampleOpen && (
        <div className="wfe-sample" id={sampleId}>
          <label className="wfe-label wfe-label--small" htmlFor={`${sampleId}-text`}>
            {context.labels.sampleJson}
          </label>
          <textarea
            ref={sampleRef}
            id={`${sampleId}-text`}
            // A scratch box, not part of the definition: the browser's own undo.
            data-wfe-own-undo
            className="wfe-input wfe-textarea wfe-code"
            rows={5}
            value={sample}
            spellCheck={false}
            placeholder={'{ "id": "usr_123", "status": "active" }'}
            aria-invalid={sampleError !== null || undefined}
            onChange={(event) => {
              setSample(event.target.value);
              setSampleError(null);
            }}
          />
          {sampleError && <p className="wfe-field-error">{sampleError}</p>}
          <div className="wfe-sample-actions">
            <button type="button" className="wfe-button wfe-button--primary" onClick={createFromSample}>
              {context.labels.createSchema}
            </button>
            <button type="button" className="wfe-button wfe-button--ghost" onClick={() => setSampleOpen(false)}>
              {context.labels.cancel}
            </button>
          </div>
        </div>
      )}
      <JsonTextArea fieldProps={props} editor={editor} />
      {summary.length > 0 && (
        <p className="wfe-schema-summary">
          <span className="wfe-schema-summary-label">{context.labels.schemaFields}</span> {summary.join(', ')}
        </p>
      )}
      {description && (
        <p className="wfe-field-help" id={descriptionId(id)}>
          {description}
        </p>
      )}
    </div>
  );
}

/** The fields the configuration forms register, by the name a uiSchema uses. */
export const configFormFields = {
  json: JsonField,
  jsonSchema: JsonSchemaField,
} as unknown as RegistryFieldsType<JsonObject, RJSFSchema, ConfigFormContext>;
