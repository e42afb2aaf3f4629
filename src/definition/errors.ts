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

/** Why {@link createActionCatalog} refused a host action. */
export type ActionCatalogErrorCode =
  /** The id does not match the id pattern (lowercase letters, digits and "_", at most 63 characters). */
  | 'invalid_action_id'
  /** The id is a built-in action's or another host action's. */
  | 'duplicate_action_id'
  /** The config schema is not a JSON Schema the validator can use (a keyword with a value of the wrong kind, a `$ref` to nowhere…). */
  | 'invalid_config_schema';

/** Thrown by {@link createActionCatalog} for a host action it cannot register. */
export class ActionCatalogError extends WorkflowEditorError<ActionCatalogErrorCode> {
  constructor(code: ActionCatalogErrorCode, message: string) {
    super(code, message);
    this.name = 'ActionCatalogError';
  }
}

/** Thrown by {@link parseJsonPointer} for text that is not a JSON Pointer. */
export class JsonPointerError extends WorkflowEditorError<'invalid_pointer'> {
  constructor(pointer: string) {
    super('invalid_pointer', `Not a JSON Pointer: ${JSON.stringify(pointer)} (a non-empty pointer starts with "/")`);
    this.name = 'JsonPointerError';
  }
}
