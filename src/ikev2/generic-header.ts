/**
 * RFC 7296 §3.2, Generic Payload Header:
 *
 *    0                   1                   2                   3
 *    0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *   | Next Payload  |C|  RESERVED   |         Payload Length        |
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 */
import { fail, ok, type Decoded } from '../problem.js';
import { putU16, u16 } from './bytes.js';

export const GENERIC_HEADER_LENGTH = 4;
/** Payload Length is 16 bits and includes the header. */
export const MAX_PAYLOAD_LENGTH = 0xffff;

export interface GenericHeader {
  readonly nextPayload: number;
  readonly critical: boolean;
  /** Payload Length: header plus body, in octets. */
  readonly length: number;
}

/** Reads the header at `offset`; checks that its length is sane and fits in `bytes`. */
export function parseGenericHeader(bytes: Uint8Array, offset: number): Decoded<GenericHeader> {
  if (bytes.length - offset < GENERIC_HEADER_LENGTH) {
    return fail(offset, `payload header truncated: ${bytes.length - offset} of 4 octets`);
  }
  const nextPayload = bytes[offset]!;
  // §3.2: "Critical (1 bit) ... MUST be ignored by the recipient if the recipient understands
  // the payload type code". The 7 RESERVED bits "MUST be ignored on receipt".
  const critical = (bytes[offset + 1]! & 0x80) !== 0;
  const length = u16(bytes, offset + 2);
  // A length below 4 would make the walk stand still or go backwards.
  if (length < GENERIC_HEADER_LENGTH) {
    return fail(offset + 2, `payload length ${length} is shorter than its own 4-octet header`);
  }
  if (length > bytes.length - offset) {
    return fail(offset + 2, `payload length ${length} runs past the end (${bytes.length - offset} octets left)`);
  }
  return ok({ nextPayload, critical, length });
}

export function writeGenericHeader(
  out: Uint8Array,
  offset: number,
  nextPayload: number,
  critical: boolean,
  length: number,
): void {
  if (length > MAX_PAYLOAD_LENGTH) throw new RangeError(`payload of ${length} octets exceeds 65535`);
  out[offset] = nextPayload;
  // §3.2: RESERVED "MUST be sent as zero".
  out[offset + 1] = critical ? 0x80 : 0;
  putU16(out, offset + 2, length);
}
