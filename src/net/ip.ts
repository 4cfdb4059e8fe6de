/**
 * IPv4 (RFC 791) and IPv6 (RFC 8200) headers, including IPv6 extension headers, as far as
 * needed to reach the transport payload and to reassemble fragments.
 */
import type { Decoded } from '../problem.js';
import { fail, ok } from '../problem.js';

export const IpProto = {
  HOPOPTS: 0,
  ICMP: 1,
  /** IPv4 in IP: ESP's Next Header in tunnel mode (RFC 4303 §2.6). */
  IPV4: 4,
  TCP: 6,
  UDP: 17,
  IPV6: 41,
  ROUTING: 43,
  FRAGMENT: 44,
  ESP: 50,
  AH: 51,
  ICMPV6: 58,
  NONE: 59,
  DSTOPTS: 60,
  MOBILITY: 135,
  HIP: 139,
  SHIM6: 140,
} as const;

export interface FragmentInfo {
  /** IPv4 identification (16 bits) or IPv6 fragment header identification (32 bits). */
  readonly id: number;
  /** Byte offset of this fragment's data in the original payload. */
  readonly offset: number;
  readonly more: boolean;
}

export interface IpHeader {
  readonly version: 4 | 6;
  /** Source and destination address bytes (4 or 16). */
  readonly src: Uint8Array;
  readonly dst: Uint8Array;
  /** Upper-layer protocol after all extension headers. */
  readonly protocol: number;
  /** The bytes after the IP header (and extension headers), trimmed to the packet's length. */
  readonly payload: Uint8Array;
  /** Present when this packet is a fragment (not a whole datagram). */
  readonly fragment?: FragmentInfo;
  /** Captured bytes are fewer than the header's length says (snap length). */
  readonly truncated: boolean;
}

export function parseIpv4(data: Uint8Array): Decoded<IpHeader> {
  if (data.length < 20) return fail(0, 'IPv4 header truncated');
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  const ihl = (data[0]! & 0x0f) * 4;
  if (ihl < 20) return fail(0, `IPv4 header length ${ihl} is below 20`);
  if (data.length < ihl) return fail(0, 'IPv4 options truncated');
  const totalLength = view.getUint16(2);
  if (totalLength < ihl) return fail(2, `IPv4 total length ${totalLength} is below the header length ${ihl}`);
  const flagsFrag = view.getUint16(6);
  const more = (flagsFrag & 0x2000) !== 0;
  const fragOffset = (flagsFrag & 0x1fff) * 8;
  const end = Math.min(totalLength, data.length);
  return ok({
    version: 4,
    src: data.subarray(12, 16),
    dst: data.subarray(16, 20),
    protocol: data[9]!,
    payload: data.subarray(ihl, end),
    fragment: more || fragOffset > 0 ? { id: view.getUint16(4), offset: fragOffset, more } : undefined,
    truncated: data.length < totalLength,
  });
}

export function parseIpv6(data: Uint8Array): Decoded<IpHeader> {
  if (data.length < 40) return fail(0, 'IPv6 header truncated');
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  const payloadLength = view.getUint16(4);
  // A zero payload length means a jumbogram (RFC 2675); take what was captured.
  const end = payloadLength === 0 ? data.length : Math.min(40 + payloadLength, data.length);
  let next = data[6]!;
  let offset = 40;
  let fragment: FragmentInfo | undefined;
  // RFC 8200 §4.1: walk the extension header chain until an upper-layer header.
  for (let hops = 0; ; hops++) {
    if (hops > 32) return fail(offset, 'IPv6 extension header chain too long');
    if (next === IpProto.HOPOPTS || next === IpProto.ROUTING || next === IpProto.DSTOPTS
      || next === IpProto.MOBILITY || next === IpProto.HIP || next === IpProto.SHIM6) {
      if (end < offset + 8) return fail(offset, 'IPv6 extension header truncated');
      const len = (data[offset + 1]! + 1) * 8;
      next = data[offset]!;
      offset += len;
      if (offset > end) return fail(offset, 'IPv6 extension header longer than the packet');
      continue;
    }
    if (next === IpProto.FRAGMENT) {
      // RFC 8200 §4.5: 8 bytes, offset in 8-octet units, M flag, 32-bit identification.
      if (end < offset + 8) return fail(offset, 'IPv6 fragment header truncated');
      const offFlags = view.getUint16(offset + 2);
      fragment = { id: view.getUint32(offset + 4), offset: (offFlags >> 3) * 8, more: (offFlags & 1) !== 0 };
      next = data[offset]!;
      offset += 8;
      // Only the first fragment carries the headers after the fragment header.
      if (fragment.offset > 0) break;
      if (!fragment.more && fragment.offset === 0) fragment = undefined; // atomic fragment (RFC 6946)
      continue;
    }
    if (next === IpProto.AH) {
      // RFC 4302 §2.2: payload length in 32-bit words, minus 2.
      if (end < offset + 8) return fail(offset, 'AH header truncated');
      const len = (data[offset + 1]! + 2) * 4;
      next = data[offset]!;
      offset += len;
      if (offset > end) return fail(offset, 'AH header longer than the packet');
      continue;
    }
    break;
  }
  return ok({
    version: 6,
    src: data.subarray(8, 24),
    dst: data.subarray(24, 40),
    protocol: next,
    payload: data.subarray(offset, end),
    fragment,
    truncated: payloadLength !== 0 && data.length < 40 + payloadLength,
  });
}

export function parseIp(data: Uint8Array, version: 4 | 6): Decoded<IpHeader> {
  return version === 4 ? parseIpv4(data) : parseIpv6(data);
}
