// The command table. A new command is one file in this folder and one entry below.

import type { CliCommand } from '../command';
import { exportCommand } from './export';
import { runCommand } from './run';
import { validateCommand } from './validate';
import { workerCommand } from './worker';

/** Every `workflow-editor` command, in the order `--help` lists them. */
export const COMMANDS: readonly CliCommand[] = [validateCommand, runCommand, exportCommand, workerCommand];
