// ---------------------------------------------------------------------------
// How an HTTPS step's attempt reaches the network. The step builds one request and
// hands it to a transport with the attempt's limits; the transport answers with the
// response (status, headers, body read within the limit) or says why there is none.
// Two transports exist: one on any `fetch` (browsers, or a host's own fetch) and, in
// Node, one straight on undici's dispatcher (node/transport.ts).
// ---------------------------------------------------------------------------

import type { HttpMethod } from '../../definition';

/** One request, fully resolved: what goes on the wire. */
export interface OutgoingRequest {
  url: URL;
  method: HttpMethod;
  /** In the order sent; names as the config spells them. */
  headers: readonly (readonly [string, string])[];
  /** Sent as UTF-8; absent for no body. */
  body: string | undefined;
}

/** What bounds one attempt. */
export interface AttemptLimits {
  /** From sending until the whole body is in. */
  timeoutMilliseconds: number;
  /** The run's signal: cancels the attempt. */
  signal: AbortSignal;
  /** A 2xx body longer than this (after content decoding) is not read further. */
  maxResponseBytes: number;
}

/** Marks a body that went past the limit (the rest was not read). */
export const TOO_LARGE = Symbol('response too large');

/** A response that arrived. */
export interface ReceivedResponse {
  /** 0 for a browser's opaque redirect, whose real status a page may not see. */
  status: number;
  statusText: string;
  /** Lower-cased names; a repeated header's values joined with ", ". */
  headers: Record<string, string>;
  /**
   * The body of a 2xx response, decoded, or {@link TOO_LARGE}. Any other response is
   * drained (so its connection can be reused) and comes with an empty body.
   */
  body: Uint8Array | typeof TOO_LARGE;
}

/** Why an attempt has no response. */
export type TransportFailure =
  | { type: 'timeout' }
  | { type: 'cancelled' }
  | { type: 'blocked_destination'; message: string }
  /** The request cannot be sent as built (a header the HTTP client refuses). */
  | { type: 'invalid_config'; message: string }
  | { type: 'network'; message: string };

/** Sends one attempt. Never rejects: every failure is a {@link TransportFailure}. */
export type Transport = (
  request: OutgoingRequest,
  limits: AttemptLimits,
) => Promise<ReceivedResponse | TransportFailure>;

export const EMPTY_BODY = new Uint8Array(0);

/**
 * Sets a response header on a plain record. A header a server names `__proto__` is
 * defined as an own property: assigning it would try to change the record's prototype.
 */
export function setHeader(headers: Record<string, string>, name: string, value: string): void {
  if (name === '__proto__')
    Object.defineProperty(headers, name, { value, enumerable: true, writable: true, configurable: true });
  else headers[name] = value;
}

/** The shared signal of runs the host cannot cancel: transports skip listening to it. */
export const NEVER_ABORTED: AbortSignal = new AbortController().signal;

/** Code of the error the Node transport's connect-time lookup raises for a refused destination. */
export const BLOCKED_DESTINATION_CODE = 'ERR_BLOCKED_DESTINATION';

/** Errors and their causes, outermost first (HTTP clients hide the reason in `cause`). */
function* causeChain(error: unknown): Generator<Error> {
  for (let current = error, depth = 0; current instanceof Error && depth < 8; current = current.cause, depth++) {
    yield current;
  }
}

/** The network policy's refusal, when an error (or one of its causes) is one. */
function blockedDestinationIn(error: unknown): Error | undefined {
  for (const current of causeChain(error)) {
    if ((current as { code?: unknown }).code === BLOCKED_DESTINATION_CODE) return current;
  }
  return undefined;
}

/** The most specific description of a network error: every message in the cause chain, with its code. */
function networkMessage(error: unknown): string {
  const parts: string[] = [];
  for (const current of causeChain(error)) {
    const code = (current as { code?: unknown }).code;
    parts.push(
      typeof code === 'string' && !current.message.includes(code) ? `${current.message} (${code})` : current.message,
    );
  }
  return parts.length > 0 ? `The request failed: ${parts.join(': ')}` : `The request failed: ${String(error)}`;
}

/**
 * Codes of undici's refusals to send a request as built: a header name, value or
 * framing header it checks before sending (`Transfer-Encoding`, `Content-Length: abc`),
 * and `Expect`, which it does not support. Nothing was sent and a retry would be
 * refused the same, so it is the config's fault, not the network's.
 */
const REFUSED_REQUEST_CODES = new Set(['UND_ERR_INVALID_ARG', 'UND_ERR_NOT_SUPPORTED']);

/** A thrown error as a transport failure: the policy's refusal, a request the client refuses, or a network error. */
export function failureFromError(error: unknown): TransportFailure {
  const blocked = blockedDestinationIn(error);
  if (blocked) return { type: 'blocked_destination', message: blocked.message };
  for (const current of causeChain(error)) {
    if (REFUSED_REQUEST_CODES.has((current as { code?: unknown }).code as string)) {
      return { type: 'invalid_config', message: `The request cannot be sent: ${current.message}.` };
    }
  }
  return { type: 'network', message: networkMessage(error) };
}
