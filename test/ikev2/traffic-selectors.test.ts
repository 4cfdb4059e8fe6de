// Traffic selector ranges render as CIDR when they are one prefix, else as "start-end".
import { expect, it } from 'vitest';
import { TsType, addressRangeLabel, formatTrafficSelector, type TrafficSelector } from '../../src/ikev2/index.js';

it.each([
  ['192.0.2.1', '192.0.2.1', '192.0.2.1/32'],
  ['0.0.0.0', '255.255.255.255', '0.0.0.0/0'],
  ['192.0.2.0', '192.0.2.255', '192.0.2.0/24'],
  ['10.0.0.0', '10.255.255.255', '10.0.0.0/8'],
  ['192.0.2.128', '192.0.2.191', '192.0.2.128/26'],
  ['192.0.2.1', '192.0.2.2', '192.0.2.1-192.0.2.2'],
  ['192.0.2.0', '192.0.2.2', '192.0.2.0-192.0.2.2'],
  ['192.0.2.10', '192.0.2.5', '192.0.2.10-192.0.2.5'],
  ['::', 'ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff', '::/0'],
  ['2001:db8::', '2001:db8::ffff:ffff:ffff:ffff', '2001:db8::/64'],
  ['2001:db8::1', '2001:db8::1', '2001:db8::1/128'],
  ['2001:db8::1', '2001:db8::5', '2001:db8::1-2001:db8::5'],
])('%s - %s → %s', (a, b, label) => {
  expect(addressRangeLabel(a, b)).toBe(label);
});

it('adds protocol and ports when the selector is narrower than any/any', () => {
  const base = { tsType: TsType.TS_IPV4_ADDR_RANGE, startAddress: '192.0.2.1', endAddress: '192.0.2.1' } as const;
  const ts = (ipProtocol: number, startPort: number, endPort: number): TrafficSelector => ({ ...base, ipProtocol, startPort, endPort });
  expect(formatTrafficSelector(ts(0, 0, 65535))).toBe('192.0.2.1/32');
  expect(formatTrafficSelector(ts(17, 1701, 1701))).toBe('192.0.2.1/32[udp/1701]');
  expect(formatTrafficSelector(ts(6, 0, 65535))).toBe('192.0.2.1/32[tcp]');
  expect(formatTrafficSelector(ts(6, 1024, 65535))).toBe('192.0.2.1/32[tcp/1024-65535]');
  expect(formatTrafficSelector(ts(47, 0, 65535))).toBe('192.0.2.1/32[47]');
  expect(formatTrafficSelector({ tsType: 10, byte1: 0, data: new Uint8Array(4) })).toBe('TS(10)');
});
