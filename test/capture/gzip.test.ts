import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { concat, packet, pcap } from './helpers/build.js';
import { frames, plain, problems, read } from './helpers/collect.js';
import { manyFrames, twoSections } from './helpers/samples.js';

describe('gzip-compressed captures', () => {
  const forms = {
    'pcap little-endian µs': manyFrames(50),
    'pcap big-endian ns': manyFrames(50, { le: false, ns: true }),
    'pcapng, two sections': twoSections(),
  };
  for (const [name, { bytes, frames: expected }] of Object.entries(forms)) {
    it(`reads ${name} through gzip exactly as uncompressed`, async () => {
      const plainEvents = await read(bytes);
      const gz = await read(gzipSync(bytes), [97]);
      expect(gz[0]).toEqual({ kind: 'info', info: { format: plainEvents[0]!.kind === 'info' ? plainEvents[0]!.info.format : '', compressed: true } });
      expect(plain(gz.slice(1))).toEqual(plain(plainEvents.slice(1)));
      expect(frames(gz)).toEqual(expected);
    });
  }

  it('reads concatenated gzip members as one stream', async () => {
    const { bytes, frames: expected } = manyFrames(20);
    const gz = concat([gzipSync(bytes.subarray(0, 500)), gzipSync(bytes.subarray(500))]);
    expect(frames(await read(gz))).toEqual(expected);
  });

  it('keeps every frame decompressed before a cut in the compressed data', async () => {
    // Incompressible payloads, so the cut loses only the frames it really cuts.
    const recs = Array.from({ length: 400 }, (_, i) => ({ sec: i, sub: 0, data: packet(500, i) }));
    const gz = gzipSync(pcap({}, recs));
    const events = await read(gz.subarray(0, gz.length - 300), [4096]);
    const got = frames(events);
    expect(got.length).toBeGreaterThan(395);
    expect(got.length).toBeLessThan(400);
    expect(got.at(-1)!.data).toEqual(recs[got.length - 1]!.data);
    expect(problems(events).map((p) => p.code)).toEqual(['capture/bad-gzip', 'capture/truncated-record']);
    expect(problems(events).every((p) => p.fatal === undefined)).toBe(true);
  });

  it('reports corrupt gzip data without throwing, keeping the frames well before it', async () => {
    const recs = Array.from({ length: 400 }, (_, i) => ({ sec: i, sub: 0, data: packet(500, i) }));
    const gz = gzipSync(pcap({}, recs));
    gz.fill(0x55, 150_000, 150_040);
    const events = await read(gz, [8192]);
    expect(events[0]).toMatchObject({ kind: 'info', info: { compressed: true } });
    // Damaged deflate data may still inflate, to garbage that only the gzip CRC catches, so
    // only the frames before the damage are sure; at worst the output of the 32 KiB slice
    // holding the damage is lost with it.
    const got = frames(events);
    expect(got.length).toBeGreaterThan(200);
    expect(got.slice(0, 200)).toEqual(frames(await read(pcap({}, recs.slice(0, 200)))));
    expect(problems(events).map((p) => p.code)).toContain('capture/bad-gzip');
  });

  it('calls gzip of something else not a capture', async () => {
    const events = await read(gzipSync(new TextEncoder().encode('<!DOCTYPE html>')));
    expect(events).toEqual([
      {
        kind: 'problem',
        problem: expect.objectContaining({
          code: 'capture/not-a-capture',
          fatal: true,
          message: expect.stringMatching(/gzip.*starts with 3c 21 44 4f/),
        }),
      },
    ]);
  });

  it('calls gzip that does not decompress not a capture', async () => {
    for (const bytes of [Uint8Array.from([0x1f, 0x8b]), Uint8Array.from([0x1f, 0x8b, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9])]) {
      const events = await read(bytes);
      expect(events).toEqual([{ kind: 'problem', problem: expect.objectContaining({ code: 'capture/not-a-capture', fatal: true }) }]);
    }
  });
});
