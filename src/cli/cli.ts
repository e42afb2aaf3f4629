// ---------------------------------------------------------------------------
// The `workflow-editor` command line: picks a command from the table and maps
// failures to exit codes. No process access here; main.ts supplies the I/O.
// Whatever happens below, what leaves is one line on stderr and an exit code: never a
// stack trace, never a secret value.
// ---------------------------------------------------------------------------

import { EXIT, UsageError, type CliCommand, type CliIo, type CommandContext } from './command';
import { COMMANDS } from './commands';
import { shown } from './read-document';
import { Redactor } from './redact';

/** What the general help says about exit codes and errors; commands say the same. */
export const EXIT_CODES_HELP = `Exit codes:
  0  success (the document is valid, the run succeeded, the export was written)
  1  the document is not valid, or the run failed (the problems or the run
     result are printed as usual)
  2  usage error: unknown command or option, missing argument, an input file
     that is missing, unreadable, too large, not UTF-8, not valid JSON or of the
     wrong shape, or an --actions module (the host's actions) that is missing,
     cannot be loaded, exports no action catalog, or has a handler for an
     action its catalog lacks
  3  the CLI could not finish for a reason of its own (a bug)
  4  worker only: no connection to Redis within --connect-timeout at startup

On exit 2 or 3, stderr holds one line that names the command and the file,
option or field, and stdout stays empty; no error prints a stack trace.
Messages never quote a secrets or trigger file (a syntax error is given by
line and column), and secret values never appear in any output.`;

function generalHelp(commands: readonly CliCommand[]): string {
  const width = Math.max(...commands.map((command) => command.name.length));
  return `Usage: workflow-editor <command> [options]

Commands:
${commands.map((command) => `  ${command.name.padEnd(width)}  ${command.summary}`).join('\n')}

Run "workflow-editor <command> --help" for a command's options.

${EXIT_CODES_HELP}
`;
}

/**
 * The error's name and the first line of its message, or a word for a thrown value
 * that is not an Error; reading a hostile error (a getter that throws) cannot throw.
 */
function describeThrown(thrown: unknown): string {
  try {
    if (thrown instanceof Error) {
      // A thrown object's `message` and `name` may be anything at run time, whatever Error says.
      const { name: thrownName, message }: { name: unknown; message: unknown } = thrown;
      const name = String(thrownName);
      const firstLine = String(message).split('\n', 1)[0] ?? '';
      return shown(firstLine === '' ? name : `${name}: ${firstLine}`);
    }
    return `a ${thrown === null ? 'null' : typeof thrown} was thrown`;
  } catch {
    return 'an error that could not be read';
  }
}

/** A message as one sentence-ended line (a message from Node may span several). */
function sentence(message: string): string {
  const flat = message.replace(/\s*\n\s*/g, ' ').trim();
  return /[.!?]$/.test(flat) ? flat : `${flat}.`;
}

/**
 * Runs the CLI with the arguments after the program name; resolves to the exit code
 * (see {@link EXIT}). Never rejects: anything a command throws becomes one line on
 * stderr, with every secret value the command handed on replaced.
 */
export async function runCli(
  args: readonly string[],
  io: CliIo,
  commands: readonly CliCommand[] = COMMANDS,
): Promise<number> {
  const context: CommandContext = { secrets: new Redactor() };
  const guarded: CliIo = {
    stdout: (text) => io.stdout(context.secrets.appearsIn(text) ? context.secrets.text(text) : text),
    stderr: (text) => io.stderr(context.secrets.appearsIn(text) ? context.secrets.text(text) : text),
    readFile: (path, maxBytes) => io.readFile(path, maxBytes),
    ...(io.untilStopped ? { untilStopped: io.untilStopped } : {}),
  };
  const [name, ...rest] = args;
  const known = commands.map((candidate) => candidate.name).join(', ');
  if (name === undefined) {
    guarded.stderr(`workflow-editor: give a command: ${known}. See "workflow-editor --help".\n`);
    return EXIT.usage;
  }
  if (name === '--help' || name === '-h' || name === 'help') {
    guarded.stdout(generalHelp(commands));
    return EXIT.ok;
  }
  const command = commands.find((candidate) => candidate.name === name);
  if (!command) {
    guarded.stderr(
      `workflow-editor: unknown command "${shown(name)}"; the commands are ${known}. See "workflow-editor --help".\n`,
    );
    return EXIT.usage;
  }
  try {
    return await command.run(rest, guarded, context);
  } catch (error) {
    try {
      if (error instanceof UsageError) {
        guarded.stderr(
          `workflow-editor ${command.name}: ${sentence(error.message)} See "workflow-editor ${command.name} --help".\n`,
        );
        return EXIT.usage;
      }
      guarded.stderr(
        `workflow-editor ${command.name}: internal error, the command could not finish (${describeThrown(error)}). This is a bug: please report it.\n`,
      );
    } catch {
      // Even describing the error failed (a getter on it threw): the exit code still says it.
    }
    return EXIT.internal;
  }
}
