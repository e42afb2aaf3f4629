// ---------------------------------------------------------------------------
// The toolbar's part of the comparison, shown when the host gave a published version:
// the "Compare with published" toggle and, while it is on, a summary ("3 changes") that
// opens the list of changes. In the list, the arrow keys (or Tab) move between changes,
// Enter selects a change's step and opens its panel with focus in it, and Escape closes
// the list and gives focus back to the summary.
// ---------------------------------------------------------------------------

import { useEffect, useId, useRef, useState, type KeyboardEvent, type ReactElement } from 'react';
import type { StepChange } from '../../definition';
import { moveMenuFocus } from '../menu-keys';
import { useLabels, useWorkflowEditorStore } from '../WorkflowEditorProvider';
import { useCompareToggle, useWorkflowChanges } from './compare-state';

interface Entry {
  key: string;
  text: string;
  kind: StepChange['kind'] | 'changed';
  /** What Enter does; absent for a removed step (its ghost card shows where it was). */
  open?: () => void;
}

/** Toggle, summary and list of changes; nothing without a published version. */
export function CompareControlsImpl(): ReactElement | null {
  const labels = useLabels();
  const store = useWorkflowEditorStore();
  const { available, active, setActive } = useCompareToggle();
  const changes = useWorkflowChanges();
  const [open, setOpen] = useState(false);
  const summaryRef = useRef<HTMLButtonElement>(null);
  const popoverRef = useRef<HTMLDivElement>(null);
  const listId = useId();

  useEffect(() => {
    if (!open) return;
    popoverRef.current?.querySelector<HTMLElement>('[data-change-entry]')?.focus();
  }, [open]);

  if (!available) return null;

  const close = (refocus: boolean): void => {
    setOpen(false);
    if (refocus) summaryRef.current?.focus();
  };
  const entries: Entry[] = [];
  if (changes) {
    if (changes.workflow.length > 0) {
      entries.push({
        key: 'workflow',
        text: labels.workflowChanged,
        kind: 'changed',
        open: () => store.getState().select({ kind: 'trigger' }, { openPanel: true, focusPanel: true }),
      });
    }
    if (changes.trigger.length > 0) {
      entries.push({
        key: 'trigger',
        text: labels.triggerChanged,
        kind: 'changed',
        open: () => store.getState().select({ kind: 'trigger' }, { openPanel: true, focusPanel: true }),
      });
    }
    for (const change of changes.steps) {
      const text =
        change.kind === 'moved' && change.fields.length > 0
          ? `${labels.changeEntry('moved', change.name)} (${labels.changeBadge('changed').toLocaleLowerCase()})`
          : labels.changeEntry(change.kind, change.name);
      entries.push({
        key: change.stepId,
        text,
        kind: change.kind,
        ...(change.kind === 'removed'
          ? {}
          : {
              open: () =>
                store.getState().select({ kind: 'step', stepId: change.stepId }, { openPanel: true, focusPanel: true }),
            }),
      });
    }
  }

  const onListKeyDown = (event: KeyboardEvent<HTMLDivElement>): void => {
    const items = Array.from(event.currentTarget.querySelectorAll<HTMLElement>('[data-change-entry]'));
    if (moveMenuFocus(event, items)) return;
    if (event.key === 'Escape') {
      event.preventDefault();
      event.stopPropagation();
      close(true);
    }
  };

  return (
    <div className="wfe-toolbar-group wfe-compare-controls">
      <button
        type="button"
        className="wfe-button wfe-compare-toggle"
        aria-pressed={active}
        aria-label={labels.compareWithPublished}
        onClick={() => {
          setActive(!active);
          setOpen(false);
        }}
      >
        {/* Both words are drawn by width (compare.css); the name is always the long one. */}
        <span className="wfe-compare-toggle-long">{labels.compareWithPublished}</span>
        <span className="wfe-compare-toggle-short">{labels.compareShort}</span>
      </button>
      {active && changes ? (
        <div className="wfe-compare-summary-anchor">
          <button
            ref={summaryRef}
            type="button"
            className="wfe-button wfe-compare-summary"
            aria-expanded={open}
            aria-controls={open ? listId : undefined}
            data-change-count={changes.count}
            onClick={() => setOpen(!open)}
          >
            {labels.changesCount(changes.count)}
          </button>
          {open ? (
            <div
              ref={popoverRef}
              className="wfe-compare-popover"
              onKeyDown={onListKeyDown}
              onBlur={(event) => {
                const next = event.relatedTarget as Node | null;
                if (next && !event.currentTarget.contains(next) && next !== summaryRef.current) close(false);
              }}
            >
              {entries.length === 0 ? (
                <p className="wfe-compare-note" tabIndex={-1} data-change-entry="">
                  {labels.noChanges}
                </p>
              ) : (
                <ul id={listId} className="wfe-compare-list" aria-label={labels.changesList}>
                  {entries.map((entry) => (
                    <li key={entry.key}>
                      {entry.open ? (
                        <button
                          type="button"
                          className="wfe-compare-entry"
                          data-change-entry=""
                          onClick={() => {
                            close(false);
                            entry.open!();
                          }}
                        >
                          <span className={`wfe-change-dot wfe-change-dot--${entry.kind}`} aria-hidden="true" />
                          {entry.text}
                        </button>
                      ) : (
                        <span
                          className="wfe-compare-entry wfe-compare-entry--removed"
                          tabIndex={-1}
                          data-change-entry=""
                        >
                          <span className={`wfe-change-dot wfe-change-dot--${entry.kind}`} aria-hidden="true" />
                          {entry.text}
                        </span>
                      )}
                    </li>
                  ))}
                </ul>
              )}
            </div>
          ) : null}
        </div>
      ) : null}
    </div>
  );
}
