// @vitest-environment jsdom
// The template input loads apart from the editor; while it loads, a plain input stands in.
// What a person typed, and where their caret was, must survive the hand-over, however the
// keys and the mount interleave (a slow machine, React 18's scheduling).
import { act, cleanup, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { TemplateInputElement } from '../../../src/editor/references/template-input/TemplateInput';

afterEach(cleanup);

describe('the template input', () => {
  it('puts text arriving at the caret before the caret, so the next key lands after it', async () => {
    const { TemplateInput } = await import('../../../src/editor/references/template-input/TemplateInput');
    const onChange = vi.fn();
    const view = render(<TemplateInput id="url" ariaLabel="URL" value="https://c" onChange={onChange} autoFocus />);
    const element = screen.getByRole<TemplateInputElement>('textbox', { name: 'URL' });
    expect(element.selectionStart).toBe(9);
    // A key pressed on the stand-in reaches the store after the loaded input mounted.
    view.rerender(<TemplateInput id="url" ariaLabel="URL" value="https://cr" onChange={onChange} autoFocus />);
    expect(element.value).toBe('https://cr');
    expect(element.selectionStart).toBe(10);
    expect(onChange).not.toHaveBeenCalled();
  });

  it('keeps a caret away from text that changes elsewhere', async () => {
    const { TemplateInput } = await import('../../../src/editor/references/template-input/TemplateInput');
    const view = render(<TemplateInput id="url" ariaLabel="URL" value="abc" onChange={() => {}} />);
    const element = screen.getByRole<TemplateInputElement>('textbox', { name: 'URL' });
    element.setSelectionRange(1, 1);
    view.rerender(<TemplateInput id="url" ariaLabel="URL" value="abcdef" onChange={() => {}} />);
    expect([element.selectionStart, element.selectionEnd]).toEqual([1, 1]);
  });
});

describe('the stand-in', () => {
  it('hands focus and caret to the loaded input', async () => {
    vi.resetModules();
    const { LazyTemplateInput, preloadTemplateInput } =
      await import('../../../src/editor/references/template-input/LazyTemplateInput');
    render(<LazyTemplateInput id="url" ariaLabel="URL" value="https://crm.example.com" onChange={() => {}} />);
    const standIn = screen.getByRole<HTMLInputElement>('textbox', { name: 'URL' });
    expect(standIn.tagName).toBe('INPUT');
    standIn.focus();
    standIn.setSelectionRange(8, 11);
    await act(() => preloadTemplateInput());
    await vi.waitFor(() => expect(screen.getByRole('textbox', { name: 'URL' }).tagName).not.toBe('INPUT'));
    const current = screen.getByRole<TemplateInputElement>('textbox', { name: 'URL' });
    expect(current.contains(document.activeElement)).toBe(true);
    expect([current.selectionStart, current.selectionEnd]).toEqual([8, 11]);
  });

  it('leaves an unfocused field unfocused when the loaded input arrives', async () => {
    vi.resetModules();
    const { LazyTemplateInput, preloadTemplateInput } =
      await import('../../../src/editor/references/template-input/LazyTemplateInput');
    render(<LazyTemplateInput id="url" ariaLabel="URL" value="https://crm.example.com" onChange={() => {}} />);
    await act(() => preloadTemplateInput());
    await vi.waitFor(() => expect(screen.getByRole('textbox', { name: 'URL' }).tagName).not.toBe('INPUT'));
    expect(document.activeElement).toBe(document.body);
  });
});
