/**
 * prf+, RFC 7296 §2.13:
 *
 *   prf+ (K,S) = T1 | T2 | T3 | T4 | ...
 *   T1 = prf (K, S | 0x01)
 *   T2 = prf (K, T1 | S | 0x02)
 *   ...
 *
 * "The prf+ function is not defined beyond 255 times the size of the prf function output."
 */
import { prfKey } from './prf.js';
import type { PrfAlgorithm } from './types.js';

export function prfPlus(alg: PrfAlgorithm, key: Uint8Array, seed: Uint8Array, length: number): Uint8Array {
  const max = 255 * alg.outBytes;
  if (!Number.isInteger(length) || length < 0 || length > max) {
    throw new RangeError(`prf+ with ${alg.name} yields at most ${max} octets (RFC 7296 §2.13), asked for ${length}`);
  }
  const mac = prfKey(alg, key);
  const out = new Uint8Array(length);
  // T(n-1) | S | n, with room for the largest T.
  const input = new Uint8Array(alg.outBytes + seed.length + 1);
  let prev = 0; // octets of T(n-1) at the front of `input`
  for (let n = 1, at = 0; at < length; n++) {
    input.set(seed, prev);
    input[prev + seed.length] = n;
    const t = mac.compute(input.subarray(0, prev + seed.length + 1));
    out.set(t.subarray(0, Math.min(t.length, length - at)), at);
    at += t.length;
    input.set(t, 0);
    prev = t.length;
  }
  return out;
}
