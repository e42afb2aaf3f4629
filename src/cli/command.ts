// ---------------------------------------------------------------------------
// What a CLI command is, and the I/O it gets (so tests and hosts can run commands
// without a process).
// ---------------------------------------------------------------------------

import { WorkflowEditorError } from '../definition/errors';
import type { Redactor } from './redact';

/** Exit codes of every command (the general help lists them). */
export const EXIT = {
  /** Valid / the run succeeded. */
  ok: 0,
  /** Invalid document / the run failed. */
  failed: 1,
  /** Wrong arguments; an input file missing, unreadable, too large, not UTF-8, not JSON or of the wrong shape. */
  usage: 2,
  /** The CLI could not finish for a reason of its own (a bug): one line on stderr, nothing on stdout. */
  internal: 3,
  /** `worker` only: no connection to Redis within the startup window (`--connect-timeout`). */
  unreachable: 4,
} as const;

/** Where a command reads and writes. */
export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /**
   * Reads a file as UTF-8. Rejects with {@link FileTooLargeError} past `maxBytes`, with
   * {@link InvalidUtf8Error} for bytes that are not UTF-8, and with an error carrying a
   * Node `code` (ENOENT, EISDIR, ...) when it cannot read. A byte order mark is kept.
   */
  readFile: (path: string, maxBytes: number) => Promise<string>;
  /**
   * Resolves when the process is asked to stop (SIGTERM, SIGINT), for commands that run
   * until then (`worker`). Absent: such a command refuses to start.
   */
  untilStopped?: () => Promise<void>;
}

/** What every command gets besides its arguments and I/O. */
export interface CommandContext {
  /** Secret values to keep out of every output; a command adds each value it hands on. */
  secrets: Redactor;
}

/** One `workflow-editor <name>` command. */
export interface CliCommand {
  name: string;
  /** One line for the command list. */
  summary: string;
  /** The full `--help` text. */
  help: string;
  /** Runs with the arguments after the command name; resolves to the exit code. */
  run: (args: readonly string[], io: CliIo, context: CommandContext) => Promise<number>;
}

/** A wrong invocation or unusable input file: one line on stderr, exit code 2. */
export class UsageError extends WorkflowEditorError<'invalid_usage'> {
  constructor(message: string) {
    super('invalid_usage', message);
    this.name = 'UsageError';
  }
}

/**
 * A file whose bytes are not UTF-8 (JSON text must be, RFC 8259): where the first
 * invalid byte is, never what it is or what surrounds it.
 */
export class InvalidUtf8Error extends WorkflowEditorError<'invalid_utf8'> {
  constructor(
    /** Offset of the first byte that is not UTF-8, counted from 0. */
    readonly byteOffset: number,
    /** 1-based line of that byte (`\n`, `\r\n` and `\r` end a line, as in the definition's positions). */
    readonly line: number,
  ) {
    super('invalid_utf8', `not UTF-8 at byte offset ${byteOffset} (line ${line})`);
    this.name = 'InvalidUtf8Error';
  }
}

/** A file larger than the limit for its kind of input. */
export class FileTooLargeError extends WorkflowEditorError<'file_too_large'> {
  constructor(readonly maxBytes: number) {
    super('file_too_large', `larger than ${maxBytes} bytes`);
    this.name = 'FileTooLargeError';
  }
}
