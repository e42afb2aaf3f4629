// ---------------------------------------------------------------------------
// The editor's icon set. Actions name an icon (`ActionDefinition.icon`): either one of
// the built-in names below, drawn as inline SVG so the package ships no image files and
// icons follow `currentColor`, or an image URL a host provides for its own actions.
// ---------------------------------------------------------------------------

import type { ReactElement } from 'react';

/** Names of the icons the editor draws itself. */
export const BUILT_IN_ICON_NAMES = [
  'globe',
  'check',
  'x',
  'flag',
  'briefcase',
  'mail',
  'clock',
  'split',
  'bolt',
  'box',
] as const;

/** One of {@link BUILT_IN_ICON_NAMES}. */
export type BuiltInIconName = (typeof BUILT_IN_ICON_NAMES)[number];

// Paths on a 24×24 grid, stroked (not filled) so they read well at 14–20 px.
const ICON_PATHS: Record<BuiltInIconName, ReactElement> = {
  globe: (
    <>
      <circle cx="12" cy="12" r="9" />
      <path d="M3 12h18" />
      <path d="M12 3c2.5 2.6 3.8 5.6 3.8 9s-1.3 6.4-3.8 9c-2.5-2.6-3.8-5.6-3.8-9s1.3-6.4 3.8-9z" />
    </>
  ),
  check: <path d="M4.5 12.5l5 5 10-11" />,
  x: (
    <>
      <path d="M6 6l12 12" />
      <path d="M18 6L6 18" />
    </>
  ),
  flag: (
    <>
      <path d="M5 21V4" />
      <path d="M5 4h11l-2 4 2 4H5" />
    </>
  ),
  briefcase: (
    <>
      <rect x="3" y="7" width="18" height="13" rx="2" />
      <path d="M9 7V5a1 1 0 0 1 1-1h4a1 1 0 0 1 1 1v2" />
      <path d="M3 13h18" />
    </>
  ),
  mail: (
    <>
      <rect x="3" y="5" width="18" height="14" rx="2" />
      <path d="M3.5 6l8.5 7 8.5-7" />
    </>
  ),
  clock: (
    <>
      <circle cx="12" cy="12" r="9" />
      <path d="M12 7v5l3 2" />
    </>
  ),
  split: (
    <>
      <path d="M12 3v6" />
      <path d="M12 9c0 4-6 4-6 8v4" />
      <path d="M12 9c0 4 6 4 6 8v4" />
    </>
  ),
  bolt: <path d="M13 2L4.5 13.5H11L10 22l8.5-11.5H12L13 2z" />,
  box: (
    <>
      <path d="M21 7.5L12 3 3 7.5v9L12 21l9-4.5v-9z" />
      <path d="M3 7.5L12 12l9-4.5" />
      <path d="M12 12v9" />
    </>
  ),
};

/** True when `icon` names one of the built-in icons. */
export function isBuiltInIconName(icon: string): icon is BuiltInIconName {
  return Object.prototype.hasOwnProperty.call(ICON_PATHS, icon);
}

/** Props of {@link ActionIcon}. */
export interface ActionIconProps {
  /** A built-in icon name (`globe`, `check`, ...) or an image URL. Unknown names draw `box`. */
  icon: string;
  /** Width and height in CSS pixels. @default 18 */
  size?: number;
  /** Extra class names. */
  className?: string;
}

/**
 * Draws an action's icon. Decorative: it is hidden from assistive technology because the
 * action's label is always shown (or named) beside it.
 */
export function ActionIcon({ icon, size = 18, className }: ActionIconProps): ReactElement {
  const classes = className ? `wfe-icon ${className}` : 'wfe-icon';
  if (!isBuiltInIconName(icon) && looksLikeUrl(icon)) {
    return (
      <img className={classes} src={icon} width={size} height={size} alt="" aria-hidden="true" draggable={false} />
    );
  }
  const paths = isBuiltInIconName(icon) ? ICON_PATHS[icon] : ICON_PATHS.box;
  return (
    <svg
      className={classes}
      width={size}
      height={size}
      viewBox="0 0 24 24"
      fill="none"
      stroke="currentColor"
      strokeWidth={1.8}
      strokeLinecap="round"
      strokeLinejoin="round"
      aria-hidden="true"
      focusable="false"
    >
      {paths}
    </svg>
  );
}

// An icon string that is not a built-in name is treated as an image only when it looks
// like one, so a typo in a name falls back to `box` instead of a broken image.
function looksLikeUrl(icon: string): boolean {
  return /^(https?:|data:image\/|blob:|\/|\.\.?\/)/.test(icon);
}
