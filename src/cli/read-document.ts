// ---------------------------------------------------------------------------
// Reading files for the CLI: definition documents (kind detected from the text) and
// JSON inputs (trigger, secrets, steps).
// ---------------------------------------------------------------------------

import {
  importWorkflowJson,
  migrateWorkflow,
  parseStepDocumentJson,
  type JsonValue,
  type Problem,
  type ValidateOptions,
} from '../definition';
import { MAX_EARLIER_STEPS_NESTING } from '../executor/json-data';
import { FileTooLargeError, InvalidUtf8Error, UsageError, type CliIo } from './command';
import { findNestingBeyond, locateJsonSyntaxError } from './json-input';

/** Largest definition document, trigger or steps file the CLI reads: 64 MiB. */
export const MAX_INPUT_BYTES = 64 * 1024 * 1024;
/** Largest secrets file: 1 MiB (values are keys and tokens, not data). */
export const MAX_SECRETS_BYTES = 1024 * 1024;
/**
 * Deepest nesting of a trigger or steps file, counted from its root: the executor's
 * limit for host data and response bodies. Checked here so the message names the file
 * and the CLI exits 2 before the executor is called.
 */
export const MAX_INPUT_NESTING = 1000;

/**
 * Deepest nesting of a steps file: a previous run's `steps`, whose response bodies may
 * nest 1,000 levels inside the three levels around them (the record, the step id,
 * `output`). The executor's own limit for `options.steps`.
 */
export const MAX_STEPS_INPUT_NESTING = MAX_EARLIER_STEPS_NESTING;

/**
 * Text from a file or the command line as it may be printed: control characters (a
 * newline that would split a one-line message, an escape sequence that would drive the
 * terminal) written as \uXXXX escapes.
 */
export function withoutControls(text: string): string {
  return text.replace(
    // eslint-disable-next-line no-control-regex -- control characters are exactly what this escapes
    /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g,
    (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

/** A path, flag value or argument as a message shows it: {@link withoutControls}, cut at 200 characters. */
export function shown(text: string): string {
  const escaped = withoutControls(text);
  return escaped.length > 200 ? `${escaped.slice(0, 200)}…` : escaped;
}

/** A JSON Pointer into an input file, cut short: past the limit it is a thousand steps long. */
function shownPointer(pointer: string): string {
  const text = shown(pointer || '/');
  return text.length > 60 ? `${text.slice(0, 60)}…` : text;
}

function formatBytes(bytes: number): string {
  return bytes % (1024 * 1024) === 0 ? `${bytes / (1024 * 1024)} MiB` : `${bytes} bytes`;
}

/**
 * Reads a file, turning a missing, unreadable, too large or not UTF-8 file into a
 * usage error that names the file and says why (never what is in it).
 */
export async function readText(
  io: CliIo,
  path: string,
  what: string,
  maxBytes: number = MAX_INPUT_BYTES,
): Promise<string> {
  try {
    return await io.readFile(path, maxBytes);
  } catch (error) {
    throw new UsageError(`Cannot read the ${what} file ${shown(path)}: ${readFailure(error, maxBytes)}.`);
  }
}

/**
 * Why a file could not be read, in words that name no content: the size limit, the
 * first byte that is not UTF-8, or the system's reason (no such file, a folder, ...).
 */
export function readFailure(error: unknown, maxBytes: number): string {
  if (error instanceof FileTooLargeError) return `it is larger than the limit of ${formatBytes(maxBytes)}`;
  // Where, not which bytes: the file may be a secrets file. The offset as a plain number, to paste into a hex editor.
  if (error instanceof InvalidUtf8Error)
    return `it is not UTF-8 text, which JSON must be (the first invalid byte is at byte offset ${error.byteOffset}, line ${error.line})`;
  const code = error !== null && typeof error === 'object' ? (error as { code?: unknown }).code : undefined;
  switch (code) {
    case 'ENOENT':
      return 'no such file';
    case 'ENOTDIR':
      return 'a part of the path is a file, not a folder';
    case 'EISDIR':
      return 'it is a folder, not a file';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'ENAMETOOLONG':
      return 'the path is too long';
    case 'ELOOP':
      return 'too many symbolic links';
    default:
      // Node's messages for other codes repeat the path and say nothing of the content.
      return typeof code === 'string' ? `system error ${code}` : 'it could not be read';
  }
}

/**
 * Parses a JSON input file's text: a syntax error is a usage error with the line and
 * column and what was expected there, never an excerpt (secrets and trigger payloads
 * must not be echoed); nesting deeper than {@link MAX_INPUT_NESTING} is refused before
 * anything recursive sees the value.
 */
export function parseJsonInput(
  text: string,
  path: string,
  what: string,
  maxNesting: number = MAX_INPUT_NESTING,
): JsonValue {
  const source = withoutBom(text);
  let value: JsonValue;
  try {
    value = JSON.parse(source) as JsonValue;
  } catch {
    const error = locateJsonSyntaxError(source);
    const where = error ? ` at line ${error.line}, column ${error.column}: ${error.reason}` : '';
    throw new UsageError(`The ${what} file ${shown(path)} is not valid JSON${where}.`);
  }
  const tooDeep = findNestingBeyond(value, maxNesting);
  if (tooDeep !== undefined) {
    throw new UsageError(
      `The ${what} file ${shown(path)} nests deeper than ${maxNesting.toLocaleString('en-US')} levels of objects and arrays (at ${shownPointer(tooDeep)}).`,
    );
  }
  return value;
}

/**
 * Reads a JSON input file (trigger, secrets, steps); see {@link parseJsonInput}.
 * `maxNesting` is {@link MAX_INPUT_NESTING} unless given ({@link MAX_STEPS_INPUT_NESTING} for a steps file).
 */
export async function readJsonInput(
  io: CliIo,
  path: string,
  what: string,
  maxBytes: number = MAX_INPUT_BYTES,
  maxNesting: number = MAX_INPUT_NESTING,
): Promise<JsonValue> {
  return parseJsonInput(await readText(io, path, what, maxBytes), path, what, maxNesting);
}

/** The text without a leading byte order mark (editors on Windows write one). */
export function withoutBom(text: string): string {
  return text.startsWith('\uFEFF') ? text.slice(1) : text;
}

/**
 * Parses JSON text; a syntax error becomes a `json_syntax` problem with its line and
 * column, and words for what was expected (no excerpt of the text).
 */
export function parseJsonText(text: string): { ok: true; value: JsonValue } | { ok: false; problems: Problem[] } {
  const source = withoutBom(text);
  try {
    return { ok: true, value: JSON.parse(source) as JsonValue };
  } catch {
    const error = locateJsonSyntaxError(source);
    return {
      ok: false,
      problems: [
        {
          path: '',
          code: 'json_syntax',
          message: `The text is not valid JSON${error ? `: ${error.reason}` : ''}`,
          ...(error ? { line: error.line, column: error.column } : {}),
        },
      ],
    };
  }
}

/** Whether a parsed document is a standalone step document (`"kind": "step"`) rather than a workflow. */
export function isStepDocument(value: JsonValue): boolean {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && value.kind === 'step';
}

/** A document read from text: its kind, the value when the text is JSON, and its problems (with lines and columns). */
export interface ReadDocument {
  kind: 'workflow' | 'step';
  /** Absent when the text is not JSON (then `problems` says why). */
  value?: JsonValue;
  problems: Problem[];
}

/**
 * Parses and validates a workflow or step document; the kind comes from its `kind`
 * field. Workflows go the package's one import path (parse, migrate, validate), and
 * `value` is the migrated document.
 */
export function readDocument(text: string, options: ValidateOptions = {}): ReadDocument {
  const json = parseJsonText(text);
  const kind = json.ok && isStepDocument(json.value) ? 'step' : 'workflow';
  const validation = kind === 'step' ? parseStepDocumentJson(text, options) : importWorkflowJson(text, options);
  if (!json.ok || validation.problems.some((problem) => problem.code === 'json_syntax')) {
    return { kind, problems: validation.problems };
  }
  const migration = kind === 'workflow' ? migrateWorkflow(json.value) : undefined;
  const value = migration?.ok ? (migration.value as JsonValue) : json.value;
  return { kind, value, problems: validation.problems };
}
