// ---------------------------------------------------------------------------
// Long lists: a top-level list that arrives with more rows than a page (thousands of
// headers in an imported workflow) is drawn by LongListField a page at a time, and its
// value goes past rjsf as a JSON field's does (see JsonFieldValues). rjsf copies, fills
// defaults into and deep-compares all of its data on every key, which for 10,000 rows
// takes far longer than a key may; past it, a key costs the same for 10 rows or 10,000.
// Which lists those are is decided here, with the form; the field that draws them loads
// apart, the first time a long list shows: most forms never show one.
// ---------------------------------------------------------------------------

import type { FieldProps, RJSFSchema, UiSchema } from '@rjsf/utils';
import { useEffect, useMemo, useRef, useState, type ReactElement } from 'react';
import { isRecord, type JsonObject, type JsonSchema } from '../../../definition';
import type { ConfigFormContext } from './context';

/** The uiSchema the form hands rjsf. */
export type FormUiSchema = UiSchema<JsonObject, RJSFSchema, ConfigFormContext>;

/** Rows a long list shows at first, and how many more each "Show more" adds; longer lists are long lists. */
export const ROWS_PER_PAGE = 50;

/**
 * Top-level properties of `schema` that are lists rjsf draws row by row (its "normal"
 * arrays): one item schema, no multiple choice (`uniqueItems`, `enum`), no files, and no
 * widget or field of their own in `uiSchema`. Only these can become long lists.
 */
export function rowListProperties(schema: JsonSchema, uiSchema: JsonObject | undefined): string[] {
  const properties = isRecord(schema.properties) ? schema.properties : {};
  return Object.keys(properties).filter((name) => {
    const property = properties[name];
    const items = isRecord(property) ? property.items : undefined;
    const ui = uiSchema?.[name];
    return (
      isRecord(property) &&
      property.type === 'array' &&
      property.uniqueItems !== true &&
      isRecord(items) &&
      !('enum' in items) &&
      items.format !== 'data-url' &&
      !(isRecord(ui) && ('ui:field' in ui || 'ui:widget' in ui))
    );
  });
}

/** The long lists of a form, and each candidate list's length when it last rendered. */
export interface LongLists {
  readonly names: ReadonlySet<string>;
  readonly lengths: ReadonlyMap<string, number>;
}

/** A form before its first render. */
export const NO_LONG_LISTS: LongLists = { names: new Set(), lengths: new Map() };

/**
 * The long lists once `value` shows, after `before`. A list is long once it arrives with
 * more than a page of rows (the panel opening, an import, an undo or a host putting many
 * back), and stays long while the form lives, so shrinking it never draws its rows anew. A
 * list the person grows one row at a time stays rjsf's: becoming long would draw its rows
 * anew under their hands (and the row just added would be past the first page).
 * `names` keeps its identity while no list joins.
 */
export function longListsAfter(before: LongLists, candidates: readonly string[], value: JsonObject): LongLists {
  let names = before.names;
  const lengths = new Map<string, number>();
  for (const name of candidates) {
    const list = value[name];
    const length = Array.isArray(list) ? list.length : 0;
    const previous = before.lengths.get(name);
    const arrived = previous === undefined || Math.abs(length - previous) > 1;
    if (!names.has(name) && length > ROWS_PER_PAGE && arrived) names = new Set(names).add(name);
    lengths.set(name, length);
  }
  return { names, lengths };
}

/**
 * `uiSchema` with each long list drawn by the long-list field, given as the component
 * itself (rjsf takes one as `ui:field`): an action's uiSchema stays plain JSON, and this
 * one never leaves the form. `uiSchema` itself when there is none.
 */
export function withLongListField(
  uiSchema: JsonObject | undefined,
  names: ReadonlySet<string>,
): FormUiSchema | undefined {
  if (names.size === 0) return uiSchema;
  const result: FormUiSchema = { ...uiSchema };
  for (const name of names) {
    const own: unknown = result[name];
    result[name] = { ...(isRecord(own) ? own : {}), 'ui:field': LazyLongListField };
  }
  return result;
}

/**
 * The long lists of a form showing `value` (see {@link longListsAfter}), for the form:
 * `pastRjsf`, the properties whose values go past rjsf (`jsonFields`, the JSON fields,
 * and the long lists), and `uiSchema` with the long lists drawn by the long-list field.
 * A root schema with a keyword `rootKeyword` refuses (one that could decide something from
 * a list's rows, such as `allOf`) keeps every list rjsf's, with every row in its data;
 * `rootKeyword` is a constant (a new one each render would decide anew each render).
 */
export function useLongLists(
  schema: JsonSchema,
  uiSchema: JsonObject | undefined,
  value: JsonObject,
  jsonFields: ReadonlySet<string>,
  rootKeyword: (keyword: string) => boolean,
): { pastRjsf: ReadonlySet<string>; uiSchema: FormUiSchema | undefined } {
  const candidates = useMemo(
    () => (Object.keys(schema).every(rootKeyword) ? rowListProperties(schema, uiSchema) : []),
    [schema, uiSchema, rootKeyword],
  );
  // Decided as each value shows, not once: an import may bring thousands of rows into an open panel.
  const lists = useRef(NO_LONG_LISTS);
  lists.current = longListsAfter(lists.current, candidates, value);
  const { names } = lists.current;
  return useMemo(
    () => ({
      pastRjsf: names.size === 0 ? jsonFields : new Set([...jsonFields, ...names]),
      uiSchema: withLongListField(uiSchema, names),
    }),
    [jsonFields, names, uiSchema],
  );
}

type FieldPropsOfForm = FieldProps<JsonObject, RJSFSchema, ConfigFormContext>;
type LoadedField = typeof import('./LongListField');

let loaded: LoadedField | undefined;
let loading: Promise<LoadedField> | undefined;

function loadField(): Promise<LoadedField> {
  loading ??= import('./LongListField').then(
    (module) => (loaded = module),
    (error: unknown) => {
      // A chunk that failed to load (a network blip) is fetched again next time.
      loading = undefined;
      throw error;
    },
  );
  return loading;
}

/**
 * The field of a long list, a page of rows at a time (see LongListField),
 * busy while its code loads. Not behind Suspense: React holds back content that suspended
 * until a while after its fallback showed, which would keep the first panel with a long
 * list waiting on no work at all.
 */
export function LazyLongListField(props: FieldPropsOfForm): ReactElement {
  const [field, setField] = useState(loaded);
  const [failure, setFailure] = useState<{ error: unknown } | null>(null);
  useEffect(() => {
    if (!field) loadField().then(setField, (error: unknown) => setFailure({ error }));
  }, [field]);
  // The panel's error boundary says so, and its "Try again" loads the code again.
  if (failure) throw failure.error;
  if (!field) return <div className="wfe-fieldset wfe-array" aria-busy="true" />;
  return <field.LongListField {...props} />;
}
