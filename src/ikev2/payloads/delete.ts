/**
 * Delete payload, RFC 7296 §3.11:
 *   | Protocol ID | SPI Size | Num of SPIs (2) | SPIs (SPI Size × Num) |
 */
import { fail, ok } from '../../problem.js';
import { copy, putU16, u16 } from '../bytes.js';
import { PayloadType } from '../registry/payload-types.js';
import type { PayloadCodec, PayloadCommon } from './codec.js';

export interface DeletePayload extends PayloadCommon {
  readonly type: typeof PayloadType.D;
  /** IKE (1) deletes the IKE SA carrying the message; AH (2) / ESP (3) list inbound SPIs. */
  readonly protocolId: number;
  /** §3.11: "Zero for IKE (SPI is in message header) or four for AH and ESP." */
  readonly spiSize: number;
  readonly spis: readonly Uint8Array[];
}

export const deleteCodec: PayloadCodec<DeletePayload> = {
  parse(body) {
    if (body.length < 4) return fail(0, `Delete payload body is ${body.length} octets, needs at least 4`);
    const protocolId = body[0]!;
    const spiSize = body[1]!;
    const count = u16(body, 2);
    // §3.11: "Deletion of the IKE SA is indicated by a protocol ID of 1 (IKE) but no SPIs", and
    // an SPI cannot have zero octets otherwise; a count with no room behind it is a lie that
    // would cost an allocation per claimed SPI.
    if (spiSize === 0 && count > 0) return fail(2, `${count} SPIs of 0 octets: a Delete with SPI Size 0 carries no SPIs`);
    // The product is at most 255 × 65535, so it is checked before anything is sliced.
    if (4 + spiSize * count !== body.length) {
      return fail(2, `${count} SPIs of ${spiSize} octets do not fill the ${body.length - 4}-octet SPI field`);
    }
    const spis: Uint8Array[] = [];
    for (let i = 0; i < count; i++) spis.push(copy(body, 4 + i * spiSize, 4 + (i + 1) * spiSize));
    return ok({ type: PayloadType.D, protocolId, spiSize, spis });
  },
  serialize(p) {
    if (p.spis.length > 0xffff) throw new RangeError('more than 65535 SPIs in one Delete payload');
    const out = new Uint8Array(4 + p.spiSize * p.spis.length);
    out[0] = p.protocolId;
    out[1] = p.spiSize;
    putU16(out, 2, p.spis.length);
    p.spis.forEach((spi, i) => {
      if (spi.length !== p.spiSize) throw new RangeError(`SPI of ${spi.length} octets in a Delete with SPI size ${p.spiSize}`);
      out.set(spi, 4 + i * p.spiSize);
    });
    return out;
  },
};
