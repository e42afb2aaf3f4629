// ---------------------------------------------------------------------------
// What a CLI command is, and the I/O it gets (so tests and hosts can run commands
// without a process).
// ---------------------------------------------------------------------------

/** Exit codes of every command. */
export const EXIT = {
  /** Valid / the run succeeded. */
  ok: 0,
  /** Invalid / the run failed. */
  failed: 1,
  /** Wrong arguments, unreadable files. */
  usage: 2,
} as const;

/** Where a command reads and writes. */
export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  readFile: (path: string) => Promise<string>;
}

/** One `workflow-editor <name>` command. */
export interface CliCommand {
  name: string;
  /** One line for the command list. */
  summary: string;
  /** The full `--help` text. */
  help: string;
  /** Runs with the arguments after the command name; resolves to the exit code. */
  run: (args: readonly string[], io: CliIo) => Promise<number>;
}

/** A wrong invocation: printed to stderr with the command's usage, exit code 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}
