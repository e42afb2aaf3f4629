// ---------------------------------------------------------------------------
// The content of "Test step": what will be sent (resolved against the sample data,
// secrets masked), the run button with its busy state and "Cancel test", and the result
// (status, duration, attempts, headers, a foldable body, the error in words). A success
// is kept in the sample data, so later steps' references and tests see it.
// ---------------------------------------------------------------------------

import { useEffect, useId, useMemo, useRef, useState, type ReactElement } from 'react';
import {
  findStep,
  HTTPS_REQUEST_ACTION_ID,
  schemaFromSample,
  type JsonObject,
  type JsonValue,
} from '../../../definition';
import type { StepResult } from '../../../executor/types';
import { whenIdleAfterPaint } from '../../after-paint';
import type { EditorLabels } from '../../labels';
import { VisibleText } from '../../text/VisibleText';
import { useLabels, useWorkflowEditor, useWorkflowEditorStore } from '../../WorkflowEditorProvider';
import { listLabels } from '../form/list-labels';
import { JsonViewer, shownString } from './JsonViewer';
import { previewHttpsRequest, secretNamesKnownAtOnce, type RequestPreview } from './request-preview';
import { planTestRun, runTest, type TestRunPlan } from './run-test';
import type { TestStepRequest, TestStepResult } from './types';

/** Props of {@link TestStepPanel}. */
export interface TestStepPanelProps {
  stepId: string;
}

type TestState =
  | { kind: 'idle' }
  | { kind: 'running' }
  | { kind: 'finished'; result: TestStepResult }
  | { kind: 'cancelled' }
  | { kind: 'hostFailed'; message: string };

/** What the sample data keeps of a result: the run result's own fields, nothing a test adds. */
function storedResult(result: TestStepResult): StepResult {
  const stored: StepResult = { status: result.status, attempts: result.attempts };
  if (result.output !== undefined) stored.output = result.output;
  if (result.error !== undefined) stored.error = result.error;
  return stored;
}

interface HttpOutput {
  /** The output has an HTTP response's shape (status, headers, body). */
  http: boolean;
  status?: number;
  headers: [string, string][];
  body: JsonValue | undefined;
}

/** An HTTPS-like output's parts, or the whole output as the body (host actions). */
function outputParts(output: JsonValue | undefined): HttpOutput {
  if (
    output !== null &&
    typeof output === 'object' &&
    !Array.isArray(output) &&
    typeof output.status === 'number' &&
    'body' in output
  ) {
    const headers =
      output.headers !== null && typeof output.headers === 'object' && !Array.isArray(output.headers)
        ? output.headers
        : {};
    return {
      http: true,
      status: output.status,
      headers: Object.entries(headers).map(([name, value]) => [
        name,
        typeof value === 'string' ? value : JSON.stringify(value),
      ]),
      body: output.body,
    };
  }
  return { http: false, headers: [], body: output };
}

/** "Test step" for one testable action step. Needs `<WorkflowEditorProvider>`. */
export function TestStepPanel(props: TestStepPanelProps): ReactElement | null {
  const { stepId } = props;
  const store = useWorkflowEditorStore();
  const labels = useLabels();
  const definition = useWorkflowEditor((state) => state.definition);
  const catalog = useWorkflowEditor((state) => state.catalog);
  const sample = useWorkflowEditor((state) => state.sampleData);
  const handler = useWorkflowEditor((state) => state.testStepHandler);
  const readOnly = useWorkflowEditor((state) => state.readOnly);
  const headingId = useId();
  const [state, setState] = useState<TestState>({ kind: 'idle' });
  const [schemaApplied, setSchemaApplied] = useState(false);
  const controller = useRef<AbortController | null>(null);

  const location = findStep(definition, stepId);
  const step = location?.step.type === 'action' ? location.step : undefined;
  const action = step ? catalog.get(step.action) : undefined;
  const workflowId = definition.id;
  const https = step?.action === HTTPS_REQUEST_ACTION_ID;
  // Resolving and writing a 2 MB body takes tens of milliseconds, finding the secrets it
  // uses a walk through it: what a large body not seen before holds is worked out once
  // the panel (or the change to the body) has been painted and the page is idle, and
  // remembered; a count of those brings it in. Until its secrets are known, whether the
  // step can be tested here is not known either, and the section shows as loading. A key
  // typed into the URL keeps the body object, so it costs the URL's resolution only.
  const [bodiesWorkedOut, setBodiesWorkedOut] = useState(0);
  const secretsLater = step !== undefined && https && !secretNamesKnownAtOnce(step.config);
  const plan: TestRunPlan | null = !step
    ? { kind: 'notTestable' }
    : secretsLater
      ? null
      : planTestRun(step, action, handler !== null);
  const preview = useMemo(
    () =>
      step && https && !secretsLater
        ? previewHttpsRequest(step, { sample, workflowId }, { largeBodyLater: true })
        : null,
    // `bodiesWorkedOut`: what was worked out since is read from what previewHttpsRequest remembers.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [step, https, secretsLater, sample, workflowId, bodiesWorkedOut],
  );
  const stepToWorkOut = secretsLater || preview?.bodyPending ? step : undefined;
  useEffect(() => {
    if (!stepToWorkOut) return;
    return whenIdleAfterPaint(() => {
      // Remembered for the render this starts (see previewHttpsRequest).
      previewHttpsRequest(stepToWorkOut, { sample, workflowId });
      setBodiesWorkedOut((count) => count + 1);
    }, IDLE_WAIT_MS);
  }, [stepToWorkOut, sample, workflowId]);

  // A test in flight stops when the panel shows another step or closes.
  useEffect(
    () => () => {
      controller.current?.abort();
      controller.current = null;
    },
    [stepId],
  );

  if (!step || !action?.testable) return null;
  // As while this section's code loads (see TestStepSection).
  if (plan === null) return <div className="wfe-test-step wfe-config-form-loading" aria-busy="true" />;
  if (plan.kind === 'notTestable') return null;

  const run = async (): Promise<void> => {
    controller.current?.abort();
    const current = new AbortController();
    controller.current = current;
    setState({ kind: 'running' });
    setSchemaApplied(false);
    const latest = store.getState();
    try {
      const result = await runTest(step, {
        plan,
        handler: latest.testStepHandler,
        sample: latest.sampleData,
        workflowId: latest.definition.id,
        signal: current.signal,
      });
      // A cancelled or replaced test's late answer is not shown.
      if (controller.current !== current) return;
      setState({ kind: 'finished', result });
      if (result.status === 'succeeded') {
        store
          .getState()
          .setSampleData((data) => ({ ...data, steps: { ...data.steps, [stepId]: storedResult(result) } }));
      }
    } catch (error) {
      if (controller.current !== current) return;
      setState({ kind: 'hostFailed', message: error instanceof Error ? error.message : String(error) });
    } finally {
      if (controller.current === current) controller.current = null;
    }
  };

  const cancel = (): void => {
    controller.current?.abort();
    controller.current = null;
    setState({ kind: 'cancelled' });
  };

  const earlier = sample.steps?.[stepId];
  const shown: TestStepResult | undefined =
    state.kind === 'finished' ? state.result : state.kind === 'idle' ? earlier : undefined;
  const running = state.kind === 'running';
  const canRun = plan.kind === 'host' || plan.kind === 'page';

  const useAsResponseSchema = (body: JsonValue): void => {
    const current = findStep(store.getState().definition, stepId)?.step;
    if (current?.type !== 'action') return;
    const config: JsonObject = { ...current.config, responseSchema: schemaFromSample(body) };
    store.getState().updateStepConfig(stepId, config);
    setSchemaApplied(true);
  };

  return (
    <section className="wfe-test-step" aria-labelledby={headingId}>
      <h3 id={headingId} className="wfe-section-title">
        {labels.testStep}
      </h3>
      <p className="wfe-field-help">{labels.testStepHelp}</p>
      {preview && <RequestView preview={preview} labels={labels} />}
      {plan.kind === 'needsHost' && (
        <p className="wfe-test-step-note">{labels.testStepNeedsHost(plan.secretNames, plan.signed)}</p>
      )}
      {plan.kind === 'hostAction' && <p className="wfe-test-step-note">{labels.testStepHostActionNeedsHost}</p>}
      {canRun && (
        <div className="wfe-test-step-actions">
          <button
            type="button"
            className="wfe-button wfe-button--primary"
            onClick={() => void run()}
            disabled={running}
            aria-busy={running}
          >
            {running ? labels.testStepRunning : labels.testStep}
          </button>
          {running && (
            <button type="button" className="wfe-button" onClick={cancel}>
              {labels.testStepCancel}
            </button>
          )}
        </div>
      )}
      {plan.kind === 'page' && <p className="wfe-field-help">{labels.testStepRunsInPage}</p>}
      <div role="status" className="wfe-test-step-status">
        {state.kind === 'finished' && labels.testStepFinished(state.result.status === 'succeeded')}
        {state.kind === 'cancelled' && labels.testStepCancelled}
      </div>
      {state.kind === 'hostFailed' && (
        <p className="wfe-field-error" role="alert">
          {labels.testStepHostFailed(state.message)}
        </p>
      )}
      {shown && (
        <ResultView
          result={shown}
          earlier={state.kind === 'idle'}
          labels={labels}
          readOnly={readOnly}
          schemaApplied={schemaApplied}
          onUseAsResponseSchema={step.action === HTTPS_REQUEST_ACTION_ID ? useAsResponseSchema : undefined}
          configHasBody={preview?.body !== undefined}
        />
      )}
    </section>
  );
}

/** How long a large body's preview waits for the page to be idle at most. */
const IDLE_WAIT_MS = 500;

/** Header rows shown at first, and more with each "Show more": as many as a long list in the form shows. */
const HEADERS_PER_PAGE = 50;

/**
 * Header rows as a description list, in pages: a config with thousands of headers (an
 * imported one) would otherwise draw thousands of rows each time its panel opens.
 */
function HeaderList(props: { headers: readonly (readonly [string, string])[]; labels: EditorLabels }): ReactElement {
  const { headers, labels } = props;
  const [shown, setShown] = useState(HEADERS_PER_PAGE);
  const hidden = Math.max(0, headers.length - shown);
  return (
    <>
      <dl className="wfe-test-step-headers">
        {headers.slice(0, shown).map(([name, value], index) => (
          <div key={`${name}:${index}`}>
            <dt>
              <VisibleText text={name} />
            </dt>
            <dd>
              <VisibleText text={value} />
            </dd>
          </div>
        ))}
      </dl>
      {hidden > 0 && (
        <button
          type="button"
          className="wfe-button wfe-button--ghost wfe-test-step-more"
          onClick={() => setShown((count) => count + HEADERS_PER_PAGE)}
        >
          {listLabels(labels).showMoreRows(Math.min(HEADERS_PER_PAGE, hidden), hidden, labels.testStepHeaders)}
        </button>
      )}
    </>
  );
}

/** Long text cut for display (a 2 MB body must not become 2 MB of DOM text). */
function CutText(props: { text: string; labels: EditorLabels }): ReactElement {
  const { shown, hidden } = shownString(props.text);
  return (
    // Focusable: a long text scrolls, and keyboard users must be able to scroll it.
    <pre className="wfe-test-step-text" tabIndex={0}>
      <VisibleText text={shown} lines />
      {hidden > 0 && <span className="wfe-json-more">{`\n${props.labels.jsonViewerMoreCharacters(hidden)}`}</span>}
    </pre>
  );
}

/** What will be sent, or what the host says it sent. */
function RequestView(props: {
  preview?: RequestPreview;
  sent?: TestStepRequest;
  configHasBody?: boolean;
  labels: EditorLabels;
}): ReactElement {
  const { preview, sent, labels } = props;
  const method = sent?.method ?? preview?.method ?? '';
  const url = sent?.url ?? preview?.url ?? '';
  const headers: [string, string][] = sent
    ? Object.entries(sent.headers ?? {})
    : (preview?.headers ?? []).map((header) => [
        header.name,
        header.source === 'idempotencyKey' ? labels.testStepIdempotencyKeyValue : header.value,
      ]);
  const body = sent ? sent.body : preview?.body;
  return (
    <details className="wfe-test-step-request" open={!sent}>
      <summary>{sent ? labels.testStepRequestSent : labels.testStepRequest}</summary>
      <dl className="wfe-test-step-facts">
        <div>
          <dt>{labels.testStepMethod}</dt>
          <dd>{method}</dd>
        </div>
        <div>
          <dt>{labels.testStepUrl}</dt>
          {/* An address reads left to right whatever the page's direction. */}
          <dd className="wfe-test-step-url" dir="ltr">
            <VisibleText text={url} />
          </dd>
        </div>
      </dl>
      {headers.length > 0 && (
        <>
          <h4 className="wfe-test-step-subheading">{labels.testStepHeaders}</h4>
          <HeaderList headers={headers} labels={labels} />
        </>
      )}
      <h4 className="wfe-test-step-subheading">{labels.testStepBody}</h4>
      {body !== undefined ? (
        <CutText text={body} labels={labels} />
      ) : preview?.bodyPending ? (
        // A large body, worked out once the panel has been painted.
        <pre className="wfe-test-step-text" aria-busy="true">
          …
        </pre>
      ) : (
        <p className="wfe-field-help">
          {/* A host that reports what it sent without the body: not "No body" when one went. */}
          {sent && props.configHasBody ? labels.testStepBodyNotReported : labels.testStepNoBody}
        </p>
      )}
      {preview && (preview.secretNames.length > 0 || preview.signed) && (
        <p className="wfe-field-help">{labels.testStepSecretsMasked}</p>
      )}
      {preview && preview.unresolved.length > 0 && (
        <p className="wfe-test-step-note">{labels.testStepUnresolved(preview.unresolved)}</p>
      )}
    </details>
  );
}

function ResultView(props: {
  result: TestStepResult;
  earlier: boolean;
  labels: EditorLabels;
  readOnly: boolean;
  schemaApplied: boolean;
  onUseAsResponseSchema: ((body: JsonValue) => void) | undefined;
  /** Whether the step's config has a body: a host's report without one did not say it. */
  configHasBody: boolean;
}): ReactElement {
  const { result, labels } = props;
  const succeeded = result.status === 'succeeded';
  const parts = outputParts(result.output);
  const status = parts.status ?? result.error?.status;
  const body = parts.body;
  const structured = body !== null && typeof body === 'object';
  return (
    <div className={`wfe-test-step-result wfe-test-step-result--${succeeded ? 'succeeded' : 'failed'}`}>
      <h4 className="wfe-test-step-subheading">
        {labels.testStepResult}
        {props.earlier && <span className="wfe-test-step-earlier"> · {labels.testStepEarlierResult}</span>}
      </h4>
      <p className="wfe-test-step-summary">
        {labels.testStepSummary({ succeeded, status, attempts: result.attempts, durationMs: result.durationMs })}
      </p>
      <dl className="wfe-test-step-facts">
        {status !== undefined && (
          <div>
            <dt>{labels.testStepStatus}</dt>
            <dd>{status}</dd>
          </div>
        )}
        {result.durationMs !== undefined && (
          <div>
            <dt>{labels.testStepDuration}</dt>
            <dd>{`${Math.round(result.durationMs)} ms`}</dd>
          </div>
        )}
        <div>
          <dt>{labels.testStepAttempts}</dt>
          <dd>{result.attempts}</dd>
        </div>
      </dl>
      {result.error && (
        <div className="wfe-test-step-error">
          <p>
            <strong>{labels.testStepErrorType(result.error.type)}</strong> <code>{result.error.type}</code>
          </p>
          <p>{result.error.message}</p>
        </div>
      )}
      {parts.headers.length > 0 && (
        <details className="wfe-test-step-response-headers">
          <summary>{labels.testStepResponseHeaders(parts.headers.length)}</summary>
          <HeaderList headers={parts.headers} labels={labels} />
        </details>
      )}
      {body !== undefined && (
        <>
          <h4 className="wfe-test-step-subheading">
            {parts.http ? labels.testStepResponseBody : labels.testStepOutput}
          </h4>
          {structured ? (
            <JsonViewer
              value={body}
              labels={labels}
              label={parts.http ? labels.testStepResponseBody : labels.testStepOutput}
            />
          ) : (
            <CutText text={typeof body === 'string' ? body : JSON.stringify(body)} labels={labels} />
          )}
        </>
      )}
      {structured && succeeded && props.onUseAsResponseSchema && !props.readOnly && (
        <button type="button" className="wfe-button" onClick={() => props.onUseAsResponseSchema?.(body)}>
          {labels.useAsResponseSchema}
        </button>
      )}
      {props.schemaApplied && (
        <p className="wfe-field-help" role="status">
          {labels.responseSchemaFromResponse}
        </p>
      )}
      {result.request && <RequestView sent={result.request} configHasBody={props.configHasBody} labels={labels} />}
    </div>
  );
}
