import type { ChunkList } from './chunks.js';
import type { CaptureEvent } from './frame.js';

/**
 * A format's parser: a state machine over the bytes in `chunks`. The driver pushes chunks in
 * and calls `parse`, which consumes whole records, appends their events to `out` and returns
 * when it needs more bytes. Bad input becomes problem events, never exceptions.
 */
export interface RecordReader {
  readonly chunks: ChunkList;
  /** Parses what `chunks` holds. Returns false once nothing more can be read. */
  parse(out: CaptureEvent[]): boolean;
  /** The input has ended: reports a record or block left unfinished. */
  finish(out: CaptureEvent[]): void;
}

/**
 * Largest captured length believed: Wireshark's WTAP_MAX_PACKET_SIZE_STANDARD. A longer one
 * is a corrupt length field, and is never used to size a buffer.
 */
export const MAX_RECORD = 256 * 1024;

/** Bytes a length field asks for, rounded up to the 32-bit boundary pcapng pads to. */
export const pad4 = (n: number): number => n + ((4 - (n & 3)) & 3);
