import { describe, expect, it } from 'vitest';
import { checkDestination, isBlockedAddress } from '../../src/executor';
import { isAllowedHost, parseIpv4, parseIpv6 } from '../../src/executor/network-policy';

describe('IP parsing', () => {
  it.each([
    ['127.0.0.1', [127, 0, 0, 1]],
    ['2130706433', [127, 0, 0, 1]],
    ['0x7f000001', [127, 0, 0, 1]],
    ['0177.0.0.1', [127, 0, 0, 1]],
    ['127.1', [127, 0, 0, 1]],
    ['0x7f.0.0.1', [127, 0, 0, 1]],
    ['10.1', [10, 0, 0, 1]],
  ])('reads IPv4 %s', (text, bytes) => {
    expect(parseIpv4(text)).toEqual(bytes);
  });

  it.each(['256.0.0.1', '1.2.3.4.5', 'example.com', '4294967296', '08.0.0.1', ''])('refuses %s as IPv4', (text) => {
    expect(parseIpv4(text)).toBeUndefined();
  });

  it('reads IPv6 with ::, brackets, zones and IPv4 tails', () => {
    expect(parseIpv6('::1')).toEqual([0, 0, 0, 0, 0, 0, 0, 1]);
    expect(parseIpv6('[::1]')).toEqual([0, 0, 0, 0, 0, 0, 0, 1]);
    expect(parseIpv6('fe80::1%eth0')).toEqual([0xfe80, 0, 0, 0, 0, 0, 0, 1]);
    expect(parseIpv6('::ffff:127.0.0.1')).toEqual([0, 0, 0, 0, 0, 0xffff, 0x7f00, 1]);
    expect(parseIpv6('1:2:3:4:5:6:7:8')).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(parseIpv6('1:2:3')).toBeUndefined();
    expect(parseIpv6('1::2::3')).toBeUndefined();
  });
});

describe('isBlockedAddress', () => {
  it.each([
    '127.0.0.1',
    '127.255.0.9',
    '0.0.0.0',
    '10.0.0.1',
    '172.16.0.1',
    '172.31.255.255',
    '192.168.1.1',
    '169.254.169.254',
    '100.64.0.1',
    '100.100.100.200',
    '224.0.0.1',
    '255.255.255.255',
    '2130706433',
    '0x7f000001',
    '017700000001',
    '::1',
    '::',
    '::ffff:127.0.0.1',
    '::ffff:10.0.0.1',
    'fe80::1',
    'fc00::1',
    'fd00:ec2::254',
    'ff02::1',
    '64:ff9b::a9fe:a9fe',
    '2002:7f00:1::',
  ])('blocks %s', async (address) => {
    expect(await isBlockedAddress(address)).toBe(true);
  });

  it.each([
    '93.184.216.34',
    '8.8.8.8',
    '172.32.0.1',
    '192.169.0.1',
    '2606:4700:4700::1111',
    '::ffff:8.8.8.8',
    'example.com',
  ])('lets %s through', async (address) => {
    expect(await isBlockedAddress(address)).toBe(false);
  });
});

describe('regressions: IPv6 forms that carried loopback past the policy', () => {
  const refused = async (url: string) => !(await checkDestination(new URL(url), {})).allowed;

  it('refuses [::ffff:0:127.0.0.1], the IPv4-translated form (::ffff:0:0:0/96)', async () => {
    expect(await refused('https://[::ffff:0:127.0.0.1]/')).toBe(true);
    expect(new URL('https://[::ffff:0:127.0.0.1]/').hostname).toBe('[::ffff:0:7f00:1]');
    expect(await isBlockedAddress('::ffff:0:127.0.0.1')).toBe(true);
    expect(await isBlockedAddress('::ffff:0:7f00:1')).toBe(true);
  });

  it('refuses [64:ff9b:1::7f00:1], local-use NAT64 (64:ff9b:1::/48)', async () => {
    expect(await refused('https://[64:ff9b:1::7f00:1]/')).toBe(true);
    expect(await isBlockedAddress('64:ff9b:1::7f00:1')).toBe(true);
    expect(await isBlockedAddress('64:ff9b:1::127.0.0.1')).toBe(true);
    // Local-use NAT64 is refused whatever it carries: the operator decides where.
    expect(await isBlockedAddress('64:ff9b:1::808:808')).toBe(true);
  });

  it('names the range in the message', async () => {
    const verdict = await checkDestination(new URL('https://[64:ff9b:1::7f00:1]/'), {});
    expect(verdict).toMatchObject({ allowed: false, message: expect.stringContaining('64:ff9b:1::/48') });
  });
});

describe('public addresses, including IPv4-mapped and NAT64 forms of public IPv4', () => {
  it.each([
    '8.8.8.8',
    '1.1.1.1',
    '2606:4700:4700::1111',
    '2001:4860:4860::8888',
    '64:ff9b::808:808',
    '64:ff9b::8.8.8.8',
    '::ffff:8.8.8.8',
    '::ffff:808:808',
    '2002:808:808::1',
    '2001:0:808:808:8000:0:fefe:fefe',
  ])('lets %s through', async (address) => {
    expect(await isBlockedAddress(address)).toBe(false);
    expect(
      (await checkDestination(new URL(`https://${address.includes(':') ? `[${address}]` : address}/`), {})).allowed,
    ).toBe(true);
  });
});

describe('checkDestination', () => {
  const check = async (url: string, policy = {}) => (await checkDestination(new URL(url), policy)).allowed;

  it('allows public https URLs only, by default', async () => {
    expect(await check('https://api.example.com/x')).toBe(true);
    expect(await check('http://api.example.com/x')).toBe(false);
    expect(await check('ftp://api.example.com/x')).toBe(false);
    expect(await check('http://api.example.com/x', { allowHttp: true })).toBe(true);
  });

  it.each([
    'https://localhost/',
    'https://LOCALHOST./',
    'https://app.localhost/',
    'https://127.0.0.1/',
    'https://[::1]/',
    'https://169.254.169.254/latest/meta-data',
    'https://10.0.0.1/',
    'https://2130706433/',
    'https://0x7f.1/',
    'https://[::ffff:127.0.0.1]/',
    'https://metadata.google.internal/',
    'https://metadata.goog/',
  ])('refuses %s', async (url) => {
    expect(await check(url)).toBe(false);
  });

  it('opens private destinations with allowPrivateNetwork or allowedHosts, but not http', async () => {
    expect(await check('https://127.0.0.1/', { allowPrivateNetwork: true })).toBe(true);
    expect(await check('https://localhost:8443/', { allowedHosts: ['localhost'] })).toBe(true);
    expect(await check('https://[::1]/', { allowedHosts: ['::1'] })).toBe(true);
    expect(await check('https://10.0.0.1/', { allowedHosts: ['localhost'] })).toBe(false);
    expect(await check('http://127.0.0.1/', { allowPrivateNetwork: true })).toBe(false);
  });

  it('matches *. entries on subdomains only', () => {
    expect(isAllowedHost('a.corp.test', ['*.corp.test'])).toBe(true);
    expect(isAllowedHost('corp.test', ['*.corp.test'])).toBe(false);
    expect(isAllowedHost('evilcorp.test', ['*.corp.test'])).toBe(false);
  });
});
