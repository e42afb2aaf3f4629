// ---------------------------------------------------------------------------
// Which of an action step's problems its panel lists above the form: those about the
// step itself, not those shown beside one of its fields.
// ---------------------------------------------------------------------------

import type { Problem } from '../../definition';

/**
 * Problems about the step itself rather than one of its fields (an unknown action), for
 * the step at `stepPointer`. Left out: those of its config (beside their fields), of its
 * name (under "Step name") and of its id (under "Step ID", a duplicate id say).
 */
export function stepLevelProblems(problems: readonly Problem[], stepPointer: string): Problem[] {
  return problems.filter(
    (problem) =>
      problem.path === stepPointer ||
      (problem.path.startsWith(`${stepPointer}/`) &&
        !problem.path.startsWith(`${stepPointer}/config`) &&
        !problem.path.startsWith(`${stepPointer}/name`) &&
        problem.path !== `${stepPointer}/id`),
  );
}
