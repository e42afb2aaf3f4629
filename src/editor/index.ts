// Entry `workflow-editor`: the React components, the definition layer's types (so hosts need
// one import for types) and the few helpers an embedding needs to show an editor. Everything
// else the definition layer does at run time (validation, references, operations, layout,
// export) is imported from `workflow-editor/definition`: re-exporting it here would make every
// host's bundle carry it. Sections follow the editor's rooms.
export type * from '../definition';
// A host registering its own actions needs the catalog builder and defineAction: both are
// small, and builtInCatalog already brings the built-in actions they sit on.
export { builtInCatalog, createActionCatalog, defineAction, emptyWorkflow } from '../definition';
// So hosts can catch the errors the editor throws (`instanceof`, then `code`).
export { WorkflowEditorError } from '../definition/errors';
// ---- Store, provider and labels
export * from './store';
export * from './labels';
export {
  WorkflowEditorProvider,
  useLabels,
  useWorkflowEditor,
  useWorkflowEditorStore,
  type WorkflowEditorProviderProps,
} from './WorkflowEditorProvider';
export type { EditorErrorArea, EditorErrorDetails, EditorErrorHandler } from './ErrorBoundary';
// ---- Action picker, configuration panels, reference picker
export {
  ActionPicker,
  matchAction,
  type ActionPickerProps,
  type ActionAvailability,
  type IsActionAvailable,
} from './picker/ActionPicker';
export { ConnectedActionPicker, type ConnectedActionPickerProps } from './picker/ConnectedActionPicker';
// The panels load their code the first time one shows (or on preload): only their loaders are here.
export {
  BranchPanel,
  ConnectedConfigPanel,
  StepConfigPanel,
  TriggerPanel,
  preloadConfigPanels,
} from './panel/LazyPanels';
export type { StepConfigPanelProps } from './panel/StepConfigPanel';
export type { TriggerPanelProps } from './panel/TriggerPanel';
export type { BranchPanelProps } from './panel/BranchPanel';
export type { ConnectedConfigPanelProps } from './panel/ConnectedConfigPanel';
export { ConfigForm, preloadConfigForm } from './panel/form/LazyConfigForm';
export type { ConfigFormProps } from './panel/form/ConfigForm';
export type { HostFormParts, HostFormTemplates } from './panel/form/host-form-parts';
export { ReferencePicker, type ReferencePickerProps } from './references/ReferencePicker';
// The template input (references as chips, `{{` suggestions) loads CodeMirror lazily: only the stand-in and loader are here.
export {
  LazyTemplateInput as TemplateInput,
  preloadTemplateInput,
} from './references/template-input/LazyTemplateInput';
export type { TemplateInputProps, TemplateReferenceContext } from './references/template-input/TemplateInput';
export {
  describeReference,
  previewReference,
  type DescribeReferenceOptions,
  type PreviewReferenceOptions,
  type ReferenceChipLabels,
  type ReferenceDescription,
  type ReferencePreview,
} from './references/describe-reference';
// The JSON dialog loads its code the first time it renders (or on preload): only its loader is here.
export { JsonExportDialog, preloadJsonExportDialog } from './dialogs/LazyJsonExportDialog';
export type { JsonExportDialogProps } from './dialogs/JsonExportDialog';
// ---- Toolbar, problems list, import and export dialogs
export { Toolbar, type ToolbarProps, type WorkflowStatus } from './toolbar/Toolbar';
export { ProblemsList, groupProblems, type ProblemGroup, type ProblemsListProps } from './toolbar/ProblemsList';
// The two dialogs load their code the first time they render (or on preload): only their loaders are here.
export {
  ImportDialog,
  WorkflowExportDialog,
  preloadImportDialog,
  preloadWorkflowExportDialog,
} from './toolbar/LazyDialogs';
export type { ImportDialogProps } from './dialogs/ImportDialog';
export type { WorkflowExportDialogProps } from './dialogs/WorkflowExportDialog';
export { workflowFileName } from './dialogs/workflow-file-name';
// ---- Canvas, icons and the all-in-one editor
export { WorkflowEditor, type WorkflowEditorProps } from './WorkflowEditor';
// ---- Sample data and Test step
export { NO_SAMPLE_DATA, type SampleData } from './sample-data';
export type { TestStepContext, TestStepHandler, TestStepRequest, TestStepResult } from './panel/test-step/types';
export type { TestStepLabels } from './panel/test-step/labels';
// ---- Compare with published
export {
  CompareProvider,
  CompareControls,
  StepChangedFields,
  TriggerChangedFields,
  useWorkflowChanges,
  type CompareLabels,
} from './compare';
// ---- Runs drawn on the canvas
export { useRunView, type RunViewHandle } from './run/use-run-view';
export { createRunView, type RunViewController } from './run/create-run-view';
export type { TestWorkflowContext, TestWorkflowHandler } from './run/test-workflow';
export { StepRunDetails, type StepRunDetailsProps } from './run/StepRunDetails';
export type { RunLabels } from './run/labels';
export type { RunView } from './run/run-view';
export type {
  RunEvent,
  RunResult,
  RunSnapshot,
  StepError,
  StepErrorType,
  StepResult,
  StepRunState,
  StepSnapshot,
} from '../executor/types';
// The canvas's drawing and viewport helpers (edge paths, fitting bounds) stay inside it.
export {
  WorkflowCanvas,
  InsertionPointButton,
  CanvasControls,
  CanvasMinimap,
  canvasNodeTypes,
  canvasEdgeTypes,
  type WorkflowCanvasProps,
  type InsertionPointButtonProps,
  type CanvasControlsProps,
  type CanvasMinimapProps,
  type CanvasNode,
  type CanvasNodeData,
  type ConnectorEdge,
  type ConnectorEdgeData,
  type CanvasViewport,
} from './canvas';
export {
  ActionIcon,
  BUILT_IN_ICON_NAMES,
  isBuiltInIconName,
  type ActionIconProps,
  type BuiltInIconName,
} from './icons';
