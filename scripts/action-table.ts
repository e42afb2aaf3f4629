// The table of built-in actions in docs/definition.md ("Built-in actions"), written from
// the actions themselves so it cannot drift from them: scripts/generate-schemas.ts
// writes it, test/definition/action-table.test.ts checks the committed text.

import type { ActionDefinition, JsonSchema } from '../src/definition';

/** The line that opens the table; the table runs to the first blank line after it. */
const TABLE_HEADER = '| id | label | config (required first) |';

/** A schema value as the table shows it: strings bare, anything else as JSON. */
function plainText(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}

function fieldText(name: string, schema: JsonSchema): string {
  const notes: string[] = [];
  if (Array.isArray(schema.enum)) {
    const values = schema.enum.map((value) => `\`${plainText(value)}\``).join(', ');
    notes.push('default' in schema ? `${values}; default \`${plainText(schema.default)}\`` : values);
  } else if (schema.type === 'integer' && typeof schema.minimum === 'number' && typeof schema.maximum === 'number') {
    notes.push(`whole number, ${schema.minimum} to ${schema.maximum}`);
  }
  return `\`${name}\`${notes.length > 0 ? ` (${notes.join(', ')})` : ''}`;
}

/** One action's row: its required fields, then after ";" its optional ones; "see below" when the docs give it a section. */
function actionRow(action: ActionDefinition, docs: string): string {
  let config: string;
  if ((action.stepType ?? 'action') === 'branch') {
    config = 'creates a branch step; it has no config and no config schema file';
  } else if (docs.includes(`\n### \`${action.id}\``)) {
    config = 'see below';
  } else {
    const properties = (action.configSchema.properties ?? {}) as Record<string, JsonSchema>;
    const required = new Set((action.configSchema.required ?? []) as string[]);
    const names = Object.keys(properties).filter((name) => name !== 'continueOnError');
    const group = (list: string[]): string => list.map((name) => fieldText(name, properties[name]!)).join(', ');
    const optional = names.filter((name) => !required.has(name));
    config = [
      group(names.filter((name) => required.has(name))),
      ...(optional.length > 0 ? [group(optional)] : []),
    ].join('; ');
  }
  return `| \`${action.id}\` | ${action.label} | ${config} |`;
}

/** `docs` (the text of docs/definition.md) with its built-in action table written from `actions`. */
export function withActionTable(docs: string, actions: readonly ActionDefinition[]): string {
  const start = docs.indexOf(TABLE_HEADER);
  if (start < 0) throw new Error(`docs/definition.md has no action table (a line "${TABLE_HEADER}")`);
  const end = docs.indexOf('\n\n', start);
  const table = [TABLE_HEADER, '| --- | --- | --- |', ...actions.map((action) => actionRow(action, docs))].join('\n');
  return docs.slice(0, start) + table + docs.slice(end);
}
