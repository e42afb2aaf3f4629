// ---------------------------------------------------------------------------
// Keeps a failure in one part of the editor (a host action's schema that rjsf cannot
// render, a widget that throws) inside that part. The part shows what failed in a
// person's words, "Try again", and the error's message behind a disclosure; the rest of
// the editor, and the definition in the store, carry on. A class component because
// React offers error boundaries only as classes.
// ---------------------------------------------------------------------------

import { Component, type ErrorInfo, type ReactElement, type ReactNode } from 'react';
import type { EditorLabels } from './labels';

/** The part of the editor that failed. */
export type EditorErrorArea = 'panel' | 'canvas' | 'dialog' | 'picker';

/** Where an error reported to `onError` happened. */
export interface EditorErrorDetails {
  /** The part that failed and now shows a message in its place. */
  area: EditorErrorArea;
  /** The step whose panel failed (area `'panel'`, not for the trigger). */
  stepId?: string;
}

/** Receives every error a part of the editor caught while rendering. */
export type EditorErrorHandler = (error: Error, details: EditorErrorDetails) => void;

/** What {@link ErrorBoundaryProps.fallback} receives. */
export interface ErrorFallbackProps {
  /** The caught error (a thrown non-Error wrapped in one). */
  error: Error;
  /** Renders the children again. */
  reset: () => void;
}

/** Props of {@link ErrorBoundary}. */
export interface ErrorBoundaryProps {
  /** Reported with every error. */
  area: EditorErrorArea;
  /** Reported with every error of a step's panel. */
  stepId?: string;
  /** Called once per caught error. */
  onError: EditorErrorHandler;
  /**
   * When any of these changes (compared with `Object.is`), a failed boundary renders its
   * children again: the selected step, a newly opened picker.
   */
  resetKeys?: readonly unknown[];
  /** Shown instead of the children after they failed. */
  fallback: (props: ErrorFallbackProps) => ReactNode;
  children?: ReactNode;
}

interface ErrorBoundaryState {
  error: Error | null;
  resetKeys: readonly unknown[];
}

const NO_KEYS: readonly unknown[] = [];

function sameKeys(a: readonly unknown[], b: readonly unknown[]): boolean {
  return a.length === b.length && a.every((key, index) => Object.is(key, b[index]));
}

/** Anything thrown, as an Error whose message can be shown. */
function asError(thrown: unknown): Error {
  if (thrown instanceof Error) return thrown;
  let text: string;
  try {
    // JSON.stringify answers undefined for undefined, functions and symbols, whatever its type says.
    // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition
    text = typeof thrown === 'string' ? thrown : (JSON.stringify(thrown) ?? String(thrown));
  } catch {
    text = Object.prototype.toString.call(thrown);
  }
  return new Error(text);
}

/**
 * Renders its children until one throws while rendering, then `fallback` until "Try
 * again" (`reset`) or a change of `resetKeys`. Reports each caught error to `onError`.
 */
export class ErrorBoundary extends Component<ErrorBoundaryProps, ErrorBoundaryState> {
  override state: ErrorBoundaryState = { error: null, resetKeys: this.props.resetKeys ?? NO_KEYS };

  static getDerivedStateFromError(thrown: unknown): Partial<ErrorBoundaryState> {
    return { error: asError(thrown) };
  }

  // Runs before every render, so new keys clear the error before the children render
  // again; if they throw again, getDerivedStateFromError catches it in the same pass.
  static getDerivedStateFromProps(
    props: ErrorBoundaryProps,
    state: ErrorBoundaryState,
  ): Partial<ErrorBoundaryState> | null {
    const keys = props.resetKeys ?? NO_KEYS;
    if (sameKeys(keys, state.resetKeys)) return null;
    return { error: null, resetKeys: keys };
  }

  override componentDidCatch(thrown: unknown, _info: ErrorInfo): void {
    const { area, stepId, onError } = this.props;
    try {
      onError(asError(thrown), stepId === undefined ? { area } : { area, stepId });
    } catch (reportFailure) {
      // A host's reporter that throws must not take down the part it reports on.
      console.error(reportFailure);
    }
  }

  private readonly reset = (): void => {
    this.setState({ error: null });
  };

  override render(): ReactNode {
    const { error } = this.state;
    if (error === null) return this.props.children;
    return this.props.fallback({ error, reset: this.reset });
  }
}

/** Props of {@link ErrorAlert}. */
export interface ErrorAlertProps {
  /** What failed, in a person's words ("This step's settings could not be shown."). */
  message: string;
  error: Error;
  /** "Try again". */
  onRetry: () => void;
  labels: EditorLabels;
  /** More buttons beside "Try again" (a dialog's "Close"). */
  actions?: ReactNode;
  className?: string;
}

/** The longest error message shown; a longer one is cut (a host schema can be quoted whole). */
const MAX_DETAIL_LENGTH = 600;

/**
 * The message a failed part shows: what failed, what still works, "Try again", and the
 * error's own message (never its stack) behind a "Details" disclosure.
 */
export function ErrorAlert(props: ErrorAlertProps): ReactElement {
  const { message, error, onRetry, labels, actions, className } = props;
  const detail =
    error.message.length > MAX_DETAIL_LENGTH ? `${error.message.slice(0, MAX_DETAIL_LENGTH)}…` : error.message;
  return (
    <div role="alert" className={className ? `wfe-error-alert ${className}` : 'wfe-error-alert'}>
      <p className="wfe-error-alert-title">{message}</p>
      <p className="wfe-error-alert-text">{labels.failureKeepsWork}</p>
      <div className="wfe-error-alert-actions">
        <button type="button" className="wfe-button" onClick={onRetry}>
          {labels.tryAgain}
        </button>
        {actions}
      </div>
      {detail !== '' && (
        <details className="wfe-error-alert-details">
          <summary>{labels.errorDetails}</summary>
          <p className="wfe-error-alert-message">{detail}</p>
        </details>
      )}
    </div>
  );
}
