/**
 * EAP payload, RFC 7296 §3.16: the body is one EAP message, RFC 3748 §4:
 *   | Code | Identifier | Length (2) | Type (Request/Response only) | Type-Data ... |
 */
import { fail, ok } from '../../problem.js';
import { concat, copy, putU16, text, u16 } from '../bytes.js';
import { EapCode, EapType } from '../registry/eap.js';
import { PayloadType } from '../registry/payload-types.js';
import type { PayloadCodec, PayloadCommon } from './codec.js';

export interface EapPayload extends PayloadCommon {
  readonly type: typeof PayloadType.EAP;
  readonly code: number;
  readonly identifier: number;
  /** The method Type; present exactly for Request and Response. */
  readonly eapType?: number;
  /** Type-Data for Request/Response; for other codes, whatever follows the 4-octet header. */
  readonly typeData: Uint8Array;
  /**
   * Octets after the EAP Length. RFC 3748 §4: "Octets outside the range of the Length field
   * should be treated as Data Link Layer padding and MUST be ignored upon reception." Kept so the
   * payload serializes back as it came.
   */
  readonly trailing?: Uint8Array;
}

function hasType(code: number): boolean {
  return code === EapCode.REQUEST || code === EapCode.RESPONSE;
}

export const eapCodec: PayloadCodec<EapPayload> = {
  parse(body) {
    if (body.length < 4) return fail(0, `EAP message is ${body.length} octets, needs at least 4`);
    const code = body[0]!;
    const identifier = body[1]!;
    const length = u16(body, 2);
    if (length < 4) return fail(2, `EAP length ${length} is below 4`);
    if (length > body.length) return fail(2, `EAP length ${length} runs past the EAP payload (${body.length} octets)`);
    const trailing = length < body.length ? { trailing: copy(body, length) } : {};
    if (!hasType(code)) {
      return ok({ type: PayloadType.EAP, code, identifier, typeData: copy(body, 4, length), ...trailing });
    }
    // RFC 3748 §4.1: Request and Response carry a Type octet.
    if (length < 5) return fail(2, `EAP ${code === 1 ? 'Request' : 'Response'} of length ${length} has no Type`);
    return ok({
      type: PayloadType.EAP,
      code,
      identifier,
      eapType: body[4]!,
      typeData: copy(body, 5, length),
      ...trailing,
    });
  },
  serialize(p) {
    const typed = hasType(p.code);
    if (typed && p.eapType === undefined) throw new RangeError('EAP Request/Response needs an eapType');
    const headLen = typed ? 5 : 4;
    const length = headLen + p.typeData.length;
    if (length > 0xffff) throw new RangeError('EAP message longer than 65535 octets');
    const head = new Uint8Array(headLen);
    head[0] = p.code;
    head[1] = p.identifier;
    putU16(head, 2, length);
    if (typed) head[4] = p.eapType!;
    return concat([head, p.typeData, p.trailing ?? new Uint8Array(0)]);
  },
};

/** RFC 3748 §5.1: an Identity Response's Type-Data is the identity (not NUL-terminated). */
export function eapIdentity(p: EapPayload): string | undefined {
  return p.eapType === EapType.IDENTITY && p.code === EapCode.RESPONSE ? text(p.typeData) : undefined;
}

/** RFC 3748 §5.3.1: a Nak's Type-Data lists the methods the peer would accept instead. */
export function eapNakTypes(p: EapPayload): number[] | undefined {
  return p.eapType === EapType.NAK && p.code === EapCode.RESPONSE ? Array.from(p.typeData) : undefined;
}
