// ---------------------------------------------------------------------------
// Whether a field of a generated form must be filled in, from its field template to its
// widget: required in its group, and its group required all the way up (or a list entry,
// which exists once it shows). A field required only inside an optional group (a signing
// secret, when signing is optional) is not: the group may be left out as a whole.
// ---------------------------------------------------------------------------

import { createContext, useContext } from 'react';

/**
 * Provided by each field template for what it holds (the root's template provides true);
 * outside any field template nothing is known to be required.
 */
export const FieldRequired = /* @__PURE__ */ createContext(false);

/** Whether the field being drawn must be filled in: for `aria-required` and the "*". */
export function useFieldRequired(): boolean {
  return useContext(FieldRequired);
}
