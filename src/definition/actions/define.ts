// ---------------------------------------------------------------------------
// defineAction: one action, every part of it in one place (docs/actions.md). An action
// is plain data plus a few hooks the layers call instead of switching on its id:
// validation (`validateConfig`), the serialisers (`configKeyOrder`), the reference list
// (`outputSchema`, `errorFields`) and the Serverless Workflow export
// (`toServerlessWorkflow`). The editor draws its `icon` by name; an executor runs it by
// id from its handler map.
// ---------------------------------------------------------------------------

import type {
  ActionDefinition,
  ActionStep,
  JsonSchema,
  Problem,
  ServerlessWorkflowTask,
  ServerlessWorkflowTools,
} from '../types';

/**
 * A config as the hooks receive it: what a person wrote, not yet known to match the
 * schema, so any field may be missing or of another type.
 */
export type ConfigDraft<Config> = { readonly [Key in keyof Config]?: unknown };

/** A config schema with a property for every field of `Config`. */
export type ConfigSchemaOf<Config> = JsonSchema & { properties: { [Key in keyof Config]-?: JsonSchema } };

/** What {@link defineAction} takes: an {@link ActionDefinition} whose parts agree on `Config`. */
export interface ActionSpec<Config extends object> extends Omit<
  ActionDefinition,
  'configSchema' | 'defaultConfig' | 'outputSchema' | 'validateConfig' | 'toServerlessWorkflow'
> {
  /** Describes every field of `Config` (checked by the compiler). */
  configSchema: ConfigSchemaOf<Config>;
  defaultConfig: Partial<Config>;
  // eslint-disable-next-line @typescript-eslint/no-generated-empty-object-type -- `{}` only while Config is unknown; each action's Config gives its fields
  outputSchema?: (config: ConfigDraft<Config>) => JsonSchema | undefined;
  // eslint-disable-next-line @typescript-eslint/no-generated-empty-object-type -- `{}` only while Config is unknown; each action's Config gives its fields
  validateConfig?: (config: ConfigDraft<Config>) => Problem[];
  toServerlessWorkflow?: (
    // eslint-disable-next-line @typescript-eslint/no-generated-empty-object-type -- `{}` only while Config is unknown; each action's Config gives its fields
    step: Omit<ActionStep, 'config'> & { config: ConfigDraft<Config> },
    dsl: ServerlessWorkflowTools,
  ) => ServerlessWorkflowTask | undefined;
}

/**
 * An action from its parts, typed by its config: the schema must describe every field of
 * `Config`, the default config and the hooks read the same fields. The same object is
 * returned; built-in and host actions are written alike and go in a catalog
 * (`createActionCatalog([myAction])`).
 */
export function defineAction<Config extends object>(spec: ActionSpec<Config>): ActionDefinition {
  return spec as unknown as ActionDefinition;
}
