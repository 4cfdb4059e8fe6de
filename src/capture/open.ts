import { open, type FileHandle } from 'node:fs/promises';
import type { CaptureEvent } from './frame.js';
import { CaptureProblem, problem } from './problems.js';
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
 */
export async function* openCapture(path: string, options: OpenOptions = {}): AsyncGenerator<CaptureEvent> {
  let handle: FileHandle;
  try {
    handle = await open(path, 'r');
  } catch (e) {
    yield unreadable(path, e);
    return;
  }
  let size: number;
  try {
    const stat = await handle.stat();
    if (stat.isDirectory()) {
      await handle.close();
      yield problem(CaptureProblem.unreadable, `cannot read ${path}: it is a directory`, { fatal: true });
      return;
    }
    size = stat.size;
  } catch (e) {
    await handle.close().catch(() => undefined);
    yield unreadable(path, e);
    return;
  }
  // The stream owns the handle from here and closes it when it ends or is destroyed.
  const stream = handle.createReadStream({ highWaterMark: CHUNK });
  const { onBytes } = options;
  async function* counted(): AsyncGenerator<Uint8Array> {
    let read = 0;
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      read += chunk.length;
      onBytes?.(read, size);
      yield chunk;
    }
  }
  try {
    yield* readFrom(counted(), options, path);
  } finally {
    stream.destroy();
  }
}

function unreadable(path: string, error: unknown): CaptureEvent {
  const e = error as NodeJS.ErrnoException;
  // Node's message is "ENOENT: no such file or directory, open '/x'": keep the reason, name the file once.
  const why = typeof e?.message === 'string' ? e.message.replace(/, \w+ '.*'$/, '') : String(error);
  return problem(CaptureProblem.unreadable, `cannot read ${path}: ${why}`, { fatal: true });
}
