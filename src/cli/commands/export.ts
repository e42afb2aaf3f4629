// `workflow-editor export --format serverless-workflow|json <file>`: converts a workflow
// document. Reads like every other reader of definition text (importWorkflowJson):
// parse, migrate, validate.

import { importWorkflowJson, serializeServerlessWorkflow, serializeWorkflow, type Problem } from '../../definition';
import { EXIT, UsageError, type CliCommand } from '../command';
import { ACTIONS_OPTION, actionsOptionHelp, loadHostActions } from '../host-actions';
import { parseCommandArgs } from '../parse-command-args';
import { isStepDocument, parseJsonText, readText, shown, withoutControls } from '../read-document';

/** Output formats of `export`. */
export const EXPORT_FORMATS = ['json', 'serverless-workflow'] as const;

/** One of {@link EXPORT_FORMATS}. */
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

const HELP = `Usage: workflow-editor export [--format json|serverless-workflow] [--actions <module>] <file>

Reads a workflow document (kind "workflow"), checks it, and prints it converted:
  json                  the definition format itself, normalised (stable key order,
                        defaults left out, 2-space indentation) (default)
  serverless-workflow   a CNCF Serverless Workflow DSL 1.0.0 document
                        (docs/serverless-workflow.md lists what does not map)

Documents of an older schemaVersion are migrated first. An invalid document prints
each problem as "<JSON Pointer>: <message>" to stderr; nothing is written to stdout.
Host actions are known only from --actions, which also gives their key order and
Serverless Workflow mapping.

Exit codes:
  0  the converted document was written to stdout
  1  the document is not valid
  2  usage error: missing file argument, unknown option or format, a bad
     --namespace or --version, a step document, a file that is missing,
     unreadable, not UTF-8 or larger than 64 MiB, or an --actions module that
     is missing, cannot be loaded, exports no action catalog, or has a handler
     for an action its catalog lacks
  3  the CLI could not finish (a bug): one line on stderr, nothing on stdout

Options:
  -f, --format <format>    json or serverless-workflow (default json)
  --namespace <name>       serverless-workflow: document.namespace (default "default")
  --version <semver>       serverless-workflow: document.version (default "1.0.0")
${actionsOptionHelp('Validates and converts with the catalog.', 27)}
  -h, --help               show this help
`;

/** What the Serverless Workflow schema accepts for `document.namespace` and `document.version`. */
const NAMESPACE_PATTERN = /^[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?$/;
const SEMVER_PATTERN =
  /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*)?(?:\+[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*)?$/;

function formatProblem(problem: Problem): string {
  const where = problem.path === '' ? '(document)' : withoutControls(problem.path);
  const at = problem.line !== undefined ? ` (line ${problem.line}, column ${problem.column ?? 1})` : '';
  // One line per problem, whatever keys the document holds.
  return `${where}: ${withoutControls(problem.message)}${at}`;
}

function isExportFormat(value: string): value is ExportFormat {
  return (EXPORT_FORMATS as readonly string[]).includes(value);
}

/** `export`: exit 0 converted, 1 invalid document, 2 usage error (3 internal error, from runCli). */
export const exportCommand: CliCommand = {
  name: 'export',
  summary: 'Print a workflow as normalised JSON or as a Serverless Workflow document',
  help: HELP,
  async run(args, io) {
    const parsed = parseCommandArgs(args, {
      format: { type: 'string', short: 'f' },
      namespace: { type: 'string' },
      version: { type: 'string' },
      ...ACTIONS_OPTION,
      help: { type: 'boolean', short: 'h' },
    });
    if (parsed.values.help) {
      io.stdout(HELP);
      return EXIT.ok;
    }
    const format = parsed.values.format ?? 'json';
    if (!isExportFormat(format)) {
      throw new UsageError(`Unknown format "${shown(format)}"; use ${EXPORT_FORMATS.join(' or ')}.`);
    }
    const { namespace, version } = parsed.values;
    if (namespace !== undefined && !NAMESPACE_PATTERN.test(namespace)) {
      throw new UsageError(
        `--namespace takes letters, digits and inner hyphens (at most 63), not "${shown(namespace)}".`,
      );
    }
    if (version !== undefined && !SEMVER_PATTERN.test(version)) {
      throw new UsageError(`--version takes a semantic version such as 1.2.0, not "${shown(version)}".`);
    }
    if (parsed.positionals.length !== 1) throw new UsageError('Give exactly one workflow file to export.');
    const file = parsed.positionals[0]!;
    const hostActions = parsed.values.actions === undefined ? undefined : await loadHostActions(parsed.values.actions);
    const catalogOption = hostActions ? { catalog: hostActions.catalog } : {};

    const text = await readText(io, file, 'workflow');
    const json = parseJsonText(text);
    if (json.ok && isStepDocument(json.value)) {
      throw new UsageError(`${shown(file)} is a step document (kind "step"); export takes a workflow document.`);
    }
    const imported = importWorkflowJson(text, catalogOption);
    if (!imported.ok) return reportProblems(imported.problems);

    const workflow = imported.workflow;
    if (format === 'json') {
      const text = serializeWorkflow(workflow, catalogOption);
      io.stdout(text.endsWith('\n') ? text : `${text}\n`);
    } else {
      io.stdout(
        serializeServerlessWorkflow(workflow, {
          ...catalogOption,
          ...(namespace !== undefined ? { namespace } : {}),
          ...(version !== undefined ? { version } : {}),
        }),
      );
    }
    return EXIT.ok;

    function reportProblems(problems: readonly Problem[]): number {
      io.stderr(
        `${problems.map(formatProblem).join('\n')}\n${shown(file)}: ${problems.length} problem${problems.length === 1 ? '' : 's'}\n`,
      );
      return EXIT.failed;
    }
  },
};
