// ---------------------------------------------------------------------------
// "Insert reference": what a field may refer to at this step (trigger fields, earlier
// steps' outputs, secrets), searchable, nested fields indented under their parent.
// Choosing one hands its `{{ ... }}` text to the caller, which inserts it at the caret.
//
// When a kind of reference is missing, the picker says why and what to do: a trigger
// without a payload schema (with a button to the trigger's settings), no earlier steps
// with outputs, no secrets from the host. These notes sit below the list, outside it, so
// search and the arrow keys see only references.
// ---------------------------------------------------------------------------

import { Command } from 'cmdk';
import { useRef, type ReactElement } from 'react';
import type { ReferenceGroup, ReferenceOption } from '../../definition';
import { mergeLabels, type EditorLabels } from '../labels';
import { FloatingDialog } from '../picker/FloatingDialog';
import { PickerSearch } from '../picker/PickerSearch';
import type { EditorStore } from '../store';
import { useLabels, useOptionalWorkflowEditorStore } from '../WorkflowEditorProvider';

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
  /** Overrides of the visible strings. @default the provider's labels, or defaultLabels outside one */
  labels?: Partial<EditorLabels>;
  /**
   * Opens the trigger's settings, offered as a button when the trigger gives no fields.
   * Inside a `WorkflowEditorProvider` the default selects the trigger and opens its panel
   * (which replaces the step's panel, and with it this picker); outside one, without this
   * prop, the note has no button.
   */
  onOpenTrigger?: () => void;
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

/** A trigger group that offers only the whole payload, no fields. */
function offersNoTriggerFields(groups: readonly ReferenceGroup[]): boolean {
  const trigger = groups.find((group) => group.kind === 'trigger');
  return (
    trigger !== undefined && trigger.options.every((option) => option.path.length <= 1 && !option.children?.length)
  );
}

/** What the picker explains below its list: why a kind of reference is missing, and how to get it. */
function ReferenceNotes(props: {
  groups: readonly ReferenceGroup[];
  labels: EditorLabels;
  store: EditorStore | null;
  onOpenTrigger: (() => void) | undefined;
}): ReactElement | null {
  const { groups, labels, store, onOpenTrigger } = props;
  const notes: ReactElement[] = [];
  if (offersNoTriggerFields(groups)) {
    // Inside an editor the definition says whether there is a schema at all; outside one,
    // a whole-payload option without a type means there is none.
    const wholeType = groups.find((group) => group.kind === 'trigger')?.options[0]?.type;
    const hasSchema = store ? store.getState().definition.trigger.payloadSchema !== undefined : wholeType !== undefined;
    const open =
      onOpenTrigger ??
      (store && !store.getState().readOnly
        ? () => store.getState().select({ kind: 'trigger' }, { openPanel: true, focusPanel: true })
        : undefined);
    notes.push(
      <li key="trigger" className="wfe-reference-note">
        <span>{hasSchema ? labels.noTriggerSchemaFields : labels.noTriggerPayloadSchema}</span>
        {open && (
          <button type="button" className="wfe-reference-note-action" onClick={open}>
            {labels.openTriggerSettings}
          </button>
        )}
      </li>,
    );
  }
  if (!groups.some((group) => group.kind === 'step')) {
    notes.push(
      <li key="steps" className="wfe-reference-note">
        {labels.noEarlierSteps}
      </li>,
    );
  }
  if (!groups.some((group) => group.kind === 'secrets')) {
    notes.push(
      <li key="secrets" className="wfe-reference-note">
        {labels.noSecretsFromHost}
      </li>,
    );
  }
  if (notes.length === 0) return null;
  return <ul className="wfe-reference-notes">{notes}</ul>;
}

/** The searchable reference list in a dialog named "Insert reference". */
export function ReferencePicker(props: ReferencePickerProps): ReactElement {
  const { groups, anchor, onSelect, onClose } = props;
  const providerLabels = useLabels();
  const labels = props.labels ? mergeLabels(props.labels) : providerLabels;
  const store = useOptionalWorkflowEditorStore();
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
        {/* Beside the list, not in it: a listbox may hold only options (and groups). */}
        <Command.Empty className="wfe-picker-empty">{labels.noReferences}</Command.Empty>
      </Command>
      <ReferenceNotes groups={groups} labels={labels} store={store} onOpenTrigger={props.onOpenTrigger} />
    </FloatingDialog>
  );
}
