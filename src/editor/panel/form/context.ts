// ---------------------------------------------------------------------------
// What every template, widget and field of a configuration form can read through
// rjsf's `formContext`: the editor-side facts rjsf knows nothing about (touched fields,
// problems from the definition layer, the host's secrets, references in scope).
// ---------------------------------------------------------------------------

import type { JsonValue, ReferenceGroup } from '../../../definition';
import type { EditorLabels } from '../../labels';

/** One message shown beside a field. */
export interface FieldMessage {
  message: string;
  /**
   * Shown even before the field is touched: problems a person did not cause by typing
   * (a reference that went out of scope after a step moved), and JSON text errors.
   */
  always: boolean;
}

/** The `formContext` of a configuration form. A type alias, so rjsf's index signature accepts it. */
export type ConfigFormContext = {
  /** Messages by rjsf field id, from the JSON Schema and the definition layer's validator. */
  messagesById: ReadonlyMap<string, readonly FieldMessage[]>;
  /** Ids of fields the person has left at least once. */
  touched: ReadonlySet<string>;
  /** Every message shows, touched or not ("Publish"). */
  showAllErrors: boolean;
  /** Secret names the host offers. */
  secrets: readonly string[];
  /** References in scope at this step; `undefined` where references make no sense (the trigger). */
  references: (() => readonly ReferenceGroup[]) | undefined;
  labels: EditorLabels;
  /** Group ids (from `ui:options.groups`) currently open. */
  openGroups: ReadonlySet<string>;
  toggleGroup(groupId: string): void;
  /**
   * Text a top-level field held when it was hidden (the Body of a request switched to
   * GET), exactly as typed, valid JSON or not, by property name: the field starts from it
   * when it shows again, and a valid one goes back into the definition.
   */
  keptText: KeptText;
  /** The values of top-level JSON fields and long lists, which rjsf only holds stand-ins for. */
  jsonFields: JsonFieldValues;
  /**
   * The id of the field a focus request ("choose a problem") is about to focus, until it
   * has: a long list shows the row that holds it.
   */
  focusRequest: string | null;
  /** Invalid JSON text a json field holds, reported so the panel can count it as a problem. */
  reportDraftError(fieldId: string, message: string | null): void;
  /** Closes the current undo burst (a field lost focus). */
  endBurst(): void;
  /** The id prefix of this form's fields. */
  idPrefix: string;
  /** Text fields hand typing on after the frame showing it (see ConfigForm's `deferTyping`). */
  deferTyping: boolean;
};

/** Text of hidden fields, kept for the life of the form. */
export interface KeptText {
  get(property: string): string | undefined;
  /** Keeps `text` for `property` (a field that is hidden now). */
  set(property: string, text: string): void;
}

/**
 * Top-level JSON fields (`"ui:field": "json"` or `"jsonSchema"`: a request body, a
 * response schema) may hold megabytes, and long lists thousands of rows (see long-lists).
 * rjsf copies, merges defaults into and deep-compares its whole form data on every render,
 * so it gets a small stand-in for each such value instead; the field reads the value here
 * and hands changes back here, past rjsf.
 */
export interface JsonFieldValues {
  /** Whether `property` is one of them. */
  has(property: string): boolean;
  /** The value of `property` in the form's current data. */
  get(property: string): JsonValue | undefined;
  /** The person changed `property` in field `fieldId` (a typing target). */
  set(property: string, value: JsonValue | undefined, fieldId: string): void;
}

/** Whether `id`'s messages should show now. */
export function messagesVisible(context: ConfigFormContext, id: string): boolean {
  if (context.showAllErrors || context.touched.has(id)) return true;
  for (const touchedId of context.touched) if (touchedId.startsWith(`${id}_`)) return true;
  return false;
}

/** The messages to show beside field `id` now. */
export function visibleMessages(context: ConfigFormContext, id: string): string[] {
  const messages = context.messagesById.get(id) ?? [];
  const showAll = messagesVisible(context, id);
  return messages.filter((entry) => showAll || entry.always).map((entry) => entry.message);
}
