// ---------------------------------------------------------------------------
// The chrome every configuration panel shares: a region named "Step configuration",
// the action's icon and label as heading, "Close", the body, and a footer.
// ---------------------------------------------------------------------------

import { useEffect, useState, type ReactElement, type ReactNode } from 'react';
import { ActionIcon } from '../icons';
import { IconButton } from '../IconButton';
import type { EditorLabels } from '../labels';

/** Props of {@link PanelFrame}. */
export interface PanelFrameProps {
  /** The heading: the action's label ("Make HTTPS Request"), or "Trigger". */
  heading: string;
  /** Icon name or URL shown before the heading. */
  icon?: string;
  /** One sentence under the heading (the action's description). */
  description?: string;
  labels: EditorLabels;
  onClose?: () => void;
  /** Buttons at the bottom ("Export step JSON"). */
  footer?: ReactNode;
  children: ReactNode;
}

/** The region that holds one panel. */
export function PanelFrame(props: PanelFrameProps): ReactElement {
  const { heading, icon, description, labels, onClose, footer, children } = props;
  return (
    <section className="wfe-panel" aria-label={labels.stepConfiguration}>
      <header className="wfe-panel-header">
        {icon && (
          <span className="wfe-panel-icon" aria-hidden="true">
            <ActionIcon icon={icon} size={20} />
          </span>
        )}
        <div className="wfe-panel-heading">
          <h2 className="wfe-panel-title">{heading}</h2>
          {description && <p className="wfe-panel-description">{description}</p>}
        </div>
        {onClose && (
          <IconButton
            glyph="close"
            size={16}
            className="wfe-panel-close"
            label={labels.close}
            title={labels.close}
            onClick={onClose}
          />
        )}
      </header>
      <div className="wfe-panel-body">{children}</div>
      {footer && <footer className="wfe-panel-footer">{footer}</footer>}
    </section>
  );
}

/** Props of {@link NameInput}. */
export interface NameInputProps {
  id: string;
  label: string;
  /** The name in the definition. */
  value: string;
  /** Called with every non-empty name typed. */
  onChange: (name: string) => void;
  onBlur?: () => void;
  /** Shown while the field is empty ("Enter a name."). */
  emptyMessage: string;
  /** Problems about the name from the definition layer. */
  messages?: readonly string[];
  readOnly?: boolean;
  /** Render the label visibly (false: only for assistive technology). @default true */
  showLabel?: boolean;
  className?: string;
}

/**
 * A name field. The definition never holds an empty name, so while the person has
 * cleared the field to retype it the empty text is kept here, and nothing is written.
 */
export function NameInput(props: NameInputProps): ReactElement {
  const { id, label, value, onChange, onBlur, emptyMessage, messages = [], readOnly, showLabel = true, className } = props;
  const [emptyDraft, setEmptyDraft] = useState(false);
  // A new name from outside (undo, another field) ends the empty draft.
  useEffect(() => setEmptyDraft(false), [value]);
  const shown = emptyDraft ? '' : value;
  const allMessages = emptyDraft ? [emptyMessage, ...messages] : messages;
  const errorId = `${id}__error`;
  return (
    <div className={`wfe-field ${allMessages.length > 0 ? 'wfe-field--invalid' : ''} ${className ?? ''}`}>
      <label className={showLabel ? 'wfe-label' : 'wfe-visually-hidden'} htmlFor={id}>
        {label}
      </label>
      <input
        id={id}
        type="text"
        className="wfe-input"
        value={shown}
        readOnly={readOnly}
        aria-invalid={allMessages.length > 0 || undefined}
        aria-describedby={allMessages.length > 0 ? errorId : undefined}
        onChange={(event) => {
          const next = event.target.value;
          if (next.trim() === '') {
            setEmptyDraft(true);
            return;
          }
          setEmptyDraft(false);
          onChange(next);
        }}
        onBlur={() => {
          setEmptyDraft(false);
          onBlur?.();
        }}
      />
      {allMessages.length > 0 && (
        <div className="wfe-field-errors" id={errorId}>
          {allMessages.map((message) => (
            <p key={message} className="wfe-field-error">
              {message}
            </p>
          ))}
        </div>
      )}
    </div>
  );
}

/** A DOM-id-safe prefix from React's `useId()` (which may contain ":" or "«»"). */
export function idPrefixFrom(reactId: string, kind: string): string {
  return `wfe${reactId.replace(/[^A-Za-z0-9]/g, '')}${kind}`;
}
