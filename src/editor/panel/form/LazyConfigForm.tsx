// ---------------------------------------------------------------------------
// The configuration form, loaded when a panel first shows one. The form brings rjsf and
// everything it renders with (about 60 % of what the editor costs a host), none of which
// the canvas needs to draw a workflow; hosts' bundlers split it into its own chunk.
// ---------------------------------------------------------------------------

import { lazy, Suspense, type ReactElement } from 'react';
import type { ConfigFormProps } from './ConfigForm';

const LoadedConfigForm = lazy(() => import('./ConfigForm').then((module) => ({ default: module.ConfigForm })));

/** One configuration form; see {@link ConfigFormProps}. Renders an empty busy region while its code loads. */
export function ConfigForm(props: ConfigFormProps): ReactElement {
  return (
    <Suspense fallback={<div className="wfe-config-form wfe-config-form-loading" aria-busy="true" />}>
      <LoadedConfigForm {...props} />
    </Suspense>
  );
}
