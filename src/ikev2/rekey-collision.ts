/**
 * Simultaneous rekeying (RFC 7296 §2.8.1 for CHILD_SAs, §2.8.2 for IKE_SAs): of the two new SAs,
 * the one "created with the lowest of the four nonces used in the two exchanges" is redundant
 * and is deleted by the peer that created it. Shared by the analysis (which SA a capture's
 * collision left) and the endpoint (which SA it must delete itself).
 */
import { compareBytes } from './bytes.js';

/** The two nonces of one rekey exchange, in either order. */
export type Nonces = readonly [Uint8Array, Uint8Array];

const lowest = ([a, b]: Nonces): Uint8Array => (compareBytes(a, b) <= 0 ? a : b);

/** Negative when exchange `a` holds the lowest of the four nonces (its SA is redundant), positive when `b` does, 0 for equal lowest nonces. */
export function compareLowestNonces(a: Nonces, b: Nonces): number {
  return compareBytes(lowest(a), lowest(b));
}
