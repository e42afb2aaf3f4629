// ---------------------------------------------------------------------------
// `"ui:widget": "select"`, and rjsf's `SelectWidget` for every `enum`: a native select; for a
// list of distinct choices (rjsf asks with `multiple`), a checkbox per choice.
// ---------------------------------------------------------------------------

import { ariaDescribedByIds } from '@rjsf/utils';
import type { ReactElement } from 'react';
import { useFieldRequired } from '../field-required';
import { isInvalid, type ConfigWidgetProps } from './widget-props';

/** Choices of an `enum`, values kept as they are (not as indexes). */
export function SelectWidget(props: ConfigWidgetProps): ReactElement {
  return props.multiple ? <ChoiceList {...props} /> : <SingleChoice {...props} />;
}

/** One choice: a native select. */
function SingleChoice(props: ConfigWidgetProps): ReactElement {
  const { id, onChange, onBlur, onFocus, options, required, disabled, readonly, placeholder, schema } = props;
  const value: unknown = props.value;
  const choices = options.enumOptions ?? [];
  // A value at its default is not in the definition; the choice still shows it.
  const shown: unknown = value === undefined ? schema.default : value;
  const index = choices.findIndex((choice) => choice.value === shown);
  const mustFill = useFieldRequired();
  return (
    <select
      id={id}
      className="wfe-select"
      value={index === -1 ? '' : String(index)}
      disabled={disabled || readonly}
      aria-invalid={isInvalid(props)}
      aria-required={mustFill || undefined}
      aria-describedby={ariaDescribedByIds(id)}
      onChange={(event) => {
        const chosen = choices[Number(event.target.value)];
        onChange(event.target.value === '' || !chosen ? options.emptyValue : chosen.value);
      }}
      onBlur={() => onBlur(id, value)}
      onFocus={() => onFocus(id, value)}
    >
      {/* Nothing chosen reads as a dash, not as a blank the eye passes over. */}
      {(!required || index === -1) && <option value="">{placeholder || '—'}</option>}
      {choices.map((choice, choiceIndex) => (
        <option key={String(choice.value)} value={String(choiceIndex)}>
          {choice.label}
        </option>
      ))}
    </select>
  );
}

/**
 * A list of distinct choices (`"type": "array", "uniqueItems": true` with an `enum` of
 * items): a checkbox for each, the list written in the choices' order. A value the list
 * holds that is not a choice stays in it (validation says what is wrong with it).
 */
function ChoiceList(props: ConfigWidgetProps): ReactElement {
  const { id, onChange, onBlur, onFocus, options, disabled, readonly, label } = props;
  const value: unknown = props.value;
  const chosen: unknown[] = Array.isArray(value) ? value : [];
  const choices = options.enumOptions ?? [];
  const toggle = (choice: unknown, checked: boolean): void => {
    const inOrder = choices
      .filter((option) => (option.value === choice ? checked : chosen.includes(option.value)))
      .map((option) => option.value as unknown);
    const others = chosen.filter((item) => !choices.some((option) => option.value === item));
    onChange([...inOrder, ...others]);
  };
  return (
    <div
      id={id}
      className="wfe-choice-list"
      role="group"
      aria-label={label}
      aria-invalid={isInvalid(props)}
      aria-describedby={ariaDescribedByIds(id)}
    >
      {choices.map((choice, index) => (
        <label key={String(choice.value)} className="wfe-checkbox">
          <input
            type="checkbox"
            id={`${id}-${index}`}
            checked={chosen.includes(choice.value)}
            disabled={disabled || readonly}
            onChange={(event) => toggle(choice.value, event.target.checked)}
            onBlur={() => onBlur(id, value)}
            onFocus={() => onFocus(id, value)}
          />
          <span>{choice.label}</span>
        </label>
      ))}
    </div>
  );
}
