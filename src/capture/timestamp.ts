/**
 * pcapng timestamps: a 64-bit count of units (draft-ietf-opsawg-pcapng §4.3), the unit set by
 * the interface's `if_tsresol` and shifted by its `if_tsoffset` (§4.2). `Clock` turns the two
 * 32-bit halves into seconds and nanoseconds, truncating like Wireshark does, with exact
 * integer arithmetic in doubles for the usual resolutions and BigInt only for exotic ones.
 */

const TWO32 = 4294967296;

const enum Mode {
  /** 10^-e with e ≤ 9: long division in 16-bit digits keeps every step below 2^53. */
  Decimal,
  /** 2^-e with e ≤ 32: shifts, and 10^9 = 2^9 · 1953125 keeps the fraction product exact. */
  Binary,
  /** Anything finer: BigInt, at most once per packet on such rare interfaces. */
  Big,
}

export class Clock {
  /** Result of the last `set`. */
  sec = 0;
  nsec = 0;

  private readonly mode: Mode;
  private readonly divisor: number;
  /** Decimal: nanoseconds per unit. Binary: the exponent e. */
  private readonly factor: number;
  private readonly bigUnits: bigint;
  private readonly offset: number;

  /**
   * @param tsresol the `if_tsresol` byte: "If the Most Significant Bit is equal to zero, the
   *   remaining bits indicates the resolution of the timestamp as a negative power of 10 …
   *   If the Most Significant Bit is equal to one, the remaining bits indicates the resolution
   *   as negative power of 2" (§4.2). Default 6, microseconds.
   * @param offsetSec `if_tsoffset`, seconds added to every timestamp (§4.2).
   */
  constructor(tsresol = 6, offsetSec = 0) {
    const binary = (tsresol & 0x80) !== 0;
    const e = tsresol & 0x7f;
    this.offset = offsetSec;
    if (!binary && e <= 9) {
      this.mode = Mode.Decimal;
      this.divisor = 10 ** e;
      this.factor = 10 ** (9 - e);
      this.bigUnits = 0n;
    } else if (binary && e <= 32) {
      this.mode = Mode.Binary;
      this.divisor = 2 ** e;
      this.factor = e;
      this.bigUnits = 0n;
    } else {
      this.mode = Mode.Big;
      this.divisor = 0;
      this.factor = 0;
      this.bigUnits = binary ? 1n << BigInt(e) : 10n ** BigInt(e);
    }
  }

  /** Converts the timestamp whose upper and lower 32 bits are `hi` and `lo` (unsigned). */
  set(hi: number, lo: number): void {
    switch (this.mode) {
      case Mode.Decimal: {
        const d = this.divisor;
        // (hi·2^32 + lo) / d, one 16-bit digit at a time: each partial dividend stays < d·2^16.
        const qh = Math.floor(hi / d);
        let r = hi - qh * d;
        let t = r * 65536 + (lo >>> 16);
        const q1 = Math.floor(t / d);
        r = t - q1 * d;
        t = r * 65536 + (lo & 0xffff);
        const q2 = Math.floor(t / d);
        r = t - q2 * d;
        this.sec = qh * TWO32 + q1 * 65536 + q2 + this.offset;
        this.nsec = r * this.factor;
        return;
      }
      case Mode.Binary: {
        const e = this.factor;
        const loSec = e === 32 ? 0 : lo >>> e;
        const frac = lo - loSec * this.divisor;
        this.sec = hi * (TWO32 / this.divisor) + loSec + this.offset;
        // frac < 2^32 and 1953125 < 2^21, so the product is exact; dividing by 2^(e-9) is too.
        this.nsec = e >= 9 ? Math.floor((frac * 1953125) / 2 ** (e - 9)) : frac * (1e9 / this.divisor);
        return;
      }
      case Mode.Big: {
        const v = (BigInt(hi) << 32n) | BigInt(lo);
        const units = this.bigUnits;
        this.sec = Number(v / units) + this.offset;
        this.nsec = Number(((v % units) * 1_000_000_000n) / units);
        return;
      }
    }
  }
}
