// Address text forms: IPv6 in RFC 5952 canonical form, and back to the same bytes.
import { expect, it } from 'vitest';
import { formatIPv6, formatIp, fromHex, hex, parseIPv4, parseIPv6, parseIp } from '../../src/ikev2/index.js';

it.each([
  ['20010db8000000000000000000000001', '2001:db8::1'],
  ['00000000000000000000000000000000', '::'],
  ['00000000000000000000000000000001', '::1'],
  ['20010db8000000010000000000000000', '2001:db8:0:1::'],
  ['20010db8000000000001000000000001', '2001:db8::1:0:0:1'], // leftmost of equal runs
  ['20010db8000000010001000100010001', '2001:db8:0:1:1:1:1:1'], // a single zero group stays
  ['fe800000000000000000000000000000', 'fe80::'],
  ['0000000000000000000000000a000001', '::a00:1'],
  ['ffffffffffffffffffffffffffffffff', 'ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff'],
])('%s ↔ %s', (h, text) => {
  const b = fromHex(h);
  expect(formatIPv6(b)).toBe(text);
  expect(hex(parseIPv6(text)!)).toBe(h);
});

it('parses the other IPv6 spellings to the same bytes', () => {
  expect(hex(parseIPv6('2001:DB8:0:0:0:0:0:1')!)).toBe('20010db8000000000000000000000001');
  expect(hex(parseIPv6('::ffff:192.0.2.1')!)).toBe('00000000000000000000ffffc0000201');
  for (const bad of ['1::2::3', '1:2:3:4:5:6:7', '1:2:3:4:5:6:7:8:9', '12345::', 'g::', '::1.2.3']) {
    expect(parseIPv6(bad), bad).toBeUndefined();
  }
});

it('IPv4 and either family', () => {
  expect(hex(parseIPv4('192.0.2.1')!)).toBe('c0000201');
  expect(parseIPv4('256.0.0.1')).toBeUndefined();
  expect(parseIPv4('1.2.3')).toBeUndefined();
  expect(formatIp(fromHex('c6336401'))).toBe('198.51.100.1');
  expect(formatIp(fromHex('c63364'))).toBeUndefined();
  expect(hex(parseIp('2001:db8::1')!)).toBe('20010db8000000000000000000000001');
});
