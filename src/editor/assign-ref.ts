import type { Ref } from 'react';

/** Hands `value` to a ref of either kind (a callback or an object), as React does. */
export function assignRef<T>(ref: Ref<T | null> | undefined, value: T | null): void {
  if (typeof ref === 'function') ref(value);
  // React 18's types make an object ref's `current` read-only; React 19's do not.
  else if (ref) (ref as { current: T | null }).current = value;
}
