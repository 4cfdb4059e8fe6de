import { describe, expect, it } from 'vitest';
import { NetDecoder } from '../../src/net/decoder.js';
import { concat, ethernet, frame, hex, ipv4, ipv6, udp } from '../helpers/packets.js';

const decode = (ip: Uint8Array) => new NetDecoder().decode(frame(1, ethernet(ip)));
const ike = hex('0011223344556677 0000000000000000 21202208 00000000 0000001c');

describe('classification of IPsec traffic', () => {
  it('IKE on UDP 500', () => {
    const p = decode(ipv4('198.51.100.2', '198.51.100.1', 17, udp(500, 500, ike)));
    expect(p.content).toEqual({ kind: 'ike', bytes: ike, nonEspMarker: false });
  });
  it('IKE on UDP 4500 after the non-ESP marker (RFC 3948 §2.2)', () => {
    const p = decode(ipv4('198.51.100.2', '198.51.100.1', 17, udp(40000, 4500, concat(new Uint8Array(4), ike))));
    expect(p.content).toEqual({ kind: 'ike', bytes: ike, nonEspMarker: true });
  });
  it('ESP in UDP 4500 and as IP protocol 50, IPv4 and IPv6', () => {
    const esp = hex('c254fe64 00000001 00112233445566778899');
    expect(decode(ipv4('198.51.100.2', '198.51.100.1', 17, udp(4500, 4500, esp))).content).toEqual({ kind: 'esp', bytes: esp, udpEncapsulated: true });
    expect(decode(ipv4('198.51.100.2', '198.51.100.1', 50, esp)).content).toEqual({ kind: 'esp', bytes: esp, udpEncapsulated: false });
    expect(decode(ipv6('2001:db8::2', '2001:db8::1', 50, esp)).content).toEqual({ kind: 'esp', bytes: esp, udpEncapsulated: false });
  });
  it('NAT-T keepalive is a single 0xFF (RFC 3948 §2.3)', () => {
    expect(decode(ipv4('198.51.100.3', '198.51.100.1', 17, udp(4500, 4500, hex('ff')))).content).toEqual({ kind: 'nat-keepalive' });
  });
  it('other UDP and protocols are "other"; IPv6 extension headers are skipped', () => {
    expect(decode(ipv4('198.51.100.3', '198.51.100.1', 17, udp(53, 53, hex('00')))).content.kind).toBe('other');
    const hopByHop = concat(hex('11 00 0000 00000000'), udp(500, 500, ike)); // next header UDP
    const p = decode(ipv6('2001:db8::2', '2001:db8::1', 0, hopByHop));
    expect(p.content).toEqual({ kind: 'ike', bytes: ike, nonEspMarker: false });
  });
  it('lying IP and UDP lengths give decode problems, never exceptions', () => {
    const shortTotal = ipv4('198.51.100.2', '198.51.100.1', 17, udp(500, 500, ike), { totalLength: 12 });
    expect(decode(shortTotal).problems[0]).toMatchObject({ code: 'decode/malformed', frame: 1 });
    const badUdp = ipv4('198.51.100.2', '198.51.100.1', 17, hex('01f4 01f4 0003 0000'));
    expect(decode(badUdp).problems[0]).toMatchObject({ code: 'decode/malformed' });
    const longUdp = ipv4('198.51.100.2', '198.51.100.1', 17, hex('01f4 01f4 ffff 0000 aabb'));
    expect(decode(longUdp).content).toEqual({ kind: 'ike', bytes: hex('aabb'), nonEspMarker: false });
  });
});
