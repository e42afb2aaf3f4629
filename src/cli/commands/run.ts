// `workflow-editor run <file>`: runs a workflow or step document and prints the result.

import type { JsonValue } from '../../definition';
import { runStep, runWorkflow, type RunOptions } from '../../executor';
import { EXIT, UsageError, type CliCommand } from '../command';
import { parseCommandArgs } from '../parse-command-args';
import { readDocument, readJsonInput, readText } from '../read-document';

const HELP = `Usage: workflow-editor run <file> [options]

Runs a workflow document, or a standalone step document, with the reference
executor and prints the run result as JSON. Exits 0 when the run succeeded,
1 when it failed (or the document is not valid: then nothing is sent and the
result lists the problems), 2 on a usage error.

Options:
  --trigger <file>          JSON file with the trigger payload
  --secrets <file>          JSON file with an object of secret values by name
  --steps <file>            step documents only: JSON object of earlier steps'
                            outputs by id, e.g. {"score": {"output": {...}}}
  --allow-http              also fetch http:// URLs
  --allow-private-network   allow loopback, private and link-local destinations
  --events                  print run events to stderr, one JSON object a line
  -h, --help                show this help

By default only https:// URLs on public addresses are fetched.
`;

function isRecordOfStrings(value: JsonValue): value is Record<string, string> {
  return (
    typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    Object.values(value).every((item) => typeof item === 'string')
  );
}

function isRecord(value: JsonValue): value is Record<string, JsonValue> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** `run`: exit 0 succeeded, 1 failed, 2 usage error. */
export const runCommand: CliCommand = {
  name: 'run',
  summary: 'Run a workflow or step document and print the run result as JSON',
  help: HELP,
  async run(args, io) {
    const parsed = parseCommandArgs(args, {
      trigger: { type: 'string' },
      secrets: { type: 'string' },
      steps: { type: 'string' },
      'allow-http': { type: 'boolean' },
      'allow-private-network': { type: 'boolean' },
      events: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    });
    const { values } = parsed;
    if (values.help) {
      io.stdout(HELP);
      return EXIT.ok;
    }
    if (parsed.positionals.length !== 1) throw new UsageError('Give exactly one file to run.');
    const file = parsed.positionals[0]!;

    const options: RunOptions = {
      network: {
        allowHttp: values['allow-http'] === true,
        allowPrivateNetwork: values['allow-private-network'] === true,
      },
    };
    if (values.trigger !== undefined) options.trigger = await readJsonInput(io, values.trigger, 'trigger');
    if (values.secrets !== undefined) {
      const secrets = await readJsonInput(io, values.secrets, 'secrets');
      if (!isRecordOfStrings(secrets)) throw new UsageError(`The secrets file ${values.secrets} must hold a JSON object of strings.`);
      options.secrets = secrets;
    }
    if (values.steps !== undefined) {
      const steps = await readJsonInput(io, values.steps, 'steps');
      if (!isRecord(steps)) throw new UsageError(`The steps file ${values.steps} must hold a JSON object keyed by step id.`);
      options.steps = steps as RunOptions['steps'];
    }
    if (values.events) options.onEvent = (event) => io.stderr(`${JSON.stringify(event)}\n`);

    // Read for syntax (with lines and columns); the executor validates again under its own policy.
    const document = readDocument(await readText(io, file, 'document'));
    const result =
      document.value === undefined
        ? { status: 'failed' as const, problems: document.problems, steps: {} }
        : document.kind === 'step'
          ? await runStep(document.value, options)
          : await runWorkflow(document.value, options);
    io.stdout(`${JSON.stringify(result, null, 2)}\n`);
    return result.status === 'succeeded' ? EXIT.ok : EXIT.failed;
  },
};
