/**
 * Key Exchange payload, RFC 7296 §3.4:
 *   | Key Exchange Method Num (DH group) |  RESERVED  |  Key Exchange Data ... |
 */
import { fail, ok } from '../../problem.js';
import { copy, putU16, u16 } from '../bytes.js';
import { PayloadType } from '../registry/payload-types.js';
import type { PayloadCodec, PayloadCommon } from './codec.js';

export interface KePayload extends PayloadCommon {
  readonly type: typeof PayloadType.KE;
  /** Diffie-Hellman Group Num / Key Exchange Method (registry ke-methods.ts). */
  readonly group: number;
  readonly data: Uint8Array;
}

export const keCodec: PayloadCodec<KePayload> = {
  parse(body) {
    if (body.length < 4) return fail(0, `KE payload body is ${body.length} octets, needs at least 4`);
    // §3.4 RESERVED (2 octets): "MUST be sent as zero and MUST be ignored on receipt".
    return ok({ type: PayloadType.KE, group: u16(body, 0), data: copy(body, 4) });
  },
  serialize(p) {
    const out = new Uint8Array(4 + p.data.length);
    putU16(out, 0, p.group);
    out.set(p.data, 4);
    return out;
  },
};
