/**
 * The Encrypted and Authenticated payload (SK, RFC 7296 §3.14) and its fragment form (SKF,
 * RFC 7383 §2.5), opened and sealed:
 *
 *   | generic header (4) | [Fragment Number (2) | Total Fragments (2)] | IV | ciphertext | ICV |
 *   ciphertext = E(inner payloads | Padding | Pad Length)
 *
 * Integrity (§3.14): the Integrity Checksum Data is "the cryptographic checksum of the entire
 * message starting with the Fixed IKE header through the Pad Length", computed over the
 * encrypted message — from the first octet of the message to the octet before the ICV. With an
 * AEAD cipher (RFC 5282 §5.1) the associated data is the message from the first octet of the
 * IKE header through the last octet of the Encrypted payload's generic header, i.e. up to the
 * IV; for SKF (RFC 7383 §2.5) that header includes Fragment Number and Total Fragments.
 */
import { randomFillSync } from 'node:crypto';
import { createCipher, type EncrInstance } from './cipher.js';
import { encrSpec } from './algorithms.js';
import { equalIcv } from './bytes.js';
import { createIntegrity } from './integrity.js';
import type { Mac } from './hmac.js';
import type { OpenFailure, SkKeys, SkOpened } from './types.js';

const IKE_HEADER = 28;
/** RFC 7296 §3.2 payload type of SK; RFC 7383 §2.5 of SKF. */
const SK = 46;
const SKF = 53;

const fail = (reason: OpenFailure['reason'], message: string): OpenFailure => ({ ok: false, reason, message });

interface Prepared {
  readonly cipher: EncrInstance;
  readonly mac?: Mac;
  /** Octets of ICV at the end of the payload. */
  readonly icvBytes: number;
}

const prepared = new WeakMap<SkKeys, Prepared | OpenFailure>();

/** Keys into working objects, once per key set (an IKE SA opens many messages with one). */
function prepare(keys: SkKeys): Prepared | OpenFailure {
  const known = prepared.get(keys);
  if (known) return known;
  const result = build(keys);
  prepared.set(keys, result);
  return result;
}

function build(keys: SkKeys): Prepared | OpenFailure {
  const { encr } = keys;
  const spec = encrSpec(encr);
  if (!spec) return fail('malformed', `${encr.name} is not implemented`);
  // RFC 4543 defines GMAC for ESP and AH only; IKEv2 has no SK format for it.
  if (spec.mode === 'gmac') return fail('malformed', `${encr.name} is not defined for IKEv2 SK payloads`);
  const cipher = createCipher(encr, keys.encrKey);
  if (!cipher.ok) return fail('malformed', `SK_e: ${cipher.message}`);
  if (encr.aead) return { cipher: cipher.value, icvBytes: encr.icvBytes };
  if (keys.integ && keys.integKey) {
    const mac = createIntegrity(keys.integ, keys.integKey);
    if (!mac.ok) return fail('malformed', `SK_a: ${mac.message}`);
    return { cipher: cipher.value, mac: mac.value, icvBytes: keys.integ.icvBytes };
  }
  if (keys.integrity === 'check') {
    return fail('malformed', `${encr.name} needs an integrity transform and key to check the ICV`);
  }
  return { cipher: cipher.value, icvBytes: keys.integ?.icvBytes ?? keys.icvBytes ?? 0 };
}

/** The type of the payload starting at `offset`, found by walking the chain from the IKE header. */
function payloadTypeAt(message: Uint8Array, offset: number): number | undefined {
  let type = message[16]!;
  let at = IKE_HEADER;
  while (at < offset) {
    if (at + 4 > message.length) return undefined;
    const length = (message[at + 2]! << 8) | message[at + 3]!;
    if (length < 4) return undefined;
    type = message[at]!;
    at += length;
  }
  return at === offset ? type : undefined;
}

/**
 * Verifies and decrypts the SK or SKF payload whose generic header starts at `skOffset` of
 * `message` (the whole IKE message as on the wire, without the non-ESP marker). The ICV is
 * checked before anything is decrypted; on a mismatch no plaintext is produced. Never throws.
 */
export function openSk(message: Uint8Array, skOffset: number, keys: SkKeys): SkOpened {
  try {
    return open(message, skOffset, keys);
  } catch (e) {
    // Every length is checked before use; this is a last line against a defect, so that one
    // bad message cannot stop the pipeline (DESIGN.md "Errors are values").
    return fail('malformed', `SK payload could not be opened: ${(e as Error).message}`);
  }
}

function open(message: Uint8Array, skOffset: number, keys: SkKeys): SkOpened {
  if (message.length < IKE_HEADER) return fail('malformed', `IKE message of ${message.length} octets is shorter than its header`);
  const type = payloadTypeAt(message, skOffset);
  if (type !== SK && type !== SKF) {
    return fail('malformed', `no SK or SKF payload starts at offset ${skOffset}`);
  }
  if (skOffset + 4 > message.length) return fail('malformed', 'SK payload header truncated');
  const payloadLength = (message[skOffset + 2]! << 8) | message[skOffset + 3]!;
  const end = skOffset + payloadLength;
  if (end > message.length) {
    return fail('malformed', `SK payload length ${payloadLength} runs past the end of the message`);
  }
  const headerBytes = type === SKF ? 8 : 4;
  const p = prepare(keys);
  if ('ok' in p) return p;
  const { encr } = keys;
  const ivAt = skOffset + headerBytes;
  const ctAt = ivAt + encr.ivBytes;
  const icvAt = end - p.icvBytes;
  // At least the Pad Length octet must be encrypted (§3.14).
  if (icvAt - ctAt < 1) {
    return fail('malformed', `SK payload of ${payloadLength} octets has no room for IV, Pad Length and ${p.icvBytes}-octet ICV`);
  }
  const iv = message.subarray(ivAt, ctAt);
  const ct = message.subarray(ctAt, icvAt);
  const icv = message.subarray(icvAt, end);
  if (ct.length % encr.blockBytes !== 0) {
    return fail('malformed', `SK ciphertext of ${ct.length} octets is not a multiple of the ${encr.blockBytes}-octet block`);
  }
  const check = keys.integrity === 'check';
  let pt: Uint8Array;
  if (p.cipher.aead) {
    if (check) {
      const opened = p.cipher.open(iv, message.subarray(0, ivAt), ct, icv);
      if (!opened) return fail('icv-mismatch', `${encr.name} tag does not verify: wrong SK_e or a modified message`);
      pt = opened;
    } else {
      pt = p.cipher.decryptUnchecked(iv, ct);
    }
  } else {
    if (check) {
      // §3.14: integrity first, over the header through the last octet of Encrypted Content.
      const mac = p.mac!.compute(message.subarray(0, icvAt));
      if (!equalIcv(mac.subarray(0, p.icvBytes), icv)) {
        return fail('icv-mismatch', `${keys.integ!.name} ICV does not match: wrong SK_a or a modified message`);
      }
    }
    pt = p.cipher.decrypt(iv, ct);
  }
  // §3.14: "Pad Length is the length of the Padding field"; the padding precedes it.
  const padLength = pt[pt.length - 1]!;
  if (padLength + 1 > pt.length) {
    return fail('malformed', `Pad Length ${padLength} exceeds the ${pt.length - 1} decrypted octets before it`);
  }
  // A copy: with ENCR_NULL the "plaintext" is a view of the caller's message.
  return { ok: true, plaintext: pt.slice(0, pt.length - 1 - padLength), integrity: check ? 'verified' : 'unchecked' };
}

export interface SealSkOptions {
  /** Fills the IV; node:crypto's randomFillSync when absent. Tests pass a fixed source. */
  readonly random?: (out: Uint8Array) => void;
  /** Seal as an SKF payload (RFC 7383 §2.5) with this Fragment Number and Total Fragments. */
  readonly fragment?: { readonly number: number; readonly total: number };
}

/**
 * The inverse of openSk: builds the whole message `prefix | SK | IV | E(inner | pad) | ICV`.
 * `prefix` is the IKE header and any payloads before SK (the Length field and the last Next
 * Payload are filled in here); `innerType` is the type of the first inner payload. Throws on
 * keys that cannot seal (the endpoint's own configuration, not input).
 */
export function sealSk(
  prefix: Uint8Array,
  innerType: number,
  inner: Uint8Array,
  keys: SkKeys,
  opts: SealSkOptions = {},
): Uint8Array {
  const p = prepare(keys);
  if ('ok' in p) throw new RangeError(p.message);
  if (prefix.length < IKE_HEADER) throw new RangeError(`prefix of ${prefix.length} octets is shorter than the IKE header`);
  const { encr } = keys;
  const frag = opts.fragment;
  const headerBytes = frag ? 8 : 4;
  // §3.14: Padding makes payloads | Padding | Pad Length a multiple of the block size.
  const padLength = (encr.blockBytes - ((inner.length + 1) % encr.blockBytes)) % encr.blockBytes;
  const ptLength = inner.length + padLength + 1;
  const skOffset = prefix.length;
  const ivAt = skOffset + headerBytes;
  const ctAt = ivAt + encr.ivBytes;
  const icvAt = ctAt + ptLength;
  const end = icvAt + p.icvBytes;
  const payloadLength = end - skOffset;
  if (payloadLength > 0xffff) throw new RangeError(`SK payload of ${payloadLength} octets exceeds 65535`);

  const out = new Uint8Array(end);
  out.set(prefix);
  setNextPayload(out, skOffset, frag ? SKF : SK);
  // RFC 7296 §3.1: Length of the total message (header + payloads) in octets.
  new DataView(out.buffer).setUint32(24, end);
  out[skOffset] = innerType;
  out[skOffset + 1] = 0;
  out[skOffset + 2] = payloadLength >>> 8;
  out[skOffset + 3] = payloadLength;
  if (frag) {
    out[skOffset + 4] = frag.number >>> 8;
    out[skOffset + 5] = frag.number;
    out[skOffset + 6] = frag.total >>> 8;
    out[skOffset + 7] = frag.total;
  }
  const iv = out.subarray(ivAt, ctAt);
  (opts.random ?? randomFillSync)(iv);

  const pt = new Uint8Array(ptLength);
  pt.set(inner);
  // Padding content is the sender's choice (§3.14); zeros.
  pt[ptLength - 1] = padLength;

  if (p.cipher.aead) {
    out.set(p.cipher.seal(iv, out.subarray(0, ivAt), pt), ctAt);
  } else {
    out.set(p.cipher.encrypt(iv, pt), ctAt);
    if (p.mac) out.set(p.mac.compute(out.subarray(0, icvAt)).subarray(0, p.icvBytes), icvAt);
  }
  return out;
}

/** Points the last Next Payload field of the chain in out[0..skOffset) at `type`. */
function setNextPayload(out: Uint8Array, skOffset: number, type: number): void {
  let field = 16;
  let at = IKE_HEADER;
  while (at < skOffset) {
    const length = (out[at + 2]! << 8) | out[at + 3]!;
    if (length < 4 || at + length > skOffset) throw new RangeError(`prefix payload at offset ${at} has length ${length}`);
    field = at;
    at += length;
  }
  out[field] = type;
}
