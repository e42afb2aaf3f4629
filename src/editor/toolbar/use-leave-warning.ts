// ---------------------------------------------------------------------------
// `warnOnUnsavedChanges`: the browser asks before leaving a page whose editor holds
// unsaved changes. Used by the toolbar, and by the editor itself when it shows none
// (`toolbar={false}`), so the prop works either way.
// ---------------------------------------------------------------------------

import { useEffect } from 'react';
import { selectDirty } from '../store';
import { useLabels, useWorkflowEditor } from '../WorkflowEditorProvider';

/** While `enabled` and the definition has unsaved changes, leaving the page asks first. */
export function useLeaveWarning(enabled: boolean): void {
  const dirty = useWorkflowEditor(selectDirty);
  const labels = useLabels();
  useEffect(() => {
    if (!enabled || !dirty) return undefined;
    const onBeforeUnload = (event: BeforeUnloadEvent): string => {
      event.preventDefault();
      // Older browsers show (or at least require) a returnValue.
      // eslint-disable-next-line @typescript-eslint/no-deprecated
      event.returnValue = labels.leaveWithUnsavedChanges;
      return labels.leaveWithUnsavedChanges;
    };
    window.addEventListener('beforeunload', onBeforeUnload);
    return () => window.removeEventListener('beforeunload', onBeforeUnload);
  }, [enabled, dirty, labels]);
}

/** The leave warning alone, for an editor without its toolbar. */
export function LeaveWarning(props: { enabled: boolean }): null {
  useLeaveWarning(props.enabled);
  return null;
}
