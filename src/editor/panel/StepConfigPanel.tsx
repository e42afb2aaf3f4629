// ---------------------------------------------------------------------------
// The configuration panel of an action step: "Step name", then a form generated from
// the action's configSchema and uiSchema. Reads the step from the store and writes
// every change back through it (`renameStep`, `updateStepConfig`): the panel holds no
// copy of the step beyond JSON text that does not parse yet.
// ---------------------------------------------------------------------------

import { useCallback, useEffect, useId, useMemo, useState, type ReactElement } from 'react';
import { availableReferences, findStep, type JsonObject } from '../../definition';
import { ImportFromCurlButton } from '../curl/ImportFromCurlButton';
import { ErrorAlert, ErrorBoundary } from '../ErrorBoundary';
import { problemText } from '../labels';
import { selectStepProblems } from '../store';
import { useEditorErrorHandler, useLabels, useWorkflowEditor, useWorkflowEditorStore } from '../WorkflowEditorProvider';
import { ID_SEPARATOR } from './form/field-id';
import type { HostFormParts } from './form/host-form-parts';
import { ConfigForm } from './form/LazyConfigForm';
import { markPanelsWarm } from './panel-warmth';
import { idPrefixFrom } from './PanelFrame';
import { stepLevelProblems } from './step-level-problems';
import { StepPanelFrame } from './StepPanelFrame';
import { TestStepSection } from './test-step/TestStepSection';

/**
 * Props of {@link StepConfigPanel}. `widgets`, `fields` and `templates`: a host's own for
 * the form (see `WorkflowEditorProps.widgets`), merged over the editor's and over those of
 * an enclosing `ConnectedConfigPanel`.
 */
export interface StepConfigPanelProps extends HostFormParts {
  /** The action step to configure. */
  stepId: string;
  /** Show every problem beside its field, touched or not (after "Publish"). @default false */
  showAllErrors?: boolean;
  /** "Close". @default the store's `closePanel` */
  onClose?: () => void;
}

/** The panel of one action step, generated from its action's schemas. Needs `<WorkflowEditorProvider>`. */
export function StepConfigPanel(props: StepConfigPanelProps): ReactElement | null {
  const { stepId, showAllErrors = false } = props;
  const store = useWorkflowEditorStore();
  const labels = useLabels();
  const reportError = useEditorErrorHandler();
  const definition = useWorkflowEditor((state) => state.definition);
  const catalog = useWorkflowEditor((state) => state.catalog);
  const secrets = useWorkflowEditor((state) => state.secrets);
  const readOnly = useWorkflowEditor((state) => state.readOnly);
  const stepAndDraftProblems = useWorkflowEditor(useMemo(() => selectStepProblems(stepId), [stepId]));
  const drafts = useWorkflowEditor((state) => state.draftProblems);
  // Drafts are shown by their own field, with line and column; not twice.
  const problems = useMemo(
    () => stepAndDraftProblems.filter((problem) => drafts.get(problem.path) !== problem),
    [stepAndDraftProblems, drafts],
  );
  const focusRequest = useWorkflowEditor((state) => state.focusRequest);
  const reactId = useId();
  const idPrefix = idPrefixFrom(reactId, 'cfg');
  const [draftErrors, setDraftErrors] = useState<ReadonlyMap<string, string>>(() => new Map());
  // Its code has run: the editor need not warm the panels up any more.
  useEffect(markPanelsWarm, []);

  const location = findStep(definition, stepId);
  const step = location?.step;
  const pointer = location?.pointer ?? '';
  const action = step?.type === 'action' ? catalog.get(step.action) : undefined;

  const references = useCallback(
    () =>
      availableReferences(store.getState().definition, stepId, {
        secrets: store.getState().secrets,
        catalog: store.getState().catalog,
      }),
    [store, stepId],
  );
  const onChange = useCallback(
    (config: JsonObject, field: string | undefined) => store.getState().updateStepConfig(stepId, config, field),
    [store, stepId],
  );
  const onEndBurst = useCallback(() => store.getState().endBurst(), [store]);
  const onDraftError = useCallback(
    (fieldId: string, message: string | null) => {
      // The store counts the draft as a problem of the step, so its badge shows it too.
      const location = findStep(store.getState().definition, stepId);
      if (location) {
        const segments = fieldId.slice(idPrefix.length + ID_SEPARATOR.length).split(ID_SEPARATOR);
        store.getState().setDraftProblem(stepId, `${location.pointer}/config/${segments.join('/')}`, message);
      }
      setDraftErrors((current) => {
        if ((current.get(fieldId) ?? null) === message) return current;
        const next = new Map(current);
        if (message === null) next.delete(fieldId);
        else next.set(fieldId, message);
        return next;
      });
    },
    [store, stepId, idPrefix],
  );
  const onFocusHandled = useCallback(() => store.getState().clearFocusRequest(), [store]);

  if (!step || step.type !== 'action') return null;

  const configPointer = `${pointer}/config`;
  const focusPath =
    focusRequest && focusRequest.stepId === stepId && focusRequest.path.startsWith(configPointer)
      ? focusRequest.path.slice(configPointer.length)
      : null;
  const stepProblems = stepLevelProblems(problems, pointer);

  return (
    <StepPanelFrame
      step={step}
      pointer={pointer}
      problems={problems}
      idPrefix={idPrefix}
      heading={action?.label ?? labels.unknownAction(step.action)}
      icon={action?.icon}
      description={action?.description}
      onClose={props.onClose}
    >
      {stepProblems.length > 0 && (
        <div className="wfe-panel-problems">
          {stepProblems.map((problem) => (
            <p key={`${problem.path}:${problem.message}`} className="wfe-field-error">
              {problemText(labels, problem)}
            </p>
          ))}
        </div>
      )}
      {draftErrors.size > 0 && (
        <p className="wfe-panel-draft-note" role="status">
          {labels.unsavedJsonText}
        </p>
      )}
      {/* Shows only for the HTTPS action, and not when read-only. */}
      <ImportFromCurlButton stepId={stepId} />
      {action && (
        // The form is generated from the action's schemas, a host's among them: if they
        // cannot be rendered, the name, "Close" and "Export step JSON" above still work.
        // A new config (an undo) or another action tries the form again.
        <ErrorBoundary
          area="panel"
          stepId={stepId}
          onError={reportError}
          resetKeys={[stepId, action, step.config]}
          fallback={({ error, reset }) => (
            <ErrorAlert message={labels.panelFailed} error={error} onRetry={reset} labels={labels} />
          )}
        >
          <ConfigForm
            key={`${stepId}:${action.id}`}
            schema={action.configSchema}
            uiSchema={action.uiSchema}
            value={step.config}
            onChange={onChange}
            onEndBurst={onEndBurst}
            deferTyping
            problems={problems}
            basePointer={configPointer}
            showAllErrors={showAllErrors}
            secrets={secrets}
            references={references}
            labels={labels}
            readOnly={readOnly}
            idPrefix={idPrefix}
            focusPath={focusPath}
            onFocusHandled={onFocusHandled}
            onDraftError={onDraftError}
            widgets={props.widgets}
            fields={props.fields}
            templates={props.templates}
          />
        </ErrorBoundary>
      )}
      <TestStepSection stepId={stepId} />
    </StepPanelFrame>
  );
}
