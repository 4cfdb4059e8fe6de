import { describe, expect, it } from 'vitest';
import { decapsulate, LinkType } from '../../src/net/link.js';
import { concat, ethernet, hex, ipv4, ipv6, udp } from '../helpers/packets.js';

const ip4 = ipv4('198.51.100.2', '198.51.100.1', 17, udp(500, 500, new Uint8Array(4)));
const ip6 = ipv6('2001:db8::2', '2001:db8::1', 17, udp(500, 500, new Uint8Array(4)));

describe('link layers', () => {
  it('Ethernet, 802.1Q and QinQ', () => {
    expect(decapsulate(LinkType.ETHERNET, ethernet(ip4))).toEqual({ ok: true, value: { offset: 14, ipVersion: 4, vlans: [] } });
    const r = decapsulate(LinkType.ETHERNET, ethernet(ip6, [100, 200]));
    expect(r).toEqual({ ok: true, value: { offset: 22, ipVersion: 6, vlans: [100, 200] } });
  });
  it('Linux SLL and SLL2', () => {
    const sll = concat(hex('0000 0001 0006 020000000001 0000 0800'), ip4);
    expect(decapsulate(LinkType.LINUX_SLL, sll)).toMatchObject({ ok: true, value: { offset: 16, ipVersion: 4 } });
    const sll2 = concat(hex('86dd 0000 00000002 0001 00 00 06 020000000001 0000'), ip6);
    expect(decapsulate(LinkType.LINUX_SLL2, sll2)).toMatchObject({ ok: true, value: { offset: 20, ipVersion: 6 } });
  });
  it('BSD null in either byte order and LOOP in network order', () => {
    expect(decapsulate(LinkType.NULL, concat(hex('02000000'), ip4))).toMatchObject({ ok: true, value: { offset: 4, ipVersion: 4 } });
    expect(decapsulate(LinkType.NULL, concat(hex('0000001e'), ip6))).toMatchObject({ ok: true, value: { ipVersion: 6 } });
    expect(decapsulate(LinkType.LOOP, concat(hex('00000018'), ip6))).toMatchObject({ ok: true, value: { ipVersion: 6 } });
  });
  it('raw IP link types take the version from the first nibble', () => {
    for (const lt of [LinkType.RAW, LinkType.IPV4, LinkType.IPV6, LinkType.RAW_OLD]) {
      expect(decapsulate(lt, ip6)).toMatchObject({ ok: true, value: { offset: 0, ipVersion: 6 } });
      expect(decapsulate(lt, ip4)).toMatchObject({ ok: true, value: { offset: 0, ipVersion: 4 } });
    }
  });
  it('non-IP and truncated frames are values, not exceptions', () => {
    expect(decapsulate(LinkType.ETHERNET, concat(hex('020000000002 020000000001 0806'), new Uint8Array(28)))).toMatchObject({ ok: true, value: { ipVersion: 0 } });
    expect(decapsulate(LinkType.ETHERNET, hex('0200'))).toMatchObject({ ok: false });
    expect(decapsulate(LinkType.ETHERNET, concat(hex('020000000002 020000000001 8100'), hex('00')))).toMatchObject({ ok: false });
    expect(decapsulate(147, ip4)).toMatchObject({ ok: false, reason: 'unsupported link type 147' });
  });
});
