// ---------------------------------------------------------------------------
// Where a chosen reference goes into a text field: in place of the selection.
// ---------------------------------------------------------------------------

/**
 * Inserts `insertText` into `value` in place of the selection `start`..`end` and
 * returns the new text and caret.
 */
export function insertAt(
  value: string,
  start: number,
  end: number,
  insertText: string,
): { text: string; caret: number } {
  const safeStart = Math.max(0, Math.min(start, value.length));
  const safeEnd = Math.max(safeStart, Math.min(end, value.length));
  return {
    text: value.slice(0, safeStart) + insertText + value.slice(safeEnd),
    caret: safeStart + insertText.length,
  };
}
