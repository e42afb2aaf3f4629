// ---------------------------------------------------------------------------
// The one place documents of an older `schemaVersion` are brought up to date. Every
// reader of definition text (import dialog, CLI, hosts) goes
//   text → parseWorkflowJson / JSON.parse → migrateWorkflow → validateWorkflow
// so a new format version needs one migration added here and nothing anywhere else.
// ---------------------------------------------------------------------------

import { SCHEMA_VERSION, type Problem } from './types';

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
 * problem at `/schemaVersion`. Never throws.
 */
export function migrateWorkflow(input: unknown): MigrationResult {
  if (!isRecord(input) || !('schemaVersion' in input)) {
    return { ok: true, value: input, fromVersion: undefined, migrated: false };
  }
  const version = input.schemaVersion;
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
  let document: UnknownRecord = input;
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

function isRecord(value: unknown): value is UnknownRecord {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
