// @vitest-environment jsdom
// With `deferTyping` (the editor's step panels), a key typed into a template input reaches
// `onChange` once the frame showing it has been painted, so what the change sets off does
// not hold up the character. It must still arrive before anything that could depend on it
// (the next key or click anywhere, the end of the burst, the field unmounting), and a
// value from outside (undo) must win over typing still waiting.
import { Transaction } from '@codemirror/state';
import { EditorView } from '@codemirror/view';
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import { useState, type ReactElement } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { TemplateInput, type TemplateInputElement } from '../../../src/editor/references/template-input/TemplateInput';

afterEach(cleanup);

/** A controlled field, as rjsf holds one: `onChange` sets the value it is given back. */
function Controlled(props: {
  initial: string;
  calls: string[];
  deferTyping?: boolean;
  outside?: { set?: (value: string) => void };
}): ReactElement {
  const [value, setValue] = useState(props.initial);
  if (props.outside) props.outside.set = setValue;
  return (
    <TemplateInput
      id="url"
      ariaLabel="URL"
      value={value}
      deferTyping={props.deferTyping ?? true}
      onChange={(next) => {
        props.calls.push(`change ${next}`);
        setValue(next);
      }}
      onBlur={() => props.calls.push('blur')}
    />
  );
}

function field(): TemplateInputElement {
  return screen.getByRole<TemplateInputElement>('textbox', { name: 'URL' });
}

/** Puts `text` at the end as CodeMirror does: typed, a key at a time ("input.type"), or in one change (a paste). */
function enter(text: string, userEvent: 'input.type' | 'input.paste' = 'input.type'): void {
  const view = EditorView.findFromDOM(field())!;
  // The tests type ASCII only: a UTF-16 unit is a key.
  const parts = userEvent === 'input.type' ? text.split('') : [text];
  act(() => {
    for (const part of parts) {
      const end = view.state.doc.length;
      view.dispatch({
        changes: { from: end, insert: part },
        selection: { anchor: end + part.length },
        annotations: Transaction.userEvent.of(userEvent),
      });
    }
  });
}

const afterPaint = () => act(() => new Promise<void>((resolve) => setTimeout(resolve, 60)));

describe('a template input with deferTyping', () => {
  it('hands keys on after the next paint, once for the keys typed before it', async () => {
    const calls: string[] = [];
    render(<Controlled initial="https://a" calls={calls} />);
    enter('bc');
    expect(field().value).toBe('https://abc');
    expect(calls).toEqual([]);
    await afterPaint();
    expect(calls).toEqual(['change https://abc']);
    expect(field().value).toBe('https://abc');
  });

  it('hands them on before the next key or pointer press anywhere is handled', async () => {
    const calls: string[] = [];
    render(<Controlled initial="https://a" calls={calls} />);
    enter('b');
    const seen: string[][] = [];
    const onKey = () => seen.push([...calls]);
    document.addEventListener('keydown', onKey);
    fireEvent.keyDown(document.body, { key: 'z', ctrlKey: true });
    document.removeEventListener('keydown', onKey);
    expect(seen).toEqual([['change https://ab']]);

    enter('c');
    fireEvent.pointerDown(document.body);
    expect(calls).toEqual(['change https://ab', 'change https://abc']);
    // Nothing is left to go out after the paint.
    await afterPaint();
    expect(calls).toHaveLength(2);
  });

  it('hands them on in a page that draws no frames (hidden), after a while', async () => {
    const frames = vi.spyOn(window, 'requestAnimationFrame').mockImplementation(() => 0);
    try {
      const calls: string[] = [];
      render(<Controlled initial="" calls={calls} />);
      enter('ab');
      await afterPaint();
      expect(calls).toEqual([]);
      await act(() => new Promise<void>((resolve) => setTimeout(resolve, 250)));
      expect(calls).toEqual(['change ab']);
    } finally {
      frames.mockRestore();
    }
  });

  it('hands them on before blur, which ends the burst', () => {
    const calls: string[] = [];
    render(<Controlled initial="" calls={calls} />);
    act(() => field().focus());
    enter('ab');
    act(() => field().blur());
    expect(calls).toEqual(['change ab', 'blur']);
  });

  it('hands a paste on at once, with the keys typed before it', () => {
    const calls: string[] = [];
    render(<Controlled initial="" calls={calls} />);
    enter('ab');
    enter('{{', 'input.paste');
    expect(calls).toEqual(['change ab{{']);
  });

  it('lets a value from outside replace typing still waiting', async () => {
    const calls: string[] = [];
    const outside: { set?: (value: string) => void } = {};
    render(<Controlled initial="https://a" calls={calls} outside={outside} />);
    enter('b');
    act(() => outside.set!('https://undone'));
    expect(field().value).toBe('https://undone');
    await afterPaint();
    expect(calls).toEqual([]);
    expect(field().value).toBe('https://undone');
  });

  it('hands them on when it unmounts', () => {
    const calls: string[] = [];
    const onChange = vi.fn((next: string) => calls.push(`change ${next}`));
    const view = render(<TemplateInput id="url" ariaLabel="URL" value="a" deferTyping onChange={onChange} />);
    enter('b');
    view.unmount();
    expect(calls).toEqual(['change ab']);
  });

  it('without it hands each key on at once', () => {
    const calls: string[] = [];
    render(<Controlled initial="" calls={calls} deferTyping={false} />);
    enter('ab');
    expect(calls).toEqual(['change a', 'change ab']);
  });
});
