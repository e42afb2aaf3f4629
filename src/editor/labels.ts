// ---------------------------------------------------------------------------
// Every string the editor shows, in one object, so a host can translate or relabel
// all of it through the `labels` prop. The defaults are the accessible names the UI
// contract fixes; tests find controls by them too, so a rename is one edit. A component
// that needs a new visible string adds a label here.
// ---------------------------------------------------------------------------

import type { Problem } from '../definition';
import { defaultCompareLabels, type CompareLabels } from './compare/labels';
import { defaultCurlImportLabels, type CurlImportLabels } from './curl/labels';
import { defaultTestStepLabels, type TestStepLabels } from './panel/test-step/labels';
import { defaultRunLabels, type RunLabels } from './run/labels';
import type { StepIdRefusal } from './store/types';

/** Every visible string of the editor. Strings that depend on a value are functions. */
export interface EditorLabels extends TestStepLabels, CompareLabels, RunLabels, CurlImportLabels {
  // ---- Toolbar ----------------------------------------------------------------
  /** Accessible name of the toolbar. */
  toolbar: string;
  /** Accessible name of the workflow name field. */
  workflowName: string;
  /** Status of a workflow not yet published. */
  statusDraft: string;
  /** Status of a published workflow. */
  statusPublished: string;
  undo: string;
  redo: string;
  exportJson: string;
  importJson: string;
  /**
   * The toolbar's overflow menu button (and the menu's name), which holds what a narrow
   * editor has no room to show in the toolbar ("Export JSON", "Import JSON").
   */
  moreActions: string;
  save: string;
  publish: string;
  /** Shown when "Publish" found problems instead of publishing. */
  publishBlocked: (problemCount: number) => string;
  /**
   * Why "Publish" refuses a workflow without steps: a check of the toolbar (not a
   * validation problem of the definition, which allows an empty workflow as a draft),
   * listed under the toolbar when "Publish" is pressed.
   */
  publishNeedsSteps: string;

  // ---- Canvas -----------------------------------------------------------------
  /** Accessible name of the canvas region. */
  canvas: string;
  zoomIn: string;
  zoomOut: string;
  fitView: string;
  minimap: string;
  /** Heading of the trigger node. */
  trigger: string;
  /** What the trigger node shows when no event is set. */
  triggerNoEvent: string;
  /** Text of the marker below the workflow's last step. */
  end: string;

  // ---- Problems ---------------------------------------------------------------
  /** Heading / accessible name of the problems list. */
  problems: string;
  /** Shown in the problems list when there are none. */
  noProblems: string;
  /** Step badge: accessible name and text of a problem count. */
  problemsBadge: (count: number) => string;
  /**
   * A step's state in the run drawn on the canvas (the `run` prop), e.g. "Succeeded ·
   * 2 attempts · 1.2 s" or "Failed (timeout)".
   */
  runStepState: (state: {
    status: 'waiting' | 'running' | 'succeeded' | 'failed' | 'skipped';
    attempts: number;
    durationMs?: number;
    errorType?: string;
  }) => string;
  /**
   * A validation problem in the host's words, from its `code` and `params` (field label,
   * limit, step...; see docs/definition.md); `undefined` keeps the English `message`.
   * Used wherever a problem shows: the Problems list, Import and beside fields.
   */
  problemMessage: (problem: Problem) => string | undefined;

  // ---- Insertion points -------------------------------------------------------
  /** Accessible name of every "+" button. */
  addStep: string;
  /** Accessible description of a "+" after a step. */
  addStepAfter: (stepName: string) => string;
  /** Accessible description of a "+" right after the trigger. */
  addStepAfterTrigger: string;
  /** Accessible description of a "+" at the start of a branch. */
  addStepAtBranchStart: (branchName: string) => string;
  /**
   * Visible text beside the only "+" of a workflow without steps. Clicking it does what
   * the "+" does; the button keeps its name ("Add step") and its description.
   */
  addFirstStep: string;

  // ---- Action picker ----------------------------------------------------------
  /** Dialog name and search box label. */
  findAction: string;
  /** Shown when nothing matches the search. */
  noActionsFound: string;
  /** Fallback reason for an action the host marks unavailable without a reason. */
  actionUnavailable: string;

  // ---- Find step (Ctrl/Cmd+F on the canvas) -------------------------------------
  /** Dialog name and search box label. */
  findStep: string;
  /** Shown when no step's name matches the search. */
  noStepsFound: string;
  /** Below a list cut short: how many more steps match than are listed. */
  findStepMore: (count: number) => string;
  /** Beside a step found inside a branch: which branch holds it. */
  findStepInBranch: (branchName: string) => string;
  /** Accessible description of the canvas: how to find a step by name. */
  findStepHint: string;

  // ---- Step nodes -------------------------------------------------------------
  /** Accessible name of a step's menu button. */
  stepMenu: (stepName: string) => string;
  duplicate: string;
  delete: string;
  moveUp: string;
  moveDown: string;
  copy: string;
  paste: string;
  /** Shown on a step whose action is not in the catalog. */
  unknownAction: (actionId: string) => string;

  // ---- Step configuration panel ------------------------------------------------
  stepConfiguration: string;
  stepName: string;
  close: string;
  exportStepJson: string;
  url: string;
  requestType: string;
  body: string;
  /** Body text that is not valid JSON. */
  bodyJsonError: (line: number, column: number, message: string) => string;
  requestHeaders: string;
  key: string;
  value: string;
  addHeader: string;
  removeHeader: string;
  queryParameters: string;
  addQueryParameter: string;
  removeQueryParameter: string;
  responseSchema: string;
  /** Button that fills a schema from a pasted sample. */
  fromSample: string;
  /** Label of the text area holding the pasted sample. */
  sampleJson: string;
  /** Button that turns the pasted sample into a schema. */
  createSchema: string;
  /** Before the list of top-level fields a schema describes. */
  schemaFields: string;
  advancedConfiguration: string;
  signingSecret: string;
  /** The "no secret" choice of "Signing Secret". */
  noSigningSecret: string;
  /** Help under a secret choice (and in the reference picker): where secrets come from. */
  secretsFromHost: string;
  /** Help under a secret choice when the host offers no secrets at all. */
  noSecretsFromHost: string;
  signatureHeader: string;
  retryIntervals: string;
  addRetryInterval: string;
  removeRetryInterval: string;
  // A list that arrives with more than 50 rows (thousands of headers in an imported
  // workflow) shows 50 at a time; where rows are hidden, it says how many and offers more.
  // Their English defaults load with the code that draws such a list, not with the editor.
  /**
   * The button that shows `count` more of the `hidden` rows that follow; `list` is the
   * list's title ("Request Headers").
   * @default "Show 50 more request headers (9,950 hidden)"
   */
  showMoreRows?: (count: number, hidden: number, list: string) => string;
  /** How many of the rows hidden there have problems. @default "1 hidden row has a problem." */
  hiddenRowsWithProblems?: (count: number) => string;
  /** The button that shows hidden row `row` (counted from 1), which has a problem, and focuses it. @default "Show row 7,000" */
  showRow?: (row: number) => string;
  /** Said (to screen readers) when rows show or go: how many of the list's rows show. @default "100 of 10,000 request headers shown" */
  rowsShown?: (shown: number, total: number, list: string) => string;
  // A list in a generated form whose schema gives no `addLabel` / `removeLabel` names its
  // buttons after an entry. `entry` is the entries' schema title ("Line item"), or null.
  /** The add button of list `list`. @default "Add line item", or "Add to tags" without an entry title */
  addListEntry?: (list: string, entry: string | null) => string;
  /** The remove button of entry `index` (counted from 1) of list `list`. @default "Remove line item 1", or "Remove tags entry 1" */
  removeListEntry?: (index: number, entry: string | null, list: string) => string;
  /** An entry of a list of text or numbers whose schema has no title, beside its input. @default "Entry 1" */
  listEntry?: (index: number) => string;
  /** Unit after a number of seconds. */
  seconds: string;
  requestTimeout: string;
  continueOnError: string;
  insertReference: string;
  /** Shown under a name field the person emptied. */
  nameRequired: string;
  /** Shown while a JSON field holds text that does not parse (the definition keeps the last valid value). */
  unsavedJsonText: string;
  /** Words for the comparison operators of a branch condition. */
  comparisonOperator: (operator: string) => string;
  /** Shown for the default branch instead of a condition builder. */
  defaultBranchHelp: string;
  /** A condition row that is itself a group, which the builder shows but does not edit. */
  nestedCondition: string;

  // ---- Step ID (under "Step name") ----------------------------------------------
  /** Label of the step's id field. */
  stepId: string;
  /** Help under the step's id field. */
  stepIdHelp: string;
  /** Why a typed step id cannot be used, from the refusal's `code` and `params`. */
  stepIdProblem: (refusal: StepIdRefusal) => string;

  // ---- Reference picker -------------------------------------------------------
  /** Accessible name of the reference list. */
  references: string;
  /** Label of the reference picker's search box. */
  searchReferences: string;
  triggerFields: string;
  stepOutputs: string;
  secrets: string;
  /** Shown when the search matches nothing. */
  noReferences: string;
  /** Reference picker: the trigger has no payload schema, so no trigger fields are offered; and how to add one. */
  noTriggerPayloadSchema: string;
  /** Reference picker: the trigger's payload schema describes no fields; and how to add some. */
  noTriggerSchemaFields: string;
  /** Reference picker: the button that opens the trigger's settings (its panel). */
  openTriggerSettings: string;
  /** Reference picker: no earlier step has outputs to offer here. */
  noEarlierSteps: string;

  // ---- Reference chips (template inputs) ---------------------------------------
  /** Where a chip names the trigger: "Trigger › inquiryId". */
  referenceTrigger: string;
  /** Where a chip names a host secret: "Secret › api_key". */
  referenceSecret: string;
  referenceWorkflowId: string;
  referenceRunId: string;
  /** A chip's accessible name: "Reference: Score risk › body › score". */
  referenceChip: (label: string) => string;
  /** A broken chip's accessible name, with the reason in words. */
  brokenReferenceChip: (label: string, reason: string) => string;
  /** Broken reference: the step it names no longer exists. */
  referenceStepMissing: (stepId: string) => string;
  /** Broken reference: the step runs later than the field's step. */
  referenceStepLater: (stepName: string) => string;
  /** Broken reference: the step is on a sibling branch. */
  referenceStepOtherBranch: (stepName: string) => string;
  /** Broken reference: the step is inside an earlier branch, which may not have been taken. */
  referenceStepInEarlierBranch: (stepName: string) => string;
  /** Broken reference: a step naming its own output. */
  referenceStepSelf: string;
  /** Broken reference: a condition step, which has no output. */
  referenceStepNoOutput: (stepName: string) => string;
  /** Broken reference: the host offers no secret by that name. */
  referenceSecretMissing: (name: string) => string;
  /** Broken reference: the trigger's payload schema describes no such field. */
  referenceTriggerFieldUnknown: (field: string) => string;
  /** A chip's preview from sample data or a test result. */
  referenceValue: (value: string) => string;
  /** A chip's preview from a schema example (no sample data yet). */
  referenceExample: (value: string) => string;
  /** Accessible name of the suggestions that typing "{{" opens. */
  referenceSuggestions: string;

  // ---- Trigger and branch panels ----------------------------------------------
  event: string;
  /** Help under the trigger's "Event". */
  eventHelp: string;
  payloadSchema: string;
  /** Help under the payload schema's JSON Schema text. */
  payloadSchemaHelp: string;
  /** Help under the payload schema's field list. */
  payloadFieldsHelp: string;
  /** Accessible name of one row of the payload field list ("Field 1"). */
  payloadField: (position: number) => string;
  payloadFieldName: string;
  payloadFieldType: string;
  /** Words for a payload field type: `string`, `number`, `integer`, `boolean`, `object`, `array`. */
  payloadFieldTypeName: (type: string) => string;
  payloadFieldRequired: string;
  addPayloadField: string;
  removePayloadField: string;
  /** A payload field row whose name is empty (the row is not in the schema until named). */
  payloadFieldNameMissing: string;
  /** A payload field row whose name an earlier row already has. */
  payloadFieldNameTaken: string;
  /** Switches the payload schema to its JSON Schema text. */
  editAsJsonSchema: string;
  /** Switches the payload schema back to the field list. */
  editAsFieldList: string;
  /** Why the payload schema shows as JSON Schema: the field list cannot say all it says. */
  payloadSchemaBeyondFieldList: string;
  branches: string;
  addBranch: string;
  branchName: string;
  removeBranch: string;
  moveBranchUp: string;
  moveBranchDown: string;
  /** Name shown for the default (condition-less) branch. */
  defaultBranch: string;
  allOf: string;
  anyOf: string;
  addCondition: string;
  removeCondition: string;
  leftValue: string;
  operator: string;
  rightValue: string;

  // ---- Export and import ------------------------------------------------------
  workflowJson: string;
  stepJson: string;
  download: string;
  import: string;
  cancel: string;
  /** Shown after "Copy" put the text on the clipboard. */
  copied: string;

  // ---- Toolbar, problems list, import ----------------------------------------
  /** Shown while `onSave` is pending. */
  saving: string;
  /** Shown while `onPublish` is pending. */
  publishing: string;
  /** Shown after a successful save. */
  saved: string;
  /** Shown after a successful publish. */
  publishedNow: string;
  /** `onSave` rejected; the changes stay unsaved. */
  saveFailed: (reason: string) => string;
  /** `onPublish` rejected. */
  publishFailed: (reason: string) => string;
  /** Accessible name of the save/publish status. */
  unsavedChanges: string;
  /** Browser prompt text when leaving with unsaved changes (most browsers show their own). */
  leaveWithUnsavedChanges: string;
  /** Problems list group of workflow-level problems. */
  workflowProblems: string;
  /** Where a problem is in the imported text. */
  problemPosition: (line: number, column: number) => string;
  /** The step an imported problem belongs to, by its id (the text's steps have no names yet). */
  problemInStep: (stepId: string) => string;
  /** Label of the import dialog's file input. */
  importFile: string;
  /** Heading of the problems an import found. */
  importProblems: (count: number) => string;
  /** Shown after importing an older document that was migrated. */
  importMigrated: (fromVersion: number) => string;

  // ---- When a part of the editor fails ----------------------------------------
  /** A step's configuration panel failed to render (a broken host schema or widget). */
  panelFailed: string;
  /** The trigger's panel failed to render. */
  triggerPanelFailed: string;
  /** The canvas failed to render. */
  canvasFailed: string;
  /** A dialog (export, import) failed to render. */
  dialogFailed: string;
  /** The action picker failed to render. */
  pickerFailed: string;
  /** Under every failure message: what still works. */
  failureKeepsWork: string;
  /** Button that renders the failed part again. */
  tryAgain: string;
  /** Disclosure holding the error's own message. */
  errorDetails: string;

  // ---- Announcements (the editor's polite live region) -------------------------
  /**
   * Accessible name of the visually hidden live region that says what an insert, delete,
   * move, duplicate, paste, import, undo or redo did (it tells it apart from other statuses).
   */
  announcements: string;
  /** A step was added; `place` is one of the `announcePlace*` phrases. */
  announceAdded: (stepName: string, place: string) => string;
  /** A step (with all its branches' steps) was deleted. */
  announceDeleted: (stepName: string) => string;
  /** A step moved one place up in its list ("Move up", Alt+ArrowUp). */
  announceMovedUp: (stepName: string) => string;
  /** A step moved one place down in its list ("Move down", Alt+ArrowDown). */
  announceMovedDown: (stepName: string) => string;
  /** A step was dragged to another place; `place` is one of the `announcePlace*` phrases. */
  announceMovedTo: (stepName: string, place: string) => string;
  /** A copy of the step was put right after it. */
  announceDuplicated: (stepName: string) => string;
  /** The copied step was pasted; `place` is one of the `announcePlace*` phrases. */
  announcePasted: (stepName: string, place: string) => string;
  /** A step's ID was changed (the Step ID field); references to it now use `stepId`. */
  announceStepIdChanged: (stepName: string, stepId: string) => string;
  /** A workflow was imported ("Import JSON"), replacing what the editor held (one undo brings it back). */
  announceImported: (workflowName: string) => string;
  /** Where a step now is: right after the step named `stepName`. */
  announcePlaceAfterStep: (stepName: string) => string;
  /** Where a step now is: first in the workflow, right after the trigger. */
  announcePlaceAfterTrigger: string;
  /** Where a step now is: first in the branch named `branchName`. */
  announcePlaceAtBranchStart: (branchName: string) => string;
  /**
   * Undo happened; `what` is the undone edit's announcement (e.g. "Deleted “Notify
   * CRM”"), or null when the history cannot say (typing, branch or trigger changes).
   */
  announceUndone: (what: string | null) => string;
  /** Redo happened; `what` as in {@link EditorLabels.announceUndone}. */
  announceRedone: (what: string | null) => string;
}

/** The default (English) labels: the accessible names the UI contract fixes. */
export const defaultLabels: EditorLabels = {
  ...defaultTestStepLabels,
  ...defaultRunLabels,
  ...defaultCompareLabels,
  ...defaultCurlImportLabels,
  toolbar: 'Workflow toolbar',
  workflowName: 'Workflow name',
  statusDraft: 'Draft',
  statusPublished: 'Published',
  undo: 'Undo',
  redo: 'Redo',
  exportJson: 'Export JSON',
  importJson: 'Import JSON',
  moreActions: 'More actions',
  save: 'Save',
  publish: 'Publish',
  publishBlocked: (count) =>
    count === 1 ? 'Fix 1 problem before publishing.' : `Fix ${count} problems before publishing.`,
  publishNeedsSteps: 'Add at least one step',

  canvas: 'Workflow canvas',
  zoomIn: 'Zoom in',
  zoomOut: 'Zoom out',
  fitView: 'Fit view',
  minimap: 'Minimap',
  trigger: 'Trigger',
  triggerNoEvent: 'Choose an event',
  end: 'End',

  problems: 'Problems',
  noProblems: 'No problems',
  problemsBadge: (count) => (count === 1 ? '1 problem' : `${count} problems`),
  runStepState: ({ status, attempts, durationMs, errorType }) => {
    const words = {
      waiting: 'Waiting',
      running: 'Running',
      succeeded: 'Succeeded',
      failed: 'Failed',
      skipped: 'Skipped',
    }[status];
    const parts = [status === 'failed' && errorType ? `${words} (${errorType.replace(/_/g, ' ')})` : words];
    if (attempts > 1) parts.push(`${attempts} attempts`);
    if (durationMs !== undefined && status !== 'skipped')
      parts.push(durationMs < 1000 ? `${Math.round(durationMs)} ms` : `${(durationMs / 1000).toFixed(1)} s`);
    return parts.join(' · ');
  },
  problemMessage: () => undefined,

  addStep: 'Add step',
  addStepAfter: (stepName) => `after ${stepName}`,
  addStepAfterTrigger: 'after the trigger',
  addStepAtBranchStart: (branchName) => `at the start of ${branchName}`,
  addFirstStep: 'Add the first step',

  findAction: 'Find action',
  noActionsFound: 'No actions found',
  actionUnavailable: 'Not available on your plan',

  findStep: 'Find step',
  noStepsFound: 'No steps found',
  findStepMore: (count) => `${count} more — keep typing`,
  findStepInBranch: (branchName) => `in ${branchName}`,
  findStepHint: 'Press Control+F (Command+F on a Mac) to find a step by name.',

  stepMenu: (stepName) => `Actions for ${stepName}`,
  duplicate: 'Duplicate',
  delete: 'Delete',
  moveUp: 'Move up',
  moveDown: 'Move down',
  copy: 'Copy',
  paste: 'Paste',
  unknownAction: (actionId) => `Unknown action "${actionId}"`,

  stepConfiguration: 'Step configuration',
  stepName: 'Step name',
  close: 'Close',
  exportStepJson: 'Export step JSON',
  url: 'URL',
  requestType: 'Request Type',
  body: 'Body',
  bodyJsonError: (line, column, message) => `Line ${line}, column ${column}: ${message}`,
  requestHeaders: 'Request Headers',
  key: 'Key',
  value: 'Value',
  addHeader: 'Add header',
  removeHeader: 'Remove header',
  queryParameters: 'Query Parameters',
  addQueryParameter: 'Add query parameter',
  removeQueryParameter: 'Remove query parameter',
  responseSchema: 'Response Schema',
  fromSample: 'from sample',
  sampleJson: 'Sample JSON',
  createSchema: 'Create schema',
  schemaFields: 'Fields:',
  advancedConfiguration: 'Advanced Configuration',
  signingSecret: 'Signing Secret',
  noSigningSecret: 'None',
  secretsFromHost: 'Secrets are provided by the app you are using.',
  noSecretsFromHost: 'Secrets are provided by the app you are using; none are available here.',
  signatureHeader: 'Signature Header',
  retryIntervals: 'Retry Intervals',
  addRetryInterval: 'Add retry interval',
  removeRetryInterval: 'Remove retry interval',
  seconds: 'seconds',
  requestTimeout: 'Request Timeout',
  continueOnError: 'Continue on error',
  insertReference: 'Insert reference',
  nameRequired: 'Enter a name.',
  unsavedJsonText: 'Some JSON text is not valid yet: the step keeps its last valid value until you fix it.',
  comparisonOperator: (operator) =>
    ({
      eq: 'equals',
      neq: 'does not equal',
      gt: 'is greater than',
      gte: 'is at least',
      lt: 'is less than',
      lte: 'is at most',
      contains: 'contains',
      exists: 'exists',
      not_exists: 'does not exist',
    })[operator] ?? operator,
  defaultBranchHelp: 'Runs when no branch above matches.',
  nestedCondition: 'A nested group of conditions (edit it in the JSON).',

  stepId: 'Step ID',
  stepIdHelp: 'Used in references like {{ steps.<id>.output }}. Changing it updates every reference.',
  stepIdProblem: (refusal) => {
    switch (refusal.code) {
      case 'step_id_empty':
        return 'Enter a step ID.';
      case 'step_id_too_long':
        return `Step ID can be at most ${refusal.params.limit ?? 63} characters.`;
      case 'step_id_invalid':
        return 'Step ID must start with a letter and use only lowercase letters, digits and _.';
      case 'step_id_taken':
        return refusal.params.usedBy === 'branch'
          ? `A branch already uses the ID "${refusal.params.id}".`
          : `Another step already uses the ID "${refusal.params.id}".`;
      default:
        return refusal.message;
    }
  },

  references: 'References',
  searchReferences: 'Search references',
  triggerFields: 'Trigger',
  stepOutputs: 'Steps',
  secrets: 'Secrets',
  noReferences: 'Nothing to reference here',
  noTriggerPayloadSchema:
    "The trigger has no payload schema yet, so there are no trigger fields to insert. Add one in the trigger's settings.",
  noTriggerSchemaFields:
    "The trigger's payload schema describes no fields yet, so there are no trigger fields to insert. Add some in the trigger's settings.",
  openTriggerSettings: 'Open trigger settings',
  noEarlierSteps:
    'No step before this one has outputs yet, so there are no step outputs to insert. Steps added above this one will show here.',
  referenceTrigger: 'Trigger',
  referenceSecret: 'Secret',
  referenceWorkflowId: 'Workflow ID',
  referenceRunId: 'Run ID',
  referenceChip: (label) => `Reference: ${label}`,
  brokenReferenceChip: (label, reason) => `Reference: ${label}, broken: ${reason}`,
  referenceStepMissing: (stepId) => `there is no step "${stepId}" any more`,
  referenceStepLater: (stepName) => `"${stepName}" runs after this step`,
  referenceStepOtherBranch: (stepName) => `"${stepName}" is on another branch`,
  referenceStepInEarlierBranch: (stepName) => `"${stepName}" is inside a branch that may not have run`,
  referenceStepSelf: 'a step cannot use its own output',
  referenceStepNoOutput: (stepName) => `"${stepName}" is a condition and has no output`,
  referenceSecretMissing: (name) => `the host offers no secret "${name}"`,
  referenceTriggerFieldUnknown: (field) => `the trigger's payload schema has no field "${field}" there`,
  referenceValue: (value) => `Value: ${value}`,
  referenceExample: (value) => `Example: ${value}`,
  referenceSuggestions: 'Reference suggestions',

  event: 'Event',
  eventHelp: 'The event that starts this workflow, for example inquiry.approved.',
  payloadSchema: 'Payload Schema',
  payloadSchemaHelp:
    'The shape of the data the event carries. Its fields are offered as references in every step. Paste an example with "from sample".',
  payloadFieldsHelp: 'The fields the event carries. Each one is offered as a reference in every step.',
  payloadField: (position) => `Field ${position}`,
  payloadFieldName: 'Field name',
  payloadFieldType: 'Type',
  payloadFieldTypeName: (type) =>
    ({
      string: 'text',
      number: 'number',
      integer: 'whole number',
      boolean: 'true/false',
      object: 'object',
      array: 'list',
    })[type] ?? type,
  payloadFieldRequired: 'Required',
  addPayloadField: 'Add field',
  removePayloadField: 'Remove field',
  payloadFieldNameMissing: 'Enter a field name.',
  payloadFieldNameTaken: 'Another field already has this name.',
  editAsJsonSchema: 'Edit as JSON Schema',
  editAsFieldList: 'Edit as field list',
  payloadSchemaBeyondFieldList:
    'This schema says more than a field list can (nested fields, descriptions or other rules), so it is shown as JSON Schema.',
  branches: 'Branches',
  addBranch: 'Add branch',
  branchName: 'Branch name',
  removeBranch: 'Remove branch',
  moveBranchUp: 'Move branch up',
  moveBranchDown: 'Move branch down',
  defaultBranch: 'Otherwise',
  allOf: 'All of',
  anyOf: 'Any of',
  addCondition: 'Add condition',
  removeCondition: 'Remove condition',
  leftValue: 'Left value',
  operator: 'Operator',
  rightValue: 'Right value',

  workflowJson: 'Workflow JSON',
  stepJson: 'Step JSON',
  download: 'Download',
  import: 'Import',
  cancel: 'Cancel',
  copied: 'Copied',

  saving: 'Saving…',
  publishing: 'Publishing…',
  saved: 'Saved',
  publishedNow: 'Published',
  saveFailed: (reason) => `Could not save: ${reason}`,
  publishFailed: (reason) => `Could not publish: ${reason}`,
  unsavedChanges: 'Unsaved changes',
  leaveWithUnsavedChanges: 'You have unsaved changes. Leave anyway?',
  workflowProblems: 'Workflow',
  problemPosition: (line, column) => `line ${line}, column ${column}`,
  problemInStep: (stepId) => `step "${stepId}"`,
  importFile: 'Open file',
  importProblems: (count) => (count === 1 ? 'The JSON has 1 problem' : `The JSON has ${count} problems`),
  importMigrated: (fromVersion) => `Imported and updated from schemaVersion ${fromVersion}`,

  panelFailed: "This step's settings could not be shown.",
  triggerPanelFailed: "The trigger's settings could not be shown.",
  canvasFailed: 'The workflow diagram could not be shown.',
  dialogFailed: 'This dialog could not be shown.',
  pickerFailed: 'The list of actions could not be shown.',
  failureKeepsWork: 'Your changes are kept, and the rest of the editor still works.',
  tryAgain: 'Try again',
  errorDetails: 'Details',

  announcements: 'Workflow changes',
  announceAdded: (stepName, place) => `Added “${stepName}” ${place}`,
  announceDeleted: (stepName) => `Deleted “${stepName}”`,
  announceMovedUp: (stepName) => `Moved “${stepName}” up`,
  announceMovedDown: (stepName) => `Moved “${stepName}” down`,
  announceMovedTo: (stepName, place) => `Moved “${stepName}” ${place}`,
  announceDuplicated: (stepName) => `Duplicated “${stepName}”`,
  announcePasted: (stepName, place) => `Pasted “${stepName}” ${place}`,
  announceStepIdChanged: (stepName, stepId) => `Step ID of “${stepName}” changed to “${stepId}”`,
  announceImported: (workflowName) => `Imported “${workflowName}”`,
  announcePlaceAfterStep: (stepName) => `after “${stepName}”`,
  announcePlaceAfterTrigger: 'after the trigger',
  announcePlaceAtBranchStart: (branchName) => `at the start of “${branchName}”`,
  announceUndone: (what) => (what === null ? 'Undone' : `Undone: ${what}`),
  announceRedone: (what) => (what === null ? 'Redone' : `Redone: ${what}`),
};

/** What a person reads for `problem`: the host's words when `labels.problemMessage` has them. */
export function problemText(labels: EditorLabels, problem: Problem): string {
  return labels.problemMessage(problem) ?? problem.message;
}

/**
 * The defaults with a host's overrides on top. A key the host sets to `undefined`
 * keeps its default, so `{ ...props }` spreading never blanks a label.
 */
export function mergeLabels(overrides: Partial<EditorLabels> | undefined): EditorLabels {
  if (!overrides) return defaultLabels;
  const merged: Record<string, unknown> = { ...defaultLabels };
  for (const [key, value] of Object.entries(overrides)) {
    // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition -- hosts' spreads and plain JavaScript pass undefined
    if (value !== undefined) merged[key] = value;
  }
  return merged as unknown as EditorLabels;
}
