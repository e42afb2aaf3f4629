// ---------------------------------------------------------------------------
// The text input of every field that takes references (URL, header and query values,
// body text, condition values, host widgets that opt in): CodeMirror 6 with references
// drawn as chips and `{{` opening the reference suggestions. Loaded on its own (see
// LazyTemplateInput), so a host pays for CodeMirror only when such a field first shows.
//
// What it deliberately leaves out:
// - CodeMirror's own undo history: the editor has one undo for everything, so Ctrl/Cmd+Z
//   bubbles out of here to the editor's history like any field's (see history-keys).
// - A Tab binding: Tab moves focus on, as in every other field.
// - Newlines in single-line mode (URL, header and query values, conditions): Enter does
//   nothing there and pasted line breaks become spaces.
// The value is the text, always: chips are a view of the `{{ ... }}` it holds.
// ---------------------------------------------------------------------------

import { defaultKeymap } from '@codemirror/commands';
import {
  Annotation,
  Compartment,
  EditorState,
  Prec,
  Transaction,
  type ChangeSpec,
  type Extension,
} from '@codemirror/state';
import { EditorView, keymap, placeholder as placeholderText } from '@codemirror/view';
import { useEffect, useLayoutEffect, useMemo, useRef, useState, type ReactElement, type Ref } from 'react';
import { flushSync } from 'react-dom';
import type { ReferenceGroup } from '../../../definition';
import { afterNextPaint } from '../../after-paint';
import { assignRef } from '../../assign-ref';
import { defaultLabels, mergeLabels, type EditorLabels } from '../../labels';
import { useChipDescriber, type ChipReferenceContext } from './chip-describer';
import { chipDescriber, referenceChipTheme, referenceChips, type ChipDescriber } from './chips';
import { showHiddenCharacters } from './hidden-characters';
import { mountView } from './mount-view';
import {
  referenceSuggestions,
  referenceSuggestionsTheme,
  suggestionSource,
  type SuggestionSource,
} from './suggestions';
import { templateInputTheme } from './theme';

/** The workflow facts chips are described with, for a TemplateInput outside an editor. */
export type TemplateReferenceContext = ChipReferenceContext;

/** Props of {@link TemplateInput}. */
export interface TemplateInputProps {
  /** Id of the editable element: `<label htmlFor>`, focus requests and messages find the field by it. */
  id: string;
  /** The text, exactly as stored. */
  value: string;
  /** The person changed the text (typing, a chip removed, a suggestion inserted). */
  onChange(value: string): void;
  onFocus?(): void;
  onBlur?(): void;
  /** Id of the element naming the field; without it (and `ariaLabel`) the `<label for={id}>` is used. */
  labelledBy?: string;
  /** The accessible name when no label element names the field. */
  ariaLabel?: string;
  /** Ids of the elements describing the field (help, messages), space-separated. */
  describedBy?: string;
  invalid?: boolean;
  /** The field must be filled in (`aria-required`). */
  required?: boolean;
  readOnly?: boolean;
  disabled?: boolean;
  placeholder?: string;
  /** Several lines (a body); otherwise one line, where Enter inserts nothing. */
  multiline?: boolean;
  /** What may be referenced here, grouped (availableReferences); turns on the `{{` suggestions. */
  references?: () => readonly ReferenceGroup[];
  /**
   * The workflow the chips are described with. Inside a WorkflowEditorProvider the default
   * is the editor's (its definition, catalog, secrets, sample data and selected step).
   */
  context?: TemplateReferenceContext;
  /** Overrides of the visible strings. @default the editor's labels */
  labels?: Partial<EditorLabels>;
  /** Focus the text once mounted (focus was on the stand-in shown while this loaded). */
  autoFocus?: boolean;
  /** Nonce for the style elements CodeMirror adds in browsers without constructable style sheets. */
  cspNonce?: string;
  /**
   * Receives the editable element, which answers `value`, `selectionStart`, `selectionEnd`
   * and `setSelectionRange` like an `<input>` (see {@link TemplateInputElement}).
   */
  inputRef?: Ref<TemplateInputElement | null>;
  /**
   * Hand typed keys (characters, deletions) to `onChange` once the frame showing them has
   * been painted (or after 250 ms in a page that draws no frames), rather than while the
   * key is handled: what `onChange` sets off (a form and a canvas of 1,000 steps drawn
   * again) then does not hold up the character. Typing waiting to go out goes out before
   * the next key, click or pointer press anywhere in the page is handled, when the field
   * loses focus and when it unmounts; anything else (a paste, a suggestion, a chip
   * removed) goes out at once, after it. A `value` from outside (undo) replaces what
   * waits. The element's `value` is always the text as typed.
   * @default false
   */
  deferTyping?: boolean;
}

/** Events that hand on typing waiting to go out before any handler sees them (see `deferTyping`). */
const FLUSH_EVENTS = ['keydown', 'pointerdown', 'mousedown'] as const;
/** Typing waits at most this long for the frame showing it (see `deferTyping`). */
const NO_FRAME_MS = 250;

/**
 * The editable element of a template input. Besides being a textbox, it reads like an
 * `<input>`: `value` is the text (the `{{ ... }}` source, not the chips' words), and the
 * selection can be read and set, so code written for the plain input it replaces (a
 * host's form library, "Insert reference" at the caret, tests) keeps working.
 */
export interface TemplateInputElement extends HTMLElement {
  readonly value: string;
  readonly selectionStart: number;
  readonly selectionEnd: number;
  setSelectionRange(start: number, end: number): void;
}

function exposeInputApi(view: EditorView): void {
  const clamp = (position: number): number => Math.max(0, Math.min(Math.trunc(position) || 0, view.state.doc.length));
  Object.defineProperties(view.contentDOM, {
    value: { configurable: true, get: () => view.state.doc.toString() },
    selectionStart: { configurable: true, get: () => view.state.selection.main.from },
    selectionEnd: { configurable: true, get: () => view.state.selection.main.to },
    setSelectionRange: {
      configurable: true,
      value: (start: number, end: number) => view.dispatch({ selection: { anchor: clamp(start), head: clamp(end) } }),
    },
  });
}

/** Marks a transaction that puts text from outside into the editor (undo, a host): not the person's typing. */
const fromOutside = Annotation.define<boolean>();

/**
 * A describer that calls whichever describer `latest` holds when a chip is drawn: a new
 * one each time the chips must be drawn again, since the chips compare describers.
 */
function delegatingDescriber(latest: { readonly current: ChipDescriber | null }): ChipDescriber {
  return (reference) => (latest.current ?? plainDescription)(reference);
}

/** A chip's words when no workflow describes it (not reached while a describer is set). */
const plainDescription: ChipDescriber = (reference) => ({ label: reference.text, accessibleName: reference.text });

/** Pasted or dropped line breaks become spaces in a single-line field; text from outside stays as it is. */
const singleLineFilter = EditorState.transactionFilter.of((transaction) => {
  if (!transaction.docChanged || transaction.annotation(fromOutside) || transaction.newDoc.lines === 1)
    return transaction;
  const changes: ChangeSpec[] = [];
  let replaced = false;
  transaction.changes.iterChanges((from, to, _fromB, _toB, inserted) => {
    const text = inserted.toString();
    if (text.includes('\n')) replaced = true;
    // Same length, so the transaction's selection stays valid.
    changes.push({ from, to, insert: text.replace(/\n/g, ' ') });
  });
  // `replaced` is set inside the callback above, which the type checker does not follow.
  // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition
  if (!replaced) return transaction;
  const userEvent = transaction.annotation(Transaction.userEvent);
  return {
    changes,
    ...(transaction.selection && { selection: transaction.selection }),
    effects: transaction.effects,
    scrollIntoView: transaction.scrollIntoView,
    ...(userEvent !== undefined && { userEvent }),
  };
});

interface Configurable {
  id: string;
  labelledBy: string | undefined;
  ariaLabel: string | undefined;
  describedBy: string | undefined;
  invalid: boolean;
  required: boolean;
  readOnly: boolean;
  disabled: boolean;
  multiline: boolean;
  placeholder: string | undefined;
}

function configuration(props: Configurable): Extension {
  const content: Record<string, string> = {
    id: props.id,
    role: 'textbox',
    'aria-multiline': String(props.multiline),
    spellcheck: 'false',
    autocorrect: 'off',
    autocapitalize: 'off',
    class: 'wfe-template-input-content',
  };
  if (props.labelledBy) content['aria-labelledby'] = props.labelledBy;
  if (props.ariaLabel) content['aria-label'] = props.ariaLabel;
  if (props.describedBy) content['aria-describedby'] = props.describedBy;
  if (props.invalid) content['aria-invalid'] = 'true';
  if (props.required) content['aria-required'] = 'true';
  if (props.readOnly || props.disabled) content['aria-readonly'] = 'true';
  if (props.disabled) content['aria-disabled'] = 'true';
  return [
    EditorView.contentAttributes.of(content),
    EditorView.editorAttributes.of({
      class: props.multiline
        ? 'wfe-template-input wfe-template-input--multiline'
        : 'wfe-template-input wfe-template-input--single',
      ...(props.invalid && { 'data-invalid': 'true' }),
      // Looks read-only as the form's read-only inputs do.
      ...((props.readOnly || props.disabled) && { 'data-readonly': 'true' }),
    }),
    EditorState.readOnly.of(props.readOnly || props.disabled),
    EditorView.editable.of(!props.disabled),
    props.placeholder ? placeholderText(props.placeholder) : [],
    // Above the default keymap's Enter (a new line).
    props.multiline ? [] : [singleLineFilter, Prec.high(keymap.of([{ key: 'Enter', run: () => true }]))],
  ];
}

function configurationKey(props: Configurable): string {
  return JSON.stringify(props);
}

/** The smallest change turning `from` into `to`: undo keeps the caret where it makes sense. */
function minimalChange(from: string, to: string): { from: number; to: number; insert: string } {
  let start = 0;
  const shorter = Math.min(from.length, to.length);
  while (start < shorter && from.charCodeAt(start) === to.charCodeAt(start)) start++;
  let end = 0;
  while (end < shorter - start && from.charCodeAt(from.length - 1 - end) === to.charCodeAt(to.length - 1 - end)) end++;
  return { from: start, to: from.length - end, insert: to.slice(start, to.length - end) };
}

/** A CodeMirror 6 text input for templates: references as chips, `{{` suggestions, no history of its own. */
export function TemplateInput(props: TemplateInputProps): ReactElement {
  const host = useRef<HTMLDivElement>(null);
  const view = useRef<EditorView | null>(null);
  const latest = useRef(props);
  latest.current = props;
  const labels = useMemo(() => (props.labels ? mergeLabels(props.labels) : defaultLabels), [props.labels]);
  const describe = useChipDescriber(props.context, labels);
  const latestDescribe = useRef(describe);
  latestDescribe.current = describe;
  const compartments = useRef({ config: new Compartment(), describer: new Compartment(), source: new Compartment() });
  /** The last text handed to onChange: a value prop equal to it is an echo, not a change from outside. */
  const emitted = useRef(props.value);
  /** Typed text not handed to onChange yet (see `deferTyping`), and what cancels its hand-over. */
  const waiting = useRef<{ text: string; cancel: () => void } | null>(null);
  const [typing] = useState(() => {
    const drop = (): void => {
      const current = waiting.current;
      if (current === null) return;
      waiting.current = null;
      current.cancel();
    };
    /** Hands waiting typing on; `sync` applies it (and what it sets off) before returning. */
    const handOn = (sync: boolean): void => {
      const current = waiting.current;
      if (current === null) return;
      drop();
      emitted.current = current.text;
      if (sync) flushSync(() => latest.current.onChange(current.text));
      else latest.current.onChange(current.text);
    };
    // Captured on the window, from the event's own task: before the editor's shortcuts
    // (undo), a button's click, a picker's choice and the next key's own change.
    const handOnNow = (): void => handOn(true);
    return {
      drop,
      handOn,
      wait(text: string): void {
        if (waiting.current !== null) {
          waiting.current.text = text;
          return;
        }
        const cancelPaint = afterNextPaint(handOnNow);
        // A hidden page draws no frames: the keys still go out.
        const noFrame = setTimeout(handOnNow, NO_FRAME_MS);
        for (const type of FLUSH_EVENTS) window.addEventListener(type, handOnNow, true);
        waiting.current = {
          text,
          cancel() {
            cancelPaint();
            clearTimeout(noFrame);
            for (const type of FLUSH_EVENTS) window.removeEventListener(type, handOnNow, true);
          },
        };
      },
    };
  });
  const labelElement = useRef<HTMLLabelElement | null>(null);
  const foundLabelId = useRef<string | undefined>(undefined);
  const labelledBy = props.labelledBy ?? (props.ariaLabel ? undefined : foundLabelId.current);

  const config: Configurable = {
    id: props.id,
    labelledBy,
    ariaLabel: props.ariaLabel,
    describedBy: props.describedBy,
    invalid: props.invalid === true,
    required: props.required === true,
    readOnly: props.readOnly === true,
    disabled: props.disabled === true,
    multiline: props.multiline === true,
    placeholder: props.placeholder,
  };
  const source = useMemo<SuggestionSource | null>(
    () =>
      props.references
        ? { groups: props.references, listLabel: labels.referenceSuggestions, emptyText: labels.noReferences }
        : null,
    [props.references, labels],
  );

  /**
   * What the view was last configured with: the compartments are reconfigured when it
   * changes. The configuration's key is set once the view is created.
   */
  const applied = useRef({ configKey: '', describe, source });

  useLayoutEffect(() => {
    const { config: configCompartment, describer, source: sourceCompartment } = compartments.current;
    // Found before the first draw, so the text has its name from the start.
    if (!latest.current.labelledBy && !latest.current.ariaLabel) {
      // By property, not a selector: ids may hold any character, and CSS.escape is missing
      // from some DOMs hosts test in (jsdom).
      const fieldId = latest.current.id;
      const label = Array.from(host.current!.ownerDocument.getElementsByTagName('label')).find(
        (element) => element.htmlFor === fieldId,
      );
      if (label) {
        if (!label.id) label.id = `${latest.current.id}__label`;
        labelElement.current = label;
        foundLabelId.current = label.id;
        config.labelledBy = label.id;
      }
    }
    // Created with it (and its label): a render with the same configuration reconfigures nothing.
    applied.current = { ...applied.current, configKey: configurationKey(config) };
    // Made apart from the page and put in after (see mountView): made in place, it would lay
    // the page out there and then, once for each field of the panel being drawn.
    const created = mountView(host.current!, {
      state: EditorState.create({
        doc: latest.current.value,
        // As in a text input given its value: the caret after the text ("Insert reference" inserts there).
        selection: { anchor: latest.current.value.length },
        extensions: [
          keymap.of(defaultKeymap),
          EditorView.lineWrapping,
          templateInputTheme,
          showHiddenCharacters,
          referenceChipTheme,
          referenceSuggestionsTheme,
          referenceChips,
          referenceSuggestions,
          configCompartment.of(configuration(config)),
          describer.of(describe ? chipDescriber.of(delegatingDescriber(latestDescribe)) : []),
          sourceCompartment.of(source ? suggestionSource.of(source) : []),
          ...(latest.current.cspNonce ? [EditorView.cspNonce.of(latest.current.cspNonce)] : []),
          EditorView.updateListener.of((update) => {
            if (!update.docChanged || update.transactions.every((transaction) => transaction.annotation(fromOutside)))
              return;
            const text = update.state.doc.toString();
            const typed = update.transactions.every(
              (transaction) =>
                transaction.annotation(fromOutside) ||
                transaction.isUserEvent('input.type') ||
                transaction.isUserEvent('delete'),
            );
            if (latest.current.deferTyping && typed) {
              typing.wait(text);
              return;
            }
            // This text holds any typing still waiting: it goes out as one change.
            typing.drop();
            emitted.current = text;
            latest.current.onChange(text);
          }),
          EditorView.domEventHandlers({
            // A scripted click (a host's tests, automation) has no real pointer position: like a
            // scripted click on a text input, it focuses with the caret after the text, instead
            // of at the text nearest the viewport's corner. A person's click is trusted.
            mousedown: (event, view) => {
              if (event.isTrusted || event.button !== 0) return false;
              view.focus();
              view.dispatch({ selection: { anchor: view.state.doc.length } });
              return true;
            },
            // Scripted deletes (a test's "clear") remove what the script selected in the DOM,
            // chips included, as one change: CodeMirror would otherwise have to read back a
            // DOM the script cut through its widgets.
            beforeinput: (event, view) => {
              if (event.isTrusted || !event.inputType.startsWith('delete')) return false;
              const selection = view.contentDOM.ownerDocument.getSelection();
              if (!selection || selection.rangeCount === 0 || selection.isCollapsed) return false;
              const range = selection.getRangeAt(0);
              if (!view.contentDOM.contains(range.startContainer) || !view.contentDOM.contains(range.endContainer))
                return false;
              const from = view.posAtDOM(range.startContainer, range.startOffset);
              const to = view.posAtDOM(range.endContainer, range.endOffset);
              view.dispatch({ changes: { from: Math.min(from, to), to: Math.max(from, to) }, userEvent: 'delete' });
              return true;
            },
            focus: () => {
              latest.current.onFocus?.();
              return false;
            },
            blur: () => {
              // Typing waiting goes out before onBlur ends its burst. Not through flushSync: a
              // blur can fire inside React's commit (the focused element removed).
              typing.handOn(false);
              latest.current.onBlur?.();
              return false;
            },
          }),
        ],
      }),
    });
    view.current = created;
    exposeInputApi(created);
    if (latest.current.autoFocus) {
      created.focus();
      created.dispatch({ selection: { anchor: created.state.doc.length } });
    }
    // After the focus: whoever holds the element may place the caret (the stand-in's).
    assignRef(latest.current.inputRef, created.contentDOM);
    return () => {
      typing.handOn(false);
      assignRef(latest.current.inputRef, null);
      created.destroy();
      view.current = null;
    };
    // Created once; later props arrive through the compartments below.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  useEffect(() => {
    const current = view.current;
    if (!current) return;
    const effects = [];
    const configKey = configurationKey(config);
    if (applied.current.configKey !== configKey)
      effects.push(compartments.current.config.reconfigure(configuration(config)));
    // The describer changes with every change to the workflow (a key typed anywhere). The
    // chips call the latest one anyway (`latestDescribe`); they are drawn again only when
    // there are chips to draw, or when there is now a describer or no longer one.
    const previous = applied.current.describe;
    if (
      previous !== describe &&
      (previous === null || describe === null || current.state.doc.toString().includes('{{'))
    ) {
      effects.push(
        compartments.current.describer.reconfigure(
          describe ? chipDescriber.of(delegatingDescriber(latestDescribe)) : [],
        ),
      );
    }
    if (applied.current.source !== source)
      effects.push(compartments.current.source.reconfigure(source ? suggestionSource.of(source) : []));
    applied.current = { configKey, describe, source };
    if (effects.length > 0) current.dispatch({ effects });
    const text = current.state.doc.toString();
    // A value from outside (undo, a host) replaces typing still waiting; one equal to it has it.
    if (props.value !== emitted.current || props.value === text) typing.drop();
    if (props.value !== emitted.current && props.value !== text) {
      const changes = current.state.changes(minimalChange(text, props.value));
      current.dispatch({
        changes,
        // Text arriving at the caret (keys pressed while this mounted, a redo) goes before
        // it, as typing would: the next key lands after that text, not inside it.
        selection: current.state.selection.map(changes, 1),
        annotations: [fromOutside.of(true), Transaction.addToHistory.of(false)],
      });
    }
    emitted.current = props.value;
  });

  // The <label for={id}> names the text and, clicked, focuses it (a contenteditable is not labelable).
  useEffect(() => {
    const label = labelElement.current;
    if (!label) return;
    const focus = (event: MouseEvent): void => {
      event.preventDefault();
      view.current?.focus();
    };
    label.addEventListener('click', focus);
    return () => label.removeEventListener('click', focus);
  }, [labelledBy]);

  return <div ref={host} className="wfe-template-input-host" data-wfe-template-input="" />;
}
