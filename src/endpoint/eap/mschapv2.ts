/**
 * EAP-MSCHAPv2 on the peer side (draft-kamath-pppext-eap-mschapv2-02, RFC 2759): answer the
 * Challenge with a Response, verify the server's Authenticator Response in its Success Request
 * before acknowledging it (RFC 2759 §5: "the Peer ... MUST ... end the connection" when it does
 * not verify), acknowledge a Failure Request and keep its reason, and derive the MSK.
 */
import { randomBytes } from 'node:crypto';
import { plain } from '../../crypto/bytes.js';
import { checkAuthenticatorResponse, generateNtResponse, msChapUserName, msChapV2Msk } from '../../crypto/mschapv2.js';
import { decodeMsChapV2, encodeMsChapV2Ack, encodeMsChapV2Response, MsChapV2OpCode } from '../../ikev2/eap/mschapv2.js';
import { EapCode, EapType } from '../../ikev2/registry/eap.js';
import type { EapMethod, MethodStep } from './method.js';

export interface MsChapV2Options {
  readonly identity: string;
  readonly password: string;
  /** Source of the 16-octet Peer-Challenge; tests replay a recorded one. */
  readonly random?: (n: number) => Uint8Array;
}

export function msChapV2Method(o: MsChapV2Options): EapMethod {
  const random = o.random ?? ((n: number) => plain(randomBytes(n)));
  let sent: { authChallenge: Uint8Array; peerChallenge: Uint8Array; ntResponse: Uint8Array } | undefined;
  let verified = false;
  let failureReason: string | undefined;
  const userName = msChapUserName(o.identity);
  return {
    type: EapType.MSCHAPV2,
    get complete() {
      return verified;
    },
    get failureReason() {
      return failureReason;
    },
    async request(typeData: Uint8Array): Promise<MethodStep> {
      const p = decodeMsChapV2(EapCode.REQUEST, typeData);
      if (!p.ok) return { kind: 'failure', reason: p.reason };
      const v = p.value;
      switch (v.op) {
        case 'challenge': {
          if (verified) return { kind: 'failure', reason: 'MSCHAPv2 Challenge after the Success was verified' };
          const peerChallenge = random(16);
          const ntResponse = generateNtResponse(v.challenge, peerChallenge, userName, o.password);
          sent = { authChallenge: v.challenge, peerChallenge, ntResponse };
          // draft-kamath §2: the Response carries the Challenge's MS-CHAPv2-ID; the Name is the
          // identity as the user gave it (with any domain), the hashes use the bare user name.
          return { kind: 'respond', typeData: encodeMsChapV2Response({ msChapV2Id: v.msChapV2Id, peerChallenge, ntResponse, name: o.identity }) };
        }
        case 'success': {
          if (!sent) return { kind: 'failure', reason: 'MSCHAPv2 Success before any Challenge' };
          if (!v.authenticatorResponse) return { kind: 'failure', reason: 'MSCHAPv2 Success without an "S=" Authenticator Response' };
          if (!checkAuthenticatorResponse(o.password, sent.ntResponse, sent.peerChallenge, sent.authChallenge, userName, v.authenticatorResponse)) {
            return { kind: 'failure', reason: 'MSCHAPv2 Authenticator Response does not verify: the server does not know the password' };
          }
          verified = true;
          return { kind: 'respond', typeData: encodeMsChapV2Ack(MsChapV2OpCode.SUCCESS) };
        }
        case 'failure': {
          // RFC 2759 §6: E= names the error; a retry (R=1) would need another password.
          const what = v.errorName ? `${v.error} ${v.errorName}` : v.error !== undefined ? String(v.error) : 'no error code';
          failureReason = `MSCHAPv2 Failure (${what}${v.message ? `: ${v.message}` : ''})`;
          return { kind: 'respond', typeData: encodeMsChapV2Ack(MsChapV2OpCode.FAILURE) };
        }
        default:
          return { kind: 'failure', reason: `MSCHAPv2 ${v.op} in a Request` };
      }
    },
    msk: () => (verified && sent ? msChapV2Msk(o.password, sent.ntResponse) : undefined),
  };
}
