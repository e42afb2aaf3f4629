// ---------------------------------------------------------------------------
// `"ui:widget": "secret"`: one of the host's secret names, stored as a reference to it.
// ---------------------------------------------------------------------------

import { ariaDescribedByIds } from '@rjsf/utils';
import type { ReactElement } from 'react';
import { useFieldRequired } from '../field-required';
import { secretNameOf } from './secret-reference';
import { isInvalid, type ConfigWidgetProps } from './widget-props';

/**
 * `"ui:widget": "secret"`: a choice among the host's secret names, stored as
 * `{{ secrets.<name> }}`, with a line under it saying where secrets come from (and that
 * there are none when the host offers none), read as the select's description.
 */
export function SecretWidget(props: ConfigWidgetProps): ReactElement {
  const { id, onChange, onBlur, onFocus, registry, disabled, readonly } = props;
  const mustFill = useFieldRequired();
  const value: unknown = props.value;
  const context = registry.formContext;
  const current = secretNameOf(value);
  const names = [...context.secrets];
  if (current !== undefined && !names.includes(current)) names.push(current);
  const unknownText = typeof value === 'string' && value !== '' && current === undefined ? value : undefined;
  const helpId = `${id}__secrets-source`;
  const help = context.secrets.length === 0 ? context.labels.noSecretsFromHost : context.labels.secretsFromHost;
  return (
    <>
      <select
        id={id}
        className="wfe-select"
        value={unknownText ?? current ?? ''}
        disabled={disabled || readonly}
        aria-invalid={isInvalid(props)}
        aria-required={mustFill || undefined}
        aria-describedby={`${ariaDescribedByIds(id)} ${helpId}`}
        onChange={(event) => {
          const name = event.target.value;
          onChange(name === '' ? undefined : `{{ secrets.${name} }}`);
        }}
        onBlur={() => onBlur(id, value)}
        onFocus={() => onFocus(id, value)}
      >
        <option value="">{context.labels.noSigningSecret}</option>
        {unknownText !== undefined && <option value={unknownText}>{unknownText}</option>}
        {names.map((name) => (
          <option key={name} value={name}>
            {name}
          </option>
        ))}
      </select>
      <p id={helpId} className="wfe-field-help wfe-secret-source">
        {help}
      </p>
    </>
  );
}
