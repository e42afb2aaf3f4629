// ---------------------------------------------------------------------------
// The one place documents of an older `schemaVersion` are brought up to date. Every
// reader of definition text (import dialog, CLI, hosts) goes
//   text → parseWorkflowJson / JSON.parse → migrateWorkflow → validateWorkflow
// so a new format version needs one migration added here and nothing anywhere else.
// `importWorkflowJson` is that whole path in one call; the editor's "Import JSON" also
// asks draft.ts whether text with problems is still a draft it can open.
// ---------------------------------------------------------------------------

import { parseWorkflowJson } from './json-text';
import { readJsonDocument } from './json-value';
import { isRecord } from './own';
import { SCHEMA_VERSION, type Problem, type WorkflowValidationResult } from './types';
import { validateWorkflow, type ValidateOptions } from './validate';

/** What {@link migrateWorkflow} returns. */
export type MigrationResult =
  | {
      ok: true;
      /** The document in the current format (not yet validated), or the input unchanged. */
      value: unknown;
      /** The `schemaVersion` the input had; undefined when it had none (validation reports that). */
      fromVersion: number | undefined;
      /** True when a migration changed the document. */
      migrated: boolean;
    }
  | { ok: false; problems: Problem[] };

type UnknownRecord = Record<string, unknown>;

/**
 * Migrations by the version they upgrade from: `MIGRATIONS[n]` turns a version `n`
 * document into a version `n + 1` one. Empty while version 1 is the only version;
 * each entry must be pure (return a new object, never change its input).
 */
const MIGRATIONS: Readonly<Record<number, (document: UnknownRecord) => UnknownRecord>> = {};

/** The oldest `schemaVersion` this package can read. */
export const OLDEST_SUPPORTED_SCHEMA_VERSION = 1;

/**
 * Brings a parsed workflow (or step) document to the current {@link SCHEMA_VERSION}.
 * A current document passes through unchanged; one without a `schemaVersion`, or one
 * that is not an object, also passes through, so validation reports what is wrong with
 * it. An unknown, newer or unsupported version is a `schema_version_unsupported`
 * problem at `/schemaVersion`. Input that is not JSON, or nests deeper than
 * `MAX_DOCUMENT_DEPTH` levels, is refused first (`not_json`, `nesting_too_deep`), so no
 * migration ever walks it. Never throws.
 */
export function migrateWorkflow(input: unknown): MigrationResult {
  const read = readJsonDocument(input);
  if (!read.ok) return { ok: false, problems: read.problems };
  // Migrations run on the plain copy; a current document comes back as it was given.
  const plain = read.value;
  if (!isRecord(plain) || !('schemaVersion' in plain)) {
    return { ok: true, value: input, fromVersion: undefined, migrated: false };
  }
  const version = plain.schemaVersion;
  if (version === SCHEMA_VERSION) return { ok: true, value: input, fromVersion: version, migrated: false };
  if (typeof version !== 'number' || !Number.isInteger(version)) {
    return unsupported(`schemaVersion must be a whole number; this version reads schemaVersion ${SCHEMA_VERSION}`);
  }
  if (version > SCHEMA_VERSION) {
    return unsupported(
      `schemaVersion ${version} was written by a newer version of workflow-editor; this version reads schemaVersion ${SCHEMA_VERSION}`,
    );
  }
  if (version < OLDEST_SUPPORTED_SCHEMA_VERSION) {
    return unsupported(`schemaVersion ${version} is not supported; this version reads schemaVersion ${SCHEMA_VERSION}`);
  }
  let document: UnknownRecord = plain;
  for (let from = version; from < SCHEMA_VERSION; from++) {
    const migration = MIGRATIONS[from];
    if (migration === undefined) {
      return unsupported(`No migration from schemaVersion ${from} to ${from + 1}`);
    }
    document = { ...migration(document), schemaVersion: from + 1 };
  }
  return { ok: true, value: document, fromVersion: version, migrated: true };
}

function unsupported(message: string): MigrationResult {
  return { ok: false, problems: [{ path: '/schemaVersion', code: 'schema_version_unsupported', message }] };
}

/** What {@link importWorkflowJson} returns: a validation result, and the version it migrated from. */
export type WorkflowImportResult = WorkflowValidationResult & {
  /** The `schemaVersion` of the text when it was older and was migrated; absent otherwise. */
  migratedFrom?: number;
};

/**
 * Reads workflow JSON text the way every importer should: parse, migrate, validate.
 * Problems of a current document carry a JSON Pointer and a line and column (from
 * `parseWorkflowJson`); problems of a migrated document carry the pointer only, since
 * the migrated document has no text of its own. Nothing happens to the text when the
 * result is not ok. Never throws.
 */
export function importWorkflowJson(text: string, options: ValidateOptions = {}): WorkflowImportResult {
  const parsed = parseWorkflowJson(text, options);
  // Text that could not be read, or nests too deeply, has nothing to migrate: its problems come with positions.
  if (
    parsed.ok ||
    parsed.problems.some((problem) => problem.code === 'json_syntax' || problem.code === 'nesting_too_deep')
  )
    return parsed;
  let value: unknown;
  try {
    value = JSON.parse(text.startsWith('\uFEFF') ? text.slice(1) : text);
  } catch {
    return parsed;
  }
  const migration = migrateWorkflow(value);
  if (!migration.ok) {
    // The validator located /schemaVersion in the text; keep that position on our message.
    const located = parsed.problems.find((problem) => problem.path === '/schemaVersion');
    return {
      ok: false,
      problems: migration.problems.map((problem) =>
        located?.line !== undefined ? { ...problem, line: located.line, column: located.column } : problem,
      ),
    };
  }
  if (!migration.migrated) return parsed;
  const validated = validateWorkflow(migration.value, options);
  return migration.fromVersion === undefined ? validated : { ...validated, migratedFrom: migration.fromVersion };
}
