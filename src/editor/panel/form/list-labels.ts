// ---------------------------------------------------------------------------
// The words of a list shown in pages (a config's long lists in the form, a test's headers):
// the host's labels where it gives them, else English. Here rather than among the editor's
// labels, which load with the editor: only a long list needs them.
// ---------------------------------------------------------------------------

import type { EditorLabels } from '../../labels';

/** The labels a list shown in pages uses, each one there. */
export type ListLabels = Required<
  Pick<EditorLabels, 'showMoreRows' | 'hiddenRowsWithProblems' | 'showRow' | 'rowsShown'>
>;

const formatCount = (count: number): string => count.toLocaleString('en-US');

const ENGLISH: ListLabels = {
  showMoreRows: (count, hidden, list) =>
    `Show ${formatCount(count)} more ${list.toLowerCase()} (${formatCount(hidden)} hidden)`,
  hiddenRowsWithProblems: (count) =>
    count === 1 ? '1 hidden row has a problem.' : `${formatCount(count)} hidden rows have problems.`,
  showRow: (row) => `Show row ${formatCount(row)}`,
  rowsShown: (shown, total, list) => `${formatCount(shown)} of ${formatCount(total)} ${list.toLowerCase()} shown`,
};

/** The host's list labels, English for those it does not give. */
export function listLabels(labels: EditorLabels): ListLabels {
  return {
    showMoreRows: labels.showMoreRows ?? ENGLISH.showMoreRows,
    hiddenRowsWithProblems: labels.hiddenRowsWithProblems ?? ENGLISH.hiddenRowsWithProblems,
    showRow: labels.showRow ?? ENGLISH.showRow,
    rowsShown: labels.rowsShown ?? ENGLISH.rowsShown,
  };
}
