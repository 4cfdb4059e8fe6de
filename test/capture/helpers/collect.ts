import type { CaptureEvent, Frame } from '../../../src/capture/index.js';
import { readCapture } from '../../../src/capture/index.js';
import type { Problem } from '../../../src/problem.js';

/** Async chunks of `bytes`, cut at the given sizes (cycled), or whole. */
export async function* chunked(bytes: Uint8Array, sizes?: number[]): AsyncGenerator<Uint8Array> {
  if (sizes === undefined) {
    yield bytes;
    return;
  }
  let o = 0;
  for (let i = 0; o < bytes.length; i++) {
    const n = Math.max(1, sizes[i % sizes.length]!);
    yield bytes.subarray(o, o + n);
    o += n;
  }
}

export async function collect(events: AsyncIterable<CaptureEvent>): Promise<CaptureEvent[]> {
  const out: CaptureEvent[] = [];
  for await (const e of events) out.push(e);
  return out;
}

export async function read(bytes: Uint8Array, sizes?: number[]): Promise<CaptureEvent[]> {
  return collect(readCapture(chunked(bytes, sizes)));
}

export const frames = (events: CaptureEvent[]): Frame[] =>
  events.flatMap((e) => (e.kind === 'frame' ? [e.frame] : []));

export const problems = (events: CaptureEvent[]): Problem[] =>
  events.flatMap((e) => (e.kind === 'problem' ? [e.problem] : []));

/** Frames as plain values with hex data, for deep comparison and readable diffs. */
export const plain = (events: CaptureEvent[]): unknown[] =>
  events.map((e) =>
    e.kind === 'frame' ? { kind: 'frame', ...e.frame, data: Buffer.from(e.frame.data).toString('hex') } : e,
  );

/** Seeded PRNG (xorshift32) so "random" chunkings are reproducible. */
export function rng(seed: number): () => number {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) / 4294967296;
  };
}
