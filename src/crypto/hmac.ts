/**
 * HMAC (RFC 2104) with the key pads hashed or prepared once per key: an SA MACs thousands of
 * packets with one key, and node:crypto's createHmac re-derives the pads on every call.
 *
 * Two backends, chosen by measurement (bench/esp-crypto.ts, 130-octet ESP packets):
 *  - SHA-1: the inner and outer states after the pads are kept, and the packet is hashed in
 *    JavaScript (sha1.ts) with no allocation — about twice as fast as createHmac.
 *  - MD5 and SHA-2: the pads are kept as prepared buffers and node:crypto's one-shot
 *    `crypto.hash` hashes ipad|message and opad|inner — faster than createHmac, which builds a
 *    keyed context per call, and faster than @noble/hashes' cloned HMAC for these hashes.
 */
import { hash as nodeHash } from 'node:crypto';
import type { HashName } from './algorithms.js';
import { plain } from './bytes.js';
import { SHA1_IV, sha1Compress } from './sha1.js';

/** A keyed MAC; its output is the full-length tag (callers truncate to the ICV length). */
export interface Mac {
  readonly outBytes: number;
  /** MAC over data | suffix; the suffix is how ESN high bits join the ICV (RFC 4303 §2.2.1). */
  compute(data: Uint8Array, suffix?: Uint8Array): Uint8Array;
  /** As compute, into out[0..outBytes) — the allocation-free form for the bulk path. */
  computeInto(out: Uint8Array, data: Uint8Array, suffix?: Uint8Array): void;
}

const BLOCK: Record<HashName, number> = { md5: 64, sha1: 64, sha256: 64, sha384: 128, sha512: 128 };
const OUT: Record<HashName, number> = { md5: 16, sha1: 20, sha256: 32, sha384: 48, sha512: 64 };

/** RFC 2104 §2: K padded with zeros to the block length, after hashing it if it is longer. */
function blockKey(hash: HashName, key: Uint8Array): Uint8Array {
  const block = new Uint8Array(BLOCK[hash]);
  block.set(key.length > block.length ? plain(nodeHash(hash, key, 'buffer')) : key);
  return block;
}

function pads(hash: HashName, key: Uint8Array): { ipad: Uint8Array; opad: Uint8Array } {
  const k = blockKey(hash, key);
  const ipad = new Uint8Array(k.length);
  const opad = new Uint8Array(k.length);
  for (let i = 0; i < k.length; i++) {
    // RFC 2104 §2: ipad = 0x36 and opad = 0x5c repeated B times.
    ipad[i] = k[i]! ^ 0x36;
    opad[i] = k[i]! ^ 0x5c;
  }
  k.fill(0);
  return { ipad, opad };
}

/** HMAC-SHA1 on sha1.ts, from the states after ipad and opad. */
class HmacSha1 implements Mac {
  readonly outBytes = 20;
  private readonly inner = new Int32Array(5);
  private readonly outer = new Int32Array(5);
  private readonly state = new Int32Array(5);
  /** The partial block being filled; outer block reuses it. */
  private readonly block = new Uint8Array(64);
  private filled = 0;
  private length = 0;

  constructor(key: Uint8Array) {
    const { ipad, opad } = pads('sha1', key);
    this.inner.set(SHA1_IV);
    this.outer.set(SHA1_IV);
    sha1Compress(this.inner, ipad, 0);
    sha1Compress(this.outer, opad, 0);
    ipad.fill(0);
    opad.fill(0);
  }

  compute(data: Uint8Array, suffix?: Uint8Array): Uint8Array {
    const out = new Uint8Array(20);
    this.computeInto(out, data, suffix);
    return out;
  }

  computeInto(out: Uint8Array, data: Uint8Array, suffix?: Uint8Array): void {
    const s = this.state;
    copyState(s, this.inner);
    this.filled = 0;
    this.length = 64; // the ipad block is already in the state
    this.update(data);
    if (suffix) this.update(suffix);
    this.finish();
    // Outer hash: opad state, then the 20-octet inner digest as one padded block.
    const b = this.block;
    writeState(b, s);
    b[20] = 0x80;
    for (let i = 21; i < 62; i++) b[i] = 0;
    // (64 + 20) octets = 672 bits, FIPS 180-4 §5.1.1.
    b[62] = 0x02;
    b[63] = 0xa0;
    copyState(s, this.outer);
    sha1Compress(s, b, 0);
    writeState(out, s);
  }

  private update(data: Uint8Array): void {
    const b = this.block;
    const s = this.state;
    let at = 0;
    const n = data.length;
    this.length += n;
    // Octet loops instead of set(subarray(…)): under 64 octets, the view objects cost more
    // than the copy, and this runs for every packet.
    if (this.filled > 0) {
      let f = this.filled;
      while (f < 64 && at < n) b[f++] = data[at++]!;
      this.filled = f;
      if (f < 64) return;
      sha1Compress(s, b, 0);
      this.filled = 0;
    }
    // Whole blocks straight from the caller's bytes, without copying.
    for (; at + 64 <= n; at += 64) sha1Compress(s, data, at);
    let f = 0;
    while (at < n) b[f++] = data[at++]!;
    this.filled = f;
  }

  /** FIPS 180-4 §5.1.1: append 0x80, zeros, and the message length in bits (64-bit big-endian). */
  private finish(): void {
    const b = this.block;
    const s = this.state;
    let f = this.filled;
    b[f++] = 0x80;
    if (f > 56) {
      while (f < 64) b[f++] = 0;
      sha1Compress(s, b, 0);
      f = 0;
    }
    while (f < 56) b[f++] = 0;
    const bits = this.length * 8;
    const hi = Math.floor(bits / 0x100000000);
    const lo = bits >>> 0;
    b[56] = hi >>> 24;
    b[57] = hi >>> 16;
    b[58] = hi >>> 8;
    b[59] = hi;
    b[60] = lo >>> 24;
    b[61] = lo >>> 16;
    b[62] = lo >>> 8;
    b[63] = lo;
    sha1Compress(s, b, 0);
  }
}

/** Small fixed-size copies and fills are loops here: TypedArray#set and #fill cost more per call than five words. */
function copyState(to: Int32Array, from: Int32Array): void {
  to[0] = from[0]!;
  to[1] = from[1]!;
  to[2] = from[2]!;
  to[3] = from[3]!;
  to[4] = from[4]!;
}

function writeState(out: Uint8Array, s: Int32Array): void {
  for (let i = 0, o = 0; i < 5; i++, o += 4) {
    const w = s[i]!;
    out[o] = w >>> 24;
    out[o + 1] = w >>> 16;
    out[o + 2] = w >>> 8;
    out[o + 3] = w;
  }
}

/** HMAC over node:crypto's one-shot hash, with ipad/opad prepared once. */
class HmacPads implements Mac {
  readonly outBytes: number;
  private readonly ipad: Uint8Array;
  /** opad | inner digest, rewritten per call. */
  private readonly outerInput: Uint8Array;
  /** ipad | message | suffix, grown when a longer message comes. */
  private scratch: Uint8Array;

  constructor(private readonly hash: HashName, key: Uint8Array) {
    const { ipad, opad } = pads(hash, key);
    this.outBytes = OUT[hash];
    this.ipad = ipad;
    this.outerInput = new Uint8Array(opad.length + this.outBytes);
    this.outerInput.set(opad);
    opad.fill(0);
    this.scratch = new Uint8Array(ipad.length + 2048);
    this.scratch.set(ipad);
  }

  compute(data: Uint8Array, suffix?: Uint8Array): Uint8Array {
    const out = new Uint8Array(this.outBytes);
    this.computeInto(out, data, suffix);
    return out;
  }

  computeInto(out: Uint8Array, data: Uint8Array, suffix?: Uint8Array): void {
    const b = this.ipad.length;
    const need = b + data.length + (suffix?.length ?? 0);
    if (need > this.scratch.length) {
      this.scratch = new Uint8Array(need * 2);
      this.scratch.set(this.ipad);
    }
    const s = this.scratch;
    s.set(data, b);
    if (suffix) s.set(suffix, b + data.length);
    const inner = nodeHash(this.hash, s.subarray(0, need), 'buffer');
    this.outerInput.set(inner, b);
    out.set(nodeHash(this.hash, this.outerInput, 'buffer'));
  }
}

/** A keyed HMAC with hash `hash` (any key length, RFC 2104 §3). */
export function hmacKey(hash: HashName, key: Uint8Array): Mac {
  return hash === 'sha1' ? new HmacSha1(key) : new HmacPads(hash, key);
}

/** One-shot HMAC over the concatenation of `data`. */
export function hmac(hash: HashName, key: Uint8Array, data: Uint8Array, suffix?: Uint8Array): Uint8Array {
  return hmacKey(hash, key).compute(data, suffix);
}
