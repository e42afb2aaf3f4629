// ---------------------------------------------------------------------------
// The "+" on a connector. Always in the page while its part of the canvas is drawn
// (never created on hover, so keyboard and screen reader users find it), and only
// made prominent by hover, focus or a step dragged over it.
// ---------------------------------------------------------------------------

import { useId, type Ref, type ReactElement } from 'react';
import { useLabels } from '../WorkflowEditorProvider';

/** Props of {@link InsertionPointButton}. */
export interface InsertionPointButtonProps {
  /** Where the point is, read as the button's accessible description, e.g. "after Notify CRM". */
  description: string;
  /** Called when the button is activated (click, Enter, Space). */
  onActivate: () => void;
  /** DOM id of the button (the action picker anchors to it). */
  id?: string;
  /** Roving tab stop: 0 for the canvas's active item, -1 otherwise. @default 0 */
  tabIndex?: number;
  /** Draw the "+" prominently without hover or focus (a step dragged over it). @default false */
  prominent?: boolean;
  /** Ref to the button element. */
  buttonRef?: Ref<HTMLButtonElement>;
  /** Layout id, for the canvas's keyboard handling. */
  itemId?: string;
  /**
   * Visible text beside the "+" (the empty workflow's "Add the first step"). Clicking it
   * does what the button does. The button keeps its name and description, so it is found
   * the same way as every other "+".
   */
  hint?: string;
}

/** A circle button named "Add step" whose description says where the step would go. */
export function InsertionPointButton({
  description,
  onActivate,
  id,
  tabIndex = 0,
  prominent = false,
  buttonRef,
  itemId,
  hint,
}: InsertionPointButtonProps): ReactElement {
  const labels = useLabels();
  const descriptionId = useId();
  return (
    <>
      <button
        ref={buttonRef}
        id={id}
        type="button"
        className={prominent ? 'wfe-insert wfe-insert--prominent nodrag nopan' : 'wfe-insert nodrag nopan'}
        aria-label={labels.addStep}
        aria-describedby={descriptionId}
        title={`${labels.addStep} ${description}`}
        tabIndex={tabIndex}
        data-wfe-item={itemId}
        onClick={(event) => {
          event.stopPropagation();
          onActivate();
        }}
      >
        <svg className="wfe-insert-plus" viewBox="0 0 16 16" aria-hidden="true" focusable="false">
          <path d="M8 3.5v9M3.5 8h9" />
        </svg>
      </button>
      <span id={descriptionId} className="wfe-visually-hidden">
        {description}
      </span>
      {hint !== undefined && (
        // Pointer convenience only: the button beside it is the keyboard's way in.
        <span
          className="wfe-insert-hint nodrag nopan"
          onClick={(event) => {
            event.stopPropagation();
            onActivate();
          }}
        >
          {hint}
        </span>
      )}
    </>
  );
}
