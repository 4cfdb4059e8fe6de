import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { openCapture, readCapture } from '../../src/capture/index.js';
import { chunked, collect, frames, plain, read } from './helpers/collect.js';
import { manyFrames } from './helpers/samples.js';

const dir = mkdtempSync(join(tmpdir(), 'ikescope-open-'));

describe('openCapture', () => {
  it('reads a file as readCapture reads its bytes', async () => {
    const { bytes, frames: expected } = manyFrames(300);
    const path = join(dir, 'a.pcap');
    writeFileSync(path, bytes);
    const events = await collect(openCapture(path));
    expect(plain(events)).toEqual(plain(await read(bytes)));
    expect(frames(events)).toEqual(expected);
  });

  it('detects gzip by its magic, whatever the file name says', async () => {
    const { bytes, frames: expected } = manyFrames(30);
    const path = join(dir, 'not-compressed-by-name.pcap');
    writeFileSync(path, gzipSync(bytes));
    const events = await collect(openCapture(path));
    expect(events[0]).toEqual({ kind: 'info', info: { format: 'pcap', compressed: true } });
    expect(frames(events)).toEqual(expected);
  });

  it('reports progress in bytes of the file, ending at its size', async () => {
    const { bytes } = manyFrames(5000);
    const path = join(dir, 'progress.pcap');
    writeFileSync(path, bytes);
    const seen: [number, number][] = [];
    await collect(openCapture(path, { onBytes: (read, size) => seen.push([read, size]) }));
    expect(seen.length).toBeGreaterThan(1);
    expect(seen.every(([, size]) => size === bytes.length)).toBe(true);
    expect(seen.map(([read]) => read)).toEqual([...seen.map(([read]) => read)].sort((a, b) => a - b));
    expect(seen.at(-1)![0]).toBe(bytes.length);
  });

  it('gives a fatal unreadable problem with the OS reason for a missing file', async () => {
    const path = join(dir, 'missing.pcap');
    expect(await collect(openCapture(path))).toEqual([
      {
        kind: 'problem',
        problem: { code: 'capture/unreadable', fatal: true, message: `cannot read ${path}: ENOENT: no such file or directory` },
      },
    ]);
  });

  it('gives a fatal unreadable problem for a directory', async () => {
    expect(await collect(openCapture(dir))).toEqual([
      { kind: 'problem', problem: expect.objectContaining({ code: 'capture/unreadable', fatal: true, message: expect.stringContaining('directory') }) },
    ]);
  });

  for (const gzip of [false, true]) {
    it(`reads no further than the consumer asks (backpressure${gzip ? ', through gzip' : ''})`, async () => {
      const { bytes } = manyFrames(2000);
      const input = gzip ? gzipSync(bytes, { level: 0 }) : bytes;
      let pulled = 0;
      async function* source(): AsyncGenerator<Uint8Array> {
        for await (const c of chunked(input, [1024])) {
          pulled++;
          yield c;
        }
      }
      const it = readCapture(source());
      await it.next(); // info
      await it.next(); // frame 1
      expect(pulled).toBeLessThanOrEqual(2);
      for (let i = 0; i < 50; i++) await it.next();
      const after50 = pulled;
      expect(after50).toBeLessThan(20);
      await it.return(undefined);
      expect(pulled).toBe(after50);
      expect(input.length / 1024).toBeGreaterThan(100);
    });
  }

  it.skipIf(process.platform !== 'linux')('closes the file when the consumer stops early', async () => {
    const { bytes } = manyFrames(3000);
    const path = join(dir, 'early.pcap');
    writeFileSync(path, bytes);
    const openFiles = () => readdirSync('/proc/self/fd').length;
    const before = openFiles();
    let reads = 0;
    for await (const e of openCapture(path, { onBytes: () => reads++ })) {
      if (e.kind === 'frame' && e.frame.number === 3) {
        expect(openFiles()).toBe(before + 1);
        break;
      }
    }
    expect(reads).toBe(1);
    await new Promise((r) => setTimeout(r, 50)); // the stream closes its handle asynchronously
    expect(openFiles()).toBe(before);
  });
});
