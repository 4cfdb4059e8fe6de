/**
 * Whole messages: the IKE header followed by a chain of payloads, each naming the type of the
 * next (RFC 7296 §3.2). Decoding never throws: a message whose header is usable comes back with
 * every payload read before the first defect and `malformed` saying where and why; only a
 * message whose header cannot be used at all is a `fail`.
 */
import { fail, ok, type Decoded } from '../problem.js';
import { concat } from './bytes.js';
import { GENERIC_HEADER_LENGTH, parseGenericHeader, writeGenericHeader } from './generic-header.js';
import { IKE_HEADER_LENGTH, IKEV2_MAJOR_VERSION, parseHeader, writeHeader, type IkeHeader, type IkeHeaderInit } from './header.js';
import { isEncryptedPayload, parsePayloadBody, serializePayloadBody, type Payload } from './payload.js';
import { PayloadType, payloadName } from './registry/payload-types.js';

/** Where decoding stopped and why; `offset` counts from the first octet given to the parser. */
export interface Malformed {
  readonly offset: number;
  readonly reason: string;
}

export interface IkeMessage {
  readonly header: IkeHeader;
  /** Every payload decoded, in order; when `malformed` is set, those before the defect. */
  readonly payloads: readonly Payload[];
  readonly malformed?: Malformed;
}

export interface PayloadChain {
  readonly payloads: readonly Payload[];
  readonly malformed?: Malformed;
}

/**
 * A bound on payloads per chain. Every payload consumes at least its 4-octet header, so a
 * message cannot loop, but a 64 KiB run of empty payloads would still be 16k objects; real
 * messages carry a few dozen at most.
 */
export const MAX_PAYLOADS = 512;

function walk(
  bytes: Uint8Array,
  start: number,
  end: number,
  firstType: number,
  inside: boolean,
  out: Payload[],
): Malformed | undefined {
  const view = bytes.subarray(0, end);
  let type = firstType;
  let at = start;
  while (type !== PayloadType.NONE) {
    if (out.length >= MAX_PAYLOADS) return { offset: at, reason: `more than ${MAX_PAYLOADS} payloads` };
    if (at >= end) {
      return { offset: at, reason: `${payloadName(type)} payload announced, but the message ends at octet ${end}` };
    }
    const h = parseGenericHeader(view, at);
    if (!h.ok) return { offset: h.offset, reason: `${payloadName(type)} payload: ${h.reason}` };
    const body = view.subarray(at + GENERIC_HEADER_LENGTH, at + h.value.length);
    const p = parsePayloadBody(body, { type, nextPayload: h.value.nextPayload });
    if (!p.ok) {
      return { offset: at + GENERIC_HEADER_LENGTH + p.offset, reason: `${payloadName(type)} payload: ${p.reason}` };
    }
    // §3.14: "an Encrypted payload MUST NOT contain another Encrypted payload." It is the
    // defect, so it is not among the payloads decoded before it.
    if (inside && isEncryptedPayload(p.value)) return { offset: at, reason: `${payloadName(type)} payload inside an Encrypted payload` };
    out.push(h.value.critical ? { ...p.value, critical: true } : p.value);
    at += h.value.length;
    if (isEncryptedPayload(p.value)) {
      // §3.14: "the Encrypted payload, if present in a message, MUST be the last payload in the
      // message." Its Next Payload names the first inner payload, so the outer chain ends here.
      if (at !== end) return { offset: at, reason: `${end - at} octets follow the ${payloadName(type)} payload, which must be last` };
      return undefined;
    }
    type = h.value.nextPayload;
  }
  if (at !== end) return { offset: at, reason: `${end - at} octets follow the last payload (Next Payload 0)` };
  return undefined;
}

/** Decode a chain of payloads that starts with `firstType` and fills `bytes` exactly. */
export function parsePayloadChain(firstType: number, bytes: Uint8Array): PayloadChain {
  const payloads: Payload[] = [];
  const malformed = walk(bytes, 0, bytes.length, firstType, false, payloads);
  return malformed ? { payloads, malformed } : { payloads };
}

/**
 * Decode the plaintext of an SK payload (after crypto/ removed IV, padding and ICV): the chain
 * starts with the SK header's Next Payload. An SK or SKF inside is reported as malformed.
 */
export function parseInnerPayloads(firstPayloadType: number, bytes: Uint8Array): PayloadChain {
  const payloads: Payload[] = [];
  const malformed = walk(bytes, 0, bytes.length, firstPayloadType, true, payloads);
  return malformed ? { payloads, malformed } : { payloads };
}

/** Decode one IKEv2 message (a UDP payload without the non-ESP marker). */
export function parseMessage(bytes: Uint8Array): Decoded<IkeMessage> {
  const h = parseHeader(bytes);
  if (!h.ok) return h;
  const header = h.value;
  if (header.majorVersion !== IKEV2_MAJOR_VERSION) {
    // §3.1: "Implementations based on this version of IKE MUST reject or ignore messages
    // containing a version number greater than 2"; version 1 is ISAKMP/IKEv1, another protocol.
    return fail(
      17,
      header.majorVersion === 1
        ? 'IKEv1 (ISAKMP) message, major version 1: not decoded as IKEv2'
        : `unsupported IKE major version ${header.majorVersion}`,
    );
  }
  if (header.length < IKE_HEADER_LENGTH) {
    return fail(24, `IKE header Length ${header.length} is below the ${IKE_HEADER_LENGTH}-octet header`);
  }
  const end = Math.min(header.length, bytes.length);
  const payloads: Payload[] = [];
  const walked = walk(bytes, IKE_HEADER_LENGTH, end, header.nextPayload, false, payloads);
  let malformed: Malformed | undefined;
  if (header.length > bytes.length) {
    malformed = { offset: bytes.length, reason: `message truncated: header Length ${header.length}, ${bytes.length} octets present` };
  } else if (walked) {
    malformed = walked;
  } else if (bytes.length > header.length) {
    malformed = { offset: header.length, reason: `${bytes.length - header.length} octets beyond the header Length ${header.length}` };
  }
  return ok(malformed ? { header, payloads, malformed } : { header, payloads });
}

/**
 * Encode a chain: each payload's Next Payload is the following payload's type (0 after the
 * last), except SK/SKF which carry their first inner payload's type and must come last.
 * Returns the type of the first payload, which goes in the IKE header (or the SK header).
 */
export function serializePayloads(payloads: readonly Payload[]): { firstType: number; bytes: Uint8Array } {
  const parts: Uint8Array[] = [];
  payloads.forEach((p, i) => {
    const last = i === payloads.length - 1;
    let next = last ? PayloadType.NONE : payloads[i + 1]!.type;
    if (isEncryptedPayload(p)) {
      if (!last) throw new RangeError(`${payloadName(p.type)} payload must be the last payload`);
      next = p.innerType;
    }
    const body = serializePayloadBody(p);
    const out = new Uint8Array(GENERIC_HEADER_LENGTH + body.length);
    writeGenericHeader(out, 0, next, p.critical === true, out.length);
    out.set(body, GENERIC_HEADER_LENGTH);
    parts.push(out);
  });
  return { firstType: payloads[0]?.type ?? PayloadType.NONE, bytes: concat(parts) };
}

export interface IkeMessageInit {
  readonly header: IkeHeaderInit;
  readonly payloads: readonly Payload[];
}

/** Encode a message; Next Payload fields and all lengths are computed from the payloads. */
export function serializeMessage(msg: IkeMessageInit): Uint8Array {
  const { firstType, bytes } = serializePayloads(msg.payloads);
  const out = new Uint8Array(IKE_HEADER_LENGTH + bytes.length);
  writeHeader(out, msg.header, firstType, out.length);
  out.set(bytes, IKE_HEADER_LENGTH);
  return out;
}
