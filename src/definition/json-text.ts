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
import { jsonPointer, parseJsonPointer } from './json-pointer';
import type { Problem, StepDocumentValidationResult, WorkflowValidationResult } from './types';
import { validateStepDocument, validateWorkflow, type ValidateOptions } from './validate';

/** Parses and validates a workflow document. Never throws. */
export function parseWorkflowJson(text: string, options: ValidateOptions = {}): WorkflowValidationResult {
  return parseDocument(text, (value) => validateWorkflow(value, options));
}

/** Parses and validates a standalone step document. Never throws. */
export function parseStepDocumentJson(text: string, options: ValidateOptions = {}): StepDocumentValidationResult {
  return parseDocument(text, (value) => validateStepDocument(value, options));
}

function parseDocument<Result extends { ok: boolean; problems: Problem[] }>(
  text: string,
  validate: (value: unknown) => Result,
): Result | { ok: false; problems: Problem[] } {
  try {
    return parseDocumentUnguarded(text, validate);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return { ok: false, problems: [{ path: '', code: 'json_syntax', message: `The text could not be read: ${reason}`, line: 1, column: 1 }] };
  }
}

function parseDocumentUnguarded<Result extends { ok: boolean; problems: Problem[] }>(
  rawText: string,
  validate: (value: unknown) => Result,
): Result | { ok: false; problems: Problem[] } {
  if (typeof rawText !== 'string') {
    return { ok: false, problems: [{ path: '', code: 'json_syntax', message: 'Expected JSON text', line: 1, column: 1 }] };
  }
  // A byte order mark is harmless; positions still count it so they match the file.
  const offsetShift = rawText.startsWith('\uFEFF') ? 1 : 0;
  const text = rawText.slice(offsetShift);
  const lines = new LineIndex(rawText);
  const at = (offset: number): { line: number; column: number } => lines.position(offset + offsetShift);

  if (text.trim() === '') {
    return { ok: false, problems: [{ path: '', code: 'json_syntax', message: 'The text is empty; expected a JSON object', ...at(0) }] };
  }
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
  try {
    // JSON.parse gives exact JSON semantics (e.g. a "__proto__" key is plain data).
    value = JSON.parse(text);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return { ok: false, problems: [{ path: '', code: 'json_syntax', message: `The text is not valid JSON: ${reason}`, ...at(0) }] };
  }
  const duplicates = duplicateKeyProblems(root).map((problem) => ({ ...problem, ...at(problem.offset) }));
  const result = validate(value);
  const located = result.problems.map((problem) => ({ ...problem, ...at(offsetOfPointer(root, problem.path)) }));
  const problems = [...duplicates.map(({ offset: _offset, ...problem }) => problem), ...located].sort(
    (a, b) => a.line - b.line || a.column - b.column,
  );
  if (problems.length === 0) return result;
  return { ok: false, problems };
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
  const visit = (node: Node, pointer: (string | number)[]): void => {
    if (node.type === 'object') {
      const seen = new Set<string>();
      for (const property of node.children ?? []) {
        const [keyNode, valueNode] = property.children ?? [];
        if (!keyNode || typeof keyNode.value !== 'string') continue;
        const key = keyNode.value;
        if (seen.has(key)) {
          problems.push({
            path: jsonPointer([...pointer, key]),
            code: 'json_syntax',
            message: `The key "${key}" appears more than once in this object`,
            offset: keyNode.offset,
          });
        }
        seen.add(key);
        if (valueNode) visit(valueNode, [...pointer, key]);
      }
    } else if (node.type === 'array') {
      (node.children ?? []).forEach((child, index) => visit(child, [...pointer, index]));
    }
  };
  visit(root, []);
  return problems;
}

/**
 * Where the value at `pointer` starts in the text; for a missing property, where its
 * object starts. With a duplicated key the last occurrence counts, as in JSON.parse.
 */
function offsetOfPointer(root: Node, pointer: string): number {
  let node = root;
  let segments: string[];
  try {
    segments = parseJsonPointer(pointer);
  } catch {
    return root.offset;
  }
  for (const segment of segments) {
    let next: Node | undefined;
    if (node.type === 'object') {
      const property = [...(node.children ?? [])].reverse().find((child) => child.children?.[0]?.value === segment);
      next = property?.children?.[1];
    } else if (node.type === 'array' && /^\d+$/.test(segment)) {
      next = node.children?.[Number(segment)];
    }
    if (!next) break;
    node = next;
  }
  return node.offset;
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
