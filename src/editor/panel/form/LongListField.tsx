// ---------------------------------------------------------------------------
// A long list (see long-lists): thousands of header rows from an imported workflow,
// drawn a page at a time. Each row's Value is a template input (a CodeMirror view), and
// drawing 10,000 of them took minutes; a page of them takes a moment, whatever the list's
// length. Rows are the form's own (rjsf's SchemaField in the list's templates), so a row
// here looks, reads and behaves as in a short list; only how many are drawn differs.
//
// Nothing hidden is lost or silent: the rows stay in the definition (export, undo and
// validation see every one), each gap between drawn rows says how many it hides and how
// many of those have problems, with a button to the first, and a problem chosen from the
// problems list brings its row into view. The list's value comes from and goes back to
// the form past rjsf (JsonFieldValues), so a key typed into a row copies one row, not
// the form's data.
// ---------------------------------------------------------------------------

import {
  getUiOptions,
  toFieldPathId,
  type ArrayFieldItemTemplateProps,
  type FieldProps,
  type RJSFSchema,
  type UiSchema,
} from '@rjsf/utils';
import { useEffect, useMemo, useRef, useState, type ReactElement } from 'react';
import { isRecord, jsonObjectFrom, type JsonObject, type JsonValue } from '../../../definition';
import type { ConfigFormContext } from './context';
import { fieldId } from './field-id';
import { listLabels, type ListLabels } from './list-labels';
import { ROWS_PER_PAGE } from './long-lists';
import {
  afterRowAdded,
  afterRowRemoved,
  hiddenRows,
  isShown,
  rowOfId,
  rowsOfIds,
  showPageFrom,
  showRow,
  shownCount,
  shownRows,
  type RowRange,
  type ShownRows,
} from './shown-rows';

type FormT = JsonObject;
type Props = FieldProps<FormT, RJSFSchema, ConfigFormContext>;

/** What takes focus in a row: its first control, or the editable element of a template input. */
const FOCUS_TARGETS = 'input, select, textarea, button, [contenteditable="true"]';

/**
 * `target` with `value` at `path` inside it, copied along the path, keys in their order.
 * An `undefined` value leaves the property out, and a list item `null`, as the JSON the
 * form writes would (rjsf's own lists give it the same).
 */
export function withValueAt(
  target: JsonValue | undefined,
  path: readonly (string | number)[],
  value: JsonValue | undefined,
): JsonValue | undefined {
  const [head, ...rest] = path;
  if (head === undefined) return value;
  if (typeof head === 'number') {
    const copy = Array.isArray(target) ? [...target] : [];
    copy[head] = withValueAt(copy[head], rest, value) ?? null;
    return Array.from(copy, (item) => item ?? null);
  }
  const record: JsonObject = isRecord(target) ? target : {};
  const inner = withValueAt(Object.hasOwn(record, head) ? record[head] : undefined, rest, value);
  const entries: [string, JsonValue][] = [];
  for (const [key, item] of Object.entries(record)) {
    if (key !== head) entries.push([key, item]);
    else if (inner !== undefined) entries.push([key, inner]);
  }
  if (inner !== undefined && !Object.hasOwn(record, head)) entries.push([head, inner]);
  return jsonObjectFrom(entries);
}

/** A value rjsf made (a new row's defaults) as JSON: `undefined` left out, or `null` for the whole. */
function asJson(value: unknown): JsonValue {
  return JSON.parse(JSON.stringify(value ?? null)) as JsonValue;
}

/** The element that takes focus for field or row `id`. */
function focusTargetOf(id: string): HTMLElement | null {
  const element = document.getElementById(id);
  return element?.matches(FOCUS_TARGETS) ? element : (element?.querySelector<HTMLElement>(FOCUS_TARGETS) ?? null);
}

/** Where the rows shown end and hidden ones begin: how many, how many with problems, and more on request. */
function HiddenRows(props: {
  hidden: RowRange;
  listTitle: string;
  problemRows: readonly number[];
  labels: ListLabels;
  onShowMore: (button: HTMLButtonElement) => void;
  onShowRow: (row: number) => void;
}): ReactElement {
  const { hidden, listTitle, problemRows, labels } = props;
  const hiddenCount = hidden.to - hidden.from;
  const firstProblem = problemRows[0];
  return (
    <div className="wfe-array-gap">
      <button
        type="button"
        className="wfe-button wfe-button--ghost wfe-array-show-more"
        onClick={(event) => props.onShowMore(event.currentTarget)}
      >
        {labels.showMoreRows(Math.min(ROWS_PER_PAGE, hiddenCount), hiddenCount, listTitle)}
      </button>
      {firstProblem !== undefined && (
        <p className="wfe-array-gap-problems">
          <span className="wfe-field-error">{labels.hiddenRowsWithProblems(problemRows.length)}</span>
          <button type="button" className="wfe-button wfe-button--link" onClick={() => props.onShowRow(firstProblem)}>
            {labels.showRow(firstProblem + 1)}
          </button>
        </p>
      )}
    </div>
  );
}

/** `"ui:field": "longList"`: a top-level list with more rows than a page, drawn a page at a time. */
export function LongListField(props: Props): ReactElement {
  const { schema, uiSchema, fieldPathId, registry, name, title, disabled, readonly, required, hideError } = props;
  const context = registry.formContext;
  const { schemaUtils, globalFormOptions, globalUiOptions } = registry;
  // Always in rjsf's registry: its own lists draw their rows with it.
  const SchemaField = registry.fields.SchemaField!;
  const labels = listLabels(context.labels);
  const property = String(fieldPathId.path[0]);
  const listId = fieldPathId.$id;
  const stored = context.jsonFields.get(property);
  const rows: readonly JsonValue[] = Array.isArray(stored) ? stored : [];
  const count = rows.length;
  const [ranges, setRanges] = useState<ShownRows>([]);
  const shown = shownRows(ranges, count);
  const uiOptions = getUiOptions<FormT, RJSFSchema, ConfigFormContext>(uiSchema, globalUiOptions);
  const listTitle = uiOptions.title ?? schema.title ?? title ?? name;
  const rawItemSchema: RJSFSchema = isRecord(schema.items) ? schema.items : {};
  const itemUiSchema: UiSchema<FormT, RJSFSchema, ConfigFormContext> = isRecord(uiSchema?.items) ? uiSchema.items : {};
  const { ArrayFieldTemplate, ArrayFieldItemTemplate } = registry.templates;
  const { orderable = true, removable = true, copyable = false } = uiOptions;
  const canAdd = uiOptions.addable !== false && (typeof schema.maxItems !== 'number' || count < schema.maxItems);
  const problemRows = useMemo(() => rowsOfIds(context.messagesById.keys(), listId), [context.messagesById, listId]);

  // ---- Changes: the whole list, changed, goes to the form ----

  /** The list as the form holds it now (a change earlier in the same event included). */
  const listNow = (): JsonValue[] => {
    const current = context.jsonFields.get(property);
    return Array.isArray(current) ? current : [];
  };
  /** `changedId`: the field typed into, so typing in it is one undo step; else the list (a step of its own). */
  const change = (next: JsonValue[], changedId = listId): void => context.jsonFields.set(property, next, changedId);

  // Typed with the form's object type, as rjsf types every field; a row's value is any JSON.
  const onRowChange: Props['onChange'] = (value, path, _errors, id) => {
    const depth = fieldPathId.path.length;
    const index = path[depth];
    if (typeof index !== 'number') return;
    const current = listNow();
    const next = [...current];
    next[index] = withValueAt(current[index], path.slice(depth + 1), value) ?? null;
    change(next, id);
  };
  const insertRow = (index: number, row: JsonValue): void => {
    const current = listNow();
    setRanges((before) => afterRowAdded(before, index, current.length));
    change([...current.slice(0, index), row, ...current.slice(index)]);
  };
  const newRow = (): JsonValue => asJson(schemaUtils.getDefaultFormState(rawItemSchema, undefined));
  const removeRow = (index: number): void => {
    const current = listNow();
    setRanges((before) => afterRowRemoved(before, index, current.length));
    change(current.filter((_, at) => at !== index));
  };
  const moveRow = (from: number, to: number): void => {
    const current = listNow();
    const next = [...current];
    [next[from], next[to]] = [current[to]!, current[from]!];
    setRanges((before) => showRow(before, to, current.length));
    change(next);
  };

  // ---- What shows, and where focus goes ----

  /** Field or row to focus once the rows it is in are drawn. */
  const focusNext = useRef<string | null>(null);
  /** A "Show more" button that keeps focus: back into view once the rows it showed pushed it down. */
  const keepInView = useRef<HTMLElement | null>(null);
  useEffect(() => {
    const target = focusNext.current;
    focusNext.current = null;
    if (target !== null) focusTargetOf(target)?.focus();
    const button = keepInView.current;
    keepInView.current = null;
    if (button?.isConnected && button === document.activeElement) button.scrollIntoView({ block: 'nearest' });
  });

  const showMore = (hidden: RowRange, button: HTMLButtonElement): void => {
    setRanges((before) => showPageFrom(before, hidden.from, count));
    // The button stays while rows stay hidden there, and keeps focus for the next page; the
    // last page takes it away, and focus goes to the first row it showed.
    if (hidden.to - hidden.from > ROWS_PER_PAGE) keepInView.current = button;
    else focusNext.current = fieldId(listId, [hidden.from]);
  };
  const showProblemRow = (row: number): void => {
    setRanges((before) => showRow(before, row, count));
    const problemId = [...context.messagesById.keys()].find((id) => rowOfId(id, listId) === row);
    focusNext.current = problemId ?? fieldId(listId, [row]);
  };

  // "Choose a problem" in a hidden row: the row shows, and the form's focus request finds it.
  const { focusRequest } = context;
  useEffect(() => {
    const row = focusRequest === null ? undefined : rowOfId(focusRequest, listId);
    if (row === undefined || row >= count) return;
    setRanges((before) => (isShown(shownRows(before, count), row) ? before : showRow(before, row, count)));
  }, [focusRequest, listId, count]);

  // ---- Rows ----

  const renderRow = (index: number): ReactElement => {
    const storedRow = rows[index];
    const itemSchema = schemaUtils.retrieveSchema(rawItemSchema, storedRow as FormT);
    // As rjsf's own lists show a row: with the defaults of what it leaves out.
    const itemData = schemaUtils.getDefaultFormState(itemSchema, storedRow as FormT) as FormT;
    const rowPathId = toFieldPathId(index, globalFormOptions, fieldPathId);
    const itemProps: Omit<ArrayFieldItemTemplateProps<FormT, RJSFSchema, ConfigFormContext>, 'children'> = {
      buttonsProps: {
        fieldPathId: rowPathId,
        disabled,
        readonly,
        canAdd,
        hasCopy: copyable && canAdd,
        hasMoveUp: orderable && index > 0,
        hasMoveDown: orderable && index < count - 1,
        hasRemove: removable,
        index,
        totalItems: count,
        onAddItem: () => insertRow(index + 1, newRow()),
        onCopyItem: () => insertRow(index + 1, rows[index] ?? null),
        onRemoveItem: () => removeRow(index),
        onMoveUpItem: () => moveRow(index, index - 1),
        onMoveDownItem: () => moveRow(index, index + 1),
        registry,
        schema: itemSchema,
        uiSchema: itemUiSchema,
      },
      className: 'rjsf-array-item',
      disabled,
      hasToolbar: orderable || removable || copyable,
      index,
      totalItems: count,
      readonly,
      itemKey: String(index),
      registry,
      schema: itemSchema,
      uiSchema: itemUiSchema,
      parentUiSchema: uiSchema,
      displayLabel: schemaUtils.getDisplayLabel(itemSchema, itemUiSchema, globalUiOptions),
      hasDescription: Boolean(getUiOptions(itemUiSchema).description ?? itemSchema.description),
    };
    const rowProps: Props = {
      name: `${name}-${index}`,
      title: `${listTitle}-${index + 1}`,
      index,
      schema: itemSchema,
      uiSchema: itemUiSchema,
      formData: itemData,
      fieldPathId: rowPathId,
      required: true,
      onChange: onRowChange,
      onBlur: props.onBlur,
      onFocus: props.onFocus,
      registry,
      disabled,
      readonly,
      hideError,
    };
    // Keyed by position, as the row's ids are: removing a row keeps the controls at its place (and focus in them).
    return (
      <ArrayFieldItemTemplate key={index} {...itemProps}>
        <SchemaField {...rowProps} />
      </ArrayFieldItemTemplate>
    );
  };

  // What the list's template draws among its rows. It tells rows by position (the last one
  // is the row just added, see useRowFocus), so nothing follows the last row but a gap.
  const items: ReactElement[] = [];
  if (count > ROWS_PER_PAGE) {
    items.push(
      <p key="shown" className="wfe-visually-hidden" role="status">
        {labels.rowsShown(shownCount(shown), count, listTitle)}
      </p>,
    );
  }
  const gaps = hiddenRows(shown, count);
  for (const range of shown) {
    for (let index = range.from; index < range.to; index++) items.push(renderRow(index));
    const hidden = gaps.find((gap) => gap.from === range.to);
    if (!hidden) continue;
    items.push(
      // Keyed by the rows above it, which only grow: the button keeps focus as it shows more.
      <HiddenRows
        key={`hidden-after-${range.from}`}
        hidden={hidden}
        listTitle={listTitle}
        problemRows={problemRows.filter((row) => hidden.from <= row && row < hidden.to)}
        labels={labels}
        onShowMore={(button) => showMore(hidden, button)}
        onShowRow={showProblemRow}
      />,
    );
  }

  return (
    <ArrayFieldTemplate
      className="rjsf-field rjsf-field-array"
      items={items}
      canAdd={canAdd}
      onAddClick={() => insertRow(listNow().length, newRow())}
      disabled={disabled}
      readonly={readonly}
      required={required}
      hideError={hideError}
      fieldPathId={fieldPathId}
      schema={schema}
      uiSchema={uiSchema}
      title={listTitle}
      formData={rows as unknown as FormT}
      registry={registry}
    />
  );
}
