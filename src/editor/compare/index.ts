// "Compare with published": state, the toolbar's controls, the panel's changed fields, card badges.
export {
  CompareProvider,
  useCanvasLayoutOf,
  useCompareToggle,
  useStepBadge,
  useStepChange,
  useWorkflowChanges,
  type StepBadgeKind,
} from './compare-state';
export { CompareControls } from './CompareControls';
export { StepChangedFields, TriggerChangedFields } from './ChangedFields';
export { ChangeBadge, changeBadgeText } from './ChangeBadge';
export { defaultCompareLabels, type CompareLabels } from './labels';
