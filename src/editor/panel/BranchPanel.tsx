// ---------------------------------------------------------------------------
// The Conditional (branch) step's panel: branches in order, each with a name and a
// condition builder ("All of" / "Any of" rows of left value, operator, right value);
// add, rename, reorder, remove. The default branch has no condition and stays last.
// Every edit is one store action (`updateBranch`, `moveBranch`, ...).
// ---------------------------------------------------------------------------

import { useCallback, useId, useMemo, type ReactElement } from 'react';
import {
  COMPARISON_OPERATORS,
  UNARY_OPERATORS,
  availableReferences,
  findStep,
  type Branch,
  type ComparisonOperator,
  type Condition,
  type Problem,
  type ReferenceGroup,
} from '../../definition';
import { catalogActionOf, isBranchStep } from '../../definition/step-kinds';
import { IconButton } from '../IconButton';
import { problemText, type EditorLabels } from '../labels';
import { selectStepProblems } from '../store';
import { useLabels, useWorkflowEditor, useWorkflowEditorStore } from '../WorkflowEditorProvider';
import {
  conditionRows,
  isComparison,
  parseValueText,
  rowsCondition,
  valueText,
  type ConditionRows,
} from './condition-rows';
import { ReferenceInput } from './form/ReferenceInput';
import { FieldErrors, NameInput, idPrefixFrom } from './PanelFrame';
import { StepPanelFrame } from './StepPanelFrame';

/** Props of {@link BranchPanel}. */
export interface BranchPanelProps {
  /** The branch step to configure. */
  stepId: string;
  /** "Close". @default the store's `closePanel` */
  onClose?: () => void;
}

/** The Conditional step's panel. Needs `<WorkflowEditorProvider>`. */
export function BranchPanel(props: BranchPanelProps): ReactElement | null {
  const { stepId } = props;
  const store = useWorkflowEditorStore();
  const labels = useLabels();
  const definition = useWorkflowEditor((state) => state.definition);
  const catalog = useWorkflowEditor((state) => state.catalog);
  const readOnly = useWorkflowEditor((state) => state.readOnly);
  const problems = useWorkflowEditor(useMemo(() => selectStepProblems(stepId), [stepId]));
  const idPrefix = idPrefixFrom(useId(), 'br');
  const references = useCallback(
    () =>
      availableReferences(store.getState().definition, stepId, {
        secrets: store.getState().secrets,
        catalog: store.getState().catalog,
      }),
    [store, stepId],
  );
  const onEndBurst = useCallback(() => store.getState().endBurst(), [store]);

  const location = findStep(definition, stepId);
  const step = location?.step;
  if (!location || !isBranchStep(step)) return null;
  const branchAction = catalogActionOf(step, catalog);
  const pointer = location.pointer;
  const lastIndex = step.branches.length - 1;
  const hasDefault = lastIndex >= 0 && step.branches[lastIndex]!.when === undefined;

  return (
    <StepPanelFrame
      step={step}
      pointer={pointer}
      problems={problems}
      idPrefix={idPrefix}
      heading={branchAction?.label ?? 'Conditional'}
      icon={branchAction?.icon ?? 'split'}
      onClose={props.onClose}
    >
      <h3 className="wfe-section-title" id={`${idPrefix}-branches`}>
        {labels.branches}
      </h3>
      <ol className="wfe-branch-list" aria-labelledby={`${idPrefix}-branches`}>
        {step.branches.map((branch, index) => {
          const isDefault = branch.when === undefined && index === lastIndex;
          const branchPointer = `${pointer}/branches/${index}`;
          return (
            <BranchCard
              key={branch.id}
              branch={branch}
              index={index}
              isDefault={isDefault}
              canMoveUp={!isDefault && index > 0}
              canMoveDown={!isDefault && index < (hasDefault ? lastIndex - 1 : lastIndex)}
              canRemove={step.branches.length > 1}
              problems={problems.filter(
                (problem) => problem.path === branchPointer || problem.path.startsWith(`${branchPointer}/`),
              )}
              branchPointer={branchPointer}
              idPrefix={`${idPrefix}-${branch.id}`}
              labels={labels}
              readOnly={readOnly}
              references={references}
              onEndBurst={onEndBurst}
            />
          );
        })}
      </ol>
      {!readOnly && (
        <button
          type="button"
          className="wfe-button wfe-button--ghost wfe-array-add"
          onClick={() => store.getState().addBranch(stepId)}
        >
          <span aria-hidden="true">+ </span>
          {labels.addBranch}
        </button>
      )}
    </StepPanelFrame>
  );
}

function BranchCard(props: {
  branch: Branch;
  index: number;
  isDefault: boolean;
  canMoveUp: boolean;
  canMoveDown: boolean;
  canRemove: boolean;
  problems: readonly Problem[];
  branchPointer: string;
  idPrefix: string;
  labels: EditorLabels;
  readOnly: boolean;
  references: () => readonly ReferenceGroup[];
  onEndBurst: () => void;
}): ReactElement {
  const { branch, index, isDefault, labels, readOnly, idPrefix, branchPointer, problems } = props;
  const store = useWorkflowEditorStore();
  const rows = conditionRows(branch.when);
  const whenPointer = `${branchPointer}/when`;
  const nameMessages = problems
    .filter((problem) => problem.path === `${branchPointer}/name`)
    .map((problem) => problemText(labels, problem));
  const rowPointer = (rowIndex: number): string =>
    branch.when && !('all' in branch.when) && !('any' in branch.when)
      ? whenPointer
      : `${whenPointer}/${rows.mode}/${rowIndex}`;
  const otherMessages = problems
    .filter(
      (problem) =>
        problem.path !== `${branchPointer}/name` &&
        !rows.rows.some((_, rowIndex) => problem.path.startsWith(rowPointer(rowIndex))),
    )
    .map((problem) => problemText(labels, problem));

  const update = (next: ConditionRows, field: string): void => {
    store.getState().updateBranch(branch.id, { when: rowsCondition(next) }, field);
  };
  const updateRow = (rowIndex: number, row: Condition, field: string): void => {
    const nextRows = rows.rows.slice();
    nextRows[rowIndex] = row;
    update({ ...rows, rows: nextRows }, `when.${rowIndex}.${field}`);
  };

  return (
    // The list item holds a group named by the branch: a list may hold only list items.
    <li>
      <div className="wfe-branch-card" role="group" aria-label={branch.name}>
        <div className="wfe-branch-card-header">
          <span className="wfe-branch-card-index" aria-hidden="true">
            {index + 1}
          </span>
          <NameInput
            id={`${idPrefix}-name`}
            label={labels.branchName}
            showLabel={false}
            className="wfe-branch-card-name"
            value={branch.name}
            readOnly={readOnly}
            emptyMessage={labels.nameRequired}
            messages={nameMessages}
            onChange={(name) => store.getState().updateBranch(branch.id, { name }, 'name')}
            onBlur={props.onEndBurst}
          />
          {!readOnly && (
            <div className="wfe-branch-card-tools">
              <IconButton
                glyph="up"
                label={labels.moveBranchUp}
                title={labels.moveBranchUp}
                disabled={!props.canMoveUp}
                onClick={() => store.getState().moveBranch(branch.id, index - 1)}
              />
              <IconButton
                glyph="down"
                label={labels.moveBranchDown}
                title={labels.moveBranchDown}
                disabled={!props.canMoveDown}
                onClick={() => store.getState().moveBranch(branch.id, index + 1)}
              />
              <IconButton
                glyph="close"
                className="wfe-icon-button--danger"
                label={labels.removeBranch}
                title={labels.removeBranch}
                disabled={!props.canRemove}
                onClick={() => store.getState().removeBranch(branch.id)}
              />
            </div>
          )}
        </div>
        {isDefault ? (
          <p className="wfe-field-help">{labels.defaultBranchHelp}</p>
        ) : (
          <div className="wfe-conditions">
            <div
              className="wfe-segmented"
              role="radiogroup"
              aria-label={`${branch.name}: ${labels.allOf} / ${labels.anyOf}`}
            >
              {(['all', 'any'] as const).map((mode) => (
                <label key={mode} className="wfe-segmented-option" data-checked={rows.mode === mode}>
                  <input
                    type="radio"
                    name={`${idPrefix}-mode`}
                    checked={rows.mode === mode}
                    disabled={readOnly}
                    onChange={() => update({ ...rows, mode }, 'when.mode')}
                  />
                  <span>{mode === 'all' ? labels.allOf : labels.anyOf}</span>
                </label>
              ))}
            </div>
            <ul className="wfe-condition-rows">
              {rows.rows.map((row, rowIndex) => (
                <ConditionRow
                  key={rowIndex}
                  row={row}
                  rowIndex={rowIndex}
                  idPrefix={`${idPrefix}-c${rowIndex}`}
                  labels={labels}
                  readOnly={readOnly}
                  references={props.references}
                  messages={problems
                    .filter((problem) => problem.path.startsWith(rowPointer(rowIndex)))
                    .map((problem) => problemText(labels, problem))}
                  onChange={(next, field) => updateRow(rowIndex, next, field)}
                  onRemove={() =>
                    update({ ...rows, rows: rows.rows.filter((_, other) => other !== rowIndex) }, `when.remove`)
                  }
                  onEndBurst={props.onEndBurst}
                />
              ))}
            </ul>
            {!readOnly && (
              <button
                type="button"
                className="wfe-button wfe-button--ghost wfe-array-add"
                onClick={() => update({ ...rows, rows: [...rows.rows, { left: '', op: 'eq', right: '' }] }, 'when.add')}
              >
                <span aria-hidden="true">+ </span>
                {labels.addCondition}
              </button>
            )}
          </div>
        )}
        {otherMessages.length > 0 && (
          <div className="wfe-field-errors">
            {otherMessages.map((message) => (
              <p key={message} className="wfe-field-error">
                {message}
              </p>
            ))}
          </div>
        )}
      </div>
    </li>
  );
}

function ConditionRow(props: {
  row: Condition;
  rowIndex: number;
  idPrefix: string;
  labels: EditorLabels;
  readOnly: boolean;
  references: () => readonly ReferenceGroup[];
  messages: readonly string[];
  onChange: (row: Condition, field: string) => void;
  onRemove: () => void;
  onEndBurst: () => void;
}): ReactElement {
  const { row, labels, readOnly, idPrefix, messages, onChange } = props;
  const removeButton = !readOnly && (
    <IconButton
      glyph="close"
      className="wfe-array-remove"
      label={`${labels.removeCondition} ${props.rowIndex + 1}`}
      title={labels.removeCondition}
      onClick={props.onRemove}
    />
  );
  if (!isComparison(row)) {
    return (
      <li className="wfe-condition-row wfe-condition-row--nested">
        <span className="wfe-field-help">{labels.nestedCondition}</span>
        {removeButton}
      </li>
    );
  }
  const unary = UNARY_OPERATORS.includes(row.op);
  const errorId = `${idPrefix}__error`;
  return (
    <li className={`wfe-condition-row ${messages.length > 0 ? 'wfe-field--invalid' : ''}`}>
      <div className="wfe-condition-inputs">
        <div className="wfe-condition-left">
          <ReferenceInput
            id={`${idPrefix}-left`}
            ariaLabel={labels.leftValue}
            value={valueText(row.left)}
            placeholder="{{ trigger.field }}"
            readOnly={readOnly}
            invalid={messages.length > 0 || undefined}
            describedBy={messages.length > 0 ? errorId : undefined}
            onChange={(text) => onChange({ ...row, left: text }, 'left')}
            onBlur={props.onEndBurst}
            references={props.references}
            insertReferenceLabel={labels.insertReference}
          />
        </div>
        <select
          className="wfe-select wfe-condition-op"
          aria-label={labels.operator}
          value={row.op}
          disabled={readOnly}
          onChange={(event) => {
            const op = event.target.value as ComparisonOperator;
            if (UNARY_OPERATORS.includes(op)) {
              const { right: _right, ...rest } = row;
              onChange({ ...rest, op }, 'op');
            } else {
              onChange({ ...row, op, right: row.right ?? '' }, 'op');
            }
          }}
        >
          {COMPARISON_OPERATORS.map((op) => (
            <option key={op} value={op}>
              {labels.comparisonOperator(op)}
            </option>
          ))}
        </select>
        {!unary && (
          <div className="wfe-condition-right">
            <ReferenceInput
              id={`${idPrefix}-right`}
              ariaLabel={labels.rightValue}
              value={valueText(row.right)}
              readOnly={readOnly}
              onChange={(text) => onChange({ ...row, right: parseValueText(text) }, 'right')}
              onBlur={props.onEndBurst}
              references={props.references}
              insertReferenceLabel={labels.insertReference}
            />
          </div>
        )}
        {removeButton}
      </div>
      <FieldErrors id={errorId} messages={messages} />
    </li>
  );
}
