// ---------------------------------------------------------------------------
// The rjsf validator every configuration form uses: ajv 8 on draft 2020-12, the dialect
// of every config schema. ajv compiles and caches each schema it sees, so one validator
// is shared by the forms of a page; it holds no editor state.
// ---------------------------------------------------------------------------

import type { RJSFSchema, ValidatorType } from '@rjsf/utils';
import { customizeValidator } from '@rjsf/validator-ajv8';
import Ajv2020 from 'ajv/dist/2020.js';
import type { JsonObject } from '../../../definition';
import type { ConfigFormContext } from './context';

let sharedValidator: ValidatorType<JsonObject, RJSFSchema, ConfigFormContext> | undefined;

/** The draft 2020-12 validator of configuration forms, created on first use. */
export function configValidator(): ValidatorType<JsonObject, RJSFSchema, ConfigFormContext> {
  sharedValidator ??= customizeValidator<JsonObject, RJSFSchema, ConfigFormContext>({ AjvClass: Ajv2020 });
  return sharedValidator;
}
