// ---------------------------------------------------------------------------
// The Conditional step's condition builder, as data: a condition read into "All of" /
// "Any of" rows and back, and the text of a value typed into a row.
// ---------------------------------------------------------------------------

import type { Comparison, Condition, JsonValue } from '../../definition';

/** A condition as the builder edits it: one level of "All of" / "Any of" rows. */
export interface ConditionRows {
  mode: 'all' | 'any';
  rows: Condition[];
}

/** Reads a branch condition into builder rows (a lone comparison is "All of" one row). */
export function conditionRows(when: Condition | undefined): ConditionRows {
  if (!when) return { mode: 'all', rows: [] };
  if ('all' in when) return { mode: 'all', rows: when.all };
  if ('any' in when) return { mode: 'any', rows: when.any };
  return { mode: 'all', rows: [when] };
}

/** Builder rows back into a condition. */
export function rowsCondition(rows: ConditionRows): Condition {
  return rows.mode === 'all' ? { all: rows.rows } : { any: rows.rows };
}

/** Whether a row is a comparison (the builder edits those; nested groups stay as they are). */
export function isComparison(condition: Condition): condition is Comparison {
  return 'op' in condition;
}

/** Text typed as a value: numbers and true/false keep their JSON type, the rest is text. */
export function parseValueText(text: string): JsonValue {
  if (/^-?(0|[1-9]\d*)(\.\d+)?$/.test(text.trim())) return Number(text.trim());
  if (text === 'true') return true;
  if (text === 'false') return false;
  return text;
}

/** The text a row's value shows as. */
export function valueText(value: JsonValue | undefined): string {
  if (value === undefined || value === null) return '';
  return typeof value === 'string' ? value : typeof value === 'object' ? JSON.stringify(value) : String(value);
}
