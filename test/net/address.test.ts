import { describe, expect, it } from 'vitest';
import { formatIPv6, parseIp } from '../../src/net/address.js';

describe('IPv6 text (RFC 5952)', () => {
  const cases: Array<[string, string]> = [
    ['2001:0db8:0000:0000:0000:0000:0000:0001', '2001:db8::1'],
    ['2001:0db8:0000:0001:0000:0000:0000:0001', '2001:db8:0:1::1'], // §4.2.3: the longer run
    ['2001:0db8:0000:0000:0001:0000:0000:0001', '2001:db8::1:0:0:1'], // §4.2.3: the first of equal runs
    ['2001:0db8:0001:0001:0001:0001:0000:0001', '2001:db8:1:1:1:1:0:1'], // §4.2.2: never for one group
    ['0000:0000:0000:0000:0000:0000:0000:0000', '::'],
    ['0000:0000:0000:0000:0000:ffff:c000:0201', '::ffff:192.0.2.1'],
  ];
  for (const [full, want] of cases) {
    it(`${full} → ${want}`, () => {
      const bytes = Uint8Array.from(Buffer.from(full.replace(/:/g, ''), 'hex'));
      expect(formatIPv6(bytes)).toBe(want);
      expect(parseIp(want)).toEqual(bytes);
    });
  }
  it('rejects what is not an address', () => {
    for (const bad of ['1.2.3', '256.1.1.1', '1::2::3', 'g::1', '1:2:3:4:5:6:7:8:9', 'hello']) expect(parseIp(bad)).toBeUndefined();
  });
});
