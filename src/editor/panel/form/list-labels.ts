// ---------------------------------------------------------------------------
// The words of lists: those shown in pages (a config's long lists in the form, a test's
// headers) and a generated form's list buttons; the host's labels where it gives them,
// else English. Here rather than among the editor's labels, which load with the editor:
// only a form or a long list needs them.
// ---------------------------------------------------------------------------

import type { EditorLabels } from '../../labels';

/** The labels a list shown in pages uses, each one there. */
export type ListLabels = Required<
  Pick<
    EditorLabels,
    | 'showMoreRows'
    | 'hiddenRowsWithProblems'
    | 'showRow'
    | 'rowsShown'
    | 'addListEntry'
    | 'removeListEntry'
    | 'listEntry'
  >
>;

const formatCount = (count: number): string => count.toLocaleString('en-US');

const ENGLISH: ListLabels = {
  showMoreRows: (count, hidden, list) =>
    `Show ${formatCount(count)} more ${list.toLowerCase()} (${formatCount(hidden)} hidden)`,
  hiddenRowsWithProblems: (count) =>
    count === 1 ? '1 hidden row has a problem.' : `${formatCount(count)} hidden rows have problems.`,
  showRow: (row) => `Show row ${formatCount(row)}`,
  rowsShown: (shown, total, list) => `${formatCount(shown)} of ${formatCount(total)} ${list.toLowerCase()} shown`,
  addListEntry: (list, entry) => (entry ? `Add ${inSentence(entry)}` : `Add to ${inSentence(list)}`),
  // Without an entry title, the list's name tells one list's "Remove … 1" from another's.
  removeListEntry: (index, entry, list) =>
    entry ? `Remove ${inSentence(entry)} ${index}` : `Remove ${list ? `${inSentence(list)} ` : ''}entry ${index}`,
  listEntry: (index) => `Entry ${index}`,
};

/**
 * A title as it reads inside an English sentence: each word written with only its first
 * letter capital lower-cased ("Line Items" → "line items"), others kept ("URLs", "IP
 * addresses"). A name that must keep its capitals ("Slack channels") wants the host's
 * `addLabel` / `removeLabel`, or its own labels.
 */
function inSentence(title: string): string {
  return title.replace(/\S+/g, (word) => (/^\p{Lu}\P{Lu}*$/u.test(word) ? word.toLowerCase() : word));
}

/** The host's list labels, English for those it does not give. */
export function listLabels(labels: EditorLabels): ListLabels {
  return {
    showMoreRows: labels.showMoreRows ?? ENGLISH.showMoreRows,
    hiddenRowsWithProblems: labels.hiddenRowsWithProblems ?? ENGLISH.hiddenRowsWithProblems,
    showRow: labels.showRow ?? ENGLISH.showRow,
    rowsShown: labels.rowsShown ?? ENGLISH.rowsShown,
    addListEntry: labels.addListEntry ?? ENGLISH.addListEntry,
    removeListEntry: labels.removeListEntry ?? ENGLISH.removeListEntry,
    listEntry: labels.listEntry ?? ENGLISH.listEntry,
  };
}
