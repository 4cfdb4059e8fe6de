/**
 * EAP Legacy Nak, RFC 3748 §5.3.1: "valid only in Response messages ... sent in reply to a
 * Request where the desired authentication Type is unacceptable". The Type-Data "MUST contain
 * one or more octets indicating the desired authentication type(s), one octet per type, or the
 * value zero (0) to indicate that it proposes no alternative"; 254 means the peer wants an
 * Expanded Type (./expanded.ts).
 *
 * Windows does this when a gateway offers EAP-TLS first: it NAKs and asks for MSCHAPv2 (26).
 */
import { fail, ok, type Decoded } from '../../problem.js';
import { EapCode } from '../registry/eap.js';

export interface EapNak {
  readonly kind: 'nak';
  /** The desired method types, in the peer's order (0 and 254 kept as sent). */
  readonly desired: readonly number[];
  /** The peer proposed no alternative (the single value 0). */
  readonly noAlternative: boolean;
}

export function decodeNak(code: number, typeData: Uint8Array): Decoded<EapNak> {
  if (code !== EapCode.RESPONSE) return fail(4, 'EAP Nak in a Request (RFC 3748 §5.3.1: valid only in Response messages)');
  if (typeData.length === 0) return fail(5, 'EAP Nak without a desired type (RFC 3748 §5.3.1: one or more octets)');
  const desired = Array.from(typeData);
  return ok({ kind: 'nak', desired, noAlternative: desired.length === 1 && desired[0] === 0 });
}

/** A Legacy Nak's Type-Data (§5.3.1): the desired types, one octet each (0: none). */
export function encodeNak(desired: readonly number[]): Uint8Array {
  if (desired.length === 0) throw new RangeError('a Nak names at least one type (0 for none)');
  return Uint8Array.from(desired);
}
