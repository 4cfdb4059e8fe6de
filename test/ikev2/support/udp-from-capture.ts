/**
 * Test-only: just enough of pcap / pcapng, Ethernet, IPv4/IPv6 and UDP to pull IKE messages
 * out of the Wireshark test captures. The real readers live in src/capture and src/net; this
 * one exists so the codec tests do not depend on them.
 */
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';

export interface UdpDatagram {
  /** 1-based, as Wireshark numbers frames. */
  readonly frame: number;
  readonly srcPort: number;
  readonly dstPort: number;
  /** UDP payload; on port 4500 with the 4-octet non-ESP marker removed. */
  readonly payload: Uint8Array;
  /** True when the datagram came on port 4500 with a non-ESP marker. */
  readonly natt: boolean;
}

function frames(file: Uint8Array): { linkType: number; data: Uint8Array }[] {
  const dv = new DataView(file.buffer, file.byteOffset, file.byteLength);
  const magic = dv.getUint32(0, true);
  const out: { linkType: number; data: Uint8Array }[] = [];
  if (magic === 0xa1b2c3d4 || magic === 0xa1b23c4d || magic === 0xd4c3b2a1 || magic === 0x4d3cb2a1) {
    const le = magic === 0xa1b2c3d4 || magic === 0xa1b23c4d;
    const linkType = dv.getUint32(20, le);
    for (let at = 24; at + 16 <= file.length; ) {
      const incl = dv.getUint32(at + 8, le);
      out.push({ linkType, data: file.subarray(at + 16, at + 16 + incl) });
      at += 16 + incl;
    }
    return out;
  }
  if (magic === 0x0a0d0d0a) {
    let le = true;
    const linkTypes: number[] = [];
    for (let at = 0; at + 12 <= file.length; ) {
      const type0 = dv.getUint32(at, true);
      if (type0 === 0x0a0d0d0a) {
        le = dv.getUint32(at + 8, true) === 0x1a2b3c4d;
        linkTypes.length = 0;
      }
      const type = dv.getUint32(at, le);
      const len = dv.getUint32(at + 4, le);
      if (len < 12) break;
      if (type === 1) linkTypes.push(dv.getUint16(at + 8, le));
      if (type === 6) {
        const iface = dv.getUint32(at + 8, le);
        const cap = dv.getUint32(at + 20, le);
        out.push({ linkType: linkTypes[iface] ?? 1, data: file.subarray(at + 28, at + 28 + cap) });
      }
      at += len;
    }
    return out;
  }
  throw new Error('not a pcap or pcapng file');
}

function udp(linkType: number, f: Uint8Array): { src: number; dst: number; payload: Uint8Array } | undefined {
  if (linkType !== 1) return undefined; // Ethernet only
  let at = 12;
  let etherType = (f[at]! << 8) | f[at + 1]!;
  at += 2;
  while (etherType === 0x8100) {
    etherType = (f[at + 2]! << 8) | f[at + 3]!;
    at += 4;
  }
  let proto: number;
  if (etherType === 0x0800) {
    const ihl = (f[at]! & 0x0f) * 4;
    proto = f[at + 9]!;
    at += ihl;
  } else if (etherType === 0x86dd) {
    proto = f[at + 6]!;
    at += 40;
  } else return undefined;
  if (proto !== 17) return undefined;
  const src = (f[at]! << 8) | f[at + 1]!;
  const dst = (f[at + 2]! << 8) | f[at + 3]!;
  const len = (f[at + 4]! << 8) | f[at + 5]!;
  return { src, dst, payload: f.subarray(at + 8, at + len) };
}

export function udpDatagrams(path: string): UdpDatagram[] {
  // A plain Uint8Array: Buffer's slice() shares memory, which would let one test's mutation leak.
  let file = new Uint8Array(readFileSync(path));
  if (file[0] === 0x1f && file[1] === 0x8b) file = new Uint8Array(gunzipSync(file));
  const out: UdpDatagram[] = [];
  frames(file).forEach((fr, i) => {
    const u = udp(fr.linkType, fr.data);
    if (!u) return;
    let payload = u.payload;
    let natt = false;
    if (u.src === 4500 || u.dst === 4500) {
      // RFC 3948 §2.2: IKE on port 4500 is preceded by the four-zero-octet non-ESP marker;
      // anything else there is ESP or a one-octet keepalive.
      if (payload.length < 4 || payload[0] !== 0 || payload[1] !== 0 || payload[2] !== 0 || payload[3] !== 0) return;
      payload = payload.subarray(4);
      natt = true;
    }
    out.push({ frame: i + 1, srcPort: u.src, dstPort: u.dst, payload: payload.slice(), natt });
  });
  return out;
}
