import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { packet, Pcapng, pcap } from './helpers/build.js';
import { frames, problems, read } from './helpers/collect.js';

const recs = [1, 2, 3].map((i) => ({ sec: 1000 + i, sub: i, data: packet(40 + i, i) }));
const pcapFile = pcap({}, recs);
const pcapLastStart = pcapFile.length - (16 + recs[2]!.data.length);

const ng = () => new Pcapng().shb().idb({ linkType: 1 }).epb(0, 1n, packet(41, 1)).epb(0, 2n, packet(42, 2), { comment: 'opt' });
const ngPrefix = ng().bytes();
const ngFile = ng().epb(0, 3n, packet(43, 3), { comment: 'options too' }).bytes();

describe('a capture cut inside its last record', () => {
  const cases = [
    { name: 'pcap', file: pcapFile, lastStart: pcapLastStart, headerLength: 0 },
    { name: 'pcapng', file: ngFile, lastStart: ngPrefix.length, headerLength: 8 },
  ];
  for (const { name, file, lastStart, headerLength } of cases) {
    for (const gzip of [false, true]) {
      it(`${name}${gzip ? ' (gzip)' : ''}: every cut keeps the earlier frames and reports the cut record`, async () => {
        const whole = frames(await read(file));
        expect(whole).toHaveLength(3);
        for (let cut = lastStart + 1; cut < file.length; cut++) {
          const part = file.subarray(0, cut);
          const events = await read(gzip ? gzipSync(part) : part, [5]);
          expect(events[0]).toEqual({ kind: 'info', info: { format: name, compressed: gzip } });
          expect(frames(events), `cut at ${cut}`).toEqual(whole.slice(0, 2));
          const inHeader = cut - lastStart < headerLength;
          expect(problems(events), `cut at ${cut}`).toEqual([
            expect.objectContaining({
              code: 'capture/truncated-record',
              offset: lastStart,
              ...(inHeader ? {} : { frame: 3 }),
            }),
          ]);
          expect(problems(events)[0]!.fatal).toBeUndefined();
        }
      });
    }
  }

  it('a cut exactly between records is not a problem', async () => {
    expect(problems(await read(pcapFile.subarray(0, pcapLastStart)))).toEqual([]);
    expect(problems(await read(ngPrefix))).toEqual([]);
  });

  it('a cut inside the pcap file header or the first section header is reported', async () => {
    for (const cut of [4, 10, 23]) {
      const events = await read(pcapFile.subarray(0, cut));
      expect(events[0]).toMatchObject({ kind: 'info' });
      expect(problems(events)).toEqual([expect.objectContaining({ code: 'capture/truncated-record', offset: 0 })]);
    }
    for (const cut of [4, 8, 11, 12, 27]) {
      const events = await read(ngFile.subarray(0, cut));
      expect(events[0]).toMatchObject({ kind: 'info', info: { format: 'pcapng' } });
      expect(problems(events)).toEqual([expect.objectContaining({ code: 'capture/truncated-record', offset: 0 })]);
    }
  });
});
