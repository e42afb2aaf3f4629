// ---------------------------------------------------------------------------
// The executor's only Node-specific module, loaded by dynamic import when running in
// Node. It gives a fetch whose connections go through an undici Agent whose DNS lookup
// checks every resolved address against the network policy. The check runs on the
// addresses the socket then connects to, so a name that resolves to 127.0.0.1 is
// refused and DNS rebinding between a check and the connect is impossible.
// ---------------------------------------------------------------------------

import { createHmac } from 'node:crypto';
import { lookup as dnsLookup, type LookupAddress as DnsLookupAddress } from 'node:dns';
import { isIP } from 'node:net';
import { Agent, fetch as undiciFetch, type Dispatcher } from 'undici';
import { isBlockedAddress, isBlockedHostName, privateNetworkAllowed } from '../network-policy';
import type { FetchFunction, LookupAddress, NetworkPolicy } from '../types';

/** Thrown from the connect-time lookup when a destination is refused; found in the fetch error's `cause` chain. */
export class BlockedDestinationError extends Error {
  /** Marks the error across realms, where `instanceof` fails. */
  readonly code = 'ERR_BLOCKED_DESTINATION';

  constructor(message: string) {
    super(message);
    this.name = 'BlockedDestinationError';
  }
}

type LookupCallback = (
  error: NodeJS.ErrnoException | null,
  address: string | DnsLookupAddress[],
  family?: number,
) => void;

interface LookupOptions {
  all?: boolean;
  family?: number | string;
}

function resolveWithDns(hostname: string, family: number): Promise<LookupAddress[]> {
  return new Promise((resolve, reject) => {
    dnsLookup(hostname, { all: true, family, verbatim: true }, (error, addresses) => {
      if (error) reject(error);
      else resolve(addresses.map((entry) => ({ address: entry.address, family: entry.family === 6 ? 6 : 4 })));
    });
  });
}

/**
 * A `lookup` for `net.connect` / `tls.connect` that resolves the name, refuses it when
 * any resolved address is blocked, and otherwise hands the addresses to the socket.
 */
function guardedLookup(policy: NetworkPolicy) {
  return (hostname: string, options: LookupOptions | number, callback: LookupCallback): void => {
    const lookupOptions: LookupOptions = typeof options === 'number' ? { family: options } : options;
    const family = lookupOptions.family === 'IPv6' ? 6 : lookupOptions.family === 'IPv4' ? 4 : Number(lookupOptions.family ?? 0);
    const resolve = policy.lookup ?? ((name: string) => resolveWithDns(name, family));
    resolve(hostname).then(
      (addresses) => {
        const usable = addresses.filter((entry) => isIP(entry.address) !== 0);
        if (usable.length === 0) {
          const error: NodeJS.ErrnoException = new Error(`No address found for ${hostname}`);
          error.code = 'ENOTFOUND';
          callback(error, '');
          return;
        }
        if (!privateNetworkAllowed(hostname, policy)) {
          const blocked = usable.find((entry) => isBlockedAddress(entry.address));
          if (blocked || isBlockedHostName(hostname)) {
            callback(
              new BlockedDestinationError(
                `The destination ${hostname} resolves to ${blocked?.address ?? 'a loopback or metadata name'}, a loopback, private, link-local or metadata address, which workflows may not reach.`,
              ),
              '',
            );
            return;
          }
        }
        if (lookupOptions.all) callback(null, usable.map((entry) => ({ address: entry.address, family: entry.family })));
        else callback(null, usable[0]!.address, usable[0]!.family);
      },
      (error: unknown) => callback(error instanceof Error ? error : new Error(String(error)), ''),
    );
  };
}

/**
 * Agents are shared by policy so connections are kept alive across runs; a custom
 * `lookup` function keys its own agents by identity.
 */
const agentsByPolicy = new Map<string, Agent>();
const agentsByLookup = new WeakMap<NonNullable<NetworkPolicy['lookup']>, Map<string, Agent>>();

function policyKey(policy: NetworkPolicy): string {
  return JSON.stringify([
    policy.allowPrivateNetwork === true,
    [...(policy.allowedHosts ?? [])].sort(),
    typeof policy.ca === 'string' ? [policy.ca] : [...(policy.ca ?? [])],
  ]);
}

function agentFor(policy: NetworkPolicy): Agent {
  const key = policyKey(policy);
  let agents = agentsByPolicy;
  if (policy.lookup) {
    agents = agentsByLookup.get(policy.lookup) ?? new Map<string, Agent>();
    agentsByLookup.set(policy.lookup, agents);
  }
  let agent = agents.get(key);
  if (!agent) {
    const ca = typeof policy.ca === 'string' ? [policy.ca] : policy.ca ? [...policy.ca] : undefined;
    agent = new Agent({
      connect: {
        lookup: guardedLookup(policy),
        ...(ca ? { ca } : {}),
      },
    });
    agents.set(key, agent);
  }
  return agent;
}

/**
 * Hex HMAC-SHA256 of the signed payload `"<timestamp>.<body>"` (body as UTF-8) with
 * Node's crypto. The executor signs with this in Node because a Web Crypto sign there is
 * an async thread-pool job costing several times the synchronous call; the bytes are
 * those of `signedPayload` (the public signRequest stays on Web Crypto). Fed in two
 * pieces so the payload is never concatenated.
 */
export function hmacSha256Hex(secret: string, timestamp: number, body: string): string {
  return createHmac('sha256', secret).update(`${timestamp}.`, 'utf8').update(body, 'utf8').digest('hex');
}

/**
 * One request's hold on its connection: fetch dispatches through it, and `abort` ends
 * the request at any stage (waiting for a connection, sending, receiving the body).
 * This is how the guarded fetch honours a signal: handing the signal to undici's
 * fetch makes every Request follow it (listener bookkeeping, a WeakRef and a
 * FinalizationRegistry entry per request), the largest single cost of a short request.
 */
class AbortableDispatch {
  private abortRequest: ((reason: Error) => void) | undefined;
  private reason: Error | undefined;
  private finished = false;

  constructor(
    private readonly agent: Agent,
    private readonly onFinished: () => void,
  ) {}

  /** Called by fetch: the agent's dispatch, with the handler's abort kept for {@link abort}. */
  dispatch(options: Dispatcher.DispatchOptions, handler: Dispatcher.DispatchHandler): boolean {
    // The forwarding methods are called with undici's `this`, so they reach this object by name.
    const request = this;
    const finish = (): void => {
      if (request.finished) return;
      request.finished = true;
      request.onFinished();
    };
    // fetch's handler is of undici's callback kind (no onRequestStart), so this one is too.
    const forwarding: Dispatcher.DispatchHandler = {
      onConnect(abort) {
        handler.onConnect?.(abort);
        if (request.reason) abort(request.reason);
        else request.abortRequest = abort;
      },
      onResponseStarted() {
        handler.onResponseStarted?.();
      },
      onHeaders(statusCode, headers, resume, statusText) {
        return handler.onHeaders?.(statusCode, headers, resume, statusText) ?? true;
      },
      onData(chunk) {
        return handler.onData?.(chunk) ?? true;
      },
      onComplete(trailers) {
        finish();
        handler.onComplete?.(trailers);
      },
      onError(error) {
        finish();
        handler.onError?.(error);
      },
      onUpgrade(statusCode, headers, socket) {
        handler.onUpgrade?.(statusCode, headers, socket);
      },
    };
    return this.agent.dispatch(options, forwarding);
  }

  /** Ends the request with `reason`; once it has completed or failed, does nothing. */
  abort(reason: Error): void {
    if (this.finished || this.reason) return;
    this.reason = reason;
    this.abortRequest?.(reason);
  }
}

function abortReason(signal: AbortSignal): Error {
  const reason: unknown = signal.reason;
  return reason instanceof Error ? reason : new DOMException('This operation was aborted', 'AbortError');
}

/**
 * A fetch that enforces the network policy on the addresses actually connected to,
 * and trusts `policy.ca` in addition to the system's certificate authorities.
 *
 * A `signal` is honoured as fetch does: aborted before the response, the promise
 * rejects with the signal's reason; aborted while the body is read, the body errors
 * (a `TypeError` whose `cause` is the reason). Either way the connection is closed.
 */
export function createGuardedFetch(policy: NetworkPolicy): FetchFunction {
  const agent = agentFor(policy);
  return (input, init) => {
    const signal = init?.signal;
    if (!signal) {
      return undiciFetch(input, { ...(init as Parameters<typeof undiciFetch>[1]), dispatcher: agent }) as unknown as Promise<Response>;
    }
    if (signal.aborted) return Promise.reject(abortReason(signal));
    const { signal: _signal, ...rest } = init;
    return new Promise<Response>((resolve, reject) => {
      const onAbort = (): void => {
        const reason = abortReason(signal);
        request.abort(reason);
        reject(reason);
      };
      const request = new AbortableDispatch(agent, () => signal.removeEventListener('abort', onAbort));
      signal.addEventListener('abort', onAbort, { once: true });
      // fetch only calls `dispatch` on its dispatcher; the per-request object stands in for the agent.
      const dispatcher = request as unknown as Dispatcher;
      undiciFetch(input, { ...(rest as Parameters<typeof undiciFetch>[1]), dispatcher }).then(
        (response) => resolve(response as unknown as Response),
        (error: unknown) => {
          // Never dispatched (a bad URL or init): nothing else will remove the listener.
          signal.removeEventListener('abort', onAbort);
          reject(error);
        },
      );
    });
  };
}
