// Entry `workflow-editor/form`: the configuration form's building blocks (rjsf templates,
// widgets and fields), for hosts that render an rjsf `Form` of their own the way the
// editor's panels do. Apart from `workflow-editor`, so the editor's initial code holds
// none of the form: the editor loads it the first time a panel shows one.
export { configFormTemplates } from './panel/form/templates';
export { configFormWidgets } from './panel/form/widget-registry';
export { configFormFields } from './panel/form/fields';
