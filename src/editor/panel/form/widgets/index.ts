// ---------------------------------------------------------------------------
// Every widget the configuration forms register, one line each, exported under the name
// an action's uiSchema gives it (`"ui:widget": "reference"`), so a uiSchema stays plain
// JSON. rjsf's own names (`SelectWidget`, `CheckboxWidget`, `TextareaWidget`) replace its
// defaults for every enum, boolean and textarea. A new widget is a file in this folder
// and a line here; every export of this file is registered (see widget-registry.ts).
// ---------------------------------------------------------------------------

export { ReferenceWidget as reference } from './ReferenceWidget';
export { SecretWidget as secret } from './SecretWidget';
export { SecondsWidget as seconds } from './SecondsWidget';
export { SelectWidget, SelectWidget as select } from './SelectWidget';
export { CheckboxWidget, CheckboxWidget as checkbox } from './CheckboxWidget';
export { TextareaWidget, TextareaWidget as textarea } from './TextareaWidget';
