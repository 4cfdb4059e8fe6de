/**
 * Encrypted and Authenticated Fragment payload, RFC 7383 §2.5:
 *   | generic header | Fragment Number (2) | Total Fragments (2) | IV | ciphertext | ICV |
 * Next Payload is the first inner payload's type in fragment 1 and zero in the others.
 */
import { fail, ok } from '../../problem.js';
import { copy, putU16, u16 } from '../bytes.js';
import { PayloadType } from '../registry/payload-types.js';
import type { PayloadCodec, PayloadCommon } from './codec.js';

export interface SkfPayload extends PayloadCommon {
  readonly type: typeof PayloadType.SKF;
  readonly innerType: number;
  readonly fragmentNumber: number;
  readonly totalFragments: number;
  /** IV | Encrypted content | Padding | Pad Length | Integrity Checksum. */
  readonly data: Uint8Array;
}

export const skfCodec: PayloadCodec<SkfPayload> = {
  parse(body, ctx) {
    if (body.length < 4) return fail(0, `SKF payload body is ${body.length} octets, needs at least 4`);
    const fragmentNumber = u16(body, 0);
    const totalFragments = u16(body, 2);
    // RFC 7383 §2.5: "Fragment Number ... MUST start with 1"; "Total Fragments ... MUST be
    // greater than or equal to Fragment Number". §2.6.1 has the receiver discard violators.
    if (fragmentNumber === 0) return fail(0, 'SKF Fragment Number is 0; numbering starts at 1');
    if (totalFragments < fragmentNumber) {
      return fail(2, `SKF Total Fragments ${totalFragments} is below Fragment Number ${fragmentNumber}`);
    }
    return ok({
      type: PayloadType.SKF,
      innerType: ctx.nextPayload,
      fragmentNumber,
      totalFragments,
      data: copy(body, 4),
    });
  },
  serialize(p) {
    const out = new Uint8Array(4 + p.data.length);
    putU16(out, 0, p.fragmentNumber);
    putU16(out, 2, p.totalFragments);
    out.set(p.data, 4);
    return out;
  },
};
