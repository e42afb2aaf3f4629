// Writes the published JSON Schemas under `schemas/` from the definition layer's
// builders and the built-in action catalog, and the table of built-in actions in
// docs/definition.md from the actions. Run after changing a schema or an action:
//   npx tsx scripts/generate-schemas.ts
// test/definition/schema-drift.test.ts fails when the committed files differ from what
// this writes, so the files can never drift from the code.

import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { BUILT_IN_ACTIONS } from '../src/definition/actions';
import { buildPublishedSchemas, schemaFileText } from '../src/definition/schemas/definition-schemas';
import { withActionTable } from './action-table';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const files = buildPublishedSchemas(BUILT_IN_ACTIONS);

// Action schemas of removed actions must not linger.
const actionsDir = path.join(root, 'schemas', 'actions');
mkdirSync(actionsDir, { recursive: true });
for (const name of readdirSync(actionsDir)) {
  if (name.endsWith('.schema.json') && !(`schemas/actions/${name}` in files)) rmSync(path.join(actionsDir, name));
}
for (const [file, schema] of Object.entries(files)) {
  writeFileSync(path.join(root, file), schemaFileText(schema));
  console.log(`wrote ${file}`);
}

const docsPath = path.join(root, 'docs', 'definition.md');
const docs = readFileSync(docsPath, 'utf8');
const written = withActionTable(docs, BUILT_IN_ACTIONS);
if (written !== docs) {
  writeFileSync(docsPath, written);
  console.log('wrote the action table of docs/definition.md');
}
