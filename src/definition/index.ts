// Entry `workflow-editor/definition`: the format, validation, references, operations
// and layout. Pure TypeScript: no React, no DOM, no Node built-ins.
export * from './types';
export * from './tree';
export * from './json-pointer';
export * from './errors';
// Helpers the executor's separate builds import from this entry, marked internal (not in the .d.ts).
export * from './own';
// The step kinds, for the executor's separate builds likewise; the runtime table and its helpers
// are internal, the type guards `isBranchStep` and `isActionStep` public.
export * from './step-kinds';
export * from './references/parse';
export * from './actions';
export * from './ids';
export * from './operations';
export * from './insertion-points';
export * from './layout';
export * from './compare';
export * from './validate';
export * from './migrate';
export * from './serverless-workflow';
export * from './json-text';
export {
  DocumentNotSerializableError,
  MAX_DOCUMENT_DEPTH,
  readJsonDocument,
  type JsonDocumentReadResult,
  type ReadJsonDocumentOptions,
} from './json-value';
export * from './serialize';
export * from './references/resolve';
export * from './references/available';
export * from './step-id';
export * from './schemas/definition-schemas';
export * from './schema-from-sample';
export { schemaKeywordProblemCode } from './validation/schema-problems';
export {
  createSchemaValidator,
  SchemaNotUsableError,
  SchemaWorkExceededError,
  type SchemaError,
  type SchemaNotUsableKind,
  type SchemaPattern,
  type SchemaValidator,
  type SchemaValidatorOptions,
  type ValidateSchemaOptions,
} from './validation/json-schema';
