// ---------------------------------------------------------------------------
// The action catalog: built-in actions plus whatever a host adds. The picker, the
// configuration panel, the validator and the schema generator all read actions from
// an ActionCatalog, never from a module-level registry, so two editors on one page can
// offer different actions.
// ---------------------------------------------------------------------------

import { ActionCatalogError } from '../errors';
import { ID_PATTERN, type ActionCatalog, type ActionDefinition } from '../types';
import { createSchemaValidator, SchemaNotUsableError } from '../validation/json-schema';
import { createCaseAction } from './cases';
import { sendEmailAction } from './communication';
import { branchAction, waitAction } from './flow';
import { httpsRequestAction } from './https-request';
import { approveInquiryAction, declineInquiryAction, markForReviewAction } from './inquiry';

export { CASE_PRIORITIES, createCaseAction } from './cases';
export { JSON_SCHEMA_DIALECT } from './common';
export { defineAction, type ActionSpec, type ConfigDraft, type ConfigSchemaOf } from './define';
export { sendEmailAction } from './communication';
export { BRANCH_ACTION_ID, MAX_WAIT_SECONDS, branchAction, waitAction, type WaitConfig } from './flow';
export { HTTPS_REQUEST_ACTION_ID, HTTP_TOKEN_PATTERN, httpsRequestAction } from './https-request';
export { approveInquiryAction, declineInquiryAction, markForReviewAction } from './inquiry';

/** The actions every catalog starts with, in picker order. */
export const BUILT_IN_ACTIONS: readonly ActionDefinition[] = [
  approveInquiryAction,
  declineInquiryAction,
  markForReviewAction,
  httpsRequestAction,
  createCaseAction,
  sendEmailAction,
  waitAction,
  branchAction,
];

/**
 * A catalog of the built-in actions followed by `extraActions` (the host's own).
 *
 * @throws ActionCatalogError (`invalid_action_id`, `duplicate_action_id`) when a host action reuses a built-in id, two host actions share an id,
 * or an id does not match `ID_PATTERN`: the catalog is configured by a programmer, and
 * a silently shadowed action would make stored workflows mean something else.
 * @throws ActionCatalogError (`invalid_config_schema`) when a host action's `configSchema`
 * is not a JSON Schema the validator can use, saying what is wrong where: found here, by
 * the action's author, rather than as a problem no config of the action can get past
 * when a person publishes.
 */
export function createActionCatalog(extraActions: readonly ActionDefinition[] = []): ActionCatalog {
  const byId = new Map<string, ActionDefinition>();
  for (const action of BUILT_IN_ACTIONS) byId.set(action.id, action);
  for (const action of extraActions) {
    if (!ID_PATTERN.test(action.id)) {
      throw new ActionCatalogError(
        'invalid_action_id',
        `Action id "${action.id}" is not valid: it must start with a lowercase letter and hold only lowercase letters, digits and "_" (at most 63 characters).`,
      );
    }
    if (byId.has(action.id)) {
      const builtIn = BUILT_IN_ACTIONS.some((known) => known.id === action.id);
      throw new ActionCatalogError(
        'duplicate_action_id',
        builtIn
          ? `Action id "${action.id}" is already used by the built-in action "${byId.get(action.id)!.label}"; give the host action another id.`
          : `Action id "${action.id}" is given twice in the host actions ("${byId.get(action.id)!.label}" and "${action.label}").`,
      );
    }
    const schemaProblem = configSchemaProblem(action);
    if (schemaProblem) throw new ActionCatalogError('invalid_config_schema', schemaProblem);
    byId.set(action.id, action);
  }
  const actions = [...byId.values()];
  const categories: { name: string; actions: ActionDefinition[] }[] = [];
  for (const action of actions) {
    let category = categories.find((known) => known.name === action.category);
    if (!category) {
      category = { name: action.category, actions: [] };
      categories.push(category);
    }
    category.actions.push(action);
  }
  return {
    actions,
    categories,
    get: (actionId) => byId.get(actionId),
  };
}

/** Why a host action's config schema cannot be used, in words; undefined when it can. */
function configSchemaProblem(action: ActionDefinition): string | undefined {
  try {
    createSchemaValidator(action.configSchema);
    return undefined;
  } catch (error) {
    if (!(error instanceof SchemaNotUsableError)) throw error;
    const where = error.pointer === '' ? '' : ` (at ${error.pointer})`;
    return `The config schema of host action "${action.label}" (${action.id}) cannot be used: ${error.detail}${where}.`;
  }
}

/** A catalog of only the built-in actions. */
export const builtInCatalog: ActionCatalog = createActionCatalog();
