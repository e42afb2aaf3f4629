// ---------------------------------------------------------------------------
// Which rows of a long list show (see LongListField): the first page always, then the
// rows the person asked for ("Show 50 more") and rows brought into view (a problem
// chosen, a row added at the end), as sorted ranges. What lies between them is hidden,
// and the list says so where it is. Pure: the rules are tested without a browser.
// ---------------------------------------------------------------------------

import { ID_SEPARATOR } from './field-id';
import { ROWS_PER_PAGE } from './long-lists';

/** Rows `from` (included) to `to` (not included), counted from 0. */
export interface RowRange {
  readonly from: number;
  readonly to: number;
}

/** Rows that show: sorted ranges that neither overlap nor touch. */
export type ShownRows = readonly RowRange[];

/**
 * `ranges` in a list of `count` rows: cut to the list, with the first page, sorted and
 * merged. Every rule below ends here, so the rows shown are always in this form.
 */
export function shownRows(ranges: ShownRows, count: number): ShownRows {
  const sorted = [{ from: 0, to: ROWS_PER_PAGE }, ...ranges]
    .map((range) => ({ from: Math.max(0, range.from), to: Math.min(count, range.to) }))
    .filter((range) => range.from < range.to)
    .sort((a, b) => a.from - b.from);
  const merged: RowRange[] = [];
  for (const range of sorted) {
    const last = merged[merged.length - 1];
    if (last && range.from <= last.to) merged[merged.length - 1] = { from: last.from, to: Math.max(last.to, range.to) };
    else merged.push(range);
  }
  return merged;
}

/** The rows `shown` leaves out of a list of `count` rows, in order. */
export function hiddenRows(shown: ShownRows, count: number): RowRange[] {
  const hidden: RowRange[] = [];
  let next = 0;
  for (const range of shown) {
    if (range.from > next) hidden.push({ from: next, to: range.from });
    next = range.to;
  }
  if (next < count) hidden.push({ from: next, to: count });
  return hidden;
}

/** How many rows `ranges` shows. */
export function shownCount(ranges: ShownRows): number {
  return ranges.reduce((sum, range) => sum + range.to - range.from, 0);
}

/** Whether `row` shows. */
export function isShown(ranges: ShownRows, row: number): boolean {
  return ranges.some((range) => range.from <= row && row < range.to);
}

/** Shows up to a page more rows from `from` on (the first row of what is hidden there). */
export function showPageFrom(ranges: ShownRows, from: number, count: number): ShownRows {
  return shownRows([...ranges, { from, to: from + ROWS_PER_PAGE }], count);
}

/** Brings `row` into view, where it is in the list. */
export function showRow(ranges: ShownRows, row: number, count: number): ShownRows {
  return shownRows([...ranges, { from: row, to: row + 1 }], count);
}

/**
 * After the person removed `row` of `count` rows: the rows below move up, so a range
 * holding the row keeps its length (the next row comes into view, as on a page of a
 * table) and later ranges move up with the rows they show.
 */
export function afterRowRemoved(ranges: ShownRows, row: number, count: number): ShownRows {
  const moved = ranges.map((range) => (range.from > row ? { from: range.from - 1, to: range.to - 1 } : range));
  return shownRows(moved, count - 1);
}

/**
 * After the person added a row at `row` of `count` rows (`count` for the end): the rows
 * from there on move down with the ranges showing them, and the new row shows.
 */
export function afterRowAdded(ranges: ShownRows, row: number, count: number): ShownRows {
  const moved = ranges.map((range) =>
    range.from >= row
      ? { from: range.from + 1, to: range.to + 1 }
      : range.to > row
        ? { from: range.from, to: range.to + 1 }
        : range,
  );
  return showRow(moved, row, count + 1);
}

/** The row of the list with id `listId` that field `id` belongs to, or undefined. */
export function rowOfId(id: string, listId: string): number | undefined {
  const prefix = `${listId}${ID_SEPARATOR}`;
  if (!id.startsWith(prefix)) return undefined;
  const digits = /^\d+/.exec(id.slice(prefix.length))?.[0];
  if (digits === undefined) return undefined;
  const after = id.charAt(prefix.length + digits.length);
  return after === '' || after === ID_SEPARATOR ? Number(digits) : undefined;
}

/** The rows (ascending, each once) of the list with id `listId` that any of the field ids `ids` belongs to. */
export function rowsOfIds(ids: Iterable<string>, listId: string): number[] {
  const rows = new Set<number>();
  for (const id of ids) {
    const row = rowOfId(id, listId);
    if (row !== undefined) rows.add(row);
  }
  return [...rows].sort((a, b) => a - b);
}
