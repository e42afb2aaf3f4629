// ---------------------------------------------------------------------------
// References in JSON text (a request Body): a `{{ ... }}` inside a JSON string value is a
// reference (the format's "A string may contain references"), drawn as a chip over its
// source text. The chip covers the reference's characters as written in the JSON, escapes
// included (`{{ steps.a.output.body[\"content-type\"] }}`), so the text stays the
// document: copied, stored and undone exactly as typed.
//
// Only the lines in view are looked at, so a key in a 2 MB body costs what it costs in a
// small one. That needs no parse from the top: in valid JSON `{{` never stands outside a
// string, so the string around a `{{` is found from the nearest unescaped quotes on
// either side, on its own line (a JSON string holds no line break).
// ---------------------------------------------------------------------------

import type { EditorState } from '@codemirror/state';
import type { EditorView } from '@codemirror/view';
import { parseTemplate } from '../../../../definition';
import type { LocatedReference, ReferenceFinder } from '../../../references/template-input/chips';

/**
 * How far around the part of a line in view its text is read: a string that starts or
 * ends further away (in a minified body drawn in part) shows no chips until scrolled to.
 */
const LINE_MARGIN = 8_192;

/** How far before the part in view a `{{` is looked for: a chip cut by the view's edge still shows whole. */
const REFERENCE_LOOKBACK = 512;

const ESCAPES: Record<string, string> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };

/** Whether the character at `index` is escaped: an odd number of backslashes before it. */
function isEscaped(text: string, index: number): boolean {
  let backslashes = 0;
  for (let at = index - 1; at >= 0 && text.charCodeAt(at) === 92; at--) backslashes++;
  return backslashes % 2 === 1;
}

/**
 * The content of a JSON string literal, `raw.slice(from, to)` (quotes excluded), decoded,
 * with `offsets[i]` the index in `raw` where decoded character `i` is written
 * (`offsets[length]` is `to`). Null when it is no valid string content (a bad escape).
 */
export function decodeJsonStringContent(
  raw: string,
  from: number,
  to: number,
): { text: string; offsets: number[] } | null {
  let text = '';
  const offsets: number[] = [];
  let at = from;
  while (at < to) {
    const char = raw[at]!;
    if (char !== '\\') {
      offsets.push(at);
      text += char;
      at++;
      continue;
    }
    const escape = raw[at + 1];
    if (escape === undefined || at + 1 >= to) return null;
    if (escape === 'u') {
      const hex = raw.slice(at + 2, at + 6);
      if (at + 6 > to || !/^[0-9a-fA-F]{4}$/.test(hex)) return null;
      offsets.push(at);
      text += String.fromCharCode(parseInt(hex, 16));
      at += 6;
      continue;
    }
    const decoded = ESCAPES[escape];
    if (decoded === undefined) return null;
    offsets.push(at);
    text += decoded;
    at += 2;
  }
  offsets.push(to);
  return { text, offsets };
}

/** Index of the first unescaped `"` in `text` at or after `from`, or -1. */
function closingQuote(text: string, from: number): number {
  let at = text.indexOf('"', from);
  while (at !== -1 && isEscaped(text, at)) at = text.indexOf('"', at + 1);
  return at;
}

/** Index of the last unescaped `"` in `text` before `before`, or -1. */
function openingQuote(text: string, before: number): number {
  let at = text.lastIndexOf('"', before - 1);
  while (at !== -1 && isEscaped(text, at)) at = at === 0 ? -1 : text.lastIndexOf('"', at - 1);
  return at;
}

/** Whether the string ending with the quote at `close` is an object key (a `:` follows it). */
function isKey(text: string, close: number): boolean {
  const after = /^[ \t]*:/.exec(text.slice(close + 1, close + 65));
  return after !== null;
}

/**
 * The references in string values of a piece of JSON text on one line, `text`, which
 * starts at document position `base`: those of every string with a `{{` at a position in
 * `[windowFrom, windowTo)`, in order. Object keys are left alone (no reference in a key
 * is resolved).
 */
export function referencesInJsonLine(
  text: string,
  base: number,
  windowFrom: number,
  windowTo: number,
): LocatedReference[] {
  const found: LocatedReference[] = [];
  let search = Math.max(0, windowFrom - base);
  const searchEnd = Math.min(text.length, windowTo - base);
  while (search < searchEnd) {
    const braces = text.indexOf('{{', search);
    if (braces === -1 || braces >= searchEnd) break;
    const open = openingQuote(text, braces);
    const close = open === -1 ? -1 : closingQuote(text, braces + 2);
    if (close === -1) {
      search = braces + 2;
      continue;
    }
    // The rest of this string is done with, whatever it holds.
    search = close + 1;
    if (isKey(text, close)) continue;
    const content = decodeJsonStringContent(text, open + 1, close);
    if (!content || !content.text.includes('{{')) continue;
    for (const part of parseTemplate(content.text)) {
      if (part.kind !== 'reference') continue;
      const { reference } = part;
      found.push({
        from: base + content.offsets[reference.start]!,
        to: base + content.offsets[reference.end]!,
        reference,
      });
    }
  }
  return found;
}

/** The references in JSON string values on the lines in view, in order, each once. */
export const jsonReferencesInView: ReferenceFinder = (view: EditorView) => {
  const { doc } = view.state;
  const found: LocatedReference[] = [];
  let drawnTo = -1;
  for (const range of view.visibleRanges) {
    let position = range.from;
    while (position <= range.to) {
      const line = doc.lineAt(position);
      const windowFrom = Math.max(line.from, range.from - REFERENCE_LOOKBACK);
      const windowTo = Math.min(line.to, range.to);
      const sliceFrom = Math.max(line.from, windowFrom - LINE_MARGIN);
      const sliceTo = Math.min(line.to, windowTo + LINE_MARGIN);
      const text = doc.sliceString(sliceFrom, sliceTo);
      if (text.includes('{{')) {
        for (const located of referencesInJsonLine(text, sliceFrom, windowFrom, windowTo)) {
          // A string reached from two ranges in view is drawn once.
          if (located.from < drawnTo) continue;
          found.push(located);
          drawnTo = located.to;
        }
      }
      position = line.to + 1;
    }
  }
  return found;
};

/** Whether `position` lies inside a JSON string on its line (an odd number of unescaped quotes before it). */
export function insideJsonString(state: EditorState, position: number): boolean {
  const line = state.doc.lineAt(position);
  const before = state.sliceDoc(line.from, position);
  let inside = false;
  for (let at = before.indexOf('"'); at !== -1; at = before.indexOf('"', at + 1)) {
    if (!isEscaped(before, at)) inside = !inside;
  }
  return inside;
}

/**
 * A reference's `{{ ... }}` as it is written into JSON text at `from`: as string content
 * inside a string (quotes and backslashes of its path escaped), or as a whole string
 * where none is open, so the value keeps the referenced value's type and the JSON stays valid.
 */
export function jsonInsertText(reference: string, state: EditorState, from: number): string {
  const literal = JSON.stringify(reference);
  return insideJsonString(state, from) ? literal.slice(1, -1) : literal;
}
