import { describe, expect, it } from 'vitest';
import { readCapture } from '../../src/capture/index.js';
import { collect, read } from './helpers/collect.js';

const notACapture = (message: RegExp) => [
  { kind: 'problem', problem: { code: 'capture/not-a-capture', message: expect.stringMatching(message), offset: 0, fatal: true } },
];

describe('input that is not a capture', () => {
  it('gives one fatal problem naming the first bytes, and nothing else', async () => {
    const html = new TextEncoder().encode('<!DOCTYPE html><html></html>');
    expect(await read(html)).toEqual(notACapture(/^not a pcap or pcapng file \(starts with 3c 21 44 4f\)$/));
  });

  it('handles empty and very short input', async () => {
    expect(await read(new Uint8Array(0))).toEqual(notACapture(/it is empty/));
    expect(await read(Uint8Array.from([0xa1, 0xb2]))).toEqual(notACapture(/starts with a1 b2/));
  });

  it('rejects a text file that starts like a pcapng section header but has no byte-order magic', async () => {
    const text = new TextEncoder().encode('\n\r\r\nhello, world\n');
    expect(await read(text)).toEqual(notACapture(/starts with 0a 0d 0d 0a/));
  });

  it('does not take a pcap magic with swapped halves for a capture', async () => {
    expect(await read(Uint8Array.from([0xc3, 0xd4, 0xa1, 0xb2, 0, 0, 0, 0, 0, 0, 0, 0]))).toEqual(notACapture(/c3 d4 a1 b2/));
  });

  it('turns a failing source into a fatal unreadable problem, not a throw', async () => {
    async function* failing(): AsyncGenerator<Uint8Array> {
      yield Uint8Array.from([0xd4, 0xc3, 0xb2, 0xa1]);
      throw Object.assign(new Error('EIO: i/o error, read'), { code: 'EIO' });
    }
    const events = await collect(readCapture(failing()));
    expect(events).toEqual([
      { kind: 'problem', problem: expect.objectContaining({ code: 'capture/unreadable', fatal: true, message: expect.stringContaining('EIO') }) },
    ]);
  });

  it('reports a source failing mid-file after the frames read before it', async () => {
    const { manyFrames } = await import('./helpers/samples.js');
    const { bytes } = manyFrames(10);
    async function* failing(): AsyncGenerator<Uint8Array> {
      yield bytes.subarray(0, 200);
      throw new Error('connection reset');
    }
    const events = await collect(readCapture(failing()));
    expect(events[0]).toMatchObject({ kind: 'info' });
    expect(events.at(-1)).toEqual({
      kind: 'problem',
      problem: expect.objectContaining({ code: 'capture/unreadable', fatal: true, offset: 200, message: expect.stringContaining('connection reset') }),
    });
    expect(events.filter((e) => e.kind === 'frame').length).toBeGreaterThan(0);
  });
});
