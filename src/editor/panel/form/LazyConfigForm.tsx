// ---------------------------------------------------------------------------
// The configuration form, loaded apart from the rest of the editor. The form brings rjsf
// and everything it renders with (about a quarter of what the editor costs a host), none
// of which the canvas needs to draw a workflow; hosts' bundlers split it into its own
// chunk. The editor starts loading it once mounted, so a panel rarely waits for it.
// ---------------------------------------------------------------------------

import { lazy, Suspense, type ComponentType, type ReactElement } from 'react';
import { preloadTemplateInput } from '../../references/template-input/LazyTemplateInput';
import type { ConfigFormProps } from './ConfigForm';

type Loaded = { default: ComponentType<ConfigFormProps> };

let loaded: Loaded | undefined;
let loading: Promise<Loaded> | undefined;
/** The JSON fields' code editor (a chunk of its own), fetched as soon as the form is there. */
let codeEditorLoading: Promise<void> | undefined;

function load(): Promise<Loaded> {
  loading ??= import('./ConfigForm').then(
    (module) => {
      // A failure here shows in the field, which loads the editor again.
      codeEditorLoading = Promise.all([module.preloadCodeEditor(), preloadTemplateInput()]).then(
        () => undefined,
        () => undefined,
      );
      return (loaded = { default: module.ConfigForm });
    },
    (error: unknown) => {
      // A chunk that failed to load (a network blip) is fetched again next time.
      loading = undefined;
      throw error;
    },
  );
  return loading;
}

/**
 * Starts loading the configuration form's code (rjsf and the editor's widgets, then the
 * JSON fields' code editor), and resolves once both are there. Forms shown after that
 * render at once.
 */
export function preloadConfigForm(): Promise<void> {
  return load().then(() => codeEditorLoading);
}

// Once loaded, the module is handed over synchronously: React reads a thenable that has
// already called back as resolved, so a form shown after preloading never suspends.
const LoadedConfigForm = lazy(
  () => (loaded ? { then: (resolve: (value: Loaded) => void) => resolve(loaded!) } : load()) as Promise<Loaded>,
);

/** One configuration form; see {@link ConfigFormProps}. Renders an empty busy region while its code loads. */
export function ConfigForm(props: ConfigFormProps): ReactElement {
  return (
    <Suspense fallback={<div className="wfe-config-form wfe-config-form-loading" aria-busy="true" />}>
      <LoadedConfigForm {...props} />
    </Suspense>
  );
}
