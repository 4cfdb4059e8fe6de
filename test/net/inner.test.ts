import { describe, expect, it } from 'vitest';
import { parseDhcp } from '../../src/net/dhcp.js';
import { describeInner } from '../../src/net/inner.js';
import { concat, hex, ipv4, ipv6, udp } from '../helpers/packets.js';

/** A DHCP message (RFC 2131 §2) with the given options. */
function dhcp(op: number, options: Uint8Array): Uint8Array {
  const fixed = new Uint8Array(236);
  fixed[0] = op; fixed[1] = 1; fixed[2] = 6;
  fixed.set([192, 0, 2, 1], 12); // ciaddr
  return concat(fixed, hex('63825363'), options, hex('ff'));
}

describe('inner packets', () => {
  it('ICMP and ICMPv6 echoes with id and sequence', () => {
    const echo = hex('0800 0000 0005 0001 08090a0b');
    expect(describeInner(ipv4('192.0.2.1', '192.0.2.200', 1, echo))).toEqual({ version: 4, src: '192.0.2.1', dst: '192.0.2.200', protocol: 1, summary: 'ICMP echo request id 5 seq 1' });
    const reply6 = hex('8100 0000 0007 0002');
    expect(describeInner(ipv6('2001:db8::1', '2001:db8:8000::53:1', 58, reply6))?.summary).toBe('ICMPv6 echo reply id 7 seq 2');
  });
  it('TCP flags and UDP ports', () => {
    expect(describeInner(ipv4('192.0.2.1', '192.0.2.200', 6, hex('c000 0050 00000001 00000000 5012 ffff 0000 0000')))?.summary).toBe('TCP 49152 → 80 [SYN,ACK]');
    expect(describeInner(ipv4('192.0.2.1', '192.0.2.53', 17, udp(5353, 53, hex('0000'))))?.summary).toBe('UDP 5353 → 53 DNS');
  });
  it("Windows' DHCPINFORM and the answer with option 249 routes (seed 000)", () => {
    const inform = dhcp(1, hex('350108 370479f90306')); // type INFORM, parameter request list
    expect(describeInner(ipv4('192.0.2.1', '255.255.255.255', 17, udp(68, 67, inform)))?.summary).toBe('UDP 68 → 67 DHCPINFORM (options 53,55)');
    // Option 249 (RFC 3442 layout): 198.51.100.0/24 (8 octets) and 203.0.113.0/25 (9) via 192.0.2.254.
    const ack = dhcp(2, hex('350105 f911 18c63364 c00002fe 19cb007100 c00002fe'));
    const d = parseDhcp(ack);
    expect(d.ok && d.value.msClasslessRoutes).toEqual([
      { destination: '198.51.100.0/24', router: '192.0.2.254' },
      { destination: '203.0.113.0/25', router: '192.0.2.254' },
    ]);
    expect(describeInner(ipv4('192.0.2.254', '192.0.2.1', 17, udp(67, 68, ack)))?.summary).toContain('DHCPACK (options 53,249), option 249 routes 198.51.100.0/24 via 192.0.2.254');
  });
  it('bad inner bytes give a description, not an exception', () => {
    expect(describeInner(hex('45'))?.summary).toMatch(/IPv4 \(/);
    expect(describeInner(hex('00'))).toBeUndefined();
    const bad = dhcp(2, hex('f903 21c000'));
    expect(parseDhcp(bad)).toMatchObject({ ok: false, reason: expect.stringContaining('option 249') });
  });
});
