// ---------------------------------------------------------------------------
// The address ranges the network policy knows, as data: the IANA IPv4 and IPv6
// Special-Purpose Address Registries row by row, plus the few ranges those
// registries leave out (multicast, the IPv6 space outside global unicast, and the
// IPv4-in-IPv6 formats that were deprecated or never registered).
//
// The policy (network-policy.ts) compiles these prefixes once and decides an address
// by its most specific row, so a globally reachable exception such as 192.0.0.9/32
// opens only itself inside a blocked block such as 192.0.0.0/24. The tests are
// generated from these rows: adding a row adds its tests.
//
// Registry snapshot: IANA IPv4 and IPv6 Special-Purpose Address Registries as updated
// in 2025 (including 100:0:0:1::/64 from RFC 9780 and 2001:1::3/128 from RFC 9665).
// ---------------------------------------------------------------------------

/** Where a row comes from. */
export type AddressRangeSource =
  /** A row of the IANA IPv4 Special-Purpose Address Registry. */
  | 'IANA IPv4 Special-Purpose Address Registry'
  /** A row of the IANA IPv6 Special-Purpose Address Registry. */
  | 'IANA IPv6 Special-Purpose Address Registry'
  /** The IANA IPv4 Address Space Registry (multicast is not a special-purpose row). */
  | 'IANA IPv4 Address Space Registry'
  /** The IANA IPv6 Address Space Registry (global unicast, multicast, the reserved rest). */
  | 'IANA IPv6 Address Space Registry'
  /** Defined by an RFC but in no registry today (deprecated IPv4-in-IPv6 formats). */
  | 'RFC only';

/**
 * Where an IPv6 row carries an IPv4 address that the packet really goes to, so the
 * IPv6 address is blocked exactly when that IPv4 address is:
 * - `last-32-bits`: the low 32 bits (IPv4-mapped `::ffff:a.b.c.d`, NAT64 `64:ff9b::a.b.c.d`);
 * - `6to4`: bits 16 to 47 (`2002:AABB:CCDD::`);
 * - `teredo`: the Teredo server in bits 32 to 63 and the client, inverted, in the low 32
 *   bits; either one being blocked blocks the address.
 */
export type EmbeddedIpv4 = 'last-32-bits' | '6to4' | 'teredo';

/** One address range and what the executor's network policy does with it. */
export interface SpecialPurposeRange {
  /** The range in CIDR notation, network address first (`64:ff9b:1::/48`). */
  readonly prefix: string;
  /** The registry's name for the range. */
  readonly name: string;
  /** The RFC(s) that define the range. */
  readonly rfc: string;
  /**
   * The registry's "Globally Reachable" column as printed: `true`, `false`, or `'N/A'`
   * (also used when the cell is blank). For rows that are not special-purpose rows it
   * is what the source registry implies (multicast and reserved space: `false`).
   */
  readonly globallyReachable: boolean | 'N/A';
  /** The registry or document the row is taken from. */
  readonly source: AddressRangeSource;
  /**
   * Whether the executor refuses addresses for which this is the most specific row.
   * A row that is not blocked but has `embedsIpv4` is decided by the IPv4 address inside.
   */
  readonly blocked: boolean;
  /** Set when the address carries the IPv4 address the traffic really reaches. */
  readonly embedsIpv4?: EmbeddedIpv4;
  /** Why the executor's decision differs from, or adds to, the registry column. */
  readonly note?: string;
}

const v4 = 'IANA IPv4 Special-Purpose Address Registry' as const;
const v6 = 'IANA IPv6 Special-Purpose Address Registry' as const;

/** Freezes the table and every row, so a caller cannot edit what the policy was built from. */
function frozen(rows: SpecialPurposeRange[]): readonly SpecialPurposeRange[] {
  return Object.freeze(rows.map((row) => Object.freeze(row)));
}

/** IPv4 ranges, in registry order, then the ones the registry leaves out. */
export const SPECIAL_PURPOSE_IPV4: readonly SpecialPurposeRange[] = frozen([
  {
    prefix: '0.0.0.0/8',
    name: '"This network"',
    rfc: 'RFC 791, section 3.2',
    globallyReachable: false,
    source: v4,
    blocked: true,
  },
  {
    prefix: '0.0.0.0/32',
    name: '"This host on this network"',
    rfc: 'RFC 1122, section 3.2.1.3',
    globallyReachable: false,
    source: v4,
    blocked: true,
  },
  { prefix: '10.0.0.0/8', name: 'Private-Use', rfc: 'RFC 1918', globallyReachable: false, source: v4, blocked: true },
  {
    prefix: '100.64.0.0/10',
    name: 'Shared Address Space',
    rfc: 'RFC 6598',
    globallyReachable: false,
    source: v4,
    blocked: true,
  },
  {
    prefix: '127.0.0.0/8',
    name: 'Loopback',
    rfc: 'RFC 1122, section 3.2.1.3',
    globallyReachable: false,
    source: v4,
    blocked: true,
  },
  {
    prefix: '169.254.0.0/16',
    name: 'Link Local',
    rfc: 'RFC 3927',
    globallyReachable: false,
    source: v4,
    blocked: true,
  },
  {
    prefix: '172.16.0.0/12',
    name: 'Private-Use',
    rfc: 'RFC 1918',
    globallyReachable: false,
    source: v4,
    blocked: true,
  },
  {
    prefix: '192.0.0.0/24',
    name: 'IETF Protocol Assignments',
    rfc: 'RFC 6890, section 2.1',
    globallyReachable: false,
    source: v4,
    blocked: true,
  },
  {
    prefix: '192.0.0.0/29',
    name: 'IPv4 Service Continuity Prefix',
    rfc: 'RFC 7335',
    globallyReachable: false,
    source: v4,
    blocked: true,
  },
  {
    prefix: '192.0.0.8/32',
    name: 'IPv4 dummy address',
    rfc: 'RFC 7600',
    globallyReachable: false,
    source: v4,
    blocked: true,
  },
  {
    prefix: '192.0.0.9/32',
    name: 'Port Control Protocol Anycast',
    rfc: 'RFC 7723',
    globallyReachable: true,
    source: v4,
    blocked: false,
  },
  {
    prefix: '192.0.0.10/32',
    name: 'Traversal Using Relays around NAT Anycast',
    rfc: 'RFC 8155',
    globallyReachable: true,
    source: v4,
    blocked: false,
  },
  {
    prefix: '192.0.0.170/32',
    name: 'NAT64/DNS64 Discovery',
    rfc: 'RFC 8880, RFC 7050 section 2.2',
    globallyReachable: false,
    source: v4,
    blocked: true,
  },
  {
    prefix: '192.0.0.171/32',
    name: 'NAT64/DNS64 Discovery',
    rfc: 'RFC 8880, RFC 7050 section 2.2',
    globallyReachable: false,
    source: v4,
    blocked: true,
  },
  {
    prefix: '192.0.2.0/24',
    name: 'Documentation (TEST-NET-1)',
    rfc: 'RFC 5737',
    globallyReachable: false,
    source: v4,
    blocked: true,
  },
  { prefix: '192.31.196.0/24', name: 'AS112-v4', rfc: 'RFC 7535', globallyReachable: true, source: v4, blocked: false },
  { prefix: '192.52.193.0/24', name: 'AMT', rfc: 'RFC 7450', globallyReachable: true, source: v4, blocked: false },
  {
    prefix: '192.88.99.0/24',
    name: 'Deprecated (6to4 Relay Anycast)',
    rfc: 'RFC 7526',
    globallyReachable: 'N/A',
    source: v4,
    blocked: true,
    note: 'Deprecated in 2015; the relays it named are gone, so nothing there is a destination.',
  },
  {
    prefix: '192.88.99.2/32',
    name: '6a44-relay anycast address',
    rfc: 'RFC 6751',
    globallyReachable: false,
    source: v4,
    blocked: true,
  },
  {
    prefix: '192.168.0.0/16',
    name: 'Private-Use',
    rfc: 'RFC 1918',
    globallyReachable: false,
    source: v4,
    blocked: true,
  },
  {
    prefix: '192.175.48.0/24',
    name: 'Direct Delegation AS112 Service',
    rfc: 'RFC 7534',
    globallyReachable: true,
    source: v4,
    blocked: false,
  },
  {
    prefix: '198.18.0.0/15',
    name: 'Benchmarking',
    rfc: 'RFC 2544',
    globallyReachable: false,
    source: v4,
    blocked: true,
  },
  {
    prefix: '198.51.100.0/24',
    name: 'Documentation (TEST-NET-2)',
    rfc: 'RFC 5737',
    globallyReachable: false,
    source: v4,
    blocked: true,
  },
  {
    prefix: '203.0.113.0/24',
    name: 'Documentation (TEST-NET-3)',
    rfc: 'RFC 5737',
    globallyReachable: false,
    source: v4,
    blocked: true,
  },
  {
    prefix: '240.0.0.0/4',
    name: 'Reserved',
    rfc: 'RFC 1112, section 4',
    globallyReachable: false,
    source: v4,
    blocked: true,
  },
  {
    prefix: '255.255.255.255/32',
    name: 'Limited Broadcast',
    rfc: 'RFC 8190, RFC 919 section 7',
    globallyReachable: false,
    source: v4,
    blocked: true,
  },
  {
    prefix: '224.0.0.0/4',
    name: 'Multicast',
    rfc: 'RFC 5771',
    globallyReachable: false,
    source: 'IANA IPv4 Address Space Registry',
    blocked: true,
    note: 'Not a special-purpose row; a request cannot be sent to a group address.',
  },
]);

/**
 * The IPv6 Address Space Registry's "Reserved by IETF" blocks: everything outside
 * global unicast (2000::/3), unique-local, link-local and multicast. Special-purpose
 * rows inside them (::1/128, 100::/64, 64:ff9b::/96, ...) are more specific and decide
 * their own addresses.
 */
const RESERVED_BY_IETF = [
  '::/8',
  '100::/8',
  '200::/7',
  '400::/6',
  '800::/5',
  '1000::/4',
  '4000::/3',
  '6000::/3',
  '8000::/3',
  'a000::/3',
  'c000::/3',
  'e000::/4',
  'f000::/5',
  'f800::/6',
  'fe00::/9',
] as const;

function reservedByIetf(prefix: string): SpecialPurposeRange {
  return {
    prefix,
    name: 'Reserved by IETF',
    rfc: 'RFC 3513, RFC 4291',
    globallyReachable: false,
    source: 'IANA IPv6 Address Space Registry',
    blocked: true,
    note: 'Not allocated for unicast; refusing it by default also refuses what is registered there later.',
  };
}

/** IPv6 ranges, in registry order, then the ones the registry leaves out. */
export const SPECIAL_PURPOSE_IPV6: readonly SpecialPurposeRange[] = frozen([
  { prefix: '::1/128', name: 'Loopback Address', rfc: 'RFC 4291', globallyReachable: false, source: v6, blocked: true },
  {
    prefix: '::/128',
    name: 'Unspecified Address',
    rfc: 'RFC 4291',
    globallyReachable: false,
    source: v6,
    blocked: true,
  },
  {
    prefix: '::ffff:0:0/96',
    name: 'IPv4-mapped Address',
    rfc: 'RFC 4291',
    globallyReachable: false,
    source: v6,
    blocked: false,
    embedsIpv4: 'last-32-bits',
    note: 'The system connects to the IPv4 address inside over IPv4, and DNS may answer an IPv4-only name in this form, so the IPv4 address decides: ::ffff:8.8.8.8 is allowed, ::ffff:127.0.0.1 is not.',
  },
  {
    prefix: '64:ff9b::/96',
    name: 'IPv4-IPv6 Translat.',
    rfc: 'RFC 6052',
    globallyReachable: true,
    source: v6,
    blocked: false,
    embedsIpv4: 'last-32-bits',
    note: 'A NAT64 translator sends the traffic to the IPv4 address inside, which decides.',
  },
  {
    prefix: '64:ff9b:1::/48',
    name: 'IPv4-IPv6 Translat.',
    rfc: 'RFC 8215',
    globallyReachable: false,
    source: v6,
    blocked: true,
    note: 'Local-use NAT64: where the operator places the IPv4 address inside is not fixed, so all of it is refused.',
  },
  {
    prefix: '100::/64',
    name: 'Discard-Only Address Block',
    rfc: 'RFC 6666',
    globallyReachable: false,
    source: v6,
    blocked: true,
  },
  {
    prefix: '100:0:0:1::/64',
    name: 'Dummy IPv6 Prefix',
    rfc: 'RFC 9780',
    globallyReachable: false,
    source: v6,
    blocked: true,
  },
  {
    prefix: '2001::/23',
    name: 'IETF Protocol Assignments',
    rfc: 'RFC 2928',
    globallyReachable: false,
    source: v6,
    blocked: true,
  },
  {
    prefix: '2001::/32',
    name: 'TEREDO',
    rfc: 'RFC 4380, RFC 8190',
    globallyReachable: 'N/A',
    source: v6,
    blocked: false,
    embedsIpv4: 'teredo',
    note: 'Teredo tunnels to the server and client IPv4 addresses inside (the client inverted); either being blocked blocks the address.',
  },
  {
    prefix: '2001:1::1/128',
    name: 'Port Control Protocol Anycast',
    rfc: 'RFC 7723',
    globallyReachable: true,
    source: v6,
    blocked: false,
  },
  {
    prefix: '2001:1::2/128',
    name: 'Traversal Using Relays around NAT Anycast',
    rfc: 'RFC 8155',
    globallyReachable: true,
    source: v6,
    blocked: false,
  },
  {
    prefix: '2001:1::3/128',
    name: 'DNS-SD Service Registration Protocol Anycast Address',
    rfc: 'RFC 9665',
    globallyReachable: true,
    source: v6,
    blocked: false,
  },
  {
    prefix: '2001:2::/48',
    name: 'Benchmarking',
    rfc: 'RFC 5180, RFC Errata 1752',
    globallyReachable: false,
    source: v6,
    blocked: true,
  },
  { prefix: '2001:3::/32', name: 'AMT', rfc: 'RFC 7450', globallyReachable: true, source: v6, blocked: false },
  { prefix: '2001:4:112::/48', name: 'AS112-v6', rfc: 'RFC 7535', globallyReachable: true, source: v6, blocked: false },
  {
    prefix: '2001:10::/28',
    name: 'Deprecated (previously ORCHID)',
    rfc: 'RFC 4843',
    globallyReachable: 'N/A',
    source: v6,
    blocked: true,
    note: 'Expired in 2014; ORCHIDs are identifiers, never routed.',
  },
  { prefix: '2001:20::/28', name: 'ORCHIDv2', rfc: 'RFC 7343', globallyReachable: true, source: v6, blocked: false },
  {
    prefix: '2001:30::/28',
    name: 'Drone Remote ID Protocol Entity Tags (DETs) Prefix',
    rfc: 'RFC 9374',
    globallyReachable: true,
    source: v6,
    blocked: false,
  },
  {
    prefix: '2001:db8::/32',
    name: 'Documentation',
    rfc: 'RFC 3849',
    globallyReachable: false,
    source: v6,
    blocked: true,
  },
  {
    prefix: '2002::/16',
    name: '6to4',
    rfc: 'RFC 3056',
    globallyReachable: 'N/A',
    source: v6,
    blocked: false,
    embedsIpv4: '6to4',
    note: 'A 6to4 relay sends the traffic to the IPv4 address in bits 16 to 47, which decides.',
  },
  {
    prefix: '2620:4f:8000::/48',
    name: 'Direct Delegation AS112 Service',
    rfc: 'RFC 7534',
    globallyReachable: true,
    source: v6,
    blocked: false,
  },
  { prefix: '3fff::/20', name: 'Documentation', rfc: 'RFC 9637', globallyReachable: false, source: v6, blocked: true },
  {
    prefix: '5f00::/16',
    name: 'Segment Routing (SRv6) SIDs',
    rfc: 'RFC 9602',
    globallyReachable: false,
    source: v6,
    blocked: true,
  },
  {
    prefix: 'fc00::/7',
    name: 'Unique-Local',
    rfc: 'RFC 4193, RFC 8190',
    globallyReachable: false,
    source: v6,
    blocked: true,
  },
  {
    prefix: 'fe80::/10',
    name: 'Link-Local Unicast',
    rfc: 'RFC 4291',
    globallyReachable: false,
    source: v6,
    blocked: true,
  },
  ...RESERVED_BY_IETF.map((prefix) => reservedByIetf(prefix)),
  {
    prefix: '2000::/3',
    name: 'Global Unicast',
    rfc: 'RFC 4291, RFC 3513',
    globallyReachable: true,
    source: 'IANA IPv6 Address Space Registry',
    blocked: false,
  },
  {
    prefix: '::/96',
    name: 'IPv4-compatible Address (deprecated)',
    rfc: 'RFC 4291, section 2.5.5.1',
    globallyReachable: false,
    source: 'RFC only',
    blocked: true,
    note: 'Deprecated; no system sends to it as IPv4, so none of it is a destination.',
  },
  {
    prefix: '::ffff:0:0:0/96',
    name: 'IPv4-translated Address',
    rfc: 'RFC 2765, section 2.1',
    globallyReachable: false,
    source: 'RFC only',
    blocked: true,
    note: 'A stateless-translation format that left the standards (RFC 6145); none of it is a destination.',
  },
  {
    prefix: 'fec0::/10',
    name: 'Site-Local (deprecated)',
    rfc: 'RFC 3879',
    globallyReachable: false,
    source: 'IANA IPv6 Address Space Registry',
    blocked: true,
    note: 'Deprecated, but older networks still route it internally.',
  },
  {
    prefix: 'ff00::/8',
    name: 'Multicast',
    rfc: 'RFC 4291',
    globallyReachable: false,
    source: 'IANA IPv6 Address Space Registry',
    blocked: true,
  },
]);
