/**
 * Configuration payload, RFC 7296 §3.15:
 *   | CFG Type | RESERVED (3) | Configuration Attributes ... |
 * and each attribute, §3.15.1:
 *   |R| Attribute Type (15 bits) | Length (2) | Value ... |
 * `value` is the wire content; `decoded` a view for the attribute types with a known layout,
 * including Microsoft's private INTERNAL_IP4_SERVER/INTERNAL_IP6_SERVER (23456/23457).
 * An empty value (how a CFG_REQUEST asks for an attribute) has no `decoded`.
 */
import { fail, ok } from '../../problem.js';
import { concat, copy, putU16, text, u16, u32 } from '../bytes.js';
import { formatIPv4, formatIPv6 } from '../../net/address.js';
import { CpAttributeType as A } from '../registry/cp-attributes.js';
import { PayloadType } from '../registry/payload-types.js';
import type { PayloadCodec, PayloadCommon } from './codec.js';

export type CpValue =
  | { readonly kind: 'ip4'; readonly address: string }
  | { readonly kind: 'ip4-subnet'; readonly address: string; readonly netmask: string }
  | { readonly kind: 'ip6'; readonly address: string }
  | { readonly kind: 'ip6-prefix'; readonly address: string; readonly prefixLength: number }
  | { readonly kind: 'text'; readonly text: string }
  | { readonly kind: 'number'; readonly value: number }
  | { readonly kind: 'attribute-list'; readonly types: readonly number[] };

export interface CpAttribute {
  readonly attrType: number;
  readonly value: Uint8Array;
  readonly decoded?: CpValue;
}

export interface CpPayload extends PayloadCommon {
  readonly type: typeof PayloadType.CP;
  /** CFG_REQUEST, CFG_REPLY, CFG_SET, CFG_ACK. */
  readonly cfgType: number;
  readonly attributes: readonly CpAttribute[];
}

const IP4 = new Set<number>([
  A.INTERNAL_IP4_ADDRESS,
  A.INTERNAL_IP4_NETMASK,
  A.INTERNAL_IP4_DNS,
  A.INTERNAL_IP4_NBNS,
  A.INTERNAL_IP4_DHCP,
  A.P_CSCF_IP4_ADDRESS,
  A.INTERNAL_IP4_SERVER,
]);
const IP6 = new Set<number>([
  A.INTERNAL_IP6_DNS,
  A.INTERNAL_IP6_NBNS,
  A.INTERNAL_IP6_DHCP,
  A.P_CSCF_IP6_ADDRESS,
  A.INTERNAL_IP6_SERVER,
]);
/** §3.15.1: address plus a one-octet prefix length, 17 octets. */
const IP6_PREFIX = new Set<number>([
  A.INTERNAL_IP6_ADDRESS,
  A.INTERNAL_IP6_SUBNET,
  A.INTERNAL_IP6_PREFIX,
  A.INTERNAL_IP6_SERVER,
]);
const TEXT = new Set<number>([A.APPLICATION_VERSION, A.INTERNAL_DNS_DOMAIN]);
const SECONDS = new Set<number>([A.INTERNAL_ADDRESS_EXPIRY, A.TIMEOUT_PERIOD_FOR_LIVENESS_CHECK]);

export function decodeCpValue(attrType: number, v: Uint8Array): CpValue | undefined {
  if (v.length === 0) return undefined;
  if (IP4.has(attrType) && v.length === 4) return { kind: 'ip4', address: formatIPv4(v) };
  if (IP6.has(attrType) && v.length === 16) return { kind: 'ip6', address: formatIPv6(v) };
  if (IP6_PREFIX.has(attrType) && v.length === 17) {
    return { kind: 'ip6-prefix', address: formatIPv6(v), prefixLength: v[16]! };
  }
  if (attrType === A.INTERNAL_IP4_SUBNET && v.length === 8) {
    return { kind: 'ip4-subnet', address: formatIPv4(v), netmask: formatIPv4(v, 4) };
  }
  if (TEXT.has(attrType)) return { kind: 'text', text: text(v) };
  if (SECONDS.has(attrType) && v.length === 4) return { kind: 'number', value: u32(v, 0) };
  if (attrType === A.FTT_KAT && v.length === 2) return { kind: 'number', value: u16(v, 0) };
  if (attrType === A.SUPPORTED_ATTRIBUTES && v.length % 2 === 0) {
    const types: number[] = [];
    for (let i = 0; i < v.length; i += 2) types.push(u16(v, i) & 0x7fff);
    return { kind: 'attribute-list', types };
  }
  return undefined;
}

export function makeCpAttribute(attrType: number, value: Uint8Array = new Uint8Array(0)): CpAttribute {
  const v = copy(value);
  const decoded = decodeCpValue(attrType, v);
  return decoded === undefined ? { attrType, value: v } : { attrType, value: v, decoded };
}

export const cpCodec: PayloadCodec<CpPayload> = {
  parse(body) {
    if (body.length < 4) return fail(0, `CP payload body is ${body.length} octets, needs at least 4`);
    const attributes: CpAttribute[] = [];
    let at = 4;
    while (at < body.length) {
      if (body.length - at < 4) return fail(at, `configuration attribute truncated: ${body.length - at} of 4 octets`);
      // §3.15.1: "Reserved (1 bit) - This bit MUST be set to zero and MUST be ignored on receipt."
      const attrType = u16(body, at) & 0x7fff;
      const length = u16(body, at + 2);
      if (length > body.length - at - 4) return fail(at + 2, `attribute length ${length} runs past the CP payload`);
      attributes.push(makeCpAttribute(attrType, body.subarray(at + 4, at + 4 + length)));
      at += 4 + length;
    }
    return ok({ type: PayloadType.CP, cfgType: body[0]!, attributes });
  },
  serialize(p) {
    const head = new Uint8Array(4);
    head[0] = p.cfgType;
    const attrs = p.attributes.map((a) => {
      const out = new Uint8Array(4 + a.value.length);
      putU16(out, 0, a.attrType & 0x7fff);
      putU16(out, 2, a.value.length);
      out.set(a.value, 4);
      return out;
    });
    return concat([head, ...attrs]);
  },
};
