// The `workflow-editor` executable (package.json "bin"). The build adds the shebang.
// Everything the process can throw ends here as one line on stderr and exit code 3
// (see EXIT): an uncaught error must not print Node's stack trace.

import { runCli } from './cli';
import { EXIT } from './command';
import { readFileAtMost } from './node-io';

function fail(): void {
  try {
    process.stderr.write(
      'workflow-editor: internal error, the command could not finish. This is a bug: please report it.\n',
    );
  } catch {
    // stderr itself is gone; the exit code still says it.
  }
  process.exit(EXIT.internal);
}

// Late errors (a socket closing after the run ended, a rejected promise nobody awaited).
process.on('uncaughtException', fail);
process.on('unhandledRejection', fail);
// A reader that stops early (`| head`) closes the pipe: stop quietly, as other tools do.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(EXIT.ok);
  try {
    process.stderr.write(`workflow-editor: cannot write to stdout (${error.code ?? 'error'}).\n`);
  } finally {
    process.exit(EXIT.internal);
  }
});
process.stderr.on('error', (error: NodeJS.ErrnoException) =>
  process.exit(error.code === 'EPIPE' ? EXIT.ok : EXIT.internal),
);

const exitCode = await runCli(process.argv.slice(2), {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  readFile: readFileAtMost,
  untilStopped: () =>
    new Promise<void>((resolve) => {
      process.once('SIGTERM', () => resolve());
      process.once('SIGINT', () => resolve());
    }),
}).catch(() => EXIT.internal);
// Set rather than exit(): an explicit exit could cut off output still being written to a pipe.
process.exitCode = exitCode;
