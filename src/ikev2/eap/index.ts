/**
 * The decoded view of an EAP message's method data (RFC 3748 §5 and the methods' own
 * specifications), one file per method. `eapMethodOf` takes what the EAP payload codec split
 * off (code, identifier, type, Type-Data) and returns the method's view, a `Decoded` failure
 * with an offset into the EAP message when the data does not fit the method's layout, or
 * undefined when there is nothing to decode (Success, Failure, methods without a decoder).
 */
import type { Decoded } from '../../problem.js';
import { EapCode, EapType } from '../registry/eap.js';
import { decodeExpanded, type EapExpanded } from './expanded.js';
import { decodeIdentity, type EapIdentity } from './identity.js';
import { decodeMd5Challenge, type EapMd5Challenge } from './md5-challenge.js';
import type { EapMessage } from './message.js';
import { decodeMsChapV2, type EapMsChapV2 } from './mschapv2.js';
import { decodeNak, type EapNak } from './nak.js';
import { decodeNotification, type EapNotification } from './notification.js';
import { TLS_FAMILY, decodeTls, type EapTls } from './tls.js';
import { decodeToken, type EapToken } from './token.js';

export type EapMethodView =
  | EapIdentity
  | EapNotification
  | EapNak
  | EapMd5Challenge
  | EapToken
  | EapTls
  | EapMsChapV2
  | EapExpanded;

export type { EapMessage } from './message.js';
export type { EapIdentity } from './identity.js';
export type { EapNotification } from './notification.js';
export type { EapNak } from './nak.js';
export type { EapMd5Challenge } from './md5-challenge.js';
export type { EapToken } from './token.js';
export type { EapExpanded, ExpandedMethod } from './expanded.js';
export { joinTlsFragments, TLS_FAMILY, type EapTls } from './tls.js';
export { scanTlsRecords, tlsVersionName, type TlsRecord } from './tls-records.js';
export {
  MSCHAPV2_ERRORS, MsChapV2OpCode, msChapV2OpName, parseFailureMessage, parseSuccessMessage,
  type EapMsChapV2, type MsChapV2Packet, type MsChapV2FailureMessage, type MsChapV2SuccessMessage,
} from './mschapv2.js';

export function eapMethodOf(m: EapMessage): Decoded<EapMethodView> | undefined {
  if ((m.code !== EapCode.REQUEST && m.code !== EapCode.RESPONSE) || m.eapType === undefined) return undefined;
  const t = m.eapType;
  const d = m.typeData;
  switch (t) {
    case EapType.IDENTITY: return decodeIdentity(m.code, d);
    case EapType.NOTIFICATION: return decodeNotification(m.code, d);
    case EapType.NAK: return decodeNak(m.code, d);
    case EapType.MD5_CHALLENGE: return decodeMd5Challenge(d);
    case EapType.OTP: case EapType.GTC: return decodeToken(t, m.code, d);
    case EapType.MSCHAPV2: return decodeMsChapV2(m.code, d);
    case EapType.EXPANDED: return decodeExpanded(d);
    default: return TLS_FAMILY.has(t) ? decodeTls(t, d) : undefined;
  }
}
