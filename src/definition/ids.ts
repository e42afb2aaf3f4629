// ---------------------------------------------------------------------------
// Readable ids. A step's id is derived from its name once, when the step is created,
// and never changes afterwards, because references name steps by id.
// ---------------------------------------------------------------------------

import { childLists } from './step-kinds';
import { walkSteps } from './tree';
import type { Workflow } from './types';

/** Longest id `ID_PATTERN` allows. */
const MAX_ID_LENGTH = 63;

/** Used when a name holds nothing an id can be made of (e.g. only punctuation). */
const FALLBACK_ID = 'step';

/**
 * The id part a name gives before uniqueness: lower case, accents dropped, every run of
 * other characters turned into one `_`, no `_` at either end, starting with a letter.
 */
function baseId(name: string): string {
  const slug = name
    .normalize('NFKD')
    // Combining marks left by NFKD: "Café" becomes "Cafe" rather than "caf".
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '');
  if (slug === '') return FALLBACK_ID;
  return /^[a-z]/.test(slug) ? slug : `${FALLBACK_ID}_${slug}`;
}

/** Cuts `base` so that `base + suffix` fits in an id, without leaving a trailing `_`. */
function fit(base: string, suffix: string): string {
  const room = MAX_ID_LENGTH - suffix.length;
  const cut = base.length > room ? base.slice(0, room).replace(/_+$/, '') : base;
  return `${cut}${suffix}`;
}

/**
 * A readable id for something named `name`, not in `taken`: `"Make HTTPS Request"` →
 * `make_https_request`, then `make_https_request_2`, `make_https_request_3`, ...
 * The result always matches `ID_PATTERN`.
 *
 * @internal Not for hosts: the operations name new steps with it.
 */
export function deriveId(name: string, taken: ReadonlySet<string>): string {
  const base = baseId(name);
  const first = fit(base, '');
  if (!taken.has(first)) return first;
  for (let n = 2; ; n++) {
    const candidate = fit(base, `_${n}`);
    if (!taken.has(candidate)) return candidate;
  }
}

/**
 * Every step id and branch id in the workflow: they share one namespace.
 *
 * @internal Not for hosts: the operations and id changes read it.
 */
export function takenIds(workflow: Pick<Workflow, 'steps'>): Set<string> {
  const ids = new Set<string>();
  walkSteps(workflow.steps, ({ step }) => {
    ids.add(step.id);
    for (const { holder } of childLists(step)) ids.add(holder.id);
  });
  return ids;
}
