import { EditorState } from '@codemirror/state';
import { describe, expect, it } from 'vitest';
import {
  decodeJsonStringContent,
  insideJsonString,
  jsonInsertText,
  referencesInJsonLine,
} from '../../../src/editor/panel/form/code/json-references';
import {
  referenceSuggestions,
  suggestionSource,
  suggestionsOpen,
} from '../../../src/editor/references/template-input/suggestions';

/** The source text of every reference found in `line` (all of it in view). */
function sources(line: string): string[] {
  return referencesInJsonLine(line, 0, 0, line.length).map(({ from, to }) => line.slice(from, to));
}

describe('references in JSON text', () => {
  it('are found in string values, with their source text as written', () => {
    const line = '  "text": "Score {{ steps.score_risk.output.body.score }} for {{ trigger.email }}",';
    expect(sources(line)).toEqual(['{{ steps.score_risk.output.body.score }}', '{{ trigger.email }}']);
    const [first] = referencesInJsonLine(line, 100, 100, 100 + line.length);
    expect(first!.from).toBe(100 + line.indexOf('{{'));
    expect(first!.reference.path).toEqual(['steps', 'score_risk', 'output', 'body', 'score']);
  });

  it('cover escapes inside the reference: the chip spans the JSON source, the reference reads the decoded path', () => {
    const line = '{ "type": "{{ steps.a.output.headers[\\"content-type\\"] }}" }';
    const [found] = referencesInJsonLine(line, 0, 0, line.length);
    expect(line.slice(found!.from, found!.to)).toBe('{{ steps.a.output.headers[\\"content-type\\"] }}');
    expect(found!.reference.path).toEqual(['steps', 'a', 'output', 'headers', 'content-type']);
    // Escapes before the reference shift it in the source, not in the decoded string.
    const shifted = '["a\\tb\\u00e9 {{ trigger.id }}"]';
    expect(sources(shifted)).toEqual(['{{ trigger.id }}']);
  });

  it('leave keys, escaped braces, malformed references and text outside strings alone', () => {
    expect(sources('{ "{{ trigger.id }}": 1 }')).toEqual([]);
    expect(sources('{ "a": "\\\\{{ trigger.id }}" }')).toEqual([]);
    expect(sources('{ "a": "{{ nothing.here }}" }')).toEqual([]);
    expect(sources('{ "a": 1 }')).toEqual([]);
    // A quote escaped inside the string does not end it.
    expect(sources('{ "a": "say \\"hi\\" {{ trigger.name }}" }')).toEqual(['{{ trigger.name }}']);
  });

  it('are found only for braces in the window asked for, each string once', () => {
    const line = '["{{ trigger.a }}", "{{ trigger.b }} {{ trigger.c }}", "{{ trigger.d }}"]';
    const second = line.indexOf('{{ trigger.b');
    const found = referencesInJsonLine(line, 0, second, second + 5).map(({ from, to }) => line.slice(from, to));
    expect(found).toEqual(['{{ trigger.b }}', '{{ trigger.c }}']);
  });

  it('decode string content with the source offset of every character', () => {
    const raw = '"a\\nb\\u0041"';
    const decoded = decodeJsonStringContent(raw, 1, raw.length - 1);
    expect(decoded).toEqual({ text: 'a\nbA', offsets: [1, 2, 4, 5, 11] });
    expect(decodeJsonStringContent('"\\x"', 1, 3)).toBeNull();
  });

  it('are inserted as string content inside a string, as a whole string outside one', () => {
    const state = EditorState.create({ doc: '{ "a": "x {{", "b": {{ }' });
    const reference = '{{ steps.a.output.headers["content-type"] }}';
    expect(insideJsonString(state, state.doc.toString().indexOf('{{'))).toBe(true);
    expect(jsonInsertText(reference, state, state.doc.toString().indexOf('{{'))).toBe(
      '{{ steps.a.output.headers[\\"content-type\\"] }}',
    );
    const outside = state.doc.toString().lastIndexOf('{{');
    expect(insideJsonString(state, outside)).toBe(false);
    expect(jsonInsertText(reference, state, outside)).toBe('"{{ steps.a.output.headers[\\"content-type\\"] }}"');
  });
});

describe('reference suggestions in a long line', () => {
  it('open on {{ typed at the end of a 2 MB line, and not after an escaping backslash', () => {
    const long = `[${'"x",'.repeat(500_000)}"`;
    let state = EditorState.create({
      doc: long,
      selection: { anchor: long.length },
      extensions: [
        referenceSuggestions,
        suggestionSource.of({ groups: () => [], listLabel: 'Reference suggestions', emptyText: 'None' }),
      ],
    });
    state = state.update({
      changes: { from: long.length, insert: '{{' },
      selection: { anchor: long.length + 2 },
      userEvent: 'input.type',
    }).state;
    expect(suggestionsOpen(state)).toBe(true);
    // Typed after an escaping backslash, the braces are text.
    let escaped = EditorState.create({
      doc: `${long}\\`,
      selection: { anchor: long.length + 1 },
      extensions: [
        referenceSuggestions,
        suggestionSource.of({ groups: () => [], listLabel: 'Reference suggestions', emptyText: 'None' }),
      ],
    });
    escaped = escaped.update({
      changes: { from: long.length + 1, insert: '{{' },
      selection: { anchor: long.length + 3 },
      userEvent: 'input.type',
    }).state;
    expect(suggestionsOpen(escaped)).toBe(false);
  });
});
