// A host's module of actions for the CLI tests: source that imports ./slack-actions,
// bundled with the package's code it uses into one .mjs file in a temporary folder, as a
// host's module stands beside an installed package: the catalog the built CLI loads is
// made by another copy of createActionCatalog than the CLI's own.

import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const here = path.dirname(fileURLToPath(import.meta.url));

/**
 * Bundles `source` (JavaScript that may import `./slack-actions`, the package's code
 * included) into one ES module at `file`, which then imports nothing.
 */
export async function writeBundledModule(file: string, source: string): Promise<string> {
  const result = await build({
    stdin: { contents: source, resolveDir: here, loader: 'ts', sourcefile: path.basename(file) },
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    write: false,
    logLevel: 'silent',
  });
  writeFileSync(file, result.outputFiles[0]!.text);
  return file;
}

/** The host's module: `catalog` and `handlers` for "Post to Slack", posting to `apiOrigin`. */
export function slackActionsModuleSource(apiOrigin: string): string {
  return `import { createSlackActions } from './slack-actions';
export const { catalog, handlers } = createSlackActions(${JSON.stringify(apiOrigin)});
`;
}
