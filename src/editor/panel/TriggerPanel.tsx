// ---------------------------------------------------------------------------
// The trigger's panel: "Event" and "Payload Schema" (with "from sample"). The payload
// schema is what later steps are offered as `{{ trigger.<field> }}` references.
// Rendered by the same rjsf form as action configs, from a small schema of its own.
// ---------------------------------------------------------------------------

import { useCallback, useId, useMemo, type ReactElement } from 'react';
import type { JsonObject, JsonSchema, Trigger } from '../../definition';
import type { EditorLabels } from '../labels';
import { useLabels, useWorkflowEditor, useWorkflowEditorStore } from '../WorkflowEditorProvider';
import { ConfigForm } from './form/LazyConfigForm';
import { PanelFrame, idPrefixFrom } from './PanelFrame';

/** Props of {@link TriggerPanel}. */
export interface TriggerPanelProps {
  /** Show every problem beside its field, touched or not. @default false */
  showAllErrors?: boolean;
  /** "Close". @default the store's `closePanel` */
  onClose?: () => void;
}

function triggerSchema(labels: EditorLabels): JsonSchema {
  return {
    type: 'object',
    properties: {
      event: {
        type: 'string',
        title: labels.event,
        description: 'The event that starts this workflow, for example inquiry.approved.',
        minLength: 1,
      },
      payloadSchema: {
        type: 'object',
        title: labels.payloadSchema,
        description:
          'The shape of the data the event carries. Its fields are offered as references in every step. Paste an example with "from sample".',
      },
    },
    required: ['event'],
  };
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
  const schema = useMemo(() => triggerSchema(labels), [labels]);

  const onChange = useCallback(
    (next: JsonObject, field: string | undefined) => {
      const patch: Partial<Trigger> = {
        event: typeof next.event === 'string' ? next.event : '',
        payloadSchema: next.payloadSchema as JsonSchema | undefined,
      };
      store.getState().updateTrigger(patch, field);
    },
    [store],
  );
  const onEndBurst = useCallback(() => store.getState().endBurst(), [store]);
  const onFocusHandled = useCallback(() => store.getState().clearFocusRequest(), [store]);
  const focusPath =
    focusRequest && focusRequest.stepId === null && focusRequest.path.startsWith('/trigger')
      ? focusRequest.path.slice('/trigger'.length)
      : null;

  return (
    <PanelFrame heading={labels.trigger} icon="bolt" labels={labels} onClose={props.onClose ?? (() => store.getState().closePanel())}>
      <ConfigForm
        schema={schema}
        uiSchema={TRIGGER_UI_SCHEMA}
        value={trigger as unknown as JsonObject}
        onChange={onChange}
        onEndBurst={onEndBurst}
        problems={problems}
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
    </PanelFrame>
  );
}
