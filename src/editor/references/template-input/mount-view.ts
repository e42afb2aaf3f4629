// ---------------------------------------------------------------------------
// Creating a CodeMirror view inside a panel that is being drawn, without making the
// browser lay out the page there and then. Shared by the template input and the code
// editor (the Body field): a panel shows several of them, created one after the other in
// the same commit, and each synchronous layout would lay out the whole page (the canvas
// with it) again, since the one before added its own elements.
// ---------------------------------------------------------------------------

import { EditorView, type EditorViewConfig } from '@codemirror/view';

/** The root CodeMirror reads the selection from, found as CodeMirror finds it from a parent. */
function rootOf(node: Node): Document | ShadowRoot | undefined {
  for (let at: Node | null = node; at; at = (at instanceof Element ? at.assignedSlot : null) ?? at.parentNode) {
    if (at instanceof Document) return at;
    if (at instanceof ShadowRoot) return at;
  }
  return undefined;
}

/**
 * Creates the view apart from the page and then appends it to `parent`. Two reads in
 * CodeMirror's constructor lay out the page when made in place: the page's selection
 * (read only when the view is already in the page) and `document.fonts.ready`, read to
 * measure its text again once fonts load. Chromium lays out the page for the second
 * whenever the fonts are loaded already; the view is then kept from reading it, since
 * its first measure measures the text anyway (it knows no line height yet). While fonts
 * still load the view reads it, as it would have (no layout then).
 */
export function mountView(parent: HTMLElement, config: Omit<EditorViewConfig, 'parent' | 'root'>): EditorView {
  const root = rootOf(parent);
  // CodeMirror reads the global document's fonts, whichever document `parent` is in.
  // `status` itself lays nothing out.
  const fonts = document.fonts as FontFaceSet | undefined;
  // Not over a `fonts` of the document's own (a test's stand-in), which the delete would drop.
  const hideFonts = fonts?.status === 'loaded' && !Object.prototype.hasOwnProperty.call(document, 'fonts');
  if (hideFonts) Object.defineProperty(document, 'fonts', { configurable: true, value: undefined });
  let view: EditorView;
  try {
    view = new EditorView({ ...config, ...(root && { root }) });
  } finally {
    // The own property shadowed Document.prototype's getter; removed, the getter answers again.
    if (hideFonts) delete (document as { fonts?: FontFaceSet }).fonts;
  }
  parent.appendChild(view.dom);
  return view;
}
