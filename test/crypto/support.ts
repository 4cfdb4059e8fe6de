/** Shared by the crypto tests: hex, text, and seeded random bytes (so a failure can be replayed). */
import { fromHex, hex } from '../../src/ikev2/bytes.js';
import { int, rng } from '../helpers/fuzz.js';

export const h = (s: string): Uint8Array => fromHex(s);
export const toHex = hex;
export const ascii = (s: string): Uint8Array => new TextEncoder().encode(s);
export const repeat = (octet: number, n: number): Uint8Array => new Uint8Array(n).fill(octet);

/** A source of seeded random byte strings. */
export function seeded(seed: number): { bytes: (n: number) => Uint8Array; int: (n: number) => number } {
  const r = rng(seed);
  return {
    bytes: (n: number) => {
      const out = new Uint8Array(n);
      for (let i = 0; i < n; i++) out[i] = int(r, 256);
      return out;
    },
    int: (n: number) => int(r, n),
  };
}
