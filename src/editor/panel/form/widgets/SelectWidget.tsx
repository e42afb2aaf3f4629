// ---------------------------------------------------------------------------
// `"ui:widget": "select"`, and rjsf's `SelectWidget` for every `enum`: a native select.
// ---------------------------------------------------------------------------

import { ariaDescribedByIds } from '@rjsf/utils';
import type { ReactElement } from 'react';
import { isInvalid, type ConfigWidgetProps } from './widget-props';

/** Choices of an `enum`, values kept as they are (not as indexes). */
export function SelectWidget(props: ConfigWidgetProps): ReactElement {
  const { id, onChange, onBlur, onFocus, options, required, disabled, readonly, placeholder, schema } = props;
  const value: unknown = props.value;
  const choices = options.enumOptions ?? [];
  // A value at its default is not in the definition; the choice still shows it.
  const shown: unknown = value === undefined ? schema.default : value;
  const index = choices.findIndex((choice) => choice.value === shown);
  return (
    <select
      id={id}
      className="wfe-select"
      value={index === -1 ? '' : String(index)}
      disabled={disabled || readonly}
      aria-invalid={isInvalid(props)}
      aria-describedby={ariaDescribedByIds(id)}
      onChange={(event) => {
        const chosen = choices[Number(event.target.value)];
        onChange(event.target.value === '' || !chosen ? options.emptyValue : chosen.value);
      }}
      onBlur={() => onBlur(id, value)}
      onFocus={() => onFocus(id, value)}
    >
      {(!required || index === -1) && <option value="">{placeholder ?? ''}</option>}
      {choices.map((choice, choiceIndex) => (
        <option key={String(choice.value)} value={String(choiceIndex)}>
          {choice.label}
        </option>
      ))}
    </select>
  );
}
