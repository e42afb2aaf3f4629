// Entry `workflow-editor`: the React components, and the definition layer re-exported so
// hosts need one import for types. Each part of the editor adds its exports below.
export * from '../definition';
// Editor store, provider and labels (H4a).
export * from './store';
export * from './labels';
export {
  WorkflowEditorProvider,
  useLabels,
  useWorkflowEditor,
  useWorkflowEditorStore,
  type WorkflowEditorProviderProps,
} from './WorkflowEditorProvider';
