/**
 * ESP volume over time for one SPI, in a fixed number of bins whatever the capture's length:
 * the bins start 1/64 s wide and double (merging pairs) whenever a packet falls past the
 * last one, so memory per SPI stays at MAX_BINS counters while streaming a file of any
 * duration, and a short capture keeps a fine resolution.
 */

export const MAX_BINS = 256;
const FIRST_WIDTH = 1 / 64;

/** Packets and bytes per bin; bin i covers [i·binSeconds, (i+1)·binSeconds) from the capture's first frame. */
export interface EspVolume {
  readonly binSeconds: number;
  readonly packets: number[];
  readonly bytes: number[];
}

export class VolumeHistogram {
  private width = FIRST_WIDTH;
  private readonly packets = new Float64Array(MAX_BINS);
  private readonly bytes = new Float64Array(MAX_BINS);
  private used = 0;

  /** `t`: seconds since the capture's first frame (never negative: a clock step back counts in bin 0). */
  add(t: number, length: number): void {
    let i = Math.floor(Math.max(0, t) / this.width);
    while (i >= MAX_BINS) {
      this.coarsen();
      i = Math.floor(Math.max(0, t) / this.width);
    }
    this.packets[i]! += 1;
    this.bytes[i]! += length;
    if (i >= this.used) this.used = i + 1;
  }

  private coarsen(): void {
    for (const a of [this.packets, this.bytes]) {
      for (let j = 0; j < MAX_BINS / 2; j++) a[j] = a[2 * j]! + a[2 * j + 1]!;
      a.fill(0, MAX_BINS / 2);
    }
    this.width *= 2;
    this.used = Math.ceil(this.used / 2);
  }

  toJSON(): EspVolume {
    return { binSeconds: this.width, packets: Array.from(this.packets.subarray(0, this.used)), bytes: Array.from(this.bytes.subarray(0, this.used)) };
  }
}
