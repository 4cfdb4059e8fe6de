/** esp_sa address patterns (packet-ipsec.c filter_address_match) against packet addresses. */
import { describe, expect, it } from 'vitest';
import { matchAddress } from '../../src/keys/address.js';

describe('matchAddress', () => {
  it('absent, empty and "*" match any address of either family', () => {
    for (const p of [undefined, '', '*', ' * ']) {
      expect(matchAddress(p, '192.0.2.1')).toBe(true);
      expect(matchAddress(p, '2001:db8::1')).toBe(true);
    }
  });

  it.each([
    ['192.168.0.1', '192.168.0.1', true],
    ['192.168.0.1', '192.168.0.10', false],
    ['192.168.*', '192.168.200.7', true],
    ['192.168.*', '192.169.0.1', false],
    ['192.*.*.1', '192.7.8.1', true],
    ['192.*.*.1', '192.7.8.2', false],
    ['*.*.*.*', '10.0.0.1', true],
    ['10.0.0.0/8', '10.255.1.2', true],
    ['10.0.0.0/8', '11.0.0.1', false],
    ['198.51.100.0/25', '198.51.100.127', true],
    ['198.51.100.0/25', '198.51.100.128', false],
    ['198.51.100.4/30', '198.51.100.7', true],
    ['198.51.100.4/30', '198.51.100.8', false],
    ['0.0.0.0/0', '203.0.113.9', true],
  ])('IPv4 %s ~ %s: %s', (pattern, ip, want) => {
    expect(matchAddress(pattern, ip)).toBe(want);
  });

  it.each([
    ['2001:db8::1', '2001:db8::1', true],
    ['2001:db8::1', '2001:0db8:0000:0000:0000:0000:0000:0001', true],
    ['2001:DB8::1', '2001:db8::1', true],
    ['2001:db8::1', '2001:db8::2', false],
    ['2001:db8:*', '2001:db8:8000::53:1', true],
    ['2001:db8:*', '2001:db9::1', false],
    ['2001:db8::*', '2001:db8::abcd', true],
    ['2001:db8::*', '2001:db8::1:abcd', false],
    ['2001:db8::/32', '2001:db8:ffff::1', true],
    ['2001:db8::/33', '2001:db8:8000::1', false],
    ['::/0', '2001:db8::1', true],
    ['::ffff:192.0.2.1', '::ffff:192.0.2.1', true],
  ])('IPv6 %s ~ %s: %s', (pattern, ip, want) => {
    expect(matchAddress(pattern, ip)).toBe(want);
  });

  it('a pattern of one family never matches an address of the other', () => {
    expect(matchAddress('0.0.0.0/0', '2001:db8::1')).toBe(false);
    expect(matchAddress('::/0', '192.0.2.1')).toBe(false);
    expect(matchAddress('192.168.*', '2001:db8::1')).toBe(false);
    expect(matchAddress('2001:db8:*', '192.0.2.1')).toBe(false);
  });

  it('what is not a pattern matches nothing', () => {
    for (const p of ['vpn.example.net', '300.1.1.1', '1.2.3', '10.0.0.0/33', '2001:db8::1::2', '1.2.3.4/x']) {
      expect(matchAddress(p, '1.2.3.4')).toBe(false);
      expect(matchAddress(p, '2001:db8::1')).toBe(false);
    }
  });
});
