// ---------------------------------------------------------------------------
// Argument parsing every command shares: node:util parseArgs, strict, with
// positionals, its errors (unknown option, missing value) turned into a UsageError so
// the command exits 2 with its usage.
// ---------------------------------------------------------------------------

import { parseArgs, type ParseArgsConfig } from 'node:util';
import { UsageError } from './command';

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
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
}
