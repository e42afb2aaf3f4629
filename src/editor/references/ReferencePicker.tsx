// ---------------------------------------------------------------------------
// "Insert reference": what a field may refer to at this step (trigger fields, earlier
// steps' outputs, secrets), searchable, nested fields indented under their parent.
// Choosing one hands its `{{ ... }}` text to the caller, which inserts it at the caret.
// ---------------------------------------------------------------------------

import { Command } from 'cmdk';
import { useRef, type ReactElement } from 'react';
import type { ReferenceGroup, ReferenceOption } from '../../definition';
import { defaultLabels, mergeLabels, type EditorLabels } from '../labels';
import { FloatingDialog } from '../picker/FloatingDialog';
import { PickerSearch } from '../picker/PickerSearch';

/** Props of {@link ReferencePicker}. */
export interface ReferencePickerProps {
  /** What is in scope, from `availableReferences(workflow, stepId, { secrets, catalog })`. */
  groups: readonly ReferenceGroup[];
  /** The "Insert reference" button; the dialog sits beside it. */
  anchor: HTMLElement | null;
  /** A person chose a reference; insert `option.insertText`. */
  onSelect: (option: ReferenceOption) => void;
  /** Escape or a click outside. */
  onClose: (reason: 'escape' | 'outside') => void;
  /** Overrides of the visible strings. @default defaultLabels */
  labels?: Partial<EditorLabels>;
}

interface FlatOption {
  option: ReferenceOption;
  depth: number;
  /** Labels of the enclosing options, for search ("body id" finds body → id). */
  trail: string[];
}

function flatten(options: readonly ReferenceOption[], depth = 0, trail: string[] = []): FlatOption[] {
  return options.flatMap((option) => [
    { option, depth, trail },
    ...flatten(option.children ?? [], depth + 1, [...trail, option.label]),
  ]);
}

/** The searchable reference list in a dialog named "Insert reference". */
export function ReferencePicker(props: ReferencePickerProps): ReactElement {
  const { groups, anchor, onSelect, onClose } = props;
  const labels = props.labels ? mergeLabels(props.labels) : defaultLabels;
  const inputRef = useRef<HTMLInputElement | null>(null);
  const searchable = new Map<string, string>();
  const flatGroups = groups.map((group) => {
    const flat = flatten(group.options);
    for (const entry of flat) {
      searchable.set(
        entry.option.insertText,
        [group.label, ...entry.trail, entry.option.label, entry.option.insertText].join(' ').toLowerCase(),
      );
    }
    return { group, flat };
  });
  const empty = flatGroups.every(({ flat }) => flat.length === 0);

  return (
    <FloatingDialog
      anchor={anchor}
      label={labels.insertReference}
      onDismiss={onClose}
      initialFocus={inputRef}
      className="wfe-picker wfe-reference-picker"
    >
      <Command
        label={labels.searchReferences}
        loop
        filter={(value, search) => {
          const text = searchable.get(value) ?? value.toLowerCase();
          return search
            .toLowerCase()
            .split(/\s+/)
            .filter(Boolean)
            .every((word) => text.includes(word))
            ? 1
            : 0;
        }}
      >
        <PickerSearch label={labels.searchReferences} inputRef={inputRef} />
        <Command.List className="wfe-picker-list" label={labels.references}>
          <Command.Empty className="wfe-picker-empty">{labels.noReferences}</Command.Empty>
          {!empty &&
            flatGroups.map(({ group, flat }) =>
              flat.length === 0 ? null : (
                <Command.Group
                  key={`${group.kind}:${group.stepId ?? ''}:${group.label}`}
                  heading={group.label}
                  className="wfe-picker-group"
                >
                  {flat.map(({ option, depth }) => (
                    <Command.Item
                      key={option.insertText}
                      value={option.insertText}
                      onSelect={() => onSelect(option)}
                      className="wfe-picker-item wfe-reference-item"
                      style={{ paddingInlineStart: `calc(var(--wfe-space-3, 12px) + ${depth} * 16px)` }}
                    >
                      <span className="wfe-picker-item-text">
                        <span className="wfe-picker-item-label">
                          {option.label}
                          {option.type && <span className="wfe-reference-type">{option.type}</span>}
                        </span>
                        <code className="wfe-picker-item-description wfe-reference-path">{option.insertText}</code>
                      </span>
                    </Command.Item>
                  ))}
                </Command.Group>
              ),
            )}
        </Command.List>
      </Command>
    </FloatingDialog>
  );
}
