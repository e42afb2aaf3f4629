// The `workflow-editor` executable (package.json "bin"). The build adds the shebang.

import { readFile } from 'node:fs/promises';
import { runCli } from './cli';

const exitCode = await runCli(process.argv.slice(2), {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  readFile: (path) => readFile(path, 'utf8'),
});
// Set rather than exit(): an explicit exit could cut off output still being written to a pipe.
process.exitCode = exitCode;
