// ---------------------------------------------------------------------------
// rjsf templates of the configuration forms. @rjsf/core alone renders bare HTML with
// Bootstrap class names; these render the editor's own markup (`wfe-` classes styled
// with `--wfe-*` variables): a label above each field, help text under it, messages
// beside it once touched, collapsible groups from `ui:options.groups`, key/value rows
// and number lists with add/remove buttons.
// ---------------------------------------------------------------------------

import {
  ariaDescribedByIds,
  descriptionId,
  errorId,
  getInputProps,
  getUiOptions,
  type ArrayFieldItemTemplateProps,
  type ArrayFieldTemplateProps,
  type BaseInputTemplateProps,
  type DescriptionFieldProps,
  type FieldTemplateProps,
  type IconButtonProps,
  type ObjectFieldTemplateProps,
  type RJSFSchema,
  type TemplatesType,
  type TitleFieldProps,
  type UnsupportedFieldProps,
} from '@rjsf/utils';
import {
  createContext,
  useContext,
  useEffect,
  useId,
  useRef,
  type ReactElement,
  type ReactNode,
  type RefObject,
} from 'react';
import type { JsonObject, JsonValue } from '../../../definition';
import { isRecord } from '../../../definition/own';
import { IconButton } from '../../IconButton';
import type { EditorLabels } from '../../labels';
import { visibleMessages, type ConfigFormContext } from './context';
import { fieldId } from './field-id';
import { FieldRequired, useFieldRequired } from './field-required';
import { listLabels } from './list-labels';

type Props<P> = P;
type FormT = JsonObject;
type Ctx = ConfigFormContext;

/** A group of fields from `ui:options.groups`, e.g. "Advanced Configuration". */
export interface FieldGroup {
  id: string;
  title: string;
  /** Closed until the person opens it. */
  collapsed?: boolean;
  /** Property names, in the order of `ui:order`. */
  fields: string[];
}

/**
 * `ui:options.visibleWhen` on a property: show (and keep in the definition) only while
 * the sibling `field` holds one of `oneOf`. Plain JSON, so a uiSchema can say "Body
 * only for PATCH, POST and PUT" without code.
 */
export interface VisibleWhen {
  field: string;
  oneOf: JsonValue[];
}

/** Reads `ui:options.visibleWhen` of a property's uiSchema. */
export function visibleWhenOf(uiSchema: unknown): VisibleWhen | undefined {
  if (!isRecord(uiSchema)) return undefined;
  const options = uiSchema['ui:options'];
  if (!isRecord(options)) return undefined;
  const rule = options.visibleWhen;
  if (!isRecord(rule) || typeof rule.field !== 'string' || !Array.isArray(rule.oneOf)) return undefined;
  return { field: rule.field, oneOf: rule.oneOf as JsonValue[] };
}

/** Whether a property with `rule` shows for the object `data`. */
export function isVisible(rule: VisibleWhen | undefined, data: unknown): boolean {
  if (!rule) return true;
  const value = isRecord(data) ? data[rule.field] : undefined;
  return rule.oneOf.some((allowed) => allowed === value);
}

/** Reads `ui:options.groups`. */
export function groupsOf(uiSchema: unknown): FieldGroup[] {
  if (!isRecord(uiSchema)) return [];
  const options = uiSchema['ui:options'];
  if (!isRecord(options) || !Array.isArray(options.groups)) return [];
  return options.groups.flatMap((group): FieldGroup[] => {
    if (!isRecord(group) || typeof group.id !== 'string' || !Array.isArray(group.fields)) return [];
    return [
      {
        id: group.id,
        title: typeof group.title === 'string' ? group.title : group.id,
        collapsed: group.collapsed === true,
        fields: group.fields.filter((field): field is string => typeof field === 'string'),
      },
    ];
  });
}

function isArrayItemPath(path: readonly (string | number)[]): boolean {
  return typeof path[path.length - 1] === 'number';
}

function isInRow(path: readonly (string | number)[]): boolean {
  return typeof path[path.length - 2] === 'number';
}

// ---- Field ----------------------------------------------------------------------

/** Label, help text, the widget and the messages of one field. */
export function FieldTemplate(props: Props<FieldTemplateProps<FormT, RJSFSchema, Ctx>>): ReactElement {
  const {
    id,
    label,
    children,
    hidden,
    required,
    displayLabel,
    registry,
    uiSchema,
    rawDescription,
    schema,
    fieldPathId,
  } = props;
  const path = fieldPathId.path;
  const last = path[path.length - 1];
  // A field must be filled in when required in a group that must be; the root and an
  // entry of a list of objects (it exists once shown) are such groups for their fields.
  // An entry of a list of text or numbers is a value of its own, not a required one.
  const withinRequired = useFieldRequired();
  const isEntry = typeof last === 'number';
  const mustFill = path.length === 0 || (isEntry ? schema.type === 'object' : withinRequired && required === true);
  if (hidden) return <div hidden>{children}</div>;
  const context = registry.formContext;
  const uiOptions = getUiOptions(uiSchema);
  const messages = visibleMessages(context, id);
  const inRow = isInRow(fieldPathId.path);
  const isPrimitiveItem = typeof last === 'number' && schema.type !== 'object';
  const isCheckbox = uiOptions.widget === 'checkbox' || (schema.type === 'boolean' && !uiOptions.widget);
  const shownLabel = isPrimitiveItem ? entryLabel(label, schema, last, context.labels) : label;
  const showLabel = displayLabel && !isCheckbox;
  const description = rawDescription ?? (typeof schema.description === 'string' ? schema.description : undefined);
  const classNames = [
    'wfe-field',
    inRow ? 'wfe-field--in-row' : '',
    isPrimitiveItem ? 'wfe-field--list-item' : '',
    messages.length > 0 ? 'wfe-field--invalid' : '',
  ]
    .filter(Boolean)
    .join(' ');
  return (
    <div className={classNames} data-field-id={id}>
      {showLabel && (
        <label className={inRow ? 'wfe-label wfe-visually-hidden' : 'wfe-label'} htmlFor={id}>
          {shownLabel}
          {/* Not inside an optional group (signing): the group may be left out as a whole. */}
          {mustFill && path.length > 0 && !isEntry && !inRow && (
            <span className="wfe-required" aria-hidden="true">
              {' '}
              *
            </span>
          )}
        </label>
      )}
      <FieldRequired.Provider value={mustFill}>{children}</FieldRequired.Provider>
      {showLabel && description && !inRow && !isPrimitiveItem && (
        <p className="wfe-field-help" id={descriptionId(id)}>
          {description}
        </p>
      )}
      {messages.length > 0 && (
        <div className="wfe-field-errors" id={errorId(id)}>
          {messages.map((message) => (
            <p key={message} className="wfe-field-error">
              {message}
            </p>
          ))}
        </div>
      )}
    </div>
  );
}

/**
 * The label of entry `index` of a list of scalars: "Retry 1" when the entry's schema has a
 * title, else "Entry 1", read as "Tags Entry 1" (rjsf calls it "Tags-1"): the list's name
 * is its legend, just above, and a narrow column beside the input has no room for it.
 */
function entryLabel(label: string, schema: RJSFSchema, index: number, labels: EditorLabels): ReactNode {
  const number = index + 1;
  if (typeof schema.title === 'string' && schema.title !== '') return `${schema.title} ${number}`;
  const list = label.endsWith(`-${number}`) ? label.slice(0, -`-${number}`.length) : label;
  return (
    <>
      <span className="wfe-visually-hidden">{list} </span>
      {listLabels(labels).listEntry(number)}
    </>
  );
}

// ---- Object -----------------------------------------------------------------------

/**
 * The root object renders its properties with `ui:options.groups` as collapsible
 * sections; an object inside an array renders as one row (key/value); any other
 * nested object is a fieldset.
 */
export function ObjectFieldTemplate(props: Props<ObjectFieldTemplateProps<FormT, RJSFSchema, Ctx>>): ReactElement {
  const { properties, fieldPathId, uiSchema, formData, registry, title, description } = props;
  const context = registry.formContext;
  const visible = properties.filter(
    (property) => !property.hidden && isVisible(visibleWhenOf(uiSchema?.[property.name]), formData),
  );
  const path = fieldPathId.path;

  if (path.length > 0 && isArrayItemPath(path)) {
    // Up to three fields side by side under the list's column headings; more would leave
    // each too narrow to read, so the entry's fields stack, each with its label.
    const stacked = visible.length > MAX_ROW_COLUMNS;
    return (
      <div
        className={stacked ? 'wfe-row wfe-row--stacked' : 'wfe-row'}
        data-columns={stacked ? undefined : visible.length}
        id={fieldPathId.$id}
      >
        {visible.map((property) => (
          <div key={property.name} className="wfe-row-cell">
            {property.content}
          </div>
        ))}
      </div>
    );
  }

  if (path.length > 0) {
    const uiOptions = getUiOptions(uiSchema);
    const legend = uiOptions.title ?? title;
    const help = uiOptions.description ?? description;
    return (
      <fieldset className="wfe-fieldset" id={fieldPathId.$id}>
        {legend && <legend className="wfe-fieldset-legend">{legend}</legend>}
        {help && <p className="wfe-field-help">{help}</p>}
        {visible.map((property) => (
          <div key={property.name}>{property.content}</div>
        ))}
      </fieldset>
    );
  }

  const groups = groupsOf(uiSchema);
  const groupOf = new Map<string, FieldGroup>();
  for (const group of groups) for (const field of group.fields) groupOf.set(field, group);
  const rendered = new Set<string>();
  const blocks: ReactNode[] = [];
  for (const property of visible) {
    const group = groupOf.get(property.name);
    if (!group) {
      blocks.push(<div key={property.name}>{property.content}</div>);
      continue;
    }
    if (rendered.has(group.id)) continue;
    rendered.add(group.id);
    const members = visible.filter((candidate) => groupOf.get(candidate.name) === group);
    blocks.push(
      <FieldGroupSection key={`group:${group.id}`} group={group} context={context}>
        {members.map((member) => (
          <div key={member.name}>{member.content}</div>
        ))}
      </FieldGroupSection>,
    );
  }
  return (
    <div className="wfe-form-body" id={fieldPathId.$id}>
      {blocks}
    </div>
  );
}

function FieldGroupSection(props: { group: FieldGroup; context: Ctx; children: ReactNode }): ReactElement {
  const { group, context, children } = props;
  const contentId = useId();
  const hasMessages =
    context.showAllErrors &&
    group.fields.some((field) => {
      const id = fieldId(context.idPrefix, [field]);
      for (const key of context.messagesById.keys()) if (key === id || key.startsWith(`${id}_`)) return true;
      return false;
    });
  const open = context.openGroups.has(group.id) || hasMessages;
  return (
    <section className="wfe-group" data-open={open}>
      <h3 className="wfe-group-heading">
        <button
          type="button"
          className="wfe-group-toggle"
          aria-expanded={open}
          aria-controls={contentId}
          onClick={() => context.toggleGroup(group.id)}
        >
          <svg className="wfe-group-chevron" viewBox="0 0 16 16" width="14" height="14" aria-hidden="true">
            <path d="M6 4l4 4-4 4" fill="none" stroke="currentColor" strokeWidth="1.6" strokeLinecap="round" />
          </svg>
          {group.title}
        </button>
      </h3>
      <div id={contentId} className="wfe-group-content" hidden={!open}>
        {children}
      </div>
    </section>
  );
}

// ---- Arrays ------------------------------------------------------------------------

/** A list of rows with a legend, column headings for entries of up to three fields and an add button. */
export function ArrayFieldTemplate(props: Props<ArrayFieldTemplateProps<FormT, RJSFSchema, Ctx>>): ReactElement {
  const { items, canAdd, onAddClick, uiSchema, title, schema, fieldPathId, disabled, readonly, registry } = props;
  const uiOptions = getUiOptions(uiSchema);
  const legend = uiOptions.title ?? title;
  const description = uiOptions.description ?? schema.description;
  const itemSchema: unknown = schema.items;
  const itemTitle = isRecord(itemSchema) && typeof itemSchema.title === 'string' ? itemSchema.title : '';
  // "Add line item" when an entry has a name, else "Add to line items" (never "Add line items").
  const addLabel =
    typeof uiOptions.addLabel === 'string'
      ? uiOptions.addLabel
      : listLabels(registry.formContext.labels).addListEntry(legend, itemTitle || null);
  const columns = columnTitles(itemSchema, uiSchema?.items);
  const rowsRef = useRef<HTMLDivElement>(null);
  const addRef = useRef<HTMLButtonElement>(null);
  const rowCount = useRowFocus(items.length, rowsRef, addRef);
  return (
    <fieldset className="wfe-fieldset wfe-array" id={fieldPathId.$id}>
      <legend className="wfe-fieldset-legend">{legend}</legend>
      {description && <p className="wfe-field-help">{description}</p>}
      {columns.length > 0 && columns.length <= MAX_ROW_COLUMNS && items.length > 0 && (
        <div className="wfe-row wfe-row--head" data-columns={columns.length} aria-hidden="true">
          {columns.map((column) => (
            <span key={column} className="wfe-row-cell wfe-column-title">
              {column}
            </span>
          ))}
          <span className="wfe-row-remove-spacer" />
        </div>
      )}
      <div className="wfe-array-items" ref={rowsRef}>
        <ListTitle.Provider value={legend}>{items}</ListTitle.Provider>
      </div>
      {canAdd && (
        <button
          ref={addRef}
          type="button"
          className="wfe-button wfe-button--ghost wfe-array-add"
          onClick={(event) => {
            rowCount.expectNewRow();
            onAddClick(event);
          }}
          disabled={disabled || readonly}
        >
          <span aria-hidden="true">+ </span>
          {addLabel}
        </button>
      )}
    </fieldset>
  );
}

const FOCUSABLE = 'input, select, textarea, button';

/**
 * Focus that follows the rows: a row added with the add button takes focus in its first
 * field (the person's next move is to fill it); a removed row would drop focus to the
 * page, so the remove button of the row now at its place takes it, or the add button.
 * Rows arrive a render or two after the click, once the change has been through the store.
 */
function useRowFocus(
  count: number,
  rows: RefObject<HTMLDivElement | null>,
  add: RefObject<HTMLButtonElement | null>,
): { expectNewRow(): void } {
  const previous = useRef(count);
  const newRowExpected = useRef(false);
  const lastFocusedRow = useRef(-1);
  useEffect(() => {
    const container = rows.current;
    if (!container) return;
    const remember = (event: FocusEvent): void => {
      const row = (event.target as HTMLElement).closest('.wfe-array-item');
      lastFocusedRow.current = row ? [...container.children].indexOf(row) : -1;
    };
    // Focus gone elsewhere: a later removal (by a host, by undo) must not pull it back.
    // Leaving because the focused row itself was removed is not leaving: its element is
    // gone once the removal is done.
    const forget = (event: FocusEvent): void => {
      const left = event.target as Element;
      if (event.relatedTarget instanceof Node && container.contains(event.relatedTarget)) return;
      queueMicrotask(() => {
        if (left.isConnected) lastFocusedRow.current = -1;
      });
    };
    container.addEventListener('focusin', remember);
    container.addEventListener('focusout', forget);
    return () => {
      container.removeEventListener('focusin', remember);
      container.removeEventListener('focusout', forget);
    };
  }, [rows]);
  useEffect(() => {
    const container = rows.current;
    const rowElements = container ? [...container.children] : [];
    if (count > previous.current && newRowExpected.current) {
      newRowExpected.current = false;
      rowElements[rowElements.length - 1]?.querySelector<HTMLElement>(FOCUSABLE)?.focus();
    } else if (count < previous.current) {
      const active = document.activeElement;
      const focusLost = active === null || active === document.body || !active.isConnected;
      if (focusLost && lastFocusedRow.current >= 0) {
        // The remove button at the same place, so removing several rows is one key each.
        const row = rowElements[Math.min(lastFocusedRow.current, rowElements.length - 1)];
        const target =
          row?.querySelector<HTMLElement>('.wfe-array-remove') ??
          row?.querySelector<HTMLElement>(FOCUSABLE) ??
          add.current;
        target?.focus();
      }
    }
    previous.current = count;
  }, [count, rows, add]);
  return {
    expectNewRow() {
      newRowExpected.current = true;
    },
  };
}

/** The most fields an entry of a list shows side by side; an entry with more stacks them. */
const MAX_ROW_COLUMNS = 3;

function columnTitles(itemSchema: unknown, itemUiSchema: unknown): string[] {
  if (!isRecord(itemSchema) || itemSchema.type !== 'object' || !isRecord(itemSchema.properties)) return [];
  const ui = isRecord(itemUiSchema) ? itemUiSchema : {};
  return Object.entries(itemSchema.properties).map(([name, property]) => {
    const propertyUi = ui[name];
    if (isRecord(propertyUi) && typeof propertyUi['ui:title'] === 'string') return propertyUi['ui:title'];
    return isRecord(property) && typeof property.title === 'string' ? property.title : name;
  });
}

/** The title of the list whose entries are drawn inside: rjsf hands an entry none. */
const ListTitle = /* @__PURE__ */ createContext('');

/** One row of a list with its remove button. */
export function ArrayFieldItemTemplate(
  props: Props<ArrayFieldItemTemplateProps<FormT, RJSFSchema, Ctx>>,
): ReactElement {
  const { children, buttonsProps, index, parentUiSchema, schema, disabled, readonly } = props;
  const parentOptions = getUiOptions(parentUiSchema);
  const entryTitle = typeof schema.title === 'string' && schema.title !== '' ? schema.title : null;
  const listTitle = useContext(ListTitle);
  let removeLabel: string;
  let removeTitle: string;
  if (typeof parentOptions.removeLabel === 'string') {
    removeLabel = `${parentOptions.removeLabel} ${index + 1}`;
    removeTitle = parentOptions.removeLabel;
  } else {
    removeLabel = removeTitle = listLabels(props.registry.formContext.labels).removeListEntry(
      index + 1,
      entryTitle,
      listTitle,
    );
  }
  return (
    <div className="wfe-array-item">
      <div className="wfe-array-item-content">{children}</div>
      {buttonsProps.hasRemove && (
        <IconButton
          glyph="close"
          className="wfe-array-remove"
          label={removeLabel}
          title={removeTitle}
          onClick={buttonsProps.onRemoveItem}
          disabled={disabled || readonly}
        />
      )}
    </div>
  );
}

// ---- Inputs -----------------------------------------------------------------------

/** What a text input shows for `value`, as `String` writes it; nothing for null or undefined. */
function inputText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  // eslint-disable-next-line @typescript-eslint/no-base-to-string -- data of another type than the schema's shows as it always has
  return String(value);
}

/** The `<input>` of text-like widgets. */
export function BaseInputTemplate(props: Props<BaseInputTemplateProps<FormT, RJSFSchema, Ctx>>): ReactElement {
  const {
    id,
    htmlName,
    readonly,
    disabled,
    autofocus,
    onBlur,
    onFocus,
    onChange,
    onChangeOverride,
    options,
    schema,
    placeholder,
    registry,
  } = props;
  // rjsf types these two `any`: the data may not match the schema, and `type` is a string when set.
  const value: unknown = props.value;
  const type: unknown = props.type;
  const inputProps = getInputProps<FormT, RJSFSchema, Ctx>(
    schema,
    typeof type === 'string' ? type : undefined,
    options,
  );
  const invalid = visibleMessages(registry.formContext, id).length > 0;
  const mustFill = useFieldRequired();
  const inputValue: string | number =
    inputProps.type === 'number' ? (typeof value === 'number' ? value : '') : inputText(value);
  // A value at its default is not in the definition: the empty input shows the default it
  // stands for, as selects and checkboxes show theirs.
  const fallback = schema.default;
  const shownDefault =
    value === undefined && (typeof fallback === 'string' || typeof fallback === 'number')
      ? String(fallback)
      : undefined;
  return (
    <input
      id={id}
      name={htmlName ?? id}
      className="wfe-input"
      readOnly={readonly}
      disabled={disabled}
      autoFocus={autofocus}
      placeholder={placeholder || shownDefault}
      value={inputValue}
      {...inputProps}
      aria-invalid={invalid || undefined}
      aria-required={mustFill || undefined}
      aria-describedby={ariaDescribedByIds(id)}
      onChange={
        onChangeOverride ??
        ((event) => {
          const text = event.target.value;
          onChange(text === '' ? options.emptyValue : inputProps.type === 'number' ? Number(text) : text);
        })
      }
      onBlur={(event) => onBlur(id, event.target.value)}
      onFocus={(event) => onFocus(id, event.target.value)}
    />
  );
}

/** Help text of objects and arrays (fields render their own, under the input). */
export function DescriptionFieldTemplate(
  props: Props<DescriptionFieldProps<FormT, RJSFSchema, Ctx>>,
): ReactElement | null {
  const { id, description } = props;
  if (!description) return null;
  return (
    <p id={id} className="wfe-field-help">
      {description}
    </p>
  );
}

/** Titles are rendered by the container templates themselves. */
export function TitleFieldTemplate(props: Props<TitleFieldProps<FormT, RJSFSchema, Ctx>>): ReactElement | null {
  return props.title ? <span className="wfe-visually-hidden">{props.title}</span> : null;
}

function Nothing(): null {
  return null;
}

function PlainButton(props: Props<IconButtonProps<FormT, RJSFSchema, Ctx>>): ReactElement {
  const { iconType: _iconType, icon: _icon, registry: _registry, uiSchema: _uiSchema, className, ...rest } = props;
  return <button type="button" className={`wfe-button ${className ?? ''}`} {...rest} />;
}

/**
 * A field whose schema the form cannot draw (no `type`, and nothing that implies one):
 * a sentence in its place, rather than rjsf's internal id and the raw schema. The value
 * stays in the definition as it is.
 */
function UnsupportedFieldTemplate(props: Props<UnsupportedFieldProps<FormT, RJSFSchema, Ctx>>): ReactElement {
  const noType = props.schema.type === undefined;
  return (
    <p className="wfe-field-help wfe-field-unsupported">
      {noType
        ? 'This field cannot be edited here: its action\'s schema does not say which type of value it takes (give it a "type").'
        : 'This field cannot be edited here: the form cannot show its schema.'}
    </p>
  );
}

/** Every template the configuration forms use. */
export const configFormTemplates: Partial<Omit<TemplatesType<FormT, RJSFSchema, Ctx>, 'ButtonTemplates'>> & {
  ButtonTemplates: Partial<TemplatesType<FormT, RJSFSchema, Ctx>['ButtonTemplates']>;
} = {
  FieldTemplate,
  ObjectFieldTemplate,
  ArrayFieldTemplate,
  ArrayFieldItemTemplate,
  BaseInputTemplate,
  DescriptionFieldTemplate,
  TitleFieldTemplate,
  // Messages are drawn by FieldTemplate (only once touched), never as a list on top.
  ErrorListTemplate: Nothing,
  FieldErrorTemplate: Nothing,
  FieldHelpTemplate: Nothing,
  UnsupportedFieldTemplate,
  ButtonTemplates: {
    SubmitButton: Nothing,
    AddButton: PlainButton,
    RemoveButton: PlainButton,
    CopyButton: PlainButton,
    MoveUpButton: PlainButton,
    MoveDownButton: PlainButton,
    ClearButton: PlainButton,
  },
};
