// ---------------------------------------------------------------------------
// The `workflow-editor` command line: picks a command from the table and maps
// failures to exit codes. No process access here; main.ts supplies the I/O.
// ---------------------------------------------------------------------------

import { EXIT, UsageError, type CliCommand, type CliIo } from './command';
import { COMMANDS } from './commands';

function generalHelp(commands: readonly CliCommand[]): string {
  const width = Math.max(...commands.map((command) => command.name.length));
  return `Usage: workflow-editor <command> [options]

Commands:
${commands.map((command) => `  ${command.name.padEnd(width)}  ${command.summary}`).join('\n')}

Run "workflow-editor <command> --help" for a command's options.
`;
}

/**
 * Runs the CLI with the arguments after the program name; resolves to the exit code
 * (0 success, 1 invalid document or failed run, 2 usage error).
 */
export async function runCli(args: readonly string[], io: CliIo, commands: readonly CliCommand[] = COMMANDS): Promise<number> {
  const [name, ...rest] = args;
  if (name === undefined) {
    io.stderr(generalHelp(commands));
    return EXIT.usage;
  }
  if (name === '--help' || name === '-h' || name === 'help') {
    io.stdout(generalHelp(commands));
    return EXIT.ok;
  }
  const command = commands.find((candidate) => candidate.name === name);
  if (!command) {
    io.stderr(`Unknown command "${name}".\n\n${generalHelp(commands)}`);
    return EXIT.usage;
  }
  try {
    return await command.run(rest, io);
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr(`workflow-editor ${command.name}: ${error.message}\n\n${command.help}`);
      return EXIT.usage;
    }
    io.stderr(`workflow-editor ${command.name}: ${error instanceof Error ? error.stack ?? error.message : String(error)}\n`);
    return EXIT.failed;
  }
}
