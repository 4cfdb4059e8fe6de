/** Nonce payload, RFC 7296 §3.9: the body is the nonce. Ni or Nr depending on who sent it. */
import { ok } from '../../problem.js';
import { copy } from '../bytes.js';
import { PayloadType } from '../registry/payload-types.js';
import type { PayloadCodec, PayloadCommon } from './codec.js';

export interface NoncePayload extends PayloadCommon {
  readonly type: typeof PayloadType.NONCE;
  /**
   * §2.10 "Nonces used in IKEv2 MUST be randomly chosen, MUST be at least 128 bits in size, and
   * MUST be at least half the key size of the negotiated PRF" — a policy check for lint, not
   * a framing error, so the codec keeps short nonces as they are.
   */
  readonly data: Uint8Array;
}

export const nonceCodec: PayloadCodec<NoncePayload> = {
  parse(body) {
    return ok({ type: PayloadType.NONCE, data: copy(body) });
  },
  serialize(p) {
    return copy(p.data);
  },
};
