// ---------------------------------------------------------------------------
// Running a workflow or a standalone step: validate, then walk the tree top to bottom,
// recording each step's result (docs/definition.md, "Run result").
// ---------------------------------------------------------------------------

import {
  builtInCatalog,
  createActionCatalog,
  parseJsonPointer,
  scanReferences,
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
import { DEFAULT_MAX_RESPONSE_BYTES } from './http/response';
import { runHttpsRequest, type StepOutcome } from './http/https-step';
import { RunSecrets } from './secrets';
import type {
  ActionHandler,
  FetchFunction,
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

/**
 * The fetch a run uses: the host's as is; in Node, one whose connections check every
 * resolved address; in a browser, the global fetch (only the literal host is checked).
 */
async function platformFetch(options: RunOptions, policy: NetworkPolicy): Promise<FetchFunction> {
  if (options.fetch) return options.fetch;
  if (isNode()) {
    const adapter = await import('./node/guarded-fetch');
    return adapter.createGuardedFetch(policy);
  }
  return (input, init) => globalThis.fetch(input, init);
}

/**
 * The catalog runs validate against: built-in actions plus a permissive entry for each
 * host handler whose action the catalog lacks (the host validates its own config).
 */
function catalogFor(options: RunOptions): ActionCatalog {
  if (options.catalog) return options.catalog;
  const extra: ActionDefinition[] = Object.keys(options.handlers ?? {})
    .filter((id) => builtInCatalog.get(id) === undefined)
    .map((id) => ({
      id,
      label: id,
      category: 'Host',
      description: `Host action ${id}.`,
      keywords: [],
      icon: 'box',
      configSchema: { type: 'object' },
      defaultConfig: {},
    }));
  if (extra.length === 0) return builtInCatalog;
  try {
    return createActionCatalog(extra);
  } catch {
    // A handler key that is not a valid action id can never be named by a step.
    return createActionCatalog(extra.filter((action) => /^[a-z][a-z0-9_]{0,62}$/.test(action.id)));
  }
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
 * The validator holds every URL to https; with `allowHttp` the executor lifts that rule
 * for URLs that are http:// instead (any other scheme stays a problem).
 */
function problemsUnderPolicy(problems: readonly Problem[], document: unknown, options: RunOptions): Problem[] {
  if (options.network?.allowHttp !== true) return [...problems];
  return problems.filter((problem) => {
    if (problem.code !== 'url_not_https') return true;
    const url = valueAt(document, problem.path);
    return !(typeof url === 'string' && ABSOLUTE_HTTP_URL.test(url));
  });
}

function secretNames(value: unknown): Set<string> {
  const names = new Set<string>();
  for (const { reference } of scanReferences(value).references) {
    if (reference.root === 'secrets' && typeof reference.path[1] === 'string') names.add(reference.path[1]);
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
  private fetchFunction: Promise<FetchFunction> | undefined;

  constructor(
    private readonly options: RunOptions,
    readonly runId: string,
    private readonly workflowId: string | undefined,
    steps: readonly Step[],
  ) {
    this.secrets = new RunSecrets(options.secrets);
    this.stepContext = { ...(options.steps ?? {}) };
    this.policy = options.network ?? {};
    this.signal = options.signal ?? new AbortController().signal;
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

  private fetch(): Promise<FetchFunction> {
    this.fetchFunction ??= platformFetch(this.options, this.policy);
    return this.fetchFunction;
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
    await this.secrets.load(secretNames(step.branches.map((branch) => branch.when ?? null)));
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
    await this.secrets.load(secretNames(step.config));
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
      return runHttpsRequest({
        runId: this.runId,
        step,
        templates: this.templates(),
        secrets: this.secrets,
        fetch: await this.fetch(),
        policy: this.policy,
        signal: this.signal,
        now: this.now,
        sleep: this.sleep,
        emit: (event) => this.emit(event),
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
  const known = knownSecretNames(options);
  const validation = validateWorkflow(workflow, {
    catalog: catalogFor(options),
    ...(known ? { secrets: known } : {}),
  });
  if (!validation.ok) {
    const problems = problemsUnderPolicy(validation.problems, workflow, options);
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
  const known = knownSecretNames(options);
  const validation = validateStepDocument(stepDocument, {
    catalog: catalogFor(options),
    ...(known ? { secrets: known } : {}),
  });
  if (!validation.ok) {
    const problems = problemsUnderPolicy(validation.problems, stepDocument, options);
    if (problems.length > 0) return { status: 'failed', problems, steps: {} };
  }
  const { schemaVersion: _version, kind: _kind, ...step } = stepDocument as StepDocument;
  const steps = [step as Step];
  const run = new Run(options, newRunId(options), undefined, steps);
  await run.runList(steps);
  return run.result();
}
