// ---------------------------------------------------------------------------
// The first thing every entry point that takes a document does: one pass that reads
// each value exactly once and returns a plain JSON copy, or the problems that make the
// input something other than a JSON document of at most MAX_DOCUMENT_DEPTH levels. It
// recurses at most one call per level up to that limit (a deeper limit asked for walks
// an explicit stack), so no input can exhaust the call stack here.
//
// Everything after it (ajv, reference scanning, serialisation, tree walks) recurses,
// and may call getters or toJSON again. Running it on the copy means nothing beyond
// this pass ever sees a BigInt, a cycle, a throwing getter, a Proxy trap or a nesting
// deep enough to exhaust the call stack, so "could not be checked: Maximum call stack
// size exceeded" cannot happen and whatever validates also serialises and parses back.
// ---------------------------------------------------------------------------

import { WorkflowEditorError } from './errors';
import { escapeJsonPointerSegment } from './json-pointer';
import { setOwn } from './own';
import type { JsonObject, JsonValue, Problem } from './types';
import { formatCount, sortInDocumentOrder } from './validation/problem-order';

/**
 * How deep a document may nest: at most this many levels of JSON objects and arrays,
 * counted from the document's root (which is level 1), person-written content (a body,
 * a schema, a host action's config) included. One limit for validation, text parsing,
 * serialisation and migration, so whatever one of them accepts the others accept too.
 */
export const MAX_DOCUMENT_DEPTH = 256;

/** What {@link readJsonDocument} returns: a plain JSON copy of the input, or why there is none. */
export type JsonDocumentReadResult = { ok: true; value: JsonValue } | { ok: false; problems: Problem[] };

/** Options of {@link readJsonDocument}. */
export interface ReadJsonDocumentOptions {
  /** JSON Pointer of the value inside its document, prefixed to every problem's path. @default "" */
  pointer?: string;
  /** Levels of objects and arrays allowed, the value itself being level 1. @default MAX_DOCUMENT_DEPTH */
  maxDepth?: number;
}

/** Past this many, the pass keeps counting but stops describing: the first ones say what is wrong. */
const MAX_REPORTED = 100;

/**
 * Values a document may hold, counting a shared object (one used at several places of a
 * document built in code) at every place it is used, as JSON text repeats it. Without
 * it, two hundred objects that each hold the next one twice stand for more values than
 * any later step could walk. Far above any real definition: a workflow of 100,000
 * steps holds about a million.
 */
const MAX_VALUES = 10_000_000;

/**
 * One object or array still to read (or, for a report, any value): where its copy goes
 * and how to name it. All fields are set up front, so every task has one shape.
 */
class Task {
  /** For a container: its copy, its levels (1 plus its deepest entry's) and its values (itself and all below). */
  copy: JsonObject | JsonValue[] | undefined = undefined;
  levels = 0;
  size = 0;
  /** Set when a container's entries have been pushed: popping it again finishes it. */
  opened = false;

  constructor(
    readonly value: unknown,
    /** The task of the object or array holding this value; undefined for the root. */
    readonly parent: Task | undefined,
    /** Key or index in the parent; ignored for the root. */
    readonly segment: string | number,
    /** 1 for the root. */
    readonly depth: number,
    /** Where the copied value is stored. */
    readonly into: JsonObject | JsonValue[] | undefined,
  ) {}
}

/**
 * Reads `input` as a JSON document, at most one call deep per level allowed: every
 * object and array nests at most `maxDepth` levels, every value is `null`, a boolean, a
 * finite number, a string, an array without empty slots or a plain object (its prototype
 * `Object.prototype` or `null`). Each property is read once; a getter or Proxy trap that throws is a problem
 * at its path, and so is a cycle. Object properties whose value is `undefined` are left
 * out, as `JSON.stringify` does; symbol keys and non-enumerable properties are not part
 * of JSON and are not read.
 *
 * Returns a plain copy that holds only JSON (keys such as `"__proto__"` as own data
 * properties), or the problems found (`not_json`, `nesting_too_deep`), in document
 * order. Never throws.
 */
export function readJsonDocument(input: unknown, options: ReadJsonDocumentOptions = {}): JsonDocumentReadResult {
  const { value, problems } = readJsonValue(input, options);
  return problems.length === 0 ? { ok: true, value } : { ok: false, problems };
}

/**
 * {@link readJsonDocument}, returning the copy even when there are problems: then it
 * holds every value that could be read, and `null` in place of the others, so the
 * copy keeps every key where it was (validation finds the step a problem is in there).
 */
export function readJsonValue(
  input: unknown,
  options: ReadJsonDocumentOptions = {},
): { value: JsonValue; problems: Problem[] } {
  // JSON.parse's own value, its depth checked: already the plain copy this pass makes.
  if (
    input !== null &&
    typeof input === 'object' &&
    parsedValues.has(input) &&
    (options.maxDepth ?? MAX_DOCUMENT_DEPTH) >= MAX_DOCUMENT_DEPTH
  ) {
    return { value: input as JsonValue, problems: [] };
  }
  const maxDepth = options.maxDepth ?? MAX_DOCUMENT_DEPTH;
  // Within the document limit, recursion is as safe as the explicit stack (a cycle is
  // found at its first repeat, deep input at the limit) and about twice as fast: no
  // task object per container. A deeper limit a host asks for keeps the explicit stack.
  const read =
    maxDepth <= MAX_DOCUMENT_DEPTH ? new RecursiveReader(maxDepth).read(input) : readIteratively(input, maxDepth);
  return finishRead(read, options.pointer ?? '');
}

/**
 * {@link readJsonValue} with the explicit stack whatever the limit.
 *
 * @internal For the tests that hold the two passes to the same results.
 */
export function readJsonValueWithStack(
  input: unknown,
  options: ReadJsonDocumentOptions = {},
): { value: JsonValue; problems: Problem[] } {
  return finishRead(readIteratively(input, options.maxDepth ?? MAX_DOCUMENT_DEPTH), options.pointer ?? '');
}

/** What a pass found: the copy, the problems in the order found, how many past {@link MAX_REPORTED}, whether it stopped at {@link MAX_VALUES}. */
interface Read {
  value: JsonValue;
  problems: Problem[];
  unreported: number;
  tooLarge: boolean;
}

/** The problems in document order, the size and count problems added, every path prefixed with `basePointer`. */
function finishRead(
  { value, problems, unreported, tooLarge }: Read,
  basePointer: string,
): {
  value: JsonValue;
  problems: Problem[];
} {
  if (tooLarge) {
    problems.push({
      path: '',
      code: 'not_json',
      message: `The document is too large to read: it holds more than ${formatCount(MAX_VALUES)} values, counting an object used at several places once for each place (as its JSON text would)`,
    });
  }
  const ordered = problems.length > 1 ? sortInDocumentOrder(problems, value) : problems;
  if (unreported > 0) {
    const last = ordered[ordered.length - 1]!;
    ordered.push({
      path: last.path,
      code: last.code,
      message: `${formatCount(unreported)} more values are not JSON or nest too deeply; only ${MAX_REPORTED} are listed`,
    });
  }
  return {
    value,
    problems:
      basePointer === '' ? ordered : ordered.map((problem) => ({ ...problem, path: basePointer + problem.path })),
  };
}

/**
 * The pass with an explicit stack, for any depth limit. {@link RecursiveReader} does the
 * same, value for value and problem for problem, within {@link MAX_DOCUMENT_DEPTH}.
 */
function readIteratively(input: unknown, maxDepth: number): Read {
  const problems: Problem[] = [];
  let unreported = 0;
  const report = (task: Task, code: 'not_json' | 'nesting_too_deep', message: (label: string) => string): void => {
    if (problems.length >= MAX_REPORTED) {
      unreported++;
      return;
    }
    // Relative for now: sorted in document order against the copy, then prefixed.
    problems.push({ path: pointerOf(task), code, message: message(labelOf(task)) });
  };
  /** Problems of an entry that is not a container: a task only to name its place. */
  const reportEntry = (
    parent: Task,
    segment: string | number,
    code: 'not_json',
    message: (label: string) => string,
  ): void => {
    report(new Task(undefined, parent, segment, parent.depth + 1, undefined), code, message);
  };
  /** Puts a container's copy (or, for one that could not be read, null) at its place. */
  const place = (task: Task, copy: JsonValue): void => {
    const into = task.into;
    if (into === undefined) root.value = copy;
    else putEntry(into, task.segment, copy);
  };
  /** Adds a finished container's levels and values to the container holding it. */
  const count = (task: Task, levels: number, size: number): void => {
    const parent = task.parent;
    if (parent === undefined) return;
    if (levels + 1 > parent.levels) parent.levels = levels + 1;
    parent.size += size;
  };

  const root: { value: JsonValue } = { value: null };
  // Only objects and arrays get a task; the scalars in them are copied as their
  // container is read, which keeps a pass over a large document light.
  const stack: Task[] = [];
  /**
   * Containers read completely, by object, once the document is large: one shared again
   * is then not read again. Smaller documents skip it, as keying a Map by an object costs
   * more than reading it (the object has to be given an identity first).
   */
  const finished = new Map<object, Task>();
  let total = 0;

  const rootTask = new Task(input, undefined, '', 1, undefined);
  const rootProblem = scalarProblem(input, false);
  if (rootProblem === CONTAINER) stack.push(rootTask);
  else if (rootProblem === undefined) root.value = input as JsonValue;
  else if (rootProblem !== ABSENT) report(rootTask, 'not_json', rootProblem);

  while (stack.length > 0 && total <= MAX_VALUES) {
    const task = stack.pop()!;
    if (task.opened) {
      if (total > REMEMBER_SHARED_AFTER) finished.set(task.value as object, task);
      count(task, task.levels, task.size);
      continue;
    }
    const value = task.value as object;
    if (holdsItself(task)) {
      report(
        task,
        'not_json',
        (label) => `${label} is not JSON: it holds itself (a cycle: the object is one of its own ancestors)`,
      );
      continue;
    }
    if (task.depth > maxDepth) {
      report(task, 'nesting_too_deep', (label) => nestingMessage(label, maxDepth));
      continue;
    }
    const again = total > REMEMBER_SHARED_AFTER ? finished.get(value) : undefined;
    if (again !== undefined) {
      if (task.depth + again.levels - 1 > maxDepth) {
        report(task, 'nesting_too_deep', (label) =>
          nestingMessage(label, maxDepth, 'here, where an object used at another place too'),
        );
        continue;
      }
      place(task, again.copy!);
      // A shared object stands for all its values again at this place, as its text would.
      total += again.size;
      count(task, again.levels, again.size);
      continue;
    }
    const container = readContainer(value);
    if (typeof container === 'string') {
      report(task, 'not_json', (label) => `${label} ${container}`);
      continue;
    }
    const isArray = container.array;
    const copy: JsonObject | JsonValue[] = isArray ? [] : {};
    task.copy = copy;
    task.levels = 1;
    task.size = 1;
    task.opened = true;
    place(task, copy);
    const { keys, length } = container;
    const depth = task.depth + 1;
    // Allocated only for a container holding containers: most hold only scalars.
    let children: Task[] | undefined;
    for (let index = 0; index < length; index++) {
      const segment = keys === undefined ? index : keys[index]!;
      // Each value is read exactly once, here; a getter or trap that throws is a problem at its place.
      let entry: unknown;
      try {
        entry = isArray
          ? (value as unknown[])[segment as number]
          : (value as Record<string, unknown>)[segment as string];
      } catch (error) {
        const reason = thrownText(error);
        putEntry(copy, segment, null);
        reportEntry(task, segment, 'not_json', (label) => `${label} could not be read: reading it threw (${reason})`);
        continue;
      }
      const kind = typeof entry;
      if (kind === 'string' || kind === 'boolean' || (kind === 'number' && Number.isFinite(entry)) || entry === null) {
        // Dense arrays are copied in order; objects by key ("__proto__" defined, not assigned).
        if (keys === undefined) (copy as JsonValue[]).push(entry as JsonValue);
        else putEntry(copy, segment, entry as JsonValue);
        task.size += 1;
        continue;
      }
      const problem = scalarProblem(entry, !isArray);
      if (problem === CONTAINER) {
        // Holds the key's place (and so the key order) until the container is read.
        if (keys === undefined) (copy as JsonValue[]).push(null);
        else putEntry(copy, segment, null);
        (children ??= []).push(new Task(entry, task, segment, depth, copy));
      } else if (problem !== ABSENT) {
        putEntry(copy, segment, null);
        reportEntry(task, segment, 'not_json', problem!);
      }
    }
    total += task.size;
    if (container.firstHole !== undefined)
      reportEntry(
        task,
        container.firstHole,
        'not_json',
        (label) => `${label} is not JSON: the list has an empty slot there`,
      );
    stack.push(task);
    // Pushed last to first, so containers are read in document order.
    if (children !== undefined) for (let index = children.length - 1; index >= 0; index--) stack.push(children[index]!);
  }
  return { value: root.value, problems, unreported, tooLarge: total > MAX_VALUES };
}

/** A container read completely, kept once the document is large so one shared again is not read again. */
interface Finished {
  copy: JsonObject | JsonValue[];
  levels: number;
  size: number;
}

/**
 * {@link readIteratively} with recursion, for depth limits up to {@link MAX_DOCUMENT_DEPTH}
 * (so at most that many frames): the same values read in the same order, the same copy,
 * the same problems found in the same order. Where the explicit stack keeps a task per
 * container, this keeps the path and the containers open above the value in two stacks.
 */
class RecursiveReader {
  private readonly problems: Problem[] = [];
  private unreported = 0;
  private total = 0;
  private readonly finished = new Map<object, Finished>();
  /** Keys and indexes from the root to the value being read. */
  private readonly segments: (string | number)[] = [];
  /** The containers being read, outermost first: the value read is inside each. */
  private readonly open: object[] = [];
  /** Levels and values of the container read last, for the one holding it. */
  private levels = 0;
  private size = 0;

  constructor(private readonly maxDepth: number) {}

  read(input: unknown): Read {
    let value: JsonValue = null;
    const rootProblem = scalarProblem(input, false);
    if (rootProblem === CONTAINER) value = this.container(input as object, 1) ?? null;
    else if (rootProblem === undefined) value = input as JsonValue;
    else if (rootProblem !== ABSENT) this.report('not_json', rootProblem);
    return { value, problems: this.problems, unreported: this.unreported, tooLarge: this.total > MAX_VALUES };
  }

  /** Reports a problem of the value at the current path. */
  private report(code: 'not_json' | 'nesting_too_deep', message: (label: string) => string): void {
    if (this.problems.length >= MAX_REPORTED) {
      this.unreported++;
      return;
    }
    const segments = this.segments;
    let pointer = '';
    for (let index = 0; index < segments.length; index++) pointer += `/${escapeJsonPointerSegment(segments[index]!)}`;
    const count = segments.length;
    const label =
      count === 0 ? 'The document' : labelFor(segments[count - 1], count > 1 ? segments[count - 2] : undefined);
    this.problems.push({ path: pointer, code, message: message(label) });
  }

  private reportEntry(segment: string | number, message: (label: string) => string): void {
    this.segments.push(segment);
    this.report('not_json', message);
    this.segments.pop();
  }

  /**
   * The copy of the container at the current path, `depth` levels down; undefined where
   * it is left null (a problem, or the size limit passed). Sets `levels` and `size` when
   * it returns a copy.
   */
  private container(value: object, depth: number): JsonObject | JsonValue[] | undefined {
    if (this.total > MAX_VALUES) return undefined;
    const open = this.open;
    for (let index = 0; index < open.length; index++) {
      if (open[index] === value) {
        this.report(
          'not_json',
          (label) => `${label} is not JSON: it holds itself (a cycle: the object is one of its own ancestors)`,
        );
        return undefined;
      }
    }
    const maxDepth = this.maxDepth;
    if (depth > maxDepth) {
      this.report('nesting_too_deep', (label) => nestingMessage(label, maxDepth));
      return undefined;
    }
    const again = this.total > REMEMBER_SHARED_AFTER ? this.finished.get(value) : undefined;
    if (again !== undefined) {
      if (depth + again.levels - 1 > maxDepth) {
        this.report('nesting_too_deep', (label) =>
          nestingMessage(label, maxDepth, 'here, where an object used at another place too'),
        );
        return undefined;
      }
      // A shared object stands for all its values again at this place, as its text would.
      this.total += again.size;
      this.levels = again.levels;
      this.size = again.size;
      return again.copy;
    }
    // What readContainer finds, without an object to say it: this runs for every container.
    let isArray: boolean;
    try {
      // Throws for a revoked Proxy.
      isArray = Array.isArray(value);
    } catch (error) {
      const reason = thrownText(error);
      this.report('not_json', (label) => `${label} could not be read (${reason})`);
      return undefined;
    }
    let keys: (string | number)[] | undefined;
    let length: number;
    let firstHole: number | undefined;
    let notRead: string | undefined;
    try {
      if (isArray) {
        length = (value as unknown[]).length;
        if (!Number.isSafeInteger(length) || length < 0) notRead = LENGTH_NOT_WHOLE;
        else {
          const present = Object.keys(value).length;
          if (present < length) ({ keys, length, firstHole } = sparseContainer(value as unknown[], length, present));
        }
      } else {
        const kind = nonPlainKind(value);
        if (kind !== undefined) notRead = `is not JSON: ${kind}`;
        else {
          keys = Object.keys(value);
          length = keys.length;
        }
      }
    } catch (error) {
      notRead = `could not be read (${thrownText(error)})`;
    }
    if (notRead !== undefined) {
      this.report('not_json', (label) => `${label} ${notRead}`);
      return undefined;
    }
    let levels = 1;
    let size = 1;
    // The entries are read first, in order, and the copy built from them once the
    // containers among them are copied too: a copy made with placeholders and filled in
    // later changes its fields' shape in the engine, several times slower to build.
    // `undefined` stands for a property left out; a container read later is there as itself.
    const entries: (JsonValue | undefined)[] = new Array<JsonValue | undefined>(length!);
    let hasContainers = false;
    for (let index = 0; index < length!; index++) {
      const segment = keys === undefined ? index : keys[index]!;
      // Each value is read exactly once, here; a getter or trap that throws is a problem at its place.
      let entry: unknown;
      try {
        entry = isArray
          ? (value as unknown[])[segment as number]
          : (value as Record<string, unknown>)[segment as string];
      } catch (error) {
        const reason = thrownText(error);
        entries[index] = null;
        this.reportEntry(segment, (label) => `${label} could not be read: reading it threw (${reason})`);
        continue;
      }
      const kind = typeof entry;
      if (kind === 'string' || kind === 'boolean' || (kind === 'number' && Number.isFinite(entry)) || entry === null) {
        entries[index] = entry as JsonValue;
        size += 1;
        continue;
      }
      const problem = scalarProblem(entry, !isArray);
      if (problem === CONTAINER) {
        entries[index] = entry as JsonValue;
        hasContainers = true;
      } else if (problem !== ABSENT) {
        entries[index] = null;
        this.reportEntry(segment, problem!);
      }
    }
    this.total += size;
    if (firstHole !== undefined)
      this.reportEntry(firstHole, (label) => `${label} is not JSON: the list has an empty slot there`);
    if (hasContainers) {
      open.push(value);
      let stopped = false;
      for (let index = 0; index < length!; index++) {
        const entry = entries[index];
        // Only the containers are objects here: scalars were copied, problems are null.
        if (entry === null || typeof entry !== 'object') continue;
        if (stopped) {
          entries[index] = null;
          continue;
        }
        this.segments.push(keys === undefined ? index : keys[index]!);
        const inner = this.container(entry, depth + 1);
        this.segments.pop();
        entries[index] = inner ?? null;
        // Past the size limit nothing more is read, as the explicit stack stops popping.
        if (this.total > MAX_VALUES) stopped = true;
        else if (inner !== undefined) {
          if (this.levels + 1 > levels) levels = this.levels + 1;
          size += this.size;
        }
      }
      open.pop();
      if (stopped) return buildCopy(isArray, keys, entries);
    }
    const copy = buildCopy(isArray, keys, entries);
    if (this.total > REMEMBER_SHARED_AFTER) this.finished.set(value, { copy, levels, size });
    this.levels = levels;
    this.size = size;
    return copy;
  }
}

/** A container's copy from its entries in order (`keys` for an object or a list with empty slots). */
function buildCopy(
  isArray: boolean,
  keys: (string | number)[] | undefined,
  entries: (JsonValue | undefined)[],
): JsonObject | JsonValue[] {
  if (keys === undefined) return entries as JsonValue[];
  const copy = (isArray ? [] : {}) as Record<string | number, JsonValue>;
  for (let index = 0; index < entries.length; index++) {
    const entry = entries[index];
    if (entry === undefined) continue;
    const key = keys[index]!;
    // "__proto__" is defined, not assigned (assignment would set the prototype).
    if (key === '__proto__') setOwn(copy, key, entry);
    else copy[key] = entry;
  }
  return copy;
}

/**
 * Values JSON.parse made from text whose depth the text reader checked, while they are
 * validated: only that reader adds them, and nobody else holds them meanwhile.
 */
const parsedValues = new WeakSet<object>();

/**
 * Runs `validate` on a value JSON.parse made from text nested at most MAX_DOCUMENT_DEPTH
 * levels, letting {@link readJsonValue} take it as its own plain copy. Internal to the
 * text reader.
 */
export function validateParsed<Result>(value: unknown, validate: (value: unknown) => Result): Result {
  if (value === null || typeof value !== 'object') return validate(value);
  parsedValues.add(value);
  try {
    return validate(value);
  } finally {
    parsedValues.delete(value);
  }
}

/**
 * Values read before shared objects are remembered. A document with a shared object
 * expanding into millions of values passes it soon; below it, a shared object is simply
 * read at each place (as its text would be).
 */
const REMEMBER_SHARED_AFTER = 2_000_000;

/** Whether the task's object is one of its own containers: a cycle. The path is short (at most the depth limit). */
function holdsItself(task: Task): boolean {
  for (let at = task.parent; at !== undefined; at = at.parent) if (at.value === task.value) return true;
  return false;
}

/** Said of a value that is an object or array: it gets a task of its own. */
const CONTAINER = 1;
/** Said of an object property holding undefined: absent in JSON, as JSON.stringify has it. */
const ABSENT = 2;

/**
 * Undefined for a JSON scalar, {@link CONTAINER} for a possible object or array, {@link ABSENT}
 * for undefined as an object property, else how to say why the value is not JSON.
 */
function scalarProblem(
  value: unknown,
  inObject: boolean,
): undefined | typeof CONTAINER | typeof ABSENT | ((label: string) => string) {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return undefined;
    case 'number':
      return Number.isFinite(value)
        ? undefined
        : (label) => `${label} is not JSON: ${String(value)} is not a number JSON can hold`;
    case 'object':
      return value === null ? undefined : CONTAINER;
    case 'undefined':
      return inObject ? ABSENT : (label) => `${label} is not JSON: undefined`;
    case 'bigint':
      return (label) => `${label} is not JSON: a BigInt (write it as a number or a string)`;
    case 'symbol':
      return (label) => `${label} is not JSON: a Symbol`;
    case 'function':
      return (label) => `${label} is not JSON: a function`;
    default:
      return (label) => `${label} is not JSON`;
  }
}

/** Stores a copied entry; assignment would set the prototype for "__proto__", so that key is defined. */
function putEntry(into: JsonObject | JsonValue[], segment: string | number, value: JsonValue): void {
  if (Array.isArray(into)) into[segment as number] = value;
  else if (segment === '__proto__') setOwn(into, '__proto__', value);
  else into[segment as string] = value;
}

function nestingMessage(label: string, maxDepth: number, where = 'here'): string {
  return `${label} is nested too deeply (more than ${maxDepth} levels): a document holds at most ${maxDepth} levels of objects and lists, and this one crosses the limit ${where}`;
}

/**
 * What a container holds, its values still to read: `keys` for an object; for an array
 * undefined (its keys are 0 to `length` - 1) or, with an empty slot, the indexes present.
 */
interface Container {
  array: boolean;
  keys: (string | number)[] | undefined;
  length: number;
  firstHole: number | undefined;
}

/**
 * The keys of an array or plain object, or why the value is not one (as the rest of a
 * sentence: "is not JSON: a Date"). Its values are read by the caller, each once.
 */
function readContainer(value: object): Container | string {
  let isArray: boolean;
  try {
    // Throws for a revoked Proxy.
    isArray = Array.isArray(value);
  } catch (error) {
    return `could not be read (${thrownText(error)})`;
  }
  try {
    if (isArray) return readArray(value as unknown[]);
    const kind = nonPlainKind(value);
    if (kind !== undefined) return `is not JSON: ${kind}`;
    const keys: string[] = Object.keys(value);
    return { array: false, keys, length: keys.length, firstHole: undefined };
  } catch (error) {
    return `could not be read (${thrownText(error)})`;
  }
}

const LENGTH_NOT_WHOLE = 'could not be read: its length is not a whole number';

function readArray(list: unknown[]): Container | string {
  const length = list.length;
  if (!Number.isSafeInteger(length) || length < 0) return LENGTH_NOT_WHOLE;
  // A sparse array can claim billions of slots; count the ones present before walking it.
  const present = Object.keys(list).length;
  if (present >= length) return { array: true, keys: undefined, length, firstHole: undefined };
  return sparseContainer(list, length, present);
}

/** The indexes present in a list of `length` slots of which `present` are there. */
function sparseContainer(list: unknown[], length: number, present: number): Container {
  const keys: number[] = [];
  let firstHole: number | undefined;
  for (let index = 0; index < length && keys.length < present; index++) {
    if (!Object.hasOwn(list, index)) {
      firstHole ??= index;
      continue;
    }
    keys.push(index);
  }
  return { array: true, keys, length: keys.length, firstHole: firstHole ?? keys.length };
}

/** Why an object is not a plain one ("a Date", "a Map"), or undefined when it is plain. */
function nonPlainKind(value: object): string | undefined {
  const prototype: unknown = Object.getPrototypeOf(value);
  if (prototype === null || prototype === Object.prototype) return undefined;
  // A plain object from another realm (an iframe, a vm context) has that realm's Object.prototype.
  if (typeof prototype === 'object' && Object.getPrototypeOf(prototype) === null) {
    const constructor = Object.getOwnPropertyDescriptor(prototype, 'constructor')?.value as unknown;
    if (typeof constructor === 'function' && constructor.name === 'Object') return undefined;
  }
  const tag = Object.prototype.toString.call(value).slice(8, -1);
  if (tag !== 'Object') return `a ${tag}`;
  let name: unknown;
  if (typeof prototype === 'object') {
    name = (Object.getOwnPropertyDescriptor(prototype, 'constructor')?.value as { name?: unknown } | undefined)?.name;
  }
  return typeof name === 'string' && name !== '' ? `an instance of ${name}` : 'an object with a prototype of its own';
}

/** The message of something thrown, without trusting it: a hostile error can throw again. */
function thrownText(error: unknown): string {
  try {
    const message = error instanceof Error ? error.message : String(error);
    const text = typeof message === 'string' ? message : 'an error';
    return text.length > 200 ? `${text.slice(0, 200)}…` : text;
  } catch {
    return 'an error';
  }
}

function pointerOf(task: Task): string {
  const segments: (string | number)[] = [];
  for (let at: Task = task; at.parent !== undefined; at = at.parent) segments.push(at.segment);
  let pointer = '';
  for (let index = segments.length - 1; index >= 0; index--)
    pointer += `/${escapeJsonPointerSegment(segments[index]!)}`;
  return pointer;
}

/** "The document", `"body"`, `Entry 3 of "items"`: the value a task reads, in words. */
function labelOf(task: Task): string {
  if (task.parent === undefined) return 'The document';
  const owner = task.parent.parent === undefined ? undefined : task.parent.segment;
  return labelFor(task.segment, owner);
}

function labelFor(segment: string | number | undefined, owner: string | number | undefined): string {
  if (segment === undefined) return 'The document';
  if (typeof segment === 'number')
    return `Entry ${segment + 1}${owner === undefined ? '' : ` of ${JSON.stringify(String(owner))}`}`;
  return JSON.stringify(segment);
}

/**
 * The `nesting_too_deep` problem for the value at `segments` (the first object or array
 * past {@link MAX_DOCUMENT_DEPTH}), as the text reader reports it before parsing.
 */
export function nestingTooDeepProblem(segments: readonly (string | number)[]): Problem {
  let path = '';
  for (const segment of segments) path += `/${escapeJsonPointerSegment(segment)}`;
  const label = labelFor(segments[segments.length - 1], segments[segments.length - 2]);
  return { path, code: 'nesting_too_deep', message: nestingMessage(label, MAX_DOCUMENT_DEPTH) };
}

/**
 * A problem of the document reader with what a translation of it needs: the reader words
 * its nesting problems, validation adds their limit. Internal.
 */
export function withNestingLimit(problem: Problem): Problem {
  return problem.code === 'nesting_too_deep' && !problem.params
    ? { ...problem, params: { limit: MAX_DOCUMENT_DEPTH } }
    : problem;
}

/**
 * Thrown by the serialisers for a value that is not a JSON document they could write
 * and read back: nested deeper than `MAX_DOCUMENT_DEPTH`, or holding something JSON has
 * no text for (a BigInt, a cycle, a throwing getter). A document that validates never
 * gets here; `problems` says what is wrong and where, as validation would.
 */
export class DocumentNotSerializableError extends WorkflowEditorError<'not_serializable'> {
  /** What is wrong, with JSON Pointers (`not_json`, `nesting_too_deep`). */
  readonly problems: Problem[];

  constructor(problems: Problem[]) {
    const first = problems[0];
    super(
      'not_serializable',
      first
        ? `The document cannot be written as JSON: ${first.message} (at ${first.path === '' ? 'its root' : first.path})`
        : 'The document cannot be written as JSON',
    );
    this.name = 'DocumentNotSerializableError';
    this.problems = problems;
  }
}

/**
 * Whether `value` is certainly a JSON document the careful reader would copy as it is:
 * nested at most MAX_DOCUMENT_DEPTH levels, at most MAX_VALUES values, every object a plain
 * one of this realm with no property holding undefined, every array without empty slots,
 * every number finite. False sends the caller to {@link readJsonDocument}, which says why
 * (or finds it a document after all: an object from another realm, a property holding
 * undefined). A check without a copy, for the serialisers, which only read the document:
 * a getter is read again by what follows, as `JSON.stringify` reads it. Internal.
 */
export function isPlainJsonDocument(value: unknown): boolean {
  // JSON.stringify asks every object for a toJSON, inherited ones too; an empty slot of a
  // list reads what Array.prototype holds at its index.
  if ('toJSON' in Object.prototype || 'toJSON' in Array.prototype || Object.keys(Array.prototype).length > 0)
    return false;
  return isPlainJson(value, 1, { valuesLeft: MAX_VALUES });
}

function isPlainJson(value: unknown, depth: number, budget: { valuesLeft: number }): boolean {
  if (--budget.valuesLeft < 0) return false;
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return true;
    case 'number':
      return Number.isFinite(value);
    case 'object':
      if (value === null) return true;
      break;
    default:
      return false;
  }
  if (depth > MAX_DOCUMENT_DEPTH) return false;
  if (Array.isArray(value)) {
    if (Object.getPrototypeOf(value) !== Array.prototype) return false;
    for (let index = 0; index < value.length; index++) {
      const item: unknown = value[index];
      // An empty slot reads as undefined too: the careful reader tells one from the other.
      if (item === undefined || !isPlainJson(item, depth + 1, budget)) return false;
    }
    return true;
  }
  const prototype: unknown = Object.getPrototypeOf(value);
  if (prototype !== Object.prototype && prototype !== null) return false;
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record);
  for (let index = 0; index < keys.length; index++) {
    // A property holding undefined is absent in JSON, but not to every reader of the value
    // (a default compared with the whole object): the careful reader leaves it out.
    if (!isPlainJson(record[keys[index]!], depth + 1, budget)) return false;
  }
  return true;
}

/** A plain JSON copy of `value`, or the typed error: no serialiser recurses into anything else. Internal. */
export function plainDocument(value: unknown): JsonValue {
  const read = readJsonDocument(value);
  if (!read.ok) throw new DocumentNotSerializableError(read.problems);
  return read.value;
}
