// ---------------------------------------------------------------------------
// A step's run details, in its panel while a run is drawn (loaded apart from the editor's
// initial code; StepRunDetails.tsx renders it): status, attempts, duration,
// the branch taken, the input it ran with (resolved config, secrets redacted), its output
// and its error in words. Big JSON shows cut short, with "Show all".
// ---------------------------------------------------------------------------

import { useId, useMemo, useState, type ReactElement } from 'react';
import { findStep, type JsonValue, type Step } from '../../definition';
import { isActionStep, isBranchStep } from '../../definition/step-kinds';
import { branchTakenIn } from '../../executor/run-snapshot';
import type { StepError } from '../../executor/types';
import type { EditorLabels } from '../labels';
import { useLabels, useWorkflowEditor, useWorkflowEditorStore } from '../WorkflowEditorProvider';
import { useStepRun } from './run-view';
import { RUN_JSON_SHOWN_CHARACTERS, type StepRunDetailsProps } from './StepRunDetails';

/** The "Run" section of a step's panel; see StepRunDetails.tsx. */
export function StepRunDetailsImpl(props: StepRunDetailsProps): ReactElement | null {
  const { stepId } = props;
  const labels = useLabels();
  const stepRun = useStepRun(stepId);
  const step = useWorkflowEditor((state) => findStep(state.definition, stepId)?.step);
  const headingId = useId();
  if (!stepRun) return null;
  const { status, attempts } = stepRun;
  const finished = status === 'succeeded' || status === 'failed';
  const durationMs = 'durationMs' in stepRun ? stepRun.durationMs : undefined;
  const input = 'input' in stepRun ? stepRun.input : undefined;
  const isBranch = isBranchStep(step);
  return (
    <section className="wfe-run-details" aria-labelledby={headingId} data-run-state={status}>
      <h3 id={headingId} className="wfe-run-details-heading">
        {labels.runDetails}
      </h3>
      <dl className="wfe-run-facts">
        <div>
          <dt>{labels.runStatus}</dt>
          <dd className={`wfe-run-status wfe-run-status--${status}`}>{labels.runStatusText(status)}</dd>
        </div>
        {status !== 'waiting' && status !== 'skipped' && !isBranch ? (
          <div>
            <dt>{labels.runAttempts}</dt>
            <dd>{attempts}</dd>
          </div>
        ) : null}
        {durationMs !== undefined ? (
          <div>
            <dt>{labels.runDuration}</dt>
            <dd>{labels.runDurationText(durationMs)}</dd>
          </div>
        ) : null}
        {isBranch && status === 'succeeded' ? (
          <div>
            <dt>{labels.runBranchTaken}</dt>
            <dd>
              {branchTakenName(step, 'branchId' in stepRun ? stepRun.branchId : undefined, stepRun.output, labels)}
            </dd>
          </div>
        ) : null}
      </dl>
      {stepRun.error ? <RunError error={stepRun.error} step={step} labels={labels} /> : null}
      {!isBranch && finished ? (
        input !== undefined ? (
          <RunJson title={labels.runInput} note={labels.runInputRedacted} value={input} labels={labels} />
        ) : (
          <p className="wfe-run-note">{labels.runInputNotReported}</p>
        )
      ) : null}
      {!isBranch && status === 'succeeded' ? (
        stepRun.output === undefined || stepRun.output === null ? (
          <p className="wfe-run-note">{labels.runNoOutput}</p>
        ) : (
          <RunJson title={labels.runOutput} value={stepRun.output} labels={labels} open />
        )
      ) : null}
      {!isBranch && status === 'succeeded' ? (
        <UseAsSample stepId={stepId} attempts={attempts} output={stepRun.output} labels={labels} />
      ) : null}
    </section>
  );
}

/**
 * Samples taken from a run: a succeeded step's output becomes its sample result, as a
 * successful Test step's does, so later steps test and preview against what really came back.
 */
function UseAsSample(props: {
  stepId: string;
  attempts: number;
  output: JsonValue | undefined;
  labels: EditorLabels;
}): ReactElement {
  const { stepId, attempts, output, labels } = props;
  const store = useWorkflowEditorStore();
  const kept = useWorkflowEditor((state) => {
    const steps = state.sampleData.steps;
    return steps !== undefined && Object.hasOwn(steps, stepId) && steps[stepId]?.output === output;
  });
  const keep = (): void => {
    store.getState().setSampleData((data) => ({
      ...data,
      steps: {
        ...data.steps,
        [stepId]: output === undefined ? { status: 'succeeded', attempts } : { status: 'succeeded', attempts, output },
      },
    }));
  };
  return (
    <div className="wfe-run-sample">
      <button type="button" className="wfe-button" onClick={keep}>
        {labels.runUseAsSample}
      </button>
      <p className="wfe-run-note" role="status">
        {kept ? labels.runUsedAsSample : ''}
      </p>
    </div>
  );
}

/** The name of the branch a branch step took (its id when the definition no longer has it). */
function branchTakenName(
  step: Step | undefined,
  branchId: string | null | undefined,
  output: JsonValue | undefined,
  labels: EditorLabels,
): string {
  const taken = branchId !== undefined ? branchId : (branchTakenIn(output) ?? null);
  if (taken === null) return labels.runNoBranchTaken;
  const branch = isBranchStep(step) ? step.branches.find((candidate) => candidate.id === taken) : undefined;
  return branch?.name || taken;
}

/** The error in words: what kind, the status, the executor's sentence, and whether the run went on. */
function RunError(props: { error: StepError; step: Step | undefined; labels: EditorLabels }): ReactElement {
  const { error, step, labels } = props;
  const continued = isActionStep(step) && step.config.continueOnError === true && error.type !== 'cancelled';
  return (
    <div className="wfe-run-error">
      <h4 className="wfe-run-subheading">{labels.runError}</h4>
      <p className="wfe-run-error-type">
        {labels.runErrorType(error.type)}
        {typeof error.status === 'number' ? ` (${labels.runErrorStatus(error.status)})` : ''}
      </p>
      {error.message ? <p className="wfe-run-error-message">{error.message}</p> : null}
      {continued ? <p className="wfe-run-note">{labels.runContinuedOnError}</p> : null}
    </div>
  );
}

/** A collapsible block of JSON text, cut short when long until "Show all". */
function RunJson(props: {
  title: string;
  note?: string;
  value: JsonValue;
  labels: EditorLabels;
  open?: boolean;
}): ReactElement {
  const { title, note, value, labels } = props;
  const text = useMemo(() => jsonText(value), [value]);
  const [showAll, setShowAll] = useState(false);
  const cut = !showAll && text.length > RUN_JSON_SHOWN_CHARACTERS;
  return (
    <details className="wfe-run-json" open={props.open}>
      <summary className="wfe-run-json-summary">{title}</summary>
      {note ? <p className="wfe-run-note">{note}</p> : null}
      {/* A named, focusable region, so a keyboard can scroll a long text. */}
      <pre className="wfe-run-json-text" role="region" tabIndex={0} aria-label={labels.runJsonText(title)}>
        {cut ? text.slice(0, RUN_JSON_SHOWN_CHARACTERS) : text}
      </pre>
      {cut ? (
        <p className="wfe-run-note">
          {labels.runJsonCutShort(RUN_JSON_SHOWN_CHARACTERS, text.length)}{' '}
          <button type="button" className="wfe-button wfe-button--quiet" onClick={() => setShowAll(true)}>
            {labels.runJsonShowAll}
          </button>
        </p>
      ) : null}
    </details>
  );
}

function jsonText(value: JsonValue): string {
  if (typeof value === 'string') return value;
  return JSON.stringify(value, null, 2);
}
