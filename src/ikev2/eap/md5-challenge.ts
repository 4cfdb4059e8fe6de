/**
 * EAP MD5-Challenge, RFC 3748 §5.4 (the CHAP layout of RFC 1994 §4.1):
 *   | Value-Size (1) | Value (Value-Size) | Name ... |
 * The Request's Value is the challenge, the Response's the MD5 hash over identifier, secret
 * and challenge — a pair that can be attacked offline, so renderers show sizes only.
 */
import { fail, ok, type Decoded } from '../../problem.js';
import { concat, encodeText } from '../bytes.js';
import { utf8Text } from './message.js';

export interface EapMd5Challenge {
  readonly kind: 'md5-challenge';
  /** The challenge (Request) or the response hash (Response); its length is the Value-Size. */
  readonly value: Uint8Array;
  /** "identifies the system sending the packet". */
  readonly name: string;
}

export function decodeMd5Challenge(typeData: Uint8Array): Decoded<EapMd5Challenge> {
  if (typeData.length < 1) return fail(5, 'EAP MD5-Challenge without a Value-Size octet');
  const size = typeData[0]!;
  if (size === 0) return fail(5, 'EAP MD5-Challenge with Value-Size 0 (RFC 1994 §4.1: one or more octets)');
  if (1 + size > typeData.length) return fail(5, `EAP MD5-Challenge Value-Size ${size} runs past the ${typeData.length - 1} octets that follow`);
  return ok({ kind: 'md5-challenge', value: typeData.slice(1, 1 + size), name: utf8Text(typeData.subarray(1 + size)) });
}

/** The Type-Data of an MD5-Challenge message: Value-Size, Value, Name. */
export function encodeMd5Challenge(value: Uint8Array, name: string): Uint8Array {
  if (value.length < 1 || value.length > 255) throw new RangeError(`MD5-Challenge value of ${value.length} octets`);
  return concat([Uint8Array.of(value.length), value, encodeText(name)]);
}
