// ---------------------------------------------------------------------------
// The template input's look, from the editor's `--wfe-*` tokens (so the dark theme and a
// host's own tokens apply): a box like the form's text inputs, chips as pills, broken
// chips red, and the suggestions list like the reference picker. CodeMirror mounts these
// rules itself (a constructed style sheet, or a style element with the host's nonce).
// ---------------------------------------------------------------------------

import { EditorView } from '@codemirror/view';

const suggestionsBox = {
  border: '1px solid var(--wfe-color-border)',
  borderRadius: 'var(--wfe-radius-md)',
  background: 'var(--wfe-color-surface)',
  color: 'var(--wfe-color-text)',
  boxShadow: 'var(--wfe-shadow-lg)',
  fontFamily: 'var(--wfe-font-family)',
  fontSize: 'var(--wfe-font-size-md)',
  overflow: 'hidden',
};

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
  '.cm-scroller': { fontFamily: 'inherit', lineHeight: '22px' },
  '.cm-content': { padding: '6px 0', caretColor: 'var(--wfe-color-text)' },
  '.cm-line': { padding: '0 10px' },
  '&.wfe-template-input--multiline .cm-content': { minHeight: '66px' },
  '.cm-placeholder': { color: 'var(--wfe-color-text-subtle)' },
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
  // Specific enough to win over CodeMirror's own tooltip colours (its light and dark base themes).
  '&.cm-editor .cm-tooltip.wfe-suggestions': suggestionsBox,
  '.wfe-suggestions': { width: '340px', maxWidth: 'calc(100vw - 16px)' },
  '.wfe-suggestions .wfe-picker-list': { maxHeight: 'none', overflow: 'visible' },
});
