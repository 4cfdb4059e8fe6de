import { describe, expect, it } from 'vitest';
import { readCapture, SecretsType, type DecryptionSecrets } from '../../src/capture/index.js';
import { packet, Pcapng } from './helpers/build.js';
import { chunked, collect, frames, problems, read } from './helpers/collect.js';

const base = (): Pcapng => new Pcapng().shb().idb({ linkType: 1, snaplen: 100 });

describe('pcapng blocks', () => {
  it('takes an SPB captured length as the least of original length, snap length and block room', async () => {
    const bytes = base()
      .spb(60, packet(60, 1)) // whole packet; the block pads it to 60
      .spb(150, packet(100, 2)) // cut by the snap length 100
      .spb(61, packet(61, 3)) // 3 padding bytes in the block must not become data
      .bytes();
    const got = frames(await read(bytes));
    expect(got.map((f) => [f.number, f.data.length, f.originalLength, f.interfaceId])).toEqual([
      [1, 60, 60, 0],
      [2, 100, 150, 0],
      [3, 61, 61, 0],
    ]);
    expect(got[1]!.data).toEqual(packet(100, 2));
  });

  it('bounds an SPB by its block when the interface has no snap length', async () => {
    // A writer that cut the packet without saying so: 1500 bytes on the wire, 64 in the block.
    const bytes = new Pcapng().shb().idb({ linkType: 1, snaplen: 0 }).spb(1500, packet(64, 1)).spb(8, packet(8, 2)).bytes();
    const events = await read(bytes);
    expect(problems(events)).toEqual([]);
    expect(frames(events).map((f) => [f.data.length, f.originalLength])).toEqual([
      [64, 1500],
      [8, 8],
    ]);
    expect(frames(events)[0]!.data).toEqual(packet(64, 1));
  });

  it('numbers EPB, SPB and obsolete PB frames together, in file order', async () => {
    const bytes = base()
      .epb(0, 10n, packet(10, 1))
      .pb(0, 11n, packet(11, 2))
      .spb(12, packet(12, 3))
      .epb(0, 13n, packet(13, 4))
      .bytes();
    expect(frames(await read(bytes)).map((f) => [f.number, f.data.length])).toEqual([
      [1, 10],
      [2, 11],
      [3, 12],
      [4, 13],
    ]);
  });

  it('skips NRB, ISB, DSB and custom blocks without a problem', async () => {
    const bytes = base()
      .nrb()
      .epb(0, 1n, packet(20, 1))
      .dsb(SecretsType.esp, new TextEncoder().encode('"IPv4","*","*","0x1",...\n'))
      .custom(true)
      .custom(false)
      .isb(0)
      .epb(0, 2n, packet(20, 2))
      .bytes();
    const events = await read(bytes);
    expect(problems(events)).toEqual([]);
    expect(frames(events).map((f) => f.number)).toEqual([1, 2]);
  });

  it('reports an unknown block type once, with its offset, and reads on', async () => {
    const b = base();
    const firstOffset = b.bytes().length;
    b.block(0x80000123, (x) => x.u32(1).u32(2))
      .epb(0, 1n, packet(20, 1))
      .block(0x80000123, (x) => x.u32(3))
      .block(0x00000777, (x) => x.u32(4))
      .epb(0, 2n, packet(20, 2));
    const events = await read(b.bytes());
    expect(frames(events).map((f) => f.number)).toEqual([1, 2]);
    expect(problems(events)).toEqual([
      expect.objectContaining({ code: 'capture/unknown-block', offset: firstOffset }),
      expect.objectContaining({ code: 'capture/unknown-block' }),
    ]);
    expect(problems(events).map((p) => p.message)).toEqual([
      expect.stringContaining('0x80000123'),
      expect.stringContaining('0x00000777'),
    ]);
    expect(problems(events).every((p) => p.fatal === undefined)).toBe(true);
  });

  it('hands decryption secrets to onSecrets, before the frames after them', async () => {
    const csv = new TextEncoder().encode('"IPv4","192.0.2.1","198.51.100.1","0xc254fe64","AES-CBC [RFC3602]"\n');
    const order: string[] = [];
    const secrets: DecryptionSecrets[] = [];
    const bytes = base().epb(0, 1n, packet(20, 1)).dsb(SecretsType.esp, csv).epb(0, 2n, packet(20, 2)).bytes();
    const offset = base().epb(0, 1n, packet(20, 1)).bytes().length;
    for await (const e of readCapture(chunked(bytes, [7]), {
      onSecrets: (s) => {
        secrets.push(s);
        order.push('secrets');
      },
    })) {
      if (e.kind === 'frame') order.push(`frame ${e.frame.number}`);
    }
    expect(secrets).toEqual([{ type: SecretsType.esp, data: csv, offset }]);
    expect(order).toEqual(['frame 1', 'secrets', 'frame 2']);
  });

  it('reports a captured length beyond the snap length but still yields the frame', async () => {
    const events = await read(base().epb(0, 1n, packet(120, 1)).bytes());
    expect(frames(events)).toEqual([expect.objectContaining({ number: 1, data: packet(120, 1) })]);
    expect(problems(events)).toEqual([expect.objectContaining({ code: 'capture/oversized-record', frame: 1 })]);
  });
});

describe('pcapng without packets', () => {
  it('reads a section header alone', async () => {
    const events = await collect(readCapture(chunked(new Pcapng().shb().bytes())));
    expect(events).toEqual([{ kind: 'info', info: { format: 'pcapng', compressed: false } }]);
  });
});
