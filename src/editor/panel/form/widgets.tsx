// ---------------------------------------------------------------------------
// Widgets registered by name, so an action's uiSchema stays plain JSON:
// `"ui:widget": "reference" | "secret" | "seconds" | "select" | "checkbox" | "textarea"`.
// ---------------------------------------------------------------------------

import { useEffect, useRef, useState, type ReactElement } from 'react';
import { ariaDescribedByIds, type RegistryWidgetsType, type RJSFSchema, type WidgetProps } from '@rjsf/utils';
import type { JsonObject, ReferenceOption } from '../../../definition';
import { ReferencePicker } from '../../references/ReferencePicker';
import { LazyTemplateInput as TemplateInput } from '../../references/template-input/LazyTemplateInput';
import type { TemplateInputElement } from '../../references/template-input/TemplateInput';
import { visibleMessages, type ConfigFormContext } from './context';

type Props = WidgetProps<JsonObject, RJSFSchema, ConfigFormContext>;

function invalid(props: Props): boolean | undefined {
  return visibleMessages(props.registry.formContext, props.id).length > 0 || undefined;
}

/**
 * Inserts `insertText` into `value` in place of the selection `start`..`end` and
 * returns the new text and caret.
 */
export function insertAt(value: string, start: number, end: number, insertText: string): { text: string; caret: number } {
  const safeStart = Math.max(0, Math.min(start, value.length));
  const safeEnd = Math.max(safeStart, Math.min(end, value.length));
  return {
    text: value.slice(0, safeStart) + insertText + value.slice(safeEnd),
    caret: safeStart + insertText.length,
  };
}

/** A text field that takes references, with "Insert reference" beside it. */
export function ReferenceInput(props: {
  id: string;
  value: string;
  onChange: (value: string) => void;
  onBlur?: () => void;
  onFocus?: () => void;
  placeholder?: string;
  disabled?: boolean;
  readOnly?: boolean;
  invalid?: boolean;
  describedBy?: string;
  /** The accessible name when no `<label htmlFor>` names the input. */
  ariaLabel?: string;
  references: (() => readonly import('../../../definition').ReferenceGroup[]) | undefined;
  insertReferenceLabel: string;
  multiline?: boolean;
}): ReactElement {
  const { id, value, onChange, references, insertReferenceLabel, multiline } = props;
  const inputRef = useRef<TemplateInputElement | null>(null);
  const buttonRef = useRef<HTMLButtonElement>(null);
  const [pickerOpen, setPickerOpen] = useState(false);
  const selection = useRef<{ start: number; end: number }>({ start: value.length, end: value.length });
  const pendingCaret = useRef<number | null>(null);

  useEffect(() => {
    if (pendingCaret.current === null || !inputRef.current) return;
    const caret = pendingCaret.current;
    pendingCaret.current = null;
    inputRef.current.focus();
    inputRef.current.setSelectionRange(caret, caret);
  });

  const rememberSelection = (): void => {
    const input = inputRef.current;
    if (!input) return;
    selection.current = { start: input.selectionStart ?? value.length, end: input.selectionEnd ?? value.length };
  };

  const choose = (option: ReferenceOption): void => {
    const { text, caret } = insertAt(value, selection.current.start, selection.current.end, option.insertText);
    setPickerOpen(false);
    pendingCaret.current = caret;
    onChange(text);
  };

  const onBlur = (): void => {
    rememberSelection();
    props.onBlur?.();
  };

  return (
    <div className="wfe-reference-input">
      {/* References show as chips, `{{` suggests them; its element reads like the input it replaces. */}
      <TemplateInput
        id={id}
        inputRef={inputRef}
        value={value}
        onChange={onChange}
        onFocus={props.onFocus}
        onBlur={onBlur}
        placeholder={props.placeholder}
        disabled={props.disabled}
        readOnly={props.readOnly}
        invalid={props.invalid}
        describedBy={props.describedBy}
        ariaLabel={props.ariaLabel}
        references={references}
        multiline={multiline}
      />
      {references && !props.readOnly && !props.disabled && (
        <button
          ref={buttonRef}
          type="button"
          className="wfe-icon-button wfe-insert-reference"
          aria-label={insertReferenceLabel}
          title={insertReferenceLabel}
          aria-haspopup="dialog"
          aria-expanded={pickerOpen}
          onClick={() => {
            rememberSelection();
            setPickerOpen((open) => !open);
          }}
        >
          <span aria-hidden="true">{'{ }'}</span>
        </button>
      )}
      {pickerOpen && references && (
        <ReferencePicker
          groups={references()}
          anchor={buttonRef.current}
          onSelect={choose}
          onClose={(reason) => {
            setPickerOpen(false);
            if (reason === 'escape') inputRef.current?.focus();
          }}
        />
      )}
    </div>
  );
}

/** `"ui:widget": "reference"`: text that may hold `{{ ... }}` references. */
export function ReferenceWidget(props: Props): ReactElement {
  const { id, value, onChange, onBlur, onFocus, registry, options, placeholder, disabled, readonly } = props;
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
      invalid={invalid(props)}
      describedBy={ariaDescribedByIds(id)}
      references={context.references}
      insertReferenceLabel={context.labels.insertReference}
      multiline={options.multiline === true}
    />
  );
}

const SECRET_REFERENCE = /^\{\{\s*secrets\.([A-Za-z_][A-Za-z0-9_]*)\s*\}\}$/;

/** The secret name in `{{ secrets.<name> }}`, or undefined. */
export function secretNameOf(value: unknown): string | undefined {
  return typeof value === 'string' ? SECRET_REFERENCE.exec(value)?.[1] : undefined;
}

/**
 * `"ui:widget": "secret"`: a choice among the host's secret names, stored as
 * `{{ secrets.<name> }}`, with a line under it saying where secrets come from (and that
 * there are none when the host offers none), read as the select's description.
 */
export function SecretWidget(props: Props): ReactElement {
  const { id, value, onChange, onBlur, onFocus, registry, disabled, readonly } = props;
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
        aria-invalid={invalid(props)}
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

/** `"ui:widget": "seconds"`: a number of seconds; an empty field means the default. */
export function SecondsWidget(props: Props): ReactElement {
  const { id, value, onChange, onBlur, onFocus, registry, schema, disabled, readonly, placeholder } = props;
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
        aria-invalid={invalid(props)}
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

/** Choices of an `enum`, values kept as they are (not as indexes). */
export function SelectWidget(props: Props): ReactElement {
  const { id, value, onChange, onBlur, onFocus, options, required, disabled, readonly, placeholder, schema } = props;
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
      aria-invalid={invalid(props)}
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

/** A checkbox with its label beside it. */
export function CheckboxWidget(props: Props): ReactElement {
  const { id, value, onChange, onBlur, onFocus, label, disabled, readonly, schema } = props;
  // A value at its default is not in the definition; the box still shows it.
  const checked = (value === undefined ? schema.default : value) === true;
  return (
    <label className="wfe-checkbox" htmlFor={id}>
      <input
        id={id}
        type="checkbox"
        checked={checked}
        disabled={disabled || readonly}
        aria-invalid={invalid(props)}
        aria-describedby={ariaDescribedByIds(id)}
        onChange={(event) => onChange(event.target.checked)}
        onBlur={() => onBlur(id, value)}
        onFocus={() => onFocus(id, value)}
      />
      <span>{label}</span>
    </label>
  );
}

/** Multi-line text. */
export function TextareaWidget(props: Props): ReactElement {
  const { id, value, onChange, onBlur, onFocus, options, disabled, readonly, placeholder } = props;
  return (
    <textarea
      id={id}
      className="wfe-input wfe-textarea"
      rows={typeof options.rows === 'number' ? options.rows : 4}
      value={typeof value === 'string' ? value : ''}
      placeholder={placeholder}
      disabled={disabled}
      readOnly={readonly}
      aria-invalid={invalid(props)}
      aria-describedby={ariaDescribedByIds(id)}
      onChange={(event) => onChange(event.target.value === '' ? options.emptyValue : event.target.value)}
      onBlur={() => onBlur(id, value)}
      onFocus={() => onFocus(id, value)}
    />
  );
}

/** Every widget the configuration forms register, by the name a uiSchema uses. */
export const configFormWidgets: RegistryWidgetsType<JsonObject, RJSFSchema, ConfigFormContext> = {
  reference: ReferenceWidget,
  secret: SecretWidget,
  seconds: SecondsWidget,
  SelectWidget,
  select: SelectWidget,
  CheckboxWidget,
  checkbox: CheckboxWidget,
  TextareaWidget,
  textarea: TextareaWidget,
};
