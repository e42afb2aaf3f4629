// ---------------------------------------------------------------------------
// `"ui:widget": "seconds"`: a number of seconds with its unit beside it.
// ---------------------------------------------------------------------------

import { ariaDescribedByIds } from '@rjsf/utils';
import { useEffect, useState, type ReactElement } from 'react';
import { useFieldRequired } from '../field-required';
import { isInvalid, type ConfigWidgetProps } from './widget-props';

/** `"ui:widget": "seconds"`: a number of seconds; an empty field means the default. */
export function SecondsWidget(props: ConfigWidgetProps): ReactElement {
  const { id, onChange, onBlur, onFocus, registry, schema, disabled, readonly, placeholder } = props;
  const mustFill = useFieldRequired();
  const value: unknown = props.value;
  const context = registry.formContext;
  const [text, setText] = useState(typeof value === 'number' ? String(value) : '');
  const defaultValue = typeof schema.default === 'number' ? schema.default : undefined;
  // Undo or a host change replaces the number: show it, unless the text already says it
  // (typing the default leaves the definition without the field, yet the text stays).
  useEffect(() => {
    setText((current) => {
      const typed = current.trim() === '' ? undefined : Number(current);
      if (typed === value || (value === undefined && typed === defaultValue)) return current;
      return typeof value === 'number' ? String(value) : '';
    });
  }, [value, defaultValue]);
  const fallback = typeof schema.default === 'number' ? String(schema.default) : undefined;
  const unitId = `${id}__unit`;
  return (
    <div className="wfe-seconds">
      <input
        id={id}
        type="number"
        inputMode="decimal"
        className="wfe-input wfe-input--number"
        value={text}
        min={typeof schema.minimum === 'number' ? schema.minimum : undefined}
        max={typeof schema.maximum === 'number' ? schema.maximum : undefined}
        step={schema.type === 'integer' ? 1 : 'any'}
        placeholder={placeholder || fallback}
        disabled={disabled}
        readOnly={readonly}
        aria-invalid={isInvalid(props)}
        aria-required={mustFill || undefined}
        aria-describedby={`${ariaDescribedByIds(id)} ${unitId}`}
        // A half-typed number ("1e") is not in the definition: Ctrl/Cmd+Z undoes it here first.
        data-wfe-local-edit={(text.trim() !== '' && !Number.isFinite(Number(text))) || undefined}
        onChange={(event) => {
          const next = event.target.value;
          setText(next);
          if (next.trim() === '') onChange(undefined);
          else if (Number.isFinite(Number(next))) onChange(Number(next));
        }}
        onBlur={() => onBlur(id, value)}
        onFocus={() => onFocus(id, value)}
      />
      <span className="wfe-unit" id={unitId}>
        {context.labels.seconds}
      </span>
    </div>
  );
}
