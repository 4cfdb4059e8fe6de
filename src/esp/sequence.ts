/**
 * Per-SPI traffic accounting and sequence analysis: packets, bytes, gaps, replays and
 * reordering, seen from the capture point (which may sit on either side of the loss).
 *
 * The window works like the receiver's anti-replay window of RFC 4303 §3.4.3, but wider, so
 * reordering within the window is told apart from replays.
 */

import { VolumeHistogram } from './volume.js';

export const WINDOW = 1024;
const MAX_EVENTS = 64;

export interface SequenceEvent {
  readonly kind: 'gap' | 'replay' | 'reordered' | 'too-old' | 'wrap';
  readonly frame: number;
  readonly seq: number;
  /** For gaps: how many sequence numbers were skipped. */
  readonly missing?: number;
}

export interface SpiStats {
  readonly spi: number;
  packets: number;
  bytes: number;
  firstFrame: number;
  lastFrame: number;
  /** Seconds since the capture's first frame. */
  firstTs: number;
  lastTs: number;
  /** Packets and bytes over time, for the timelines. */
  readonly volume: VolumeHistogram;
  firstSeq: number;
  highestSeq: number;
  /** Sequence numbers skipped and not filled in later by reordered packets. */
  missing: number;
  replays: number;
  reordered: number;
  /** The first events of each kind, capped so a flood cannot grow memory. */
  readonly events: SequenceEvent[];
  eventsDropped: number;
}

export class SpiTracker {
  readonly stats: SpiStats;
  /** Bit i set: highestSeq - i was seen. */
  private readonly seen = new Uint32Array(WINDOW / 32);

  constructor(spi: number, frame: number, seq: number, length: number, ts = 0) {
    this.stats = {
      spi, packets: 1, bytes: length, firstFrame: frame, lastFrame: frame, firstTs: ts, lastTs: ts, volume: new VolumeHistogram(),
      firstSeq: seq, highestSeq: seq, missing: 0, replays: 0, reordered: 0, events: [], eventsDropped: 0,
    };
    this.seen[0] = 1;
    this.stats.volume.add(ts, length);
  }

  add(frame: number, seq: number, length: number, ts = this.stats.lastTs): void {
    const s = this.stats;
    s.packets++;
    s.bytes += length;
    s.lastFrame = frame;
    s.lastTs = ts;
    s.volume.add(ts, length);
    if (seq > s.highestSeq) {
      const advance = seq - s.highestSeq;
      if (advance > 1) {
        s.missing += advance - 1;
        this.event({ kind: 'gap', frame, seq, missing: advance - 1 });
      }
      this.shift(advance);
      s.highestSeq = seq;
      this.seen[0]! |= 1;
      return;
    }
    const behind = s.highestSeq - seq;
    if (seq === 0 && s.highestSeq === 0xffffffff) {
      // RFC 4303 §3.3.3: without ESN the counter MUST NOT cycle; with ESN it wraps to 0.
      this.event({ kind: 'wrap', frame, seq });
      return;
    }
    if (behind >= WINDOW) {
      this.event({ kind: 'too-old', frame, seq });
      return;
    }
    const word = behind >>> 5;
    const bit = 1 << (behind & 31);
    if (this.seen[word]! & bit) {
      s.replays++;
      this.event({ kind: 'replay', frame, seq });
      return;
    }
    this.seen[word]! |= bit;
    s.reordered++;
    if (s.missing > 0) s.missing--;
    this.event({ kind: 'reordered', frame, seq });
  }

  private shift(by: number): void {
    const w = this.seen;
    if (by >= WINDOW) { w.fill(0); return; }
    const words = by >>> 5;
    const bits = by & 31;
    for (let i = w.length - 1; i >= 0; i--) {
      const src = i - words;
      let v = src >= 0 ? (w[src]! << bits) >>> 0 : 0;
      if (bits && src - 1 >= 0) v |= w[src - 1]! >>> (32 - bits);
      w[i] = v;
    }
  }

  private event(e: SequenceEvent): void {
    if (this.stats.events.length < MAX_EVENTS) this.stats.events.push(e);
    else this.stats.eventsDropped++;
  }
}

/** All SPIs of a capture. */
export class EspLedger {
  private readonly trackers = new Map<number, SpiTracker>();

  /** `ts`: seconds since the capture's first frame. */
  add(spi: number, frame: number, seq: number, length: number, ts = 0): void {
    const t = this.trackers.get(spi);
    if (t) t.add(frame, seq, length, ts);
    else this.trackers.set(spi, new SpiTracker(spi, frame, seq, length, ts));
  }

  get(spi: number): SpiStats | undefined { return this.trackers.get(spi)?.stats; }

  all(): SpiStats[] { return [...this.trackers.values()].map((t) => t.stats); }
}
