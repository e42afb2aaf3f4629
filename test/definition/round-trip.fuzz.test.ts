// Everything that validates and serialises parses back: generated documents, with
// bodies keyed by Object.prototype names and nested just under, at and over the 256
// levels a document may have, go through validate → serialize → parse → validate.
// Over-deep ones must be problems (nesting_too_deep) on every path, never a crash.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  DocumentNotSerializableError,
  MAX_DOCUMENT_DEPTH,
  parseWorkflowJson,
  serializeWorkflow,
  validateWorkflow,
  type ActionStep,
  type Workflow,
} from '../../src/definition';
import { ARBITRARY_SECRETS, hostileJson, jsonDepth, workflowWithHostileBody, wrapDeep } from '../fixtures/arbitraries';

const options = { secrets: ARBITRARY_SECRETS };

/**
 * Body levels: mostly shallow, some around the limit (the body starts at level 5), some
 * far over it. Canonical text indents every level, so a document near the limit is long
 * (about 130 KB at 250 levels): they are a minority to keep the run short.
 */
const bodyLevels = fc.oneof(
  { weight: 30, arbitrary: fc.integer({ min: 0, max: 6 }) },
  { weight: 2, arbitrary: fc.integer({ min: MAX_DOCUMENT_DEPTH - 10, max: MAX_DOCUMENT_DEPTH - 5 }) },
  { weight: 1, arbitrary: fc.integer({ min: MAX_DOCUMENT_DEPTH - 4, max: MAX_DOCUMENT_DEPTH - 2 }) },
  // JSON.stringify in this test recurses; 2,000 levels stay within a test worker's stack.
  { weight: 2, arbitrary: fc.integer({ min: MAX_DOCUMENT_DEPTH - 1, max: 2000 }) },
);

const bodyOf = (workflow: Workflow): unknown => (workflow.steps[0] as ActionStep).config.body;

describe('validate → serialize → parse → validate', () => {
  it('holds for 14,000 generated workflows with hostile keys, nested near and over the limit', () => {
    let deep = 0;
    let roundTrips = 0;
    fc.assert(
      fc.property(workflowWithHostileBody(bodyLevels), (workflow) => {
        const validated = validateWorkflow(workflow, options);
        if (jsonDepth(workflow) > MAX_DOCUMENT_DEPTH) {
          deep++;
          // One problem per object or array past the limit, and nothing else.
          expect(validated.problems.length).toBeGreaterThan(0);
          expect(new Set(validated.problems.map((problem) => problem.code))).toEqual(new Set(['nesting_too_deep']));
          expect(() => serializeWorkflow(workflow)).toThrow(DocumentNotSerializableError);
          const fromText = parseWorkflowJson(JSON.stringify(workflow), options).problems;
          expect(fromText.map(({ path, code, stepId }) => ({ path, code, stepId }))).toEqual(
            validated.problems.map(({ path, code, stepId }) => ({ path, code, stepId })),
          );
          return;
        }
        expect(validated.problems).toEqual([]);
        const text = serializeWorkflow(workflow);
        const parsed = parseWorkflowJson(text, options);
        expect(parsed.problems).toEqual([]);
        if (!parsed.ok) return;
        roundTrips++;
        // A person's content comes back as JSON has it (-0 is written 0); the whole
        // document is a fixed point.
        expect(bodyOf(parsed.workflow)).toEqual(JSON.parse(JSON.stringify(bodyOf(workflow))));
        expect(Object.keys(bodyOf(parsed.workflow) ?? {})).toEqual(Object.keys(bodyOf(workflow) ?? {}));
        expect(serializeWorkflow(parsed.workflow)).toBe(text);
        expect(validateWorkflow(parsed.workflow, options).problems).toEqual([]);
      }),
      { numRuns: 14_000 },
    );
    // The generator must reach both sides of the limit for the property to mean anything.
    expect(deep).toBeGreaterThan(400);
    expect(roundTrips).toBeGreaterThan(10_000);
  }, 120_000);

  it('holds for 6,000 documents that are not workflows: hostile JSON at any depth is a problem, never a throw', () => {
    const levels = fc.oneof(
      fc.integer({ min: 0, max: 5 }),
      fc.integer({ min: MAX_DOCUMENT_DEPTH - 3, max: MAX_DOCUMENT_DEPTH + 3 }),
      fc.integer({ min: 300, max: 2000 }),
    );
    fc.assert(
      fc.property(hostileJson, levels, (inner, extra) => {
        const document = wrapDeep(inner, extra);
        const tooDeep = jsonDepth(document) > MAX_DOCUMENT_DEPTH;
        const validated = validateWorkflow(document);
        expect(validated.ok).toBe(false);
        expect(validated.problems.some((problem) => problem.code === 'nesting_too_deep')).toBe(tooDeep);
        const parsed = parseWorkflowJson(JSON.stringify(document));
        expect(parsed.problems.some((problem) => problem.code === 'nesting_too_deep')).toBe(tooDeep);
        expect(() => serializeWorkflow(document as unknown as Workflow)).not.toThrow(RangeError);
      }),
      { numRuns: 6000 },
    );
  }, 60_000);
});
