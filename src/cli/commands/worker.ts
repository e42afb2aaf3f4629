// `workflow-editor worker --redis <url>`: a queue worker process (workflow-editor/queue)
// until SIGTERM or SIGINT, then a graceful shutdown. The queue code, and bullmq with it,
// loads only here: the other commands run without them installed.
// A supervisor sees why a worker does not work: each distinct failure to connect to
// Redis is one line on stderr, and a worker that cannot connect at startup exits
// (code 4) rather than wait in silence; once it has connected, an outage is a line
// when the connection is lost and one when it is back, while ioredis reconnects.

import type { ActionHandler, SecretsSource } from '../../executor';
import { EXIT, UsageError, type CliCommand } from '../command';
import {
  ACTIONS_OPTION,
  actionsOptionHelp,
  loadHandlersModule,
  loadHostActions,
  type HostActions,
} from '../host-actions';
import { parseCommandArgs } from '../parse-command-args';
import { MAX_SECRETS_BYTES, readText, shown } from '../read-document';
import { secretsFrom, secretsResolver } from './run';

const HELP = `Usage: workflow-editor worker --redis <url> [options]

Takes runs from the queue in Redis (see docs/scaling.md) and carries them out with
the reference executor until stopped with SIGTERM or SIGINT; then the runs in
progress may finish for a while, and the rest go back to the queue where they
stand, for another worker. Start as many workers, on as many machines, as you like.
Needs the optional peers bullmq and ioredis installed. Host actions come from
--actions: every run validates their configs with its catalog before anything
runs, and its handlers run them.

Each distinct failure to connect to Redis is one line on stderr. Once connected, the
worker rides out Redis outages (it reconnects by itself), with one line when the
connection is lost and one when it is back.

Exit codes:
  0  stopped gracefully
  2  usage error: unknown option, missing argument, an unusable file, an
     --actions module that is missing, cannot be loaded, exports no action
     catalog, or has a handler for an action its catalog lacks, an unusable
     --handlers module, --actions with --handlers, bullmq or ioredis not
     installed
  3  the CLI could not finish (a bug)
  4  no connection to Redis within --connect-timeout at startup (each failure
     to connect is a line on stderr before it)

Options:
  --redis <url>             Redis to take runs from, e.g. redis://127.0.0.1:6379
  --queue <name>            queue name (default: workflow-runs)
  --prefix <prefix>         key prefix in Redis (default: bull)
  --concurrency <n>         runs carried out at once (default: 10)
${actionsOptionHelp('Validates with the catalog, runs with the handlers.')}
  --handlers <module>       deprecated: ES module whose default export (or
                            export "handlers") is an object of handlers by
                            action id, without a catalog, so any config of
                            their actions is accepted; use --actions instead
  --secrets <file>          JSON file with an object of secret values by name
  --secrets-from-env        read secret <name> from the environment variable
                            WFE_SECRET_<NAME> (upper case)
  --hand-back-after <s>     seconds runs in progress may take to finish on
                            shutdown before they are handed back (default: 10)
  --connect-timeout <s>     seconds to wait for Redis at startup before giving
                            up with exit code 4 (default: 10)
  --allow-http              also fetch http:// URLs
  --allow-private-network   allow loopback, private and link-local destinations
  -h, --help                show this help
`;

function positiveInteger(value: string | undefined, option: string, fallback: number): number {
  if (value === undefined) return fallback;
  const number = Number(value);
  if (!Number.isInteger(number) || number < 1)
    throw new UsageError(`The option --${option} takes a whole number, 1 or more; it is ${shown(value)}.`);
  return number;
}

/** The redis URL with any password hidden, for messages: redis://user:***@host. */
function shownRedis(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return shown(parsed.toString());
  } catch {
    return 'the given address';
  }
}

/**
 * A connection error in one line, in Node's words ("connect ECONNREFUSED 127.0.0.1:1"),
 * with the password replaced should any message quote it. Node reports a refused
 * host name with both its addresses (localhost: ::1 and 127.0.0.1) as an
 * AggregateError without a message; its errors say it.
 */
function connectionFailure(error: unknown, password: string): string {
  let text = 'unknown error';
  if (error instanceof AggregateError && error.message === '') {
    const messages = error.errors.map((inner) => (inner instanceof Error ? inner.message : String(inner)));
    const code = (error as { code?: unknown }).code;
    text = [...new Set(messages)].join('; ') || (typeof code === 'string' ? code : text);
  } else if (error instanceof Error) {
    text = error.message || error.name;
  }
  if (password !== '') text = text.split(password).join('***');
  // Redis's own replies end with a full stop; the line adds its own.
  return shown((text.split('\n', 1)[0] ?? text).replace(/[.\s]+$/, ''));
}

/** The password in a redis URL (decoded, as the client sends it), or '' when there is none. */
function passwordOf(url: string): string {
  try {
    return decodeURIComponent(new URL(url).password);
  } catch {
    return '';
  }
}

export const workerCommand: CliCommand = {
  name: 'worker',
  summary: 'Carry out queued runs from Redis until stopped (workflow-editor/queue)',
  help: HELP,
  async run(args, io, context) {
    const { values, positionals } = parseCommandArgs(args, {
      redis: { type: 'string' },
      queue: { type: 'string' },
      prefix: { type: 'string' },
      concurrency: { type: 'string' },
      ...ACTIONS_OPTION,
      handlers: { type: 'string' },
      secrets: { type: 'string' },
      'secrets-from-env': { type: 'boolean' },
      'hand-back-after': { type: 'string' },
      'connect-timeout': { type: 'string' },
      'allow-http': { type: 'boolean' },
      'allow-private-network': { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    });
    if (values.help) {
      io.stdout(HELP);
      return EXIT.ok;
    }
    if (positionals.length > 0)
      throw new UsageError(`The worker takes no file; ${shown(positionals[0]!)} is one too many.`);
    if (values.redis === undefined)
      throw new UsageError('Give the Redis to take runs from: --redis redis://host:6379.');
    if (values.secrets !== undefined && values['secrets-from-env'])
      throw new UsageError('Give --secrets or --secrets-from-env, not both.');
    if (values.actions !== undefined && values.handlers !== undefined)
      throw new UsageError(
        'Give --actions or --handlers, not both: the --actions module exports its handlers beside its catalog (export { default as handlers } from "./handlers.mjs").',
      );
    if (!io.untilStopped) throw new UsageError('The worker runs only as a process of its own.');
    const concurrency = positiveInteger(values.concurrency, 'concurrency', 10);
    const handBackAfter = positiveInteger(values['hand-back-after'], 'hand-back-after', 10);
    const connectTimeout = positiveInteger(values['connect-timeout'], 'connect-timeout', 10);

    let secrets: SecretsSource | undefined;
    if (values.secrets !== undefined) {
      secrets = secretsResolver(
        secretsFrom(await readText(io, values.secrets, 'secrets', MAX_SECRETS_BYTES), values.secrets),
        context,
      );
    } else if (values['secrets-from-env']) {
      secrets = (name) => {
        const value = process.env[`WFE_SECRET_${name.toUpperCase()}`];
        if (value !== undefined) context.secrets.add(value);
        return value;
      };
    }
    let hostActions: HostActions | undefined;
    let handlers: Readonly<Record<string, ActionHandler>> | undefined;
    if (values.actions !== undefined) {
      hostActions = await loadHostActions(values.actions);
      handlers = hostActions.handlers;
    } else if (values.handlers !== undefined) {
      handlers = await loadHandlersModule(values.handlers);
    }

    let queueEntry: typeof import('../../queue');
    let Redis: typeof import('ioredis').Redis;
    try {
      [queueEntry, { Redis }] = await Promise.all([import('../../queue'), import('ioredis')]);
    } catch {
      throw new UsageError('The worker needs the packages bullmq and ioredis: npm install bullmq ioredis.');
    }

    const address = shownRedis(values.redis);
    const password = passwordOf(values.redis);
    // A connection of the CLI's own, made as the queue makes its own (src/queue/connection.ts),
    // that says whether Redis can be reached: the worker's connections retry in silence
    // and forever. So the worker starts only once this one is connected (it opens nothing
    // before), and this one alone is ended when the startup window passes without.
    const probe = new Redis(values.redis, { maxRetriesPerRequest: null });
    /** 'starting' until connected; then 'up', or 'lost' while Redis cannot be reached; 'stopping' on shutdown. */
    let state: 'starting' | 'up' | 'lost' | 'stopping' = 'starting';
    const failuresShown = new Set<string>();
    let lastFailure: string | undefined;
    // ioredis reports a failure on each retry: at startup each distinct one is shown once,
    // later only the line for the lost connection (with the failure that lost it, if any).
    probe.on('error', (error: unknown) => {
      lastFailure = connectionFailure(error, password);
      if (state !== 'starting' || failuresShown.has(lastFailure)) return;
      failuresShown.add(lastFailure);
      io.stderr(`workflow-editor worker: cannot connect to Redis at ${address}: ${lastFailure}.\n`);
    });
    probe.on('close', () => {
      if (state !== 'up') return;
      state = 'lost';
      io.stderr(
        `workflow-editor worker: lost the connection to Redis at ${address}${lastFailure ? ` (${lastFailure})` : ''}; reconnecting, and taking runs again once it is back.\n`,
      );
    });
    probe.on('ready', () => {
      lastFailure = undefined;
      if (state !== 'lost') return;
      state = 'up';
      io.stderr(`workflow-editor worker: connected to Redis at ${address} again.\n`);
    });

    let timer: ReturnType<typeof setTimeout> | undefined;
    const connected = await Promise.race([
      new Promise<true>((resolve) => probe.once('ready', () => resolve(true))),
      new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), connectTimeout * 1000))),
    ]);
    clearTimeout(timer);
    if (!connected) {
      state = 'stopping';
      // Ends the connection and its retries: nothing else is open, so the process can exit.
      probe.disconnect();
      io.stderr(
        `workflow-editor worker: giving up: no connection to Redis at ${address} within ${connectTimeout} s (--connect-timeout); exit code ${EXIT.unreachable}.\n`,
      );
      return EXIT.unreachable;
    }
    // From here on an outage is the lost and back lines: the worker waits it out.
    state = 'up';

    if (values.handlers !== undefined) {
      // It still works, but the runs accept any config of these actions: said once, as the
      // worker starts (not before a usage error, which stays the one line on stderr).
      io.stderr(
        'workflow-editor worker: --handlers is deprecated: without a catalog, any config of a host action is accepted and run; give --actions <module> that exports "catalog" and "handlers" instead.\n',
      );
    }
    const worker = queueEntry.startRunWorker({
      connection: values.redis,
      concurrency,
      network: {
        allowHttp: values['allow-http'] === true,
        allowPrivateNetwork: values['allow-private-network'] === true,
      },
      ...(values.queue !== undefined ? { queueName: values.queue } : {}),
      ...(values.prefix !== undefined ? { prefix: values.prefix } : {}),
      ...(secrets ? { secrets } : {}),
      ...(hostActions ? { catalog: hostActions.catalog } : {}),
      ...(handlers ? { handlers } : {}),
    });
    await worker.ready();
    io.stderr(
      `workflow-editor worker: taking runs from ${shownRedis(values.redis)}, queue ${shown(values.queue ?? queueEntry.DEFAULT_QUEUE_NAME)}, ${concurrency} at once.\n`,
    );
    await io.untilStopped();
    io.stderr(
      `workflow-editor worker: stopping; runs in progress have ${handBackAfter} s to finish before they go back to the queue.\n`,
    );
    state = 'stopping';
    await worker.close({ handBackAfterMs: handBackAfter * 1000 });
    // Ours to close: the worker closes only the connections it made.
    await probe.quit().catch(() => undefined);
    io.stderr('workflow-editor worker: stopped.\n');
    return EXIT.ok;
  },
};
