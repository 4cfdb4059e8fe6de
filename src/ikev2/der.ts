/**
 * A strict, read-only DER reader (X.690 §8 basic encoding, §10 DER restrictions) for what the
 * decoded views need: certificates, distinguished names, general names and AlgorithmIdentifiers.
 * It never allocates copies of the input: a TLV is a set of offsets into the buffer it was read
 * from, so error offsets are offsets into that buffer. Malformed input gives a `Decoded` failure,
 * never an exception.
 */
import { fail, ok, type Decoded } from '../problem.js';
import { concat, hex } from './bytes.js';

export const TagClass = Object.freeze({ UNIVERSAL: 0, APPLICATION: 1, CONTEXT: 2, PRIVATE: 3 } as const);

/** X.680 §8.6 universal tag numbers used here. */
export const Tag = Object.freeze({
  BOOLEAN: 1,
  INTEGER: 2,
  BIT_STRING: 3,
  OCTET_STRING: 4,
  NULL: 5,
  OID: 6,
  UTF8_STRING: 12,
  SEQUENCE: 16,
  SET: 17,
  NUMERIC_STRING: 18,
  PRINTABLE_STRING: 19,
  T61_STRING: 20,
  IA5_STRING: 22,
  UTC_TIME: 23,
  GENERALIZED_TIME: 24,
  VISIBLE_STRING: 26,
  UNIVERSAL_STRING: 28,
  BMP_STRING: 30,
} as const);

export interface Tlv {
  readonly tagClass: number;
  readonly constructed: boolean;
  readonly tag: number;
  /** Offset of the identifier octet in `buf`. */
  readonly start: number;
  /** Offset of the first content octet. */
  readonly valueStart: number;
  /** Offset just past the last content octet. */
  readonly end: number;
  readonly buf: Uint8Array;
}

/** The content octets (a view, not a copy). */
export const contents = (t: Tlv): Uint8Array => t.buf.subarray(t.valueStart, t.end);
/** The whole encoding, identifier to last content octet (a view). */
export const encoding = (t: Tlv): Uint8Array => t.buf.subarray(t.start, t.end);

export const isUniversal = (t: Tlv, tag: number): boolean => t.tagClass === TagClass.UNIVERSAL && t.tag === tag;
export const isContext = (t: Tlv, tag: number): boolean => t.tagClass === TagClass.CONTEXT && t.tag === tag;

/** Read one TLV at `at`, which must end by `limit`. */
export function readTlv(buf: Uint8Array, at: number, limit = buf.length): Decoded<Tlv> {
  if (at >= limit) return fail(at, 'DER: no element where one is expected');
  const id = buf[at]!;
  const tagClass = id >> 6;
  const constructed = (id & 0x20) !== 0;
  let tag = id & 0x1f;
  let p = at + 1;
  if (tag === 0x1f) {
    // X.690 §8.1.2.4: high tag number, base 128, most significant group first.
    tag = 0;
    for (let n = 0; ; n++) {
      if (p >= limit) return fail(p, 'DER: tag number runs past the end');
      if (n === 4) return fail(p, 'DER: tag number too large');
      const b = buf[p++]!;
      if (n === 0 && b === 0x80) return fail(p - 1, 'DER: tag number with a leading zero group');
      tag = tag * 128 + (b & 0x7f);
      if ((b & 0x80) === 0) break;
    }
  }
  if (p >= limit) return fail(p, 'DER: length octet missing');
  const first = buf[p++]!;
  let length: number;
  if (first < 0x80) length = first;
  else if (first === 0x80) return fail(p - 1, 'DER: indefinite length is not allowed in DER (X.690 §10.1)');
  else {
    const n = first & 0x7f;
    if (n > 4) return fail(p - 1, `DER: ${n}-octet length field is too long`);
    if (p + n > limit) return fail(p, 'DER: length field runs past the end');
    if (buf[p] === 0) return fail(p, 'DER: length with a leading zero octet (X.690 §10.1)');
    length = 0;
    for (let i = 0; i < n; i++) length = length * 256 + buf[p++]!;
    if (length < 0x80) return fail(p - n - 1, 'DER: long form used for a short length (X.690 §10.1)');
  }
  if (p + length > limit) return fail(p, `DER: element of ${length} octets runs ${p + length - limit} past the end`);
  return ok({ tagClass, constructed, tag, start: at, valueStart: p, end: p + length, buf });
}

/** The elements inside a constructed TLV, in order; all of its content must be elements. */
export function children(t: Tlv): Decoded<Tlv[]> {
  if (!t.constructed) return fail(t.start, 'DER: primitive element where a constructed one is expected');
  const out: Tlv[] = [];
  for (let at = t.valueStart; at < t.end; ) {
    const c = readTlv(t.buf, at, t.end);
    if (!c.ok) return c;
    out.push(c.value);
    at = c.value.end;
  }
  return ok(out);
}

/** The single element that fills `buf` exactly. */
export function readWhole(buf: Uint8Array): Decoded<Tlv> {
  const t = readTlv(buf, 0);
  if (!t.ok) return t;
  if (t.value.end !== buf.length) return fail(t.value.end, `DER: ${buf.length - t.value.end} octets after the element`);
  return t;
}

/** Read a SEQUENCE (or another expected universal type) and its children. */
export function expectConstructed(t: Tlv, tag: number, what: string): Decoded<Tlv[]> {
  if (!isUniversal(t, tag) || !t.constructed) return fail(t.start, `DER: ${what} is not a ${tag === Tag.SET ? 'SET' : 'SEQUENCE'}`);
  return children(t);
}

/** X.690 §8.19: OBJECT IDENTIFIER contents to dotted text; undefined if malformed. */
export function decodeOid(c: Uint8Array): string | undefined {
  if (c.length === 0 || c[c.length - 1]! & 0x80) return undefined;
  const arcs: string[] = [];
  let v = 0n;
  let fresh = true;
  for (let i = 0; i < c.length; i++) {
    const b = c[i]!;
    if (fresh && b === 0x80) return undefined; // §8.19.2: no leading 0x80 octets
    v = (v << 7n) | BigInt(b & 0x7f);
    fresh = false;
    if (b & 0x80) continue;
    if (arcs.length === 0) {
      // §8.19.4: the first subidentifier packs the first two arcs.
      const first = v < 40n ? 0n : v < 80n ? 1n : 2n;
      arcs.push(String(first), String(v - first * 40n));
    } else arcs.push(String(v));
    v = 0n;
    fresh = true;
  }
  return arcs.join('.');
}

export function readOid(t: Tlv): Decoded<string> {
  if (!isUniversal(t, Tag.OID) || t.constructed) return fail(t.start, 'DER: not an OBJECT IDENTIFIER');
  const oid = decodeOid(contents(t));
  return oid === undefined ? fail(t.valueStart, 'DER: malformed OBJECT IDENTIFIER') : ok(oid);
}

/** INTEGER contents as lower-case hex (two's complement, as encoded: a certificate serial). */
export function readIntegerHex(t: Tlv): Decoded<string> {
  if (!isUniversal(t, Tag.INTEGER) || t.constructed) return fail(t.start, 'DER: not an INTEGER');
  if (t.end === t.valueStart) return fail(t.start, 'DER: empty INTEGER');
  return ok(hex(contents(t)));
}

/** A small non-negative INTEGER (a version, a path length, a salt length). */
export function readSmallInt(t: Tlv): Decoded<number> {
  if (!isUniversal(t, Tag.INTEGER) || t.constructed) return fail(t.start, 'DER: not an INTEGER');
  const c = contents(t);
  if (c.length === 0 || c.length > 6 || c[0]! & 0x80) return fail(t.valueStart, 'DER: INTEGER out of range');
  let n = 0;
  for (const b of c) n = n * 256 + b;
  return ok(n);
}

export function readBoolean(t: Tlv): Decoded<boolean> {
  if (!isUniversal(t, Tag.BOOLEAN) || t.constructed || t.end - t.valueStart !== 1) return fail(t.start, 'DER: not a BOOLEAN');
  return ok(t.buf[t.valueStart] !== 0);
}

/** BIT STRING: the unused-bits count and the bits (a view). */
export function readBitString(t: Tlv): Decoded<{ unused: number; bits: Uint8Array }> {
  if (!isUniversal(t, Tag.BIT_STRING) || t.constructed || t.end === t.valueStart) return fail(t.start, 'DER: not a BIT STRING');
  const unused = t.buf[t.valueStart]!;
  if (unused > 7 || (unused > 0 && t.end - t.valueStart === 1)) return fail(t.valueStart, 'DER: BIT STRING with a bad unused-bits count');
  return ok({ unused, bits: t.buf.subarray(t.valueStart + 1, t.end) });
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** One character per octet (ISO 8859-1); no argument spreading, so any length is safe. */
function latin1(c: Uint8Array): string {
  let s = '';
  for (let i = 0; i < c.length; i++) s += String.fromCharCode(c[i]!);
  return s;
}
const utf16 = new TextDecoder('utf-16be', { fatal: true });

/** X.680 character string types to text; undefined for other types or invalid encodings. */
export function readString(t: Tlv): string | undefined {
  if (t.tagClass !== TagClass.UNIVERSAL || t.constructed) return undefined;
  const c = contents(t);
  try {
    switch (t.tag) {
      case Tag.UTF8_STRING:
        return utf8.decode(c);
      case Tag.PRINTABLE_STRING:
      case Tag.IA5_STRING:
      case Tag.NUMERIC_STRING:
      case Tag.VISIBLE_STRING:
        for (const b of c) if (b > 0x7f) return undefined;
        return latin1(c);
      case Tag.T61_STRING:
        // Teletex in practice carries Latin-1 (as OpenSSL and strongSwan read it).
        return latin1(c);
      case Tag.BMP_STRING:
        return c.length % 2 === 0 ? utf16.decode(c) : undefined;
      case Tag.UNIVERSAL_STRING: {
        if (c.length % 4 !== 0) return undefined;
        let s = '';
        for (let i = 0; i < c.length; i += 4) {
          const cp = ((c[i]! << 24) | (c[i + 1]! << 16) | (c[i + 2]! << 8) | c[i + 3]!) >>> 0;
          if (cp > 0x10ffff) return undefined;
          s += String.fromCodePoint(cp);
        }
        return s;
      }
      default:
        return undefined;
    }
  } catch {
    return undefined;
  }
}

/**
 * UTCTime (X.680 §47, RFC 5280 §4.1.2.5.1: YYMMDDHHMMSSZ, years 50-99 are 19xx) or
 * GeneralizedTime (YYYYMMDDHHMMSSZ) to ISO 8601 ("2026-11-22T14:39:30Z").
 */
export function readTime(t: Tlv): Decoded<string> {
  if (t.tagClass !== TagClass.UNIVERSAL || t.constructed) return fail(t.start, 'DER: not a time');
  if (t.end - t.valueStart > 32) return fail(t.valueStart, 'DER: time value too long');
  const s = latin1(contents(t));
  let m: RegExpExecArray | null;
  let year: number;
  let rest: string[];
  if (t.tag === Tag.UTC_TIME && (m = /^(\d\d)(\d\d)(\d\d)(\d\d)(\d\d)(\d\d)?Z$/.exec(s))) {
    const yy = Number(m[1]);
    year = yy >= 50 ? 1900 + yy : 2000 + yy;
    rest = m.slice(2);
  } else if (t.tag === Tag.GENERALIZED_TIME && (m = /^(\d{4})(\d\d)(\d\d)(\d\d)(\d\d)(\d\d)(?:\.\d+)?Z$/.exec(s))) {
    year = Number(m[1]);
    rest = m.slice(2);
  } else return fail(t.valueStart, `DER: time ${JSON.stringify(s)} is not UTCTime or GeneralizedTime in UTC`);
  const [mo, d, h, mi, se] = rest.map((x) => (x === undefined ? '00' : x));
  if (Number(mo) < 1 || Number(mo) > 12 || Number(d) < 1 || Number(d) > 31 || Number(h) > 23 || Number(mi) > 59 || Number(se) > 60) {
    return fail(t.valueStart, `DER: time ${JSON.stringify(s)} is out of range`);
  }
  return ok(`${String(year).padStart(4, '0')}-${mo}-${d}T${h}:${mi}:${se}Z`);
}

// --- Encoding (the writer beside the reader): what the endpoint sends, in DER (X.690 §10). ---

/** X.690 §8.1.3 definite length: short form below 128, else the octets of the length. */
function encodeLength(n: number): Uint8Array {
  if (n < 0x80) return Uint8Array.of(n);
  const octets: number[] = [];
  for (let v = n; v > 0; v = Math.floor(v / 256)) octets.unshift(v & 0xff);
  return Uint8Array.of(0x80 | octets.length, ...octets);
}

/** One TLV with a low tag number (all this writer needs). */
export function derTlv(tagClass: number, constructed: boolean, tag: number, content: Uint8Array): Uint8Array {
  if (tag > 30) throw new RangeError('DER writer: high tag numbers are not supported');
  const len = encodeLength(content.length);
  const out = new Uint8Array(1 + len.length + content.length);
  out[0] = (tagClass << 6) | (constructed ? 0x20 : 0) | tag;
  out.set(len, 1);
  out.set(content, 1 + len.length);
  return out;
}

export const derSequence = (...items: Uint8Array[]): Uint8Array => derTlv(TagClass.UNIVERSAL, true, Tag.SEQUENCE, concat(items));
export const derNull = (): Uint8Array => Uint8Array.of(Tag.NULL, 0);
/** EXPLICIT [n]: the element wrapped in a constructed context-specific tag. */
export const derExplicit = (n: number, inner: Uint8Array): Uint8Array => derTlv(TagClass.CONTEXT, true, n, inner);

/** A non-negative INTEGER (§8.3: minimal octets, a leading zero when the high bit is set). */
export function derInteger(n: number): Uint8Array {
  if (!Number.isSafeInteger(n) || n < 0) throw new RangeError(`DER writer: INTEGER ${n}`);
  const octets: number[] = [];
  for (let v = n; v > 0; v = Math.floor(v / 256)) octets.unshift(v & 0xff);
  if (octets.length === 0 || octets[0]! & 0x80) octets.unshift(0);
  return derTlv(TagClass.UNIVERSAL, false, Tag.INTEGER, Uint8Array.from(octets));
}

/** OBJECT IDENTIFIER from dotted text (§8.19; the inverse of decodeOid). */
export function derOid(dotted: string): Uint8Array {
  const arcs = dotted.split('.').map((a) => BigInt(a));
  if (arcs.length < 2 || arcs[0]! > 2n || (arcs[0]! < 2n && arcs[1]! >= 40n)) throw new RangeError(`DER writer: OID ${dotted}`);
  const out: number[] = [];
  for (const v of [arcs[0]! * 40n + arcs[1]!, ...arcs.slice(2)]) {
    const group: number[] = [Number(v & 0x7fn)];
    for (let r = v >> 7n; r > 0n; r >>= 7n) group.unshift(Number(r & 0x7fn) | 0x80);
    out.push(...group);
  }
  return derTlv(TagClass.UNIVERSAL, false, Tag.OID, Uint8Array.from(out));
}
