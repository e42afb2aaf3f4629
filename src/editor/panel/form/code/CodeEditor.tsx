// ---------------------------------------------------------------------------
// The editor of the form's JSON fields: CodeMirror 6 in a React component. A <textarea>
// lays out all of its text on every change, which takes the browser seconds for a 2 MB
// request body; CodeMirror draws only the lines in view, so a key costs the same for a
// body of two lines or fifty thousand. Loaded on its own (see LazyCodeEditor), so a host
// pays for it only when a JSON field first shows.
//
// What it deliberately leaves out:
// - CodeMirror's own undo history: the editor has one undo for everything, so Ctrl/Cmd+Z
//   bubbles out of here to the editor's history like any field's (see history-keys).
// - A Tab binding: Tab moves focus on, as in every other field, so keyboard users are
//   never trapped in the text.
// - Colours: the look comes from the editor's `--wfe-*` tokens in panel.css, so the dark
//   theme and a host's own tokens apply.
//
// A JSON value that may hold references (the request Body) shows them as chips, as the
// template fields do, and `{{` opens the reference suggestions; only the lines in view
// are looked at for them (see json-references).
//
// A long text opens with its first screen only, and the rest joins it once that frame is
// painted, when the page is idle: writing out and splitting a 2 MB body takes several
// frames, which would hold up the whole panel. What is typed meanwhile stays where it was
// typed.
// ---------------------------------------------------------------------------

import { defaultKeymap } from '@codemirror/commands';
import { Annotation, ChangeSet, Compartment, EditorState, Text, type Extension } from '@codemirror/state';
import { EditorView, keymap } from '@codemirror/view';
import { useEffect, useLayoutEffect, useMemo, useRef, type ReactElement } from 'react';
import type { ReferenceGroup } from '../../../../definition';
import { whenIdleAfterPaint } from '../../../after-paint';
import { defaultLabels, type EditorLabels } from '../../../labels';
import { useChipDescriber } from '../../../references/template-input/chip-describer';
import {
  chipDescriber,
  referenceChipTheme,
  referenceChipsWith,
  type ChipDescriber,
} from '../../../references/template-input/chips';
import { showHiddenCharacters } from '../../../references/template-input/hidden-characters';
import { mountView } from '../../../references/template-input/mount-view';
import {
  referenceSuggestions,
  referenceSuggestionsTheme,
  suggestionSource,
  type SuggestionSource,
} from '../../../references/template-input/suggestions';
import { firstLinesOf, fullText, type FieldText } from '../json-text';
import { jsonInsertText, jsonReferencesInView } from './json-references';

/** Marks a transaction that puts text from outside into the editor (not the person's typing). */
const fromOutside = Annotation.define<boolean>();

/** Text at least this long has its document kept for the next editor that opens it. */
const KEPT_DOCUMENT_CHARS = 100_000;
const KEPT_DOCUMENTS = 4;
/**
 * Documents of long texts, by text: splitting 2 MB into lines takes a frame or two, and
 * the same body is opened again and again (panel closed and opened, another step and
 * back). A few at most, the last used last.
 */
const keptDocuments = new Map<string, Text>();

function documentOf(text: string): string | Text {
  if (text.length < KEPT_DOCUMENT_CHARS) return text;
  let doc = keptDocuments.get(text);
  if (doc) keptDocuments.delete(text);
  // A text without carriage returns (JSON as written out) splits without a pattern, faster.
  else doc = Text.of(text.includes('\r') ? text.split(/\r\n?|\n/) : text.split('\n'));
  keptDocuments.set(text, doc);
  if (keptDocuments.size > KEPT_DOCUMENTS) keptDocuments.delete(keptDocuments.keys().next().value!);
  return doc;
}

/** How long the rest of a long text waits for the page to be idle at most (ms). */
const IDLE_WAIT_MS = 200;
/** Lines a long text opens with: more than the field shows, so a first scroll finds text. */
const FIRST_SCREEN_LINES = 200;

/**
 * What the editor opens with: all of `text` when that is at hand (short, or opened
 * before), otherwise its first screen and how to get the whole (see `whenIdleAfterPaint`).
 */
function openingDocument(text: FieldText): { doc: string | Text; whole: (() => string) | null } {
  if (typeof text === 'string' && (text.length < KEPT_DOCUMENT_CHARS || keptDocuments.has(text)))
    return { doc: documentOf(text), whole: null };
  return { doc: firstLinesOf(text, FIRST_SCREEN_LINES), whole: () => fullText(text) };
}

/**
 * The document whose first screen the editor opened with, on its way: the rest joins it
 * at the end of that screen, after what was typed there meanwhile (`typed`).
 */
interface Opening {
  firstScreenLength: number;
  whole: () => string;
  typed: ChangeSet | null;
  cancel: () => void;
}

/** Chips for the references in JSON string values, found in the lines in view only. */
const jsonReferenceChips = referenceChipsWith({ find: jsonReferencesInView, followViewport: true });

/**
 * A describer that calls whichever describer `latest` holds when a chip is drawn: the
 * describer changes with every change to the workflow (a key typed in any field), and the
 * chips scrolled into view later must say what the workflow says then.
 */
function latestDescriber(latest: { readonly current: ChipDescriber | null }): Extension {
  return chipDescriber.of((reference) => (latest.current ?? plainDescription)(reference));
}

/** A chip's words when no workflow describes it (not reached while a describer is set). */
const plainDescription: ChipDescriber = (reference) => ({ label: reference.text, accessibleName: reference.text });

/** Whether the text in view holds a `{{` (chips that a new describer may relabel). */
function referencesInView(view: EditorView): boolean {
  return view.visibleRanges.some((range) => view.state.sliceDoc(range.from, range.to).includes('{{'));
}

/** Props of {@link CodeEditor}. */
export interface CodeEditorProps {
  /** Id of the editable element (the field's id: focus requests and messages find it by it). */
  id: string;
  /**
   * The text to show. Taken in when the editor mounts and whenever `textVersion` changes.
   * A deferred text (a big value's, not written out yet) is written out once the editor's
   * first frame is painted.
   */
  text: FieldText;
  /**
   * Bumped by the owner when `text` is a replacement from outside (undo, a host), not an
   * echo of what was typed here: the editor does not compare megabytes of text to know.
   */
  textVersion: number;
  /**
   * The person changed the text. `read` writes the text out (costly for a big document,
   * so the owner calls it when it needs the text, not on every key); `length` is free.
   */
  onTextChange(read: () => string, length: number): void;
  /** Id of the element naming the field (its label). */
  labelledBy: string;
  /** Ids of the elements describing the field (help, messages), space-separated. */
  describedBy?: string;
  invalid: boolean;
  readOnly: boolean;
  disabled: boolean;
  /** Focus the text once mounted (focus was on the stand-in shown while this loaded). */
  autoFocus?: boolean;
  /** Nonce for the style elements CodeMirror adds in browsers without constructable style sheets. */
  cspNonce?: string;
  /**
   * The text is a JSON value whose strings may hold references (a request Body): they
   * show as chips, described from the editor's workflow, and `{{` opens suggestions when
   * `references` is given. Read when the editor mounts.
   */
  templates?: boolean;
  /** What may be referenced here, grouped (availableReferences); with `templates`, turns on the `{{` suggestions. */
  references?: () => readonly ReferenceGroup[];
  /** Words of the chips and suggestions. @default the editor's labels */
  labels?: EditorLabels;
  /**
   * Set to what the field's "Insert reference" asks of the editor while it is mounted. A
   * plain `{ current }` (what `useRef` gives): React 18's `RefObject` is read-only.
   */
  handleRef?: { current: CodeEditorHandle | null };
}

/** What a field asks of its code editor from outside it. */
export interface CodeEditorHandle {
  /**
   * Puts `reference` (`{{ trigger.id }}`) where the caret was, as typing would: inside a
   * JSON string as it is, elsewhere as a JSON string of its own. Focus returns to the text.
   */
  insertReference(reference: string): void;
}

function contentAttributes(props: CodeEditorProps): Record<string, string> {
  const attributes: Record<string, string> = {
    id: props.id,
    'aria-labelledby': props.labelledBy,
    'aria-multiline': 'true',
    // Focusable by the rules of checkers too (axe counts no contenteditable as focusable,
    // and the scroller around it needs focusable content), and when read-only.
    tabindex: '0',
    spellcheck: 'false',
    autocorrect: 'off',
    autocapitalize: 'off',
    // The editor's own class for code, so its font applies to the lines.
    class: 'wfe-code-editor-content',
  };
  if (props.describedBy) attributes['aria-describedby'] = props.describedBy;
  if (props.invalid) attributes['aria-invalid'] = 'true';
  if (props.readOnly || props.disabled) attributes['aria-readonly'] = 'true';
  if (props.disabled) attributes['aria-disabled'] = 'true';
  return attributes;
}

/** What may change while mounted, in one compartment: attributes, read-only, editable. */
function reconfigurable(props: CodeEditorProps): Extension {
  return [
    EditorView.contentAttributes.of(contentAttributes(props)),
    EditorState.readOnly.of(props.readOnly || props.disabled),
    EditorView.editable.of(!props.disabled),
  ];
}

/** The key of what {@link reconfigurable} depends on, to reconfigure only when it changes. */
function reconfigurableKey(props: CodeEditorProps): string {
  return [props.id, props.labelledBy, props.describedBy ?? '', props.invalid, props.readOnly, props.disabled].join(
    '\u0000',
  );
}

/** A CodeMirror 6 text editor for JSON, without history or Tab binding. */
export function CodeEditor(props: CodeEditorProps): ReactElement {
  const host = useRef<HTMLDivElement>(null);
  const view = useRef<EditorView | null>(null);
  const latest = useRef(props);
  latest.current = props;
  const compartment = useRef(new Compartment());
  const appliedKey = useRef('');
  const appliedVersion = useRef(props.textVersion);
  const templates = useRef(props.templates === true).current;
  const labels = props.labels ?? defaultLabels;
  const describe = useChipDescriber(undefined, labels, templates);
  const latestDescribe = useRef(describe);
  latestDescribe.current = describe;
  const source = useMemo<SuggestionSource | null>(
    () =>
      templates && props.references
        ? {
            groups: props.references,
            listLabel: labels.referenceSuggestions,
            emptyText: labels.noReferences,
            insertText: jsonInsertText,
          }
        : null,
    [templates, props.references, labels],
  );
  const referenceCompartments = useRef({ describer: new Compartment(), source: new Compartment() });
  const appliedReferences = useRef({ describe, source });
  const busyCompartment = useRef(new Compartment());
  const opening = useRef<Opening | null>(null);

  /** Puts the rest of the text after the first screen (and what was typed there), and tells the owner if anything was typed. */
  const finishOpening = (current: EditorView, started: Opening, text: string): void => {
    if (opening.current !== started) return;
    opening.current = null;
    const whole = documentOf(text);
    const wholeDoc = typeof whole === 'string' ? current.state.toText(whole) : whole;
    const firstScreen = current.state.doc;
    const { typed, firstScreenLength } = started;
    // The first screen is the start of the text; were it not, the text replaces it.
    const fits =
      firstScreenLength <= wholeDoc.length && (typed !== null || firstScreen.eq(wholeDoc.slice(0, firstScreenLength)));
    const at = typed ? typed.mapPos(firstScreenLength, 1) : firstScreenLength;
    current.dispatch({
      changes: fits
        ? { from: at, insert: wholeDoc.slice(firstScreenLength) }
        : { from: 0, to: firstScreen.length, insert: wholeDoc },
      effects: busyCompartment.current.reconfigure([]),
      annotations: fromOutside.of(true),
    });
    if (typed) {
      const doc = current.state.doc;
      latest.current.onTextChange(() => doc.toString(), doc.length);
    }
  };

  useLayoutEffect(() => {
    const initial = latest.current;
    appliedKey.current = reconfigurableKey(initial);
    appliedVersion.current = initial.textVersion;
    const { doc, whole } = openingDocument(initial.text);
    const parent = host.current!;
    // Made apart from the page and put in after (see mountView): made in place, the editor
    // would lay out the page there and then (once per editor of the panel) instead of once
    // when the frame is drawn.
    const created = mountView(parent, {
      state: EditorState.create({
        doc,
        extensions: [
          keymap.of(defaultKeymap),
          showHiddenCharacters,
          compartment.current.of(reconfigurable(initial)),
          busyCompartment.current.of(whole ? EditorView.contentAttributes.of({ 'aria-busy': 'true' }) : []),
          ...(templates
            ? [
                jsonReferenceChips,
                referenceChipTheme,
                referenceSuggestions,
                referenceSuggestionsTheme,
                referenceCompartments.current.describer.of(describe ? latestDescriber(latestDescribe) : []),
                referenceCompartments.current.source.of(source ? suggestionSource.of(source) : []),
              ]
            : []),
          ...(initial.cspNonce ? [EditorView.cspNonce.of(initial.cspNonce)] : []),
          EditorView.updateListener.of((update) => {
            // Only the person's edits: replacements from outside come with their version.
            if (!update.docChanged || update.transactions.every((transaction) => transaction.annotation(fromOutside)))
              return;
            const waiting = opening.current;
            if (waiting) {
              // Typed into the first screen: the owner hears of it with the whole text.
              waiting.typed = waiting.typed ? waiting.typed.compose(update.changes) : update.changes;
              return;
            }
            const doc = update.state.doc;
            latest.current.onTextChange(() => doc.toString(), doc.length);
          }),
        ],
      }),
    });
    view.current = created;
    const handleRef = initial.handleRef;
    if (handleRef)
      handleRef.current = {
        insertReference(reference) {
          const { from, to } = created.state.selection.main;
          const insert = jsonInsertText(reference, created.state, from);
          created.dispatch({
            changes: { from, to, insert },
            selection: { anchor: from + insert.length },
            userEvent: 'input',
          });
          created.focus();
        },
      };
    if (whole) {
      const firstScreenLength = created.state.doc.length;
      // Written out after one idle moment and split into lines after another: two shorter
      // tasks rather than one long one.
      const started: Opening = {
        firstScreenLength,
        whole,
        typed: null,
        cancel: whenIdleAfterPaint(() => {
          const text = whole();
          started.cancel = whenIdleAfterPaint(() => finishOpening(created, started, text), IDLE_WAIT_MS);
        }, IDLE_WAIT_MS),
      };
      opening.current = started;
    }
    if (initial.autoFocus) created.focus();
    return () => {
      opening.current?.cancel();
      opening.current = null;
      created.destroy();
      view.current = null;
      if (handleRef) handleRef.current = null;
    };
    // The view is made once; later props reach it through the compartments the effects below reconfigure.
    // eslint-disable-next-line react-hooks/exhaustive-deps -- made once on mount, see above
  }, []);

  useEffect(() => {
    const current = view.current;
    if (!current) return;
    const key = reconfigurableKey(props);
    if (key !== appliedKey.current) {
      appliedKey.current = key;
      current.dispatch({ effects: compartment.current.reconfigure(reconfigurable(props)) });
    }
    if (templates) {
      // A rename, new sample data, another scope: the chips and suggestions follow. The
      // chips in view are drawn again only when there are any (the describer changes with
      // every key typed in any field), or when there is now a describer or no longer one.
      const effects = [];
      const { describer, source: sourceCompartment } = referenceCompartments.current;
      const previous = appliedReferences.current.describe;
      if (previous !== describe && (previous === null || describe === null || referencesInView(current))) {
        effects.push(describer.reconfigure(describe ? latestDescriber(latestDescribe) : []));
      }
      if (appliedReferences.current.source !== source)
        effects.push(sourceCompartment.reconfigure(source ? suggestionSource.of(source) : []));
      appliedReferences.current = { describe, source };
      if (effects.length > 0) current.dispatch({ effects });
    }
    if (props.textVersion !== appliedVersion.current) {
      appliedVersion.current = props.textVersion;
      const text = fullText(props.text);
      // A replacement from outside wins over a first screen still waiting for the rest.
      const waiting = opening.current;
      if (waiting) {
        waiting.cancel();
        opening.current = null;
      }
      const doc = current.state.doc;
      if (waiting || doc.length !== text.length || doc.toString() !== text) {
        // The caret stays where it was as far as the new text allows.
        const head = Math.min(current.state.selection.main.head, text.length);
        current.dispatch({
          changes: { from: 0, to: doc.length, insert: documentOf(text) },
          selection: { anchor: head },
          effects: waiting ? busyCompartment.current.reconfigure([]) : [],
          annotations: fromOutside.of(true),
        });
      }
    }
  });

  return <div ref={host} className="wfe-code-editor-host" />;
}
