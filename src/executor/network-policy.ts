// ---------------------------------------------------------------------------
// The network policy's pure part: which URLs and addresses a step may reach. Runs
// everywhere (browser included). In Node the adapter (node/guarded-agent.ts) applies
// `isBlockedAddress` again to every address DNS returns, at connect time.
// ---------------------------------------------------------------------------

import type { NetworkPolicy } from './types';

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

function inV4(bytes: readonly number[], prefix: readonly number[], bits: number): boolean {
  for (let i = 0; i < 4 && bits > 0; i++, bits -= 8) {
    const mask = bits >= 8 ? 255 : (255 << (8 - bits)) & 255;
    if ((bytes[i]! & mask) !== (prefix[i]! & mask)) return false;
  }
  return true;
}

/** Loopback, "this network", private, shared (CGNAT), link-local (metadata), benchmarking, documentation, multicast, reserved. */
const BLOCKED_V4: readonly [number[], number][] = [
  [[0, 0, 0, 0], 8],
  [[10, 0, 0, 0], 8],
  [[100, 64, 0, 0], 10],
  [[127, 0, 0, 0], 8],
  [[169, 254, 0, 0], 16],
  [[172, 16, 0, 0], 12],
  [[192, 0, 0, 0], 24],
  [[192, 0, 2, 0], 24],
  [[192, 168, 0, 0], 16],
  [[198, 18, 0, 0], 15],
  [[198, 51, 100, 0], 24],
  [[203, 0, 113, 0], 24],
  [[224, 0, 0, 0], 4],
  [[240, 0, 0, 0], 4],
];

function isBlockedV4(bytes: readonly number[]): boolean {
  return BLOCKED_V4.some(([prefix, bits]) => inV4(bytes, prefix, bits));
}

function isBlockedV6(groups: readonly number[]): boolean {
  const [g0 = 0, g1 = 0, g2 = 0, g3 = 0, g4 = 0, g5 = 0, g6 = 0, g7 = 0] = groups;
  const embeddedV4 = [g6 >> 8, g6 & 255, g7 >> 8, g7 & 255];
  const firstFiveZero = g0 === 0 && g1 === 0 && g2 === 0 && g3 === 0 && g4 === 0;
  // ::, ::1 and IPv4-compatible ::a.b.c.d; IPv4-mapped ::ffff:a.b.c.d; NAT64 64:ff9b::a.b.c.d
  if (firstFiveZero && g5 === 0) return g6 === 0 ? g7 <= 1 || isBlockedV4(embeddedV4) : isBlockedV4(embeddedV4);
  if (firstFiveZero && g5 === 0xffff) return isBlockedV4(embeddedV4);
  if (g0 === 0x64 && g1 === 0xff9b && g2 === 0 && g3 === 0 && g4 === 0 && g5 === 0) return isBlockedV4(embeddedV4);
  // 6to4 carries an IPv4 address in groups 1-2.
  if (g0 === 0x2002) return isBlockedV4([g1 >> 8, g1 & 255, g2 >> 8, g2 & 255]);
  if ((g0 & 0xfe00) === 0xfc00) return true; // unique local fc00::/7 (incl. AWS fd00:ec2::254)
  if ((g0 & 0xffc0) === 0xfe80) return true; // link-local fe80::/10
  if ((g0 & 0xffc0) === 0xfec0) return true; // site-local fec0::/10 (deprecated, still private)
  if ((g0 & 0xff00) === 0xff00) return true; // multicast
  if (g0 === 0x2001 && g1 === 0x0db8) return true; // documentation
  if (g0 === 0x0100 && g1 === 0 && g2 === 0 && g3 === 0) return true; // discard-only
  return false;
}

/**
 * Whether an IP address (any IPv4 spelling, or IPv6) is one a workflow must not reach
 * by default: loopback, private, link-local, unique-local, cloud metadata, multicast or
 * reserved. Text that is not an IP address gives `false`.
 */
export function isBlockedAddress(address: string): boolean {
  const v4 = parseIpv4(address);
  if (v4) return isBlockedV4(v4);
  const v6 = parseIpv6(address);
  return v6 ? isBlockedV6(v6) : false;
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

/**
 * Checks what can be checked without DNS: the scheme (`https:`, or `http:` with
 * `allowHttp`) and the literal host (IP spellings, loopback and metadata names).
 * In a browser this is the whole check; in Node the adapter also checks every address
 * a name resolves to.
 */
export function checkDestination(url: URL, policy: NetworkPolicy): DestinationVerdict {
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
  if (isBlockedAddress(normaliseHost(host)) || isBlockedHostName(host)) {
    return {
      allowed: false,
      message: `The destination ${url.host} is a loopback, private, link-local or metadata address, which workflows may not reach.`,
    };
  }
  return { allowed: true };
}
