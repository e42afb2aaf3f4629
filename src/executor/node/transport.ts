// ---------------------------------------------------------------------------
// The Node transport: each attempt goes straight to undici's dispatcher (the guarded
// Agent), not through undici's `fetch`. Fetch wraps every request and response in web
// streams, Request/Response objects and abort-signal bookkeeping; on a loopback request
// that is most of the client's cost, and the step needs none of it. Kept as fetch does:
// redirects are not followed, gzip/deflate/br bodies are decoded, `Accept`,
// `Accept-Encoding` and `User-Agent` are sent unless the config sets them.
// ---------------------------------------------------------------------------

import { constants as bufferConstants } from 'node:buffer';
import {
  brotliDecompress,
  constants as zlibConstants,
  gunzip,
  inflate,
  inflateRaw,
  type BrotliOptions,
  type ZlibOptions,
} from 'node:zlib';
import type { Agent, Dispatcher } from 'undici';
import {
  EMPTY_BODY,
  NEVER_ABORTED,
  TOO_LARGE,
  failureFromError,
  setHeader,
  type AttemptLimits,
  type OutgoingRequest,
  type ReceivedResponse,
  type Transport,
  type TransportFailure,
} from '../http/transport';
import type { NetworkPolicy } from '../types';
import { guardedAgent } from './guarded-agent';

/** Sent unless the config sets the header itself (lower-case names). */
const DEFAULT_HEADERS: readonly (readonly [string, string])[] = [
  ['accept', '*/*'],
  ['accept-encoding', 'gzip, deflate, br'],
  ['user-agent', 'workflow-editor'],
];

type Decompress = (
  buffer: Buffer,
  options: ZlibOptions & BrotliOptions,
  callback: (error: Error | null, result: Buffer) => void,
) => void;

interface Decoder {
  decompress: Decompress;
  /**
   * As lenient as fetch (and curl): a stream cut short after its data, such as a gzip
   * body missing its trailer, still gives what it holds rather than failing.
   */
  flush: ZlibOptions & BrotliOptions;
}

const ZLIB_FLUSH = { flush: zlibConstants.Z_SYNC_FLUSH, finishFlush: zlibConstants.Z_SYNC_FLUSH };
const BROTLI_FLUSH = { flush: zlibConstants.BROTLI_OPERATION_FLUSH, finishFlush: zlibConstants.BROTLI_OPERATION_FLUSH };

/** Content codings decoded, as fetch decodes them; `deflate` may come zlib-wrapped or raw. */
const DECODERS = new Map<string, (body: Buffer) => Decoder>([
  ['gzip', () => ({ decompress: gunzip, flush: ZLIB_FLUSH })],
  ['x-gzip', () => ({ decompress: gunzip, flush: ZLIB_FLUSH })],
  ['br', () => ({ decompress: brotliDecompress, flush: BROTLI_FLUSH })],
  // A zlib stream starts with a CMF byte whose low nibble is 8 (deflate); servers also send raw deflate.
  ['deflate', (body) => ({ decompress: (body[0]! & 0x0f) === 0x08 ? inflate : inflateRaw, flush: ZLIB_FLUSH })],
]);

/** More codings than this are refused, as fetch refuses them (decompression bombs by stacking). */
const MAX_CONTENT_CODINGS = 5;

/** Why an attempt was ended from our side. */
type Ending = 'timeout' | 'cancelled';

// A plain Error: only undici sees it (as the abort reason), after the attempt has settled
// with `timeout` or `cancelled`, so it never reaches a host or a step's error.
class TransportAbort extends Error {
  constructor(readonly ending: Ending) {
    super(ending === 'timeout' ? 'The attempt timed out.' : 'The run was cancelled.');
    this.name = 'AbortError';
  }
}

/**
 * A transport whose connections go through the policy's guarded Agent (every resolved
 * address checked at connect time) and trust `policy.ca` besides the system's CAs.
 */
export function createNodeTransport(policy: NetworkPolicy): Transport {
  const agent = guardedAgent(policy);
  return (request, limits) =>
    new Promise<ReceivedResponse | TransportFailure>((resolve) => {
      new NodeAttempt(limits, resolve).send(agent, request);
    });
}

/**
 * One attempt: the dispatch handler that collects the response, and the timer and run
 * signal that can end it. Settles exactly once.
 */
class NodeAttempt implements Dispatcher.DispatchHandler {
  private controller: Dispatcher.DispatchController | undefined;
  /** Set when we ended the attempt before undici handed over its controller. */
  private pendingAbort: TransportAbort | undefined;
  private settled = false;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private status = 0;
  private statusText = '';
  private headers: Record<string, string> = {};
  private chunks: Buffer[] = [];
  private receivedBytes = 0;

  constructor(
    private readonly limits: AttemptLimits,
    private readonly resolve: (result: ReceivedResponse | TransportFailure) => void,
  ) {}

  send(agent: Agent, request: OutgoingRequest): void {
    const { url } = request;
    const headers: string[] = [];
    const named = new Set<string>();
    for (const [name, value] of request.headers) {
      headers.push(name, value);
      named.add(name.toLowerCase());
    }
    for (const [name, value] of DEFAULT_HEADERS) if (!named.has(name)) headers.push(name, value);

    this.timer = setTimeout(this.onTimeout, this.limits.timeoutMilliseconds);
    if (this.limits.signal !== NEVER_ABORTED)
      this.limits.signal.addEventListener('abort', this.onCancel, { once: true });
    try {
      agent.dispatch(
        {
          origin: url.origin,
          path: `${url.pathname}${url.search}`,
          method: request.method,
          headers,
          body: request.body ?? null,
        },
        this,
      );
    } catch (error) {
      this.failWith(error);
    }
  }

  // ---- ending the attempt from our side -----------------------------------------

  private readonly onTimeout = (): void => this.end('timeout');
  private readonly onCancel = (): void => this.end('cancelled');

  private end(ending: Ending): void {
    if (this.settled) return;
    // Settled first: aborting calls back into onResponseError, which must find it settled.
    // An error response whose body was still being drained has said what matters, its
    // status (and Retry-After): it is reported as such, as the fetch transport does.
    this.settle(this.status >= 300 ? this.response(EMPTY_BODY) : { type: ending });
    const reason = new TransportAbort(ending);
    if (this.controller) this.controller.abort(reason);
    else this.pendingAbort = reason;
  }

  private stopWatching(): void {
    clearTimeout(this.timer);
    if (this.limits.signal !== NEVER_ABORTED) this.limits.signal.removeEventListener('abort', this.onCancel);
  }

  private settle(result: ReceivedResponse | TransportFailure): void {
    if (this.settled) return;
    this.settled = true;
    this.stopWatching();
    this.resolve(result);
  }

  private get isSuccess(): boolean {
    return this.status >= 200 && this.status <= 299;
  }

  private response(body: Uint8Array | typeof TOO_LARGE): ReceivedResponse {
    return { status: this.status, statusText: this.statusText, headers: this.headers, body };
  }

  private failWith(error: unknown): void {
    this.settle(failureFromError(error));
  }

  /** Ends the exchange early once its outcome is known (too large, or a drained error body). */
  private stopReceiving(result: ReceivedResponse): void {
    this.settle(result);
    // A plain Error: the abort reason undici gets after the attempt has settled; nothing reads it.
    this.controller?.abort(new Error('Response no longer read.'));
  }

  // ---- undici's dispatch handler ------------------------------------------------

  onRequestStart(controller: Dispatcher.DispatchController): void {
    this.controller = controller;
    if (this.pendingAbort) controller.abort(this.pendingAbort);
  }

  onResponseStart(
    _controller: Dispatcher.DispatchController,
    statusCode: number,
    headers: Record<string, string | string[] | undefined>,
    statusMessage?: string,
  ): void {
    if (this.settled || statusCode < 200) return;
    this.status = statusCode;
    this.statusText = statusMessage ?? '';
    for (const name in headers) {
      const value = headers[name];
      if (value !== undefined) setHeader(this.headers, name, typeof value === 'string' ? value : value.join(', '));
    }
    if (statusCode >= 300 && statusCode < 400) {
      // A redirect is reported, never followed: its body is of no use, so it is not waited for.
      this.stopReceiving(this.response(EMPTY_BODY));
      return;
    }
    const declared = this.headers['content-length'];
    if (
      this.isSuccess &&
      declared !== undefined &&
      /^\d+$/.test(declared) &&
      Number(declared) > this.limits.maxResponseBytes
    ) {
      this.stopReceiving(this.response(TOO_LARGE));
    }
  }

  onResponseData(_controller: Dispatcher.DispatchController, chunk: Buffer): void {
    if (this.settled) return;
    this.receivedBytes += chunk.length;
    if (this.receivedBytes > this.limits.maxResponseBytes) {
      // An error body is only drained: past the limit the connection is not worth keeping.
      this.stopReceiving(this.response(this.isSuccess ? TOO_LARGE : EMPTY_BODY));
      return;
    }
    if (this.isSuccess) this.chunks.push(chunk);
  }

  onResponseEnd(): void {
    if (this.settled) return;
    // The whole body is in: the attempt's time limit no longer applies to decoding it.
    this.stopWatching();
    if (!this.isSuccess) {
      this.settle(this.response(EMPTY_BODY));
      return;
    }
    const body = this.chunks.length === 1 ? this.chunks[0]! : Buffer.concat(this.chunks, this.receivedBytes);
    this.chunks = [];
    const encoding = this.headers['content-encoding'];
    // An empty body (a 204, or a 200 with Content-Length: 0) has nothing to decode: zlib
    // would call it a truncated stream, while fetch returns it empty.
    if (encoding === undefined || body.length === 0) {
      this.settle(this.response(body));
      return;
    }
    decodeBody(body, encoding, this.limits.maxResponseBytes).then(
      (decoded) => this.settle(decoded === TOO_LARGE ? this.response(TOO_LARGE) : this.response(decoded)),
      (error: unknown) =>
        this.settle({
          type: 'network',
          message: `The response body could not be decoded (${encoding}): ${error instanceof Error ? error.message : String(error)}`,
        }),
    );
  }

  onResponseError(_controller: Dispatcher.DispatchController, error: Error): void {
    if (this.settled) return;
    // An error response already told us its status; failing to drain it changes nothing.
    if (this.status !== 0 && !this.isSuccess) this.settle(this.response(EMPTY_BODY));
    else this.failWith(error);
  }
}

/**
 * Undoes the content codings of a body, last applied first, as fetch does. A coding
 * this does not know leaves the body as it came. The decoded size is held to `limit`.
 */
async function decodeBody(body: Buffer, contentEncoding: string, limit: number): Promise<Buffer | typeof TOO_LARGE> {
  const codings = contentEncoding
    .toLowerCase()
    .split(',')
    .map((coding) => coding.trim())
    .filter((coding) => coding !== '' && coding !== 'identity');
  if (codings.length > MAX_CONTENT_CODINGS) {
    // A plain Error, like the network errors it joins: it ends as the step's `network` message,
    // which names each error's `code` in the cause chain, so a code here would change that message.
    throw new Error(`${codings.length} content codings, more than the ${MAX_CONTENT_CODINGS} accepted`);
  }
  if (codings.some((coding) => !DECODERS.has(coding))) return body;
  const maxOutputLength = Math.max(1, Math.min(limit, bufferConstants.MAX_LENGTH));
  let decoded = body;
  for (const coding of codings.reverse()) {
    const { decompress, flush } = DECODERS.get(coding)!(decoded);
    try {
      decoded = await new Promise<Buffer>((resolve, reject) => {
        decompress(decoded, { ...flush, maxOutputLength }, (error, result) =>
          error ? reject(error) : resolve(result),
        );
      });
    } catch (error) {
      if ((error as { code?: unknown }).code === 'ERR_BUFFER_TOO_LARGE') return TOO_LARGE;
      throw error;
    }
  }
  return decoded.length > limit ? TOO_LARGE : decoded;
}
