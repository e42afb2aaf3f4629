// ---------------------------------------------------------------------------
// Reading a definition file: JSON text in, a value or a `json_syntax` problem out.
// ---------------------------------------------------------------------------

import { parse, printParseErrorCode, type ParseError } from 'jsonc-parser';
import type { JsonValue, Problem } from '../definition';
import { UsageError, type CliIo } from './command';

/** 1-based line and column of an offset in a text. */
function position(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  return { line, column: offset - before.lastIndexOf('\n') };
}

/** Parses strict JSON; a syntax error becomes a problem with its line and column. */
export function parseJsonText(text: string): { ok: true; value: JsonValue } | { ok: false; problems: Problem[] } {
  const errors: ParseError[] = [];
  const value = parse(text, errors, { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false }) as JsonValue;
  if (errors.length === 0) return { ok: true, value };
  return {
    ok: false,
    problems: errors.map((error) => {
      const { line, column } = position(text, error.offset);
      return {
        path: '',
        code: 'json_syntax',
        message: `The file is not valid JSON: ${printParseErrorCode(error.error)} at line ${line}, column ${column}.`,
        line,
        column,
      };
    }),
  };
}

/** Reads a file, turning a missing or unreadable file into a usage error. */
export async function readText(io: CliIo, path: string, what: string): Promise<string> {
  try {
    return await io.readFile(path);
  } catch (error) {
    const reason = (error as { code?: unknown }).code === 'ENOENT' ? 'no such file' : error instanceof Error ? error.message : String(error);
    throw new UsageError(`Cannot read the ${what} file ${path}: ${reason}.`);
  }
}

/** Reads a JSON file that is an input (trigger, secrets): invalid JSON is a usage error. */
export async function readJsonInput(io: CliIo, path: string, what: string): Promise<JsonValue> {
  const parsed = parseJsonText(await readText(io, path, what));
  if (!parsed.ok) throw new UsageError(`The ${what} file ${path}: ${parsed.problems[0]!.message}`);
  return parsed.value;
}

/** Whether a parsed document is a standalone step (`kind: "step"`) rather than a workflow. */
export function isStepDocument(value: JsonValue): boolean {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && value.kind === 'step';
}
