// @vitest-environment jsdom
import { EditorState } from '@codemirror/state';
import { EditorView } from '@codemirror/view';
import { afterEach, describe, expect, it } from 'vitest';
import { jsonReferencesInView } from '../../../src/editor/panel/form/code/json-references';
import { chipDescriber, referenceChipsWith } from '../../../src/editor/references/template-input/chips';

let view: EditorView | null = null;
afterEach(() => {
  view?.destroy();
  view = null;
});

/** A pretty-printed JSON array of `count` records, each with a reference in a string value. */
function recordsText(count: number): string {
  const records = Array.from({ length: count }, (_, index) => ({
    id: index,
    owner: `Owner {{ trigger.owners[${index}] }}`,
  }));
  return JSON.stringify(records, null, 2);
}

function mount(doc: string): EditorView {
  const parent = document.createElement('div');
  document.body.appendChild(parent);
  view = new EditorView({
    parent,
    state: EditorState.create({
      doc,
      extensions: [
        referenceChipsWith({ find: jsonReferencesInView, followViewport: true }),
        chipDescriber.of((reference) => ({
          label: reference.path.join(' › '),
          accessibleName: `Reference: ${reference.path.join(' › ')}`,
        })),
      ],
    }),
  });
  return view;
}

/** Where the chips are (their decorations, which are also the atomic ranges), drawn or not. */
function chipRanges(editor: EditorView): [number, number][] {
  const ranges: [number, number][] = [];
  for (const source of editor.state.facet(EditorView.atomicRanges)) {
    source(editor).between(0, editor.state.doc.length, (from, to) => void ranges.push([from, to]));
  }
  return ranges;
}

describe('reference chips in JSON text', () => {
  it('are drawn for the lines in view only, however long the text', () => {
    const text = recordsText(50_000);
    const editor = mount(text);
    const chips = editor.contentDOM.querySelectorAll('[role="img"]');
    expect(chips.length).toBeGreaterThan(0);
    // A few screens' worth at most, not one per record.
    expect(chips.length).toBeLessThan(500);
    expect(chips[0]!.getAttribute('aria-label')).toBe('Reference: trigger › owners › 0');
    // Found for the lines in view, not for the whole text.
    expect(chipRanges(editor).length).toBeLessThan(500);
    // The text stays the document.
    expect(editor.state.doc.toString()).toBe(text);
  });

  it('follow the text: a reference typed into a string becomes a chip, one atomic unit', () => {
    const editor = mount('{ "a": "x" }');
    const end = '{ "a": "x'.length;
    editor.dispatch({
      changes: { from: end, insert: ' {{ trigger.id }}' },
      selection: { anchor: end + ' {{ trigger.id }}'.length },
    });
    expect(editor.contentDOM.querySelector('[role="img"]')?.getAttribute('aria-label')).toBe('Reference: trigger › id');
    // One atomic unit over the reference's source: the caret steps over it, Backspace takes it whole.
    expect(chipRanges(editor)).toEqual([[end + 1, end + ' {{ trigger.id }}'.length]]);
    expect(editor.state.doc.toString()).toBe('{ "a": "x {{ trigger.id }}" }');
  });
});
