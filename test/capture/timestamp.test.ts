/** pcapng timestamp conversion agrees with exact BigInt arithmetic at every resolution. */
import { describe, expect, it } from 'vitest';
import { Clock } from '../../src/capture/timestamp.js';
import { rng } from './helpers/collect.js';
import { expectedTime } from './helpers/samples.js';

const resolutions = [
  ...Array.from({ length: 20 }, (_, e) => e), // 10^-0 … 10^-19
  ...Array.from({ length: 64 }, (_, e) => 0x80 | e), // 2^-0 … 2^-63
];

describe('Clock', () => {
  it('defaults to microseconds', () => {
    const c = new Clock();
    c.set(0x00060a3d, 0x1a2b3c4d); // 1700000000.xxx µs
    const units = (0x00060a3dn << 32n) | 0x1a2b3c4dn;
    expect({ sec: c.sec, nsec: c.nsec }).toEqual(expectedTime(units, 6));
  });

  it('matches BigInt arithmetic on edge and random timestamps at every resolution', () => {
    const r = rng(7);
    const edges: [number, number][] = [
      [0, 0],
      [0, 1],
      [0, 0xffffffff],
      [1, 0],
      [0xffffffff, 0xffffffff],
      [0x80000000, 0],
      [0x0017a2b9, 0x5c7b3a15],
    ];
    for (const tsresol of resolutions) {
      const clock = new Clock(tsresol, 0);
      const samples = [...edges, ...Array.from({ length: 200 }, () => [Math.floor(r() * 2 ** 32), Math.floor(r() * 2 ** 32)] as [number, number])];
      for (const [hi, lo] of samples) {
        clock.set(hi, lo);
        const want = expectedTime((BigInt(hi) << 32n) | BigInt(lo), tsresol);
        // Whole seconds beyond 2^53 cannot be exact in a number (coarse units only); compare
        // those as the nearest double.
        const got = { sec: clock.sec, nsec: clock.nsec };
        if (want.sec > Number.MAX_SAFE_INTEGER) expect(got.sec / want.sec).toBeCloseTo(1, 12);
        else expect(got, `tsresol ${tsresol.toString(16)} ts ${hi}:${lo}`).toEqual(want);
        expect(Number.isInteger(got.nsec) && got.nsec >= 0 && got.nsec < 1e9).toBe(true);
      }
    }
  });

  it('adds the offset in seconds', () => {
    const c = new Clock(0x80 | 20, -5);
    c.set(0, (10 << 20) | (1 << 19));
    expect({ sec: c.sec, nsec: c.nsec }).toEqual({ sec: 5, nsec: 500_000_000 });
  });
});
