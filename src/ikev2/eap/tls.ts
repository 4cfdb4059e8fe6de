/**
 * The EAP-TLS family: EAP-TLS (13, RFC 5216 §3.1, RFC 9190), EAP-TTLS (21, RFC 5281 §9.1),
 * PEAP (25, [MS-PEAP] §2.2), EAP-FAST (43, RFC 4851 §4.1) and TEAP (55, RFC 7170 §4.1) share:
 *
 *   | Flags (1) | TLS Message Length (4, if L) | [TEAP: Outer TLV Length (4, if O)] | TLS Data ... |
 *
 *   Flags  L M S R R R R R   EAP-TLS ("R: Reserved")
 *          L M S R R V V V   TTLS, PEAP, FAST (V: version)
 *          L M S O R V V V   TEAP (O: Outer TLV Length included)
 *
 * L: "Length included ... MUST be set for the first fragment of a fragmented TLS message";
 * M: "More fragments ... set on all but the last fragment"; S: "EAP-TLS start". An empty
 * Type-Data (flags 0) from the peer acknowledges a fragment. A fragment's TLS records are
 * only looked at when it can start a TLS message (L set, or neither L nor M: a whole message);
 * `joinTlsFragments` reassembles a fragmented message.
 */
import { fail, ok, type Decoded } from '../../problem.js';
import { concat, putU32, u32 } from '../bytes.js';
import { EapType, eapTypeName } from '../registry/eap.js';
import { scanTlsRecords, type TlsRecord } from './tls-records.js';

export const TLS_FAMILY: ReadonlySet<number> = new Set([EapType.TLS, EapType.TTLS, EapType.PEAP, EapType.FAST, EapType.TEAP]);

export interface EapTls {
  readonly kind: 'tls';
  /** The EAP method type (13, 21, 25, 43, 55) and its name. */
  readonly method: number;
  readonly methodName: string;
  readonly flags: number;
  readonly lengthIncluded: boolean;
  readonly moreFragments: boolean;
  readonly start: boolean;
  /** TEAP only: the O bit. */
  readonly outerTlvLengthIncluded?: boolean;
  /** The V bits, for the methods that have them (TTLS, PEAP, FAST, TEAP). */
  readonly version?: number;
  /** EAP-TLS's reserved bits, when a sender set any (they "MUST be zero"). */
  readonly reservedBits?: number;
  /** Total length of the TLS message this fragment begins (L set). */
  readonly tlsMessageLength?: number;
  readonly outerTlvLength?: number;
  /** The TLS data of this EAP message (TEAP: without the Outer TLVs). */
  readonly fragment: Uint8Array;
  /** TEAP Outer TLVs that follow the TLS data. */
  readonly outerTlvs?: Uint8Array;
  /** An empty message without S: the acknowledgement of a fragment. */
  readonly ack: boolean;
  /** The TLS records this fragment starts with, where it can start a message. */
  readonly records?: readonly TlsRecord[];
}

const AT = 5;

export function decodeTls(method: number, typeData: Uint8Array): Decoded<EapTls> {
  if (typeData.length < 1) return fail(AT, `EAP ${eapTypeName(method)} without a Flags octet`);
  const flags = typeData[0]!;
  const lengthIncluded = (flags & 0x80) !== 0;
  const moreFragments = (flags & 0x40) !== 0;
  const start = (flags & 0x20) !== 0;
  const teap = method === EapType.TEAP;
  const outer = teap && (flags & 0x10) !== 0;
  let at = 1;
  let tlsMessageLength: number | undefined;
  let outerTlvLength: number | undefined;
  if (lengthIncluded) {
    if (typeData.length < at + 4) return fail(AT + at, `EAP ${eapTypeName(method)}: L set but no 4-octet TLS Message Length`);
    tlsMessageLength = u32(typeData, at);
    at += 4;
  }
  if (outer) {
    if (typeData.length < at + 4) return fail(AT + at, 'EAP TEAP: O set but no 4-octet Outer TLV Length');
    outerTlvLength = u32(typeData, at);
    at += 4;
  }
  let end = typeData.length;
  if (outerTlvLength !== undefined) {
    if (outerTlvLength > end - at) return fail(AT + at - 4, `EAP TEAP: Outer TLV Length ${outerTlvLength} exceeds the ${end - at} octets present`);
    end -= outerTlvLength;
  }
  const fragment = typeData.slice(at, end);
  if (tlsMessageLength !== undefined && fragment.length > tlsMessageLength) {
    return fail(AT + 1, `EAP ${eapTypeName(method)}: fragment of ${fragment.length} octets exceeds the TLS Message Length ${tlsMessageLength}`);
  }
  // A fragment begins a TLS message when L is set (records may run on into the next fragment),
  // or is a whole one when neither L nor M is set: then its records must fill it exactly, which
  // the tail of a fragmented message practically never does. A Start's data (EAP-FAST and TEAP
  // put an Authority-ID there) is not TLS.
  const records = fragment.length && !start && (lengthIncluded || !moreFragments)
    ? scanTlsRecords(fragment, lengthIncluded ? {} : { whole: true })
    : undefined;
  const versioned = method !== EapType.TLS;
  return ok({
    kind: 'tls',
    method,
    methodName: eapTypeName(method),
    flags,
    lengthIncluded,
    moreFragments,
    start,
    ...(teap ? { outerTlvLengthIncluded: outer } : {}),
    ...(versioned ? { version: flags & 0x07 } : flags & 0x1f ? { reservedBits: flags & 0x1f } : {}),
    ...(tlsMessageLength !== undefined ? { tlsMessageLength } : {}),
    ...(outerTlvLength !== undefined ? { outerTlvLength, outerTlvs: typeData.slice(end) } : {}),
    fragment,
    ack: fragment.length === 0 && !start && !lengthIncluded && !moreFragments,
    ...(records && records.length ? { records } : {}),
  });
}

/**
 * Reassemble one TLS message from the fragments of one direction, in order (RFC 5216 §2.1.5):
 * the first carries L and the total length, all but the last carry M.
 */
export function joinTlsFragments(fragments: readonly EapTls[]): Decoded<{ readonly message: Uint8Array; readonly records: readonly TlsRecord[] }> {
  if (fragments.length === 0) return fail(0, 'no fragments');
  const first = fragments[0]!;
  for (let i = 0; i < fragments.length; i++) {
    const f = fragments[i]!;
    const last = i === fragments.length - 1;
    if (f.moreFragments === last) return fail(i, `fragment ${i + 1} of ${fragments.length} ${last ? 'still has' : 'lacks'} the M flag`);
  }
  const message = concat(fragments.map((f) => f.fragment));
  if (first.tlsMessageLength !== undefined && first.tlsMessageLength !== message.length) {
    return fail(0, `TLS Message Length ${first.tlsMessageLength}, fragments hold ${message.length}`);
  }
  return ok({ message, records: scanTlsRecords(message) ?? [] });
}

/** The L, M and S flag bits (RFC 5216 §3.1). */
export const TlsFlag = Object.freeze({ LENGTH: 0x80, MORE: 0x40, START: 0x20 } as const);

/**
 * The Type-Data of one EAP-TLS family message: Flags, the TLS Message Length when given (the L
 * bit is set from it), and the TLS data. An acknowledgement is `encodeTls({})`.
 */
export function encodeTls(m: { more?: boolean; start?: boolean; tlsMessageLength?: number; data?: Uint8Array; version?: number }): Uint8Array {
  const withLength = m.tlsMessageLength !== undefined;
  const head = new Uint8Array(withLength ? 5 : 1);
  head[0] = (withLength ? TlsFlag.LENGTH : 0) | (m.more ? TlsFlag.MORE : 0) | (m.start ? TlsFlag.START : 0) | ((m.version ?? 0) & 0x07);
  if (withLength) putU32(head, 1, m.tlsMessageLength!);
  return m.data?.length ? concat([head, m.data]) : head;
}
