// ---------------------------------------------------------------------------
// The configuration panels, as one chunk: what `LazyPanels` loads the first time a panel
// shows (or when the editor preloads it after its first paint).
// ---------------------------------------------------------------------------

export { BranchPanel } from './BranchPanel';
export { ConnectedConfigPanel } from './ConnectedConfigPanel';
export { StepConfigPanel } from './StepConfigPanel';
export { TriggerPanel } from './TriggerPanel';
