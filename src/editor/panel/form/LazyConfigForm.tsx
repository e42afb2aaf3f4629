// ---------------------------------------------------------------------------
// The configuration form, loaded apart from the rest of the editor. The form brings rjsf
// and everything it renders with (about a quarter of what the editor costs a host), none
// of which the canvas needs to draw a workflow; hosts' bundlers split it into its own
// chunk. The editor starts loading it once mounted, so a panel rarely waits for it.
// Loaded as the editor's other parts are (see lazyPart): a form shown after preloading
// renders at once, and one whose code failed to load loads it again on "Try again".
// ---------------------------------------------------------------------------

import type { ReactElement } from 'react';
import { lazyPart } from '../../lazy-part';
import { preloadTemplateInput } from '../../references/template-input/LazyTemplateInput';
import type { ConfigFormProps } from './ConfigForm';

/** The JSON fields' code editor (a chunk of its own), fetched as soon as the form is there. */
let codeEditorLoading: Promise<void> | undefined;

const configForm = lazyPart(
  () =>
    import('./ConfigForm').then((module) => {
      // A failure here shows in the field, which loads the editor again.
      codeEditorLoading = Promise.all([module.preloadCodeEditor(), preloadTemplateInput()]).then(
        () => undefined,
        () => undefined,
      );
      return module.ConfigForm;
    }),
  <div className="wfe-config-form wfe-config-form-loading" aria-busy="true" />,
);

/**
 * Starts loading the configuration form's code (rjsf and the editor's widgets, then the
 * JSON fields' code editor), and resolves once both are there. Forms shown after that
 * render at once.
 */
export function preloadConfigForm(): Promise<void> {
  return configForm.preload().then(() => codeEditorLoading);
}

/** One configuration form; see {@link ConfigFormProps}. Renders an empty busy region while its code loads. */
export function ConfigForm(props: ConfigFormProps): ReactElement {
  return <configForm.Loaded {...props} />;
}
