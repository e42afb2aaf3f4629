// ---------------------------------------------------------------------------
// Reading workflow and step documents from JSON text (import, paste, the CLI). Syntax
// errors and every validation problem come back with a 1-based line and column, so an
// editor or terminal can point at the exact place.
//
// Strict JSON only: comments and trailing commas are syntax errors (a definition is
// read by executors in any language). A key given twice in one object is reported as
// `json_syntax` at its second occurrence: JSON parsers disagree on which one wins.
// Of several syntax errors only the first is reported.
// ---------------------------------------------------------------------------

import { parseTree, printParseErrorCode, type Node, type ParseError } from 'jsonc-parser';
import { escapeJsonPointerSegment, parseJsonPointer } from './json-pointer';
import { MAX_DOCUMENT_DEPTH, nestingTooDeepProblem, validateParsed, withNestingLimit } from './json-value';
import type { DocumentKind, Problem, StepDocumentValidationResult, WorkflowValidationResult } from './types';
import { validateStepDocument, validateWorkflow, type ValidateOptions } from './validate';
import { capRepeatedProblems, innermostStepId, rootStepIdOf, sortInDocumentOrder } from './validation/problem-order';

/** Parses and validates a workflow document. Never throws. */
export function parseWorkflowJson(text: string, options: ValidateOptions = {}): WorkflowValidationResult {
  return parseDocument(text, (value) => validateWorkflow(value, options), 'workflow');
}

/** Parses and validates a standalone step document. Never throws. */
export function parseStepDocumentJson(text: string, options: ValidateOptions = {}): StepDocumentValidationResult {
  return parseDocument(text, (value) => validateStepDocument(value, options), 'step');
}

/** `kind`: which document the text should hold (a step document's own id is the step of a problem outside its lists). */
function parseDocument<Result extends { ok: boolean; problems: Problem[] }>(
  text: string,
  validate: (value: unknown) => Result,
  kind: DocumentKind,
): Result | { ok: false; problems: Problem[] } {
  try {
    return parseDocumentUnguarded(text, validate, kind);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return {
      ok: false,
      problems: [
        { path: '', code: 'json_syntax', message: `The text could not be read: ${reason}`, line: 1, column: 1 },
      ],
    };
  }
}

function parseDocumentUnguarded<Result extends { ok: boolean; problems: Problem[] }>(
  rawText: string,
  validate: (value: unknown) => Result,
  kind: DocumentKind,
): Result | { ok: false; problems: Problem[] } {
  if (typeof rawText !== 'string') {
    return {
      ok: false,
      problems: [{ path: '', code: 'json_syntax', message: 'Expected JSON text', line: 1, column: 1 }],
    };
  }
  // A byte order mark is harmless; positions still count it so they match the file.
  const offsetShift = rawText.startsWith('\uFEFF') ? 1 : 0;
  const text = rawText.slice(offsetShift);
  const fast = readWellFormed(text, validate);
  if (fast.result !== undefined && fast.result.problems.length === 0) return fast.result;
  // Lines are indexed only when there is something to point at.
  let lines: LineIndex | undefined;
  const at = (offset: number): { line: number; column: number } =>
    (lines ??= new LineIndex(rawText)).position(offset + offsetShift);

  if (text.trim() === '') {
    return {
      ok: false,
      problems: [{ path: '', code: 'json_syntax', message: 'The text is empty; expected a JSON object', ...at(0) }],
    };
  }
  // The tree parser recurses once per level: text nested deeper than any document may be
  // is refused by an iterative scan first, so it never runs out of call stack.
  const tooDeep = containersTooDeep(text, MAX_DOCUMENT_DEPTH);
  if (tooDeep.size > 0) return tooDeepResult(text, tooDeep, validate, at, kind);
  const errors: ParseError[] = [];
  const root = parseTree(text, errors, { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false });
  if (errors.length > 0 || !root) {
    // Only the first error: after it the parser guesses, and its later errors mislead.
    const first = errors[0];
    const problem: Problem = first
      ? { path: '', code: 'json_syntax', message: syntaxMessage(first, text), ...at(syntaxOffset(first, text)) }
      : { path: '', code: 'json_syntax', message: 'The text is not JSON', ...at(0) };
    return { ok: false, problems: [problem] };
  }
  let value: unknown;
  if (fast.result === undefined) {
    try {
      // JSON.parse gives exact JSON semantics (e.g. a "__proto__" key is plain data).
      value = JSON.parse(text);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      return {
        ok: false,
        problems: [{ path: '', code: 'json_syntax', message: `The text is not valid JSON: ${reason}`, ...at(0) }],
      };
    }
  }
  const duplicates = duplicateKeyProblems(root).map(({ offset, ...problem }) => ({ ...problem, ...at(offset) }));
  const result = fast.result ?? validate(value);
  const offsets = new NodeIndex(root);
  const located = result.problems.map((problem) => ({ ...problem, ...at(offsets.offsetOf(problem.path)) }));
  const problems = [...duplicates, ...located].sort((a, b) => a.line - b.line || a.column - b.column);
  if (problems.length === 0) return result;
  return { ok: false, problems: capRepeatedProblems(problems) };
}

/**
 * The common case in one pass over the text and one over the value: text JSON.parse
 * reads, nested at most MAX_DOCUMENT_DEPTH levels, with no key given twice in one
 * object. Then its value is validated as it is (JSON.parse made it: plain data, no
 * cycles, no getters, so the validator's defensive copy is skipped). `result` is
 * undefined when the text is not such a document; the careful path then finds out why.
 */
function readWellFormed<Result>(text: string, validate: (value: unknown) => Result): { result: Result | undefined } {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { result: undefined };
  }
  // The value's depth is the text's once no key is given twice: JSON.parse keeps every
  // container the text writes but the ones under a key it dropped, and it keeps one of a
  // key given twice, so the value then has fewer members than the text writes.
  const shape = valueShape(value);
  if (shape.depth > MAX_DOCUMENT_DEPTH || membersWritten(text) !== shape.members) return { result: undefined };
  return { result: validateParsed(value, validate) };
}

/**
 * At least as many as the object members (key-value pairs) JSON text writes, exactly as
 * many unless a string starts with spaces and a colon: the colons whose nearest character
 * before them, spaces and line breaks left out, is a quote no backslash escapes. A member's
 * colon always is (the quote closing its key); one inside a string is not, but for a quote
 * opening the string. Never fewer: equal to the members a value holds, it proves no key is
 * given twice. Jumps from colon to colon with `indexOf` rather than reading each
 * character, for text JSON.parse read: about half of written JSON is indentation.
 */
function membersWritten(text: string): number {
  let members = 0;
  for (let colon = text.indexOf(':'); colon !== -1; colon = text.indexOf(':', colon + 1)) {
    let before = colon - 1;
    let char = text.charCodeAt(before);
    while (char === SPACE || char === TAB || char === LINE_FEED || char === CARRIAGE_RETURN)
      char = text.charCodeAt(--before);
    if (char !== QUOTE) continue;
    let backslashes = 0;
    while (text.charCodeAt(before - 1 - backslashes) === BACKSLASH) backslashes++;
    if ((backslashes & 1) === 0) members++;
  }
  return members;
}

/**
 * How many keys the objects of a value JSON.parse made hold, and how deeply its
 * containers nest (a container at the root is depth 1). Iterative: it may nest deeply.
 */
function valueShape(value: unknown): { members: number; depth: number } {
  let members = 0;
  let deepest = 0;
  const stack: unknown[] = [value];
  const depths: number[] = [1];
  while (stack.length > 0) {
    const node = stack.pop();
    const depth = depths.pop()!;
    if (node === null || typeof node !== 'object') continue;
    if (depth > deepest) deepest = depth;
    if (Array.isArray(node)) {
      for (let index = 0; index < node.length; index++) {
        const item: unknown = node[index];
        if (item !== null && typeof item === 'object') {
          stack.push(item);
          depths.push(depth + 1);
        }
      }
    } else {
      const record = node as Record<string, unknown>;
      const keys = Object.keys(record);
      members += keys.length;
      for (let index = 0; index < keys.length; index++) {
        const item = record[keys[index]!];
        if (item !== null && typeof item === 'object') {
          stack.push(item);
          depths.push(depth + 1);
        }
      }
    }
  }
  return { members, depth: deepest };
}

/**
 * Text nested too deeply: JSON.parse reads any depth without recursion, so validation
 * still reports the problems (with their step) and the scan says where they are.
 */
function tooDeepResult(
  text: string,
  offsets: ReadonlyMap<string, number>,
  validate: (value: unknown) => { ok: boolean; problems: Problem[] },
  at: (offset: number) => { line: number; column: number },
  kind: DocumentKind,
): { ok: false; problems: Problem[] } {
  const [firstPointer, firstOffset] = offsets.entries().next().value!;
  let problems: Problem[];
  let value: unknown;
  try {
    value = JSON.parse(text);
    problems = validate(value).problems;
  } catch {
    // Not JSON either; the depth is what the scan can tell for sure.
    problems = [nestingTooDeepProblem(parseJsonPointer(firstPointer))];
  }
  // Of a key given twice JSON.parse keeps one value: nesting under the one it dropped is
  // in the text only, and the answer must still say what is wrong.
  if (!problems.some((problem) => problem.code === 'nesting_too_deep')) {
    const stepId = innermostStepId(value, firstPointer, kind === 'step' ? rootStepIdOf(value) : undefined);
    const nesting = withNestingLimit(nestingTooDeepProblem(parseJsonPointer(firstPointer)));
    if (stepId !== undefined) nesting.stepId = stepId;
    problems = sortInDocumentOrder([...problems, nesting], value);
  }
  // Only the containers nested too deeply have a place here (the tree parser that finds
  // the others would recurse as deep as the text): every other problem points at the first.
  return {
    ok: false,
    problems: problems.map((problem) => ({ ...problem, ...at(offsets.get(problem.path) ?? firstOffset) })),
  };
}

const SYNTAX_MESSAGES: Record<string, string> = {
  InvalidSymbol: 'Unexpected character',
  InvalidNumberFormat: 'This number is not written the JSON way',
  PropertyNameExpected: 'Expected a key in double quotes',
  ValueExpected: 'Expected a value',
  ColonExpected: 'Expected ":" after the key',
  CommaExpected: 'Expected "," between entries',
  CloseBraceExpected: 'Expected "}" to close the object',
  CloseBracketExpected: 'Expected "]" to close the list',
  EndOfFileExpected: 'Unexpected text after the end of the JSON value',
  InvalidCommentToken: 'Comments are not allowed in JSON',
  UnexpectedEndOfComment: 'Comments are not allowed in JSON',
  UnexpectedEndOfString: 'This string is not closed with " (a line break inside a string is written \\n)',
  UnexpectedEndOfNumber: 'This number ends too early',
  InvalidUnicode: 'Invalid \\u escape in a string',
  InvalidEscapeCharacter: 'Invalid escape in a string',
  InvalidCharacter: 'Control characters such as line breaks must be escaped inside a string',
};

/** jsonc-parser reports a trailing comma as a missing key or value after it; the comma is the place to show. */
function trailingCommaOffset(error: ParseError, text: string): number | undefined {
  const name = printParseErrorCode(error.error);
  if (name !== 'PropertyNameExpected' && name !== 'ValueExpected') return undefined;
  const before = text.slice(0, error.offset).trimEnd();
  return before.endsWith(',') ? before.length - 1 : undefined;
}

function syntaxOffset(error: ParseError, text: string): number {
  return trailingCommaOffset(error, text) ?? error.offset;
}

function syntaxMessage(error: ParseError, text: string): string {
  const name = printParseErrorCode(error.error);
  if (trailingCommaOffset(error, text) !== undefined) return 'Trailing commas are not allowed in JSON';
  if (name === 'InvalidSymbol' && (text.startsWith('//', error.offset) || text.startsWith('/*', error.offset))) {
    return 'Comments are not allowed in JSON';
  }
  return SYNTAX_MESSAGES[name] ?? 'The text is not valid JSON';
}

function duplicateKeyProblems(root: Node): (Problem & { offset: number })[] {
  const problems: (Problem & { offset: number })[] = [];
  // An explicit stack, visiting in document order: pushed last child first.
  const stack: { node: Node; pointer: string }[] = [{ node: root, pointer: '' }];
  while (stack.length > 0) {
    const { node, pointer } = stack.pop()!;
    const children = node.children ?? [];
    if (node.type === 'object') {
      const seen = new Set<string>();
      const next: { node: Node; pointer: string }[] = [];
      for (const property of children) {
        const [keyNode, valueNode] = property.children ?? [];
        if (!keyNode || typeof keyNode.value !== 'string') continue;
        const key = keyNode.value;
        const at = `${pointer}/${escapeJsonPointerSegment(key)}`;
        if (seen.has(key)) {
          problems.push({
            path: at,
            code: 'json_syntax',
            message: `The key "${key}" appears more than once in this object`,
            offset: keyNode.offset,
          });
        }
        seen.add(key);
        if (valueNode) next.push({ node: valueNode, pointer: at });
      }
      for (let index = next.length - 1; index >= 0; index--) stack.push(next[index]!);
    } else if (node.type === 'array') {
      for (let index = children.length - 1; index >= 0; index--)
        stack.push({ node: children[index]!, pointer: `${pointer}/${index}` });
    }
  }
  return problems;
}

/**
 * Where the value at a pointer starts in the text; for a missing property, where its
 * object starts. With a duplicated key the last occurrence counts, as in JSON.parse.
 * Each object's keys are indexed once, however many problems point into it.
 */
class NodeIndex {
  private readonly byObject = new Map<Node, Map<string, Node>>();

  constructor(private readonly root: Node) {}

  offsetOf(pointer: string): number {
    let node = this.root;
    let segments: string[];
    try {
      segments = parseJsonPointer(pointer);
    } catch {
      return node.offset;
    }
    for (const segment of segments) {
      let next: Node | undefined;
      if (node.type === 'object') next = this.propertiesOf(node).get(segment);
      else if (node.type === 'array' && /^\d+$/.test(segment)) next = node.children?.[Number(segment)];
      if (!next) break;
      node = next;
    }
    return node.offset;
  }

  private propertiesOf(node: Node): Map<string, Node> {
    let properties = this.byObject.get(node);
    if (properties === undefined) {
      properties = new Map();
      for (const property of node.children ?? []) {
        const [keyNode, valueNode] = property.children ?? [];
        // Later occurrences overwrite earlier ones: the last one is what JSON.parse keeps.
        if (keyNode && typeof keyNode.value === 'string' && valueNode) properties.set(keyNode.value, valueNode);
      }
      this.byObject.set(node, properties);
    }
    return properties;
  }
}

/**
 * Every object or array in `text` that opens one level past `maxDepth` (the places
 * where the limit is crossed), by JSON Pointer, with the offset of its bracket. One pass
 * over the characters with a stack of the open containers, no recursion, so text of any
 * depth is safe to scan. Only brackets, commas and strings matter (strings may hold
 * brackets); the syntax itself is the parser's to check.
 */
function containersTooDeep(text: string, maxDepth: number): Map<string, number> {
  interface Open {
    array: boolean;
    index: number;
    keyStart: number;
    keyEnd: number;
    expectKey: boolean;
  }
  const found = new Map<string, number>();
  const open: Open[] = [];
  for (let i = 0; i < text.length; i++) {
    const char = text.charCodeAt(i);
    if (char === QUOTE) {
      const start = i;
      i++;
      while (i < text.length && text.charCodeAt(i) !== QUOTE) i += text.charCodeAt(i) === BACKSLASH ? 2 : 1;
      const top = open[open.length - 1];
      if (top && !top.array && top.expectKey) {
        top.keyStart = start;
        top.keyEnd = i + 1;
        top.expectKey = false;
      }
    } else if (char === OPEN_BRACE || char === OPEN_BRACKET) {
      if (open.length === maxDepth) {
        const pointer = nestingTooDeepProblem(open.map((container) => segmentOf(container, text))).path;
        if (!found.has(pointer)) found.set(pointer, i);
      }
      open.push({ array: char === OPEN_BRACKET, index: 0, keyStart: -1, keyEnd: -1, expectKey: char === OPEN_BRACE });
    } else if (char === CLOSE_BRACE || char === CLOSE_BRACKET) {
      open.pop();
    } else if (char === COMMA) {
      const top = open[open.length - 1];
      if (top?.array) top.index++;
      else if (top) top.expectKey = true;
    }
  }
  return found;
}

const SPACE = 0x20;
const TAB = 0x09;
const LINE_FEED = 0x0a;
const CARRIAGE_RETURN = 0x0d;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;

function segmentOf(
  container: { array: boolean; index: number; keyStart: number; keyEnd: number },
  text: string,
): string | number {
  if (container.array) return container.index;
  const raw = text.slice(container.keyStart, container.keyEnd);
  try {
    const key: unknown = JSON.parse(raw);
    return typeof key === 'string' ? key : raw;
  } catch {
    return raw.slice(1, -1);
  }
}

/** Turns offsets into 1-based lines and columns (`\n`, `\r\n` and `\r` end a line). */
class LineIndex {
  private readonly starts: number[] = [0];

  constructor(text: string) {
    for (let index = 0; index < text.length; index++) {
      const char = text[index];
      if (char === '\n' || (char === '\r' && text[index + 1] !== '\n')) this.starts.push(index + 1);
    }
  }

  position(offset: number): { line: number; column: number } {
    let low = 0;
    let high = this.starts.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if (this.starts[middle]! <= offset) low = middle;
      else high = middle - 1;
    }
    return { line: low + 1, column: offset - this.starts[low]! + 1 };
  }
}
