import type { Problem } from '../problem.js';
import type { CaptureEvent } from './frame.js';

/**
 * Problem codes the capture readers report. Only `not-a-capture` and `unreadable` are fatal;
 * every other problem leaves the frames before it intact, and the reader goes on where the
 * format lets it resynchronise.
 */
export const CaptureProblem = {
  /** Neither pcap, pcapng nor gzip of one of them. Fatal; nothing else is yielded. */
  notACapture: 'capture/not-a-capture',
  /** The file or stream could not be opened or read (the OS reason is in the message). Fatal. */
  unreadable: 'capture/unreadable',
  /** The input ends inside a header, record or block; no frame is yielded for it. */
  truncatedRecord: 'capture/truncated-record',
  /** A record captured more bytes than the snap length allows; the frame is still yielded. */
  oversizedRecord: 'capture/oversized-record',
  /**
   * A record claims an absurd captured length (> 256 KiB). In classic pcap nothing after it
   * can be located, so reading stops; in pcapng the block length still locates the next block
   * and only this packet is skipped.
   */
  badRecordLength: 'capture/bad-record-length',
  /** pcapng block lengths that lie: too short, not a multiple of 4, or trailer ≠ header. */
  badBlockLength: 'capture/bad-block-length',
  /** A pcapng block type this reader does not know; skipped, reported once per type. */
  unknownBlock: 'capture/unknown-block',
  /** A pcapng packet names an interface its section has not described; the packet is skipped. */
  unknownInterface: 'capture/unknown-interface',
  /** A pcapng block whose contents are malformed (bad byte-order magic, options overrun). */
  malformedBlock: 'capture/malformed-block',
  /** A pcapng section of a version this reader cannot read; skipped to the next section. */
  unsupportedVersion: 'capture/unsupported-version',
  /** The gzip stream is corrupt or cut short; frames decompressed before that are kept. */
  badGzip: 'capture/bad-gzip',
} as const;

export type CaptureProblemCode = (typeof CaptureProblem)[keyof typeof CaptureProblem];

export function problem(
  code: CaptureProblemCode,
  message: string,
  where: { frame?: number; offset?: number; fatal?: boolean } = {},
): CaptureEvent {
  const p: { -readonly [K in keyof Problem]: Problem[K] } = { code, message };
  if (where.frame !== undefined) p.frame = where.frame;
  if (where.offset !== undefined) p.offset = where.offset;
  if (where.fatal) p.fatal = true;
  return { kind: 'problem', problem: p };
}

/** `3c 21 44 4f`: how a message shows the bytes a file starts with. */
export function hexBytes(bytes: Uint8Array): string {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join(' ');
}

/** `0x0000000a`. */
export function hex32(n: number): string {
  return '0x' + (n >>> 0).toString(16).padStart(8, '0');
}
