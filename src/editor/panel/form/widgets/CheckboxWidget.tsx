// ---------------------------------------------------------------------------
// `"ui:widget": "checkbox"`, and rjsf's `CheckboxWidget` for every boolean.
// ---------------------------------------------------------------------------

import { ariaDescribedByIds } from '@rjsf/utils';
import type { ReactElement } from 'react';
import { isInvalid, type ConfigWidgetProps } from './widget-props';

/** A checkbox with its label beside it. */
export function CheckboxWidget(props: ConfigWidgetProps): ReactElement {
  const { id, onChange, onBlur, onFocus, label, disabled, readonly, schema } = props;
  const value: unknown = props.value;
  // A value at its default is not in the definition; the box still shows it.
  const checked = (value === undefined ? schema.default : value) === true;
  return (
    <label className="wfe-checkbox" htmlFor={id}>
      <input
        id={id}
        type="checkbox"
        checked={checked}
        disabled={disabled || readonly}
        aria-invalid={isInvalid(props)}
        aria-describedby={ariaDescribedByIds(id)}
        onChange={(event) => onChange(event.target.checked)}
        onBlur={() => onBlur(id, value)}
        onFocus={() => onFocus(id, value)}
      />
      <span>{label}</span>
    </label>
  );
}
