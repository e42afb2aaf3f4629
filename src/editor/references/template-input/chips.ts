// ---------------------------------------------------------------------------
// Reference chips: every well-formed `{{ ... }}` in the text is drawn as one atomic chip
// (the step's icon, "Score risk › body › score", and a preview of its value). The text
// stays the document: copying copies the `{{ ... }}` source, undo restores text, and the
// stored value is exactly what the format defines. Backspace and Delete remove a chip
// whole and the arrow keys step over it, because the chips are atomic ranges.
// ---------------------------------------------------------------------------

import { Facet, RangeSetBuilder, type Extension } from '@codemirror/state';
import { Decoration, EditorView, ViewPlugin, WidgetType, type DecorationSet, type ViewUpdate } from '@codemirror/view';
import { parseTemplate, type Reference } from '../../../definition';
import { actionIconElement } from './icon-dom';

/** What one chip shows; computed outside CodeMirror (see describeReference). */
export interface ChipView {
  /** "Score risk › body › score". */
  label: string;
  /** The icon to draw, when there is one. */
  icon?: string;
  /** Why the reference is broken, in words. */
  broken?: string;
  /** The chip's accessible name ("Reference: Score risk › body › score", and the reason when broken). */
  accessibleName: string;
  /** The resolved value, truncated, shown on the chip. */
  preview?: string;
  /** The full value (and the reason when broken), shown on hover and read as the chip's description. */
  title?: string;
}

/** Turns a parsed reference into what its chip shows. */
export type ChipDescriber = (reference: Reference) => ChipView;

const plainChip: ChipDescriber = (reference) => ({ label: reference.text, accessibleName: reference.text });

/** The describer the chips use; the last one given wins. Reconfigured when the definition changes (a rename). */
export const chipDescriber = Facet.define<ChipDescriber, ChipDescriber>({
  combine: (values) => values[values.length - 1] ?? plainChip,
});

class ReferenceChip extends WidgetType {
  constructor(
    readonly source: string,
    readonly view: ChipView,
  ) {
    super();
  }

  override eq(other: ReferenceChip): boolean {
    const a = this.view;
    const b = other.view;
    return (
      this.source === other.source &&
      a.label === b.label &&
      a.icon === b.icon &&
      a.broken === b.broken &&
      a.accessibleName === b.accessibleName &&
      a.preview === b.preview &&
      a.title === b.title
    );
  }

  toDOM(): HTMLElement {
    const { view } = this;
    const chip = document.createElement('span');
    chip.className = view.broken === undefined ? 'wfe-chip' : 'wfe-chip wfe-chip--broken';
    // An image with a name: screen readers read the name ("Reference: Score risk › body ›
    // score") where the text of a contenteditable would otherwise read braces.
    chip.setAttribute('role', 'img');
    chip.setAttribute('aria-label', view.accessibleName);
    chip.dataset.reference = this.source;
    if (view.title !== undefined) chip.title = view.title;
    if (view.icon !== undefined) chip.appendChild(actionIconElement(view.icon, 13, 'wfe-chip-icon'));
    const label = document.createElement('span');
    label.className = 'wfe-chip-label';
    label.textContent = view.label;
    chip.appendChild(label);
    if (view.preview !== undefined) {
      const preview = document.createElement('span');
      preview.className = 'wfe-chip-preview';
      preview.textContent = view.preview;
      chip.appendChild(preview);
    }
    return chip;
  }

  override ignoreEvent(): boolean {
    return false;
  }
}

/** A reference found in the document: where its source text lies, and what it says. */
export interface LocatedReference {
  /** Document position of the chip's first character (the first `{` of the source). */
  from: number;
  /** Document position just past the chip's last character. */
  to: number;
  /** The parsed reference (its own offsets are in the string it was parsed from). */
  reference: Reference;
}

/** Finds the references to draw as chips, in document order, not overlapping. */
export type ReferenceFinder = (view: EditorView) => Iterable<LocatedReference>;

/** Every reference of a document that is one template (a field's text). */
const wholeTemplate: ReferenceFinder = (view) => {
  const text = view.state.doc.toString();
  const found: LocatedReference[] = [];
  if (!text.includes('{{')) return found;
  for (const part of parseTemplate(text)) {
    if (part.kind === 'reference')
      found.push({ from: part.reference.start, to: part.reference.end, reference: part.reference });
  }
  return found;
};

function buildChips(view: EditorView, find: ReferenceFinder): DecorationSet {
  const describe = view.state.facet(chipDescriber);
  const builder = new RangeSetBuilder<Decoration>();
  for (const { from, to, reference } of find(view)) {
    builder.add(from, to, Decoration.replace({ widget: new ReferenceChip(reference.text, describe(reference)) }));
  }
  return builder.finish();
}

/** How {@link referenceChipsWith} finds what to draw. */
export interface ReferenceChipsOptions {
  find: ReferenceFinder;
  /**
   * The finder looks at the lines in view only (a long document): chips are found again
   * when the view scrolls, not only when the text changes.
   */
  followViewport: boolean;
}

/**
 * Reference chips as decorations and atomic ranges, found by `options.find`; what they
 * say comes from {@link chipDescriber}.
 */
export function referenceChipsWith(options: ReferenceChipsOptions): Extension {
  const { find, followViewport } = options;
  const plugin = ViewPlugin.fromClass(
    class {
      decorations: DecorationSet;
      constructor(view: EditorView) {
        this.decorations = buildChips(view, find);
      }
      update(update: ViewUpdate): void {
        if (
          update.docChanged ||
          (followViewport && update.viewportChanged) ||
          update.startState.facet(chipDescriber) !== update.state.facet(chipDescriber)
        ) {
          this.decorations = buildChips(update.view, find);
        }
      }
    },
    {
      decorations: (instance) => instance.decorations,
      provide: (self) => EditorView.atomicRanges.of((view) => view.plugin(self)?.decorations ?? Decoration.none),
    },
  );
  return plugin;
}

/**
 * Reference chips for a field whose whole text is one template, rebuilt when the text or
 * the describer changes (such fields are short); what they say comes from {@link chipDescriber}.
 */
export const referenceChips: Extension = referenceChipsWith({ find: wholeTemplate, followViewport: false });

/**
 * The chips' look, from the editor's `--wfe-*` tokens (so the dark theme and a host's own
 * tokens apply): pills with the step's icon, broken ones red and dashed. Given apart from
 * {@link referenceChips}, as each editor draws its own box around them.
 */
export const referenceChipTheme: Extension = EditorView.theme({
  '.wfe-chip': {
    display: 'inline-flex',
    alignItems: 'center',
    gap: '4px',
    maxWidth: '100%',
    margin: '0 1px',
    padding: '0 6px',
    border: '1px solid var(--wfe-color-border)',
    borderRadius: 'var(--wfe-radius-pill)',
    background: 'var(--wfe-color-accent-soft)',
    color: 'var(--wfe-color-text)',
    fontFamily: 'var(--wfe-font-family)',
    fontSize: 'var(--wfe-font-size-sm)',
    lineHeight: '18px',
    verticalAlign: 'baseline',
    whiteSpace: 'nowrap',
    cursor: 'default',
  },
  '.wfe-chip-icon': { flex: 'none', color: 'var(--wfe-color-step-icon)' },
  '.wfe-chip-label': { overflow: 'hidden', textOverflow: 'ellipsis', fontWeight: 'var(--wfe-font-weight-medium)' },
  '.wfe-chip-preview': {
    overflow: 'hidden',
    textOverflow: 'ellipsis',
    maxWidth: '14em',
    paddingInlineStart: '4px',
    borderInlineStart: '1px solid var(--wfe-color-border-strong)',
    color: 'var(--wfe-color-text-muted)',
    fontFamily: 'var(--wfe-font-family-mono)',
    fontSize: 'var(--wfe-font-size-xs)',
  },
  '.wfe-chip--broken': {
    borderColor: 'var(--wfe-color-danger)',
    background: 'var(--wfe-color-danger-soft)',
    color: 'var(--wfe-color-danger)',
    borderStyle: 'dashed',
  },
  '.wfe-chip--broken .wfe-chip-icon': { color: 'var(--wfe-color-danger)' },
});
