// ---------------------------------------------------------------------------
// The configuration panels (an action step's, a Conditional step's, the trigger's), loaded
// apart from the editor's initial code: the canvas draws a workflow without them, and the
// editor starts loading them with the form once it has painted, so a panel rarely waits.
// Until its code is there a panel is its empty, busy box, so the canvas beside it is laid
// out as it will be. A chunk that failed to load reaches the panel's error boundary, whose
// "Try again" loads it again.
// ---------------------------------------------------------------------------

import { useEffect, type ReactElement } from 'react';
import { lazyPart } from '../lazy-part';
import { selectPanelOpen } from '../store';
import { useWorkflowEditor, useWorkflowEditorStore } from '../WorkflowEditorProvider';
import type { BranchPanelProps } from './BranchPanel';
import type { ConnectedConfigPanelProps } from './ConnectedConfigPanel';
import type { StepConfigPanelProps } from './StepConfigPanel';
import type { TriggerPanelProps } from './TriggerPanel';

/**
 * A panel while its code loads: an empty, busy box. A request to move focus into the panel
 * (Enter on a card, a step inserted from the picker) waits for the panel, which takes focus
 * only from where it was asked; if the person moves focus meanwhile, the request is dropped
 * here, so the panel does not take focus back when its code comes.
 */
function LoadingPanel(): ReactElement {
  const store = useWorkflowEditorStore();
  useEffect(() => {
    let origin = store.getState().panelFocusRequest ? document.activeElement : null;
    const unsubscribe = store.subscribe((state, previous) => {
      if (state.panelFocusRequest && !previous.panelFocusRequest) origin = document.activeElement;
    });
    const onFocusIn = (event: FocusEvent): void => {
      if (event.target !== origin && store.getState().panelFocusRequest) store.getState().clearPanelFocusRequest();
    };
    document.addEventListener('focusin', onFocusIn);
    return () => {
      unsubscribe();
      document.removeEventListener('focusin', onFocusIn);
    };
  }, [store]);
  return <section className="wfe-panel" aria-busy="true" />;
}

const loadPanels = () => import('./panels');
const busyPanel = <LoadingPanel />;

const stepPanel = lazyPart(() => loadPanels().then((module) => module.StepConfigPanel), busyPanel);
const triggerPanel = lazyPart(() => loadPanels().then((module) => module.TriggerPanel), busyPanel);
const branchPanel = lazyPart(() => loadPanels().then((module) => module.BranchPanel), busyPanel);
const connectedPanel = lazyPart(() => loadPanels().then((module) => module.ConnectedConfigPanel), busyPanel);

/** Starts loading the configuration panels' code; resolves once it is there. */
export function preloadConfigPanels(): Promise<void> {
  // One chunk holds all four: each part records it as loaded, so none suspends later.
  return Promise.all([
    stepPanel.preload(),
    triggerPanel.preload(),
    branchPanel.preload(),
    connectedPanel.preload(),
  ]).then(() => undefined);
}

/**
 * Once `after` has settled, loads the panels' warm-up and runs it in the next moment the
 * browser says it is idle: a panel drawn out of sight, laid out and thrown away, so the
 * first panel the person opens waits less for its code to be compiled and laid out for the
 * first time (see warm-up.tsx). Needs `requestIdleCallback`. Returns what cancels it.
 */
export function warmUpConfigPanelsWhenIdle(after: Promise<unknown>): () => void {
  let cancelled = false;
  let cancel: (() => void) | undefined;
  import('./warm-up-when-idle').then(
    (module) => {
      if (!cancelled) cancel = module.warmUpWhenIdle(after);
    },
    () => undefined,
  );
  return () => {
    cancelled = true;
    cancel?.();
  };
}

/** The panel of one action step; see `StepConfigPanelProps`. A busy box while its code loads. */
export function StepConfigPanel(props: StepConfigPanelProps): ReactElement {
  return <stepPanel.Loaded {...props} />;
}

/** The trigger's panel; see `TriggerPanelProps`. A busy box while its code loads. */
export function TriggerPanel(props: TriggerPanelProps): ReactElement {
  return <triggerPanel.Loaded {...props} />;
}

/** A Conditional step's panel; see `BranchPanelProps`. A busy box while its code loads. */
export function BranchPanel(props: BranchPanelProps): ReactElement {
  return <branchPanel.Loaded {...props} />;
}

/** The panel of the store's selection, or nothing when the panel is closed; see `ConnectedConfigPanelProps`. */
export function ConnectedConfigPanel(props: ConnectedConfigPanelProps): ReactElement | null {
  // Closed, it shows nothing and loads nothing: the busy box stands only for an open panel
  // (the store keeps a selected step in the definition, or drops the selection).
  const open = useWorkflowEditor(selectPanelOpen);
  return open ? <connectedPanel.Loaded {...props} /> : null;
}
