// ---------------------------------------------------------------------------
// The special-purpose address tables, compiled: whether an IP address is one a workflow
// must not reach, and why, decided by the most specific row. Synchronous once loaded.
//
// In Node the guarded agent (node/guarded-agent.ts) imports this module with itself and
// checks every address DNS returns, at connect time. Elsewhere the network policy
// (network-policy.ts) loads it the first time a URL's host is an IP address: a page can
// only check the literal host, and most hosts are names, which need none of it.
// ---------------------------------------------------------------------------

import { parseIpv4, parseIpv6 } from './network-policy';
import {
  SPECIAL_PURPOSE_IPV4,
  SPECIAL_PURPOSE_IPV6,
  type EmbeddedIpv4,
  type SpecialPurposeRange,
} from './special-purpose-addresses';

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
    // A plain Error: this is a typo in the tables, caught by the tests when the
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
