// ---------------------------------------------------------------------------
// Typing `{{` opens the reference suggestions at the caret: what the field may refer to
// here (availableReferences' groups: the trigger, earlier steps, secrets, ids), filtered
// by what follows the braces, each field with the type its schema gives. Arrow keys move,
// Enter inserts the reference (which then shows as a chip), Escape closes, Tab closes and
// leaves the field. Focus stays in the text all along (a combobox-like textbox: the list
// is its `aria-controls`, the highlighted option its `aria-activedescendant`).
// Drawn with the reference picker's classes, so both lists look alike.
// ---------------------------------------------------------------------------

import { Facet, Prec, StateEffect, StateField, type EditorState, type Extension } from '@codemirror/state';
import { EditorView, keymap, showTooltip, type Tooltip, type TooltipView, type ViewUpdate } from '@codemirror/view';
import type { ReferenceGroup, ReferenceOption } from '../../../definition';

/** Where the suggestions come from, and their words. */
export interface SuggestionSource {
  /** What is in scope here, grouped; called when the list opens or filters. */
  groups: () => readonly ReferenceGroup[];
  /** Accessible name of the list ("Reference suggestions"). */
  listLabel: string;
  /** Shown when nothing matches ("Nothing to reference here"). */
  emptyText: string;
  /**
   * The text that goes into the document for a reference whose braces were typed at
   * `from`: by default its `{{ ... }}` as it is. A JSON text writes it as JSON string
   * content (a quote in a path escaped), or as a whole string where no string was open.
   */
  insertText?: (reference: string, state: EditorState, from: number) => string;
}

/** The suggestions' source; `null` (the default) turns suggestions off. */
export const suggestionSource = Facet.define<SuggestionSource | null, SuggestionSource | null>({
  combine: (values) => values[values.length - 1] ?? null,
});

/** One suggestion, flattened out of its group. */
export interface Suggestion {
  option: ReferenceOption;
  groupLabel: string;
  /** Nesting under the group's top-level fields, for the indent. */
  depth: number;
  /** Lower-case text searched: group, enclosing labels, label, inserted text. */
  search: string;
}

interface OpenSuggestions {
  /** Position of the `{{` that opened the list. */
  from: number;
  /** What was typed after the braces. */
  query: string;
  /** Index of the highlighted suggestion among the matches. */
  selected: number;
  /** Id of the listbox (options are `${listId}-${index}`). */
  listId: string;
  tooltip: Tooltip;
}

const highlight = StateEffect.define<number>();
const closeSuggestions = StateEffect.define();

let listCount = 0;

const flattenedBySource = new WeakMap<SuggestionSource, Suggestion[]>();

function flatten(
  options: readonly ReferenceOption[],
  groupLabel: string,
  depth: number,
  trail: string[],
  into: Suggestion[],
): void {
  for (const option of options) {
    into.push({
      option,
      groupLabel,
      depth,
      search: [groupLabel, ...trail, option.label, option.insertText].join(' ').toLowerCase(),
    });
    if (option.children) flatten(option.children, groupLabel, depth + 1, [...trail, option.label], into);
  }
}

/** Every option of `groups`, nested fields after their parent, in order. */
export function suggestionsOf(groups: readonly ReferenceGroup[]): Suggestion[] {
  const flat: Suggestion[] = [];
  for (const group of groups) flatten(group.options, group.label, 0, [], flat);
  return flat;
}

function allSuggestions(source: SuggestionSource): Suggestion[] {
  let flat = flattenedBySource.get(source);
  if (!flat) {
    flat = suggestionsOf(source.groups());
    flattenedBySource.set(source, flat);
  }
  return flat;
}

/**
 * Shown at most, so the list never scrolls (a scrolling list would need a focus stop of its
 * own while focus stays in the text); typing narrows the rest down, and "Insert reference"
 * browses everything.
 */
const MAX_SHOWN = 8;

function wordsOf(query: string): string[] {
  return query
    .toLowerCase()
    .split(/[\s.[\]"]+/)
    .filter(Boolean);
}

/** 0: the option's own name is the last word typed; 1: starts with it; 2: contains it; 3: matched elsewhere. */
function rank(suggestion: Suggestion, last: string | undefined): number {
  if (last === undefined) return 3;
  const label = suggestion.option.label.toLowerCase();
  if (label === last) return 0;
  if (label.startsWith(last)) return 1;
  return label.includes(last) ? 2 : 3;
}

/**
 * The suggestions matching `query` (every word of it, split at spaces and dots, appears),
 * at most {@link MAX_SHOWN}: those whose own name fits the last word first, shown in
 * their groups' order.
 */
export function matchingSuggestions(all: readonly Suggestion[], query: string): Suggestion[] {
  const words = wordsOf(query);
  const last = words[words.length - 1];
  const matches: { suggestion: Suggestion; index: number; rank: number }[] = [];
  all.forEach((suggestion, index) => {
    if (words.every((word) => suggestion.search.includes(word)))
      matches.push({ suggestion, index, rank: rank(suggestion, last) });
  });
  return matches
    .sort((a, b) => a.rank - b.rank || a.index - b.index)
    .slice(0, MAX_SHOWN)
    .sort((a, b) => a.index - b.index)
    .map((match) => match.suggestion);
}

/**
 * The suggestion Enter should take for `query`: the first whose own name is the last word
 * typed, else starts with it, else contains it ("{{ score" highlights the score field, not
 * the first field of the step "Score risk").
 */
function bestMatch(matches: readonly Suggestion[], query: string): number {
  const words = wordsOf(query);
  const last = words[words.length - 1];
  let best = 0;
  matches.forEach((suggestion, index) => {
    if (rank(suggestion, last) < rank(matches[best]!, last)) best = index;
  });
  return best;
}

function matchesIn(state: EditorState, open: OpenSuggestions): Suggestion[] {
  const source = state.facet(suggestionSource);
  return source ? matchingSuggestions(allSuggestions(source), open.query) : [];
}

/** The longest query the suggestions follow; further away the braces are no longer being typed. */
const MAX_QUERY_LENGTH = 200;

/** The `{{` before the caret on its line, not escaped and not closed yet, with what follows it. */
function openBraces(state: EditorState): { from: number; query: string } | null {
  const range = state.selection.main;
  if (!range.empty || state.selection.ranges.length > 1) return null;
  const line = state.doc.lineAt(range.head);
  // Only the end of the line matters (a query is short): a line of a minified 2 MB body
  // is not copied out on every key. The extra characters are the braces and the one
  // before them (an escape).
  const start = Math.max(line.from, range.head - MAX_QUERY_LENGTH - 3);
  const before = state.sliceDoc(start, range.head);
  const open = before.lastIndexOf('{{');
  if (open === -1 || (open > 0 && before[open - 1] === '\\')) return null;
  const query = before.slice(open + 2);
  if (query.includes('}}') || query.length > MAX_QUERY_LENGTH) return null;
  return { from: start + open, query };
}

function tooltipAt(pos: number): Tooltip {
  return { pos, above: false, strictSide: false, create: (view) => new SuggestionList(view) };
}

const suggestionsField = StateField.define<OpenSuggestions | null>({
  create: () => null,
  update(open, transaction) {
    if (transaction.effects.some((effect) => effect.is(closeSuggestions))) return null;
    if (transaction.state.facet(suggestionSource) === null) return null;
    // Closed, and nothing typed: stays closed (no need to look at the text).
    if (open === null && !transaction.docChanged) return null;
    const found = openBraces(transaction.state);
    if (open === null) {
      // Only typing opens the list, right after the braces: moving the caret into old text does not.
      if (!found || found.query !== '' || !transaction.docChanged || !transaction.isUserEvent('input.type'))
        return null;
      return {
        from: found.from,
        query: '',
        selected: 0,
        listId: `wfe-reference-suggestions-${++listCount}`,
        tooltip: tooltipAt(found.from),
      };
    }
    if (!found || found.from !== transaction.changes.mapPos(open.from)) return null;
    const source = transaction.state.facet(suggestionSource)!;
    let selected =
      found.query === open.query
        ? open.selected
        : bestMatch(matchingSuggestions(allSuggestions(source), found.query), found.query);
    for (const effect of transaction.effects) if (effect.is(highlight)) selected = effect.value;
    if (found.from === open.from && found.query === open.query && selected === open.selected) return open;
    return {
      ...open,
      from: found.from,
      query: found.query,
      selected,
      tooltip: found.from === open.from ? open.tooltip : tooltipAt(found.from),
    };
  },
  provide: (field) => [
    showTooltip.from(field, (open) => open?.tooltip ?? null),
    EditorView.contentAttributes.compute([field], (state) => {
      const open = state.field(field);
      if (!open) return { 'aria-autocomplete': 'list' };
      const attributes: Record<string, string> = { 'aria-autocomplete': 'list', 'aria-controls': open.listId };
      const matches = matchesIn(state, open);
      if (matches.length > 0)
        attributes['aria-activedescendant'] = `${open.listId}-${Math.min(open.selected, matches.length - 1)}`;
      return attributes;
    }),
  ],
});

/** Replaces the `{{ query` (and a `}}` right after the caret) with the reference. */
function accept(view: EditorView, suggestion: Suggestion): void {
  const open = view.state.field(suggestionsField);
  if (!open) return;
  const head = view.state.selection.main.head;
  const closing = /^[ \t]*\}\}/.exec(view.state.sliceDoc(head, head + 64));
  const encode = view.state.facet(suggestionSource)?.insertText;
  const insert = encode ? encode(suggestion.option.insertText, view.state, open.from) : suggestion.option.insertText;
  view.dispatch({
    changes: { from: open.from, to: head + (closing ? closing[0].length : 0), insert },
    selection: { anchor: open.from + insert.length },
    effects: closeSuggestions.of(null),
    userEvent: 'input.complete',
    scrollIntoView: true,
  });
}

function moveHighlight(view: EditorView, by: number): boolean {
  const open = view.state.field(suggestionsField);
  if (!open) return false;
  const count = matchesIn(view.state, open).length;
  if (count === 0) return true;
  const next = (((open.selected + by) % count) + count) % count;
  view.dispatch({ effects: highlight.of(next) });
  return true;
}

class SuggestionList implements TooltipView {
  readonly dom: HTMLElement;
  private readonly list: HTMLElement;
  private readonly empty: HTMLElement;

  constructor(private readonly view: EditorView) {
    this.dom = document.createElement('div');
    this.dom.className = 'wfe-suggestions';
    this.list = document.createElement('div');
    this.list.className = 'wfe-picker-list wfe-suggestions-list';
    this.list.setAttribute('role', 'listbox');
    this.empty = document.createElement('div');
    this.empty.className = 'wfe-picker-empty';
    this.dom.append(this.list, this.empty);
    // Clicks choose without taking focus from the text.
    this.dom.addEventListener('mousedown', (event) => event.preventDefault());
    this.render();
  }

  update(update: ViewUpdate): void {
    if (update.state.field(suggestionsField) !== update.startState.field(suggestionsField)) this.render();
  }

  private render(): void {
    const state = this.view.state;
    const open = state.field(suggestionsField);
    const source = state.facet(suggestionSource);
    if (!open || !source) return;
    const matches = matchesIn(state, open);
    const selected = Math.min(open.selected, matches.length - 1);
    this.list.id = open.listId;
    this.list.setAttribute('aria-label', source.listLabel);
    this.list.replaceChildren();
    this.list.hidden = matches.length === 0;
    this.empty.hidden = matches.length > 0;
    this.empty.textContent = source.emptyText;
    let group: HTMLElement | null = null;
    let groupLabel: string | null = null;
    let selectedElement: HTMLElement | null = null;
    matches.forEach((suggestion, index) => {
      if (group === null || suggestion.groupLabel !== groupLabel) {
        groupLabel = suggestion.groupLabel;
        group = document.createElement('div');
        group.className = 'wfe-picker-group';
        group.setAttribute('role', 'group');
        const heading = document.createElement('div');
        heading.id = `${open.listId}-group-${index}`;
        // The picker's heading look (its style keys on cmdk's attribute).
        heading.setAttribute('cmdk-group-heading', '');
        heading.setAttribute('aria-hidden', 'true');
        heading.textContent = groupLabel;
        group.setAttribute('aria-label', groupLabel);
        group.appendChild(heading);
        this.list.appendChild(group);
      }
      const item = this.option(suggestion, `${open.listId}-${index}`, index === selected);
      if (index === selected) selectedElement = item;
      group.appendChild(item);
    });
    // jsdom and some embedded browsers have no scrollIntoView.
    // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition
    (selectedElement as HTMLElement | null)?.scrollIntoView?.({ block: 'nearest' });
  }

  private option(suggestion: Suggestion, id: string, selected: boolean): HTMLElement {
    const { option } = suggestion;
    const item = document.createElement('div');
    item.id = id;
    item.setAttribute('role', 'option');
    item.setAttribute('aria-selected', String(selected));
    item.dataset.selected = String(selected);
    item.className = 'wfe-picker-item wfe-reference-item';
    item.style.paddingInlineStart = `calc(var(--wfe-space-3, 12px) + ${suggestion.depth} * 16px)`;
    const text = document.createElement('span');
    text.className = 'wfe-picker-item-text';
    const label = document.createElement('span');
    label.className = 'wfe-picker-item-label';
    label.textContent = option.label;
    if (option.type) {
      const type = document.createElement('span');
      type.className = 'wfe-reference-type';
      type.textContent = option.type;
      label.appendChild(type);
    }
    const path = document.createElement('code');
    path.className = 'wfe-picker-item-description wfe-reference-path';
    path.textContent = option.insertText;
    text.append(label, path);
    item.appendChild(text);
    item.addEventListener('click', () => accept(this.view, suggestion));
    return item;
  }
}

function close(view: EditorView): boolean {
  if (!view.state.field(suggestionsField)) return false;
  view.dispatch({ effects: closeSuggestions.of(null) });
  return true;
}

/** The `{{` suggestions: state, list, keys. Needs {@link suggestionSource} to show anything. */
export const referenceSuggestions: Extension = [
  suggestionsField,
  Prec.highest(
    keymap.of([
      { key: 'ArrowDown', run: (view) => moveHighlight(view, 1) },
      { key: 'ArrowUp', run: (view) => moveHighlight(view, -1) },
      { key: 'PageDown', run: (view) => moveHighlight(view, 8) },
      { key: 'PageUp', run: (view) => moveHighlight(view, -8) },
      {
        key: 'Enter',
        run: (view) => {
          const open = view.state.field(suggestionsField);
          if (!open) return false;
          const matches = matchesIn(view.state, open);
          const chosen = matches[Math.min(open.selected, matches.length - 1)];
          if (!chosen) return close(view);
          accept(view, chosen);
          return true;
        },
      },
      {
        key: 'Tab',
        run: (view) => {
          // Closes, and Tab still leaves the field.
          close(view);
          return false;
        },
      },
    ]),
  ),
  Prec.highest(
    EditorView.domEventHandlers({
      keydown(event, view) {
        // Escape closes the list and nothing else (not the panel around the field).
        if (event.key !== 'Escape' || !view.state.field(suggestionsField)) return false;
        close(view);
        event.preventDefault();
        event.stopPropagation();
        return true;
      },
      blur(_event, view) {
        close(view);
        return false;
      },
    }),
  ),
];

/** Whether the suggestions are open (for tests and the wrapper). */
export function suggestionsOpen(state: EditorState): boolean {
  return state.field(suggestionsField, false) != null;
}

/**
 * The list's box, like the reference picker's (its items are drawn with the picker's
 * classes), from the editor's `--wfe-*` tokens. Specific enough to win over CodeMirror's
 * own tooltip colours (its light and dark base themes).
 */
export const referenceSuggestionsTheme: Extension = EditorView.theme({
  '&.cm-editor .cm-tooltip.wfe-suggestions': {
    border: '1px solid var(--wfe-color-border)',
    borderRadius: 'var(--wfe-radius-md)',
    background: 'var(--wfe-color-surface)',
    color: 'var(--wfe-color-text)',
    boxShadow: 'var(--wfe-shadow-lg)',
    fontFamily: 'var(--wfe-font-family)',
    fontSize: 'var(--wfe-font-size-md)',
    overflow: 'hidden',
  },
  '.wfe-suggestions': { width: '340px', maxWidth: 'calc(100vw - 16px)' },
  '.wfe-suggestions .wfe-picker-list': { maxHeight: 'none', overflow: 'visible' },
});
