/**
 * SHA-1 (FIPS 180-4 §6.1.2) for HMAC-SHA1-96 on the ESP bulk path, where node:crypto's
 * per-call cost (≈ 1.4 µs per hash object, measured in bench/esp-crypto.ts) is larger than
 * the hashing of a 130-octet packet. With the HMAC key pads hashed once per SA (hmac.ts), a
 * packet costs four compressions here and no allocation.
 *
 * The 80 rounds are written out so the 16-word message schedule (§6.1.2 step 1, kept as a
 * rolling window of W[t-3], W[t-8], W[t-14], W[t-16]) lives in local variables: on V8 this is
 * twice as fast as the same rounds over an Int32Array (≈ 140 ns against ≈ 280 ns per block).
 * Instead of shifting a..e after each round (§6.1.2 step 3), each line names the registers in
 * their rotated roles; five lines bring the names back to where they started.
 *
 * Not a general-purpose hash: node:crypto is used wherever the call overhead does not matter.
 */

const K0 = 0x5a827999;
const K1 = 0x6ed9eba1;
const K2 = 0x8f1bbcdc;
const K3 = 0xca62c1d6;

const rotl1 = (x: number): number => (x << 1) | (x >>> 31);
const rotl5 = (x: number): number => (x << 5) | (x >>> 27);
const rotl30 = (x: number): number => (x << 30) | (x >>> 2);
// §4.1.1: Ch for rounds 0-19, Parity for 20-39 and 60-79, Maj for 40-59.
const ch = (x: number, y: number, z: number): number => (x & y) ^ (~x & z);
const parity = (x: number, y: number, z: number): number => x ^ y ^ z;
const maj = (x: number, y: number, z: number): number => (x & y) | (z & (x | y));

/** §5.3.1: the initial hash value H(0). */
export const SHA1_IV: readonly number[] = [0x67452301, 0xefcdab89, 0x98badcfe, 0x10325476, 0xc3d2e1f0];

/** One compression of the 64-octet block at m[o..o+64) into state s (five 32-bit words). */
export function sha1Compress(s: Int32Array, m: Uint8Array, o: number): void {
  let w0 = (m[o + 0] << 24) | (m[o + 1] << 16) | (m[o + 2] << 8) | m[o + 3];
  let w1 = (m[o + 4] << 24) | (m[o + 5] << 16) | (m[o + 6] << 8) | m[o + 7];
  let w2 = (m[o + 8] << 24) | (m[o + 9] << 16) | (m[o + 10] << 8) | m[o + 11];
  let w3 = (m[o + 12] << 24) | (m[o + 13] << 16) | (m[o + 14] << 8) | m[o + 15];
  let w4 = (m[o + 16] << 24) | (m[o + 17] << 16) | (m[o + 18] << 8) | m[o + 19];
  let w5 = (m[o + 20] << 24) | (m[o + 21] << 16) | (m[o + 22] << 8) | m[o + 23];
  let w6 = (m[o + 24] << 24) | (m[o + 25] << 16) | (m[o + 26] << 8) | m[o + 27];
  let w7 = (m[o + 28] << 24) | (m[o + 29] << 16) | (m[o + 30] << 8) | m[o + 31];
  let w8 = (m[o + 32] << 24) | (m[o + 33] << 16) | (m[o + 34] << 8) | m[o + 35];
  let w9 = (m[o + 36] << 24) | (m[o + 37] << 16) | (m[o + 38] << 8) | m[o + 39];
  let w10 = (m[o + 40] << 24) | (m[o + 41] << 16) | (m[o + 42] << 8) | m[o + 43];
  let w11 = (m[o + 44] << 24) | (m[o + 45] << 16) | (m[o + 46] << 8) | m[o + 47];
  let w12 = (m[o + 48] << 24) | (m[o + 49] << 16) | (m[o + 50] << 8) | m[o + 51];
  let w13 = (m[o + 52] << 24) | (m[o + 53] << 16) | (m[o + 54] << 8) | m[o + 55];
  let w14 = (m[o + 56] << 24) | (m[o + 57] << 16) | (m[o + 58] << 8) | m[o + 59];
  let w15 = (m[o + 60] << 24) | (m[o + 61] << 16) | (m[o + 62] << 8) | m[o + 63];
  let a = s[0], b = s[1], c = s[2], d = s[3], e = s[4];
  // Rounds 0-19: f = Ch(b, c, d), K = 0x5a827999.
  e = (rotl5(a) + ch(b, c, d) + e + w0 + K0) | 0; b = rotl30(b);
  d = (rotl5(e) + ch(a, b, c) + d + w1 + K0) | 0; a = rotl30(a);
  c = (rotl5(d) + ch(e, a, b) + c + w2 + K0) | 0; e = rotl30(e);
  b = (rotl5(c) + ch(d, e, a) + b + w3 + K0) | 0; d = rotl30(d);
  a = (rotl5(b) + ch(c, d, e) + a + w4 + K0) | 0; c = rotl30(c);
  e = (rotl5(a) + ch(b, c, d) + e + w5 + K0) | 0; b = rotl30(b);
  d = (rotl5(e) + ch(a, b, c) + d + w6 + K0) | 0; a = rotl30(a);
  c = (rotl5(d) + ch(e, a, b) + c + w7 + K0) | 0; e = rotl30(e);
  b = (rotl5(c) + ch(d, e, a) + b + w8 + K0) | 0; d = rotl30(d);
  a = (rotl5(b) + ch(c, d, e) + a + w9 + K0) | 0; c = rotl30(c);
  e = (rotl5(a) + ch(b, c, d) + e + w10 + K0) | 0; b = rotl30(b);
  d = (rotl5(e) + ch(a, b, c) + d + w11 + K0) | 0; a = rotl30(a);
  c = (rotl5(d) + ch(e, a, b) + c + w12 + K0) | 0; e = rotl30(e);
  b = (rotl5(c) + ch(d, e, a) + b + w13 + K0) | 0; d = rotl30(d);
  a = (rotl5(b) + ch(c, d, e) + a + w14 + K0) | 0; c = rotl30(c);
  e = (rotl5(a) + ch(b, c, d) + e + w15 + K0) | 0; b = rotl30(b);
  w0 = rotl1(w13 ^ w8 ^ w2 ^ w0); d = (rotl5(e) + ch(a, b, c) + d + w0 + K0) | 0; a = rotl30(a);
  w1 = rotl1(w14 ^ w9 ^ w3 ^ w1); c = (rotl5(d) + ch(e, a, b) + c + w1 + K0) | 0; e = rotl30(e);
  w2 = rotl1(w15 ^ w10 ^ w4 ^ w2); b = (rotl5(c) + ch(d, e, a) + b + w2 + K0) | 0; d = rotl30(d);
  w3 = rotl1(w0 ^ w11 ^ w5 ^ w3); a = (rotl5(b) + ch(c, d, e) + a + w3 + K0) | 0; c = rotl30(c);
  // Rounds 20-39: f = Parity(b, c, d), K = 0x6ed9eba1.
  w4 = rotl1(w1 ^ w12 ^ w6 ^ w4); e = (rotl5(a) + parity(b, c, d) + e + w4 + K1) | 0; b = rotl30(b);
  w5 = rotl1(w2 ^ w13 ^ w7 ^ w5); d = (rotl5(e) + parity(a, b, c) + d + w5 + K1) | 0; a = rotl30(a);
  w6 = rotl1(w3 ^ w14 ^ w8 ^ w6); c = (rotl5(d) + parity(e, a, b) + c + w6 + K1) | 0; e = rotl30(e);
  w7 = rotl1(w4 ^ w15 ^ w9 ^ w7); b = (rotl5(c) + parity(d, e, a) + b + w7 + K1) | 0; d = rotl30(d);
  w8 = rotl1(w5 ^ w0 ^ w10 ^ w8); a = (rotl5(b) + parity(c, d, e) + a + w8 + K1) | 0; c = rotl30(c);
  w9 = rotl1(w6 ^ w1 ^ w11 ^ w9); e = (rotl5(a) + parity(b, c, d) + e + w9 + K1) | 0; b = rotl30(b);
  w10 = rotl1(w7 ^ w2 ^ w12 ^ w10); d = (rotl5(e) + parity(a, b, c) + d + w10 + K1) | 0; a = rotl30(a);
  w11 = rotl1(w8 ^ w3 ^ w13 ^ w11); c = (rotl5(d) + parity(e, a, b) + c + w11 + K1) | 0; e = rotl30(e);
  w12 = rotl1(w9 ^ w4 ^ w14 ^ w12); b = (rotl5(c) + parity(d, e, a) + b + w12 + K1) | 0; d = rotl30(d);
  w13 = rotl1(w10 ^ w5 ^ w15 ^ w13); a = (rotl5(b) + parity(c, d, e) + a + w13 + K1) | 0; c = rotl30(c);
  w14 = rotl1(w11 ^ w6 ^ w0 ^ w14); e = (rotl5(a) + parity(b, c, d) + e + w14 + K1) | 0; b = rotl30(b);
  w15 = rotl1(w12 ^ w7 ^ w1 ^ w15); d = (rotl5(e) + parity(a, b, c) + d + w15 + K1) | 0; a = rotl30(a);
  w0 = rotl1(w13 ^ w8 ^ w2 ^ w0); c = (rotl5(d) + parity(e, a, b) + c + w0 + K1) | 0; e = rotl30(e);
  w1 = rotl1(w14 ^ w9 ^ w3 ^ w1); b = (rotl5(c) + parity(d, e, a) + b + w1 + K1) | 0; d = rotl30(d);
  w2 = rotl1(w15 ^ w10 ^ w4 ^ w2); a = (rotl5(b) + parity(c, d, e) + a + w2 + K1) | 0; c = rotl30(c);
  w3 = rotl1(w0 ^ w11 ^ w5 ^ w3); e = (rotl5(a) + parity(b, c, d) + e + w3 + K1) | 0; b = rotl30(b);
  w4 = rotl1(w1 ^ w12 ^ w6 ^ w4); d = (rotl5(e) + parity(a, b, c) + d + w4 + K1) | 0; a = rotl30(a);
  w5 = rotl1(w2 ^ w13 ^ w7 ^ w5); c = (rotl5(d) + parity(e, a, b) + c + w5 + K1) | 0; e = rotl30(e);
  w6 = rotl1(w3 ^ w14 ^ w8 ^ w6); b = (rotl5(c) + parity(d, e, a) + b + w6 + K1) | 0; d = rotl30(d);
  w7 = rotl1(w4 ^ w15 ^ w9 ^ w7); a = (rotl5(b) + parity(c, d, e) + a + w7 + K1) | 0; c = rotl30(c);
  // Rounds 40-59: f = Maj(b, c, d), K = 0x8f1bbcdc.
  w8 = rotl1(w5 ^ w0 ^ w10 ^ w8); e = (rotl5(a) + maj(b, c, d) + e + w8 + K2) | 0; b = rotl30(b);
  w9 = rotl1(w6 ^ w1 ^ w11 ^ w9); d = (rotl5(e) + maj(a, b, c) + d + w9 + K2) | 0; a = rotl30(a);
  w10 = rotl1(w7 ^ w2 ^ w12 ^ w10); c = (rotl5(d) + maj(e, a, b) + c + w10 + K2) | 0; e = rotl30(e);
  w11 = rotl1(w8 ^ w3 ^ w13 ^ w11); b = (rotl5(c) + maj(d, e, a) + b + w11 + K2) | 0; d = rotl30(d);
  w12 = rotl1(w9 ^ w4 ^ w14 ^ w12); a = (rotl5(b) + maj(c, d, e) + a + w12 + K2) | 0; c = rotl30(c);
  w13 = rotl1(w10 ^ w5 ^ w15 ^ w13); e = (rotl5(a) + maj(b, c, d) + e + w13 + K2) | 0; b = rotl30(b);
  w14 = rotl1(w11 ^ w6 ^ w0 ^ w14); d = (rotl5(e) + maj(a, b, c) + d + w14 + K2) | 0; a = rotl30(a);
  w15 = rotl1(w12 ^ w7 ^ w1 ^ w15); c = (rotl5(d) + maj(e, a, b) + c + w15 + K2) | 0; e = rotl30(e);
  w0 = rotl1(w13 ^ w8 ^ w2 ^ w0); b = (rotl5(c) + maj(d, e, a) + b + w0 + K2) | 0; d = rotl30(d);
  w1 = rotl1(w14 ^ w9 ^ w3 ^ w1); a = (rotl5(b) + maj(c, d, e) + a + w1 + K2) | 0; c = rotl30(c);
  w2 = rotl1(w15 ^ w10 ^ w4 ^ w2); e = (rotl5(a) + maj(b, c, d) + e + w2 + K2) | 0; b = rotl30(b);
  w3 = rotl1(w0 ^ w11 ^ w5 ^ w3); d = (rotl5(e) + maj(a, b, c) + d + w3 + K2) | 0; a = rotl30(a);
  w4 = rotl1(w1 ^ w12 ^ w6 ^ w4); c = (rotl5(d) + maj(e, a, b) + c + w4 + K2) | 0; e = rotl30(e);
  w5 = rotl1(w2 ^ w13 ^ w7 ^ w5); b = (rotl5(c) + maj(d, e, a) + b + w5 + K2) | 0; d = rotl30(d);
  w6 = rotl1(w3 ^ w14 ^ w8 ^ w6); a = (rotl5(b) + maj(c, d, e) + a + w6 + K2) | 0; c = rotl30(c);
  w7 = rotl1(w4 ^ w15 ^ w9 ^ w7); e = (rotl5(a) + maj(b, c, d) + e + w7 + K2) | 0; b = rotl30(b);
  w8 = rotl1(w5 ^ w0 ^ w10 ^ w8); d = (rotl5(e) + maj(a, b, c) + d + w8 + K2) | 0; a = rotl30(a);
  w9 = rotl1(w6 ^ w1 ^ w11 ^ w9); c = (rotl5(d) + maj(e, a, b) + c + w9 + K2) | 0; e = rotl30(e);
  w10 = rotl1(w7 ^ w2 ^ w12 ^ w10); b = (rotl5(c) + maj(d, e, a) + b + w10 + K2) | 0; d = rotl30(d);
  w11 = rotl1(w8 ^ w3 ^ w13 ^ w11); a = (rotl5(b) + maj(c, d, e) + a + w11 + K2) | 0; c = rotl30(c);
  // Rounds 60-79: f = Parity(b, c, d), K = 0xca62c1d6.
  w12 = rotl1(w9 ^ w4 ^ w14 ^ w12); e = (rotl5(a) + parity(b, c, d) + e + w12 + K3) | 0; b = rotl30(b);
  w13 = rotl1(w10 ^ w5 ^ w15 ^ w13); d = (rotl5(e) + parity(a, b, c) + d + w13 + K3) | 0; a = rotl30(a);
  w14 = rotl1(w11 ^ w6 ^ w0 ^ w14); c = (rotl5(d) + parity(e, a, b) + c + w14 + K3) | 0; e = rotl30(e);
  w15 = rotl1(w12 ^ w7 ^ w1 ^ w15); b = (rotl5(c) + parity(d, e, a) + b + w15 + K3) | 0; d = rotl30(d);
  w0 = rotl1(w13 ^ w8 ^ w2 ^ w0); a = (rotl5(b) + parity(c, d, e) + a + w0 + K3) | 0; c = rotl30(c);
  w1 = rotl1(w14 ^ w9 ^ w3 ^ w1); e = (rotl5(a) + parity(b, c, d) + e + w1 + K3) | 0; b = rotl30(b);
  w2 = rotl1(w15 ^ w10 ^ w4 ^ w2); d = (rotl5(e) + parity(a, b, c) + d + w2 + K3) | 0; a = rotl30(a);
  w3 = rotl1(w0 ^ w11 ^ w5 ^ w3); c = (rotl5(d) + parity(e, a, b) + c + w3 + K3) | 0; e = rotl30(e);
  w4 = rotl1(w1 ^ w12 ^ w6 ^ w4); b = (rotl5(c) + parity(d, e, a) + b + w4 + K3) | 0; d = rotl30(d);
  w5 = rotl1(w2 ^ w13 ^ w7 ^ w5); a = (rotl5(b) + parity(c, d, e) + a + w5 + K3) | 0; c = rotl30(c);
  w6 = rotl1(w3 ^ w14 ^ w8 ^ w6); e = (rotl5(a) + parity(b, c, d) + e + w6 + K3) | 0; b = rotl30(b);
  w7 = rotl1(w4 ^ w15 ^ w9 ^ w7); d = (rotl5(e) + parity(a, b, c) + d + w7 + K3) | 0; a = rotl30(a);
  w8 = rotl1(w5 ^ w0 ^ w10 ^ w8); c = (rotl5(d) + parity(e, a, b) + c + w8 + K3) | 0; e = rotl30(e);
  w9 = rotl1(w6 ^ w1 ^ w11 ^ w9); b = (rotl5(c) + parity(d, e, a) + b + w9 + K3) | 0; d = rotl30(d);
  w10 = rotl1(w7 ^ w2 ^ w12 ^ w10); a = (rotl5(b) + parity(c, d, e) + a + w10 + K3) | 0; c = rotl30(c);
  w11 = rotl1(w8 ^ w3 ^ w13 ^ w11); e = (rotl5(a) + parity(b, c, d) + e + w11 + K3) | 0; b = rotl30(b);
  w12 = rotl1(w9 ^ w4 ^ w14 ^ w12); d = (rotl5(e) + parity(a, b, c) + d + w12 + K3) | 0; a = rotl30(a);
  w13 = rotl1(w10 ^ w5 ^ w15 ^ w13); c = (rotl5(d) + parity(e, a, b) + c + w13 + K3) | 0; e = rotl30(e);
  w14 = rotl1(w11 ^ w6 ^ w0 ^ w14); b = (rotl5(c) + parity(d, e, a) + b + w14 + K3) | 0; d = rotl30(d);
  w15 = rotl1(w12 ^ w7 ^ w1 ^ w15); a = (rotl5(b) + parity(c, d, e) + a + w15 + K3) | 0; c = rotl30(c);
  s[0] = (s[0] + a) | 0;
  s[1] = (s[1] + b) | 0;
  s[2] = (s[2] + c) | 0;
  s[3] = (s[3] + d) | 0;
  s[4] = (s[4] + e) | 0;
}
