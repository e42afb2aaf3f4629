// ---------------------------------------------------------------------------
// The overflow menu of a narrow toolbar ("More actions"): the menu button pattern
// (aria-haspopup, aria-expanded, role=menu), keyboard as for every menu of the editor.
// ---------------------------------------------------------------------------

import { useId, useLayoutEffect, useRef, useState, type KeyboardEvent, type ReactElement } from 'react';
import { moveMenuFocus } from '../menu-keys';

/** One entry of {@link MoreActionsMenu}. */
export interface MenuEntry {
  label: string;
  disabled?: boolean;
  /**
   * For a toggle (the toolbar's pressed-or-not buttons): whether it is on. The entry is
   * then a `menuitemcheckbox` that says so.
   */
  checked?: boolean;
  /**
   * Listed only below this width, where its button is not shown (toolbar.css): `narrow`
   * below 640 px, `narrowest` (a phone) below 480 px. Without it, listed whenever the
   * menu is shown.
   */
  onlyBelow?: 'narrow' | 'narrowest';
  onSelect: () => void;
}

/** The class that lists an entry only at the widths where its button is not shown. */
function entryClassName(entry: MenuEntry): string {
  return entry.onlyBelow ? `wfe-menu-item wfe-toolbar-menu-item--${entry.onlyBelow}` : 'wfe-menu-item';
}

/**
 * The overflow menu of a narrow toolbar: a menu button ("More actions") and its menu.
 * Enter, Space or the down arrow open it on its first entry (the up arrow on its last);
 * the arrows, Home and End move; Escape closes it and gives focus back to the button;
 * Tab or a click elsewhere closes it. Choosing an entry puts focus back on the button
 * first, so a dialog it opens returns focus there.
 */
export function MoreActionsMenu(props: { label: string; entries: readonly MenuEntry[] }): ReactElement {
  const { label, entries } = props;
  const [open, setOpen] = useState<false | 'first' | 'last'>(false);
  const buttonRef = useRef<HTMLButtonElement>(null);
  const menuRef = useRef<HTMLDivElement>(null);
  const menuId = useId();

  // Entries the current width does not list are in the menu but not shown: skip them.
  const enabledItems = (): HTMLButtonElement[] =>
    Array.from(menuRef.current?.querySelectorAll<HTMLButtonElement>('[role^="menuitem"]:not(:disabled)') ?? []).filter(
      (item) => item.getClientRects().length > 0,
    );

  useLayoutEffect(() => {
    if (!open) return;
    const items = enabledItems();
    (open === 'first' ? items[0] : items[items.length - 1])?.focus();
  }, [open]);

  const closeToButton = (): void => {
    buttonRef.current?.focus();
    setOpen(false);
  };

  const onButtonKeyDown = (event: KeyboardEvent<HTMLButtonElement>): void => {
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      setOpen(event.key === 'ArrowDown' ? 'first' : 'last');
    }
  };

  const onMenuKeyDown = (event: KeyboardEvent<HTMLDivElement>): void => {
    if (moveMenuFocus(event, enabledItems())) return;
    if (event.key === 'Escape') {
      event.preventDefault();
      // The menu only: an editor or dialog around it keeps its own Escape.
      event.stopPropagation();
      closeToButton();
    } else if (event.key === 'Tab') {
      setOpen(false);
    }
  };

  return (
    <div className="wfe-toolbar-more">
      <button
        ref={buttonRef}
        type="button"
        className="wfe-button wfe-toolbar-more-button"
        aria-label={label}
        title={label}
        aria-haspopup="menu"
        aria-expanded={open !== false}
        aria-controls={open ? menuId : undefined}
        // Enter and Space arrive here as a click.
        onClick={() => setOpen((current) => (current ? false : 'first'))}
        onKeyDown={onButtonKeyDown}
      >
        <svg className="wfe-toolbar-icon" viewBox="0 0 16 16" aria-hidden="true" focusable="false">
          <circle cx="3" cy="8" r="1.5" />
          <circle cx="8" cy="8" r="1.5" />
          <circle cx="13" cy="8" r="1.5" />
        </svg>
      </button>
      {open ? (
        <div
          ref={menuRef}
          id={menuId}
          role="menu"
          aria-label={label}
          className="wfe-menu wfe-toolbar-menu"
          onKeyDown={onMenuKeyDown}
          onBlur={(event) => {
            const next = event.relatedTarget as Node | null;
            if (!event.currentTarget.contains(next) && next !== buttonRef.current) setOpen(false);
          }}
        >
          {entries.map((entry) => (
            <button
              key={entry.label}
              type="button"
              role={entry.checked === undefined ? 'menuitem' : 'menuitemcheckbox'}
              aria-checked={entry.checked}
              tabIndex={-1}
              className={entryClassName(entry)}
              disabled={entry.disabled}
              onClick={() => {
                closeToButton();
                entry.onSelect();
              }}
            >
              {entry.label}
            </button>
          ))}
        </div>
      ) : null}
    </div>
  );
}
