// ---------------------------------------------------------------------------
// The chrome every configuration panel shares: a region named "Step configuration",
// the action's icon and label as heading, "Close", the body, and a footer.
// ---------------------------------------------------------------------------

import { useEffect, useLayoutEffect, useRef, useState, type ReactElement, type ReactNode } from 'react';
import { useBrowserUndoAsHistory, useHistoryKeys } from '../history-keys';
import { IconButton } from '../IconButton';
import { ActionIcon } from '../icons';
import type { EditorLabels } from '../labels';
import { useWorkflowEditor, useWorkflowEditorStore } from '../WorkflowEditorProvider';

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

const FIELD_SELECTOR = 'input:not([type="hidden"]), select, textarea';
const FOCUSABLE_SELECTOR = `${FIELD_SELECTOR}, button, [href], [tabindex]:not([tabindex="-1"])`;

/** The first element matching `selector` in `root`, in DOM order, that a person could focus now. */
function firstFocusable(root: HTMLElement, selector: string): HTMLElement | null {
  for (const element of root.querySelectorAll<HTMLElement>(selector)) {
    if (element.matches(':disabled') || element.closest('[hidden], [inert]')) continue;
    // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition -- browsers before 2024 lack checkVisibility
    if (element.checkVisibility && !element.checkVisibility()) continue;
    return element;
  }
  return null;
}

/** Frames to wait for a first field that is not drawn yet (the form's code may still be loading). */
const FIELD_WAIT_FRAMES = 10;
const LOADING_WAIT_FRAMES = 300;

/**
 * Moves focus into the panel when the store asks (opened from the keyboard, or a step just
 * inserted from the picker), and gives it back to the canvas when the panel goes away
 * while holding it (Close, the step deleted), so focus never falls to the page.
 */
function usePanelFocus(sectionRef: { current: HTMLElement | null }): void {
  const store = useWorkflowEditorStore();
  const focusRequested = useWorkflowEditor((state) => state.panelFocusRequest);

  useEffect(() => {
    const section = sectionRef.current;
    if (!focusRequested || !section) return;
    // Focus may only move from where it is now (the card, or the page once the picker
    // closed); if the person takes it elsewhere meanwhile, it stays there.
    const origin = document.activeElement;
    let frames = 0;
    let handle = 0;
    const done = (): void => store.getState().clearPanelFocusRequest();
    const tryFocus = (): void => {
      const active = document.activeElement;
      if (active && section.contains(active)) {
        done();
        return;
      }
      if (active !== origin && active !== null && active !== document.body) {
        done();
        return;
      }
      const field = firstFocusable(section, FIELD_SELECTOR);
      // The form shows a busy placeholder while its code loads; wait for it.
      const loading = section.querySelector('[aria-busy="true"]') !== null;
      if (field) {
        field.focus();
        done();
        return;
      }
      frames += 1;
      if (frames < FIELD_WAIT_FRAMES || (loading && frames < LOADING_WAIT_FRAMES)) {
        handle = requestAnimationFrame(tryFocus);
        return;
      }
      // A panel without fields (a message in place of a form): its first control.
      firstFocusable(section, FOCUSABLE_SELECTOR)?.focus();
      done();
    };
    tryFocus();
    return () => cancelAnimationFrame(handle);
  }, [focusRequested, sectionRef, store]);

  // A layout cleanup runs before React removes the panel's elements, so it can still see
  // whether focus is inside; a passive one would find it already on the page.
  useLayoutEffect(() => {
    const section = sectionRef.current;
    return () => {
      if (!section || !section.contains(document.activeElement)) return;
      // Only if the panel is really gone: React's StrictMode (and hiding, as Activity
      // does) runs this cleanup on a panel that stays, which must keep its focus.
      queueMicrotask(() => {
        if (!section.isConnected) store.getState().requestCanvasFocus();
      });
    };
  }, [sectionRef, store]);
}

/** The region that holds one panel. */
export function PanelFrame(props: PanelFrameProps): ReactElement {
  const { heading, icon, description, labels, onClose, footer, children } = props;
  const sectionRef = useRef<HTMLElement>(null);
  usePanelFocus(sectionRef);
  const onHistoryKey = useHistoryKeys();
  useBrowserUndoAsHistory(sectionRef);
  return (
    <section ref={sectionRef} className="wfe-panel" aria-label={labels.stepConfiguration} onKeyDown={onHistoryKey}>
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
/** A field's messages under it, named by `id` for the field's `aria-describedby`; nothing without messages. */
export function FieldErrors(props: { id: string; messages: readonly string[] }): ReactElement | null {
  if (props.messages.length === 0) return null;
  return (
    <div className="wfe-field-errors" id={props.id}>
      {props.messages.map((message) => (
        <p key={message} className="wfe-field-error">
          {message}
        </p>
      ))}
    </div>
  );
}

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
  const {
    id,
    label,
    value,
    onChange,
    onBlur,
    emptyMessage,
    messages = [],
    readOnly,
    showLabel = true,
    className,
  } = props;
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
      <FieldErrors id={errorId} messages={allMessages} />
    </div>
  );
}

/** A DOM-id-safe prefix from React's `useId()` (which may contain ":" or "«»"). */
export function idPrefixFrom(reactId: string, kind: string): string {
  return `wfe${reactId.replace(/[^A-Za-z0-9]/g, '')}${kind}`;
}
