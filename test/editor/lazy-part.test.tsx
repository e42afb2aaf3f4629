// @vitest-environment jsdom
// The editor's lazily loaded parts (run details, dialogs, compare controls): once loaded,
// a part renders without suspending; a chunk that failed to load is fetched again by
// "Try again" (an error boundary's reset) or, outside the editor's boundaries, when the
// part's retry key changes; a failed load never takes down what is around it.
import { act, cleanup, render, screen } from '@testing-library/react';
import { Component, type ReactNode } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { lazyPart, LoadFailureBoundary } from '../../src/editor/lazy-part';

afterEach(cleanup);

function Greeting(props: { name: string }): ReactNode {
  return <p>Hello {props.name}</p>;
}

/** A boundary with "Try again", as the panel's and the dialogs' are. */
class Retry extends Component<{ children: ReactNode }, { failed: boolean }> {
  override state = { failed: false };
  static getDerivedStateFromError(): { failed: boolean } {
    return { failed: true };
  }
  override render(): ReactNode {
    if (!this.state.failed) return this.props.children;
    return (
      <button type="button" onClick={() => this.setState({ failed: false })}>
        Try again
      </button>
    );
  }
}

/** A loader that fails the first `failures` times. */
function flakyLoader(failures: number) {
  let calls = 0;
  return vi.fn(async () => {
    calls += 1;
    if (calls <= failures) throw new Error('Failed to fetch dynamically imported module');
    return Greeting;
  });
}

describe('lazyPart', () => {
  it('renders at once once preloaded', async () => {
    const part = lazyPart(flakyLoader(0));
    await part.preload();
    render(<part.Loaded name="Ada" />);
    // In the first commit: no empty frame before it.
    expect(screen.getByText('Hello Ada')).toBeTruthy();
  });

  it('shows its stand-in while its code loads, then the part', async () => {
    let finish: (component: typeof Greeting) => void = () => {};
    const part = lazyPart(
      () => new Promise<typeof Greeting>((resolve) => (finish = resolve)),
      <p aria-busy="true">Loading</p>,
    );
    render(<part.Loaded name="Ada" />);
    expect(screen.getByText('Loading')).toBeTruthy();
    await act(async () => finish(Greeting));
    expect(screen.getByText('Hello Ada')).toBeTruthy();
    expect(screen.queryByText('Loading')).toBeNull();
  });

  it('loads again on "Try again" after a failed load', async () => {
    const load = flakyLoader(1);
    const part = lazyPart(load);
    vi.spyOn(console, 'error').mockImplementation(() => {});
    render(
      <Retry>
        <part.Loaded name="Ada" />
      </Retry>,
    );
    const retry = await screen.findByRole('button', { name: 'Try again' });
    await act(async () => retry.click());
    expect(await screen.findByText('Hello Ada')).toBeTruthy();
    expect(load).toHaveBeenCalledTimes(2);
  });

  it('rejects a failed preload, and the next preload loads again', async () => {
    const load = flakyLoader(1);
    const part = lazyPart(load);
    await expect(part.preload()).rejects.toThrow('Failed to fetch');
    await expect(part.preload()).resolves.toBeUndefined();
    expect(load).toHaveBeenCalledTimes(2);
  });
});

describe('LoadFailureBoundary', () => {
  it('shows its fallback after a failed load, keeps what is around it, and tries again when its key changes', async () => {
    const part = lazyPart(flakyLoader(1));
    vi.spyOn(console, 'error').mockImplementation(() => {});
    const tree = (key: number) => (
      <div>
        <p>Toolbar</p>
        <LoadFailureBoundary retryKey={key} fallback={<p>Not loaded</p>}>
          <part.Loaded name="Ada" />
        </LoadFailureBoundary>
      </div>
    );
    const view = render(tree(1));
    expect(await screen.findByText('Not loaded')).toBeTruthy();
    expect(screen.getByText('Toolbar')).toBeTruthy();
    view.rerender(tree(1));
    expect(screen.getByText('Not loaded')).toBeTruthy();
    view.rerender(tree(2));
    expect(await screen.findByText('Hello Ada')).toBeTruthy();
  });
});
