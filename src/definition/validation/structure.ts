// ---------------------------------------------------------------------------
// Checking a document against the format's schema in time linear in its size and in
// its problems, and without recursing once per level of nesting. The schema checks each
// part of the tree (the document, each step, each branch, each condition in an all/any
// list) with the recursive lists left out of its schema, and the walk below visits those
// lists, without recursion, exactly where the full schema would apply: the errors are
// the ones the full schema gives, minus the "must match then schema" wrappers of the
// ancestors, which a more specific error always explains and which would be dropped
// anyway.
// ---------------------------------------------------------------------------

import { isRecord } from '../own';
import type { SchemaError, SchemaValidator } from './json-schema';
import { precompiledStructure, precompiledWhole } from './precompiled-validators';
import { compileSchema } from './schema-problems';
import { structureSchemas } from './structure-schemas';

/** The parts of the tree checked one by one. */
type Part = 'step' | 'branch' | 'condition';

interface Validators {
  workflow: SchemaValidator;
  stepDocument: SchemaValidator;
  step: SchemaValidator;
  branch: SchemaValidator;
  condition: SchemaValidator;
}

let validators: Validators | Error | undefined;

function buildValidators(): Validators | Error {
  const schemas = structureSchemas();
  const compiled = {
    workflow: compileSchema(schemas.workflow),
    stepDocument: compileSchema(schemas.stepDocument),
    step: compileSchema(schemas.step),
    branch: compileSchema(schemas.branch),
    condition: compileSchema(schemas.condition),
  };
  for (const validate of Object.values(compiled)) if (validate instanceof Error) return validate;
  return compiled as Validators;
}

/**
 * The schema errors of a workflow (`kind` "workflow") or step document (`kind` "step")
 * against the format's schema without action configs. Throws only if the format's own
 * schema does not compile.
 */
export function structureErrors(kind: 'workflow' | 'step', document: unknown): SchemaError[] {
  // A valid document (the common case) is one call of the build-time validator of the
  // whole schema. It recurses a few calls per level of the tree, and documents reach here
  // read to at most MAX_DOCUMENT_DEPTH levels; a stack it still outgrows means the walk.
  try {
    if ((kind === 'workflow' ? precompiledWhole.workflow : precompiledWhole.stepDocument)(document)) return [];
  } catch (error) {
    if (!(error instanceof RangeError)) throw error;
  }
  validators ??= buildValidators();
  if (validators instanceof Error) throw validators;
  const checks = validators;
  const errors: SchemaError[] = [];
  const collect = (part: keyof Validators, value: unknown, pointer: string): void => {
    // The build-time validator answers for a valid part; only a part it refuses is
    // walked by the interpreter, which words the errors.
    if (precompiledStructure[part](value)) return;
    // A loop, not push(...list): a list of 100,000 errors is too many arguments for one call.
    for (const error of checks[part].errors(value, { instancePath: pointer })) errors.push(error);
  };

  /** Parts still to walk, last first; `checked` when the schema saw them with their parent. */
  const pending: { part: Part; value: unknown; pointer: string; checked: boolean }[] = [];
  const visitList = (part: Part, list: unknown, pointer: string): void => {
    if (!Array.isArray(list)) return;
    for (let index = list.length - 1; index >= 0; index--) {
      pending.push({ part, value: list[index], pointer: `${pointer}/${index}`, checked: false });
    }
  };

  if (kind === 'workflow') {
    collect('workflow', document, '');
    if (isRecord(document) && document.steps !== undefined) visitList('step', document.steps, '/steps');
  } else {
    collect('stepDocument', document, '');
    pending.push({ part: 'step', value: document, pointer: '', checked: true });
  }

  while (pending.length > 0) {
    const { part, value, pointer, checked } = pending.pop()!;
    if (!checked) collect(part, value, pointer);
    if (!isRecord(value)) continue;
    // Where the full schema applies each list (see definition-schemas.ts): a property
    // counts as present when it is not undefined, and `if` tests a `const` type.
    if (part === 'step') {
      if (value.type === 'branch' && value.branches !== undefined)
        visitList('branch', value.branches, `${pointer}/branches`);
    } else if (part === 'branch') {
      // Pushed last, walked first: the condition comes before the steps in the schema.
      // The condition itself was checked with its branch, through the branch's `$ref`.
      if (value.steps !== undefined) visitList('step', value.steps, `${pointer}/steps`);
      if (value.when !== undefined)
        pending.push({ part: 'condition', value: value.when, pointer: `${pointer}/when`, checked: true });
    } else if (value.all !== undefined) {
      visitList('condition', value.all, `${pointer}/all`);
    } else if (value.any !== undefined) {
      visitList('condition', value.any, `${pointer}/any`);
    }
  }
  return errors;
}
