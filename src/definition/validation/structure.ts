// ---------------------------------------------------------------------------
// Checking a document against the format's schema in time linear in its size and in
// its problems, and with a call stack that stays shallow however deep it nests. The schema checks each
// part of the tree (the document, each step, each branch, each condition in an all/any
// list) with the recursive lists left out of its schema, and the walk below visits those
// lists exactly where the full schema would apply: conditions without recursion, steps
// through the step tree's walk (two calls per level of steps, which is four levels of a
// document read to at most MAX_DOCUMENT_DEPTH: about a hundred and thirty at most). The errors are
// the ones the full schema gives, minus the "must match then schema" wrappers of the
// ancestors, which a more specific error always explains and which would be dropped
// anyway.
// ---------------------------------------------------------------------------

import { isRecord } from '../own';
import type { ChildList } from '../step-kinds';
import { walkUntrustedStep, walkUntrustedSteps, type StepVisitor, type UntrustedStepLocation } from '../tree';
import type { SchemaError, SchemaValidator } from './json-schema';
import { precompiledStructure, precompiledWhole } from './precompiled-validators';
import { compileSchema } from './schema-problems';
import { structureSchemas } from './structure-schemas';

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

  /** Conditions of one branch still to walk, last first; the first was checked with its branch. */
  const pending: { value: unknown; pointer: string; checked: boolean }[] = [];
  const walkConditions = (when: unknown, pointer: string): void => {
    pending.push({ value: when, pointer, checked: true });
    while (pending.length > 0) {
      const { value, pointer: at, checked } = pending.pop()!;
      if (!checked) collect('condition', value, at);
      if (!isRecord(value)) continue;
      const list = value.all !== undefined ? value.all : value.any;
      const key = value.all !== undefined ? 'all' : 'any';
      if (list === undefined || !Array.isArray(list)) continue;
      for (let index = list.length - 1; index >= 0; index--)
        pending.push({ value: list[index], pointer: `${at}/${key}/${index}`, checked: false });
    }
  };

  // Where the full schema applies each list (see definition-schemas.ts): the walk
  // descends into the lists a step's kind holds, and a branch's condition comes before
  // its steps in the schema. A step document's root step was checked with the document.
  const visitor: StepVisitor<UntrustedStepLocation, ChildList> = {
    enter: ({ step, pointer }) => {
      if (kind === 'workflow' || pointer !== '') collect('step', step, pointer);
    },
    enterList: ({ holder }, _owner, holderPointer) => {
      collect('branch', holder, holderPointer);
      if (!isRecord(holder)) return 'skip';
      // The condition itself was checked with its branch, through the branch's `$ref`.
      if (holder.when !== undefined) walkConditions(holder.when, `${holderPointer}/when`);
      return undefined;
    },
  };
  if (kind === 'workflow') {
    collect('workflow', document, '');
    if (isRecord(document) && Array.isArray(document.steps)) walkUntrustedSteps(document.steps, visitor);
  } else {
    collect('stepDocument', document, '');
    walkUntrustedStep(document, visitor);
  }
  return errors;
}
