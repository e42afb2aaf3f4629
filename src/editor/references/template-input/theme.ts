// ---------------------------------------------------------------------------
// The template input's look, from the editor's `--wfe-*` tokens (so the dark theme and a
// host's own tokens apply): a box like the form's text inputs. The chips' and the
// suggestion list's looks live beside them (chips.ts, suggestions.ts), shared with the
// Body field. CodeMirror mounts these rules itself (a constructed style sheet, or a style
// element with the host's nonce).
// ---------------------------------------------------------------------------

import { EditorView } from '@codemirror/view';

export const templateInputTheme = EditorView.theme({
  '&': {
    border: '1px solid var(--wfe-color-border-strong)',
    borderRadius: 'var(--wfe-radius-sm)',
    background: 'var(--wfe-color-surface)',
    color: 'var(--wfe-color-text)',
    fontSize: 'var(--wfe-font-size-md)',
    minWidth: '0',
    width: '100%',
  },
  '&.cm-focused': {
    outline: 'none',
    borderColor: 'var(--wfe-color-accent)',
    boxShadow: '0 0 0 3px var(--wfe-color-accent-soft)',
  },
  '&[data-invalid="true"]': { borderColor: 'var(--wfe-color-danger)' },
  '&[data-readonly="true"]': { background: 'var(--wfe-color-surface-muted)' },
  '.cm-scroller': { fontFamily: 'inherit', lineHeight: '22px' },
  '.cm-content': { padding: '6px 0', caretColor: 'var(--wfe-color-text)' },
  '.cm-line': { padding: '0 10px' },
  '&.wfe-template-input--multiline .cm-content': { minHeight: '66px' },
  '.cm-placeholder': { color: 'var(--wfe-color-text-subtle)' },
});
