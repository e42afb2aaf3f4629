// ---------------------------------------------------------------------------
// The built-in `https_request` action (docs/definition.md, "Action https_request"):
// templating, the network policy, signing, attempts with timeouts, retries, the
// response limit and schema, and the output and error objects.
// ---------------------------------------------------------------------------

import {
  DEFAULT_SIGNATURE_HEADER,
  DEFAULT_TIMEOUT_SECONDS,
  METHODS_WITH_BODY,
  type ActionStep,
  type HttpMethod,
  type HttpsRequestConfig,
  type JsonValue,
  type Reference,
} from '../../definition';
import { parseTemplate } from '../../definition/references/parse';
import { lookupReference, resolveTemplate, type TemplateContext } from '../../definition/references/resolve';
import { MAX_DATA_NESTING, describeError, setOwn } from '../json-data';
import { checkDestination } from '../network-policy';
import { checkResponseSchema, responseSchemaProblem } from '../response-schema';
import { REDACTED, type RunSecrets } from '../secrets';
import { signRequest, type SigningKey } from '../signing';
import { STOPPED, stopError, stopReason, untilStopped } from '../stop';
import { secretNamesIn, soleSecretReference } from '../template-facts';
import type { NetworkPolicy, RunEvent, StepError, StepErrorType } from '../types';
import { TOO_DEEP, toOutput } from './response';
import { isRetryableStatus, parseRetryAfter, retryDelaySeconds } from './retry';
import { TOO_LARGE, type OutgoingRequest, type Transport } from './transport';

/** Everything one HTTPS step needs from its run. */
export interface HttpsStepRuntime {
  runId: string;
  step: ActionStep;
  templates: TemplateContext;
  secrets: RunSecrets;
  /** Sends each attempt: the platform's, or one on the host's fetch. */
  transport: Transport;
  policy: NetworkPolicy;
  /** The run's signal: cancels the attempt in flight and any wait. */
  signal: AbortSignal;
  /**
   * The attempt to start with (1-based, default 1): a resumed run continues a step whose
   * earlier attempts, and the wait after the last of them, happened before.
   */
  firstAttempt?: number;
  now: () => number;
  sleep: (milliseconds: number, signal: AbortSignal) => Promise<void>;
  /** Absent when nobody listens: then no event (and no redacted copy) is built. */
  emit?: (event: RunEvent) => void;
  maxResponseBytes: number;
  /**
   * Synchronous hex HMAC-SHA256 of `"<timestamp>.<body>"` (Node's crypto), when the
   * platform has one; else Web Crypto signs.
   */
  hmacHex?: (secret: string, timestamp: number, body: string) => string;
}

/** How a step ended. */
export type StepOutcome = { ok: true; output: JsonValue; attempts: number } | { ok: false; error: StepError };

/** A failed attempt, before it becomes the step's error. */
interface AttemptFailure {
  type: StepErrorType;
  message: string;
  status?: number;
  retryable: boolean;
  retryAfterSeconds?: number;
}

/** Header that carries the idempotency key on POST and PATCH. */
export const IDEMPOTENCY_KEY_HEADER = 'Idempotency-Key';

const METHODS_WITH_IDEMPOTENCY_KEY: readonly HttpMethod[] = ['POST', 'PATCH'];
/** A header value fetch accepts and that cannot split the request: no CR, LF or NUL, bytes only. */
const SAFE_HEADER_VALUE = /^[\t\x20-\x7e\x80-\xff]*$/;

/**
 * Headers the HTTP client owns: where the request goes (`Host`: the policy checks the
 * URL's host, so a Host of its own would reach another virtual host or TLS name on an
 * allowed address) and how its bytes are framed and the connection kept. fetch drops
 * or refuses them and undici refuses most; refusing all of them before sending gives
 * one clear answer on every platform. A run-time refusal, not a validation problem:
 * the definition format allows any HTTP token as a header name, and other executors
 * may send them.
 */
const CLIENT_MANAGED_HEADERS = new Set([
  'host',
  'content-length',
  'transfer-encoding',
  'connection',
  'keep-alive',
  'proxy-connection',
  'upgrade',
  'expect',
  'te',
  'trailer',
]);

function failure(type: StepErrorType, message: string, attempts: number, status?: number): StepOutcome {
  return { ok: false, error: status === undefined ? { type, message, attempts } : { type, message, status, attempts } };
}

/** Run ids that can go into a header as they are. */
const HEADER_SAFE_RUN_ID = /^[A-Za-z0-9._~-]{1,200}$/;

/**
 * Derived from the run and the step, not random: the same for every attempt, and the
 * same again if a host re-runs the same run id after a crash, so the receiver can
 * deduplicate. A run id that could not sit in a header is hashed first.
 */
function idempotencyKey(runId: string, stepId: string): string | Promise<string> {
  // Synchronous in the usual case: an await costs a turn of the microtask queue.
  if (HEADER_SAFE_RUN_ID.test(runId)) return `${runId}:${stepId}`;
  return hashedIdempotencyKey(runId, stepId);
}

async function hashedIdempotencyKey(runId: string, stepId: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(runId));
  const hex = Array.from(new Uint8Array(digest).subarray(0, 16), (byte) => byte.toString(16).padStart(2, '0')).join('');
  return `${hex}:${stepId}`;
}

function appendQuery(url: URL, pairs: readonly [string, string][]): void {
  if (pairs.length === 0) return;
  const added = pairs.map(([key, value]) => `${encodeURIComponent(key)}=${encodeURIComponent(value)}`).join('&');
  url.search = url.search.length > 1 ? `${url.search}&${added}` : `?${added}`;
}

/** Stands in for each reference (followed by its index and `x`) when finding out which make up a URL's host. */
const REFERENCE_STAND_IN = 'referencestandin';

/**
 * When a URL's host is made from a secret (a secret that is the base URL, part of a
 * host name, or any reference whose value holds a secret, such as an earlier step's
 * output), the host as the URL parser wrote it is hidden too: lowercased and punycoded
 * with the text around it, it can hold the secret in a form no spelling of the value
 * alone covers, and resolver errors quote it ("getaddrinfo ENOTFOUND ...").
 */
function hideSecretHost(runtime: HttpsStepRuntime, template: string, url: URL): void {
  const secrets = runtime.secrets;
  if (!secrets.holdsValues) return;
  let fromSecret = secrets.appearsIn(url.hostname) || secrets.appearsIn(url.host);
  if (!fromSecret) {
    const references: Reference[] = [];
    let standIn = '';
    for (const part of parseTemplate(template)) {
      if (part.kind === 'reference') {
        standIn += `${REFERENCE_STAND_IN}${references.length}x`;
        references.push(part.reference);
      } else {
        standIn += part.text;
      }
    }
    let inHost = references;
    try {
      const host = new URL(standIn).hostname;
      inHost = references.filter((_, index) => host.includes(`${REFERENCE_STAND_IN}${index}x`));
    } catch {
      // Without its references the text is no URL: one of them holds the scheme or the host.
    }
    fromSecret = inHost.some((reference) => {
      const found = lookupReference(reference, runtime.templates);
      if (!found.found) return false;
      let text: string;
      try {
        // JSON.stringify answers undefined for undefined, whatever its type says.
        // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition
        text = typeof found.value === 'string' ? found.value : (JSON.stringify(found.value) ?? '');
      } catch {
        // A value that cannot be written out cannot have been written into the host either.
        return false;
      }
      // Case-insensitively: the host name is lowercased, the value may not be.
      return secrets.appearsIn(text) || secrets.appearsIn(text.toLowerCase());
    });
  }
  if (fromSecret) {
    secrets.addDerived(url.host);
    secrets.addDerived(url.hostname);
  }
}

/** The config field a pointer into `{ headers, query, body }` stands for, in words. */
function fieldName(pointer: string, config: HttpsRequestConfig): string {
  const [, list, index, ...inner] = pointer.split('/');
  const position = Number(index);
  if (list === 'headers') return `header ${config.headers?.[position]?.key ?? index}`;
  if (list === 'query') return `query parameter ${config.query?.[position]?.key ?? index}`;
  return inner.length > 0 || index !== undefined ? `body/${[index, ...inner].join('/')}` : 'body';
}

/** Runs one `https_request` step to the end: every attempt and every wait. */
export async function runHttpsRequest(runtime: HttpsStepRuntime): Promise<StepOutcome> {
  const config = runtime.step.config as unknown as HttpsRequestConfig;
  // A schema that could never check the response fails the step before anything is sent.
  // Preparing it may load the pattern engine: a cancel or time limit meanwhile ends the step.
  if (config.responseSchema !== undefined) {
    const schemaProblem = await untilStopped(responseSchemaProblem(config.responseSchema), runtime.signal);
    if (schemaProblem === STOPPED) return { ok: false, error: stopError(runtime.signal, 0) };
    if (schemaProblem !== undefined) return failure('invalid_config', schemaProblem, 0);
  }
  const unresolved: string[] = [];
  const method = config.method;
  const configHeaders = config.headers ?? [];
  const configQuery = config.query ?? [];

  const urlResult = resolveTemplate(config.url, runtime.templates, { target: 'url' });
  if (!urlResult.ok) {
    // A reason is said of a value that would change the URL's host or path (never the value itself).
    for (const reference of urlResult.unresolved)
      unresolved.push(`${reference.text} in url${reference.message ? ` (${reference.message})` : ''}`);
  }
  const resolvedUrl = urlResult.ok ? urlResult.value : undefined;
  // Headers, query and body in one pass; a reference's pointer says which field it was in.
  const rest: JsonValue = {
    headers: configHeaders.map((pair) => pair.value),
    query: configQuery.map((pair) => pair.value),
    ...(config.body !== undefined ? { body: config.body } : {}),
  };
  const restResult = resolveTemplate(rest, runtime.templates);
  if (!restResult.ok) {
    for (const reference of restResult.unresolved)
      unresolved.push(`${reference.text} in ${fieldName(reference.pointer, config)}`);
  }
  const resolvedRest = (restResult.ok ? restResult.value : { headers: [], query: [] }) as {
    headers: JsonValue[];
    query: JsonValue[];
    body?: JsonValue;
  };
  const query = configQuery.map((pair, index) => [pair.key, resolvedRest.query[index]] as const);
  const headerList = configHeaders.map((pair, index) => ({
    name: pair.key,
    template: pair.value,
    value: resolvedRest.headers[index],
  }));
  const body = resolvedRest.body;

  let signingKey: Promise<SigningKey> | undefined;
  let signingSecret: string | undefined;
  let signingSecretName: string | undefined;
  if (config.signing) {
    signingSecretName = soleSecretReference(config.signing.secret);
    if (signingSecretName === undefined) {
      return failure('invalid_config', 'signing.secret must be exactly one secret reference, {{ secrets.<name> }}.', 0);
    }
    // The run's own secrets, by own name: never a property a record inherits.
    signingSecret = runtime.secrets.value(signingSecretName);
    if (signingSecret === undefined) unresolved.push(`${config.signing.secret} in signing.secret`);
  }

  if (unresolved.length > 0) {
    return failure('reference_unresolved', `Could not resolve ${unresolved.join(', ')}.`, 0);
  }
  if (signingSecret === '') {
    // An empty HMAC key signs in some runtimes and is refused in others; a signature
    // anyone can compute protects nothing. Validation never sees values, so it is checked here.
    return failure(
      'invalid_config',
      `The signing secret "${signingSecretName}" is empty; a request is signed only with a secret of at least one character.`,
      0,
    );
  }
  if (signingSecret !== undefined && !runtime.hmacHex) signingKey = runtime.secrets.signingKey(signingSecretName!);

  if (typeof resolvedUrl !== 'string') {
    return failure('invalid_config', 'The URL does not resolve to text.', 0);
  }
  let url: URL;
  try {
    url = new URL(resolvedUrl);
  } catch {
    return failure('invalid_config', `The URL "${runtime.secrets.redact(resolvedUrl)}" is not an absolute URL.`, 0);
  }
  hideSecretHost(runtime, config.url, url);
  if (url.username !== '' || url.password !== '') {
    // fetch refuses such URLs, and a password in a URL ends up in logs: credentials go in a header.
    return failure(
      'invalid_config',
      'The URL must not carry a user name or password; send credentials in a header instead.',
      0,
    );
  }
  const queryPairs: [string, string][] = [];
  for (const [key, value] of query) {
    queryPairs.push([key, typeof value === 'string' ? value : JSON.stringify(value)]);
  }
  appendQuery(url, queryPairs);

  // A host that is an IP address may load the address tables: a cancel or time limit meanwhile ends the step.
  const verdict = await untilStopped(checkDestination(url, runtime.policy), runtime.signal);
  if (verdict === STOPPED) return { ok: false, error: stopError(runtime.signal, 0) };
  if (!verdict.allowed) return failure('blocked_destination', verdict.message, 0);

  const headers: [string, string][] = [];
  // What events show: a header whose template names a secret is hidden whole; any other
  // header still has secret values scrubbed out by the event's redaction.
  const redactedHeaders: Record<string, string> | undefined = runtime.emit ? {} : undefined;
  const lowerNames = new Set<string>();
  const clientManaged = (name: string): StepOutcome =>
    failure('invalid_config', `The header ${name} is managed by the HTTP client and cannot be set by a step.`, 0);
  const signatureHeader = config.signing?.header ?? DEFAULT_SIGNATURE_HEADER;
  if (config.signing && CLIENT_MANAGED_HEADERS.has(signatureHeader.toLowerCase()))
    return clientManaged(signatureHeader);
  for (const header of headerList) {
    if (CLIENT_MANAGED_HEADERS.has(header.name.toLowerCase())) return clientManaged(header.name);
    const value = typeof header.value === 'string' ? header.value : JSON.stringify(header.value);
    if (!SAFE_HEADER_VALUE.test(value)) {
      return failure(
        'invalid_config',
        `The value of header ${header.name} contains a line break or a character a header cannot carry.`,
        0,
      );
    }
    headers.push([header.name, value]);
    lowerNames.add(header.name.toLowerCase());
    if (redactedHeaders) {
      setOwn(redactedHeaders, header.name, secretNamesIn(header.template).length > 0 ? REDACTED : value);
    }
  }

  // Sent as text: fetch encodes it as UTF-8, the same bytes the signature covers.
  let bodyText: string | undefined;
  if (body !== undefined) {
    if (!METHODS_WITH_BODY.includes(method)) {
      return failure('invalid_config', `A ${method} request cannot carry a body.`, 0);
    }
    try {
      bodyText = JSON.stringify(body);
    } catch (error) {
      // Unreachable for the JSON data a run holds (definitions, bodies and host data are
      // copied and bounded on the way in); kept so a body can never make the run reject.
      return failure('invalid_config', `The body could not be written as JSON: ${describeError(error)}.`, 0);
    }
    if (!lowerNames.has('content-type')) {
      headers.push(['Content-Type', 'application/json']);
      if (redactedHeaders) redactedHeaders['Content-Type'] = 'application/json';
    }
  }
  if (METHODS_WITH_IDEMPOTENCY_KEY.includes(method) && !lowerNames.has('idempotency-key')) {
    const keyOrPromise = idempotencyKey(runtime.runId, runtime.step.id);
    const key = typeof keyOrPromise === 'string' ? keyOrPromise : await keyOrPromise;
    headers.push([IDEMPOTENCY_KEY_HEADER, key]);
    if (redactedHeaders) redactedHeaders[IDEMPOTENCY_KEY_HEADER] = key;
  }

  const retryIntervals = config.retryIntervals ?? [];
  const timeoutMilliseconds = (config.timeoutSeconds ?? DEFAULT_TIMEOUT_SECONDS) * 1000;
  const shownUrl = runtime.emit ? runtime.secrets.redact(url.href) : '';

  let last: AttemptFailure | undefined;
  const firstAttempt = Math.min(Math.max(1, runtime.firstAttempt ?? 1), retryIntervals.length + 1);
  for (let attempt = firstAttempt; attempt <= retryIntervals.length + 1; attempt++) {
    const attemptHeaders = headers.slice();
    let signature: string | undefined;
    if (signingSecret !== undefined) {
      // Signed per attempt: a retry long after the first attempt still carries a fresh timestamp.
      signature = runtime.hmacHex
        ? nodeSignature(runtime.hmacHex, runtime.now, signingSecret, bodyText)
        : await webCryptoSignature(runtime.now, signingSecret, signingKey, bodyText);
      attemptHeaders.push([signatureHeader, signature]);
    }
    if (runtime.emit && redactedHeaders) {
      const shownHeaders =
        signature === undefined ? redactedHeaders : { ...redactedHeaders, [signatureHeader]: signature };
      runtime.emit({
        type: 'attempt_started',
        runId: runtime.runId,
        stepId: runtime.step.id,
        attempt,
        method,
        url: shownUrl,
        headers: runtime.secrets.redactData({ ...shownHeaders }),
        at: runtime.now(),
      });
    }

    const result = await attemptOnce(
      runtime,
      { url, method, headers: attemptHeaders, body: bodyText },
      timeoutMilliseconds,
      config,
    );
    if ('output' in result) return { ok: true, output: result.output, attempts: attempt };

    last = { ...result, message: runtime.secrets.redact(result.message) };
    const retriesLeft = attempt <= retryIntervals.length && last.retryable && !runtime.signal.aborted;
    const delaySeconds = retriesLeft ? retryDelaySeconds(retryIntervals[attempt - 1]!, last.retryAfterSeconds) : null;
    runtime.emit?.({
      type: 'attempt_failed',
      runId: runtime.runId,
      stepId: runtime.step.id,
      attempt,
      reason:
        last.status === undefined
          ? { type: last.type, message: last.message }
          : { type: last.type, message: last.message, status: last.status },
      nextDelaySeconds: delaySeconds,
      at: runtime.now(),
    });
    if (delaySeconds === null) return failure(last.type, last.message, attempt, last.status);
    try {
      await runtime.sleep(delaySeconds * 1000, runtime.signal);
    } catch {
      // Only cancellation interrupts the wait.
    }
    if (runtime.signal.aborted) {
      const stop = stopReason(runtime.signal);
      return failure(stop.type, stop.message, attempt, last.status);
    }
  }
  // Unreachable: the loop returns on its last attempt.
  return failure(last?.type ?? 'network', last?.message ?? 'No attempt was made.', retryIntervals.length + 1);
}

/** `t=<unix seconds>,v1=<hex>` over the body, with the platform's synchronous HMAC. */
function nodeSignature(
  hmacHex: NonNullable<HttpsStepRuntime['hmacHex']>,
  now: () => number,
  secret: string,
  body: string | undefined,
): string {
  const timestamp = Math.floor(now() / 1000);
  return `t=${timestamp},v1=${hmacHex(secret, timestamp, body ?? '')}`;
}

/** The same signature through Web Crypto, with the key imported once per secret. */
async function webCryptoSignature(
  now: () => number,
  secret: string,
  key: Promise<SigningKey> | undefined,
  body: string | undefined,
): Promise<string> {
  return signRequest({ body, secret: key ? await key : secret, now });
}

/** One request and its response, bounded by the attempt's timeout and the run's signal. */
async function attemptOnce(
  runtime: HttpsStepRuntime,
  request: OutgoingRequest,
  timeoutMilliseconds: number,
  config: HttpsRequestConfig,
): Promise<{ output: JsonValue } | AttemptFailure> {
  if (runtime.signal.aborted) return { ...stopReason(runtime.signal), retryable: false };
  const response = await runtime.transport(request, {
    timeoutMilliseconds,
    signal: runtime.signal,
    maxResponseBytes: runtime.maxResponseBytes,
  });
  if ('type' in response) {
    switch (response.type) {
      case 'timeout':
        return {
          type: 'timeout',
          message: `No complete response within ${timeoutMilliseconds / 1000} seconds.`,
          retryable: true,
        };
      case 'cancelled':
        return { ...stopReason(runtime.signal), retryable: false };
      case 'network':
        return { type: 'network', message: response.message, retryable: true };
      default:
        return { type: response.type, message: response.message, retryable: false };
    }
  }

  const { status } = response;
  if (status === 0 || (status >= 300 && status < 400)) {
    const location = response.headers['location'];
    return {
      type: 'http_status',
      message: `The server answered ${status || 'with a redirect'}${location ? ` to ${location}` : ''}; redirects are not followed.`,
      ...(status ? { status } : {}),
      retryable: false,
    };
  }
  if (status < 200 || status > 299) {
    const retryable = isRetryableStatus(status);
    const retryAfterSeconds = retryable
      ? parseRetryAfter(response.headers['retry-after'] ?? null, runtime.now())
      : undefined;
    return {
      type: 'http_status',
      message: `The server answered ${status}${response.statusText ? ` ${response.statusText}` : ''}.`,
      status,
      retryable,
      ...(retryAfterSeconds !== undefined ? { retryAfterSeconds } : {}),
    };
  }
  if (response.body === TOO_LARGE) {
    return {
      type: 'response_too_large',
      message: `The response body is larger than ${runtime.maxResponseBytes} bytes.`,
      status,
      retryable: false,
    };
  }

  const output = toOutput(response, response.body);
  if (output === TOO_DEEP) {
    return {
      type: 'response_too_large',
      message: `The response body is nested deeper than ${MAX_DATA_NESTING.toLocaleString('en-US')} levels of arrays and objects.`,
      status,
      retryable: false,
    };
  }
  if (config.responseSchema) {
    const check = await checkResponseSchema(config.responseSchema, output.body);
    if (!check.ok) {
      return {
        type: check.kind === 'mismatch' ? 'response_schema_mismatch' : 'invalid_config',
        message: check.message,
        status,
        retryable: false,
      };
    }
  }
  return { output: output as unknown as JsonValue };
}
