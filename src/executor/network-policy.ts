// ---------------------------------------------------------------------------
// The network policy's pure part: which URLs and addresses a step may reach. Runs
// everywhere (browser included). In Node the adapter (node/guarded-agent.ts) applies
// `isBlockedAddress` again to every address DNS returns, at connect time.
// ---------------------------------------------------------------------------

import {
  SPECIAL_PURPOSE_IPV4,
  SPECIAL_PURPOSE_IPV6,
  type EmbeddedIpv4,
  type SpecialPurposeRange,
} from './special-purpose-addresses';
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

// --- Address ranges: compiled once from the tables, decided by the most specific row ---

/** A table row as numbers: the network, the prefix length, and a mask over the full width. */
interface CompiledRange {
  readonly row: SpecialPurposeRange;
  readonly network: bigint;
  readonly mask: bigint;
  readonly bits: number;
}

function ipv4Value(bytes: readonly number[]): bigint {
  return bytes.reduce((value, byte) => (value << 8n) | BigInt(byte), 0n);
}

function ipv6Value(groups: readonly number[]): bigint {
  return groups.reduce((value, group) => (value << 16n) | BigInt(group), 0n);
}

/**
 * Parses every prefix of a table once, longest first, so the first match is the most
 * specific row. A row that does not parse is a mistake in the table, not input: it
 * stops the module from loading rather than leaving a range silently open.
 */
function compile(rows: readonly SpecialPurposeRange[], width: 32 | 128): readonly CompiledRange[] {
  const compiled = rows.map((row) => {
    const match = /^([^/]+)\/(\d{1,3})$/.exec(row.prefix);
    const bits = match ? Number(match[2]) : Number.NaN;
    const address = match ? (width === 32 ? parseDottedIpv4(match[1]!) : parseIpv6(match[1]!)) : undefined;
    // A plain Error: this is a typo in the constant table above, caught by the tests when the
    // module loads, never an error a host can meet or branch on.
    if (!address || !(bits >= 0 && bits <= width))
      throw new Error(`The address table holds an unreadable prefix: ${row.prefix}`);
    const all = (1n << BigInt(width)) - 1n;
    const mask = all ^ ((1n << BigInt(width - bits)) - 1n);
    const value = width === 32 ? ipv4Value(address) : ipv6Value(address);
    return { row, network: value & mask, mask, bits };
  });
  return compiled.sort((a, b) => b.bits - a.bits);
}

/** Strict dotted-quad, for the tables only (no short or octal spellings there). */
function parseDottedIpv4(text: string): number[] | undefined {
  if (!/^\d{1,3}(\.\d{1,3}){3}$/.test(text)) return undefined;
  const bytes = text.split('.').map(Number);
  return bytes.every((byte) => byte <= 255) ? bytes : undefined;
}

const IPV4_RANGES = compile(SPECIAL_PURPOSE_IPV4, 32);
const IPV6_RANGES = compile(SPECIAL_PURPOSE_IPV6, 128);

function mostSpecific(ranges: readonly CompiledRange[], value: bigint): CompiledRange | undefined {
  return ranges.find((range) => (value & range.mask) === range.network);
}

const LOW_32 = 0xffffffffn;

/** The IPv4 addresses an IPv6 row carries, as 32-bit values. */
function embeddedIpv4(value: bigint, embedding: EmbeddedIpv4): bigint[] {
  switch (embedding) {
    case 'last-32-bits':
      return [value & LOW_32];
    case '6to4':
      return [(value >> 80n) & LOW_32];
    case 'teredo':
      // The server, then the client, whose address Teredo stores inverted.
      return [(value >> 64n) & LOW_32, (value & LOW_32) ^ LOW_32];
  }
}

/** What a blocked address is, for messages: its range, and the IPv4 address inside when that decided. */
interface BlockedRange {
  readonly range: SpecialPurposeRange;
  readonly embedded?: { readonly address: string; readonly range: SpecialPurposeRange };
}

function dottedIpv4(value: bigint): string {
  return [24n, 16n, 8n, 0n].map((shift) => String((value >> shift) & 255n)).join('.');
}

function blockedIpv4(value: bigint): SpecialPurposeRange | undefined {
  const range = mostSpecific(IPV4_RANGES, value);
  return range?.row.blocked ? range.row : undefined;
}

function blockedIpv6(value: bigint): BlockedRange | undefined {
  const range = mostSpecific(IPV6_RANGES, value);
  if (!range) return undefined;
  if (range.row.blocked) return { range: range.row };
  if (!range.row.embedsIpv4) return undefined;
  for (const inner of embeddedIpv4(value, range.row.embedsIpv4)) {
    const innerRange = blockedIpv4(inner);
    if (innerRange) return { range: range.row, embedded: { address: dottedIpv4(inner), range: innerRange } };
  }
  return undefined;
}

function findBlockedRange(address: string): BlockedRange | undefined {
  const v4 = parseIpv4(address);
  if (v4) {
    const range = blockedIpv4(ipv4Value(v4));
    return range ? { range } : undefined;
  }
  const v6 = parseIpv6(address);
  return v6 ? blockedIpv6(ipv6Value(v6)) : undefined;
}

/**
 * Whether an IP address (any IPv4 spelling, or IPv6) is one a workflow must not reach
 * by default: any range the IANA special-purpose registries mark not globally reachable
 * (loopback, private, shared, link-local and cloud metadata, documentation,
 * benchmarking, reserved, unique-local, local-use NAT64, ...), multicast, IPv6 outside
 * global unicast, and IPv6 forms that carry such an IPv4 address (IPv4-mapped, NAT64,
 * 6to4, Teredo). The ranges are the rows of `SPECIAL_PURPOSE_IPV4` and
 * `SPECIAL_PURPOSE_IPV6`; the most specific row decides. Text that is not an IP address
 * gives `false`.
 */
export function isBlockedAddress(address: string): boolean {
  return findBlockedRange(address) !== undefined;
}

/**
 * Why an address is blocked, in words for an error message (`"in 127.0.0.0/8
 * (Loopback, RFC 1122, section 3.2.1.3)"`), or undefined when it is not blocked.
 */
export function describeBlockedAddress(address: string): string | undefined {
  const blocked = findBlockedRange(address);
  if (!blocked) return undefined;
  const describe = (range: SpecialPurposeRange) => `${range.prefix} (${range.name}, ${range.rfc})`;
  const outer = `in ${describe(blocked.range)}`;
  return blocked.embedded
    ? `${outer}, carrying ${blocked.embedded.address} in ${describe(blocked.embedded.range)}`
    : outer;
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
  const blockedRange = describeBlockedAddress(normaliseHost(host));
  if (blockedRange) {
    return {
      allowed: false,
      message: `The destination ${url.host} is ${blockedRange}, not a globally reachable address, which workflows may not reach.`,
    };
  }
  if (isBlockedHostName(host)) {
    return {
      allowed: false,
      message: `The destination ${url.host} is a loopback, private, link-local or metadata address, which workflows may not reach.`,
    };
  }
  return { allowed: true };
}
