/**
 * Byte plumbing for the crypto layer. Everything is a plain Uint8Array; node:crypto is called
 * with the caller's views (every call used here accepts any ArrayBufferView, so nothing is
 * converted to a Buffer) and what it returns is re-viewed as a plain Uint8Array without
 * copying, so no Buffer (whose `slice` shares memory) leaks out.
 */
import { timingSafeEqual } from 'node:crypto';
import { concat } from '../ikev2/bytes.js';

/** A plain Uint8Array over the same memory as `b` (a Buffer from node:crypto, usually). */
export function plain(b: Uint8Array): Uint8Array {
  return b.constructor === Uint8Array ? b : new Uint8Array(b.buffer, b.byteOffset, b.byteLength);
}

/** The codec's concat, in the variadic form the crypto code reads best with. */
export const concatBytes = (...parts: readonly Uint8Array[]): Uint8Array => concat(parts);

/**
 * ICV comparison in time independent of where the first difference is, so a forger learns
 * nothing from how fast a guess is rejected. Lengths are public (they come from the
 * algorithm), so an early exit on them leaks nothing.
 */
export function equalIcv(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && timingSafeEqual(a, b);
}
