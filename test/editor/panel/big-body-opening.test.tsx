// @vitest-environment jsdom
// A big JSON body opens with its first screen only and the rest joins it after the first
// paint: the first lines are written without writing out the whole value, they are the
// start of exactly what the whole text is, and what is typed into the first screen
// before the rest arrives stays where it was typed.
import { EditorView } from '@codemirror/view';
import { act, cleanup, render, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { JsonValue } from '../../../src/definition';
import { CodeEditor } from '../../../src/editor/panel/form/code/CodeEditor';
import { fieldTextOf, firstLinesOf, fullText, jsonText, jsonTextHead } from '../../../src/editor/panel/form/json-text';

afterEach(cleanup);

/** A value of `count` records, about 200 bytes of JSON each. */
function bigValue(count: number): JsonValue {
  return {
    note: 'start here',
    records: Array.from({ length: count }, (_, index) => ({
      id: `rec_${index}`,
      amount: index * 3.25,
      active: index % 2 === 0,
      tags: ['alpha', `t${index % 17}`],
      nested: { empty: {}, none: [], nothing: null },
    })),
  };
}

describe('the first lines of a JSON value', () => {
  const awkward = {
    quote: 'say "hi"\nthen\tleave \u2028 \ud83d\ude00',
    numbers: [0, -0, 1e21, 1.5e-7, -12.25, Number.NaN],
    empty: { object: {}, array: [] },
    skipped: undefined,
    holes: [undefined, null, true, false],
    '1': 'integer keys come first',
    deep: [[[{ a: [{}] }]]],
  } as unknown as JsonValue;

  it('are line for line what JSON.stringify writes, complete or cut', () => {
    const lines = JSON.stringify(awkward, null, 2).split('\n');
    expect(jsonTextHead(awkward, 1_000)).toEqual({ lines, complete: true });
    expect(jsonTextHead(awkward, lines.length)).toEqual({ lines, complete: true });
    for (const limit of [1, 2, 7, lines.length - 1])
      expect(jsonTextHead(awkward, limit)).toEqual({ lines: lines.slice(0, limit), complete: false });
    for (const value of [[], {}, [[]], { a: {} }] as JsonValue[])
      expect(jsonTextHead(value, 50)?.lines.join('\n')).toBe(JSON.stringify(value, null, 2));
  });

  it('leave a big value unwritten until all of it is asked for, then write exactly jsonText', () => {
    const value = bigValue(2_000);
    const stringify = vi.spyOn(JSON, 'stringify');
    const text = fieldTextOf(value);
    // Only keys and leaves were written (short strings), never the whole value.
    expect(stringify.mock.calls.every(([written]) => written === null || typeof written !== 'object')).toBe(true);
    stringify.mockRestore();
    expect(typeof text).not.toBe('string');
    const whole = JSON.stringify(value, null, 2);
    expect(firstLinesOf(text, 30)).toBe(whole.split('\n').slice(0, 30).join('\n'));
    expect(fullText(text)).toBe(whole);
    expect(jsonText(value)).toBe(whole);
    // Once written, the same value's text comes whole and at once.
    expect(fieldTextOf(value)).toBe(whole);
  });

  it('come whole at once for a small value', () => {
    const value = bigValue(3);
    expect(fieldTextOf(value)).toBe(JSON.stringify(value, null, 2));
  });
});

function viewOf(element: HTMLElement): EditorView {
  const view = EditorView.findFromDOM(element);
  if (!view) throw new Error('not a code editor');
  return view;
}

/** A labelled "Body" code editor opening `value`'s text. */
function renderBody(value: JsonValue, onTextChange: (text: () => string, length: number) => void): void {
  render(
    <>
      <span id="body-label">Body</span>
      <CodeEditor
        id="body"
        text={fieldTextOf(value)}
        textVersion={0}
        onTextChange={onTextChange}
        labelledBy="body-label"
        invalid={false}
        readOnly={false}
        disabled={false}
      />
    </>,
  );
}

describe('a code editor opening a big text', () => {
  it('shows the first screen, busy, then all of the text', async () => {
    const value = bigValue(3_000);
    const onTextChange = vi.fn();
    renderBody(value, onTextChange);
    const body = screen.getByRole('textbox', { name: 'Body' });
    const whole = JSON.stringify(value, null, 2);
    expect(viewOf(body).state.doc.length).toBeLessThan(20_000);
    expect(whole.startsWith(viewOf(body).state.doc.toString())).toBe(true);
    expect(body.getAttribute('aria-busy')).toBe('true');
    await waitFor(() => expect(viewOf(body).state.doc.length).toBe(whole.length));
    expect(viewOf(body).state.doc.toString()).toBe(whole);
    expect(body.hasAttribute('aria-busy')).toBe(false);
    // The rest arriving is no edit of the person's.
    expect(onTextChange).not.toHaveBeenCalled();
  });

  it('keeps what is typed into the first screen before the rest arrives, and then reports the whole text', async () => {
    const value = bigValue(3_000);
    const onTextChange = vi.fn();
    renderBody(value, onTextChange);
    const view = viewOf(screen.getByRole('textbox', { name: 'Body' }));
    const firstScreen = view.state.doc.toString();
    const at = firstScreen.indexOf('start here') + 'star'.length;
    // Typed at a place in the first screen, and at its very end.
    act(() =>
      view.dispatch({
        changes: [
          { from: at, insert: 'x' },
          { from: firstScreen.length, insert: ' ' },
        ],
      }),
    );
    expect(onTextChange).not.toHaveBeenCalled();
    const whole = JSON.stringify(value, null, 2);
    await waitFor(() => expect(onTextChange).toHaveBeenCalledTimes(1));
    const [read, length] = onTextChange.mock.calls[0]! as [() => string, number];
    const expected = `${whole.slice(0, at)}x${whole.slice(at, firstScreen.length)} ${whole.slice(firstScreen.length)}`;
    expect(length).toBe(expected.length);
    expect(read()).toBe(expected);
    expect(view.state.doc.toString()).toBe(expected);
  });

  it('opens a text it opened before whole at once', () => {
    const value = bigValue(3_000);
    const text = fullText(fieldTextOf(value));
    const props = {
      textVersion: 0,
      onTextChange: () => undefined,
      labelledBy: 'body-label',
      invalid: false,
      readOnly: false,
      disabled: false,
    };
    const first = render(<CodeEditor id="first" text={text} {...props} />);
    return waitFor(() =>
      expect(viewOf(first.container.querySelector('#first')!).state.doc.length).toBe(text.length),
    ).then(() => {
      const second = render(<CodeEditor id="second" text={text} {...props} />);
      expect(viewOf(second.container.querySelector('#second')!).state.doc.length).toBe(text.length);
    });
  });
});
