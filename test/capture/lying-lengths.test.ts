import { describe, expect, it } from 'vitest';
import { concat, packet, Pcapng, pcap } from './helpers/build.js';
import { frames, problems, read } from './helpers/collect.js';

const ok = (i: number) => ({ sec: i, sub: 0, data: packet(30, i) });

describe('length fields that lie', () => {
  it('pcap: an absurd captured length stops reading after the frames before it', async () => {
    const bytes = pcap({}, [ok(1), ok(2), { ...ok(3), capturedField: 0x7fffffff }, ok(4)]);
    const events = await read(bytes);
    expect(frames(events).map((f) => f.number)).toEqual([1, 2]);
    expect(problems(events)).toEqual([
      expect.objectContaining({ code: 'capture/bad-record-length', frame: 3, offset: 24 + 2 * 46 }),
    ]);
    expect(problems(events)[0]!.message).toMatch(/2147483647/);
  });

  it('pcap: a length just above 256 KiB is absurd, 256 KiB itself is not', async () => {
    const big = packet(256 * 1024, 9);
    const events = await read(pcap({ snaplen: 0 }, [ok(1), { sec: 2, sub: 0, data: big }]), [65536]);
    expect(frames(events).map((f) => f.data.length)).toEqual([30, 256 * 1024]);
    expect(problems(events)).toEqual([]);
    const over = await read(pcap({}, [ok(1), { ...ok(2), capturedField: 256 * 1024 + 1 }]));
    expect(problems(over)).toEqual([expect.objectContaining({ code: 'capture/bad-record-length', frame: 2 })]);
  });

  it('pcap: a captured length running past the end of the file is a truncated record', async () => {
    const events = await read(pcap({}, [ok(1), { ...ok(2), capturedField: 5000 }]));
    expect(frames(events).map((f) => f.number)).toEqual([1]);
    expect(problems(events)).toEqual([expect.objectContaining({ code: 'capture/truncated-record', frame: 2 })]);
  });

  const ng = () => new Pcapng().shb().idb({ linkType: 1 });

  it('pcapng: a trailing length that differs from the leading one is reported, and reading goes on', async () => {
    const b = ng().epb(0, 1n, packet(30, 1));
    const offset = b.bytes().length;
    const bytes = b.epb(0, 2n, packet(30, 2), {}, { trail: 4096 }).epb(0, 3n, packet(30, 3)).bytes();
    const events = await read(bytes);
    expect(frames(events).map((f) => f.number)).toEqual([1, 2, 3]);
    expect(problems(events)).toEqual([expect.objectContaining({ code: 'capture/bad-block-length', frame: 2, offset })]);
  });

  it('pcapng: a lying trailer on an interface description is reported too', async () => {
    const bytes = new Pcapng()
      .shb()
      .block(1, (x) => x.u16(1).u16(0).u32(0), { trail: 99 })
      .epb(0, 1n, packet(30, 1))
      .bytes();
    const events = await read(bytes);
    expect(frames(events)).toHaveLength(1);
    expect(problems(events)).toEqual([expect.objectContaining({ code: 'capture/bad-block-length', offset: 28 })]);
  });

  it('pcapng: a total length that is not a multiple of 4, or under 12, stops reading', async () => {
    for (const lead of [30, 8, 0]) {
      const b = ng().epb(0, 1n, packet(30, 1));
      const offset = b.bytes().length;
      const events = await read(b.epb(0, 2n, packet(30, 2), {}, { lead }).epb(0, 3n, packet(30, 3)).bytes());
      expect(frames(events).map((f) => f.number)).toEqual([1]);
      expect(problems(events)).toEqual([expect.objectContaining({ code: 'capture/bad-block-length', offset })]);
    }
  });

  it('pcapng: a captured length beyond its block is reported; the next block is still read', async () => {
    const events = await read(ng().epb(0, 1n, packet(30, 1), { capturedField: 200 }).epb(0, 2n, packet(30, 2)).bytes());
    expect(frames(events).map((f) => f.number)).toEqual([2]);
    expect(problems(events)).toEqual([expect.objectContaining({ code: 'capture/bad-block-length', frame: 1 })]);
  });

  it('pcapng: an absurd captured length skips only that packet', async () => {
    const events = await read(ng().epb(0, 1n, packet(30, 1), { capturedField: 0xfffffff0 }).epb(0, 2n, packet(30, 2)).bytes());
    expect(frames(events).map((f) => f.number)).toEqual([2]);
    expect(problems(events)).toEqual([expect.objectContaining({ code: 'capture/bad-record-length', frame: 1 })]);
  });

  it('pcapng: a block too short for its fixed fields is skipped by its length', async () => {
    const bytes = ng()
      .block(6, (x) => x.u32(0).u32(0)) // an EPB of 20 bytes
      .epb(0, 2n, packet(30, 2))
      .bytes();
    const events = await read(bytes);
    expect(frames(events).map((f) => f.number)).toEqual([2]);
    expect(problems(events)).toEqual([expect.objectContaining({ code: 'capture/bad-block-length', frame: 1 })]);
  });

  it('pcapng: a huge block length swallows the rest and ends as a truncated block, without buffering it', async () => {
    const b = ng().epb(0, 1n, packet(30, 1));
    const offset = b.bytes().length;
    const bytes = b.block(0x00000bad, (x) => x.u32(1), { lead: 0xfffffff0 }).epb(0, 2n, packet(30, 2)).bytes();
    const events = await read(bytes);
    expect(frames(events).map((f) => f.number)).toEqual([1]);
    expect(problems(events)).toEqual([expect.objectContaining({ code: 'capture/truncated-record', offset })]);
  });

  it('pcapng: an EPB on an interface never described is skipped and reported', async () => {
    const events = await read(ng().epb(3, 1n, packet(30, 1)).epb(0, 2n, packet(30, 2)).bytes());
    expect(frames(events).map((f) => [f.number, f.interfaceId])).toEqual([[2, 0]]);
    expect(problems(events)).toEqual([expect.objectContaining({ code: 'capture/unknown-interface', frame: 1 })]);
  });

  it('pcapng: an IDB option running past the block is reported, the interface kept', async () => {
    const bytes = new Pcapng()
      .shb()
      .block(1, (x) => x.u16(1).u16(0).u32(0).u16(9).u16(200).u32(0))
      .epb(0, 1_000_000n, packet(30, 1))
      .bytes();
    const events = await read(bytes);
    expect(frames(events)).toEqual([expect.objectContaining({ number: 1, sec: 1, nsec: 0 })]);
    expect(problems(events)).toEqual([expect.objectContaining({ code: 'capture/malformed-block', offset: 28 })]);
  });

  it('pcapng: a later section header with a bad byte-order magic stops reading', async () => {
    const bad = concat([ng().epb(0, 1n, packet(30, 1)).bytes(), Uint8Array.from([0x0a, 0x0d, 0x0d, 0x0a, 28, 0, 0, 0, 1, 2, 3, 4])]);
    const events = await read(concat([bad, ng().epb(0, 2n, packet(30, 2)).bytes()]));
    expect(frames(events).map((f) => f.number)).toEqual([1]);
    expect(problems(events)).toEqual([expect.objectContaining({ code: 'capture/malformed-block' })]);
  });
});
