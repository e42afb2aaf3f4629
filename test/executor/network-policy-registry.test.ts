// The network policy against the address tables it is built from: every row of the
// IPv4 and IPv6 tables is exercised at its first, middle and last address (where that
// address belongs to the row and not to a more specific one), in every spelling a URL
// or a resolver can give, and just outside its edges. Adding a row to the tables adds
// its tests here.

import { describe, expect, it } from 'vitest';
import { checkDestination } from '../../src/executor';
// The tables' own synchronous reading, as the Node adapter uses it at connect time.
import { isBlockedAddress } from '../../src/executor/address-ranges';
import {
  SPECIAL_PURPOSE_IPV4,
  SPECIAL_PURPOSE_IPV6,
  type SpecialPurposeRange,
} from '../../src/executor/special-purpose-addresses';

// --- A small, separate reading of the tables (bigint arithmetic) -----------------

type Family = 4 | 6;
interface Row {
  readonly range: SpecialPurposeRange;
  readonly family: Family;
  readonly network: bigint;
  readonly bits: number;
}

const WIDTH: Record<Family, number> = { 4: 32, 6: 128 };

function v4ToBigint(text: string): bigint {
  const parts = text.split('.').map(Number);
  if (parts.length !== 4 || parts.some((part) => !Number.isInteger(part) || part < 0 || part > 255)) {
    throw new Error(`not a dotted IPv4 address: ${text}`);
  }
  return parts.reduce((value, part) => (value << 8n) | BigInt(part), 0n);
}

function v6ToBigint(text: string): bigint {
  const halves = text.split('::');
  const groups = (half: string | undefined) => (half ? half.split(':').map((group) => Number.parseInt(group, 16)) : []);
  const head = groups(halves[0]);
  const tail = groups(halves[1]);
  const all =
    halves.length === 2 ? [...head, ...new Array<number>(8 - head.length - tail.length).fill(0), ...tail] : head;
  if (all.length !== 8 || all.some((group) => !Number.isInteger(group) || group < 0 || group > 0xffff)) {
    throw new Error(`not an IPv6 address: ${text}`);
  }
  return all.reduce((value, group) => (value << 16n) | BigInt(group), 0n);
}

function toRow(range: SpecialPurposeRange, family: Family): Row {
  const [address, length] = range.prefix.split('/');
  return {
    range,
    family,
    network: family === 4 ? v4ToBigint(address!) : v6ToBigint(address!),
    bits: Number(length),
  };
}

const ROWS: Record<Family, Row[]> = {
  4: SPECIAL_PURPOSE_IPV4.map((range) => toRow(range, 4)),
  6: SPECIAL_PURPOSE_IPV6.map((range) => toRow(range, 6)),
};

const hostBits = (row: Row) => BigInt(WIDTH[row.family] - row.bits);
const firstOf = (row: Row) => row.network;
const lastOf = (row: Row) => row.network + (1n << hostBits(row)) - 1n;
const contains = (row: Row, value: bigint) => value >= firstOf(row) && value <= lastOf(row);

/** The row that decides an address: the longest prefix that contains it. */
function decidingRow(family: Family, value: bigint): Row | undefined {
  let best: Row | undefined;
  for (const row of ROWS[family]) if (contains(row, value) && (!best || row.bits > best.bits)) best = row;
  return best;
}

/** What the tables say about an address: blocked or not. */
function expectedBlocked(family: Family, value: bigint): boolean {
  const row = decidingRow(family, value);
  if (!row) return false;
  if (row.range.blocked) return true;
  const low32 = value & 0xffffffffn;
  switch (row.range.embedsIpv4) {
    case undefined:
      return false;
    case 'last-32-bits':
      return expectedBlocked(4, low32);
    case '6to4':
      return expectedBlocked(4, (value >> 80n) & 0xffffffffn);
    case 'teredo':
      return expectedBlocked(4, (value >> 64n) & 0xffffffffn) || expectedBlocked(4, low32 ^ 0xffffffffn);
  }
}

/** First, middle and last address of a row, keeping those the row itself decides. */
function ownAddresses(row: Row): bigint[] {
  const candidates = [firstOf(row), lastOf(row)];
  if (row.bits < WIDTH[row.family]) candidates.splice(1, 0, row.network + (1n << (hostBits(row) - 1n)));
  return [...new Set(candidates)].filter((value) => decidingRow(row.family, value) === row);
}

// --- Spellings --------------------------------------------------------------------

function dotted(value: bigint): string {
  return [24n, 16n, 8n, 0n].map((shift) => String((value >> shift) & 255n)).join('.');
}

/** The spellings of one IPv4 address that URL parsers and inet_aton accept. */
function v4Spellings(value: bigint): string[] {
  const bytes = [24n, 16n, 8n, 0n].map((shift) => (value >> shift) & 255n);
  const [a, b, c, d] = bytes as [bigint, bigint, bigint, bigint];
  return [
    dotted(value),
    value.toString(10),
    `0x${value.toString(16)}`,
    `0${value.toString(8)}`,
    bytes.map((byte) => `0${byte.toString(8)}`).join('.'),
    bytes.map((byte) => `0x${byte.toString(16)}`).join('.'),
    `${a}.${(b << 16n) | (c << 8n) | d}`,
    `${a}.${b}.${(c << 8n) | d}`,
    `${dotted(value)}.`,
  ];
}

function fullV6(value: bigint): string[] {
  return [112n, 96n, 80n, 64n, 48n, 32n, 16n, 0n].map((shift) =>
    ((value >> shift) & 0xffffn).toString(16).padStart(4, '0'),
  );
}

/** Compressed by the WHATWG URL serialiser (RFC 5952), which the policy sees from URLs. */
function compressedV6(value: bigint): string {
  return new URL(`https://[${fullV6(value).join(':')}]/`).hostname.slice(1, -1);
}

/** The spellings of one IPv6 address: compressed, uncompressed, upper case, with an IPv4 tail. */
function v6Spellings(value: bigint): string[] {
  const groups = fullV6(value);
  return [
    compressedV6(value),
    groups.join(':'),
    groups.join(':').toUpperCase(),
    groups.map((group) => group.replace(/^0+(?=.)/, '')).join(':'),
    `${groups.slice(0, 6).join(':')}:${dotted(value & 0xffffffffn)}`,
  ];
}

/** What isBlockedAddress is given: bare text, brackets, a zone (as DNS and sockets print them). */
function addressForms(family: Family, value: bigint): string[] {
  if (family === 4) return v4Spellings(value);
  const spellings = v6Spellings(value);
  return [...spellings, `[${spellings[0]}]`, `${spellings[0]}%eth0`];
}

/** URLs a workflow could carry for the address. */
function urlForms(family: Family, value: bigint): string[] {
  if (family === 4) return v4Spellings(value).map((spelling) => `https://${spelling}/x`);
  return v6Spellings(value).map((spelling) => `https://[${spelling}]:8443/x`);
}

const refusedUrl = async (url: string) => !(await checkDestination(new URL(url), {})).allowed;
const label = (family: Family, value: bigint) => (family === 4 ? dotted(value) : compressedV6(value));

async function expectVerdict(family: Family, value: bigint, blocked: boolean): Promise<void> {
  for (const form of addressForms(family, value))
    expect(isBlockedAddress(form), `isBlockedAddress(${form})`).toBe(blocked);
  for (const url of urlForms(family, value)) expect(await refusedUrl(url), `checkDestination(${url})`).toBe(blocked);
}

// --- The tables themselves --------------------------------------------------------

describe('the address tables', () => {
  const allRows = [...ROWS[4], ...ROWS[6]];

  it('are network addresses with their host bits clear, each prefix once', () => {
    for (const row of allRows) {
      expect(row.network & ((1n << hostBits(row)) - 1n), row.range.prefix).toBe(0n);
      expect(row.bits).toBeGreaterThanOrEqual(0);
      expect(row.bits).toBeLessThanOrEqual(WIDTH[row.family]);
    }
    const prefixes = allRows.map((row) => `${row.family}:${row.network}/${row.bits}`);
    expect(new Set(prefixes).size).toBe(prefixes.length);
  });

  it('block every row marked not globally reachable, except the IPv4-mapped form, which its IPv4 address decides', () => {
    const notGlobal = allRows.filter((row) => row.range.globallyReachable === false);
    const open = notGlobal.filter((row) => !row.range.blocked);
    expect(open.map((row) => row.range.prefix)).toEqual(['::ffff:0:0/96']);
    expect(open[0]!.range.embedsIpv4).toBe('last-32-bits');
  });

  it('leave every globally reachable row open, deciding the NAT64 prefix by its IPv4 address', () => {
    for (const row of allRows.filter((entry) => entry.range.globallyReachable === true)) {
      expect(row.range.blocked, row.range.prefix).toBe(false);
    }
  });

  it('say why for every row whose registry answer is N/A and for every departure from the registry', () => {
    for (const row of allRows) {
      const departs =
        row.range.globallyReachable === 'N/A' || row.range.embedsIpv4 !== undefined || row.range.source === 'RFC only';
      if (departs) expect(row.range.note, row.range.prefix).toMatch(/\w/);
    }
  });

  it.each([
    '0.0.0.0/8',
    '0.0.0.0/32',
    '10.0.0.0/8',
    '100.64.0.0/10',
    '127.0.0.0/8',
    '169.254.0.0/16',
    '172.16.0.0/12',
    '192.0.0.0/24',
    '192.0.2.0/24',
    '192.88.99.0/24',
    '192.168.0.0/16',
    '198.18.0.0/15',
    '198.51.100.0/24',
    '203.0.113.0/24',
    '224.0.0.0/4',
    '240.0.0.0/4',
    '255.255.255.255/32',
    '::/128',
    '::1/128',
    '::/96',
    '::ffff:0:0/96',
    '::ffff:0:0:0/96',
    '64:ff9b::/96',
    '64:ff9b:1::/48',
    '100::/64',
    '100:0:0:1::/64',
    '2001::/23',
    '2001::/32',
    '2001:db8::/32',
    '2002::/16',
    '3fff::/20',
    '5f00::/16',
    'fc00::/7',
    'fe80::/10',
    'fec0::/10',
    'ff00::/8',
  ])('hold %s', (prefix) => {
    expect(allRows.some((row) => row.range.prefix === prefix)).toBe(true);
  });

  it('cannot be edited by a caller', () => {
    expect(Object.isFrozen(SPECIAL_PURPOSE_IPV4)).toBe(true);
    expect(Object.isFrozen(SPECIAL_PURPOSE_IPV6)).toBe(true);
    expect(SPECIAL_PURPOSE_IPV6.every((row) => Object.isFrozen(row))).toBe(true);
  });
});

// --- Every row, every spelling ----------------------------------------------------

for (const family of [4, 6] as const) {
  describe(`IPv${family} rows`, () => {
    const rows = ROWS[family];

    it.each(rows.filter((row) => row.range.blocked).map((row) => [row.range.prefix, row.range.name, row] as const))(
      'blocks %s (%s) at its first, middle and last address, in every spelling',
      async (_prefix, _name, row) => {
        const addresses = ownAddresses(row);
        expect(addresses.length).toBeGreaterThan(0);
        for (const value of addresses) await expectVerdict(family, value, true);
      },
    );

    it.each(
      rows
        .filter((row) => !row.range.blocked && row.range.embedsIpv4 === undefined)
        .map((row) => [row.range.prefix, row.range.name, row] as const),
    )('lets %s (%s) through, globally reachable', async (_prefix, _name, row) => {
      const addresses = ownAddresses(row);
      expect(addresses.length).toBeGreaterThan(0);
      for (const value of addresses) await expectVerdict(family, value, false);
    });

    it('decides the addresses just outside every row by the row that holds them (no range wider than written)', () => {
      const max = (1n << BigInt(WIDTH[family])) - 1n;
      for (const row of rows) {
        for (const value of [firstOf(row) - 1n, lastOf(row) + 1n]) {
          if (value < 0n || value > max) continue;
          expect(isBlockedAddress(label(family, value)), `${label(family, value)} next to ${row.range.prefix}`).toBe(
            expectedBlocked(family, value),
          );
        }
      }
    });
  });
}

describe('IPv6 outside global unicast', () => {
  it('is blocked at every value of the first group outside 2000::/3, whatever the rows say', () => {
    const open: string[] = [];
    for (let group = 0; group <= 0xffff; group++) {
      if ((group & 0xe000) === 0x2000) continue;
      for (const address of [`${group.toString(16)}::1`, `${group.toString(16)}:ffff:ffff:ffff:ffff:ffff:ffff:fffe`]) {
        if (!isBlockedAddress(address)) open.push(address);
      }
    }
    expect(open).toEqual([]);
  });
});

// --- IPv4 addresses carried inside IPv6 -------------------------------------------

/** Puts an IPv4 address where an embedding row carries it; the rest of the bits vary. */
function embed(row: Row, ipv4: bigint, clientIpv4 = 0x08080404n): bigint {
  switch (row.range.embedsIpv4) {
    case 'last-32-bits':
      return row.network | ipv4;
    case '6to4':
      return row.network | (ipv4 << 80n) | 0x1234n;
    case 'teredo':
      // Server in bits 32-63 and the client inverted in the low 32 bits; the test
      // below places the address under test in each position in turn.
      return row.network | (ipv4 << 64n) | (0x8000n << 48n) | (clientIpv4 ^ 0xffffffffn);
    default:
      throw new Error(`${row.range.prefix} carries no IPv4 address`);
  }
}

const PUBLIC_IPV4 = ['8.8.8.8', '1.1.1.1', '93.184.216.34', '192.0.0.9', '192.31.196.1'].map(v4ToBigint);

describe('IPv4 addresses inside IPv6 (mapped, NAT64, 6to4, Teredo)', () => {
  const embedding = ROWS[6].filter((row) => row.range.embedsIpv4 !== undefined);
  const blockedIpv4 = ROWS[4].filter((row) => row.range.blocked).flatMap((row) => ownAddresses(row));

  it('has the rows that carry an IPv4 address', () => {
    expect(embedding.map((row) => row.range.prefix).sort()).toEqual([
      '2001::/32',
      '2002::/16',
      '64:ff9b::/96',
      '::ffff:0:0/96',
    ]);
  });

  it.each(embedding.map((row) => [row.range.prefix, row.range.name, row] as const))(
    '%s (%s) is blocked when the IPv4 address inside is blocked, in every spelling',
    async (_prefix, _name, row) => {
      for (const ipv4 of blockedIpv4) {
        await expectVerdict(6, embed(row, ipv4), true);
        if (row.range.embedsIpv4 === 'teredo') await expectVerdict(6, embed(row, v4ToBigint('8.8.4.4'), ipv4), true);
      }
    },
  );

  it.each(embedding.map((row) => [row.range.prefix, row.range.name, row] as const))(
    '%s (%s) is let through when the IPv4 address inside is public',
    async (_prefix, _name, row) => {
      for (const ipv4 of PUBLIC_IPV4) await expectVerdict(6, embed(row, ipv4), false);
    },
  );

  it('blocks the IPv4-compatible and IPv4-translated forms whatever they carry', async () => {
    for (const ipv4 of [...PUBLIC_IPV4, ...blockedIpv4]) {
      await expectVerdict(6, ipv4, true); // ::a.b.c.d
      await expectVerdict(6, (0xffffn << 32n) | ipv4, expectedBlocked(4, ipv4)); // ::ffff:a.b.c.d, mapped
      await expectVerdict(6, (0xffffn << 48n) | ipv4, true); // ::ffff:0:a.b.c.d
    }
  });
});
