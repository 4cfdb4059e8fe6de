/**
 * IKE header, RFC 7296 §3.1:
 *
 *    0                   1                   2                   3
 *    0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *   |                       IKE SA Initiator's SPI                  |
 *   |                       IKE SA Responder's SPI                  |
 *   |  Next Payload | MjVer | MnVer | Exchange Type |     Flags     |
 *   |                          Message ID                           |
 *   |                            Length                             |
 *
 * IKEv1 (ISAKMP, RFC 2408 §3.1) has the same 28-octet frame with major version 1, which is how
 * a classifier tells the two apart before decoding anything else.
 */
import { fail, ok, type Decoded } from '../problem.js';
import { copy, putU32, u32 } from './bytes.js';

export const IKE_HEADER_LENGTH = 28;
export const IKEV2_MAJOR_VERSION = 2;

/** §3.1 Flags: "I (Initiator, bit 3)", "V (Version, bit 4)", "R (Response, bit 5)". */
export const Flag = Object.freeze({ INITIATOR: 0x08, VERSION: 0x10, RESPONSE: 0x20 } as const);

export interface IkeHeader {
  /** IKE SA Initiator's SPI, 8 octets. */
  readonly ispi: Uint8Array;
  /** IKE SA Responder's SPI, 8 octets; all zero in the first IKE_SA_INIT request. */
  readonly rspi: Uint8Array;
  readonly nextPayload: number;
  readonly majorVersion: number;
  readonly minorVersion: number;
  readonly exchangeType: number;
  /** I flag: sent by the original initiator of the IKE SA. */
  readonly initiator: boolean;
  /** V flag: the sender can speak a higher major version. */
  readonly version: boolean;
  /** R flag: this message is a response. */
  readonly response: boolean;
  readonly messageId: number;
  /** Length of the whole message, header included. */
  readonly length: number;
}

/** Decode the 28-octet header; does not judge the version (see parseMessage / detectIkeVersion). */
export function parseHeader(bytes: Uint8Array): Decoded<IkeHeader> {
  if (bytes.length < IKE_HEADER_LENGTH) {
    return fail(bytes.length, `IKE header truncated: ${bytes.length} of ${IKE_HEADER_LENGTH} octets`);
  }
  const version = bytes[17]!;
  const flags = bytes[19]!;
  return ok({
    ispi: copy(bytes, 0, 8),
    rspi: copy(bytes, 8, 16),
    nextPayload: bytes[16]!,
    majorVersion: version >> 4,
    minorVersion: version & 0x0f,
    exchangeType: bytes[18]!,
    // §3.1: the other flag bits "MUST be cleared when sending and MUST be ignored on receipt".
    initiator: (flags & Flag.INITIATOR) !== 0,
    version: (flags & Flag.VERSION) !== 0,
    response: (flags & Flag.RESPONSE) !== 0,
    messageId: u32(bytes, 20),
    length: u32(bytes, 24),
  });
}

/** Header fields a caller provides to serialize; lengths and Next Payload are computed. */
export interface IkeHeaderInit {
  readonly ispi: Uint8Array;
  readonly rspi: Uint8Array;
  readonly exchangeType: number;
  readonly messageId: number;
  readonly initiator?: boolean;
  readonly version?: boolean;
  readonly response?: boolean;
  /** Defaults to 2. */
  readonly majorVersion?: number;
  /** Defaults to 0. */
  readonly minorVersion?: number;
}

export function writeHeader(out: Uint8Array, h: IkeHeaderInit, nextPayload: number, length: number): void {
  if (h.ispi.length !== 8 || h.rspi.length !== 8) throw new RangeError('IKE SPIs are 8 octets');
  out.set(h.ispi, 0);
  out.set(h.rspi, 8);
  out[16] = nextPayload;
  // §3.1: "Implementations based on this version of IKE MUST set the major version to 2 and
  // MUST set the minor version to zero."
  out[17] = (((h.majorVersion ?? IKEV2_MAJOR_VERSION) & 0x0f) << 4) | ((h.minorVersion ?? 0) & 0x0f);
  out[18] = h.exchangeType;
  out[19] = (h.initiator ? Flag.INITIATOR : 0) | (h.version ? Flag.VERSION : 0) | (h.response ? Flag.RESPONSE : 0);
  putU32(out, 20, h.messageId);
  putU32(out, 24, length);
}

/** Major and minor version from octet 17, or undefined when the bytes cannot be an IKE header. */
export function ikeVersion(bytes: Uint8Array): { major: number; minor: number } | undefined {
  if (bytes.length < IKE_HEADER_LENGTH) return undefined;
  return { major: bytes[17]! >> 4, minor: bytes[17]! & 0x0f };
}

/**
 * 1 for IKEv1/ISAKMP, 2 for IKEv2, undefined when the bytes do not look like an IKE header at
 * all (too short, another major version, or a Length field below the header size), so the
 * classifier can label IKEv1 traffic instead of misparsing it as IKEv2.
 */
export function detectIkeVersion(bytes: Uint8Array): 1 | 2 | undefined {
  const v = ikeVersion(bytes);
  if (!v || u32(bytes, 24) < IKE_HEADER_LENGTH) return undefined;
  if (v.major === 1) return 1;
  if (v.major === 2) return 2;
  return undefined;
}

export function isIkev1(bytes: Uint8Array): boolean {
  return detectIkeVersion(bytes) === 1;
}
