import { describe, expect, it } from 'vitest';
import { parseEsp, serializeEsp } from '../../src/esp/header.js';
import { EspLedger, WINDOW } from '../../src/esp/sequence.js';

describe('ESP header', () => {
  it('round-trips SPI and sequence number', () => {
    const bytes = serializeEsp(0xc254fe64, 7, Uint8Array.of(1, 2, 3));
    const p = parseEsp(bytes);
    expect(p).toMatchObject({ ok: true, value: { spi: 0xc254fe64, seq: 7, length: 11 } });
    if (p.ok) expect(serializeEsp(p.value.spi, p.value.seq, p.value.body)).toEqual(bytes);
  });
  it('rejects SPI 0 and short packets', () => {
    expect(parseEsp(serializeEsp(0, 1, new Uint8Array(4))).ok).toBe(false);
    expect(parseEsp(new Uint8Array(7)).ok).toBe(false);
  });
});

describe('per-SPI sequence analysis', () => {
  const run = (seqs: number[]) => {
    const l = new EspLedger();
    seqs.forEach((s, i) => l.add(0xabc, i + 1, s, 100));
    return l.get(0xabc)!;
  };
  it('counts packets and bytes in order', () => {
    expect(run([1, 2, 3])).toMatchObject({ packets: 3, bytes: 300, missing: 0, replays: 0, reordered: 0, firstSeq: 1, highestSeq: 3 });
  });
  it('reports a gap with the frame and the count skipped', () => {
    const s = run([1, 2, 6, 7]);
    expect(s.missing).toBe(3);
    expect(s.events).toEqual([{ kind: 'gap', frame: 3, seq: 6, missing: 3 }]);
  });
  it('tells reordering from replay', () => {
    const s = run([1, 3, 2, 2, 4]);
    expect(s).toMatchObject({ missing: 0, reordered: 1, replays: 1 });
    expect(s.events.map((e) => e.kind)).toEqual(['gap', 'reordered', 'replay']);
  });
  it('keeps the window across word boundaries and large jumps', () => {
    const s = run([1, 40, 5, 40 + WINDOW + 5, 44 + WINDOW, 3]);
    expect(s.reordered).toBe(2);
    expect(s.events.at(-1)).toMatchObject({ kind: 'too-old', seq: 3 });
    const t = run([100, 100 + 33, 100]);
    expect(t.replays).toBe(1);
  });
  it('caps stored events', () => {
    const seqs = Array.from({ length: 500 }, (_, i) => i * 2);
    const s = run(seqs);
    expect(s.events.length).toBe(64);
    expect(s.eventsDropped).toBe(499 - 64);
    expect(s.missing).toBe(499);
  });
});
