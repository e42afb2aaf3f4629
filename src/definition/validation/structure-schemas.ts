// ---------------------------------------------------------------------------
// The schemas validation/structure.ts checks each part of the tree against: the
// format's schema with the recursive lists' entries left out, sharing one `$defs`.
// A module of its own, so the build-time validator generator reads them without
// loading the validators it writes.
// ---------------------------------------------------------------------------

import { isRecord } from '../own';
import { buildStepDocumentSchema, buildWorkflowSchema } from '../schemas/definition-schemas';
import type { JsonSchema } from '../types';

/** The parts of a document checked one by one, and the documents themselves. */
export type StructurePart = 'workflow' | 'stepDocument' | 'step' | 'branch' | 'condition';

/**
 * The format's `$defs` (without any action config) with the entries of the recursive
 * lists left unchecked: steps of a step list, branches of a branch step, conditions of
 * an all/any condition. Everything else is the published schema, object for object.
 */
function shallowDefs(): Record<string, JsonSchema> {
  // A copy: the published schema objects are built fresh per call, but stay untouched all the same.
  const defs = JSON.parse(JSON.stringify(buildWorkflowSchema([]).$defs)) as Record<string, JsonSchema>;
  const withoutItems = (schema: unknown): void => {
    if (isRecord(schema)) delete schema.items;
  };
  const propertyOf = (name: string, property: string): unknown => {
    const schema = defs[name];
    return schema && isRecord(schema.properties) ? schema.properties[property] : undefined;
  };
  withoutItems(defs.stepList);
  withoutItems(propertyOf('branchStep', 'branches'));
  withoutItems(propertyOf('allCondition', 'all'));
  withoutItems(propertyOf('anyCondition', 'any'));
  return defs;
}

/**
 * The schemas each part of the tree is checked against, sharing one `$defs`. The
 * build-time validator generator compiles these same objects.
 */
export function structureSchemas(): Record<StructurePart, JsonSchema> {
  const defs = shallowDefs();
  const { $id: _workflowId, $defs: _workflowDefs, ...workflowRoot } = buildWorkflowSchema([]);
  const { $id: _stepId, $defs: _stepDefs, ...stepDocumentRoot } = buildStepDocumentSchema([]);
  return {
    workflow: { ...workflowRoot, $defs: defs },
    stepDocument: { ...stepDocumentRoot, $defs: defs },
    step: { $ref: '#/$defs/step', $defs: defs },
    branch: { $ref: '#/$defs/branch', $defs: defs },
    condition: { $ref: '#/$defs/condition', $defs: defs },
  };
}
