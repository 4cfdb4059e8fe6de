/**
 * ESP packet protection, RFC 4303 §2 and §3.4 (inbound), §3.3 (outbound):
 *
 *   | SPI (4) | Sequence Number (4) | IV | E(Payload | Padding | Pad Length | Next Header) | ICV |
 *
 * Non-AEAD ciphers: the ICV is the integrity transform's MAC over SPI through the end of the
 * ciphertext, with the high 32 bits of an extended sequence number appended for the
 * computation only (§2.2.1, §3.4.4.1). AEAD ciphers (RFC 4106 §5, RFC 4309 §5, RFC 7634 §2.1,
 * RFC 4543 §3.3): the associated data is SPI | Sequence Number, or SPI | Seq high | Seq low
 * with ESN, and the nonce is salt | IV.
 *
 * This is the analyzer's bulk path: an EspDecryptor is made once per SA and keeps its keyed
 * cipher and MAC (and scratch buffers) for every packet; see bench/esp-crypto.ts.
 */
import { randomFillSync } from 'node:crypto';
import { equalIcv } from '../crypto/bytes.js';
import { CbcCipher } from '../crypto/aes-cbc.js';
import { createCipher, type EncrInstance } from '../crypto/cipher.js';
import type { Mac } from '../crypto/hmac.js';
import { createIntegrity } from '../crypto/integrity.js';
import type { EspKeys, EspOpened, OpenFailure } from '../crypto/types.js';

const HEADER = 8;

/** A successful open, with what RFC 4303 §2.4 lets the receiver check about the padding. */
export type EspDecrypted = Extract<EspOpened, { ok: true }> & {
  /**
   * 'default': the Padding is 1, 2, 3, … as §2.4 requires when the cipher does not say
   * otherwise (or there is none); 'other': any other content, which "the receiver SHOULD
   * inspect" and a conforming sender does not produce.
   */
  readonly padding: 'default' | 'other';
};

export type EspOpenResult = EspDecrypted | OpenFailure;

const fail = (reason: OpenFailure['reason'], message: string): OpenFailure => ({ ok: false, reason, message });

interface Engine {
  readonly cipher: EncrInstance;
  readonly mac?: Mac;
  readonly icvBytes: number;
}

function engine(keys: EspKeys): Engine | OpenFailure {
  const cipher = createCipher(keys.encr, keys.encrKey);
  if (!cipher.ok) return fail('malformed', `ESP encryption key: ${cipher.message}`);
  if (keys.encr.aead) return { cipher: cipher.value, icvBytes: keys.encr.icvBytes };
  if (keys.integ && keys.integKey) {
    const mac = createIntegrity(keys.integ, keys.integKey);
    if (!mac.ok) return fail('malformed', `ESP integrity key: ${mac.message}`);
    return { cipher: cipher.value, mac: mac.value, icvBytes: keys.integ.icvBytes };
  }
  if (keys.integ && keys.integrity === 'check') return fail('malformed', `${keys.integ.name} has no key to check the ICV with`);
  // RFC 4303 §3.2: an SA without integrity (confidentiality-only ESP) has no ICV.
  return { cipher: cipher.value, icvBytes: keys.integ?.icvBytes ?? keys.icvBytes ?? 0 };
}

/** Decrypts the packets of one ESP SA (one SPI, one direction). */
export class EspDecryptor {
  /** Why these keys cannot open anything; every open() then returns it. */
  readonly problem?: OpenFailure;
  private readonly engine?: Engine;
  private readonly macOut: Uint8Array;
  /** The leftmost icvBytes of macOut: the ICV as computed. */
  private readonly icvOut: Uint8Array;
  private readonly seqHigh = new Uint8Array(4);
  private readonly aad12 = new Uint8Array(12);
  /** RFC 4303 §3.2 allows confidentiality-only SAs: no integrity transform, no ICV, nothing to check. */
  private readonly check: boolean;
  private readonly esn: boolean;

  constructor(private readonly keys: EspKeys) {
    const e = engine(keys);
    if ('ok' in e) this.problem = e;
    else this.engine = e;
    const mac = 'mac' in e ? e.mac : undefined;
    this.macOut = new Uint8Array(mac ? mac.outBytes : 0);
    this.icvOut = this.macOut.subarray(0, 'icvBytes' in e ? e.icvBytes : 0);
    this.check = keys.integrity === 'check' && !('ok' in e) && (e.cipher.aead || mac !== undefined);
    this.esn = keys.esn === true;
  }

  /**
   * Opens `packet` (SPI through ICV, as it follows the IP or UDP header). `seqHigh` is the
   * high half of the 64-bit sequence number when the SA uses ESN (the receiver infers it,
   * §A2); 0 when absent. Checks the ICV before decrypting; never throws.
   *
   * The payload may share memory with `packet` (ENCR_NULL and GMAC do not transform it).
   */
  open(packet: Uint8Array, seqHigh = 0): EspOpenResult {
    const e = this.engine;
    if (!e) return this.problem!;
    try {
      const v = this.verify(e, packet, seqHigh);
      if (!('iv' in v)) return v;
      if (e.cipher.aead) return trailer(v.pt!, this.check);
      return trailer(e.cipher.decrypt(v.iv, v.ct), this.check);
    } catch (err) {
      return fail('malformed', `ESP packet could not be opened: ${(err as Error).message}`);
    }
  }

  /**
   * open() for many packets of this SA at once (`seqHigh[i]` for packet i with ESN). With
   * CBC, the packets whose ICV verifies are decrypted in one call to node:crypto instead of
   * one each, which is most of the per-packet cost (bench/esp-crypto.ts); other ciphers are
   * opened one by one. The analyzer can batch the ESP packets of a chunk of frames per SPI.
   */
  openMany(packets: readonly Uint8Array[], seqHigh?: readonly number[]): EspOpenResult[] {
    const e = this.engine;
    if (!e) return packets.map(() => this.problem!);
    if (!(e.cipher instanceof CbcCipher)) return packets.map((p, i) => this.open(p, seqHigh?.[i] ?? 0));
    const cipher = e.cipher;
    const results: EspOpenResult[] = new Array(packets.length);
    const ivs: Uint8Array[] = [];
    const cts: Uint8Array[] = [];
    const slots: number[] = [];
    for (let i = 0; i < packets.length; i++) {
      let v: ReturnType<EspDecryptor['verify']>;
      try {
        v = this.verify(e, packets[i]!, seqHigh?.[i] ?? 0);
      } catch (err) {
        v = fail('malformed', `ESP packet could not be opened: ${(err as Error).message}`);
      }
      if (!('iv' in v)) {
        results[i] = v;
        continue;
      }
      ivs.push(v.iv);
      cts.push(v.ct);
      slots.push(i);
    }
    // Every ciphertext here passed verify()'s length checks, so the batch cannot throw on
    // framing; the fallback is for a defect, not for input.
    let pts: Uint8Array[];
    try {
      pts = cipher.decryptMany(ivs, cts);
    } catch {
      pts = ivs.map((iv, k) => cipher.decrypt(iv, cts[k]!));
    }
    for (let k = 0; k < slots.length; k++) results[slots[k]!] = trailer(pts[k]!, this.check);
    return results;
  }

  /**
   * Framing and integrity: the IV and ciphertext of a packet whose ICV verified (or that has
   * none to verify), with the plaintext already for AEAD ciphers; or why not.
   */
  private verify(e: Engine, packet: Uint8Array, seqHigh: number): { iv: Uint8Array; ct: Uint8Array; pt?: Uint8Array } | OpenFailure {
    const { encr } = this.keys;
    const n = packet.length;
    const ctAt = HEADER + encr.ivBytes;
    const icvAt = n - e.icvBytes;
    // §2: Pad Length and Next Header are always present.
    if (icvAt - ctAt < 2) {
      return fail('malformed', `ESP packet of ${n} octets has no room for IV, trailer and ${e.icvBytes}-octet ICV`);
    }
    const iv = packet.subarray(HEADER, ctAt);
    const ct = packet.subarray(ctAt, icvAt);
    if (ct.length % encr.blockBytes !== 0) {
      return fail('malformed', `ESP ciphertext of ${ct.length} octets is not a multiple of the ${encr.blockBytes}-octet block`);
    }
    if (this.esn) {
      const h = this.seqHigh;
      h[0] = seqHigh >>> 24;
      h[1] = seqHigh >>> 16;
      h[2] = seqHigh >>> 8;
      h[3] = seqHigh;
    }
    if (e.cipher.aead) {
      if (!this.check) return { iv, ct, pt: e.cipher.decryptUnchecked(iv, ct) };
      let aad = packet.subarray(0, HEADER);
      if (this.esn) {
        // RFC 4106 §5: SPI | Seq high | Seq low.
        aad = this.aad12;
        aad.set(packet.subarray(0, 4), 0);
        aad.set(this.seqHigh, 4);
        aad.set(packet.subarray(4, 8), 8);
      }
      const pt = e.cipher.open(iv, aad, ct, packet.subarray(icvAt));
      if (!pt) return fail('icv-mismatch', `${encr.name} tag does not verify: wrong key or a modified packet`);
      return { iv, ct, pt };
    }
    if (this.check) {
      // §3.4.4.1: the ICV is verified first; a mismatch discards the packet undecrypted.
      e.mac!.computeInto(this.macOut, packet.subarray(0, icvAt), this.esn ? this.seqHigh : undefined);
      if (!equalIcv(this.icvOut, packet.subarray(icvAt))) {
        return fail('icv-mismatch', `${this.keys.integ!.name} ICV does not match: wrong key or a modified packet`);
      }
    }
    return { iv, ct };
  }
}

/** §2.4-§2.6: strip Padding, Pad Length and Next Header. */
function trailer(pt: Uint8Array, check: boolean): EspOpenResult {
  const len = pt.length;
  const nextHeader = pt[len - 1]!;
  const padLength = pt[len - 2]!;
  if (padLength + 2 > len) {
    return fail('malformed', `ESP Pad Length ${padLength} exceeds the ${len - 2} decrypted octets before it`);
  }
  const padAt = len - 2 - padLength;
  let padding: 'default' | 'other' = 'default';
  // §2.4: "The first padding byte appended to the plaintext is numbered 1, with subsequent
  // padding bytes making up a monotonically increasing sequence".
  for (let i = 0; i < padLength; i++) {
    if (pt[padAt + i] !== i + 1) {
      padding = 'other';
      break;
    }
  }
  return { ok: true, nextHeader, payload: pt.subarray(0, padAt), integrity: check ? 'verified' : 'unchecked', padding };
}

export interface SealEspOptions {
  /** Fills the IV; node:crypto's randomFillSync when absent. */
  readonly random?: (out: Uint8Array) => void;
  /** High half of the 64-bit sequence number, for SAs with ESN. */
  readonly seqHigh?: number;
}

const engines = new WeakMap<EspKeys, Engine | OpenFailure>();

/**
 * Protects `payload` as one ESP packet (RFC 4303 §3.3): SPI, sequence number, IV, the
 * encrypted payload with default padding (§2.4) to the cipher block and to 4 octets, and the
 * ICV. Throws on keys that cannot seal (configuration, not input).
 */
export function sealEsp(
  keys: EspKeys,
  spi: number,
  seq: number,
  nextHeader: number,
  payload: Uint8Array,
  opts: SealEspOptions = {},
): Uint8Array {
  let e = engines.get(keys);
  if (!e) engines.set(keys, (e = engine(keys)));
  if ('ok' in e) throw new RangeError(e.message);
  const { encr } = keys;
  // §2.4: the ciphertext ends on a 4-octet boundary and on the cipher's block size.
  const align = Math.max(4, encr.blockBytes);
  const padLength = (align - ((payload.length + 2) % align)) % align;
  const pt = new Uint8Array(payload.length + padLength + 2);
  pt.set(payload);
  for (let i = 0; i < padLength; i++) pt[payload.length + i] = i + 1;
  pt[pt.length - 2] = padLength;
  pt[pt.length - 1] = nextHeader;

  const ctAt = HEADER + encr.ivBytes;
  const icvAt = ctAt + pt.length;
  const out = new Uint8Array(icvAt + e.icvBytes);
  const view = new DataView(out.buffer);
  view.setUint32(0, spi >>> 0);
  view.setUint32(4, seq >>> 0);
  const iv = out.subarray(HEADER, ctAt);
  (opts.random ?? randomFillSync)(iv);
  const high = new Uint8Array(4);
  new DataView(high.buffer).setUint32(0, (opts.seqHigh ?? 0) >>> 0);
  if (e.cipher.aead) {
    const aad = keys.esn ? new Uint8Array([...out.subarray(0, 4), ...high, ...out.subarray(4, 8)]) : out.subarray(0, HEADER);
    out.set(e.cipher.seal(iv, aad, pt), ctAt);
  } else {
    out.set(e.cipher.encrypt(iv, pt), ctAt);
    if (e.mac) out.set(e.mac.compute(out.subarray(0, icvAt), keys.esn ? high : undefined).subarray(0, e.icvBytes), icvAt);
  }
  return out;
}
