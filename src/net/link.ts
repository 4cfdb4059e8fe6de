/**
 * Link-layer decapsulation: from a captured frame to the IP packet it carries.
 * Link type numbers are tcpdump.org's LINKTYPE_* values.
 */
import type { Decoded } from '../problem.js';
import { fail, ok } from '../problem.js';

export const LinkType = {
  NULL: 0,
  ETHERNET: 1,
  RAW_OLD: 12, // DLT_RAW on some BSDs
  RAW_OPENBSD: 14,
  RAW: 101,
  LOOP: 108,
  LINUX_SLL: 113,
  IPV4: 228,
  IPV6: 229,
  LINUX_SLL2: 276,
} as const;

const ETHERTYPE_IPV4 = 0x0800;
const ETHERTYPE_IPV6 = 0x86dd;
// 802.1Q, 802.1ad (QinQ) and the pre-standard 0x9100 QinQ outer tag.
const VLAN_TPIDS = new Set([0x8100, 0x88a8, 0x9100]);

export interface LinkPayload {
  /** Offset of the IP header inside the frame's data. */
  readonly offset: number;
  /** 4 or 6, or 0 when the link carries something that is not IP (ARP, LLDP, …). */
  readonly ipVersion: 0 | 4 | 6;
  /** 802.1Q VLAN ids, outermost first. */
  readonly vlans: readonly number[];
}

const NO_VLANS: readonly number[] = [];

function fromEtherType(type: number, offset: number, vlans: readonly number[]): LinkPayload {
  const ipVersion = type === ETHERTYPE_IPV4 ? 4 : type === ETHERTYPE_IPV6 ? 6 : 0;
  return { offset, ipVersion, vlans };
}

function fromVersionNibble(data: Uint8Array, offset: number): Decoded<LinkPayload> {
  if (data.length <= offset) return fail(offset, 'no IP header');
  const v = data[offset]! >> 4;
  return ok({ offset, ipVersion: v === 4 ? 4 : v === 6 ? 6 : 0, vlans: NO_VLANS });
}

// BSD loopback address families: AF_INET is 2 everywhere; AF_INET6 differs by OS
// (24 NetBSD/OpenBSD, 28 FreeBSD, 30 Darwin, 10 Linux).
const AF_INET6 = new Set([10, 24, 28, 30]);

export function decapsulate(linkType: number, data: Uint8Array): Decoded<LinkPayload> {
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  switch (linkType) {
    case LinkType.ETHERNET: {
      if (data.length < 14) return fail(0, 'Ethernet header truncated');
      let offset = 12;
      let type = view.getUint16(offset);
      const vlans: number[] = [];
      while (VLAN_TPIDS.has(type)) {
        if (data.length < offset + 6) return fail(offset, '802.1Q tag truncated');
        vlans.push(view.getUint16(offset + 2) & 0x0fff);
        offset += 4;
        type = view.getUint16(offset);
      }
      return ok(fromEtherType(type, offset + 2, vlans.length ? vlans : NO_VLANS));
    }
    case LinkType.LINUX_SLL:
      // 16-byte cooked header; protocol (an EtherType) in its last two bytes.
      if (data.length < 16) return fail(0, 'Linux SLL header truncated');
      return ok(fromEtherType(view.getUint16(14), 16, NO_VLANS));
    case LinkType.LINUX_SLL2:
      // 20-byte header; protocol type first.
      if (data.length < 20) return fail(0, 'Linux SLL2 header truncated');
      return ok(fromEtherType(view.getUint16(0), 20, NO_VLANS));
    case LinkType.NULL:
    case LinkType.LOOP: {
      if (data.length < 4) return fail(0, 'loopback header truncated');
      // DLT_NULL stores the family in the capturing host's byte order; DLT_LOOP in network order.
      const be = view.getUint32(0);
      const le = view.getUint32(0, true);
      const family = linkType === LinkType.LOOP ? be : (le < 0x10000 ? le : be);
      const ipVersion = family === 2 ? 4 : AF_INET6.has(family) ? 6 : 0;
      return ok({ offset: 4, ipVersion, vlans: NO_VLANS });
    }
    case LinkType.RAW:
    case LinkType.RAW_OLD:
    case LinkType.RAW_OPENBSD:
    case LinkType.IPV4:
    case LinkType.IPV6:
      return fromVersionNibble(data, 0);
    default:
      return fail(0, `unsupported link type ${linkType}`);
  }
}
