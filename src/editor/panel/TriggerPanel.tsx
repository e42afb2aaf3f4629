// ---------------------------------------------------------------------------
// The trigger's panel: "Event" and "Payload Schema" (with "from sample"). The payload
// schema is what later steps are offered as `{{ trigger.<field> }}` references.
// "Event" (and the payload schema's JSON Schema text, its advanced view) is rendered by
// the same rjsf form as action configs, from a small schema of its own; the payload
// schema's simple view is a field list beside the form.
// ---------------------------------------------------------------------------

import { lazy, Suspense, useCallback, useId, useMemo, type ReactElement } from 'react';
import type { JsonObject, JsonSchema, Problem, Trigger } from '../../definition';
import { TriggerChangedFields } from '../compare/ChangedFields';
import { problemText, type EditorLabels } from '../labels';
import { useLabels, useWorkflowEditor, useWorkflowEditorStore } from '../WorkflowEditorProvider';
import { ConfigForm } from './form/LazyConfigForm';
import { PanelFrame, idPrefixFrom } from './PanelFrame';
import { usePayloadSchemaView } from './payload-fields';
import { SampleDataSection } from './sample/SampleDataSection';

// The field list (and the JSON reader its "from sample" needs) loads with the first
// trigger panel, not with the editor: most people open the trigger rarely.
const PayloadFieldList = lazy(() =>
  import('./PayloadFieldList').then((module) => ({ default: module.PayloadFieldList })),
);

/** Props of {@link TriggerPanel}. */
export interface TriggerPanelProps {
  /** Show every problem beside its field, touched or not. @default false */
  showAllErrors?: boolean;
  /** "Close". @default the store's `closePanel` */
  onClose?: () => void;
}

function triggerSchema(labels: EditorLabels, withPayloadSchema: boolean): JsonSchema {
  const schema: JsonSchema = {
    type: 'object',
    properties: {
      event: {
        type: 'string',
        title: labels.event,
        description: labels.eventHelp,
        minLength: 1,
      },
      payloadSchema: {
        type: 'object',
        title: labels.payloadSchema,
        description: labels.payloadSchemaHelp,
      },
    },
    required: ['event'],
  };
  // In the field-list view the list edits the payload schema, not the form.
  if (!withPayloadSchema) delete (schema.properties as JsonObject).payloadSchema;
  return schema;
}

/** The problems in the host's words, so the form shows them as the Problems list does. */
function worded(problems: readonly Problem[], labels: EditorLabels): readonly Problem[] {
  return problems.map((problem) => {
    const message = problemText(labels, problem);
    return message === problem.message ? problem : { ...problem, message };
  });
}

const TRIGGER_UI_SCHEMA: JsonObject = {
  'ui:order': ['event', 'payloadSchema'],
  event: { 'ui:placeholder': 'inquiry.approved' },
  payloadSchema: { 'ui:field': 'jsonSchema' },
};

/** The trigger's panel. Needs `<WorkflowEditorProvider>`. */
export function TriggerPanel(props: TriggerPanelProps): ReactElement {
  const { showAllErrors = false } = props;
  const store = useWorkflowEditorStore();
  const labels = useLabels();
  const trigger = useWorkflowEditor((state) => state.definition.trigger);
  const readOnly = useWorkflowEditor((state) => state.readOnly);
  const problems = useWorkflowEditor((state) => state.problems);
  const focusRequest = useWorkflowEditor((state) => state.focusRequest);
  const idPrefix = idPrefixFrom(useId(), 'trg');
  const [view, setView, listable] = usePayloadSchemaView(trigger.payloadSchema);
  const schema = useMemo(() => triggerSchema(labels, view === 'json'), [labels, view]);
  const formProblems = useMemo(() => worded(problems, labels), [problems, labels]);

  const onChange = useCallback(
    (next: JsonObject, field: string | undefined) => {
      const patch: Partial<Trigger> = { event: typeof next.event === 'string' ? next.event : '' };
      if (view === 'json') patch.payloadSchema = next.payloadSchema as JsonSchema | undefined;
      store.getState().updateTrigger(patch, field);
    },
    [store, view],
  );
  const onPayloadSchemaChange = useCallback(
    (payloadSchema: JsonSchema | undefined, field: string) => store.getState().updateTrigger({ payloadSchema }, field),
    [store],
  );
  const onEndBurst = useCallback(() => store.getState().endBurst(), [store]);
  const onFocusHandled = useCallback(() => store.getState().clearFocusRequest(), [store]);
  const focusPath =
    focusRequest && focusRequest.stepId === null && focusRequest.path.startsWith('/trigger')
      ? focusRequest.path.slice('/trigger'.length)
      : null;

  return (
    <PanelFrame
      heading={labels.trigger}
      icon="bolt"
      labels={labels}
      onClose={props.onClose ?? (() => store.getState().closePanel())}
    >
      <TriggerChangedFields />
      <ConfigForm
        schema={schema}
        uiSchema={TRIGGER_UI_SCHEMA}
        value={trigger as unknown as JsonObject}
        onChange={onChange}
        onEndBurst={onEndBurst}
        problems={formProblems}
        basePointer="/trigger"
        showAllErrors={showAllErrors}
        secrets={[]}
        references={undefined}
        labels={labels}
        readOnly={readOnly}
        idPrefix={idPrefix}
        focusPath={focusPath}
        onFocusHandled={onFocusHandled}
      />
      {view === 'fields' ? (
        <Suspense fallback={<div className="wfe-config-form-loading" aria-busy="true" />}>
          <PayloadFieldList
            schema={trigger.payloadSchema}
            labels={labels}
            readOnly={readOnly}
            problems={problems}
            onChange={onPayloadSchemaChange}
            onEndBurst={onEndBurst}
            onEditAsJson={() => setView('json')}
          />
        </Suspense>
      ) : (
        <PayloadSchemaViewNote
          labels={labels}
          listable={listable}
          readOnly={readOnly}
          onEditAsFields={() => setView('fields')}
        />
      )}
      <SampleDataSection />
    </PanelFrame>
  );
}

/**
 * Under the payload schema's JSON Schema text: "Edit as field list", or, for a schema the
 * list cannot show, why the text is all there is.
 */
function PayloadSchemaViewNote(props: {
  labels: EditorLabels;
  listable: boolean;
  readOnly: boolean;
  onEditAsFields: () => void;
}): ReactElement | null {
  const { labels, listable } = props;
  if (!listable) return <p className="wfe-field-help">{labels.payloadSchemaBeyondFieldList}</p>;
  if (props.readOnly) return null;
  return (
    <button type="button" className="wfe-button wfe-button--link wfe-array-add" onClick={props.onEditAsFields}>
      {labels.editAsFieldList}
    </button>
  );
}
