import { describe, expect, it } from 'vitest';
import { packet, Pcapng } from './helpers/build.js';
import { frames, problems, read } from './helpers/collect.js';
import { expectedTime, twoSections } from './helpers/samples.js';

describe('pcapng sections and interfaces', () => {
  it('reads two sections of opposite byte order, with per-interface link types and resolutions', async () => {
    const { bytes, frames: expected } = twoSections();
    const events = await read(bytes);
    expect(events[0]).toEqual({ kind: 'info', info: { format: 'pcapng', compressed: false } });
    expect(problems(events)).toEqual([]);
    expect(frames(events)).toEqual(expected);
  });

  it('forgets the interfaces of a section at the next section header', async () => {
    const bytes = new Pcapng()
      .shb()
      .idb({ linkType: 1 })
      .idb({ linkType: 1 })
      .epb(1, 5n, packet(10, 1))
      .shb({ le: false })
      .idb({ linkType: 1 })
      .epb(1, 6n, packet(10, 2)) // interface 1 existed only in the first section
      .epb(0, 7n, packet(10, 3))
      .epb(1, 8n, packet(10, 4)) // reported once per section and interface
      .bytes();
    const events = await read(bytes);
    expect(frames(events).map((f) => f.number)).toEqual([1, 3]);
    expect(problems(events)).toEqual([
      expect.objectContaining({ code: 'capture/unknown-interface', frame: 2, offset: expect.any(Number) }),
    ]);
    expect(problems(events)[0]!.message).toMatch(/interface 1/);
  });

  it('converts timestamps exactly at power-of-10 and power-of-2 resolutions', async () => {
    const cases: [number, bigint][] = [
      [6, 1700000000_999999n],
      [9, 0xffffffff_ffffffffn],
      [9, 1700000000_000000001n],
      [3, 1700000000_123n],
      [0, 1700000000n],
      [0x80 | 10, (1700000000n << 10n) + 1023n],
      [0x80 | 20, (1700000000n << 20n) + 1n],
      [0x80 | 30, (1n << 62n) - 1n],
      [0x80 | 32, (1700000000n << 32n) + 0xffffffffn],
      [12, 12345678_123456789012n], // picoseconds (2^64 of them is ~213 days): truncated to ns
      [0x80 | 40, (1000n << 40n) + (1n << 39n)],
    ];
    const b = new Pcapng().shb();
    cases.forEach(([r]) => b.idb({ linkType: 1, tsresol: r }));
    cases.forEach(([, ts], i) => b.epb(i, ts, packet(4, i)));
    const got = frames(await read(b.bytes())).map((f) => ({ sec: f.sec, nsec: f.nsec }));
    expect(got).toEqual(cases.map(([r, ts]) => expectedTime(ts, r)));
  });

  it('adds if_tsoffset seconds, including negative ones', async () => {
    const bytes = new Pcapng()
      .shb()
      .idb({ linkType: 1, tsresol: 9, tsoffset: -100n })
      .epb(0, 1000_000000005n, packet(4, 1))
      .bytes();
    expect(frames(await read(bytes))[0]).toMatchObject({ sec: 900, nsec: 5 });
  });

  it('skips a section of an unknown version up to the next section header', async () => {
    const bytes = new Pcapng()
      .shb({ major: 2 })
      .idb({ linkType: 1 })
      .epb(0, 1n, packet(4, 1))
      .shb({ minor: 2 }) // §4.1: minor version 2 reads as 0
      .idb({ linkType: 1 })
      .epb(0, 2n, packet(4, 2))
      .bytes();
    const events = await read(bytes);
    expect(frames(events)).toEqual([expect.objectContaining({ number: 1, data: packet(4, 2) })]);
    expect(problems(events)).toEqual([expect.objectContaining({ code: 'capture/unsupported-version', offset: 0 })]);
  });
});
