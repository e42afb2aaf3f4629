// ---------------------------------------------------------------------------
// JSON Pointers (RFC 6901). Every problem and every reference location is a pointer,
// so building and reading them lives in one place.
// ---------------------------------------------------------------------------

import { JsonPointerError } from './errors';
import type { PathSegment } from './types';

/** Escapes one segment for a JSON Pointer: `~` becomes `~0`, `/` becomes `~1`. */
export function escapeJsonPointerSegment(segment: PathSegment): string {
  const text = String(segment);
  // Most names need no escaping; validation builds a segment for every field it reads.
  if (!text.includes('~') && !text.includes('/')) return text;
  return text.replace(/~/g, '~0').replace(/\//g, '~1');
}

/** Builds a JSON Pointer from its segments: `['steps', 0, 'config']` → `/steps/0/config`; `[]` → `""`. */
export function jsonPointer(segments: readonly PathSegment[]): string {
  let pointer = '';
  for (const segment of segments) pointer += `/${escapeJsonPointerSegment(segment)}`;
  return pointer;
}

/**
 * Splits a JSON Pointer into its unescaped segments: `/a~1b/0` → `['a/b', '0']`, `""` → `[]`.
 * Throws a {@link JsonPointerError} for a non-empty pointer that does not start with `/`: pointers are built by
 * this package, so a malformed one is a programmer error, not bad user input.
 */
export function parseJsonPointer(pointer: string): string[] {
  if (pointer === '') return [];
  if (!pointer.startsWith('/')) {
    throw new JsonPointerError(pointer);
  }
  return pointer
    .slice(1)
    .split('/')
    .map((segment) => segment.replace(/~1/g, '/').replace(/~0/g, '~'));
}
