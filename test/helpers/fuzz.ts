/**
 * Seeded randomness for fuzz tests, so a failure can be replayed from its seed and case number.
 */

/** mulberry32: small, fast, good enough to drive mutations. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const int = (r: () => number, n: number): number => Math.floor(r() * n);

export function randomBytes(r: () => number, maxLength: number): Uint8Array {
  const out = new Uint8Array(int(r, maxLength + 1));
  for (let i = 0; i < out.length; i++) out[i] = int(r, 256);
  return out;
}

/**
 * A mutation of a real input: bit flips, byte sets (with values that make length fields lie:
 * 0, 0xff, small), truncation, duplication of a slice, insertion of random bytes.
 */
export function mutate(r: () => number, input: Uint8Array): Uint8Array {
  let b = new Uint8Array(input); // a copy even of a Buffer, whose slice() shares memory
  const rounds = 1 + int(r, 4);
  for (let k = 0; k < rounds; k++) {
    if (b.length === 0) return randomBytes(r, 64);
    switch (int(r, 6)) {
      case 0: b[int(r, b.length)]! ^= 1 << int(r, 8); break;
      case 1: b[int(r, b.length)] = [0, 0xff, 1, 4, 8, 0x80][int(r, 6)]!; break;
      case 2: b = b.subarray(0, int(r, b.length)); break;
      case 3: {
        const at = int(r, b.length);
        const len = Math.min(b.length - at, 1 + int(r, 32));
        const out = new Uint8Array(b.length + len);
        out.set(b.subarray(0, at + len)); out.set(b.subarray(at, at + len), at + len); out.set(b.subarray(at + len), at + 2 * len);
        b = out;
        break;
      }
      case 4: {
        const at = int(r, b.length + 1);
        const ins = randomBytes(r, 16);
        const out = new Uint8Array(b.length + ins.length);
        out.set(b.subarray(0, at)); out.set(ins, at); out.set(b.subarray(at), at + ins.length);
        b = out;
        break;
      }
      default: {
        // Write a 16-bit big-endian value, as length fields are.
        if (b.length >= 2) {
          const at = int(r, b.length - 1);
          const v = [0, 1, 3, 4, 7, 8, 0xffff, b.length, b.length + 1, b.length - at][int(r, 10)]! & 0xffff;
          b[at] = v >> 8; b[at + 1] = v & 0xff;
        }
      }
    }
  }
  return b;
}

/** Number of fuzz cases: IKESCOPE_FUZZ_CASES overrides (CI keeps the default). */
export const fuzzCases = (fallback: number): number => Number(process.env.IKESCOPE_FUZZ_CASES ?? fallback);
