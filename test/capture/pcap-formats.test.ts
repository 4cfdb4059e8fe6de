import { describe, expect, it } from 'vitest';
import { packet, pcap } from './helpers/build.js';
import { frames, problems, read } from './helpers/collect.js';

const records = [
  { sec: 1471799693, sub: 375619, data: packet(60, 1) },
  { sec: 1471799694, sub: 999999, data: packet(1514, 2), original: 1600 },
  { sec: 0xfffffff0, sub: 0, data: packet(1, 3) },
];

describe('classic pcap', () => {
  for (const le of [true, false]) {
    for (const ns of [false, true]) {
      it(`reads ${le ? 'little' : 'big'}-endian ${ns ? 'nanosecond' : 'microsecond'} files`, async () => {
        const recs = records.map((r) => ({ ...r, sub: ns ? r.sub * 1000 + 7 : r.sub }));
        const events = await read(pcap({ le, ns, snaplen: 2000, linkTypeWord: 113 }, recs));
        expect(events[0]).toEqual({ kind: 'info', info: { format: 'pcap', compressed: false } });
        expect(problems(events)).toEqual([]);
        expect(frames(events)).toEqual(
          recs.map((r, i) => ({
            number: i + 1,
            sec: r.sec,
            nsec: ns ? r.sub : r.sub * 1000,
            linkType: 113,
            data: r.data,
            originalLength: r.original ?? r.data.length,
            interfaceId: 0,
          })),
        );
      });
    }
  }

  it('masks the FCS bits off the link type word', async () => {
    // FCS length 2 (16-bit words) with the f bit set, over LINKTYPE_ETHERNET.
    const events = await read(pcap({ linkTypeWord: (2 << 29) | (1 << 28) | 1 }, [records[0]!]));
    expect(frames(events)[0]!.linkType).toBe(1);
  });

  it('yields a record longer than the snap length, with a problem naming it', async () => {
    const events = await read(pcap({ snaplen: 100 }, [records[0]!, records[1]!, records[2]!]));
    expect(frames(events).map((f) => f.number)).toEqual([1, 2, 3]);
    expect(problems(events)).toEqual([
      expect.objectContaining({ code: 'capture/oversized-record', frame: 2, offset: 24 + 16 + 60 }),
    ]);
    expect(problems(events)[0]!.fatal).toBeUndefined();
  });

  it('carries a sub-second field of a second or more into the seconds', async () => {
    const events = await read(pcap({}, [{ sec: 10, sub: 2_500_000, data: packet(4, 4) }]));
    expect(frames(events)[0]).toMatchObject({ sec: 12, nsec: 500_000_000 });
  });

  it('reads a file with a header and no records', async () => {
    const events = await read(pcap({}, []));
    expect(events).toEqual([{ kind: 'info', info: { format: 'pcap', compressed: false } }]);
  });
});
