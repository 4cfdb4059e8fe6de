/**
 * Packet builders, the inverse of ip.ts and udp.ts for what the endpoint sends: IPv4 (RFC 791)
 * and IPv6 (RFC 8200) headers, UDP (RFC 768) with its checksum over the pseudo-header, and
 * ICMP/ICMPv6 echo requests (RFC 792, RFC 4443 §4.1). Used for the inner packets the
 * endpoint's `--ping` puts into ESP and for the outer headers of its own capture (Node's
 * dgram socket shows only UDP payloads, so the capture synthesizes the rest).
 */
import { IpProto } from './ip.js';

/** RFC 1071 Internet checksum of the given parts, as if concatenated. */
export function internetChecksum(...parts: readonly Uint8Array[]): number {
  let sum = 0;
  let odd: number | undefined;
  for (const p of parts) {
    for (let i = 0; i < p.length; i++) {
      if (odd === undefined) odd = p[i]!;
      else { sum += (odd << 8) | p[i]!; odd = undefined; }
    }
  }
  if (odd !== undefined) sum += odd << 8;
  while (sum > 0xffff) sum = (sum & 0xffff) + (sum >>> 16);
  return ~sum & 0xffff;
}

/** An IPv4 packet: 20-octet header (no options, DF clear), TTL 64, checksum filled in. */
export function ipv4Packet(src: Uint8Array, dst: Uint8Array, protocol: number, payload: Uint8Array, id = 0): Uint8Array {
  const out = new Uint8Array(20 + payload.length);
  const v = new DataView(out.buffer);
  out[0] = 0x45;
  v.setUint16(2, out.length);
  v.setUint16(4, id & 0xffff);
  out[8] = 64;
  out[9] = protocol;
  out.set(src, 12);
  out.set(dst, 16);
  v.setUint16(10, internetChecksum(out.subarray(0, 20)));
  out.set(payload, 20);
  return out;
}

/** An IPv6 packet: 40-octet header, hop limit 64, no extension headers. */
export function ipv6Packet(src: Uint8Array, dst: Uint8Array, nextHeader: number, payload: Uint8Array): Uint8Array {
  const out = new Uint8Array(40 + payload.length);
  const v = new DataView(out.buffer);
  out[0] = 0x60;
  v.setUint16(4, payload.length);
  out[6] = nextHeader;
  out[7] = 64;
  out.set(src, 8);
  out.set(dst, 24);
  out.set(payload, 40);
  return out;
}

/** RFC 768 / RFC 8200 §8.1 pseudo-header for the upper-layer checksum. */
function pseudoHeader(src: Uint8Array, dst: Uint8Array, protocol: number, length: number): Uint8Array {
  if (src.length === 4) {
    const p = new Uint8Array(12);
    p.set(src, 0);
    p.set(dst, 4);
    p[9] = protocol;
    new DataView(p.buffer).setUint16(10, length);
    return p;
  }
  const p = new Uint8Array(40);
  p.set(src, 0);
  p.set(dst, 16);
  new DataView(p.buffer).setUint32(32, length);
  p[39] = protocol;
  return p;
}

/** A whole IP packet carrying one UDP datagram, checksums filled in. */
export function udpPacket(src: Uint8Array, dst: Uint8Array, srcPort: number, dstPort: number, payload: Uint8Array): Uint8Array {
  const udp = new Uint8Array(8 + payload.length);
  const v = new DataView(udp.buffer);
  v.setUint16(0, srcPort);
  v.setUint16(2, dstPort);
  v.setUint16(4, udp.length);
  udp.set(payload, 8);
  // RFC 768: a computed checksum of zero is sent as all ones (zero means "none" over IPv4).
  const sum = internetChecksum(pseudoHeader(src, dst, IpProto.UDP, udp.length), udp);
  v.setUint16(6, sum === 0 ? 0xffff : sum);
  return src.length === 4 ? ipv4Packet(src, dst, IpProto.UDP, udp) : ipv6Packet(src, dst, IpProto.UDP, udp);
}

/** An ICMP (IPv4) or ICMPv6 echo request inside its IP packet. */
export function echoRequest(src: Uint8Array, dst: Uint8Array, identifier: number, sequence: number, data: Uint8Array): Uint8Array {
  const v6 = src.length === 16;
  const icmp = new Uint8Array(8 + data.length);
  const v = new DataView(icmp.buffer);
  icmp[0] = v6 ? 128 : 8; // RFC 4443 §4.1 / RFC 792: Echo Request
  v.setUint16(4, identifier);
  v.setUint16(6, sequence);
  icmp.set(data, 8);
  // ICMPv6's checksum covers the pseudo-header (RFC 4443 §2.3); ICMP's only the message.
  v.setUint16(2, v6 ? internetChecksum(pseudoHeader(src, dst, IpProto.ICMPV6, icmp.length), icmp) : internetChecksum(icmp));
  return v6 ? ipv6Packet(src, dst, IpProto.ICMPV6, icmp) : ipv4Packet(src, dst, IpProto.ICMP, icmp, sequence);
}

/** An echo reply in an inner IP packet: its source, identifier and sequence, or undefined. */
export function parseEchoReply(packet: Uint8Array): { src: Uint8Array; identifier: number; sequence: number } | undefined {
  if (packet.length < 1) return undefined;
  const version = packet[0]! >> 4;
  if (version === 4) {
    const ihl = (packet[0]! & 0x0f) * 4;
    if (packet.length < ihl + 8 || packet[9] !== IpProto.ICMP || packet[ihl] !== 0) return undefined;
    const v = new DataView(packet.buffer, packet.byteOffset, packet.byteLength);
    return { src: packet.slice(12, 16), identifier: v.getUint16(ihl + 4), sequence: v.getUint16(ihl + 6) };
  }
  if (version === 6) {
    if (packet.length < 48 || packet[6] !== IpProto.ICMPV6 || packet[40] !== 129) return undefined;
    const v = new DataView(packet.buffer, packet.byteOffset, packet.byteLength);
    return { src: packet.slice(8, 24), identifier: v.getUint16(44), sequence: v.getUint16(46) };
  }
  return undefined;
}
