// `workflow-editor run <file>`: runs a workflow or step document and prints the result.

import type { JsonValue } from '../../definition';
import { isRecord } from '../../definition/own';
import { runStep, runWorkflow, type RunOptions } from '../../executor';
import { EXIT, UsageError, type CliCommand, type CommandContext } from '../command';
import { ACTIONS_OPTION, actionsOptionHelp, loadHostActions } from '../host-actions';
import { locateNonStringMember } from '../json-input';
import { jsonText } from '../output';
import { parseCommandArgs } from '../parse-command-args';
import {
  MAX_INPUT_BYTES,
  MAX_SECRETS_BYTES,
  MAX_STEPS_INPUT_NESTING,
  parseJsonInput,
  readDocument,
  readJsonInput,
  readText,
  shown,
  withoutBom,
} from '../read-document';

const HELP = `Usage: workflow-editor run <file> [options]

Runs a workflow document, or a standalone step document, with the reference
executor and prints the run result as JSON on stdout. Host actions come from
--actions: their configs are validated with its catalog before anything runs,
and its handlers run them.

Exit codes:
  0  the run succeeded
  1  the run failed, or the document is not valid (then nothing is sent and the
     result lists the problems)
  2  usage error: unknown option, missing argument, an input file that is
     missing, unreadable, too large, not UTF-8, not valid JSON or of the wrong
     shape, or an --actions module that is missing, cannot be loaded, exports
     no action catalog, or has a handler for an action its catalog lacks
  3  the CLI could not finish (a bug), or the run ended but its result could
     not be written as JSON: one line on stderr, nothing on stdout

Secret values never appear in the output: the result, events and messages show
[redacted] in their place, and a secrets file that is not valid JSON is reported
by line and column only, never quoted.

Options:
  --trigger <file>          JSON file with the trigger payload (at most 64 MiB,
                            1,000 levels of nesting)
  --secrets <file>          JSON file with an object of secret values (strings)
                            by name (at most 1 MiB)
  --steps <file>            step documents only: JSON object of earlier steps'
                            outputs by id, e.g. {"score": {"output": {...}}}
                            (at most 64 MiB, 1,003 levels of nesting: a
                            previous result's "steps" as is)
${actionsOptionHelp('Validates with the catalog, runs with the handlers.')}
  --allow-http              also fetch http:// URLs
  --allow-private-network   allow loopback, private and link-local destinations
  --events                  print run events to stderr, one JSON object a line
  -h, --help                show this help

By default only https:// URLs on public addresses are fetched.
`;

function describeType(value: JsonValue): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

/**
 * The secrets file's values by name, in a Map so that a name such as "constructor" or
 * "__proto__" finds only what the file holds. Messages name the file and point at a
 * line and column, never at a name or value: a key may be a value put in the wrong place.
 */
export function secretsFrom(text: string, path: string): Map<string, string> {
  const value = parseJsonInput(text, path, 'secrets');
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new UsageError(
      `The secrets file ${shown(path)} must hold a JSON object of strings by name, not ${describeType(value)}.`,
    );
  }
  const secrets = new Map<string, string>();
  for (const [name, item] of Object.entries(value)) {
    if (typeof item !== 'string') {
      const member = locateNonStringMember(withoutBom(text));
      const where = member
        ? `the value at line ${member.line}, column ${member.column} is ${member.holds}`
        : `a value is ${describeType(item)}`;
      throw new UsageError(`The secrets file ${shown(path)} must hold a JSON object of strings: ${where}.`);
    }
    secrets.set(name, item);
  }
  return secrets;
}

/**
 * The executor's secrets source for a secrets file: each value it fetches is handed
 * to the CLI's redactor first, so no output of this process can show it, whatever
 * the executor reports or throws.
 */
export function secretsResolver(
  secrets: ReadonlyMap<string, string>,
  context: CommandContext,
): (name: string) => string | undefined {
  return (name) => {
    const value = secrets.get(name);
    if (value !== undefined) context.secrets.add(value);
    return value;
  };
}

/** `run`: exit 0 succeeded, 1 failed or invalid, 2 usage error, 3 result not writable or internal error. */
export const runCommand: CliCommand = {
  name: 'run',
  summary: 'Run a workflow or step document and print the run result as JSON',
  help: HELP,
  async run(args, io, context) {
    const parsed = parseCommandArgs(args, {
      trigger: { type: 'string' },
      secrets: { type: 'string' },
      steps: { type: 'string' },
      'allow-http': { type: 'boolean' },
      'allow-private-network': { type: 'boolean' },
      events: { type: 'boolean' },
      ...ACTIONS_OPTION,
      help: { type: 'boolean', short: 'h' },
    });
    const { values } = parsed;
    if (values.help) {
      io.stdout(HELP);
      return EXIT.ok;
    }
    if (parsed.positionals.length !== 1) throw new UsageError('Give exactly one file to run.');
    const file = parsed.positionals[0]!;
    const hostActions = values.actions === undefined ? undefined : await loadHostActions(values.actions);

    const options: RunOptions = {
      network: {
        allowHttp: values['allow-http'] === true,
        allowPrivateNetwork: values['allow-private-network'] === true,
      },
      ...(hostActions ? { catalog: hostActions.catalog, handlers: hostActions.handlers } : {}),
    };
    if (values.trigger !== undefined) options.trigger = await readJsonInput(io, values.trigger, 'trigger');
    if (values.secrets !== undefined) {
      const secrets = secretsFrom(await readText(io, values.secrets, 'secrets', MAX_SECRETS_BYTES), values.secrets);
      options.secrets = secretsResolver(secrets, context);
    }
    if (values.steps !== undefined) {
      // A previous result's steps, bodies nested to the executor's limit, are read as is.
      const steps = await readJsonInput(io, values.steps, 'steps', MAX_INPUT_BYTES, MAX_STEPS_INPUT_NESTING);
      if (!isRecord(steps)) {
        throw new UsageError(
          `The steps file ${shown(values.steps)} must hold a JSON object keyed by step id, not ${describeType(steps)}.`,
        );
      }
      options.steps = steps as RunOptions['steps'];
    }
    if (values.events) {
      options.onEvent = (event) => {
        // An event that cannot be written still gets its line, so the stream stays one JSON object a line.
        const line =
          jsonText(event, context.secrets, 0) ??
          JSON.stringify({ type: 'cli.event_not_printable', eventType: event.type });
        io.stderr(`${line}\n`);
      };
    }

    // Read for syntax (with lines and columns); the executor validates again under its own policy.
    const document = readDocument(
      await readText(io, file, 'document'),
      hostActions ? { catalog: hostActions.catalog } : {},
    );
    const result =
      document.value === undefined
        ? { status: 'failed' as const, problems: document.problems, steps: {} }
        : document.kind === 'step'
          ? await runStep(document.value, options)
          : await runWorkflow(document.value, options);
    const text = jsonText(result, context.secrets, 2);
    if (text === undefined) {
      io.stderr(
        `workflow-editor run: the run ${result.status === 'succeeded' ? 'succeeded' : 'failed'} but its result could not be written as JSON (nested too deeply or not JSON data); nothing was printed.\n`,
      );
      return EXIT.internal;
    }
    io.stdout(`${text}\n`);
    return result.status === 'succeeded' ? EXIT.ok : EXIT.failed;
  },
};
