// The words of "Compare with published": the toolbar toggle and summary, the badges on
// cards, the list of changes and the panel's field-level differences. Part of the
// editor's labels (EditorLabels extends CompareLabels), so a host relabels them there.

import type { StepChangeKind } from '../../definition';

/** Labels of the comparison with the published version. */
export interface CompareLabels {
  /** The toolbar toggle (aria-pressed) that shows or hides the comparison. */
  compareWithPublished: string;
  /** What the toggle shows in a narrow editor (its name stays {@link compareWithPublished}). */
  compareShort: string;
  /** The summary button that opens the list of changes, e.g. "3 changes". */
  changesCount: (count: number) => string;
  /** Accessible name of the list of changes. */
  changesList: string;
  /** Shown in the list when the draft is the published version. */
  noChanges: string;
  /** The badge on a card, and what its accessible description says. */
  changeBadge: (kind: StepChangeKind) => string;
  /** One entry of the list: "Added: Notify CRM". */
  changeEntry: (kind: StepChangeKind, stepName: string) => string;
  /** The list's entry for changes of the trigger. */
  triggerChanged: string;
  /** The list's entry for changes of the workflow's name or description. */
  workflowChanged: string;
  /** Heading of the panel's section of changed fields. */
  changedFields: string;
  /** Before → after of one field, in words: "URL: https://a → https://b". */
  fieldDifference: (field: string, before: string, after: string) => string;
  /** What a field not set in one version shows. */
  notSet: string;
  /** The button that puts one field back to its published value (one undo step). */
  restorePublishedValue: string;
  /** Its accessible name, naming the field. */
  restorePublishedValueOf: (field: string) => string;
  /** Why a change has no restore button (the branches of a Conditional step were added, removed or reordered). */
  restoreByHand: string;
  /** Names of fields every step has. */
  fieldName: string;
  fieldBranches: string;
  fieldEvent: string;
  fieldPayloadSchema: string;
  fieldDescription: string;
  /** A branch's field: "Branch “High risk”: condition". */
  branchField: (branchName: string, field: 'name' | 'condition') => string;
  /** Said on a removed step's ghost card: it is shown where it was and cannot be edited. */
  removedStepNote: string;
}

const KIND_WORDS: Record<StepChangeKind, string> = {
  added: 'Added',
  removed: 'Removed',
  moved: 'Moved',
  changed: 'Changed',
};

/** The default (English) compare labels. */
export const defaultCompareLabels: CompareLabels = {
  compareWithPublished: 'Compare with published',
  compareShort: 'Compare',
  changesCount: (count) => (count === 1 ? '1 change' : `${count} changes`),
  changesList: 'Changes since published',
  noChanges: 'No changes since the published version.',
  changeBadge: (kind) => KIND_WORDS[kind],
  changeEntry: (kind, stepName) => `${KIND_WORDS[kind]}: ${stepName}`,
  triggerChanged: 'Changed: Trigger',
  workflowChanged: 'Changed: Workflow name or description',
  changedFields: 'Changes since published',
  fieldDifference: (field, before, after) => `${field}: ${before} → ${after}`,
  notSet: '(not set)',
  restorePublishedValue: 'Restore published value',
  restorePublishedValueOf: (field) => `Restore published value of ${field}`,
  restoreByHand: 'Branches were added, removed or reordered: change them back in the list of branches.',
  fieldName: 'Step name',
  fieldBranches: 'Branches',
  fieldEvent: 'Event',
  fieldPayloadSchema: 'Payload Schema',
  fieldDescription: 'Description',
  branchField: (branchName, field) => `Branch “${branchName}”: ${field === 'name' ? 'name' : 'condition'}`,
  removedStepNote: 'Removed since published; shown where it was, not editable.',
};
