// ---------------------------------------------------------------------------
// `"ui:widget": "reference"`: text that may hold `{{ ... }}` references, drawn as chips,
// with "Insert reference" beside it.
// ---------------------------------------------------------------------------

import { ariaDescribedByIds } from '@rjsf/utils';
import type { ReactElement } from 'react';
import { useFieldRequired } from '../field-required';
import { ReferenceInput } from '../ReferenceInput';
import { isInvalid, type ConfigWidgetProps } from './widget-props';

/** `"ui:widget": "reference"`: text that may hold `{{ ... }}` references. */
export function ReferenceWidget(props: ConfigWidgetProps): ReactElement {
  const { id, onChange, onBlur, onFocus, registry, options, placeholder, disabled, readonly } = props;
  const value: unknown = props.value;
  const context = registry.formContext;
  return (
    <ReferenceInput
      id={id}
      value={typeof value === 'string' ? value : ''}
      onChange={(text) => onChange(text === '' ? options.emptyValue : text)}
      onBlur={() => onBlur(id, value)}
      onFocus={() => onFocus(id, value)}
      placeholder={placeholder}
      disabled={disabled}
      readOnly={readonly}
      invalid={isInvalid(props)}
      required={useFieldRequired()}
      describedBy={ariaDescribedByIds(id)}
      references={context.references}
      insertReferenceLabel={context.labels.insertReference}
      multiline={options.multiline === true}
      deferTyping={context.deferTyping}
    />
  );
}
