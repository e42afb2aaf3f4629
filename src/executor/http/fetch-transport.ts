// ---------------------------------------------------------------------------
// The transport on a `fetch`: browsers (the global fetch) and hosts that pass their own
// `options.fetch`. Redirects come back unfollowed (`redirect: "manual"`); the attempt's
// timeout and the run's signal abort through one AbortController.
// ---------------------------------------------------------------------------

import type { FetchFunction } from '../types';
import { readBodyWithin } from './response';
import {
  EMPTY_BODY,
  NEVER_ABORTED,
  failureFromError,
  setHeader,
  type AttemptLimits,
  type OutgoingRequest,
  type ReceivedResponse,
  type Transport,
  type TransportFailure,
} from './transport';

function headerRecord(response: Response): Record<string, string> {
  const headers: Record<string, string> = {};
  // Headers iterate with lower-cased names and repeated ones already joined, except
  // Set-Cookie, which comes once per value: joined here too, or only the last would stay.
  response.headers.forEach((value, name) => {
    const earlier = Object.hasOwn(headers, name) ? headers[name] : undefined;
    setHeader(headers, name, earlier === undefined ? value : `${earlier}, ${value}`);
  });
  return headers;
}

/** A transport that sends every attempt with `fetch`. */
export function createFetchTransport(fetch: FetchFunction): Transport {
  return (request, limits) => sendWithFetch(fetch, request, limits);
}

async function sendWithFetch(
  fetch: FetchFunction,
  request: OutgoingRequest,
  limits: AttemptLimits,
): Promise<ReceivedResponse | TransportFailure> {
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, limits.timeoutMilliseconds);
  const cancel = (): void => controller.abort();
  const cancellable = limits.signal !== NEVER_ABORTED;
  if (cancellable) limits.signal.addEventListener('abort', cancel, { once: true });
  const aborted = (): TransportFailure => (timedOut ? { type: 'timeout' } : { type: 'cancelled' });
  try {
    let response: Response;
    try {
      response = await fetch(request.url.href, {
        method: request.method,
        headers: request.headers as [string, string][],
        ...(request.body !== undefined ? { body: request.body } : {}),
        redirect: 'manual',
        signal: controller.signal,
      });
    } catch (error) {
      if (controller.signal.aborted) return aborted();
      return failureFromError(error);
    }
    const status = response.type === 'opaqueredirect' ? 0 : response.status;
    const received = { status, statusText: response.statusText, headers: headerRecord(response) };
    if (status < 200 || status > 299) {
      if (status >= 300 && status < 400) {
        await response.body?.cancel().catch(() => undefined);
      } else {
        // Drained (within the limit) so the connection can be reused; its content is not reported.
        await readBodyWithin(response, limits.maxResponseBytes).catch(() => undefined);
      }
      return { ...received, body: EMPTY_BODY };
    }
    try {
      return { ...received, body: await readBodyWithin(response, limits.maxResponseBytes) };
    } catch (error) {
      if (controller.signal.aborted) return aborted();
      return failureFromError(error);
    }
  } finally {
    clearTimeout(timer);
    if (cancellable) limits.signal.removeEventListener('abort', cancel);
  }
}
