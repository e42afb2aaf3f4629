// ---------------------------------------------------------------------------
// One configuration form: @rjsf/core with the editor's templates, widgets and fields,
// the interpreting JSON Schema validator (no code generated), and messages from both the
// schema and the definition layer.
// The form is controlled: `value` comes from the store, every change goes back out
// through `onChange` normalised (hidden fields dropped, defaults omitted), and rjsf's
// own state is only ever a reflection of `value`.
// ---------------------------------------------------------------------------

// The form component alone: @rjsf/core's index also re-exports its test registry, which
// imports @rjsf/validator-ajv8 (ajv, compiled schemas), a package hosts need not install.
import Form, { type IChangeEvent } from '@rjsf/core/lib/components/Form.js';
import type { RJSFSchema, RJSFValidationError } from '@rjsf/utils';
import { useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactElement } from 'react';
import {
  omitDefaults,
  parseJsonPointer,
  type JsonObject,
  type JsonSchema,
  type JsonValue,
  type Problem,
  type ReferenceGroup,
} from '../../../definition';
import type { EditorLabels } from '../../labels';
import type { ConfigFormContext, JsonFieldValues, KeptText } from './context';
import { fieldId } from './field-id';
import { configFormFields } from './fields';
// Re-exported for LazyConfigForm: the code editor is fetched once the form is.
export { preloadCodeEditor } from './code/LazyCodeEditor';
import { HostFormPartsContext, mergeRegistry, mergeTemplates, type HostFormParts } from './host-form-parts';
import { jsonEqual, jsonText, readJsonText, sameJsonText } from './json-text';
import { useLongLists } from './long-lists';
import { mergeMessages, problemMessages, schemaErrorMessages } from './messages';
import { configFormTemplates, groupsOf, isVisible, visibleWhenOf } from './templates';
import { configValidator } from './validator';
import { configFormWidgets } from './widget-registry';

/**
 * Props of {@link ConfigForm}. `widgets`, `fields` and `templates` (a host's, see
 * {@link HostFormParts}) merge over the editor's own and over those the panel hands down.
 */
export interface ConfigFormProps extends HostFormParts {
  /** JSON Schema (draft 2020-12) of `value`. */
  schema: JsonSchema;
  /** rjsf uiSchema, plain JSON. */
  uiSchema?: JsonObject;
  /** The current data, straight from the definition. */
  value: JsonObject;
  /**
   * The person changed something. `field` names the field (its rjsf path joined with
   * ".") so a burst of typing in it can be one undo step.
   */
  onChange: (next: JsonObject, field: string | undefined) => void;
  /** A field lost focus: the typing burst is over. */
  onEndBurst: () => void;
  /**
   * Text fields that take references (URL, header and query values) hand typed keys on
   * once the frame showing them has been painted, rather than while the key is handled:
   * what `onChange` sets off (a canvas of 1,000 steps drawn again) then does not hold up
   * the character on screen. What waits goes out before the next key, click or pointer
   * press is handled, when the field loses focus and when it unmounts, so undo, bursts and
   * order are as without it. @default false
   */
  deferTyping?: boolean;
  /** The definition layer's problems; those under `basePointer` show beside their field. */
  problems: readonly Problem[];
  /** JSON Pointer of `value` in the workflow, e.g. `/steps/3/config`. */
  basePointer: string;
  /** Show every message, touched or not. */
  showAllErrors: boolean;
  secrets: readonly string[];
  references: (() => readonly ReferenceGroup[]) | undefined;
  labels: EditorLabels;
  readOnly: boolean;
  /** Prefix of every field id; unique per form on the page. */
  idPrefix: string;
  /** Pointer (relative to `basePointer`) of a field to focus once, then `onFocusHandled`. */
  focusPath?: string | null;
  onFocusHandled?: () => void;
  /** Invalid JSON text typed into a json field, by field id (null when fixed). */
  onDraftError?: (fieldId: string, message: string | null) => void;
}

function isObject(value: JsonValue | undefined): value is JsonObject {
  return value !== null && value !== undefined && typeof value === 'object' && !Array.isArray(value);
}

/**
 * Drops empty objects the person did not mean to keep: `signing: {}` after the secret
 * was cleared. Only properties whose schema lists `properties` are touched, so a free
 * JSON `{}` (a body) survives.
 */
function pruneEmptyObjects(value: JsonObject, schema: JsonSchema): JsonObject {
  const properties = isObject(schema.properties) ? schema.properties : {};
  const required = Array.isArray(schema.required) ? schema.required : [];
  const result: JsonObject = {};
  for (const [key, child] of Object.entries(value)) {
    const childSchema = properties[key];
    if (isObject(child) && isObject(childSchema) && isObject(childSchema.properties)) {
      const pruned = pruneEmptyObjects(child, childSchema);
      if (Object.keys(pruned).length === 0 && !required.includes(key)) continue;
      result[key] = pruned;
    } else {
      result[key] = child;
    }
  }
  return result;
}

/**
 * What the form's data becomes in the definition: `undefined`s gone, fields hidden by
 * `ui:options.visibleWhen` removed (their text handed to `stash`), defaults omitted.
 * With `jsonFields`, the values of those properties are taken from it in place of
 * whatever `formData` holds for them (rjsf's stand-ins), after the copy that drops
 * `undefined`s, so a large body is never copied.
 */
export function normaliseFormData(
  formData: JsonObject,
  schema: JsonSchema,
  uiSchema: JsonObject | undefined,
  stash?: (property: string, text: string) => void,
  jsonFields?: { names: ReadonlySet<string>; valueOf(property: string): JsonValue | undefined },
): JsonObject {
  const clean = JSON.parse(JSON.stringify(formData)) as JsonObject;
  for (const property of jsonFields?.names ?? []) {
    const value = jsonFields!.valueOf(property);
    // eslint-disable-next-line @typescript-eslint/no-dynamic-delete -- a JSON object keyed by the schema's property names
    if (value === undefined) delete clean[property];
    else clean[property] = value;
  }
  if (uiSchema) {
    for (const [property, propertyUi] of Object.entries(uiSchema)) {
      if (!(property in clean)) continue;
      const rule = visibleWhenOf(propertyUi);
      if (rule && !isVisible(rule, clean)) {
        stash?.(property, jsonText(clean[property]));
        // eslint-disable-next-line @typescript-eslint/no-dynamic-delete -- a JSON object keyed by the schema's property names
        delete clean[property];
      }
    }
  }
  const withoutDefaults = omitDefaults(clean, schema);
  return pruneEmptyObjects(isObject(withoutDefaults) ? withoutDefaults : {}, schema);
}

/** Marks rjsf's stand-in for a JSON field's value; no configuration property has this name. */
const STAND_IN_KEY = '\u0000wfe-json-field';

/** Top-level properties drawn by the editor's JSON fields (see `JsonFieldValues`). */
function jsonFieldProperties(uiSchema: JsonObject | undefined): ReadonlySet<string> {
  const names = new Set<string>();
  for (const [property, propertyUi] of Object.entries(uiSchema ?? {})) {
    const field = isObject(propertyUi) ? propertyUi['ui:field'] : undefined;
    if (field === 'json' || field === 'jsonSchema') names.add(property);
  }
  return names;
}

/** Keywords that look at no more of a value than its type. */
const SHALLOW_KEYWORDS = new Set([
  'type',
  'title',
  'description',
  'default',
  'examples',
  '$comment',
  'readOnly',
  'writeOnly',
  'deprecated',
]);
/** Keywords of a form's root schema that look into a property's value only through its own schema. */
const ROOT_KEYWORDS = new Set([
  ...SHALLOW_KEYWORDS,
  'properties',
  'required',
  'additionalProperties',
  '$schema',
  '$id',
  '$defs',
  'definitions',
]);

/** Whether a root schema's `keyword` looks into a property's value only through that property's schema. */
const isRootKeyword = (keyword: string): boolean => ROOT_KEYWORDS.has(keyword);

/**
 * `value` as the form's schema check gets it: a JSON field whose schema looks at no more
 * than its value's type (a request body) holds an empty object or array of that type, so
 * a key typed into the URL does not walk the 2 MB body. The same messages result; a
 * schema that could look deeper (a root `allOf`, an `enum`) gets the value as it is.
 */
function valueForSchemaCheck(value: JsonObject, schema: JsonSchema, names: ReadonlySet<string>): JsonObject {
  if (!Object.keys(schema).every(isRootKeyword)) return value;
  const properties = isObject(schema.properties) ? schema.properties : {};
  let result = value;
  for (const property of names) {
    const current = value[property];
    if (current === null || typeof current !== 'object') continue;
    const propertySchema = properties[property];
    const shallow =
      propertySchema === undefined ||
      propertySchema === true ||
      (isObject(propertySchema) && Object.keys(propertySchema).every((keyword) => SHALLOW_KEYWORDS.has(keyword)));
    if (!shallow) continue;
    if (result === value) result = { ...value };
    result[property] = Array.isArray(current) ? [] : {};
  }
  return result;
}

/** A JSON field's new value, handed to the form past rjsf. */
interface ChangedJsonField {
  property: string;
  value: JsonValue | undefined;
}

/** The stand-in rjsf holds for each JSON field's value: a new one whenever the value is another. */
type StandIns = Map<string, { value: JsonValue; standIn: JsonObject }>;

/**
 * `value` as rjsf gets it: each JSON field's value replaced by a one-key object that is
 * kept while the value is (so rjsf sees no change), and replaced when it is not (so the
 * field renders again, and reads the new value from the form context).
 */
function withStandIns(value: JsonObject, names: ReadonlySet<string>, standIns: StandIns): JsonObject {
  let result = value;
  for (const property of names) {
    const real = value[property];
    if (real === undefined) continue;
    let entry = standIns.get(property);
    if (entry?.value !== real) {
      const version = entry ? Number(entry.standIn[STAND_IN_KEY]) + 1 : 1;
      entry = { value: real, standIn: { [STAND_IN_KEY]: version } };
      standIns.set(property, entry);
    }
    if (result === value) result = { ...value };
    result[property] = entry.standIn;
  }
  return result;
}

/**
 * Fields that show again (the method allows a body once more) get back the value their
 * kept text holds, in the same change as what revealed them, so one undo takes both
 * back. Text that is not valid JSON stays with the field, which shows it with its error.
 */
function restoreKeptFields(
  next: JsonObject,
  formData: JsonObject,
  current: JsonObject,
  uiSchema: JsonObject | undefined,
  keptText: KeptText,
): JsonObject {
  if (!uiSchema) return next;
  let restored = next;
  for (const [property, propertyUi] of Object.entries(uiSchema)) {
    const rule = visibleWhenOf(propertyUi);
    if (!rule || property in next || !isVisible(rule, formData) || isVisible(rule, current)) continue;
    const text = keptText.get(property);
    const read = text === undefined ? undefined : readJsonText(text);
    if (read?.ok && read.value !== undefined) restored = { ...restored, [property]: read.value };
  }
  return restored;
}

/** The schema errors of a form that shows none yet. */
const NO_SCHEMA_ERRORS: readonly RJSFValidationError[] = [];

/**
 * What a focus request may focus: controls, a JSON field's code editor, or the stand-in
 * shown while that editor's code loads (which hands focus on to the editor).
 */
const FOCUS_TARGETS = 'input, select, textarea, button, [contenteditable="true"], [data-wfe-code-placeholder]';

function isTypingTarget(id: string): boolean {
  const element = document.getElementById(id);
  // A JSON field's code editor is a contenteditable element.
  if (element instanceof HTMLTextAreaElement || (element instanceof HTMLElement && element.isContentEditable))
    return true;
  return element instanceof HTMLInputElement && !['checkbox', 'radio'].includes(element.type);
}

/** The top-level property an rjsf id (without prefix) belongs to; names may contain "_". */
function topLevelProperty(schema: JsonSchema, idTail: string): string {
  const names = isObject(schema.properties) ? Object.keys(schema.properties) : [];
  let best = '';
  for (const name of names) {
    if ((idTail === name || idTail.startsWith(`${name}_`)) && name.length > best.length) best = name;
  }
  return best || idTail;
}

/** An rjsf form themed and wired for the editor. */
export function ConfigForm(props: ConfigFormProps): ReactElement {
  const {
    schema,
    uiSchema,
    value,
    onChange,
    onEndBurst,
    problems,
    basePointer,
    showAllErrors,
    secrets,
    references,
    labels,
    readOnly,
    idPrefix,
    focusPath,
    onFocusHandled,
    onDraftError,
    deferTyping = false,
  } = props;
  const hostParts = useContext(HostFormPartsContext);
  const widgets = useMemo(
    () => mergeRegistry(configFormWidgets, hostParts.widgets, props.widgets),
    [hostParts.widgets, props.widgets],
  );
  const fields = useMemo(
    () => mergeRegistry(configFormFields, hostParts.fields, props.fields),
    [hostParts.fields, props.fields],
  );
  const templates = useMemo(
    () => mergeTemplates(configFormTemplates, hostParts.templates, props.templates),
    [hostParts.templates, props.templates],
  );
  const [touched, setTouched] = useState<ReadonlySet<string>>(() => new Set());
  const [openGroups, setOpenGroups] = useState<ReadonlySet<string>>(
    () =>
      new Set(
        groupsOf(uiSchema)
          .filter((group) => !group.collapsed)
          .map((group) => group.id),
      ),
  );
  // One mutable map for the form's life (state, since React may drop a memo): nothing
  // shows it until its field mounts again, which reads it then.
  const [keptText] = useState<KeptText>(() => new Map<string, string>());
  const latest = useRef({ value, onChange, onDraftError, onEndBurst });
  latest.current = { value, onChange, onDraftError, onEndBurst };
  const ownJsonFields = useMemo(() => jsonFieldProperties(uiSchema), [uiSchema]);
  const longLists = useLongLists(schema, uiSchema, value, ownJsonFields, isRootKeyword);
  const jsonFieldNames = longLists.pastRjsf;
  const [standIns] = useState<StandIns>(() => new Map());
  const formData = useMemo(() => withStandIns(value, jsonFieldNames, standIns), [value, jsonFieldNames, standIns]);
  const latestForm = useRef({ formData, jsonFieldNames });
  latestForm.current = { formData, jsonFieldNames };
  // Set once `emitChange` is defined below; called only from events.
  const latestEmit = useRef<(rjsfData: JsonObject, id: string | undefined, changed?: ChangedJsonField) => void>(
    () => undefined,
  );
  const [jsonFields] = useState<JsonFieldValues>(() => ({
    has: (property) => latestForm.current.jsonFieldNames.has(property),
    get: (property) => latest.current.value[property],
    set: (property, value, id) => latestEmit.current(latestForm.current.formData, id, { property, value }),
  }));

  const validator = configValidator();
  const rjsfSchema = schema as RJSFSchema;
  // Schema errors are never shown before a field is touched or every error is revealed
  // (they are not among the always-shown messages): opening a panel does not check the
  // config against its schema for nothing.
  const schemaErrorsShown = showAllErrors || touched.size > 0;
  const schemaErrors = useMemo(() => {
    if (!schemaErrorsShown) return NO_SCHEMA_ERRORS;
    try {
      return validator.validateFormData(valueForSchemaCheck(value, schema, jsonFieldNames), rjsfSchema).errors;
    } catch {
      // A host schema that cannot be used: the definition layer reports it; the form still works.
      return [];
    }
  }, [schemaErrorsShown, validator, value, rjsfSchema, schema, jsonFieldNames]);

  const messagesById = useMemo(
    () =>
      mergeMessages(
        problemMessages(problems, basePointer, idPrefix, labels),
        schemaErrorMessages(schemaErrors, rjsfSchema, idPrefix, labels),
      ),
    [problems, basePointer, idPrefix, schemaErrors, rjsfSchema, labels],
  );

  const toggleGroup = useCallback((groupId: string) => {
    setOpenGroups((open) => {
      const next = new Set(open);
      if (next.has(groupId)) next.delete(groupId);
      else next.add(groupId);
      return next;
    });
  }, []);

  // A field a focus request is about to focus (see the effects below).
  const [pendingFocus, setPendingFocus] = useState<string | null>(null);

  const reportDraftError = useCallback((id: string, message: string | null) => {
    latest.current.onDraftError?.(id, message);
  }, []);
  const endBurst = useCallback(() => latest.current.onEndBurst(), []);

  const formContext = useMemo<ConfigFormContext>(
    () => ({
      messagesById,
      touched,
      showAllErrors,
      secrets,
      references,
      labels,
      openGroups,
      toggleGroup,
      keptText,
      jsonFields,
      reportDraftError,
      endBurst,
      idPrefix,
      deferTyping,
      focusRequest: pendingFocus,
    }),
    [
      messagesById,
      touched,
      showAllErrors,
      secrets,
      references,
      labels,
      openGroups,
      toggleGroup,
      keptText,
      jsonFields,
      reportDraftError,
      endBurst,
      idPrefix,
      deferTyping,
      pendingFocus,
    ],
  );

  // "Choose a problem": open the group holding the field, then focus it.
  useEffect(() => {
    if (focusPath === null || focusPath === undefined) return;
    const segments = parseJsonPointer(focusPath);
    const first = segments[0];
    const group = groupsOf(uiSchema).find((candidate) => first !== undefined && candidate.fields.includes(first));
    if (group) setOpenGroups((open) => new Set([...open, group.id]));
    setPendingFocus(fieldId(idPrefix, segments));
    onFocusHandled?.();
  }, [focusPath, uiSchema, idPrefix, onFocusHandled]);
  useEffect(() => {
    if (pendingFocus === null) return;
    // rjsf applies a new formContext one commit later (its registry lives in state), so
    // the opened group may still be hidden now: try again on the next frames.
    let frame = 0;
    let handle = 0;
    const tryFocus = (): void => {
      const element = document.getElementById(pendingFocus);
      const target =
        element && element.matches(FOCUS_TARGETS) ? element : element?.querySelector<HTMLElement>(FOCUS_TARGETS);
      if (target && !target.closest('[hidden]')) {
        target.focus();
        setPendingFocus(null);
      } else if (frame++ < 10) {
        handle = requestAnimationFrame(tryFocus);
      } else {
        setPendingFocus(null);
      }
    };
    tryFocus();
    return () => cancelAnimationFrame(handle);
  }, [pendingFocus]);

  /**
   * Turns the form's data (`rjsfData`, JSON fields as stand-ins) into the next config
   * and hands it on; `changed` is a JSON field's new value, which comes past rjsf.
   */
  const emitChange = (rjsfData: JsonObject, id: string | undefined, changed?: ChangedJsonField): void => {
    const current = latest.current.value;
    // A field's own text, as typed, replaces this when it unmounts (see KeptText).
    const stash = (property: string, text: string): void => {
      if (text !== '') keptText.set(property, text);
    };
    const valueOf = (property: string): JsonValue | undefined =>
      changed?.property === property ? changed.value : current[property];
    const normalised = normaliseFormData(rjsfData, schema, uiSchema, stash, { names: jsonFieldNames, valueOf });
    // What the fields say, for the visibility rules of fields that show again.
    const shown: JsonObject = { ...rjsfData };
    for (const property of jsonFieldNames) {
      const value = valueOf(property);
      // eslint-disable-next-line @typescript-eslint/no-dynamic-delete -- a JSON object keyed by the schema's property names
      if (value === undefined) delete shown[property];
      else shown[property] = value;
    }
    const next = restoreKeptFields(normalised, shown, current, uiSchema, keptText);
    // rjsf reports its own re-derivations (no field id) too; those change nothing real.
    // A field's change counts even if only its key order differs (text written anew).
    if (id === undefined ? jsonEqual(next, current) : sameJsonText(next, current)) return;
    // Only typing forms a burst; a choice (select, checkbox, add or remove a row) is a
    // step of its own, so "Undo" after two method switches goes back one switch.
    const field =
      id === undefined || !isTypingTarget(id) ? undefined : topLevelProperty(schema, id.slice(idPrefix.length + 1));
    latest.current.onChange(next, field);
  };
  latestEmit.current = emitChange;

  const handleChange = (event: IChangeEvent<JsonObject, RJSFSchema, ConfigFormContext>, id?: string): void => {
    emitChange(event.formData ?? {}, id);
  };

  return (
    <Form<JsonObject, RJSFSchema, ConfigFormContext>
      className="wfe-config-form"
      tagName="div"
      schema={rjsfSchema}
      uiSchema={longLists.uiSchema}
      formData={formData}
      validator={validator}
      templates={templates}
      widgets={widgets}
      fields={fields}
      formContext={formContext}
      idPrefix={idPrefix}
      idSeparator="_"
      readonly={readOnly}
      // eslint-disable-next-line @typescript-eslint/no-deprecated -- rjsf 6's only switch to skip its own validation; problems come from the definition layer
      noValidate
      noHtml5Validate
      showErrorList={false}
      experimental_defaultFormStateBehavior={{ emptyObjectFields: 'skipDefaults' }}
      onChange={handleChange}
      onBlur={(id) => {
        setTouched((current) => (current.has(id) ? current : new Set(current).add(id)));
        endBurst();
      }}
    >
      <></>
    </Form>
  );
}
