// ---------------------------------------------------------------------------
// The small square buttons that carry only a glyph (close, remove a row, move up or
// down). Their accessible name is the label; the glyph is decoration.
// ---------------------------------------------------------------------------

import type { ReactElement } from 'react';

const GLYPH_PATHS = {
  close: <path d="M4 4l8 8M12 4l-8 8" stroke="currentColor" strokeWidth="1.6" strokeLinecap="round" />,
  up: <path d="M4 10l4-4 4 4" fill="none" stroke="currentColor" strokeWidth="1.6" strokeLinecap="round" />,
  down: <path d="M4 6l4 4 4-4" fill="none" stroke="currentColor" strokeWidth="1.6" strokeLinecap="round" />,
} as const;

/** Props of {@link IconButton}. */
export interface IconButtonProps {
  glyph: keyof typeof GLYPH_PATHS;
  /** The accessible name. */
  label: string;
  /** Tooltip. @default none */
  title?: string;
  /** Classes besides `wfe-icon-button`. */
  className?: string;
  disabled?: boolean;
  onClick?: () => void;
  /** Glyph size in px. @default 14 */
  size?: number;
}

/** A button showing only a glyph, named by `label`. */
export function IconButton(props: IconButtonProps): ReactElement {
  const { glyph, label, title, className, disabled, onClick, size = 14 } = props;
  return (
    <button
      type="button"
      className={className ? `wfe-icon-button ${className}` : 'wfe-icon-button'}
      aria-label={label}
      title={title}
      disabled={disabled}
      onClick={onClick}
    >
      <svg viewBox="0 0 16 16" width={size} height={size} aria-hidden="true">
        {GLYPH_PATHS[glyph]}
      </svg>
    </button>
  );
}
