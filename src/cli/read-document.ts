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
import { UsageError, type CliIo } from './command';

/** Reads a file, turning a missing or unreadable file into a usage error. */
export async function readText(io: CliIo, path: string, what: string): Promise<string> {
  try {
    return await io.readFile(path);
  } catch (error) {
    const reason =
      (error as { code?: unknown }).code === 'ENOENT' ? 'no such file' : error instanceof Error ? error.message : String(error);
    throw new UsageError(`Cannot read the ${what} file ${path}: ${reason}.`);
  }
}

/** Reads a JSON input file (trigger, secrets, steps): invalid JSON is a usage error. */
export async function readJsonInput(io: CliIo, path: string, what: string): Promise<JsonValue> {
  const text = await readText(io, path, what);
  try {
    return JSON.parse(text) as JsonValue;
  } catch (error) {
    throw new UsageError(`The ${what} file ${path} is not valid JSON: ${error instanceof Error ? error.message : String(error)}`);
  }
}

function withoutBom(text: string): string {
  return text.startsWith('\uFEFF') ? text.slice(1) : text;
}

/** Parses JSON text; a syntax error becomes a `json_syntax` problem (position in the message). */
export function parseJsonText(text: string): { ok: true; value: JsonValue } | { ok: false; problems: Problem[] } {
  try {
    return { ok: true, value: JSON.parse(withoutBom(text)) as JsonValue };
  } catch (error) {
    return {
      ok: false,
      problems: [
        { path: '', code: 'json_syntax', message: `The text is not valid JSON: ${error instanceof Error ? error.message : String(error)}` },
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
