import { describe, expect, it } from 'vitest';
import { MAX_BINS, VolumeHistogram } from '../../src/esp/volume.js';

const total = (a: number[]) => a.reduce((x, y) => x + y, 0);

describe('ESP volume histogram', () => {
  it('keeps packets in fine bins for a short capture', () => {
    const h = new VolumeHistogram();
    h.add(0, 100);
    h.add(0.01, 100);
    h.add(1, 50);
    const v = h.toJSON();
    expect(v.binSeconds).toBe(1 / 64);
    expect(v.packets.length).toBe(65);
    expect([v.packets[0], v.packets[64], total(v.packets)]).toEqual([2, 1, 3]);
    expect([v.bytes[0], v.bytes[64]]).toEqual([200, 50]);
  });

  it('doubles its bins for a long capture, never exceeding MAX_BINS, and keeps every packet and byte', () => {
    const h = new VolumeHistogram();
    let packets = 0;
    let bytes = 0;
    for (let t = 0; t < 86_400; t += 7.3) { h.add(t, 1000 + (t % 13)); packets++; bytes += 1000 + (t % 13); }
    const v = h.toJSON();
    expect(v.packets.length).toBeLessThanOrEqual(MAX_BINS);
    expect(v.binSeconds * MAX_BINS).toBeGreaterThanOrEqual(86_400);
    expect(v.binSeconds * (MAX_BINS / 2)).toBeLessThan(86_400);
    expect(total(v.packets)).toBe(packets);
    expect(total(v.bytes)).toBeCloseTo(bytes, 6);
    // Packets land in the bin of their time: the last one in the last bin.
    expect(v.packets.at(-1)).toBeGreaterThan(0);
    expect(Math.floor(86_393.3 / v.binSeconds)).toBe(v.packets.length - 1);
  });

  it('counts a timestamp before the first frame (a clock step back) in the first bin', () => {
    const h = new VolumeHistogram();
    h.add(-5, 10);
    expect(h.toJSON().packets).toEqual([1]);
  });
});
