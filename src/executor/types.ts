// ---------------------------------------------------------------------------
// The reference executor's public types: options in, run result and events out.
// The run result's shape is the one docs/definition.md ("Run result") gives.
// ---------------------------------------------------------------------------

import type { ActionCatalog, ActionStep, JsonObject, JsonValue, Problem } from '../definition';

/** The error types a step can fail with (docs/definition.md, HTTPS step "Error"). */
export const STEP_ERROR_TYPES = [
  'timeout',
  'network',
  'http_status',
  'response_schema_mismatch',
  'reference_unresolved',
  'blocked_destination',
  'response_too_large',
  'invalid_config',
  'cancelled',
] as const;

/** One of {@link STEP_ERROR_TYPES}. */
export type StepErrorType = (typeof STEP_ERROR_TYPES)[number];

/** `steps.<id>.error`: why a step failed. Never holds a secret value. */
export interface StepError {
  type: StepErrorType;
  /** A sentence a person understands. */
  message: string;
  /** The HTTP status of the last response, when there was one. */
  status?: number;
  /** Attempts made (0 when nothing was sent). */
  attempts: number;
}

/** `steps.<id>.output` of an HTTPS step. */
export interface HttpsStepOutput {
  status: number;
  /** Lower-cased names; repeated headers joined with `, `. */
  headers: Record<string, string>;
  /** Parsed JSON when the response says JSON, else the text. */
  body: JsonValue;
}

/** What happened to one step in a run. */
export interface StepResult {
  status: 'succeeded' | 'failed' | 'skipped';
  /** Attempts made: 0 for a skipped step or one that failed before sending anything. */
  attempts: number;
  /** Present when the step succeeded (for a branch step: `{ branchId }` of the branch taken, or `null`). */
  output?: JsonValue;
  /** Present when the step failed. */
  error?: StepError;
}

/**
 * The result of {@link runWorkflow} / {@link runStep}. `problems` is present (and
 * `steps` empty) when the definition did not validate and nothing ran.
 */
export interface RunResult {
  status: 'succeeded' | 'failed';
  /** Absent when the definition did not validate. */
  runId?: string;
  /** Every step of the definition in workflow order; steps that did not run are `skipped`. */
  steps: Record<string, StepResult>;
  problems?: Problem[];
}

/**
 * The outputs of earlier steps, keyed by step id, as `steps.<id>.output` / `.error`
 * references see them. A previous run's `result.steps` can be passed as is: it may nest
 * 1,003 levels (a response body's 1,000 inside `steps`, the step id and `output`).
 */
export type EarlierSteps = Record<string, { output?: unknown; error?: unknown }>;

/**
 * Where secret values come from: a record of values by name, or an async resolver.
 * A resolver returning `undefined` (or throwing) leaves the secret unresolved.
 */
export type SecretsSource =
  Readonly<Record<string, string>> | ((name: string) => string | undefined | Promise<string | undefined>);

/** A DNS lookup result: one address and its family. */
export interface LookupAddress {
  address: string;
  family: 4 | 6;
}

/**
 * Destination rules (secure by default). Only `https:` URLs are fetched, and hosts that
 * are, or resolve to, loopback, private, link-local, unique-local or cloud-metadata
 * addresses are refused with `blocked_destination`.
 */
export interface NetworkPolicy {
  /** Also fetch `http:` URLs. @default false */
  allowHttp?: boolean;
  /** Allow destinations on loopback, private, link-local and metadata addresses. @default false */
  allowPrivateNetwork?: boolean;
  /**
   * Host names (or IP literals; `*.example.com` matches subdomains) that may be reached
   * even though they are, or resolve to, private addresses. Does not allow `http:`.
   */
  allowedHosts?: readonly string[];
  /**
   * Node only: resolves host names instead of `node:dns` (every address it returns is
   * checked). For tests and hosts with their own resolver. A lookup that throws, rejects
   * or answers anything but a list of `{ address, family }` fails the attempt at once
   * with `network`, naming this option; entries whose address is no IP address are
   * skipped (none left: "No address found").
   */
  lookup?: (hostname: string) => Promise<readonly LookupAddress[]>;
  /** Node only: extra trusted CA certificates (PEM), e.g. a test server's self-signed certificate. */
  ca?: string | readonly string[];
}

/** A `fetch`-compatible function. */
export type FetchFunction = (input: string, init: RequestInit) => Promise<Response>;

/** What a host action handler is given. */
export interface ActionHandlerContext {
  /** The step's config with every reference resolved. */
  config: JsonObject;
  step: ActionStep;
  runId: string;
  /** Aborted when the run is cancelled. */
  signal: AbortSignal;
}

/**
 * Runs a host action (any action other than `https_request` and `wait`). Its return
 * value becomes `steps.<id>.output`; throwing an {@link ActionError} fails the step with
 * that error type, any other throw fails it with `network` and the error's message.
 */
export type ActionHandler = (context: ActionHandlerContext) => Promise<JsonValue | undefined> | JsonValue | undefined;

/** Something that happened during a run, in order. Never holds a secret value. */
export type RunEvent =
  | { type: 'step_started'; runId: string; stepId: string; action: string; at: number }
  | {
      type: 'attempt_started';
      runId: string;
      stepId: string;
      /** 1-based. */
      attempt: number;
      method: string;
      /** The URL with secret values replaced by `[redacted]`. */
      url: string;
      /** Request headers sent; a value that carried a secret shows as `[redacted]`. */
      headers: Record<string, string>;
      at: number;
    }
  | {
      type: 'attempt_failed';
      runId: string;
      stepId: string;
      attempt: number;
      reason: { type: StepErrorType; message: string; status?: number };
      /** Seconds until the next attempt, or `null` when this was the last one. */
      nextDelaySeconds: number | null;
      at: number;
    }
  | {
      type: 'step_finished';
      runId: string;
      stepId: string;
      status: 'succeeded' | 'failed';
      attempts: number;
      /** The step's output (redacted) when it succeeded, as the run result holds it. */
      output?: JsonValue;
      error?: StepError;
      /**
       * With `reportStepInput`, an action step's config as it ran: every reference
       * resolved (one that did not resolve stays as written), secret values `[redacted]`.
       */
      input?: JsonObject;
      /** For a branch step: the id of the branch taken, `null` when none was. */
      branchId?: string | null;
      /** When the step started (its `step_started` event's `at`). */
      startedAt: number;
      durationMs: number;
      at: number;
    }
  | {
      type: 'run_finished';
      runId: string;
      status: 'succeeded' | 'failed';
      /** True when the run ended because its signal was aborted. */
      cancelled: boolean;
      at: number;
    };

/** A step's state while a run is watched: {@link StepResult}'s, plus `waiting` and `running`. */
export type StepRunState = 'waiting' | 'running' | StepResult['status'];

/** One step in a {@link RunSnapshot}. */
export interface StepSnapshot {
  status: StepRunState;
  /** Attempts started so far. */
  attempts: number;
  output?: JsonValue;
  error?: StepError;
  /** A finished action step's resolved config, secrets redacted (when the run reported it: `reportStepInput`). */
  input?: JsonObject;
  /** For a finished branch step: the branch taken, `null` when none was. */
  branchId?: string | null;
  /** Epoch milliseconds; present once the step has started. */
  startedAt?: number;
  /** Present once the step has finished. */
  durationMs?: number;
}

/**
 * A run as it is seen while it happens (a live view, a durable queue): the run result's
 * shape with `status: "running"` until the run ends, and every step of the definition
 * in workflow order, `waiting` until it starts.
 */
export interface RunSnapshot {
  status: 'running' | RunResult['status'];
  runId: string;
  steps: Record<string, StepSnapshot>;
}

/** Options of {@link runWorkflow} and {@link runStep}. */
export interface RunOptions {
  /** The trigger payload (`{{ trigger... }}`). */
  trigger?: JsonValue;
  /** Secret values by name, or a resolver. */
  secrets?: SecretsSource;
  /** `runStep` only: earlier steps' outputs and errors by id. */
  steps?: EarlierSteps;
  /** Host implementations of actions, keyed by action id. */
  handlers?: Readonly<Record<string, ActionHandler>>;
  /**
   * Catalog used for validation. Default: the built-in catalog plus a permissive entry
   * for each key of `handlers`.
   */
  catalog?: ActionCatalog;
  /**
   * Used as is instead of the platform's fetch; then only the literal host is checked
   * against the network policy (no DNS check).
   */
  fetch?: FetchFunction;
  network?: NetworkPolicy;
  /** Cancels the run: the current step fails and the rest is skipped. */
  signal?: AbortSignal;
  /**
   * Called with each event, in order. The run does not wait for it: an exception it
   * throws, or a rejection of a promise it returns, is ignored.
   */
  onEvent?: (event: RunEvent) => void;
  /**
   * Each action step's `step_finished` event also carries `input`: its config with every
   * reference resolved and secret values redacted, as a run view's step details show it.
   * Off by default, as it can be as large as the config (a big body), and a durable
   * runner stores every event. @default false
   */
  reportStepInput?: boolean;
  /** Non-empty: the HTTPS step's Idempotency-Key comes from it. Default: a random UUID. */
  runId?: string;
  /** Clock in epoch milliseconds (signature timestamps, `Retry-After` dates, event times). @default Date.now */
  now?: () => number;
  /** Waits between retries and in `wait` steps. @default a setTimeout that the signal cancels */
  sleep?: (milliseconds: number, signal: AbortSignal) => Promise<void>;
  /** Response bodies larger than this fail with `response_too_large`. @default 10 MiB */
  maxResponseBytes?: number;
}

/**
 * Where a run left off, for a durable runner that continues it in another process: the
 * steps that finished (as the result holds them) and, optionally, the step to continue
 * and the attempt to continue it with (its earlier attempts and the wait after them are
 * over). Not part of the public options: the queue entry passes it.
 */
export interface ResumePoint {
  steps: Readonly<Record<string, StepResult>>;
  /**
   * The step to continue, at which attempt; `startedAt` (epoch ms) is when it first
   * started, before the run was handed back: the step is not reported started again, its
   * time limit counts from then, and its duration too.
   */
  next?: { stepId: string; attempt: number; startedAt?: number };
}
