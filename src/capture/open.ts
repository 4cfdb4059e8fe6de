import { open } from 'node:fs/promises';
import type { CaptureEvent } from './frame.js';
import { readFrom, type ReadOptions } from './read.js';

export interface OpenOptions extends ReadOptions {
  /** Called after each chunk read from the file, for progress: bytes of the file read so far, and its size. */
  onBytes?: (bytesReadOfFile: number, fileSize: number) => void;
}

/** Read size: large enough that per-chunk costs vanish, small enough to hold one at a time. */
const CHUNK = 256 * 1024;

/**
 * Streams the capture file at `path` through `readCapture`. A file that cannot be opened or
 * read gives one fatal `capture/unreadable` problem with the OS reason instead of a throw.
 * Nothing is opened until the first event is asked for.
 */
export function openCapture(path: string, options: OpenOptions = {}): AsyncGenerator<CaptureEvent> {
  return readFrom(fileChunks(path, options.onBytes), options, path);
}

/** The file's bytes, read as they are pulled; failures are thrown for readFrom to report. */
async function* fileChunks(path: string, onBytes: OpenOptions['onBytes']): AsyncGenerator<Uint8Array> {
  const handle = await open(path, 'r');
  let size: number;
  try {
    const stat = await handle.stat();
    // Linux opens a directory for reading and fails only at the first read: say it plainly.
    if (stat.isDirectory()) throw new Error('it is a directory');
    size = stat.size;
  } catch (e) {
    await handle.close().catch(() => undefined);
    throw e;
  }
  // The stream owns the handle from here and closes it when it ends or is destroyed.
  const stream = handle.createReadStream({ highWaterMark: CHUNK });
  try {
    let read = 0;
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      read += chunk.length;
      onBytes?.(read, size);
      yield chunk;
    }
  } finally {
    stream.destroy();
  }
}
