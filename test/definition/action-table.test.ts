// docs/definition.md's table of built-in actions is written from the actions
// (scripts/action-table.ts, by scripts/generate-schemas.ts): the committed text must be
// what the actions say now.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { withActionTable } from '../../scripts/action-table';
import { BUILT_IN_ACTIONS } from '../../src/definition';

const docs = readFileSync(path.resolve(__dirname, '../../docs/definition.md'), 'utf8');

describe('the action table of docs/definition.md', () => {
  it('is what the built-in actions say (npx tsx scripts/generate-schemas.ts writes it)', () => {
    expect(withActionTable(docs, BUILT_IN_ACTIONS)).toBe(docs);
  });

  it('lists each action with its required fields first, enums, ranges and defaults', () => {
    const table = withActionTable(docs, BUILT_IN_ACTIONS);
    expect(table).toContain(
      '| `create_case` | Create Case | `title`; `description`, `priority` (`low`, `normal`, `high`; default `normal`), `assignee` |',
    );
    expect(table).toContain('| `wait` | Wait | `seconds` (whole number, 1 to 86400) |');
    expect(table).toContain('| `https_request` | Make HTTPS Request | see below |');
  });
});
