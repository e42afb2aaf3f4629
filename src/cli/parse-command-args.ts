// ---------------------------------------------------------------------------
// Argument parsing every command shares: node:util parseArgs, strict, with
// positionals, its errors (unknown option, missing value) turned into a UsageError so
// the command exits 2 with one line that names the option.
// ---------------------------------------------------------------------------

import { parseArgs, type ParseArgsConfig } from 'node:util';
import { UsageError } from './command';
import { shown } from './read-document';

/** The flags a command accepts, in parseArgs' `options` shape. */
export type CommandOptions = NonNullable<ParseArgsConfig['options']>;

/** The parseArgs configuration {@link parseCommandArgs} uses for the flags `O`. */
type CommandArgsConfig<O extends CommandOptions> = { args: string[]; options: O; allowPositionals: true; strict: true };

/** What {@link parseCommandArgs} returns: typed `values` and the `positionals`. */
export type ParsedCommandArgs<O extends CommandOptions> = ReturnType<typeof parseArgs<CommandArgsConfig<O>>>;

/** Parses a command's arguments strictly; a wrong invocation throws {@link UsageError}. */
export function parseCommandArgs<O extends CommandOptions>(args: readonly string[], options: O): ParsedCommandArgs<O> {
  try {
    return parseArgs<CommandArgsConfig<O>>({ args: [...args], options, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError(describeParseError(error));
  }
}

/** parseArgs' error in one line; the option is quoted from its message (its name only, never a value). */
function describeParseError(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const code = error instanceof Error ? (error as { code?: unknown }).code : undefined;
  const option = /'(?:-\w, )?(-{1,2}[^'\s=<,]+)/.exec(message)?.[1];
  if (option !== undefined) {
    if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') return `Unknown option ${shown(option)}.`;
    if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') {
      return /does not take an argument/.test(message)
        ? `The option ${shown(option)} takes no value.`
        : `The option ${shown(option)} needs a value (use ${shown(option)}=<value> for a value that starts with "-").`;
    }
  }
  return shown(message.split('\n', 1)[0] ?? message);
}
