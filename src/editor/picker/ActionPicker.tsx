// ---------------------------------------------------------------------------
// The action picker: "Find action", a searchable list of the catalog's actions under
// category headings, anchored to the "+" it came from. Built on cmdk (search box,
// arrow keys, Enter) inside a floating dialog. Actions the host marks unavailable stay
// listed, disabled, with the reason, so a person learns the action exists.
// ---------------------------------------------------------------------------

import { Command } from 'cmdk';
import { useRef, type ReactElement } from 'react';
import type { ActionCatalog, ActionDefinition } from '../../definition';
import { ActionIcon } from '../icons';
import { defaultLabels, mergeLabels, type EditorLabels } from '../labels';
import { FloatingDialog } from './FloatingDialog';
import { PickerSearch } from './PickerSearch';

/** What a host answers for one action: available, or not with a reason to show. */
export type ActionAvailability = true | { available: false; reason?: string };

/** Decides per action whether a person may add it (pricing plan, permissions...). */
export type IsActionAvailable = (action: ActionDefinition) => ActionAvailability;

/** Props of {@link ActionPicker}. */
export interface ActionPickerProps {
  /** The actions to offer, grouped by category in catalog order. */
  catalog: ActionCatalog;
  /** The "+" that opened the picker; the dialog sits beside it. */
  anchor: HTMLElement | null;
  /** A person chose an available action. */
  onSelect: (action: ActionDefinition) => void;
  /** Escape (focus has already gone back to `anchor`) or a click outside. */
  onClose: () => void;
  /** Host gating. @default every action available */
  isActionAvailable?: IsActionAvailable;
  /** Overrides of the visible strings. @default defaultLabels */
  labels?: Partial<EditorLabels>;
}

/**
 * Filters by label, category and keywords: every word typed must start a word of one
 * of them, or appear in the label. Substring matching beats cmdk's fuzzy default here:
 * "request" should not match every action whose letters happen to spell it.
 */
export function matchAction(action: ActionDefinition, search: string): boolean {
  const words = search.toLowerCase().split(/\s+/).filter(Boolean);
  if (words.length === 0) return true;
  const haystack = [action.label, action.category, ...action.keywords].join(' ').toLowerCase();
  const starts = haystack.split(/[^a-z0-9]+/);
  return words.every(
    (word) => action.label.toLowerCase().includes(word) || starts.some((start) => start.startsWith(word)),
  );
}

/** The "Find action" dialog. Keyboard: type to filter, arrows move, Enter chooses, Escape closes. */
export function ActionPicker(props: ActionPickerProps): ReactElement {
  const { catalog, anchor, onSelect, onClose, isActionAvailable } = props;
  const labels = props.labels ? mergeLabels(props.labels) : defaultLabels;
  const inputRef = useRef<HTMLInputElement | null>(null);
  const byValue = new Map(catalog.actions.map((action) => [action.id, action]));

  return (
    <FloatingDialog
      anchor={anchor}
      label={labels.findAction}
      onDismiss={(reason) => {
        // Escape means "never mind": back to the "+" the person came from. A click
        // elsewhere already put focus where the person wanted it.
        if (reason === 'escape') anchor?.focus();
        onClose();
      }}
      initialFocus={inputRef}
      className="wfe-picker"
    >
      <Command
        label={labels.findAction}
        loop
        filter={(value, search) => {
          const action = byValue.get(value);
          return action && matchAction(action, search) ? 1 : 0;
        }}
      >
        <PickerSearch label={labels.findAction} inputRef={inputRef} />
        <Command.List className="wfe-picker-list" label={labels.findAction}>
          {catalog.categories.map((category) => (
            <Command.Group key={category.name} heading={category.name} className="wfe-picker-group">
              {category.actions.map((action) => {
                const availability = isActionAvailable ? isActionAvailable(action) : true;
                const unavailable = availability !== true;
                const reason = unavailable ? (availability.reason ?? labels.actionUnavailable) : undefined;
                return (
                  <Command.Item
                    key={action.id}
                    value={action.id}
                    keywords={[action.label, action.category, ...action.keywords]}
                    disabled={unavailable}
                    onSelect={() => onSelect(action)}
                    className="wfe-picker-item"
                  >
                    <span className="wfe-picker-item-icon" aria-hidden="true">
                      <ActionIcon icon={action.icon} size={18} />
                    </span>
                    <span className="wfe-picker-item-text">
                      <span className="wfe-picker-item-label">{action.label}</span>
                      <span className="wfe-picker-item-description">{reason ?? action.description}</span>
                    </span>
                    {unavailable && (
                      <span className="wfe-picker-item-lock" aria-hidden="true">
                        <svg viewBox="0 0 16 16" width="14" height="14">
                          <rect
                            x="3.5"
                            y="7"
                            width="9"
                            height="6.5"
                            rx="1.2"
                            fill="none"
                            stroke="currentColor"
                            strokeWidth="1.4"
                          />
                          <path
                            d="M5.5 7V5.2a2.5 2.5 0 0 1 5 0V7"
                            fill="none"
                            stroke="currentColor"
                            strokeWidth="1.4"
                          />
                        </svg>
                      </span>
                    )}
                  </Command.Item>
                );
              })}
            </Command.Group>
          ))}
        </Command.List>
        {/* Beside the list, not in it: a listbox may hold only options (and groups). */}
        <Command.Empty className="wfe-picker-empty">{labels.noActionsFound}</Command.Empty>
      </Command>
    </FloatingDialog>
  );
}
