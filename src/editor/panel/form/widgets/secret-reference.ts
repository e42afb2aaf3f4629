// ---------------------------------------------------------------------------
// How the "secret" widget stores its choice: `{{ secrets.<name> }}`.
// ---------------------------------------------------------------------------

const SECRET_REFERENCE = /^\{\{\s*secrets\.([A-Za-z_][A-Za-z0-9_]*)\s*\}\}$/;

/** The secret name in `{{ secrets.<name> }}`, or undefined. */
export function secretNameOf(value: unknown): string | undefined {
  return typeof value === 'string' ? SECRET_REFERENCE.exec(value)?.[1] : undefined;
}
