// ---------------------------------------------------------------------------
// What a run checks before it starts, done once per distinct document: the catalog it
// validates against, and the problems of the document, cached by document object and by
// JSON text (a host runs the same definition for every trigger). What runs is the copy
// that was validated, however the host's object changes afterwards.
// ---------------------------------------------------------------------------

import {
  builtInCatalog,
  createActionCatalog,
  parseJsonPointer,
  type ActionCatalog,
  type ActionDefinition,
  type DocumentKind,
  type JsonValue,
  type Problem,
} from '../definition';
import { validateStepDocument, validateWorkflow } from '../definition/validate';
import { copyJsonData } from './json-data';

/** Catalogs made for sets of handler ids, so repeated runs reuse one (and its validation cache). */
const catalogsByHandlerIds = new Map<string, ActionCatalog>();
const MAX_CACHED_CATALOGS = 50;

/**
 * The catalog runs validate against: the host's, or the built-in actions plus a
 * permissive entry for each host handler whose action the catalog lacks (the host
 * validates its own config).
 */
export function catalogFor(hostCatalog: ActionCatalog | undefined, handlerIds: Iterable<string>): ActionCatalog {
  if (hostCatalog) return hostCatalog;
  const ids = [...handlerIds]
    .filter((id) => builtInCatalog.get(id) === undefined && /^[a-z][a-z0-9_]{0,62}$/.test(id))
    .sort();
  if (ids.length === 0) return builtInCatalog;
  const cacheKey = ids.join(',');
  const known = catalogsByHandlerIds.get(cacheKey);
  if (known) return known;
  const catalog = createActionCatalog(
    ids.map((id): ActionDefinition => ({
      id,
      label: id,
      category: 'Host',
      description: `Host action ${id}.`,
      keywords: [],
      icon: 'box',
      configSchema: { type: 'object' },
      defaultConfig: {},
    })),
  );
  if (catalogsByHandlerIds.size >= MAX_CACHED_CATALOGS) catalogsByHandlerIds.clear();
  catalogsByHandlerIds.set(cacheKey, catalog);
  return catalog;
}

/**
 * Problems of documents already validated, by catalog and then by kind, known secret
 * names and JSON text. Validation is a pure function of those, and a host runs the same
 * definition for every trigger, so it is done once per distinct document.
 */
const validationCache = new WeakMap<ActionCatalog, Map<string, readonly Problem[]>>();
const MAX_CACHED_VALIDATIONS = 200;

/**
 * The last validation of a document object, with the copy of it that was validated
 * (and run). A host usually passes the same object every run: comparing it with the
 * copy finds it unchanged without serialising it (a changed document misses and is
 * copied and validated anew).
 */
interface ValidatedObject {
  kind: 'workflow' | 'step';
  catalog: ActionCatalog;
  secretsKey: string;
  snapshot: JsonValue;
  problems: readonly Problem[];
}
const validatedObjects = new WeakMap<object, ValidatedObject>();
/** Documents larger than this are not kept for the identity check; they use the text cache. */
const MAX_SNAPSHOT_NODES = 10_000;

/**
 * How deep a document is copied. The format allows 256 levels and validation reports
 * deeper ones at their path; the copy goes a little further so that validation, not
 * the copy, says so, and stops well within what the recursive steps after it (the
 * identity check below, template resolution) can take.
 */
const MAX_DOCUMENT_COPY_DEPTH = 300;
const DOCUMENT_NESTING_LIMIT = 256;

/**
 * Whether a value equals a snapshot (a copy made by copyJsonData in strict mode): same
 * JSON text, keys in the same order. Recursion is bounded by the snapshot's depth.
 */
function sameAsSnapshot(value: unknown, snapshot: unknown): boolean {
  if (value === snapshot) return true;
  if (snapshot === null || typeof snapshot !== 'object' || value === null || typeof value !== 'object') return false;
  if (Array.isArray(snapshot)) {
    if (!Array.isArray(value) || value.length !== snapshot.length) return false;
    for (let index = 0; index < snapshot.length; index++) {
      if (!(index in value) || !sameAsSnapshot(value[index], snapshot[index])) return false;
    }
    return true;
  }
  if (Array.isArray(value) || typeof (value as { toJSON?: unknown }).toJSON === 'function') return false;
  const keys = Object.keys(value);
  const snapshotKeys = Object.keys(snapshot);
  if (keys.length !== snapshotKeys.length) return false;
  for (let index = 0; index < keys.length; index++) {
    const key = keys[index]!;
    if (key !== snapshotKeys[index]) return false;
    if (!sameAsSnapshot((value as Record<string, unknown>)[key], (snapshot as Record<string, unknown>)[key]))
      return false;
  }
  return true;
}

function validate(
  kind: DocumentKind,
  document: unknown,
  catalog: ActionCatalog,
  secrets: readonly string[] | undefined,
): readonly Problem[] {
  const validateOptions = { catalog, ...(secrets ? { secrets } : {}) };
  return kind === 'workflow'
    ? validateWorkflow(document, validateOptions).problems
    : validateStepDocument(document, validateOptions).problems;
}

/** A document as it is run: the copy that was validated, and its problems. */
export interface CheckedDocument {
  problems: readonly Problem[];
  /** The validated copy; the run never reads the host's object again. */
  copy: JsonValue | undefined;
}

/**
 * Copies the document as JSON data and validates the copy, so what runs is exactly
 * what was validated, however the host's object changes or misbehaves afterwards.
 */
export function checkDocument(
  kind: DocumentKind,
  document: unknown,
  catalog: ActionCatalog,
  secrets: readonly string[] | undefined,
): CheckedDocument {
  const secretsKey = secrets ? [...secrets].sort().join('\u0000') : '*';
  const isObject = document !== null && typeof document === 'object';
  if (isObject) {
    const known = validatedObjects.get(document);
    let same = false;
    try {
      same =
        known !== undefined &&
        known.kind === kind &&
        known.catalog === catalog &&
        known.secretsKey === secretsKey &&
        sameAsSnapshot(document, known.snapshot);
    } catch {
      // A getter or proxy that throws: copied below, which reports it.
    }
    if (same) return { problems: known!.problems, copy: known!.snapshot };
  }
  const copied = copyJsonData(document, 'strict', MAX_DOCUMENT_COPY_DEPTH);
  if (!copied.ok) {
    if (isObject) validatedObjects.delete(document);
    return { problems: problemsOfNonJson(kind, document, catalog, secrets, copied), copy: undefined };
  }
  const problems = validateByText(kind, copied.value, catalog, secrets, secretsKey);
  if (isObject) {
    if (copied.nodes <= MAX_SNAPSHOT_NODES) {
      validatedObjects.set(document, { kind, catalog, secretsKey, snapshot: copied.value, problems });
    } else {
      validatedObjects.delete(document);
    }
  }
  return { problems, copy: copied.value };
}

/**
 * Problems of a document that is not JSON data: validation's own when it names them
 * (it locates them best), else the copy's finding.
 */
function problemsOfNonJson(
  kind: DocumentKind,
  document: unknown,
  catalog: ActionCatalog,
  secrets: readonly string[] | undefined,
  copied: { path: string; reason: string; tooDeep: boolean },
): readonly Problem[] {
  try {
    const problems = validate(kind, document, catalog, secrets);
    if (problems.length > 0) return problems;
  } catch {
    // Validation could not read it either: the copy's finding stands.
  }
  const where = copied.path === '' ? 'The document' : `The value at ${copied.path}`;
  return [
    copied.tooDeep
      ? {
          path: copied.path,
          code: 'schema_invalid',
          message: `${where} nests arrays and objects deeper than the ${DOCUMENT_NESTING_LIMIT} levels a definition may have.`,
        }
      : { path: copied.path, code: 'schema_type', message: `${where} is ${copied.reason}.` },
  ];
}

function validateByText(
  kind: DocumentKind,
  document: JsonValue,
  catalog: ActionCatalog,
  secrets: readonly string[] | undefined,
  secretsKey: string,
): readonly Problem[] {
  // JSON data nested within the copy's limit: stringifying cannot throw.
  const text = JSON.stringify(document);
  const key = `${kind}\u0000${secretsKey}\u0000${text}`;
  let cache = validationCache.get(catalog);
  if (!cache) {
    cache = new Map();
    validationCache.set(catalog, cache);
  }
  const known = cache.get(key);
  if (known) return known;
  const problems = validate(kind, document, catalog, secrets);
  if (cache.size >= MAX_CACHED_VALIDATIONS) cache.delete(cache.keys().next().value!);
  cache.set(key, problems);
  return problems;
}

/** An absolute http URL (a literal, or text whose references come after the host). */
const ABSOLUTE_HTTP_URL = /^http:\/\/[^\s/?#{]+/i;

function valueAt(document: unknown, pointer: string): unknown {
  let value = document;
  for (const segment of parseJsonPointer(pointer)) {
    if (value === null || typeof value !== 'object' || !Object.hasOwn(value, segment)) return undefined;
    value = (value as Record<string, unknown>)[segment];
  }
  return value;
}

/**
 * What is left of cached problems once `allowHttp` lifts the https rule, by problems
 * array. A cached array stands for one document text, so the URLs its pointers name are
 * the same every time and so is the filtered list.
 */
const problemsWithHttpAllowed = new WeakMap<readonly Problem[], readonly Problem[]>();

/**
 * The validator holds every URL to https; with `allowHttp` the executor lifts that rule
 * for URLs that are http:// instead (any other scheme stays a problem).
 */
export function problemsUnderPolicy(problems: readonly Problem[], document: unknown, allowHttp: boolean): Problem[] {
  let remaining = problems;
  if (allowHttp && document !== undefined) {
    let filtered = problemsWithHttpAllowed.get(problems);
    if (!filtered) {
      filtered = problems.filter((problem) => {
        if (problem.code !== 'url_not_https') return true;
        const url = valueAt(document, problem.path);
        return !(typeof url === 'string' && ABSOLUTE_HTTP_URL.test(url));
      });
      problemsWithHttpAllowed.set(problems, filtered);
    }
    remaining = filtered;
  }
  // Copies, so a caller changing its result cannot change the cached problems.
  return remaining.map((problem) => ({ ...problem }));
}
