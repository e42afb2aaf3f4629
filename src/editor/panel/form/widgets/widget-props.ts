// ---------------------------------------------------------------------------
// What every widget of the configuration forms is given, and whether it shows as invalid.
// ---------------------------------------------------------------------------

import type { RJSFSchema, WidgetProps } from '@rjsf/utils';
import type { JsonObject } from '../../../../definition';
import { visibleMessages, type ConfigFormContext } from '../context';

/** The props rjsf gives a widget of a configuration form. */
export type ConfigWidgetProps = WidgetProps<JsonObject, RJSFSchema, ConfigFormContext>;

/** `aria-invalid` of a widget: true while a message shows beside its field. */
export function isInvalid(props: ConfigWidgetProps): boolean | undefined {
  return visibleMessages(props.registry.formContext, props.id).length > 0 || undefined;
}
