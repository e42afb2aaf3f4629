// ---------------------------------------------------------------------------
// Running a workflow or a standalone step: validate, then walk the tree top to bottom,
// recording each step's result (docs/definition.md, "Run result").
// ---------------------------------------------------------------------------

import {
  builtInCatalog,
  parseJsonPointer,
  walkSteps,
  type ActionCatalog,
  type ActionStep,
  type DocumentKind,
  type JsonObject,
  type JsonValue,
  type Problem,
  type Step,
  type StepDocument,
  type Workflow,
} from '../definition';
import type { TemplateContext } from '../definition/references/resolve';
import { resolveTemplate } from '../definition/references/resolve';
import { STEP_KINDS, isActionStep } from '../definition/step-kinds';
import { resolvedConfigProblems } from '../definition/validate';
import { BUILT_IN_HANDLERS } from './actions';
import type { StepHandler } from './actions/step-handler';
import { catalogFor, checkDocument, problemsUnderPolicy } from './checked-document';
import { ActionError } from './errors';
import { createFetchTransport } from './http/fetch-transport';
import type { StepOutcome } from './http/https-step';
import { DEFAULT_MAX_RESPONSE_BYTES } from './http/response';
import { NEVER_ABORTED, type Transport } from './http/transport';
import { copyJsonData, describeError, MAX_DATA_NESTING, MAX_EARLIER_STEPS_NESTING, setOwn } from './json-data';
import { RunSecrets } from './secrets';
import { executorKindOf, type StepRunner } from './step-kinds';
import { stopError, StepTimeLimitReached } from './stop';
import { secretNamesIn } from './template-facts';
import {
  STEP_ERROR_TYPES,
  type ActionHandler,
  type EarlierSteps,
  type FetchFunction,
  type NetworkPolicy,
  type RunEvent,
  type RunOptions,
  type RunResult,
  type SecretsSource,
  type StepError,
  type ResumePoint,
  type StepResult,
} from './types';

/** Action ids the executor runs itself (./actions); `handlers` cannot replace them. */
export const EXECUTOR_ACTIONS = BUILT_IN_HANDLERS.map((handler) => handler.id) as unknown as IdsOf<
  typeof BUILT_IN_HANDLERS
>;

/** The ids of a list of handlers, as a tuple of literal types. */
type IdsOf<Handlers extends readonly unknown[]> = {
  readonly [Index in keyof Handlers]: Handlers[Index] extends { id: infer Id } ? Id : never;
};

/** Sleeps unless the signal aborts first (then rejects). */
function defaultSleep(milliseconds: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) {
      // The signal's reason, as fetch rejects with it.
      // eslint-disable-next-line @typescript-eslint/prefer-promise-reject-errors
      reject(signal.reason);
      return;
    }
    const onAbort = (): void => {
      clearTimeout(timer);
      // eslint-disable-next-line @typescript-eslint/prefer-promise-reject-errors
      reject(signal.reason);
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, milliseconds);
    // The shared signal of runs a host cannot stop never aborts: nothing to listen to there.
    if (signal !== NEVER_ABORTED) signal.addEventListener('abort', onAbort, { once: true });
  });
}

function isNode(): boolean {
  // A browser bundle may define a `process` shim without `versions`.
  // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition
  return typeof process !== 'undefined' && typeof process.versions?.node === 'string';
}

/** The Node adapter module, imported on first use (never in a browser). */
let nodeAdapter: Promise<typeof import('./node/platform')> | undefined;

/** What the platform gives a run: how requests are sent, and in Node a synchronous HMAC. */
export interface Platform {
  transport: Transport;
  hmacHex?: (secret: string, timestamp: number, body: string) => string;
}

/**
 * How a run sends requests: on the host's fetch as is; in Node, straight on undici with
 * connections that check every resolved address; in a browser, on the global fetch
 * (only the literal host is checked).
 */
async function loadPlatform(settings: RunSettings): Promise<Platform> {
  if (isNode()) {
    nodeAdapter ??= import('./node/platform');
    const adapter = await nodeAdapter;
    return {
      transport: settings.fetch ? createFetchTransport(settings.fetch) : adapter.createNodeTransport(settings.network),
      hmacHex: adapter.hmacSha256Hex,
    };
  }
  return { transport: createFetchTransport(settings.fetch ?? ((input, init) => globalThis.fetch(input, init))) };
}

// ---- Options -------------------------------------------------------------------

/**
 * The options of one run, each read once at its start and checked: nothing the host
 * passed is read again while the run goes on (a getter, a proxy or a later change
 * cannot change it, or throw, halfway). Host data (trigger, earlier steps) is copied
 * as JSON data; handlers are kept in a Map, so an action named like an
 * `Object.prototype` member never finds an inherited function.
 */
export interface RunSettings {
  trigger: JsonValue | undefined;
  secrets: SecretsSource | undefined;
  /** Names of a record's secrets, for validation; undefined for a resolver or none. */
  secretNames: readonly string[] | undefined;
  steps: EarlierSteps;
  /** The built-in actions' handlers, then the host's for other ids. */
  handlers: ReadonlyMap<string, StepHandler>;
  catalog: ActionCatalog | undefined;
  fetch: FetchFunction | undefined;
  network: NetworkPolicy;
  signal: AbortSignal;
  onEvent: RunOptions['onEvent'];
  reportStepInput: boolean;
  runId: string | undefined;
  now: () => number;
  sleep: (milliseconds: number, signal: AbortSignal) => Promise<void>;
  maxResponseBytes: number;
}

/** A problem with the options rather than the document: reported at the root, in words naming the option. */
class OptionProblem extends Error {
  override name = 'OptionProblem';
}

function optionProblem(message: string): Problem {
  return { path: '', code: 'schema_type', message };
}

/** "a number", "an array", "null"... for messages about a value of the wrong kind. */
function describeKind(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  const type = typeof value;
  return type === 'object' || type === 'undefined'
    ? type === 'object'
      ? 'an object'
      : 'undefined'
    : `a ${type === 'bigint' ? 'BigInt' : type}`;
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === 'object' && !Array.isArray(value);

/** Reads `options[name]`; a getter or proxy that throws becomes a problem naming the option. */
function readOption(options: Record<string, unknown>, name: string): unknown {
  try {
    return options[name];
  } catch (error) {
    throw new OptionProblem(`options.${name} could not be read: ${describeError(error)}.`);
  }
}

// eslint-disable-next-line @typescript-eslint/no-unnecessary-type-parameters -- the caller names the function type it expects
function optionalFunction<T>(options: Record<string, unknown>, name: string, what: string): T | undefined {
  const value = readOption(options, name);
  if (value === undefined) return undefined;
  if (typeof value !== 'function')
    throw new OptionProblem(`options.${name} must be ${what}; it is ${describeKind(value)}.`);
  return value as T;
}

/** The host's data as JSON data (as JSON.stringify would send it), or a problem saying where it is not. */
function hostData(value: unknown, name: string, maxDepth = MAX_DATA_NESTING): JsonValue | undefined {
  if (value === undefined) return undefined;
  const copied = copyJsonData(value, 'json', maxDepth);
  if (copied.ok) return copied.value;
  const where = copied.path === '' ? '' : ` at ${copied.path}`;
  throw new OptionProblem(`options.${name} is not JSON data${where}: ${copied.reason}.`);
}

function readSecrets(options: Record<string, unknown>): Pick<RunSettings, 'secrets' | 'secretNames'> {
  const secrets = readOption(options, 'secrets');
  if (secrets === undefined) return { secrets: undefined, secretNames: undefined };
  if (typeof secrets === 'function') return { secrets: secrets as SecretsSource, secretNames: undefined };
  if (!isRecord(secrets)) {
    throw new OptionProblem(
      `options.secrets must be a record of secret values by name or a function that resolves a name; it is ${describeKind(secrets)}.`,
    );
  }
  try {
    return { secrets: secrets as SecretsSource, secretNames: Object.keys(secrets) };
  } catch (error) {
    throw new OptionProblem(`options.secrets could not be read: ${describeError(error)}.`);
  }
}

function readHandlers(options: Record<string, unknown>): Map<string, StepHandler> {
  const handlers = new Map<string, StepHandler>(BUILT_IN_HANDLERS.map((handler) => [handler.id, handler]));
  const value = readOption(options, 'handlers');
  if (value === undefined) return handlers;
  if (!isRecord(value))
    throw new OptionProblem(
      `options.handlers must be a record of functions by action id; it is ${describeKind(value)}.`,
    );
  try {
    for (const id of Object.keys(value)) {
      const handler = value[id];
      if (typeof handler !== 'function') {
        throw new OptionProblem(
          `options.handlers.${id} must be a function that runs the action; it is ${describeKind(handler)}.`,
        );
      }
      if (!handlers.has(id))
        handlers.set(id, { run: (step, run, signal) => run.runHandler(step, handler as ActionHandler, signal) });
    }
  } catch (error) {
    if (error instanceof OptionProblem) throw error;
    throw new OptionProblem(`options.handlers could not be read: ${describeError(error)}.`);
  }
  return handlers;
}

function readNetwork(options: Record<string, unknown>): NetworkPolicy {
  const value = readOption(options, 'network');
  if (value === undefined) return {};
  if (!isRecord(value)) throw new OptionProblem(`options.network must be an object; it is ${describeKind(value)}.`);
  try {
    const policy: NetworkPolicy = {};
    const { allowHttp, allowPrivateNetwork, allowedHosts, lookup, ca } = value;
    for (const [name, flag] of [
      ['allowHttp', allowHttp],
      ['allowPrivateNetwork', allowPrivateNetwork],
    ] as const) {
      if (flag !== undefined && typeof flag !== 'boolean') {
        throw new OptionProblem(`options.network.${name} must be true or false; it is ${describeKind(flag)}.`);
      }
    }
    if (allowHttp !== undefined) policy.allowHttp = allowHttp as boolean;
    if (allowPrivateNetwork !== undefined) policy.allowPrivateNetwork = allowPrivateNetwork as boolean;
    if (allowedHosts !== undefined) {
      if (!Array.isArray(allowedHosts) || !allowedHosts.every((host) => typeof host === 'string')) {
        throw new OptionProblem('options.network.allowedHosts must be a list of host names.');
      }
      policy.allowedHosts = [...allowedHosts];
    }
    if (lookup !== undefined) {
      if (typeof lookup !== 'function')
        throw new OptionProblem(`options.network.lookup must be a function; it is ${describeKind(lookup)}.`);
      policy.lookup = lookup as NonNullable<NetworkPolicy['lookup']>;
    }
    if (ca !== undefined) {
      const list = typeof ca === 'string' ? [ca] : ca;
      if (!Array.isArray(list) || !list.every((pem) => typeof pem === 'string')) {
        throw new OptionProblem('options.network.ca must be a PEM certificate or a list of them.');
      }
      policy.ca = typeof ca === 'string' ? ca : [...list];
    }
    return policy;
  } catch (error) {
    if (error instanceof OptionProblem) throw error;
    throw new OptionProblem(`options.network could not be read: ${describeError(error)}.`);
  }
}

function readSignal(options: Record<string, unknown>): AbortSignal {
  const value = readOption(options, 'signal');
  if (value === undefined) return NEVER_ABORTED;
  // A real AbortSignal only: the transports combine it with their timeouts and add and
  // remove listeners on it, and a look-alike that throws there, or never fires, would
  // crash the process or hang the run after it was accepted.
  if (!(value instanceof AbortSignal)) throw new OptionProblem('options.signal must be an AbortSignal.');
  return value;
}

/** The host's clock, falling back on Date.now when it throws or answers anything but a finite number. */
function steadyClock(now: (() => number) | undefined): () => number {
  if (!now) return Date.now;
  return () => {
    try {
      const value = now();
      if (typeof value === 'number' && Number.isFinite(value)) return value;
    } catch {
      // Falls back below.
    }
    return Date.now();
  };
}

/** The options read and checked, or the problems that keep the run from starting. */
function readOptions(input: unknown): { settings: RunSettings } | { problems: Problem[] } {
  if (input === undefined || input === null) input = {};
  if (!isRecord(input))
    return { problems: [optionProblem(`The run options must be an object; they are ${describeKind(input)}.`)] };
  const options = input;
  try {
    const { secrets, secretNames: names } = readSecrets(options);
    // Counted from the outputs inside: a previous result's steps, bodies at their limit, fit as is.
    const steps = hostData(readOption(options, 'steps'), 'steps', MAX_EARLIER_STEPS_NESTING);
    if (steps !== undefined && !isRecord(steps)) {
      throw new OptionProblem(`options.steps must be a record of earlier steps by id; it is ${describeKind(steps)}.`);
    }
    const catalog = readOption(options, 'catalog');
    let catalogUsable = catalog === undefined;
    try {
      catalogUsable ||= isRecord(catalog) && typeof catalog.get === 'function';
    } catch {
      catalogUsable = false;
    }
    if (!catalogUsable) throw new OptionProblem('options.catalog must be an action catalog (see createActionCatalog).');
    const runId = readOption(options, 'runId');
    if (runId !== undefined && typeof runId !== 'string') {
      throw new OptionProblem(`options.runId must be text; it is ${describeKind(runId)}.`);
    }
    // Idempotency keys come from the run's id: every run given "" would share them.
    if (runId === '') throw new OptionProblem('options.runId must not be empty; leave it out to have one made.');
    const maxResponseBytes = readOption(options, 'maxResponseBytes');
    if (maxResponseBytes !== undefined && (typeof maxResponseBytes !== 'number' || !(maxResponseBytes >= 0))) {
      throw new OptionProblem('options.maxResponseBytes must be a number of bytes, 0 or more.');
    }
    const sleep = optionalFunction<RunSettings['sleep']>(options, 'sleep', 'a function that waits');
    const reportStepInput = readOption(options, 'reportStepInput');
    if (reportStepInput !== undefined && typeof reportStepInput !== 'boolean') {
      throw new OptionProblem(`options.reportStepInput must be true or false; it is ${describeKind(reportStepInput)}.`);
    }
    return {
      settings: {
        trigger: hostData(readOption(options, 'trigger'), 'trigger'),
        secrets,
        secretNames: names,
        steps: (steps ?? {}) as EarlierSteps,
        handlers: readHandlers(options),
        catalog: catalog as ActionCatalog | undefined,
        fetch: optionalFunction<FetchFunction>(options, 'fetch', 'a fetch function'),
        network: readNetwork(options),
        signal: readSignal(options),
        onEvent: optionalFunction<RunOptions['onEvent']>(options, 'onEvent', 'a function'),
        reportStepInput: reportStepInput === true,
        runId: runId,
        now: steadyClock(optionalFunction<() => number>(options, 'now', 'a function returning epoch milliseconds')),
        sleep: sleep ?? defaultSleep,
        maxResponseBytes: maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES,
      },
    };
  } catch (error) {
    if (error instanceof OptionProblem) return { problems: [optionProblem(error.message)] };
    return { problems: [optionProblem(`The run options could not be read: ${describeError(error)}.`)] };
  }
}

/** The secrets a step's own fields (an action's config, a branch step's conditions) name. */
function secretNamesOf(step: Step): ReadonlySet<string> {
  const fields = STEP_KINDS[step.type].templateFields(step as unknown as Record<string, unknown>);
  return secretNames(fields.map((field) => field.value));
}

/**
 * Every secret name referenced in the strings of a value. Runs before every step, so it
 * parses only strings that can hold one. Recursive over a validated definition, which
 * nests at most 256 levels.
 */
function secretNames(value: unknown, names = new Set<string>()): Set<string> {
  if (typeof value === 'string') {
    for (const name of secretNamesIn(value)) names.add(name);
  } else if (Array.isArray(value)) {
    for (const item of value) secretNames(item, names);
  } else if (value !== null && typeof value === 'object') {
    for (const item of Object.values(value)) secretNames(item, names);
  }
  return names;
}

// ---- Running ---------------------------------------------------------------------

/** What a failed `onEvent` listener's promise settles into: nothing; events are the host's concern. */
function ignoreListenerFailure(): void {
  // Deliberately empty.
}

/** One run: its settings, its results so far, and how it reports (what a step's handler runs with). */
export class Run implements StepRunner {
  readonly results: Record<string, StepResult> = {};
  failed = false;
  readonly secrets: RunSecrets;
  private readonly stepContext: Record<string, { output?: unknown; error?: unknown }>;
  /** When each started step started (epoch ms), for `step_finished`'s duration. */
  private readonly startedAt = new Map<string, number>();
  private platformPromise: Promise<Platform> | undefined;

  constructor(
    readonly settings: RunSettings,
    readonly runId: string,
    private readonly workflowId: string | undefined,
    steps: readonly Step[],
    private readonly resume?: ResumePoint,
    private readonly limits: RunLimits = {},
  ) {
    this.secrets = new RunSecrets(settings.secrets);
    // Copied JSON data of the run's own: steps that run are added as own properties.
    this.stepContext = { ...settings.steps };
    walkSteps(steps, ({ step }) => {
      setOwn(this.results, step.id, { status: 'skipped', attempts: 0 });
    });
  }

  emit(event: RunEvent): void {
    const listener = this.settings.onEvent;
    if (!listener) return;
    try {
      // Typed as returning nothing, but a host's listener may well be async.
      // eslint-disable-next-line @typescript-eslint/no-confusing-void-expression
      const returned: unknown = listener(this.secrets.redact(event));
      // An async listener's rejection is ignored as a throw is: left unhandled, it would
      // end a Node process. Promise.resolve adopts any thenable, and a `then` that throws
      // rejects the promise made here, which is handled too.
      if (returned !== null && (typeof returned === 'object' || typeof returned === 'function')) {
        Promise.resolve(returned).catch(ignoreListenerFailure);
      }
    } catch {
      // A broken listener must not change the run's outcome.
    }
  }

  templates(): TemplateContext {
    return {
      ...(this.settings.trigger !== undefined ? { trigger: this.settings.trigger } : {}),
      steps: this.stepContext as TemplateContext['steps'],
      secrets: this.secrets.record(),
      ...(this.workflowId !== undefined ? { workflow: { id: this.workflowId } } : {}),
      run: { id: this.runId },
    };
  }

  platform(): Promise<Platform> {
    this.platformPromise ??= loadPlatform(this.settings);
    return this.platformPromise;
  }

  /** Runs a list top to bottom; stops (leaving the rest skipped) once the run has failed. */
  async runList(steps: readonly Step[]): Promise<void> {
    for (const step of steps) {
      if (this.failed) return;
      const restored = this.restore(step);
      if (restored) {
        if (restored.list) await this.runList(restored.list);
        continue;
      }
      const kind = executorKindOf(step);
      if (this.signal.aborted) {
        // Cancelled between two steps: the step that was about to start is the one the
        // cancellation stopped, so the result says why the run ended.
        this.start(step, kind.startedAs(step));
        // (A resumed step keeps the attempts it made before.)
        this.finish(step, { ok: false, error: stopError(this.signal, this.firstAttempt(step) - 1) });
        return;
      }
      try {
        this.start(step, kind.startedAs(step));
        await kind.run(this, step);
      } catch (error) {
        // Nothing in a step is meant to throw; if something does (a host function
        // misbehaving in a way not foreseen), the step fails and the run reports it.
        this.finish(step, {
          ok: false,
          error: {
            type: 'invalid_config',
            message: `The step could not be run: ${describeError(error)}.`,
            attempts: 0,
          },
        });
      }
    }
  }

  /**
   * A step that finished before the run was resumed: its result comes back as it was
   * (no event: it was reported then), and the list it took (a branch step's chosen
   * branch) goes on.
   */
  private restore(step: Step): { list: readonly Step[] | undefined } | undefined {
    const finished = this.resume && Object.hasOwn(this.resume.steps, step.id) ? this.resume.steps[step.id] : undefined;
    if (!finished || (finished.status !== 'succeeded' && finished.status !== 'failed')) return undefined;
    const copied = copyJsonData(finished, 'json', MAX_EARLIER_STEPS_NESTING);
    const result = (copied.ok ? copied.value : { status: 'failed', attempts: 0 }) as unknown as StepResult;
    setOwn(this.results, step.id, result);
    setOwn(
      this.stepContext,
      step.id,
      result.status === 'succeeded' ? { output: result.output } : { error: result.error },
    );
    const kind = executorKindOf(step);
    if (result.status === 'failed') {
      const continues = kind.continuesAfterFailure(step) && result.error?.type !== 'cancelled';
      if (!continues) this.failed = true;
      return { list: undefined };
    }
    return { list: kind.resumedList(step, result.output) };
  }

  /** The attempt a resumed run continues `step` with (1 when it starts afresh). */
  firstAttempt(step: Step): number {
    const next = this.resume?.next;
    return next && next.stepId === step.id && Number.isInteger(next.attempt) && next.attempt > 1 ? next.attempt : 1;
  }

  private get signal(): AbortSignal {
    return this.settings.signal;
  }

  private start(step: Step, action: string): void {
    const resumedFrom = this.resumedStartOf(step);
    if (resumedFrom !== undefined) {
      // Reported when it first started, before the run was handed back.
      this.startedAt.set(step.id, resumedFrom);
      return;
    }
    const at = this.settings.now();
    this.startedAt.set(step.id, at);
    this.emit({ type: 'step_started', runId: this.runId, stepId: step.id, action, at });
  }

  /** When a step this run continues at a later attempt first started, if the resume point says. */
  private resumedStartOf(step: Step): number | undefined {
    if (this.firstAttempt(step) === 1) return undefined;
    const startedAt = this.resume?.next?.startedAt;
    return typeof startedAt === 'number' && Number.isFinite(startedAt) ? startedAt : undefined;
  }

  loadSecretsOf(step: Step): Promise<void> | undefined {
    return this.secrets.load(secretNamesOf(step));
  }

  async runAction(step: ActionStep): Promise<void> {
    const loading = this.loadSecretsOf(step);
    if (loading) await loading;
    const limitMs = this.limits.stepTimeLimitMs;
    if (limitMs === undefined) {
      this.finish(step, await this.outcomeOf(step, this.signal));
      return;
    }
    // The step's own signal: the run's, or the step's time limit, whichever comes first. The
    // limit counts from the step's first start: a continued step brings the time it took.
    const limit = new AbortController();
    const spentMs = this.settings.now() - (this.startedAt.get(step.id) ?? this.settings.now());
    const leftMs = limitMs - Math.max(0, spentMs);
    if (leftMs <= 0) limit.abort(new StepTimeLimitReached(limitMs));
    const timer = setTimeout(() => limit.abort(new StepTimeLimitReached(limitMs)), Math.max(0, leftMs));
    try {
      this.finish(step, await this.outcomeOf(step, AbortSignal.any([this.signal, limit.signal])));
    } finally {
      clearTimeout(timer);
    }
  }

  /** Records how a step ended and reports it. */
  finish(step: Step, outcome: StepOutcome): void {
    if (outcome.ok) {
      setOwn(this.results, step.id, { status: 'succeeded', attempts: outcome.attempts, output: outcome.output });
      setOwn(this.stepContext, step.id, { output: outcome.output });
    } else {
      const error: StepError = { ...outcome.error, message: this.secrets.redact(outcome.error.message) };
      setOwn(this.results, step.id, { status: 'failed', attempts: error.attempts, error });
      setOwn(this.stepContext, step.id, { error });
      // Continue on error never continues past a cancellation.
      if (!executorKindOf(step).continuesAfterFailure(step) || this.signal.aborted) this.failed = true;
    }
    if (!this.settings.onEvent) return;
    const result = this.results[step.id]!;
    const at = this.settings.now();
    const startedAt = this.startedAt.get(step.id) ?? at;
    this.emit({
      type: 'step_finished',
      runId: this.runId,
      stepId: step.id,
      status: result.status === 'succeeded' ? 'succeeded' : 'failed',
      attempts: result.attempts,
      ...(result.output !== undefined ? { output: result.output } : {}),
      ...(result.error ? { error: result.error } : {}),
      ...(this.settings.reportStepInput && isActionStep(step) ? this.inputOf(step) : {}),
      ...(outcome.ok ? executorKindOf(step).finishedFields(step, outcome.output) : {}),
      startedAt,
      durationMs: Math.max(0, at - startedAt),
      at,
    });
  }

  /**
   * `{ input }`: the step's config as it ran, for `step_finished` (emit redacts secret
   * values). Resolved again here rather than kept from the run of the step, so reporting
   * costs nothing when it is off; the references it reads have not changed since.
   */
  private inputOf(step: ActionStep): { input?: JsonObject } {
    try {
      return {
        input: resolvedForReport(step.config, this.templates(), this.settings.handlers.get(step.action)?.urlFields),
      };
    } catch {
      // A report must never change the run's outcome.
      return {};
    }
  }

  /** Reports the end of the run (after its last step). */
  finishRun(): void {
    this.emit({
      type: 'run_finished',
      runId: this.runId,
      status: this.failed ? 'failed' : 'succeeded',
      cancelled: this.signal.aborted,
      at: this.settings.now(),
    });
  }

  private outcomeOf(step: ActionStep, signal: AbortSignal): Promise<StepOutcome> | StepOutcome {
    // A Map: an action named "constructor" or "toString" finds no inherited function.
    const handler = this.settings.handlers.get(step.action);
    if (!handler) {
      return {
        ok: false,
        error: {
          type: 'invalid_config',
          message: `No handler for action "${step.action}": this executor runs ${EXECUTOR_ACTIONS.join(' and ')} itself; pass a handler for "${step.action}" in options.handlers.`,
          attempts: 0,
        },
      };
    }
    return handler.run(step, this, signal);
  }

  /** Runs a host's handler on the step's config with every reference resolved. */
  async runHandler(step: ActionStep, handler: ActionHandler, signal: AbortSignal): Promise<StepOutcome> {
    const resolved = resolveTemplate(step.config, this.templates(), {});
    if (!resolved.ok) {
      const texts = resolved.unresolved.map((reference) => reference.text).join(', ');
      return {
        ok: false,
        error: { type: 'reference_unresolved', message: `Could not resolve ${texts}.`, attempts: 0 },
      };
    }
    // The handler gets a config its schema describes: a reference that is the whole of a
    // field keeps its value's type, so trigger data could put a number or an object where
    // the schema says text. (Without the host's catalog, a host action's schema is unknown.)
    const action = (this.settings.catalog ?? builtInCatalog).get(step.action);
    const problems = action ? resolvedConfigProblems(action, resolved.value) : [];
    if (problems.length > 0) {
      return {
        ok: false,
        error: { type: 'invalid_config', message: resolvedConfigMessage(step, resolved.value, problems), attempts: 0 },
      };
    }
    let output: unknown;
    try {
      output = await handler({
        config: resolved.value as JsonObject,
        // A copy: the handler may change it without changing the definition being run.
        step: structuredClone(step),
        runId: this.runId,
        signal,
      });
    } catch (error) {
      // A handler that gives up because the run's signal aborted was cancelled, whatever it threw.
      if (signal.aborted) return { ok: false, error: stopError(signal, 1) };
      return { ok: false, error: handlerError(step.action, error) };
    }
    if (output === undefined) return { ok: true, output: null, attempts: 1 };
    const copied = copyJsonData(output, 'json', MAX_DATA_NESTING);
    if (!copied.ok) {
      const where = copied.path === '' ? '' : ` at ${copied.path}`;
      return {
        ok: false,
        error: {
          type: 'invalid_config',
          message: `Action "${step.action}" returned a value that is not JSON data${where}: ${copied.reason}.`,
          attempts: 1,
        },
      };
    }
    const limit = this.limits.maxOutputBytes;
    if (limit !== undefined) {
      const bytes = new TextEncoder().encode(JSON.stringify(copied.value)).length;
      if (bytes > limit) {
        return {
          ok: false,
          error: {
            type: 'response_too_large',
            message: `Action "${step.action}" returned ${bytes} bytes of output, more than the ${limit} this runner keeps per step.`,
            attempts: 1,
          },
        };
      }
    }
    return { ok: true, output: copied.value, attempts: 1 };
  }

  /** The run result, with every secret value scrubbed from it. */
  result(): RunResult {
    return {
      status: this.failed ? 'failed' : 'succeeded',
      runId: this.runId,
      steps: this.secrets.redact(this.results),
    };
  }
}

/**
 * A step's config with every reference resolved, string by string, so one reference that
 * does not resolve stays as written instead of hiding the rest. The fields its handler
 * names (the HTTPS step's `url`) are resolved as URLs, as they are sent. Recursive over a validated config (at most 256 levels).
 */
function resolvedForReport(
  config: JsonObject,
  templates: TemplateContext,
  urlFields: readonly string[] = [],
): JsonObject {
  const visit = (value: JsonValue, asUrl: boolean): JsonValue => {
    if (typeof value === 'string') {
      if (!value.includes('{{')) return value;
      const resolved = resolveTemplate(value, templates, asUrl ? { target: 'url' } : {});
      return resolved.ok ? resolved.value : value;
    }
    if (Array.isArray(value)) return value.map((item) => visit(item, false));
    if (value !== null && typeof value === 'object') {
      const copy: JsonObject = {};
      for (const key of Object.keys(value)) setOwn(copy, key, visit(value[key]!, false));
      return copy;
    }
    return value;
  };
  const input: JsonObject = {};
  for (const key of Object.keys(config)) setOwn(input, key, visit(config[key]!, urlFields.includes(key)));
  return input;
}

/**
 * Why a config its schema refuses once resolved did not run: the first problem, and where
 * its value came from: the reference that is the whole field ("the value of {{ trigger.to }}
 * is a number"), a value inside what a reference gave ("from {{ trigger.list }}, where it
 * is a number"), or text with references in it.
 */
function resolvedConfigMessage(step: ActionStep, resolved: unknown, problems: readonly Problem[]): string {
  const [first] = problems;
  let written: unknown = step.config;
  let value = resolved;
  let inside = false;
  const childOf = (container: unknown, segment: string): unknown =>
    container !== null && typeof container === 'object' && Object.hasOwn(container, segment)
      ? (container as Record<string, unknown>)[segment]
      : undefined;
  for (const segment of parseJsonPointer(first!.path)) {
    value = childOf(value, segment);
    // Past the template the problem is inside the value it gave.
    if (typeof written === 'string') inside = true;
    else written = childOf(written, segment);
  }
  const kind = first!.code === 'schema_type' ? describeKind(value) : '';
  let source = '';
  if (typeof written === 'string' && written.includes('{{')) {
    if (inside) source = ` (from ${written}${kind && `, where it is ${kind}`})`;
    else if (/^\{\{[^{}]*\}\}$/.test(written)) source = ` (the value of ${written}${kind && ` is ${kind}`})`;
    else source = ` (from the text ${JSON.stringify(written)})`;
  }
  const more = problems.length > 1 ? ` ${problems.length - 1} more problem${problems.length > 2 ? 's' : ''}.` : '';
  return `Step "${step.name}" did not run: once its references were resolved, its config did not match its action's schema. ${first!.message}${source}.${more}`;
}

/** A handler's throw as the step's error: an ActionError's type and status, any other as `network`. */
function handlerError(action: string, error: unknown): StepError {
  try {
    if (error instanceof ActionError) {
      const type = (STEP_ERROR_TYPES as readonly unknown[]).includes(error.type) ? error.type : 'network';
      const status = error.status;
      return {
        type,
        message: describeError(error),
        ...(typeof status === 'number' && Number.isFinite(status) ? { status } : {}),
        attempts: 1,
      };
    }
  } catch {
    // An error object that throws when inspected: described below.
  }
  return { type: 'network', message: `Action "${action}" failed: ${describeError(error)}`, attempts: 1 };
}

/** The result of a run that could not start or could not be carried out: no steps, the reason as a problem. */
function notRun(problems: Problem[]): RunResult {
  return { status: 'failed', problems, steps: {} };
}

/**
 * Checks the options and the document, then runs it. Anything that throws on the way
 * (nothing is meant to) ends the run with a problem in words, never a rejection.
 */
async function runDocument(
  kind: DocumentKind,
  document: unknown,
  options: unknown,
  resume?: ResumePoint,
  limits?: RunLimits,
): Promise<RunResult> {
  try {
    const read = readOptions(options);
    if ('problems' in read) return notRun(read.problems);
    const { settings } = read;
    const checked = checkDocument(
      kind,
      document,
      catalogFor(settings.catalog, settings.handlers.keys()),
      settings.secretNames,
    );
    if (checked.problems.length > 0 || checked.copy === undefined) {
      const problems = problemsUnderPolicy(checked.problems, checked.copy, settings.network.allowHttp === true);
      if (problems.length > 0 || checked.copy === undefined) return notRun(problems);
    }
    let steps: Step[];
    let workflowId: string | undefined;
    if (kind === 'workflow') {
      const valid = checked.copy as unknown as Workflow;
      steps = valid.steps;
      workflowId = valid.id;
    } else {
      const { schemaVersion: _version, kind: _kind, ...step } = checked.copy as unknown as StepDocument;
      steps = [step];
    }
    const run = new Run(settings, settings.runId ?? crypto.randomUUID(), workflowId, steps, resume, limits);
    await run.runList(steps);
    run.finishRun();
    return run.result();
  } catch (error) {
    return notRun([
      {
        path: '',
        code: 'schema_invalid',
        message: `The ${kind === 'workflow' ? 'workflow' : 'step'} could not be run: ${describeError(error)}.`,
      },
    ]);
  }
}

/**
 * Validates and runs a workflow document. A document that does not validate is not run
 * and nothing is sent: the result is `{ status: "failed", problems, steps: {} }`; so
 * are options of the wrong kind (a problem at path `""` naming the option). Never
 * rejects, whatever it is given; a step's failure is in the result.
 */
export function runWorkflow(workflow: unknown, options: RunOptions = {}): Promise<RunResult> {
  return runDocument('workflow', workflow, options);
}

/**
 * Runs a workflow from where an earlier run of it (same `runId`) left off: steps in
 * `resume.steps` keep their results and are not run or reported again; `resume.next`
 * continues one step at a later attempt. For durable runners inside this package.
 */
export function resumeWorkflow(
  workflow: unknown,
  options: RunOptions,
  resume: ResumePoint,
  limits?: RunLimits,
): Promise<RunResult> {
  return runDocument('workflow', workflow, options, resume, limits);
}

/** Limits a durable runner sets beyond the definition's own. */
export interface RunLimits {
  /**
   * How long one action step may take, attempts and waits included; past it the step
   * fails with `timeout` (and the run goes on if the step continues on error).
   */
  stepTimeLimitMs?: number;
  /**
   * The most a host action's output may take as JSON (UTF-8 bytes); larger fails the step
   * with `response_too_large`. HTTPS outputs are bounded by `maxResponseBytes` already.
   */
  maxOutputBytes?: number;
}

/**
 * Validates and runs a standalone step document (`kind: "step"`). References to other
 * steps are answered from `options.steps`. The result has the step's entry (and, for a
 * branch step, the entries of the steps inside it). Never rejects, as {@link runWorkflow}.
 */
export function runStep(stepDocument: unknown, options: RunOptions = {}): Promise<RunResult> {
  return runDocument('step', stepDocument, options);
}
