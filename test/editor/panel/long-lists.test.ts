import { describe, expect, it } from 'vitest';
import { httpsRequestAction, type JsonObject, type JsonSchema } from '../../../src/definition';
import {
  LazyLongListField,
  longListsAfter,
  NO_LONG_LISTS,
  ROWS_PER_PAGE,
  rowListProperties,
  withLongListField,
} from '../../../src/editor/panel/form/long-lists';
import { withValueAt } from '../../../src/editor/panel/form/LongListField';
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
} from '../../../src/editor/panel/form/shown-rows';

const headers = (count: number): JsonObject[] =>
  Array.from({ length: count }, (_, index) => ({ key: `X-${index}`, value: 'v' }));

describe('which lists are long lists', () => {
  it('takes the HTTPS step’s lists of rows, and no list a widget or field of its own draws', () => {
    expect(rowListProperties(httpsRequestAction.configSchema, httpsRequestAction.uiSchema)).toEqual([
      'headers',
      'query',
      'retryIntervals',
    ]);
    const schema: JsonSchema = {
      type: 'object',
      properties: {
        rows: { type: 'array', items: { type: 'object' } },
        tags: { type: 'array', uniqueItems: true, items: { type: 'string', enum: ['a', 'b'] } },
        colours: { type: 'array', items: { type: 'string', enum: ['red'] } },
        files: { type: 'array', items: { type: 'string', format: 'data-url' } },
        pair: { type: 'array', items: [{ type: 'string' }, { type: 'number' }] },
        custom: { type: 'array', items: { type: 'string' } },
        text: { type: 'string' },
      },
    };
    expect(rowListProperties(schema, { custom: { 'ui:widget': 'tags' } })).toEqual(['rows']);
  });

  it('makes a list that arrives with more than a page of rows long, and keeps it long', () => {
    const opened = longListsAfter(NO_LONG_LISTS, ['headers', 'query'], {
      headers: headers(ROWS_PER_PAGE + 1),
      query: headers(3),
    });
    expect([...opened.names]).toEqual(['headers']);
    // Shrunk below a page by removals, it stays long: its rows are not drawn anew.
    const shrunk = longListsAfter(opened, ['headers', 'query'], { headers: headers(2), query: headers(3) });
    expect(shrunk.names).toBe(opened.names);
  });

  it('leaves a list the person grows one row at a time to rjsf, but takes one an import brings in', () => {
    let lists = longListsAfter(NO_LONG_LISTS, ['headers'], { headers: headers(ROWS_PER_PAGE) });
    lists = longListsAfter(lists, ['headers'], { headers: headers(ROWS_PER_PAGE + 1) });
    lists = longListsAfter(lists, ['headers'], { headers: headers(ROWS_PER_PAGE + 2) });
    expect(lists.names.size).toBe(0);
    lists = longListsAfter(lists, ['headers'], { headers: headers(10_000) });
    expect([...lists.names]).toEqual(['headers']);
  });

  it('has the long-list field draw long lists, keeping their own uiSchema', () => {
    const uiSchema: JsonObject = { headers: { 'ui:options': { addLabel: 'Add header' } }, url: {} };
    expect(withLongListField(uiSchema, new Set())).toBe(uiSchema);
    expect(withLongListField(uiSchema, new Set(['headers']))).toEqual({
      headers: { 'ui:options': { addLabel: 'Add header' }, 'ui:field': LazyLongListField },
      url: {},
    });
    expect(uiSchema).toEqual({ headers: { 'ui:options': { addLabel: 'Add header' } }, url: {} });
  });
});

describe('rows shown', () => {
  it('shows the first page, within the list', () => {
    expect(shownRows([], 10_000)).toEqual([{ from: 0, to: 50 }]);
    expect(shownRows([], 12)).toEqual([{ from: 0, to: 12 }]);
    expect(shownRows([], 0)).toEqual([]);
    expect(hiddenRows(shownRows([], 10_000), 10_000)).toEqual([{ from: 50, to: 10_000 }]);
    expect(hiddenRows(shownRows([], 12), 12)).toEqual([]);
  });

  it('shows a page more where rows are hidden, up to the end', () => {
    const more = showPageFrom([], 50, 10_000);
    expect(more).toEqual([{ from: 0, to: 100 }]);
    expect(shownCount(more)).toBe(100);
    expect(showPageFrom([], 50, 60)).toEqual([{ from: 0, to: 60 }]);
  });

  it('brings a far row into view in its place, hidden rows on either side', () => {
    const shown = showRow([], 6_999, 10_000);
    expect(shown).toEqual([
      { from: 0, to: 50 },
      { from: 6_999, to: 7_000 },
    ]);
    expect(isShown(shown, 6_999)).toBe(true);
    expect(isShown(shown, 7_000)).toBe(false);
    expect(hiddenRows(shown, 10_000)).toEqual([
      { from: 50, to: 6_999 },
      { from: 7_000, to: 10_000 },
    ]);
    // Showing more below the first page until it meets the row joins them.
    expect(showPageFrom([{ from: 0, to: 6_950 }, ...shown.slice(1)], 6_950, 10_000)).toEqual([{ from: 0, to: 7_000 }]);
  });

  it('keeps a page full when a row in it is removed, and moves later rows up with theirs', () => {
    const shown = showRow([], 6_999, 10_000);
    expect(afterRowRemoved(shown, 2, 10_000)).toEqual([
      { from: 0, to: 50 },
      { from: 6_998, to: 6_999 },
    ]);
    // The last row of the list goes with its range.
    expect(
      afterRowRemoved(
        [
          { from: 0, to: 50 },
          { from: 9_999, to: 10_000 },
        ],
        9_999,
        10_000,
      ),
    ).toEqual([{ from: 0, to: 50 }]);
  });

  it('shows a row added at the end apart from the first page, and moves rows below an inserted one down', () => {
    expect(afterRowAdded([], 10_000, 10_000)).toEqual([
      { from: 0, to: 50 },
      { from: 10_000, to: 10_001 },
    ]);
    // Added right after the rows shown: they meet.
    expect(afterRowAdded([], 50, 10_000)).toEqual([{ from: 0, to: 51 }]);
    expect(afterRowAdded(showRow([], 6_999, 10_000), 10, 10_000)).toEqual([
      { from: 0, to: 51 },
      { from: 7_000, to: 7_001 },
    ]);
  });

  it('reads the row of a field id, and the rows messages are about', () => {
    expect(rowOfId('wfe_cfg_headers_6999_key', 'wfe_cfg_headers')).toBe(6_999);
    expect(rowOfId('wfe_cfg_headers_12', 'wfe_cfg_headers')).toBe(12);
    expect(rowOfId('wfe_cfg_headers', 'wfe_cfg_headers')).toBeUndefined();
    expect(rowOfId('wfe_cfg_headers_x_1', 'wfe_cfg_headers')).toBeUndefined();
    expect(rowOfId('wfe_cfg_headers_12x', 'wfe_cfg_headers')).toBeUndefined();
    expect(rowOfId('wfe_cfg_query_3_key', 'wfe_cfg_headers')).toBeUndefined();
    expect(
      rowsOfIds(
        ['wfe_cfg_headers_7_value', 'wfe_cfg_url', 'wfe_cfg_headers_7_key', 'wfe_cfg_headers_2_key'],
        'wfe_cfg_headers',
      ),
    ).toEqual([2, 7]);
  });
});

describe('a change to one row', () => {
  it('copies that row along the path, keys in their order', () => {
    const row = { key: 'X-Api-Key', value: 'a' };
    const changed = withValueAt(row, ['value'], 'b');
    expect(changed).toEqual({ key: 'X-Api-Key', value: 'b' });
    expect(Object.keys(changed as JsonObject)).toEqual(['key', 'value']);
    expect(row.value).toBe('a');
    expect(Object.keys(withValueAt({ value: 'b' }, ['key'], 'K') as JsonObject)).toEqual(['value', 'key']);
  });

  it('leaves a cleared property out, and writes a cleared list item as null', () => {
    expect(withValueAt({ key: 'X-Two', value: 'v' }, ['value'], undefined)).toEqual({ key: 'X-Two' });
    expect(withValueAt(5, [], undefined)).toBeUndefined();
    expect(withValueAt({ list: [1, 2] }, ['list', 1], undefined)).toEqual({ list: [1, null] });
  });

  it('keeps a "__proto__" key as data', () => {
    const row = JSON.parse('{"__proto__": "kept", "key": "k"}') as JsonObject;
    const changed = withValueAt(row, ['key'], 'K') as JsonObject;
    expect(Object.getPrototypeOf(changed)).toBe(Object.prototype);
    expect(JSON.stringify(changed)).toBe('{"__proto__":"kept","key":"K"}');
  });
});
