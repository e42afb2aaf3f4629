// ---------------------------------------------------------------------------
// The rjsf validator every configuration form uses: the definition layer's interpreting
// JSON Schema validator behind rjsf's `ValidatorType`. Nothing is compiled to JavaScript,
// so forms work under a Content-Security-Policy without 'unsafe-eval', for built-in and
// host schemas alike, and a schema costs nothing the first time it is shown. Prepared
// schemas are kept per schema object; one validator serves every form of a page.
// ---------------------------------------------------------------------------

import {
  createErrorHandler,
  toErrorSchema,
  unwrapErrorHandler,
  validationDataMerge,
  type CustomValidator,
  type ErrorTransformer,
  type RJSFSchema,
  type RJSFValidationError,
  type UiSchema,
  type ValidationData,
  type ValidatorType,
} from '@rjsf/utils';
import {
  createSchemaValidator,
  parseJsonPointer,
  SchemaWorkExceededError,
  type JsonObject,
  type SchemaError,
  type SchemaValidator,
} from '../../../definition';
import type { ConfigFormContext } from './context';

type FormValidator = ValidatorType<JsonObject, RJSFSchema, ConfigFormContext>;

/** Prepared schemas, or the error that made one unusable (the definition layer reports those). */
const prepared = new WeakMap<object, SchemaValidator | Error>();

function validatorOf(schema: RJSFSchema): SchemaValidator | Error {
  let validator = prepared.get(schema);
  if (validator === undefined) {
    try {
      validator = createSchemaValidator(schema);
    } catch (error) {
      validator = error instanceof Error ? error : new Error(String(error));
    }
    prepared.set(schema, validator);
  }
  return validator;
}

/**
 * rjsf's property path: `.headers.0.key`, `.x-api-key`, `.a b`. rjsf splits paths on dots
 * and brackets and reads no quotes, so names are written as they are; a name holding a
 * dot or a bracket cannot be told apart from a nested one (a limit of rjsf's paths, which
 * its ajv validator shares).
 */
function propertyPath(segments: readonly string[]): string {
  return segments.map((segment) => `.${segment}`).join('');
}

/** One schema error as rjsf describes errors (the shape its ajv validator produces). */
function toRjsfError(error: SchemaError): RJSFValidationError {
  const segments = parseJsonPointer(error.instancePath);
  const missing = error.params.missingProperty;
  // A missing field's message belongs beside that field (required, dependentRequired, dependencies).
  if (typeof missing === 'string') segments.push(missing);
  const property = propertyPath(segments);
  return {
    name: error.keyword,
    property,
    message: error.message,
    params: error.params,
    stack: `${property} ${error.message}`.trim(),
    schemaPath: error.schemaPath,
  };
}

/**
 * The value's errors; a check past the validator's work budget (a host schema whose
 * recursive `anyOf` branches multiply) is one error on the whole form instead of a throw
 * into rjsf, which would take the panel down with what the person typed.
 */
function schemaErrors(validator: SchemaValidator, formData: JsonObject | undefined): SchemaError[] {
  try {
    return validator.errors(formData);
  } catch (error) {
    if (!(error instanceof SchemaWorkExceededError)) throw error;
    return [
      {
        keyword: 'schema',
        instancePath: '',
        schemaPath: '#',
        params: {},
        message: 'This form cannot be checked: its schema is too costly to check against what is entered',
        parentSchema: undefined,
      },
    ];
  }
}

class InterpretingFormValidator implements FormValidator {
  validateFormData(
    formData: JsonObject | undefined,
    schema: RJSFSchema,
    customValidate?: CustomValidator<JsonObject, RJSFSchema, ConfigFormContext>,
    transformErrors?: ErrorTransformer<JsonObject, RJSFSchema, ConfigFormContext>,
    uiSchema?: UiSchema<JsonObject, RJSFSchema, ConfigFormContext>,
  ): ValidationData<JsonObject> {
    const validator = validatorOf(schema);
    let errors = validator instanceof Error ? [] : schemaErrors(validator, formData).map(toRjsfError);
    if (transformErrors) errors = transformErrors(errors, uiSchema);
    const errorSchema = toErrorSchema<JsonObject>(errors);
    if (!customValidate) return { errors, errorSchema };
    // Called through plain records: rjsf's FormValidation over the recursive JsonObject
    // type is too deep for TypeScript to instantiate.
    type PlainValidation = ReturnType<typeof createErrorHandler<Record<string, unknown>>>;
    const validate = customValidate as unknown as (
      data: unknown,
      errors: PlainValidation,
      ui: unknown,
      schemaErrors: unknown,
    ) => PlainValidation;
    const custom = validate(
      formData,
      createErrorHandler<Record<string, unknown>>(formData ?? {}),
      uiSchema,
      errorSchema,
    );
    const merged = validationDataMerge<Record<string, unknown>>(
      // eslint-disable-next-line @typescript-eslint/no-unnecessary-type-assertion -- without it TypeScript instantiates the recursive type (TS2589)
      { errors, errorSchema: errorSchema as never },
      unwrapErrorHandler(custom),
    );
    // eslint-disable-next-line @typescript-eslint/no-unnecessary-type-assertion -- as above
    return merged as unknown as ValidationData<JsonObject>;
  }

  isValid(schema: RJSFSchema, formData: JsonObject | undefined, rootSchema: RJSFSchema): boolean {
    const root = validatorOf(rootSchema);
    try {
      if (!(root instanceof Error))
        return schema === rootSchema ? root.isValid(formData) : root.isValidAgainst(schema, formData);
      const own = validatorOf(schema);
      return !(own instanceof Error) && own.isValid(formData);
    } catch {
      // Past the work budget or the stack: not known to be valid.
      return false;
    }
  }

  // eslint-disable-next-line @typescript-eslint/no-unnecessary-type-parameters -- the signature of rjsf's ValidatorType
  rawValidation<Result = SchemaError>(
    schema: RJSFSchema,
    formData?: JsonObject,
  ): { errors?: Result[]; validationError?: Error } {
    const validator = validatorOf(schema);
    if (validator instanceof Error) return { validationError: validator };
    return { errors: schemaErrors(validator, formData) as Result[] };
  }
}

let sharedValidator: FormValidator | undefined;

/** The validator of configuration forms, created on first use. */
export function configValidator(): FormValidator {
  sharedValidator ??= new InterpretingFormValidator();
  return sharedValidator;
}
