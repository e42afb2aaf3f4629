// ---------------------------------------------------------------------------
// Connections under the network policy: an undici Agent whose DNS lookup checks every
// resolved address. The check runs on the addresses the socket then connects to, so a
// name that resolves to 127.0.0.1 is refused and DNS rebinding between a check and the
// connect is impossible.
// ---------------------------------------------------------------------------

import { lookup as dnsLookup, type LookupAddress as DnsLookupAddress } from 'node:dns';
import { isIP } from 'node:net';
import { Agent } from 'undici';
import { BLOCKED_DESTINATION_CODE } from '../http/transport';
import { describeBlockedAddress, isBlockedAddress, isBlockedHostName, privateNetworkAllowed } from '../network-policy';
import type { LookupAddress, NetworkPolicy } from '../types';

/** Raised by the connect-time lookup when a destination is refused; the request's error (or its cause). */
export class BlockedDestinationError extends Error {
  /** Marks the error across realms, where `instanceof` fails. */
  readonly code = BLOCKED_DESTINATION_CODE;

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
            const why = blocked
              ? `resolves to ${blocked.address}, ${describeBlockedAddress(blocked.address) ?? 'a special-purpose range'}, not a globally reachable address`
              : 'is a loopback or metadata name';
            callback(new BlockedDestinationError(`The destination ${hostname} ${why}, which workflows may not reach.`), '');
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
