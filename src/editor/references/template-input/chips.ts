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

function buildChips(view: EditorView): DecorationSet {
  const describe = view.state.facet(chipDescriber);
  const text = view.state.doc.toString();
  const builder = new RangeSetBuilder<Decoration>();
  if (!text.includes('{{')) return builder.finish();
  for (const part of parseTemplate(text)) {
    if (part.kind !== 'reference') continue;
    const { reference } = part;
    builder.add(reference.start, reference.end, Decoration.replace({ widget: new ReferenceChip(reference.text, describe(reference)) }));
  }
  return builder.finish();
}

/** The chips of the document, rebuilt when the text or the describer changes (fields are short). */
const chipPlugin = ViewPlugin.fromClass(
  class {
    decorations: DecorationSet;
    constructor(view: EditorView) {
      this.decorations = buildChips(view);
    }
    update(update: ViewUpdate): void {
      if (update.docChanged || update.startState.facet(chipDescriber) !== update.state.facet(chipDescriber)) {
        this.decorations = buildChips(update.view);
      }
    }
  },
  {
    decorations: (plugin) => plugin.decorations,
    provide: (plugin) => EditorView.atomicRanges.of((view) => view.plugin(plugin)?.decorations ?? Decoration.none),
  },
);

/** Reference chips as decorations and atomic ranges; what they say comes from {@link chipDescriber}. */
export const referenceChips: Extension = chipPlugin;
