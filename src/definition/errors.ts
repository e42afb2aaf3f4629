// ---------------------------------------------------------------------------
// One base for the errors the package throws. Every error carries a machine-readable
// `code`, so a host can branch on it (and translate it) without reading English text;
// `instanceof WorkflowEditorError` catches any of them.
// ---------------------------------------------------------------------------

/** An error thrown by workflow-editor: `code` says why, `message` says it in words. */
export class WorkflowEditorError<Code extends string = string> extends Error {
  /** Machine-readable reason, stable across versions. */
  readonly code: Code;

  constructor(code: Code, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'WorkflowEditorError';
    this.code = code;
  }
}

/** Thrown by {@link parseJsonPointer} for text that is not a JSON Pointer. */
export class JsonPointerError extends WorkflowEditorError<'invalid_pointer'> {
  constructor(pointer: string) {
    super('invalid_pointer', `Not a JSON Pointer: ${JSON.stringify(pointer)} (a non-empty pointer starts with "/")`);
    this.name = 'JsonPointerError';
  }
}
