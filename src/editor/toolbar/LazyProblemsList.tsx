// ---------------------------------------------------------------------------
// The problems list as the editor shows it, loaded apart from the editor's initial code:
// it shows only when a person opens it ("2 problems", or a blocked Publish or Test
// workflow). The editor starts loading it as soon as there is a problem to list, so it
// usually opens at once. If its code fails to load, the list's place says so, with "Try
// again" (which loads it again) and "Close" when the list has one.
// ---------------------------------------------------------------------------

import { Component, Suspense, type ReactElement, type ReactNode } from 'react';
import { ErrorAlert } from '../ErrorBoundary';
import type { EditorLabels } from '../labels';
import { lazyPart } from '../lazy-part';
import { useLabels } from '../WorkflowEditorProvider';
import type { ProblemsListProps } from './ProblemsList';

const list = lazyPart(() => import('./ProblemsList').then((module) => module.ProblemsList));

/** Starts loading the problems list's code; resolves once it is there. */
export const preloadProblemsList = list.preload;

/**
 * Every validation problem, grouped by step; choosing one focuses its field. See
 * {@link ProblemsListProps}. Nothing shows while its code loads.
 */
export function ProblemsList(props: ProblemsListProps): ReactElement {
  const labels = useLabels();
  return (
    <LoadFailure labels={labels} onClose={props.onClose} className={props.className}>
      <Suspense fallback={null}>
        <list.Loaded {...props} />
      </Suspense>
    </LoadFailure>
  );
}

interface LoadFailureProps {
  labels: EditorLabels;
  onClose: (() => void) | undefined;
  className: string | undefined;
  children: ReactNode;
}

/**
 * Where the list would be, after its code failed to load. Only a failed load lands here:
 * the list itself renders nothing a host supplies, so it has no failure of its own to
 * report to `onError`.
 */
class LoadFailure extends Component<LoadFailureProps, { error: Error | null }> {
  override state: { error: Error | null } = { error: null };

  static getDerivedStateFromError(thrown: unknown): { error: Error } {
    return { error: thrown instanceof Error ? thrown : new Error(String(thrown)) };
  }

  private readonly retry = (): void => this.setState({ error: null });

  override render(): ReactNode {
    const { error } = this.state;
    if (error === null) return this.props.children;
    const { labels, onClose, className } = this.props;
    return (
      <section className={['wfe-problems', className].filter(Boolean).join(' ')} aria-label={labels.problems}>
        <ErrorAlert
          message={labels.problems}
          error={error}
          onRetry={this.retry}
          labels={labels}
          actions={
            onClose ? (
              <button type="button" className="wfe-button" onClick={onClose}>
                {labels.close}
              </button>
            ) : undefined
          }
        />
      </section>
    );
  }
}
