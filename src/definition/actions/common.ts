// ---------------------------------------------------------------------------
// Pieces every built-in action's config schema shares.
// ---------------------------------------------------------------------------

import type { JsonObject, JsonSchema } from '../types';
import type { ConfigSchemaOf } from './define';

/** The JSON Schema dialect of every config schema. */
export const JSON_SCHEMA_DIALECT = 'https://json-schema.org/draft/2020-12/schema';

/**
 * `continueOnError`, which executors honour on any action, so every built-in schema
 * accepts it even though its `additionalProperties` is false.
 */
export const CONTINUE_ON_ERROR_PROPERTY: JsonSchema = {
  type: 'boolean',
  title: 'Continue on error',
  description: 'When on, a failure of this step is recorded and the workflow goes on with the next step.',
  default: false,
};

/**
 * A config schema with the shared dialect, `continueOnError` and a closed property set,
 * so a typo in a field name is reported instead of silently ignored.
 */
export function configSchema<Properties extends Record<string, JsonSchema>>(options: {
  title: string;
  properties: Properties;
  required: readonly (keyof Properties & string)[];
}): ConfigSchemaOf<Properties & { continueOnError: boolean }> {
  return {
    $schema: JSON_SCHEMA_DIALECT,
    title: options.title,
    type: 'object',
    properties: { ...options.properties, continueOnError: CONTINUE_ON_ERROR_PROPERTY },
    required: [...options.required],
    additionalProperties: false,
  } as JsonSchema as ConfigSchemaOf<Properties & { continueOnError: boolean }>;
}

/** The uiSchema entry of a template text field: text with an "Insert reference" button. */
export function referenceWidget(extra: JsonObject = {}): JsonObject {
  return { 'ui:widget': 'reference', ...extra };
}
