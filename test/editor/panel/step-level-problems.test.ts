import { describe, expect, it } from 'vitest';
import type { Problem, ProblemCode } from '../../../src/definition';
import { stepLevelProblems } from '../../../src/editor/panel/step-level-problems';

function problem(path: string, code: ProblemCode = 'schema_type'): Problem {
  return { path, code, message: `${code} at ${path}` };
}

describe('stepLevelProblems (what an action step panel lists above its form)', () => {
  it('lists problems about the step itself', () => {
    const unknownAction = problem('/steps/1', 'unknown_action');
    const other = problem('/steps/1/type', 'schema_enum');
    expect(stepLevelProblems([unknownAction, other], '/steps/1')).toEqual([unknownAction, other]);
  });

  it("leaves out the Step ID field's problems, which show beside that field", () => {
    const duplicateId = problem('/steps/1/id', 'duplicate_id');
    expect(stepLevelProblems([duplicateId], '/steps/1')).toEqual([]);
  });

  it("leaves out the config's and the name's problems, and other steps'", () => {
    const problems = [
      problem('/steps/1/config/url'),
      problem('/steps/1/name'),
      problem('/steps/10'),
      problem('/steps/2/id'),
    ];
    expect(stepLevelProblems(problems, '/steps/1')).toEqual([]);
  });

  it('keeps a problem under a property that only starts like "id"', () => {
    const idempotency = problem('/steps/1/idempotencyKey');
    expect(stepLevelProblems([idempotency], '/steps/1')).toEqual([idempotency]);
  });
});
