/**
 * EAP Expanded Type (254), RFC 3748 §5.7:
 *   | Vendor-Id (3) | Vendor-Type (4) | Vendor data ... |
 * and the Expanded Nak (§5.3.2): Vendor-Id 0, Vendor-Type 3, then 8-octet entries
 * | Type = 254 | Vendor-Id (3) | Vendor-Type (4) | naming the methods the peer wants instead.
 */
import { fail, ok, type Decoded } from '../../problem.js';
import { u32 } from '../bytes.js';

export interface ExpandedMethod {
  readonly vendorId: number;
  readonly vendorType: number;
}

export interface EapExpanded extends ExpandedMethod {
  readonly kind: 'expanded';
  /** Octets of vendor data (not kept: their meaning is the vendor's). */
  readonly dataLength: number;
  /** Expanded Nak: the desired methods. */
  readonly nak?: readonly ExpandedMethod[];
}

const u24 = (b: Uint8Array, at: number): number => (b[at]! << 16) | (b[at + 1]! << 8) | b[at + 2]!;

export function decodeExpanded(typeData: Uint8Array): Decoded<EapExpanded> {
  if (typeData.length < 7) return fail(5, `EAP Expanded Type needs 7 octets of Vendor-Id and Vendor-Type, has ${typeData.length}`);
  const vendorId = u24(typeData, 0);
  const vendorType = u32(typeData, 3);
  const data = typeData.subarray(7);
  if (vendorId !== 0 || vendorType !== 3) return ok({ kind: 'expanded', vendorId, vendorType, dataLength: data.length });
  if (data.length === 0 || data.length % 8 !== 0) return fail(12, `EAP Expanded Nak of ${data.length} octets is not a list of 8-octet entries`);
  const nak: ExpandedMethod[] = [];
  for (let i = 0; i < data.length; i += 8) {
    if (data[i] !== 254) return fail(12 + i, `EAP Expanded Nak entry ${i / 8 + 1} has Type ${data[i]}, not 254`);
    nak.push({ vendorId: u24(data, i + 1), vendorType: u32(data, i + 4) });
  }
  return ok({ kind: 'expanded', vendorId, vendorType, dataLength: data.length, nak });
}
