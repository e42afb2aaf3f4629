// ---------------------------------------------------------------------------
// The network policy's pure part: which URLs and addresses a step may reach. Runs
// everywhere (browser included). In Node the adapter (node/guarded-agent.ts) applies the
// address tables again to every address DNS returns, at connect time.
//
// The address tables (address-ranges.ts, with the IANA registries' rows) load the first
// time a URL's host is an IP address: most hosts are names, and a page that runs steps
// should not fetch the tables for them. Where they cannot be loaded, a URL whose host is
// an IP address is refused.
// ---------------------------------------------------------------------------

import { describeError } from './json-data';
import { loadOnce } from './load-once';
import type { NetworkPolicy } from './types';

type AddressRanges = typeof import('./address-ranges');

/** Loads the address tables once; after a failed load, the next IP address asks again. */
const loadAddressRanges = loadOnce(() => import('./address-ranges'));

/** Why a destination was refused; absent when it is allowed. */
export type DestinationVerdict = { allowed: true } | { allowed: false; message: string };

/** Names that reach the host itself or a cloud metadata service without looking like an address. */
const BLOCKED_HOST_NAMES = new Set([
  'localhost',
  'localhost.localdomain',
  'metadata',
  'metadata.google.internal',
  'metadata.goog',
  'instance-data',
  'instance-data.ec2.internal',
]);

/** Reserved suffixes: `.localhost` is loopback by RFC 6761, `.internal` is private-use (ICANN 2024). */
const BLOCKED_HOST_SUFFIXES = ['.localhost', '.internal'];

/**
 * Parses an IPv4 address the way URL parsers and `inet_aton` do: 1 to 4 parts, each
 * decimal, `0x` hex or `0` octal, the last part filling the remaining bytes
 * (`2130706433`, `0x7f000001`, `0177.1`, `127.1` are all 127.0.0.1).
 * Returns the four bytes, or undefined when the text is not an IPv4 address.
 */
export function parseIpv4(text: string): [number, number, number, number] | undefined {
  const parts = text.endsWith('.') ? text.slice(0, -1).split('.') : text.split('.');
  if (parts.length === 0 || parts.length > 4) return undefined;
  const numbers: number[] = [];
  for (const part of parts) {
    let value: number;
    if (/^0[xX][0-9a-fA-F]*$/.test(part)) value = part.length === 2 ? 0 : Number.parseInt(part.slice(2), 16);
    else if (/^0[0-7]+$/.test(part)) value = Number.parseInt(part.slice(1), 8);
    else if (/^(0|[1-9][0-9]*)$/.test(part)) value = Number(part);
    else return undefined;
    numbers.push(value);
  }
  const last = numbers.pop()!;
  if (numbers.some((value) => value > 255)) return undefined;
  if (last >= 256 ** (4 - numbers.length)) return undefined;
  let address = last;
  numbers.forEach((value, index) => {
    address += value * 256 ** (3 - index);
  });
  return [(address >>> 24) & 255, (address >>> 16) & 255, (address >>> 8) & 255, address & 255];
}

/** Parses an IPv6 address (optionally in brackets, with a zone or an embedded IPv4 tail) to eight 16-bit groups. */
export function parseIpv6(text: string): number[] | undefined {
  let source = text.startsWith('[') && text.endsWith(']') ? text.slice(1, -1) : text;
  const zone = source.indexOf('%');
  if (zone !== -1) source = source.slice(0, zone);
  if (!source.includes(':')) return undefined;
  const lastColon = source.lastIndexOf(':');
  const maybeV4 = source.slice(lastColon + 1);
  if (maybeV4.includes('.')) {
    // An embedded IPv4 tail (::ffff:127.0.0.1) becomes two hex groups.
    if (!/^\d{1,3}(\.\d{1,3}){3}$/.test(maybeV4)) return undefined;
    const bytes = maybeV4.split('.').map(Number);
    if (bytes.some((byte) => byte > 255)) return undefined;
    const high = (bytes[0]! * 256 + bytes[1]!).toString(16);
    const low = (bytes[2]! * 256 + bytes[3]!).toString(16);
    source = `${source.slice(0, lastColon + 1)}${high}:${low}`;
  }
  const halves = source.split('::');
  if (halves.length > 2) return undefined;
  const parseGroups = (half: string): number[] | undefined => {
    if (half === '') return [];
    const groups: number[] = [];
    for (const group of half.split(':')) {
      if (!/^[0-9a-fA-F]{1,4}$/.test(group)) return undefined;
      groups.push(Number.parseInt(group, 16));
    }
    return groups;
  };
  const head = parseGroups(halves[0]!);
  const rest = halves.length === 2 ? parseGroups(halves[1]!) : [];
  if (!head || !rest) return undefined;
  const total = head.length + rest.length;
  if (halves.length === 2) {
    if (total > 7) return undefined;
    return [...head, ...new Array<number>(8 - total).fill(0), ...rest];
  }
  return total === 8 ? head : undefined;
}

/** Whether a host name (not an address) is a loopback or metadata name. */
export function isBlockedHostName(hostname: string): boolean {
  const name = normaliseHost(hostname);
  return BLOCKED_HOST_NAMES.has(name) || BLOCKED_HOST_SUFFIXES.some((suffix) => name.endsWith(suffix));
}

function normaliseHost(hostname: string): string {
  let name = hostname.toLowerCase();
  if (name.startsWith('[') && name.endsWith(']')) name = name.slice(1, -1);
  while (name.endsWith('.')) name = name.slice(0, -1);
  return name;
}

/** Whether `hostname` is listed in `allowedHosts` (exactly, or under a `*.` entry). */
export function isAllowedHost(hostname: string, allowedHosts: readonly string[] | undefined): boolean {
  if (!allowedHosts || allowedHosts.length === 0) return false;
  const name = normaliseHost(hostname);
  return allowedHosts.some((entry) => {
    const allowed = normaliseHost(entry);
    if (allowed.startsWith('*.')) return name.endsWith(allowed.slice(1));
    return name === allowed;
  });
}

/** Whether the policy lets this host through the private-address checks. */
export function privateNetworkAllowed(hostname: string, policy: NetworkPolicy): boolean {
  return policy.allowPrivateNetwork === true || isAllowedHost(hostname, policy.allowedHosts);
}

/** Whether text is an IP address in a spelling the address tables read (any IPv4 spelling, or IPv6). */
function isIpAddress(text: string): boolean {
  return parseIpv4(text) !== undefined || parseIpv6(text) !== undefined;
}

/**
 * Whether an IP address (any IPv4 spelling, or IPv6) is one a workflow must not reach by
 * default: any range the IANA special-purpose registries mark not globally reachable,
 * multicast, IPv6 outside global unicast, and IPv6 forms that carry such an IPv4 address
 * (docs/executor.md lists them); the most specific row decides. Text that is not an IP
 * address gives `false` without the tables; for an address, the first call loads them,
 * and rejects when they cannot be loaded.
 */
export async function isBlockedAddress(address: string): Promise<boolean> {
  if (!isIpAddress(address)) return false;
  return (await loadAddressRanges()).isBlockedAddress(address);
}

/**
 * Checks what can be checked without DNS: the scheme (`https:`, or `http:` with
 * `allowHttp`) and the literal host (IP spellings, loopback and metadata names).
 * In a browser this is the whole check; in Node the adapter also checks every address
 * a name resolves to. A host that is an IP address loads the address tables the first
 * time; where they cannot be loaded, that destination is refused. Never rejects.
 */
export async function checkDestination(url: URL, policy: NetworkPolicy): Promise<DestinationVerdict> {
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && policy.allowHttp === true)) {
    return {
      allowed: false,
      message:
        url.protocol === 'http:'
          ? 'Only https:// URLs are allowed (the executor was not started with allowHttp).'
          : `Only https:// URLs are allowed, not ${url.protocol}.`,
    };
  }
  const host = url.hostname;
  if (privateNetworkAllowed(host, policy)) return { allowed: true };
  const address = normaliseHost(host);
  if (isIpAddress(address)) {
    let ranges: AddressRanges;
    try {
      ranges = await loadAddressRanges();
    } catch (error) {
      return {
        allowed: false,
        message: `The URL's destination ${url.host} is an IP address that cannot be checked: the code that checks addresses could not be loaded (${describeError(error)}), so it is not reached.`,
      };
    }
    const blockedRange = ranges.describeBlockedAddress(address);
    if (blockedRange) {
      return {
        allowed: false,
        message: `The destination ${url.host} is ${blockedRange}, not a globally reachable address, which workflows may not reach.`,
      };
    }
  }
  if (isBlockedHostName(host)) {
    return {
      allowed: false,
      message: `The destination ${url.host} is a loopback, private, link-local or metadata address, which workflows may not reach.`,
    };
  }
  return { allowed: true };
}
