/**
 * Encrypted and Authenticated payload, RFC 7296 §3.14. The generic header's Next Payload names
 * the first payload inside, so it is kept here as `innerType`; the body (IV, ciphertext with its
 * padding, ICV) stays opaque until crypto/ decrypts it and parseInnerPayloads reads the result.
 * §3.14: "the Encrypted payload, if present in a message, MUST be the last payload in the
 * message" — message.ts enforces that, since only it sees what follows.
 */
import { ok } from '../../problem.js';
import { copy } from '../bytes.js';
import { PayloadType } from '../registry/payload-types.js';
import type { PayloadCodec, PayloadCommon } from './codec.js';

export interface SkPayload extends PayloadCommon {
  readonly type: typeof PayloadType.SK;
  /** Next Payload of the SK header: the type of the first inner payload. */
  readonly innerType: number;
  /** Initialization Vector | Encrypted IKE Payloads | Padding | Pad Length | Integrity Checksum. */
  readonly data: Uint8Array;
}

export const skCodec: PayloadCodec<SkPayload> = {
  parse(body, ctx) {
    return ok({ type: PayloadType.SK, innerType: ctx.nextPayload, data: copy(body) });
  },
  serialize(p) {
    return copy(p.data);
  },
};
