// @vitest-environment jsdom
// With `deferTyping` (the editor's step panels), a key typed into a form field reaches
// `onChange` once the frame showing it has been painted, so what the change sets off does
// not hold up the character. It must still arrive before anything that could depend on it:
// the next key or click, the end of the burst (a field losing focus), the form unmounting,
// and a choice made in another field.
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { JsonObject, JsonSchema } from '../../../src/definition';
import { defaultLabels } from '../../../src/editor/labels';
import { ConfigForm } from '../../../src/editor/panel/form/ConfigForm';

afterEach(cleanup);

const schema: JsonSchema = {
  type: 'object',
  properties: {
    url: { type: 'string', title: 'URL' },
    method: { type: 'string', title: 'Method', enum: ['GET', 'POST'] },
  },
};

function renderForm(props: { deferTyping: boolean; calls: string[]; value?: JsonObject }) {
  const onChange = vi.fn((next: JsonObject, field: string | undefined) => {
    props.calls.push(`change ${JSON.stringify(next)} ${field ?? '-'}`);
  });
  const onEndBurst = vi.fn(() => props.calls.push('end burst'));
  const element = (value: JsonObject, showAllErrors = false) => (
    <ConfigForm
      schema={schema}
      value={value}
      onChange={onChange}
      onEndBurst={onEndBurst}
      deferTyping={props.deferTyping}
      problems={[]}
      basePointer="/steps/0/config"
      showAllErrors={showAllErrors}
      secrets={[]}
      references={undefined}
      labels={defaultLabels}
      readOnly={false}
      idPrefix="cfg"
    />
  );
  const view = render(element(props.value ?? { url: 'https://a' }));
  return {
    view,
    onChange,
    rerender: (value: JsonObject, showAllErrors: boolean) => view.rerender(element(value, showAllErrors)),
  };
}

const afterPaint = () => act(() => new Promise<void>((resolve) => setTimeout(resolve, 50)));

describe('typing in a form with deferTyping', () => {
  it('reaches onChange after the next paint, once for keys typed before it', async () => {
    const calls: string[] = [];
    renderForm({ deferTyping: true, calls });
    const url = screen.getByRole('textbox', { name: 'URL' });
    fireEvent.change(url, { target: { value: 'https://ab' } });
    fireEvent.change(url, { target: { value: 'https://abc' } });
    expect(calls).toEqual([]);
    await afterPaint();
    expect(calls).toEqual(['change {"url":"https://abc"} url']);
  });

  it('reaches onChange before the next key or click is handled', async () => {
    const calls: string[] = [];
    renderForm({ deferTyping: true, calls });
    const url = screen.getByRole('textbox', { name: 'URL' });
    fireEvent.change(url, { target: { value: 'https://ab' } });
    const seen: string[][] = [];
    const onKey = () => seen.push([...calls]);
    document.addEventListener('keydown', onKey);
    fireEvent.keyDown(document.body, { key: 'z', ctrlKey: true });
    document.removeEventListener('keydown', onKey);
    expect(seen).toEqual([['change {"url":"https://ab"} url']]);

    fireEvent.change(url, { target: { value: 'https://abc' } });
    fireEvent.mouseDown(document.body);
    expect(calls).toEqual(['change {"url":"https://ab"} url', 'change {"url":"https://abc"} url']);
  });

  it('hands typing on before the burst ends, and before a choice', async () => {
    const calls: string[] = [];
    renderForm({ deferTyping: true, calls });
    const url = screen.getByRole('textbox', { name: 'URL' });
    fireEvent.focus(url);
    fireEvent.change(url, { target: { value: 'https://ab' } });
    fireEvent.blur(url);
    expect(calls).toEqual(['change {"url":"https://ab"} url', 'end burst']);

    fireEvent.change(url, { target: { value: 'https://abc' } });
    fireEvent.change(screen.getByRole('combobox', { name: 'Method' }), { target: { value: '1' } });
    expect(calls.slice(2)).toEqual([
      'change {"url":"https://abc"} url',
      'change {"url":"https://abc","method":"POST"} -',
    ]);
  });

  it('keeps showing what was typed when the form draws again before it went out', () => {
    const calls: string[] = [];
    const { rerender } = renderForm({ deferTyping: true, calls });
    const url = screen.getByRole<HTMLInputElement>('textbox', { name: 'URL' });
    fireEvent.change(url, { target: { value: 'https://ab' } });
    // A render for another reason (every message shown), with the value from before the key.
    rerender({ url: 'https://a' }, true);
    expect(url.value).toBe('https://ab');
  });

  it('hands typing on when the form unmounts', () => {
    const calls: string[] = [];
    const { view } = renderForm({ deferTyping: true, calls });
    fireEvent.change(screen.getByRole('textbox', { name: 'URL' }), { target: { value: 'https://ab' } });
    view.unmount();
    expect(calls).toEqual(['change {"url":"https://ab"} url']);
  });
});

describe('typing in a form without deferTyping', () => {
  it('reaches onChange at once', () => {
    const calls: string[] = [];
    renderForm({ deferTyping: false, calls });
    fireEvent.change(screen.getByRole('textbox', { name: 'URL' }), { target: { value: 'https://ab' } });
    expect(calls).toEqual(['change {"url":"https://ab"} url']);
  });
});
