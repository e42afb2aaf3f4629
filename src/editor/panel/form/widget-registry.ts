// ---------------------------------------------------------------------------
// The widgets of the configuration forms as rjsf registers them: every export of the
// widgets folder's index, by its name. Typed here, so an export there that is not a
// widget fails the type check.
// ---------------------------------------------------------------------------

import type { RegistryWidgetsType, RJSFSchema } from '@rjsf/utils';
import type { JsonObject } from '../../../definition';
import type { ConfigFormContext } from './context';
import * as widgetsByName from './widgets';

/** Every widget the configuration forms register, by the name a uiSchema uses. */
export const configFormWidgets: RegistryWidgetsType<JsonObject, RJSFSchema, ConfigFormContext> = { ...widgetsByName };
