/**
 * EAP One-Time Password (5, RFC 3748 §5.5) and Generic Token Card (6, §5.6): the Request
 * carries a displayable prompt ("the OTP challenge" / "a displayable message"), the Response
 * the OTP or the token card information — in clear, so the view keeps only its length.
 */
import { fail, ok, type Decoded } from '../../problem.js';
import { EapCode, EapType } from '../registry/eap.js';
import { utf8Text } from './message.js';

export interface EapToken {
  readonly kind: 'token';
  /** 5 (OTP) or 6 (GTC). */
  readonly method: number;
  /** Request: the prompt. */
  readonly prompt?: string;
  /** Response: octets of the secret the peer sent (never the secret). */
  readonly responseLength?: number;
}

export function decodeToken(method: number, code: number, typeData: Uint8Array): Decoded<EapToken> {
  if (code === EapCode.REQUEST) {
    // §5.5: the OTP Request's Type-Data "MUST contain" the challenge; GTC's prompt may be empty.
    if (method === EapType.OTP && typeData.length === 0) return fail(5, 'EAP OTP Request without a challenge');
    return ok({ kind: 'token', method, prompt: utf8Text(typeData) });
  }
  return ok({ kind: 'token', method, responseLength: typeData.length });
}
