import type { Problem } from '../problem.js';

/** One captured record, as Wireshark numbers it. */
export interface Frame {
  /** 1-based, in file order, as in Wireshark, so users can cross-check. */
  readonly number: number;
  /** Seconds since the Unix epoch. */
  readonly sec: number;
  /** Nanoseconds within that second (µs captures have multiples of 1000). */
  readonly nsec: number;
  /** LINKTYPE_* value (tcpdump.org/linktypes.html) of the interface that captured it. */
  readonly linkType: number;
  /** The captured bytes (may be shorter than originalLength when the snap length cut it). */
  readonly data: Uint8Array;
  readonly originalLength: number;
  /** pcapng interface id; 0 for classic pcap. */
  readonly interfaceId: number;
}

export type CaptureFormat = 'pcap' | 'pcapng';

export interface CaptureInfo {
  readonly format: CaptureFormat;
  /** The file was gzip-compressed (detected by magic, not by name). */
  readonly compressed: boolean;
}

/**
 * What a capture reader yields, in file order. `info` comes once, before any frame; a fatal
 * problem (not a capture at all) ends the stream.
 */
export type CaptureEvent =
  | { readonly kind: 'info'; readonly info: CaptureInfo }
  | { readonly kind: 'frame'; readonly frame: Frame }
  | { readonly kind: 'problem'; readonly problem: Problem };
