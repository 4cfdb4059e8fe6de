/**
 * Which IPsec traffic a transport payload is: IKE (UDP 500, or UDP 4500 after the non-ESP
 * marker), ESP (IP protocol 50, or UDP 4500 without the marker), or a NAT-T keepalive.
 */
import { IpProto } from './ip.js';

export const IKE_PORT = 500;
export const NAT_T_PORT = 4500;

export type Classified =
  | { readonly kind: 'ike'; readonly bytes: Uint8Array; readonly nonEspMarker: boolean }
  | { readonly kind: 'esp'; readonly bytes: Uint8Array; readonly udpEncapsulated: boolean }
  | { readonly kind: 'nat-keepalive' }
  | { readonly kind: 'other' };

const OTHER: Classified = { kind: 'other' };
const KEEPALIVE: Classified = { kind: 'nat-keepalive' };

export function classifyEsp(payload: Uint8Array): Classified {
  return { kind: 'esp', bytes: payload, udpEncapsulated: false };
}

export function classifyUdp(srcPort: number, dstPort: number, payload: Uint8Array, ikePorts: ReadonlySet<number>, natTPorts: ReadonlySet<number>): Classified {
  if (natTPorts.has(srcPort) || natTPorts.has(dstPort)) {
    // RFC 3948 §2.3: a NAT-keepalive is a single octet 0xFF.
    if (payload.length === 1 && payload[0] === 0xff) return KEEPALIVE;
    // RFC 3948 §2.2: the non-ESP marker is four zero octets where an ESP SPI would be
    // (SPI 0 is reserved, RFC 4303 §2.1), so it tells IKE from ESP.
    if (payload.length >= 4 && payload[0] === 0 && payload[1] === 0 && payload[2] === 0 && payload[3] === 0) {
      return { kind: 'ike', bytes: payload.subarray(4), nonEspMarker: true };
    }
    // RFC 3948 §2.1: ESP header follows the UDP header directly; 8 bytes at least (SPI + seq).
    if (payload.length >= 8) return { kind: 'esp', bytes: payload, udpEncapsulated: true };
    return OTHER;
  }
  if (ikePorts.has(srcPort) || ikePorts.has(dstPort)) return { kind: 'ike', bytes: payload, nonEspMarker: false };
  return OTHER;
}

export { IpProto };
