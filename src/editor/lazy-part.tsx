// ---------------------------------------------------------------------------
// A part of the editor whose code loads apart from the editor's initial code: a dialog,
// a panel section that shows only with a run or a published version. What a host pays
// for on first paint stays small, and the part's code comes the first time it shows (or
// before, when the editor preloads it). The same rules as the configuration form's and
// the template input's loaders:
// - once loaded, a part renders at once: React reads a thenable that has already called
//   back as resolved, so mounting it again never suspends (no flash of the stand-in);
// - a chunk that failed to load (a network blip) throws to the nearest error boundary,
//   and its "Try again" loads it again: React keeps a rejected lazy component for good,
//   so a failed one is replaced by a fresh one.
// ---------------------------------------------------------------------------

import { Component, lazy, Suspense, type ComponentType, type ReactElement, type ReactNode } from 'react';

type Loaded<P> = { default: ComponentType<P> };

/** What {@link lazyPart} returns. */
export interface LazyPart<P> {
  /** Renders the part once its code is there, its stand-in before (it has a `<Suspense>` of its own). */
  Loaded: (props: P) => ReactElement;
  /** Starts loading the code; resolves once it is there, rejects when it failed to load. */
  preload: () => Promise<void>;
}

/**
 * A component loaded by `load` the first time it renders or is preloaded; `standIn` shows
 * while its code loads.
 */
export function lazyPart<P extends object>(
  load: () => Promise<ComponentType<P>>,
  standIn: ReactNode = null,
): LazyPart<P> {
  let loaded: Loaded<P> | undefined;
  let loading: Promise<Loaded<P>> | undefined;
  const start = (): Promise<Loaded<P>> => {
    loading ??= load().then(
      (component) => (loaded = { default: component }),
      (error: unknown) => {
        loading = undefined;
        current = lazyLoaded();
        throw error;
      },
    );
    return loading;
  };
  const lazyLoaded = () =>
    lazy(
      () =>
        (loaded ? { then: (resolve: (value: Loaded<P>) => void) => resolve(loaded!) } : start()) as Promise<Loaded<P>>,
    );
  let current = lazyLoaded();
  return {
    // The lazy component is read here, above the Suspense boundary: React renders again
    // below the boundary when the load settles, with the component it had, so a failure
    // reaches the error boundary; rendering this again ("Try again") takes a fresh one.
    Loaded: (props: P) => {
      const Component = current as unknown as ComponentType<P>;
      return (
        <Suspense fallback={standIn}>
          <Component {...props} />
        </Suspense>
      );
    },
    preload: () => start().then(() => undefined),
  };
}

/** Props of {@link LoadFailureBoundary}. */
export interface LoadFailureBoundaryProps {
  /** Shown after the part's code failed to load. @default nothing */
  fallback?: ReactNode;
  /** When this changes (`Object.is`), the part is tried again: its code loads again. */
  retryKey: unknown;
  children: ReactNode;
}

/**
 * Around a lazily loaded part outside the editor's error boundaries (the toolbar's): a
 * chunk that failed to load shows `fallback` instead of taking the editor down, until
 * `retryKey` changes (the menu opened again, say).
 */
export class LoadFailureBoundary extends Component<LoadFailureBoundaryProps, { failed: boolean; retryKey: unknown }> {
  override state = { failed: false, retryKey: this.props.retryKey };

  static getDerivedStateFromError(): { failed: boolean } {
    return { failed: true };
  }

  static getDerivedStateFromProps(
    props: LoadFailureBoundaryProps,
    state: { retryKey: unknown },
  ): { failed: boolean; retryKey: unknown } | null {
    return Object.is(props.retryKey, state.retryKey) ? null : { failed: false, retryKey: props.retryKey };
  }

  override render(): ReactNode {
    return this.state.failed ? (this.props.fallback ?? null) : this.props.children;
  }
}
