// How many steps a definition has, counted only as far as a question needs: the store
// defers validation of long workflows, the minimap outlines every card of short ones.

import { walkUntrustedSteps } from '../../definition/tree';
import type { Workflow } from '../../definition/types';

/**
 * Whether `definition` holds at least `count` steps, branches included. Stops counting
 * there, and reads the lists defensively: a host's definition is not validated yet.
 */
export function hasAtLeastSteps(definition: Workflow, count: number): boolean {
  const steps: unknown = definition.steps;
  if (!Array.isArray(steps)) return false;
  let found = 0;
  // Stopping at `count` also bounds how deep the walk goes, should a host's steps nest (or loop) without end.
  walkUntrustedSteps(steps, { enter: () => ++found < count });
  return found >= count;
}
