/**
 * What the AUTH payload proves, RFC 7296 §2.15:
 *
 *   InitiatorSignedOctets = RealMessage1 | NonceRData | MACedIDForI
 *   MACedIDForI = prf(SK_pi, RestOfInitIDPayload)
 *   ResponderSignedOctets = RealMessage2 | NonceIData | MACedIDForR
 *   MACedIDForR = prf(SK_pr, RestOfRespIDPayload)
 *
 * "RestOfInitIDPayload" is the ID payload without its generic header: ID Type, the three
 * RESERVED octets and the identification data. With a shared key (method 2):
 *
 *   AUTH = prf( prf(Shared Secret, "Key Pad for IKEv2"), <SignedOctets>)
 *
 * and with EAP (§2.16) the same with the MSK as the shared secret, or SK_pi / SK_pr when the
 * EAP method made no key. Signatures (methods 1, 9-11, 14) sign the same octets; see
 * signature.ts.
 */
import { concatBytes, equalIcv } from './bytes.js';
import { prf } from './prf.js';
import type { PrfAlgorithm } from './types.js';

/** §2.15: "the pad string is the 17 ASCII characters 'Key Pad for IKEv2'" (no NUL). */
export const KEY_PAD = new TextEncoder().encode('Key Pad for IKEv2');

/** MACedIDForI / MACedIDForR: prf(SK_pi or SK_pr, the ID payload's body). */
export function macedId(prfAlg: PrfAlgorithm, skP: Uint8Array, idBody: Uint8Array): Uint8Array {
  return prf(prfAlg, skP, idBody);
}

/**
 * The octets an AUTH payload covers: the sender's first message as sent (IKE_SA_INIT request
 * for the initiator, response for the responder, with any COOKIE and retried KE exactly as on
 * the wire), the peer's nonce data, and the sender's MACed ID.
 */
export function signedOctets(realMessage: Uint8Array, peerNonce: Uint8Array, macedIdValue: Uint8Array): Uint8Array {
  return concatBytes(realMessage, peerNonce, macedIdValue);
}

/** §2.15 shared-key AUTH data; the secret is the PSK, or the EAP MSK (§2.16). */
export function sharedKeyAuth(prfAlg: PrfAlgorithm, secret: Uint8Array, octets: Uint8Array): Uint8Array {
  return prf(prfAlg, prf(prfAlg, secret, KEY_PAD), octets);
}

/**
 * §2.16: "the shared key from the EAP exchange [the MSK] ... If the EAP method does not
 * generate a shared key, SK_pi/SK_pr MUST be used" — SK_pi for the initiator's AUTH, SK_pr for
 * the responder's.
 */
export function eapAuthKey(msk: Uint8Array | undefined, skP: Uint8Array): Uint8Array {
  return msk && msk.length > 0 ? msk : skP;
}

/** Compares a received shared-key AUTH with the expected one, in constant time. */
export function verifySharedKeyAuth(prfAlg: PrfAlgorithm, secret: Uint8Array, octets: Uint8Array, authData: Uint8Array): boolean {
  return equalIcv(sharedKeyAuth(prfAlg, secret, octets), authData);
}
