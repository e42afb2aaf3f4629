// ---------------------------------------------------------------------------
// The action picker wired to the store: shown while `store.picker` is set, anchored
// to the "+" whose DOM id the store holds, inserting the chosen action there.
// ---------------------------------------------------------------------------

import { useMemo, type ReactElement } from 'react';
import { useLabels, useWorkflowEditor, useWorkflowEditorStore } from '../WorkflowEditorProvider';
import { ActionPicker, type IsActionAvailable } from './ActionPicker';

/** Props of {@link ConnectedActionPicker}. */
export interface ConnectedActionPickerProps {
  /** Host gating (pricing plan...): unavailable actions stay listed, disabled, with the reason. */
  isActionAvailable?: IsActionAvailable;
}

/** The "Find action" dialog for the store's open picker, or nothing. */
export function ConnectedActionPicker(props: ConnectedActionPickerProps): ReactElement | null {
  const store = useWorkflowEditorStore();
  const labels = useLabels();
  const picker = useWorkflowEditor((state) => state.picker);
  const catalog = useWorkflowEditor((state) => state.catalog);
  // The "+" is in the page before the store opens the picker, so it can be looked up
  // while rendering; waiting for an effect would mount the dialog twice (unanchored first).
  const anchor = useMemo(() => (picker ? document.getElementById(picker.anchorId) : null), [picker]);
  if (!picker) return null;

  const restoreFocus = (): void => {
    // Looked up again: the canvas may have redrawn the "+" while the picker was open.
    document.getElementById(picker.anchorId)?.focus();
  };
  return (
    <ActionPicker
      key={`${picker.anchorId}:${picker.point.branchId ?? ''}:${picker.point.index}`}
      catalog={catalog}
      anchor={anchor}
      labels={labels}
      isActionAvailable={props.isActionAvailable}
      onSelect={(action) => {
        const stepId = store.getState().insertAction(action.id);
        store.getState().closePicker();
        // Back on the "+" first, so focus never falls to the page. The new step's panel is
        // where the person goes next: it takes focus on to its first field once drawn
        // (without a panel, or after a refused insert, focus stays on the "+").
        restoreFocus();
        if (stepId) store.getState().select({ kind: 'step', stepId }, { openPanel: true, focusPanel: true });
      }}
      onClose={() => {
        store.getState().closePicker();
        restoreFocus();
      }}
    />
  );
}
