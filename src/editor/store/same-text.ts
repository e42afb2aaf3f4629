// ---------------------------------------------------------------------------
// "Would these two definitions serialize to the same text?", answered piece by piece.
// Serializing a 1,000-step workflow on every keystroke to compute `dirty` would cost as
// much as the edit itself; but operations keep the identity of everything they do not
// touch, and the serializer canonicalises each step on its own, so comparing the
// canonical text of only the steps whose objects differ gives the same answer.
// ---------------------------------------------------------------------------

import {
  SCHEMA_VERSION,
  serializeStepDocument,
  serializeWorkflow,
  type ActionCatalog,
  type Step,
  type StepDocument,
  type Workflow,
} from '../../definition';

/** Compares definitions by serialized text, caching each step's text by object identity. */
export interface TextComparer {
  /** True when `a` and `b` serialize (with `catalog`) to the same text. */
  same(a: Workflow, b: Workflow, catalog: ActionCatalog): boolean;
  /** Forget cached texts (the catalog changed, so config defaults may have too). */
  reset(): void;
}

/** A comparer with its own cache; one per store. */
export function createTextComparer(): TextComparer {
  let stepTexts = new WeakMap<Step, string>();

  function stepText(step: Step, catalog: ActionCatalog): string {
    let text = stepTexts.get(step);
    if (text === undefined) {
      // A branch step's own text leaves its branches' steps out: they are compared one by one.
      const shallow: Step =
        step.type === 'branch'
          ? { ...step, branches: step.branches.map((branch) => ({ ...branch, steps: [] })) }
          : step;
      const document = { schemaVersion: SCHEMA_VERSION, kind: 'step', ...shallow } as StepDocument;
      text = serializeStepDocument(document, { catalog });
      stepTexts.set(step, text);
    }
    return text;
  }

  function sameLists(a: readonly Step[], b: readonly Step[], catalog: ActionCatalog): boolean {
    if (a === b) return true;
    if (a.length !== b.length) return false;
    for (let index = 0; index < a.length; index++) {
      const x = a[index]!;
      const y = b[index]!;
      if (x === y) continue;
      if (stepText(x, catalog) !== stepText(y, catalog)) return false;
      if (x.type === 'branch' && y.type === 'branch') {
        // Equal shallow texts mean the same number of branches.
        for (let branch = 0; branch < x.branches.length; branch++) {
          if (!sameLists(x.branches[branch]!.steps, y.branches[branch]!.steps, catalog)) return false;
        }
      }
    }
    return true;
  }

  return {
    same(a, b, catalog) {
      if (a === b) return true;
      const shellA = serializeWorkflow({ ...a, steps: [] }, { catalog });
      const shellB = serializeWorkflow({ ...b, steps: [] }, { catalog });
      return shellA === shellB && sameLists(a.steps, b.steps, catalog);
    },
    reset() {
      stepTexts = new WeakMap();
    },
  };
}
