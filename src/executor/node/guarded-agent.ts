// ---------------------------------------------------------------------------
// Connections under the network policy: an undici Agent whose DNS lookup checks every
// resolved address. The check runs on the addresses the socket then connects to, so a
// name that resolves to 127.0.0.1 is refused and DNS rebinding between a check and the
// connect is impossible.
// ---------------------------------------------------------------------------

import { lookup as dnsLookup, type LookupAddress as DnsLookupAddress } from 'node:dns';
import { isIP } from 'node:net';
import { Agent } from 'undici';
import { WorkflowEditorError } from '../../definition/errors';
// The address tables load with this module: every resolved address is checked synchronously.
import { describeBlockedAddress, isBlockedAddress } from '../address-ranges';
import { BLOCKED_DESTINATION_CODE } from '../http/transport';
import { isBlockedHostName, privateNetworkAllowed } from '../network-policy';
import type { LookupAddress, NetworkPolicy } from '../types';

/** Raised by the connect-time lookup when a destination is refused; the request's error (or its cause). */
export class BlockedDestinationError extends WorkflowEditorError<typeof BLOCKED_DESTINATION_CODE> {
  constructor(message: string) {
    // The code keeps undici's style: it marks the error across realms, where `instanceof` fails.
    super(BLOCKED_DESTINATION_CODE, message);
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

/** Most addresses of one lookup answer looked at: more than any resolver gives for a name. */
const MAX_LOOKUP_ADDRESSES = 1000;

/** What kind of value a lookup gave, for messages (never the value, which may name a secret host). */
function kindOf(value: unknown): string {
  if (value === null) return 'null';
  if (value === undefined) return 'nothing';
  if (Array.isArray(value)) return 'a list';
  const type = typeof value;
  return type === 'object' ? 'an object' : `a ${type === 'bigint' ? 'BigInt' : type}`;
}

/**
 * Raised for a host `lookup` whose answer is not a list of addresses: the attempt fails with `network`.
 * The lookup errors here are plain Errors, as a DNS failure is: they end as the step's
 * `network` message, which names each error's `code`, so a code would change that message.
 */
function lookupAnswerError(what: string): Error {
  return new Error(`options.network.lookup returned ${what} instead of a list of addresses ({ address, family } each)`);
}

/**
 * The IP addresses of a lookup's answer, each with the family its spelling has, or an
 * error saying why the answer is no list of addresses. The answer is the host's: it is
 * read defensively (a getter or proxy that throws is an error too), and never thrown.
 */
function addressesOf(answer: unknown): LookupAddress[] | Error {
  try {
    if (!Array.isArray(answer)) return lookupAnswerError(kindOf(answer));
    const addresses: LookupAddress[] = [];
    const length = Math.min(answer.length, MAX_LOOKUP_ADDRESSES);
    for (let index = 0; index < length; index++) {
      const entry: unknown = answer[index];
      const address: unknown =
        entry !== null && typeof entry === 'object' ? (entry as { address?: unknown }).address : undefined;
      if (typeof address !== 'string') {
        const got = entry !== null && typeof entry === 'object' ? 'an object without a text address' : kindOf(entry);
        return lookupAnswerError(`a list whose entry ${index} is ${got}`);
      }
      // The family comes from the address's spelling: the connect must not be told another.
      const family = isIP(address);
      // Text that is no IP address (a name, a padded address) is not connected to, as before.
      if (family !== 0) addresses.push({ address, family: family === 6 ? 6 : 4 });
    }
    return addresses;
  } catch (error) {
    // Plain, as a DNS failure is (see lookupAnswerError).
    return error instanceof Error ? error : new Error(`options.network.lookup's answer could not be read`);
  }
}

/** A rejection (or synchronous throw) of the host's lookup as the error the socket gets. */
function lookupFailure(error: unknown): Error {
  if (error instanceof Error) return error;
  // Plain, as a DNS failure is (see lookupAnswerError).
  return new Error(`options.network.lookup failed with ${kindOf(error)} instead of an error`);
}

/**
 * A `lookup` for `net.connect` / `tls.connect` that resolves the name, refuses it when
 * any resolved address is blocked, and otherwise hands the addresses to the socket.
 * Whatever the host's `lookup` does (throws, rejects, answers something that is no list
 * of addresses) ends as an error given to the socket, so the attempt fails at once
 * with `network`; nothing is left to reject unobserved.
 */
function guardedLookup(policy: NetworkPolicy) {
  return (hostname: string, options: LookupOptions | number, callback: LookupCallback): void => {
    const lookupOptions: LookupOptions = typeof options === 'number' ? { family: options } : options;
    const family =
      lookupOptions.family === 'IPv6' ? 6 : lookupOptions.family === 'IPv4' ? 4 : Number(lookupOptions.family ?? 0);
    const resolve = policy.lookup ?? ((name: string) => resolveWithDns(name, family));
    // A new promise catches a synchronous throw and adopts any thenable (or plain value) answered.
    new Promise<unknown>((settle) => settle(resolve(hostname)))
      .then(addressesOf, lookupFailure)
      .then((addresses) => {
        if (addresses instanceof Error) {
          callback(addresses, '');
          return;
        }
        if (addresses.length === 0) {
          // The error Node's own resolver gives for a name without addresses (plain, with its errno code).
          const error: NodeJS.ErrnoException = new Error(`No address found for ${hostname}`);
          error.code = 'ENOTFOUND';
          callback(error, '');
          return;
        }
        if (!privateNetworkAllowed(hostname, policy)) {
          const blocked = addresses.find((entry) => isBlockedAddress(entry.address));
          if (blocked || isBlockedHostName(hostname)) {
            const why = blocked
              ? `resolves to ${blocked.address}, ${describeBlockedAddress(blocked.address) ?? 'a special-purpose range'}, not a globally reachable address`
              : 'is a loopback or metadata name';
            callback(
              new BlockedDestinationError(`The destination ${hostname} ${why}, which workflows may not reach.`),
              '',
            );
            return;
          }
        }
        if (lookupOptions.all)
          callback(
            null,
            addresses.map((entry) => ({ address: entry.address, family: entry.family })),
          );
        else callback(null, addresses[0]!.address, addresses[0]!.family);
      })
      .catch(() => {
        // Only the socket's own callback can throw here, and then the socket is past
        // listening: the rejection is ended here rather than left unhandled (which ends
        // a Node process).
      });
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

/** The shared Agent for a policy: its connections check every resolved address. */
export function guardedAgent(policy: NetworkPolicy): Agent {
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
