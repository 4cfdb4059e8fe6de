/**
 * EAP MD5-Challenge, RFC 3748 §5.4: the CHAP computation of RFC 1994 §4.1, Response Value =
 * MD5(Identifier | secret | Challenge), Name = the peer's identity. One-way (the server proves
 * nothing) and without keys: RFC 3748 §5.4 "does not provide ... key derivation", so no MSK, and
 * an IKEv2 initiator can only use it where the gateway authenticates with a certificate.
 */
import { hash as nodeHash } from 'node:crypto';
import { concatBytes, plain } from '../../crypto/bytes.js';
import { encodeText } from '../../ikev2/bytes.js';
import { decodeMd5Challenge, encodeMd5Challenge } from '../../ikev2/eap/md5-challenge.js';
import { EapType } from '../../ikev2/registry/eap.js';
import type { EapMethod, MethodStep } from './method.js';

export function md5ChallengeMethod(identity: string, password: string): EapMethod {
  let answered = false;
  return {
    type: EapType.MD5_CHALLENGE,
    get complete() {
      return answered;
    },
    async request(typeData: Uint8Array, identifier: number): Promise<MethodStep> {
      const c = decodeMd5Challenge(typeData);
      if (!c.ok) return { kind: 'failure', reason: c.reason };
      const value = plain(nodeHash('md5', concatBytes(Uint8Array.of(identifier), encodeText(password), c.value.value), 'buffer'));
      answered = true;
      return { kind: 'respond', typeData: encodeMd5Challenge(value, identity) };
    },
    msk: () => undefined,
  };
}
