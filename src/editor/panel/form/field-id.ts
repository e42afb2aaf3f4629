// ---------------------------------------------------------------------------
// How rjsf names a configuration form's fields. Apart from the form's messages, so the
// panels can read a field id without loading any of the form.
// ---------------------------------------------------------------------------

/** The separator rjsf puts between the segments of a field id. */
export const ID_SEPARATOR = '_';

/** The rjsf id of the field at `segments` (property names and array indexes) under `idPrefix`. */
export function fieldId(idPrefix: string, segments: readonly (string | number)[]): string {
  return [idPrefix, ...segments].join(ID_SEPARATOR);
}
