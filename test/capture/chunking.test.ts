/** However the input is cut into chunks, the events are the same as from one chunk. */
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { readCapture, type DecryptionSecrets } from '../../src/capture/index.js';
import { concat, packet, Pcapng, pcap } from './helpers/build.js';
import { chunked, collect, plain, rng } from './helpers/collect.js';
import { manyFrames, twoSections } from './helpers/samples.js';

async function events(bytes: Uint8Array, sizes?: number[]): Promise<unknown[]> {
  const secrets: DecryptionSecrets[] = [];
  const evs = await collect(readCapture(chunked(bytes, sizes), { onSecrets: (s) => secrets.push(s) }));
  return [...plain(evs), { secrets: secrets.map((s) => ({ ...s, data: Buffer.from(s.data).toString('hex') })) }];
}

const randomSizes = (seed: number, max: number): number[] => {
  const r = rng(seed);
  return Array.from({ length: 500 }, () => 1 + Math.floor(r() * max));
};

const messy = (): Uint8Array =>
  concat([
    new Pcapng()
      .shb({ comment: 'messy' })
      .idb({ linkType: 1, snaplen: 64, tsresol: 9 })
      .nrb()
      .epb(0, 123456789n, packet(100, 1)) // oversized
      .block(0x80000001, (b) => b.u32(7))
      .dsb(0x45535053, new TextEncoder().encode('esp,sa,table'))
      .epb(0, 123456790n, packet(30, 2), {}, { trail: 8 })
      .epb(5, 1n, packet(30, 3))
      .spb(50, packet(50, 4))
      .epb(0, 123456791n, packet(40, 5))
      .bytes()
      .subarray(0, -7), // and cut inside the last block
  ]);

const inputs: Record<string, Uint8Array> = {
  'pcap µs': manyFrames(60).bytes,
  'pcap ns big-endian': manyFrames(60, { le: false, ns: true }).bytes,
  'pcap with a large record': pcap({}, [{ sec: 1, sub: 2, data: packet(70_000, 1) }, { sec: 3, sub: 4, data: packet(10, 2) }]),
  'pcapng two sections': twoSections().bytes,
  'pcapng with problems': messy(),
  'gzip pcapng': gzipSync(twoSections().bytes),
};

describe('chunking', () => {
  for (const [name, bytes] of Object.entries(inputs)) {
    it(`${name}: 1-byte and random chunks give the events of one chunk`, async () => {
      const whole = await events(bytes);
      expect(whole.length).toBeGreaterThan(2);
      expect(await events(bytes, [1])).toEqual(whole);
      for (const seed of [1, 2, 3]) {
        expect(await events(bytes, randomSizes(seed, 64))).toEqual(whole);
        expect(await events(bytes, randomSizes(seed, 5000))).toEqual(whole);
      }
    });
  }

  it('the messy pcapng does produce each kind of problem', async () => {
    const codes = (await collect(readCapture(chunked(messy())))).flatMap((e) => (e.kind === 'problem' ? [e.problem.code] : []));
    expect(codes).toEqual([
      'capture/oversized-record',
      'capture/unknown-block',
      'capture/bad-block-length',
      'capture/unknown-interface',
      'capture/truncated-record',
    ]);
  });
});

describe('borrowed frames', () => {
  it('borrowFrames gives the same frames as copies, for pcap and pcapng', async () => {
    const { readCapture } = await import('../../src/capture/index.js');
    const { readFileSync } = await import('node:fs');
    const { join } = await import('node:path');
    const { WIRESHARK_TESTS } = await import('../helpers/cli.js');
    for (const f of ['ikev2-decrypt-aes256gcm16.pcap', 'ikev2-decrypt-aes256cbc.pcapng']) {
      const bytes = new Uint8Array(readFileSync(join(WIRESHARK_TESTS, f)));
      async function* chunks() { for (let i = 0; i < bytes.length; i += 97) yield bytes.slice(i, i + 97); }
      const frames = async (borrowFrames: boolean) => {
        const out: Array<{ number: number; data: number[] }> = [];
        for await (const ev of readCapture(chunks(), { borrowFrames })) if (ev.kind === 'frame') out.push({ number: ev.frame.number, data: [...ev.frame.data] });
        return out;
      };
      const copied = await frames(false);
      expect(copied.length).toBeGreaterThan(3);
      expect(await frames(true)).toEqual(copied);
    }
  });
});
