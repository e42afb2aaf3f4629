// `workflow-editor validate <file>`: checks a workflow or step document.

import type { Problem } from '../../definition';
import { EXIT, UsageError, type CliCommand } from '../command';
import { ACTIONS_OPTION, actionsOptionHelp, loadHostActions } from '../host-actions';
import { parseCommandArgs } from '../parse-command-args';
import { readDocument, readText, shown, withoutControls } from '../read-document';

const HELP = `Usage: workflow-editor validate <file> [--json] [--actions <module>]

Checks a workflow document (kind "workflow") or a standalone step document
(kind "step") against the definition format, version 1. Host actions are known
only from --actions: each step's config is checked against the action's schema
and its own rules.

Prints "valid: <file>" when the document is valid. Otherwise prints each problem
as "<JSON Pointer>: <message> (line L, column C)" on stdout and a count on stderr.
A syntax error is reported by line and column, without quoting the file.

Exit codes:
  0  the document is valid
  1  the document is not valid (not JSON, nested deeper than 256 levels, or
     against the format)
  2  usage error: missing file argument, unknown option, a file that is
     missing, unreadable, not UTF-8 or larger than 64 MiB, or an --actions
     module that is missing, cannot be loaded, exports no action catalog, or
     has a handler for an action its catalog lacks
  3  the CLI could not finish (a bug): one line on stderr, nothing on stdout

Options:
  --json                    print {"valid": boolean, "problems": [...]} as JSON
                            instead
${actionsOptionHelp('Validates with the catalog.')}
  -h, --help                show this help
`;

function formatProblem(problem: Problem): string {
  const where = problem.path === '' ? '(document)' : withoutControls(problem.path);
  const at = problem.line !== undefined ? ` (line ${problem.line}, column ${problem.column ?? 1})` : '';
  // One line per problem, whatever keys the document holds.
  return `${where}: ${withoutControls(problem.message)}${at}`;
}

/** `validate`: exit 0 valid, 1 invalid, 2 usage error (3 internal error, from runCli). */
export const validateCommand: CliCommand = {
  name: 'validate',
  summary: 'Check a workflow or step document; print each problem with its path',
  help: HELP,
  async run(args, io) {
    const parsed = parseCommandArgs(args, {
      json: { type: 'boolean' },
      ...ACTIONS_OPTION,
      help: { type: 'boolean', short: 'h' },
    });
    if (parsed.values.help) {
      io.stdout(HELP);
      return EXIT.ok;
    }
    if (parsed.positionals.length !== 1) throw new UsageError('Give exactly one file to validate.');
    const file = parsed.positionals[0]!;
    const hostActions = parsed.values.actions === undefined ? undefined : await loadHostActions(parsed.values.actions);
    const text = await readText(io, file, 'document');
    const { problems } = readDocument(text, hostActions ? { catalog: hostActions.catalog } : {});
    if (parsed.values.json) {
      io.stdout(`${JSON.stringify({ valid: problems.length === 0, problems }, null, 2)}\n`);
    } else if (problems.length === 0) {
      io.stdout(`valid: ${shown(file)}\n`);
    } else {
      io.stdout(`${problems.map(formatProblem).join('\n')}\n`);
      io.stderr(`${shown(file)}: ${problems.length} problem${problems.length === 1 ? '' : 's'}\n`);
    }
    return problems.length === 0 ? EXIT.ok : EXIT.failed;
  },
};
