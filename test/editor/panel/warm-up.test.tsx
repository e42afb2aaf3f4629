// @vitest-environment jsdom
// The warm-up draws an HTTPS step's panel out of sight once the editor is idle, so the
// first panel a person opens finds its code compiled. It must draw the real panel (or it
// warms nothing), leave the page as it was, keep what it draws out of reach while it
// exists, happen once per page, and cost nothing but its time when drawing fails.
import { version } from 'react';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { preloadConfigForm } from '../../../src/editor/panel/form/LazyConfigForm';

beforeAll(async () => {
  await preloadConfigForm();
});

afterEach(() => {
  vi.doUnmock('../../../src/editor/panel/StepConfigPanel');
  vi.doUnmock('../../../src/editor/panel/form/LazyConfigForm');
  vi.restoreAllMocks();
});

/** A fresh copy of the modules: no panel drawn in this "page" yet. */
async function freshWarmUp(): Promise<() => boolean> {
  vi.resetModules();
  return (await import('../../../src/editor/panel/warm-up')).warmUpConfigPanel;
}

describe('warmUpConfigPanel', () => {
  it('draws the panel out of sight, once, leaving the page and focus as they were', async () => {
    const warmUpConfigPanel = await freshWarmUp();
    const button = document.body.appendChild(document.createElement('button'));
    button.focus();
    const before = document.body.innerHTML;
    const changes = new MutationObserver(() => undefined);
    changes.observe(document.body, { childList: true });
    const errors = vi.spyOn(console, 'error');

    expect(warmUpConfigPanel()).toBe(true);

    // One element came and went, out of reach of focus and assistive technology meanwhile.
    const records = changes.takeRecords();
    changes.disconnect();
    const added = records.flatMap((record) => [...record.addedNodes]);
    const removed = records.flatMap((record) => [...record.removedNodes]);
    expect(added).toHaveLength(1);
    expect(removed).toEqual(added);
    const host = added[0] as HTMLElement;
    expect(host.hasAttribute('inert')).toBe(true);
    expect(host.getAttribute('aria-hidden')).toBe('true');
    expect(host.style.visibility).toBe('hidden');
    expect(host.childNodes).toHaveLength(0);
    expect(document.body.innerHTML).toBe(before);
    expect(document.activeElement).toBe(button);
    expect(errors).not.toHaveBeenCalled();
    // Once per page: a second call draws nothing.
    expect(warmUpConfigPanel()).toBe(false);
    button.remove();
  });

  it("draws nothing once a step's panel has been drawn: its code is compiled already", async () => {
    const warmUpConfigPanel = await freshWarmUp();
    const { markPanelsWarm } = await import('../../../src/editor/panel/panel-warmth');
    markPanelsWarm();
    const changes = new MutationObserver(() => undefined);
    changes.observe(document.body, { childList: true });

    expect(warmUpConfigPanel()).toBe(false);
    expect(changes.takeRecords()).toEqual([]);
    changes.disconnect();
  });

  it("says so when a part of the panel failed, which the panel's own boundary caught, without a word in the console", async () => {
    vi.doMock('../../../src/editor/panel/form/LazyConfigForm', async (importOriginal) => ({
      ...(await importOriginal<object>()),
      ConfigForm: () => {
        throw new Error('this form cannot draw');
      },
    }));
    const warmUpConfigPanel = await freshWarmUp();
    const errors = vi.spyOn(console, 'error');

    expect(warmUpConfigPanel()).toBe(false);
    if (Number(version.split('.')[0]) >= 19) expect(errors).not.toHaveBeenCalled();
  });

  it('swallows a panel that fails to draw (in React 19 without a word in the console)', async () => {
    vi.doMock('../../../src/editor/panel/StepConfigPanel', () => ({
      StepConfigPanel: () => {
        throw new Error('this panel cannot draw');
      },
    }));
    const warmUpConfigPanel = await freshWarmUp();
    const errors = vi.spyOn(console, 'error');

    expect(warmUpConfigPanel()).toBe(false);
    // React 18 logs every error a boundary catches; React 19 asks the root's onCaughtError.
    if (Number(version.split('.')[0]) >= 19) expect(errors).not.toHaveBeenCalled();
  });
});
