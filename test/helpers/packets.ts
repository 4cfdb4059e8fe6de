/** Builders for test packets: Ethernet, IPv4/IPv6 (with fragmentation), UDP. */
import { concat as concatList } from '../../src/ikev2/bytes.js';
import { parseIp } from '../../src/net/address.js';

export const concat = (...parts: Uint8Array[]): Uint8Array => concatList(parts);

export const hex = (s: string): Uint8Array => Uint8Array.from(Buffer.from(s.replace(/\s+/g, ''), 'hex'));

export function addr(text: string): Uint8Array {
  const a = parseIp(text);
  if (!a) throw new Error(`bad address ${text}`);
  return a;
}

export function udp(srcPort: number, dstPort: number, payload: Uint8Array): Uint8Array {
  const h = new Uint8Array(8);
  const v = new DataView(h.buffer);
  v.setUint16(0, srcPort); v.setUint16(2, dstPort); v.setUint16(4, 8 + payload.length);
  return concat(h, payload);
}

export interface Ipv4Opts { id?: number; fragOffset?: number; more?: boolean; totalLength?: number }

export function ipv4(src: string, dst: string, protocol: number, payload: Uint8Array, o: Ipv4Opts = {}): Uint8Array {
  const h = new Uint8Array(20);
  const v = new DataView(h.buffer);
  h[0] = 0x45;
  v.setUint16(2, o.totalLength ?? 20 + payload.length);
  v.setUint16(4, o.id ?? 1);
  v.setUint16(6, ((o.more ? 1 : 0) << 13) | ((o.fragOffset ?? 0) / 8));
  h[8] = 64; h[9] = protocol;
  h.set(addr(src), 12); h.set(addr(dst), 16);
  return concat(h, payload);
}

/** Splits an IPv4 payload into fragments of `size` bytes (a multiple of 8). */
export function ipv4Fragments(src: string, dst: string, protocol: number, payload: Uint8Array, size: number, id = 7): Uint8Array[] {
  const out: Uint8Array[] = [];
  for (let off = 0; off < payload.length; off += size) {
    const piece = payload.subarray(off, Math.min(payload.length, off + size));
    out.push(ipv4(src, dst, protocol, piece, { id, fragOffset: off, more: off + size < payload.length }));
  }
  return out;
}

export function ipv6(src: string, dst: string, next: number, payload: Uint8Array): Uint8Array {
  const h = new Uint8Array(40);
  const v = new DataView(h.buffer);
  h[0] = 0x60;
  v.setUint16(4, payload.length);
  h[6] = next; h[7] = 64;
  h.set(addr(src), 8); h.set(addr(dst), 24);
  return concat(h, payload);
}

/** IPv6 fragments: each carries a fragment header (RFC 8200 §4.5) before its piece. */
export function ipv6Fragments(src: string, dst: string, next: number, payload: Uint8Array, size: number, id = 0x1234): Uint8Array[] {
  const out: Uint8Array[] = [];
  for (let off = 0; off < payload.length; off += size) {
    const piece = payload.subarray(off, Math.min(payload.length, off + size));
    const fh = new Uint8Array(8);
    const v = new DataView(fh.buffer);
    fh[0] = next;
    v.setUint16(2, off | (off + size < payload.length ? 1 : 0));
    v.setUint32(4, id);
    out.push(ipv6(src, dst, 44, concat(fh, piece)));
  }
  return out;
}

export function ethernet(ip: Uint8Array, vlans: number[] = []): Uint8Array {
  const macs = hex('020000000002 020000000001');
  const tags = vlans.map((id) => hex(`8100${id.toString(16).padStart(4, '0')}`));
  const type = (ip[0]! >> 4) === 6 ? hex('86dd') : hex('0800');
  return concat(macs, ...tags, type, ip);
}

export function frame(number: number, data: Uint8Array, linkType = 1, sec = 1_700_000_000 + number) {
  return { number, sec, nsec: 0, linkType, data, originalLength: data.length, interfaceId: 0 };
}
