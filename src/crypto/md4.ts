/**
 * MD4, RFC 1320. Only MSCHAPv2 needs it (NtPasswordHash, RFC 2759 §8.3), and Node 20's default
 * OpenSSL 3 provider has none (MD4 lives in the legacy provider, which Node does not load), so
 * it is written out here. It is broken as a hash; its one use is the NT password hash.
 */

/** RFC 1320 §3.3: A, B, C, D as little-endian words. */
const IV = [0x67452301, 0xefcdab89, 0x98badcfe, 0x10325476] as const;

const rotl = (x: number, s: number): number => (x << s) | (x >>> (32 - s));
// RFC 1320 §3.4: F(X,Y,Z) = XY v not(X) Z; G(X,Y,Z) = XY v XZ v YZ; H(X,Y,Z) = X xor Y xor Z.
const F = (x: number, y: number, z: number): number => (x & y) | (~x & z);
const G = (x: number, y: number, z: number): number => (x & y) | (x & z) | (y & z);
const H = (x: number, y: number, z: number): number => x ^ y ^ z;

/** Round 2 and 3 word orders and shifts (§3.4). */
const R2_ORDER = [0, 4, 8, 12, 1, 5, 9, 13, 2, 6, 10, 14, 3, 7, 11, 15];
const R3_ORDER = [0, 8, 4, 12, 2, 10, 6, 14, 1, 9, 5, 13, 3, 11, 7, 15];
const S1 = [3, 7, 11, 19];
const S2 = [3, 5, 9, 13];
const S3 = [3, 9, 11, 15];

function compress(state: Uint32Array, x: Uint32Array): void {
  let a = state[0]!, b = state[1]!, c = state[2]!, d = state[3]!;
  for (let i = 0; i < 16; i++) {
    const t = rotl((a + F(b, c, d) + x[i]!) | 0, S1[i & 3]!);
    a = d; d = c; c = b; b = t;
  }
  for (let i = 0; i < 16; i++) {
    // Round 2 adds the constant 5A827999 (the square root of 2).
    const t = rotl((a + G(b, c, d) + x[R2_ORDER[i]!]! + 0x5a827999) | 0, S2[i & 3]!);
    a = d; d = c; c = b; b = t;
  }
  for (let i = 0; i < 16; i++) {
    // Round 3 adds 6ED9EBA1 (the square root of 3).
    const t = rotl((a + H(b, c, d) + x[R3_ORDER[i]!]! + 0x6ed9eba1) | 0, S3[i & 3]!);
    a = d; d = c; c = b; b = t;
  }
  state[0] = (state[0]! + a) | 0;
  state[1] = (state[1]! + b) | 0;
  state[2] = (state[2]! + c) | 0;
  state[3] = (state[3]! + d) | 0;
}

/** The 16-octet MD4 digest of `data`. */
export function md4(data: Uint8Array): Uint8Array {
  // §3.1-3.2: a 1 bit, zeros to 448 mod 512, then the bit length as a 64-bit little-endian word.
  const padded = new Uint8Array((((data.length + 8) >> 6) + 1) << 6);
  padded.set(data);
  padded[data.length] = 0x80;
  const dv = new DataView(padded.buffer);
  const bits = data.length * 8;
  dv.setUint32(padded.length - 8, bits >>> 0, true);
  dv.setUint32(padded.length - 4, Math.floor(bits / 0x100000000), true);
  const state = Uint32Array.from(IV);
  const x = new Uint32Array(16);
  for (let at = 0; at < padded.length; at += 64) {
    for (let i = 0; i < 16; i++) x[i] = dv.getUint32(at + 4 * i, true);
    compress(state, x);
  }
  const out = new Uint8Array(16);
  const ov = new DataView(out.buffer);
  for (let i = 0; i < 4; i++) ov.setUint32(4 * i, state[i]!, true);
  return out;
}
