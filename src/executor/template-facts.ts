// ---------------------------------------------------------------------------
// What the executor needs to know about a template string before resolving it: which
// secrets it names, and whether it is exactly one secret reference. These depend on the
// text alone and the same templates run again and again, so each text is parsed once.
// ---------------------------------------------------------------------------

import { findReferences, singleReference } from '../definition';

interface TemplateFacts {
  secretNames: readonly string[];
  /** The secret name when the text is exactly `{{ secrets.<name> }}`. */
  soleSecret: string | undefined;
}

const NO_SECRETS: TemplateFacts = { secretNames: [], soleSecret: undefined };
const factsByText = new Map<string, TemplateFacts>();
/** Bounds memory for hosts that run many different definitions. */
const MAX_CACHED_TEXTS = 2000;

function factsOf(text: string): TemplateFacts {
  // Every secret reference spells out its root, so other text needs no parsing.
  if (!text.includes('secrets')) return NO_SECRETS;
  let facts = factsByText.get(text);
  if (facts) return facts;
  const secretNames = new Set<string>();
  for (const reference of findReferences(text).references) {
    if (reference.root === 'secrets' && typeof reference.path[1] === 'string') secretNames.add(reference.path[1]);
  }
  const single = singleReference(text);
  facts = {
    secretNames: [...secretNames],
    soleSecret: single?.root === 'secrets' && typeof single.path[1] === 'string' ? single.path[1] : undefined,
  };
  if (factsByText.size >= MAX_CACHED_TEXTS) factsByText.clear();
  factsByText.set(text, facts);
  return facts;
}

/** The secret names a template string references. */
export function secretNamesIn(text: string): readonly string[] {
  return factsOf(text).secretNames;
}

/** The secret name when the string is exactly one secret reference, `{{ secrets.<name> }}`. */
export function soleSecretReference(text: string): string | undefined {
  return factsOf(text).soleSecret;
}
