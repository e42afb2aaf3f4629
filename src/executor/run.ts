// ---------------------------------------------------------------------------
// Running a workflow or a standalone step: validate, then walk the tree top to bottom,
// recording each step's result (docs/definition.md, "Run result").
// ---------------------------------------------------------------------------

import {
  builtInCatalog,
  createActionCatalog,
  parseJsonPointer,
  walkSteps,
  type ActionCatalog,
  type ActionDefinition,
  type ActionStep,
  type BranchStep,
  type JsonObject,
  type Problem,
  type Step,
  type StepDocument,
  type Workflow,
} from '../definition';
import type { TemplateContext } from '../definition/references/resolve';
import { resolveTemplate } from '../definition/references/resolve';
import { validateStepDocument, validateWorkflow } from '../definition/validate';
import { conditionHolds } from './conditions';
import { createFetchTransport } from './http/fetch-transport';
import { runHttpsRequest, type StepOutcome } from './http/https-step';
import { DEFAULT_MAX_RESPONSE_BYTES } from './http/response';
import { NEVER_ABORTED, type Transport } from './http/transport';
import { RunSecrets } from './secrets';
import { secretNamesIn } from './template-facts';
import type {
  ActionHandler,
  NetworkPolicy,
  RunEvent,
  RunOptions,
  RunResult,
  StepError,
  StepErrorType,
  StepResult,
} from './types';

/** Action ids the executor runs itself; `handlers` cannot replace them. */
export const EXECUTOR_ACTIONS = ['https_request', 'wait'] as const;

/**
 * Thrown by an {@link ActionHandler} to fail its step with a given error type (and
 * optionally an HTTP status). Any other throw fails the step with type `network`.
 */
export class ActionError extends Error {
  readonly type: StepErrorType;
  readonly status: number | undefined;

  constructor(type: StepErrorType, message: string, options: { status?: number } = {}) {
    super(message);
    this.name = 'ActionError';
    this.type = type;
    this.status = options.status;
  }
}

/** Sleeps unless the signal aborts first (then rejects). */
function defaultSleep(milliseconds: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) {
      reject(signal.reason);
      return;
    }
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(signal.reason);
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, milliseconds);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

function isNode(): boolean {
  return typeof process !== 'undefined' && typeof process.versions?.node === 'string';
}

/** The Node adapter module, imported on first use (never in a browser). */
let nodeAdapter: Promise<typeof import('./node/platform')> | undefined;

/** What the platform gives a run: how requests are sent, and in Node a synchronous HMAC. */
interface Platform {
  transport: Transport;
  hmacHex?: (secret: string, timestamp: number, body: string) => string;
}

/**
 * How a run sends requests: on the host's fetch as is; in Node, straight on undici with
 * connections that check every resolved address; in a browser, on the global fetch
 * (only the literal host is checked).
 */
async function loadPlatform(options: RunOptions, policy: NetworkPolicy): Promise<Platform> {
  if (isNode()) {
    nodeAdapter ??= import('./node/platform');
    const adapter = await nodeAdapter;
    return {
      transport: options.fetch ? createFetchTransport(options.fetch) : adapter.createNodeTransport(policy),
      hmacHex: adapter.hmacSha256Hex,
    };
  }
  return { transport: createFetchTransport(options.fetch ?? ((input, init) => globalThis.fetch(input, init))) };
}

/** Catalogs made for sets of handler ids, so repeated runs reuse one (and its validation cache). */
const catalogsByHandlerIds = new Map<string, ActionCatalog>();
const MAX_CACHED_CATALOGS = 50;

/**
 * The catalog runs validate against: built-in actions plus a permissive entry for each
 * host handler whose action the catalog lacks (the host validates its own config).
 */
function catalogFor(options: RunOptions): ActionCatalog {
  if (options.catalog) return options.catalog;
  const ids = Object.keys(options.handlers ?? {})
    .filter((id) => builtInCatalog.get(id) === undefined && /^[a-z][a-z0-9_]{0,62}$/.test(id))
    .sort();
  if (ids.length === 0) return builtInCatalog;
  const cacheKey = ids.join(',');
  const known = catalogsByHandlerIds.get(cacheKey);
  if (known) return known;
  const catalog = createActionCatalog(
    ids.map((id): ActionDefinition => ({
      id,
      label: id,
      category: 'Host',
      description: `Host action ${id}.`,
      keywords: [],
      icon: 'box',
      configSchema: { type: 'object' },
      defaultConfig: {},
    })),
  );
  if (catalogsByHandlerIds.size >= MAX_CACHED_CATALOGS) catalogsByHandlerIds.clear();
  catalogsByHandlerIds.set(cacheKey, catalog);
  return catalog;
}

/**
 * Problems of documents already validated, by catalog and then by kind, known secret
 * names and JSON text. Validation is a pure function of those, and a host runs the same
 * definition for every trigger, so it is done once per distinct document.
 */
const validationCache = new WeakMap<ActionCatalog, Map<string, readonly Problem[]>>();
const MAX_CACHED_VALIDATIONS = 200;

/**
 * The last validation of a document object, with a copy of the document as it was then.
 * A host usually passes the same object every run: comparing it with the copy finds it
 * unchanged without serialising it (a changed document misses and is validated anew).
 */
interface ValidatedObject {
  kind: 'workflow' | 'step';
  catalog: ActionCatalog;
  secretsKey: string;
  snapshot: unknown;
  problems: readonly Problem[];
}
const validatedObjects = new WeakMap<object, ValidatedObject>();
/** Documents larger than this are not copied for the identity check; they use the text cache. */
const MAX_SNAPSHOT_NODES = 10_000;

/**
 * A deep copy of a value made only of plain JSON (strings, finite numbers, booleans,
 * null, dense arrays, plain objects without `toJSON`), or undefined for anything else:
 * for those values JSON text equality and the structural equality below agree.
 */
function plainJsonCopy(value: unknown, budget: { nodes: number }): unknown {
  if (--budget.nodes < 0) return undefined;
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (typeof value !== 'object') return undefined;
  if (Array.isArray(value)) {
    const copy: unknown[] = [];
    for (let index = 0; index < value.length; index++) {
      if (!(index in value)) return undefined;
      const item = plainJsonCopy(value[index], budget);
      if (item === undefined) return undefined;
      copy.push(item);
    }
    return copy;
  }
  const prototype = Object.getPrototypeOf(value) as unknown;
  if (prototype !== Object.prototype && prototype !== null) return undefined;
  if ('toJSON' in value) return undefined;
  const copy: Record<string, unknown> = {};
  for (const key of Object.keys(value)) {
    const item = plainJsonCopy((value as Record<string, unknown>)[key], budget);
    if (item === undefined) return undefined;
    Object.defineProperty(copy, key, { value: item, enumerable: true, writable: true, configurable: true });
  }
  return copy;
}

/** Whether a value equals a {@link plainJsonCopy}: same JSON text, keys in the same order. */
function sameAsSnapshot(value: unknown, snapshot: unknown): boolean {
  if (value === snapshot) return true;
  if (snapshot === null || typeof snapshot !== 'object' || value === null || typeof value !== 'object') return false;
  if (Array.isArray(snapshot)) {
    if (!Array.isArray(value) || value.length !== snapshot.length) return false;
    for (let index = 0; index < snapshot.length; index++) {
      if (!(index in value) || !sameAsSnapshot(value[index], snapshot[index])) return false;
    }
    return true;
  }
  if (Array.isArray(value)) return false;
  const prototype = Object.getPrototypeOf(value) as unknown;
  if ((prototype !== Object.prototype && prototype !== null) || 'toJSON' in value) return false;
  const keys = Object.keys(value);
  const snapshotKeys = Object.keys(snapshot);
  if (keys.length !== snapshotKeys.length) return false;
  for (let index = 0; index < keys.length; index++) {
    const key = keys[index]!;
    if (key !== snapshotKeys[index]) return false;
    if (!sameAsSnapshot((value as Record<string, unknown>)[key], (snapshot as Record<string, unknown>)[key])) return false;
  }
  return true;
}

function validateOnce(
  kind: 'workflow' | 'step',
  document: unknown,
  catalog: ActionCatalog,
  secrets: readonly string[] | undefined,
): readonly Problem[] {
  const secretsKey = secrets ? [...secrets].sort().join('\u0000') : '*';
  const isObject = document !== null && typeof document === 'object';
  if (isObject) {
    const known = validatedObjects.get(document);
    if (
      known &&
      known.kind === kind &&
      known.catalog === catalog &&
      known.secretsKey === secretsKey &&
      sameAsSnapshot(document, known.snapshot)
    ) {
      return known.problems;
    }
  }
  const problems = validateByText(kind, document, catalog, secrets, secretsKey);
  if (isObject) {
    const snapshot = plainJsonCopy(document, { nodes: MAX_SNAPSHOT_NODES });
    if (snapshot !== undefined) validatedObjects.set(document, { kind, catalog, secretsKey, snapshot, problems });
    else validatedObjects.delete(document);
  }
  return problems;
}

function validateByText(
  kind: 'workflow' | 'step',
  document: unknown,
  catalog: ActionCatalog,
  secrets: readonly string[] | undefined,
  secretsKey: string,
): readonly Problem[] {
  const validate = (): readonly Problem[] => {
    const validateOptions = { catalog, ...(secrets ? { secrets } : {}) };
    return kind === 'workflow'
      ? validateWorkflow(document, validateOptions).problems
      : validateStepDocument(document, validateOptions).problems;
  };
  let text: string | undefined;
  try {
    text = JSON.stringify(document);
  } catch {
    // Not JSON at all (a cycle, a BigInt): validation reports it; nothing to cache by.
  }
  if (text === undefined) return validate();
  const key = `${kind}\u0000${secretsKey}\u0000${text}`;
  let cache = validationCache.get(catalog);
  if (!cache) {
    cache = new Map();
    validationCache.set(catalog, cache);
  }
  const known = cache.get(key);
  if (known) return known;
  const problems = validate();
  if (cache.size >= MAX_CACHED_VALIDATIONS) cache.delete(cache.keys().next().value!);
  cache.set(key, problems);
  return problems;
}

/** An absolute http URL (a literal, or text whose references come after the host). */
const ABSOLUTE_HTTP_URL = /^http:\/\/[^\s/?#{]+/i;

function valueAt(document: unknown, pointer: string): unknown {
  let value = document;
  for (const segment of parseJsonPointer(pointer)) {
    if (value === null || typeof value !== 'object' || !Object.prototype.hasOwnProperty.call(value, segment)) return undefined;
    value = (value as Record<string, unknown>)[segment];
  }
  return value;
}

/**
 * What is left of cached problems once `allowHttp` lifts the https rule, by problems
 * array. A cached array stands for one document text, so the URLs its pointers name are
 * the same every time and so is the filtered list.
 */
const problemsWithHttpAllowed = new WeakMap<readonly Problem[], readonly Problem[]>();

/**
 * The validator holds every URL to https; with `allowHttp` the executor lifts that rule
 * for URLs that are http:// instead (any other scheme stays a problem).
 */
function problemsUnderPolicy(problems: readonly Problem[], document: unknown, options: RunOptions): Problem[] {
  let remaining = problems;
  if (options.network?.allowHttp === true) {
    let filtered = problemsWithHttpAllowed.get(problems);
    if (!filtered) {
      filtered = problems.filter((problem) => {
        if (problem.code !== 'url_not_https') return true;
        const url = valueAt(document, problem.path);
        return !(typeof url === 'string' && ABSOLUTE_HTTP_URL.test(url));
      });
      problemsWithHttpAllowed.set(problems, filtered);
    }
    remaining = filtered;
  }
  // Copies, so a caller changing its result cannot change the cached problems.
  return remaining.map((problem) => ({ ...problem }));
}

/** The secrets a step's config (or a branch step's conditions) names. */
function secretNamesOf(step: Step): ReadonlySet<string> {
  return secretNames(step.type === 'branch' ? step.branches.map((branch) => branch.when ?? null) : step.config);
}

/** Every secret name referenced in the strings of a value. Runs before every step, so it parses only strings that can hold one. */
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

function knownSecretNames(options: RunOptions): readonly string[] | undefined {
  // A resolver cannot list its names; validation then leaves secret names to run time.
  return options.secrets && typeof options.secrets === 'object' ? Object.keys(options.secrets) : undefined;
}


/** One run: its options, its results so far, and how it reports. */
class Run {
  readonly results: Record<string, StepResult> = {};
  failed = false;
  private readonly secrets: RunSecrets;
  private readonly stepContext: Record<string, { output?: unknown; error?: unknown }>;
  private readonly policy: NetworkPolicy;
  private readonly signal: AbortSignal;
  private readonly now: () => number;
  private readonly sleep: (milliseconds: number, signal: AbortSignal) => Promise<void>;
  private platformPromise: Promise<Platform> | undefined;

  constructor(
    private readonly options: RunOptions,
    readonly runId: string,
    private readonly workflowId: string | undefined,
    steps: readonly Step[],
  ) {
    this.secrets = new RunSecrets(options.secrets);
    this.stepContext = { ...(options.steps ?? {}) };
    this.policy = options.network ?? {};
    this.signal = options.signal ?? NEVER_ABORTED;
    this.now = options.now ?? Date.now;
    this.sleep = options.sleep ?? defaultSleep;
    walkSteps(steps, ({ step }) => {
      this.results[step.id] = { status: 'skipped', attempts: 0 };
    });
  }

  private emit(event: RunEvent): void {
    if (!this.options.onEvent) return;
    try {
      this.options.onEvent(this.secrets.redact(event));
    } catch {
      // A broken listener must not change the run's outcome.
    }
  }

  private templates(): TemplateContext {
    return {
      trigger: this.options.trigger,
      steps: this.stepContext as TemplateContext['steps'],
      secrets: this.secrets.record(),
      ...(this.workflowId !== undefined ? { workflow: { id: this.workflowId } } : {}),
      run: { id: this.runId },
    } as TemplateContext;
  }

  private platform(): Promise<Platform> {
    this.platformPromise ??= loadPlatform(this.options, this.policy);
    return this.platformPromise;
  }

  /** Runs a list top to bottom; stops (leaving the rest skipped) once the run has failed. */
  async runList(steps: readonly Step[]): Promise<void> {
    for (const step of steps) {
      if (this.failed) return;
      if (this.signal.aborted) {
        this.failed = true;
        return;
      }
      if (step.type === 'branch') await this.runBranch(step);
      else await this.runAction(step);
    }
  }

  private async runBranch(step: BranchStep): Promise<void> {
    this.emit({ type: 'step_started', runId: this.runId, stepId: step.id, action: 'branch', at: this.now() });
    const loading = this.secrets.load(secretNamesOf(step));
    if (loading) await loading;
    const templates = this.templates();
    const chosen = step.branches.find((branch) => !branch.when || conditionHolds(branch.when, templates));
    const output = { branchId: chosen?.id ?? null };
    this.results[step.id] = { status: 'succeeded', attempts: 1, output };
    this.stepContext[step.id] = { output };
    this.emit({ type: 'step_finished', runId: this.runId, stepId: step.id, status: 'succeeded', attempts: 1, at: this.now() });
    if (chosen) await this.runList(chosen.steps);
  }

  private async runAction(step: ActionStep): Promise<void> {
    this.emit({ type: 'step_started', runId: this.runId, stepId: step.id, action: step.action, at: this.now() });
    const loading = this.secrets.load(secretNamesOf(step));
    if (loading) await loading;
    const outcome = await this.outcomeOf(step);
    if (outcome.ok) {
      this.results[step.id] = { status: 'succeeded', attempts: outcome.attempts, output: outcome.output };
      this.stepContext[step.id] = { output: outcome.output };
    } else {
      const error: StepError = { ...outcome.error, message: this.secrets.redact(outcome.error.message) };
      this.results[step.id] = { status: 'failed', attempts: error.attempts, error };
      this.stepContext[step.id] = { error };
      if (step.config.continueOnError !== true) this.failed = true;
    }
    const result = this.results[step.id]!;
    this.emit({
      type: 'step_finished',
      runId: this.runId,
      stepId: step.id,
      status: result.status === 'succeeded' ? 'succeeded' : 'failed',
      attempts: result.attempts,
      ...(result.error ? { error: result.error } : {}),
      at: this.now(),
    });
  }

  private async outcomeOf(step: ActionStep): Promise<StepOutcome> {
    if (step.action === 'https_request') {
      const platform = await this.platform();
      return runHttpsRequest({
        runId: this.runId,
        step,
        templates: this.templates(),
        secrets: this.secrets,
        transport: platform.transport,
        ...(platform.hmacHex ? { hmacHex: platform.hmacHex } : {}),
        policy: this.policy,
        signal: this.signal,
        now: this.now,
        sleep: this.sleep,
        ...(this.options.onEvent ? { emit: (event: RunEvent) => this.emit(event) } : {}),
        maxResponseBytes: this.options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES,
      });
    }
    if (step.action === 'wait') return this.runWait(step);
    const handler = this.options.handlers?.[step.action];
    if (!handler) {
      return {
        ok: false,
        error: {
          type: 'invalid_config',
          message: `No handler for action "${step.action}": this executor runs https_request and wait itself; pass a handler for "${step.action}" in options.handlers.`,
          attempts: 0,
        },
      };
    }
    return this.runHandler(step, handler);
  }

  private async runWait(step: ActionStep): Promise<StepOutcome> {
    const seconds = step.config.seconds;
    if (typeof seconds !== 'number' || !(seconds >= 0)) {
      return { ok: false, error: { type: 'invalid_config', message: 'config.seconds must be a number of seconds.', attempts: 0 } };
    }
    try {
      await this.sleep(seconds * 1000, this.signal);
    } catch {
      // Only cancellation interrupts the wait; reported below.
    }
    if (this.signal.aborted) {
      return { ok: false, error: { type: 'network', message: 'The run was cancelled.', attempts: 1 } };
    }
    return { ok: true, output: {}, attempts: 1 };
  }

  private async runHandler(step: ActionStep, handler: ActionHandler): Promise<StepOutcome> {
    const resolved = resolveTemplate(step.config, this.templates(), {});
    if (!resolved.ok) {
      const texts = resolved.unresolved.map((reference) => reference.text).join(', ');
      return { ok: false, error: { type: 'reference_unresolved', message: `Could not resolve ${texts}.`, attempts: 0 } };
    }
    try {
      const output = await handler({
        config: resolved.value as JsonObject,
        step,
        runId: this.runId,
        signal: this.signal,
      });
      return { ok: true, output: output === undefined ? null : output, attempts: 1 };
    } catch (error) {
      if (error instanceof ActionError) {
        return {
          ok: false,
          error: {
            type: error.type,
            message: error.message,
            ...(error.status !== undefined ? { status: error.status } : {}),
            attempts: 1,
          },
        };
      }
      const message = error instanceof Error ? error.message : String(error);
      return { ok: false, error: { type: 'network', message: `Action "${step.action}" failed: ${message}`, attempts: 1 } };
    }
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

function newRunId(options: RunOptions): string {
  return options.runId ?? crypto.randomUUID();
}

/**
 * Validates and runs a workflow document. A document that does not validate is not run
 * and nothing is sent: the result is `{ status: "failed", problems, steps: {} }`.
 * Never rejects on bad input; a step's failure is in the result.
 */
export async function runWorkflow(workflow: unknown, options: RunOptions = {}): Promise<RunResult> {
  const found = validateOnce('workflow', workflow, catalogFor(options), knownSecretNames(options));
  if (found.length > 0) {
    const problems = problemsUnderPolicy(found, workflow, options);
    if (problems.length > 0) return { status: 'failed', problems, steps: {} };
  }
  const valid = workflow as Workflow;
  const run = new Run(options, newRunId(options), valid.id, valid.steps);
  await run.runList(valid.steps);
  return run.result();
}

/**
 * Validates and runs a standalone step document (`kind: "step"`). References to other
 * steps are answered from `options.steps`. The result has the step's entry (and, for a
 * branch step, the entries of the steps inside it).
 */
export async function runStep(stepDocument: unknown, options: RunOptions = {}): Promise<RunResult> {
  const found = validateOnce('step', stepDocument, catalogFor(options), knownSecretNames(options));
  if (found.length > 0) {
    const problems = problemsUnderPolicy(found, stepDocument, options);
    if (problems.length > 0) return { status: 'failed', problems, steps: {} };
  }
  const { schemaVersion: _version, kind: _kind, ...step } = stepDocument as StepDocument;
  const steps = [step as Step];
  const run = new Run(options, newRunId(options), undefined, steps);
  await run.runList(steps);
  return run.result();
}
