// ---------------------------------------------------------------------------
// "Would these two definitions serialize to the same text?", answered piece by piece.
// Serializing a 1,000-step workflow on every keystroke to compute `dirty` would cost as
// much as the edit itself; but operations keep the identity of everything they do not
// touch, and the serializer canonicalises each step on its own, so comparing the
// canonical text of only the steps whose objects differ gives the same answer. Within
// an action step, each config property's text depends on that property alone, so a
// property both configs share by identity (a 2 MB body while the URL is typed) is left
// out of the comparison instead of being serialized on every keystroke.
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
import { isRecord } from '../../definition/own';
import { childLists, isActionStep, mapChildLists } from '../../definition/step-kinds';

/**
 * Stands for a config property both compared steps hold the same object for. No default
 * equals it, so the serializer keeps it wherever it is, the same in both texts.
 */
const SHARED = '\u0000shared';

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
  // Whether two config property values (objects) have the same text, by identity of both:
  // after a 2 MB body was edited, the definition and the saved one hold different bodies,
  // and each key typed into the URL would otherwise write both out again.
  let sameValues = new WeakMap<object, WeakMap<object, boolean>>();

  /** Whether `x` and `y`, as config property `key` of `step`, have the same text. */
  function sameValueText(
    step: Step & { type: 'action' },
    key: string,
    x: object,
    y: object,
    catalog: ActionCatalog,
  ): boolean {
    let known = sameValues.get(x);
    const cached = known?.get(y);
    if (cached !== undefined) return cached;
    const text = (value: object): string => {
      const document = {
        schemaVersion: SCHEMA_VERSION,
        kind: 'step',
        ...step,
        config: { [key]: value },
      } as StepDocument;
      return serializeStepDocument(document, { catalog });
    };
    const same = text(x) === text(y);
    if (!known) sameValues.set(x, (known = new WeakMap()));
    known.set(y, same);
    return same;
  }

  function stepText(step: Step, catalog: ActionCatalog): string {
    let text = stepTexts.get(step);
    if (text === undefined) {
      // A branch step's own text leaves its branches' steps out: they are compared one by one.
      const shallow: Step = mapChildLists(step, () => []);
      const document = { schemaVersion: SCHEMA_VERSION, kind: 'step', ...shallow } as StepDocument;
      text = serializeStepDocument(document, { catalog });
      stepTexts.set(step, text);
    }
    return text;
  }

  /**
   * Two action steps with different config objects: compared with every config property
   * the two share by identity replaced, in both, by the same marker (in place, so key
   * order is kept). Texts of such pairs change with every edit, so they are not cached.
   */
  function sameActionSteps(
    x: Step & { type: 'action' },
    y: Step & { type: 'action' },
    catalog: ActionCatalog,
  ): boolean {
    const xConfig = x.config as Record<string, unknown>;
    const yConfig = y.config as Record<string, unknown>;
    // Object values the two hold as different objects: compared on their own, once per pair.
    const sameObjects = new Set<string>();
    for (const key of Object.keys(xConfig)) {
      const xValue = xConfig[key];
      const yValue = yConfig[key];
      if (
        xValue === yValue ||
        typeof xValue !== 'object' ||
        xValue === null ||
        typeof yValue !== 'object' ||
        yValue === null
      )
        continue;
      if (!sameValueText(x, key, xValue, yValue, catalog)) return false;
      sameObjects.add(key);
    }
    const reduce = (own: Record<string, unknown>, other: Record<string, unknown>): Record<string, unknown> => {
      const reduced: Record<string, unknown> = {};
      for (const key of Object.keys(own)) {
        const shared =
          Object.hasOwn(other, key) && (sameObjects.has(key) || (own[key] === other[key] && own[key] !== undefined));
        reduced[key] = shared ? SHARED : own[key];
      }
      return reduced;
    };
    const text = (step: Step, config: Record<string, unknown>): string => {
      const document = { schemaVersion: SCHEMA_VERSION, kind: 'step', ...step, config } as StepDocument;
      return serializeStepDocument(document, { catalog });
    };
    return text(x, reduce(xConfig, yConfig)) === text(y, reduce(yConfig, xConfig));
  }

  function sameSteps(x: Step, y: Step, catalog: ActionCatalog): boolean {
    if (isActionStep(x) && isActionStep(y) && x.config !== y.config && isRecord(x.config) && isRecord(y.config)) {
      return sameActionSteps(x, y, catalog);
    }
    return stepText(x, catalog) === stepText(y, catalog);
  }

  function sameLists(a: readonly Step[], b: readonly Step[], catalog: ActionCatalog): boolean {
    if (a === b) return true;
    if (a.length !== b.length) return false;
    for (let index = 0; index < a.length; index++) {
      const x = a[index]!;
      const y = b[index]!;
      if (x === y) continue;
      if (!sameSteps(x, y, catalog)) return false;
      // Equal shallow texts mean the same kind and the same number of child lists.
      const xLists = childLists(x);
      if (xLists.length === 0) continue;
      const yLists = childLists(y);
      for (let list = 0; list < xLists.length; list++) {
        if (!sameLists(xLists[list]!.steps, yLists[list]!.steps, catalog)) return false;
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
      sameValues = new WeakMap();
    },
  };
}
