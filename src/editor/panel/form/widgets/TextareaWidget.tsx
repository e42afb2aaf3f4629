// ---------------------------------------------------------------------------
// `"ui:widget": "textarea"` (rjsf's `TextareaWidget` too): multi-line text.
// ---------------------------------------------------------------------------

import { ariaDescribedByIds } from '@rjsf/utils';
import type { ReactElement } from 'react';
import { useFieldRequired } from '../field-required';
import { isInvalid, type ConfigWidgetProps } from './widget-props';

/** Multi-line text. */
export function TextareaWidget(props: ConfigWidgetProps): ReactElement {
  const { id, onChange, onBlur, onFocus, options, disabled, readonly, placeholder } = props;
  const mustFill = useFieldRequired();
  const value: unknown = props.value;
  return (
    <textarea
      id={id}
      className="wfe-input wfe-textarea"
      rows={typeof options.rows === 'number' ? options.rows : 4}
      value={typeof value === 'string' ? value : ''}
      placeholder={placeholder}
      disabled={disabled}
      readOnly={readonly}
      aria-invalid={isInvalid(props)}
      aria-required={mustFill || undefined}
      aria-describedby={ariaDescribedByIds(id)}
      onChange={(event) => onChange(event.target.value === '' ? options.emptyValue : event.target.value)}
      onBlur={() => onBlur(id, value)}
      onFocus={() => onFocus(id, value)}
    />
  );
}
