/**
 * The bytes a reader has received but not yet consumed, kept as the list of chunks they came
 * in. Headers are read in place through a DataView over the head chunk (gathered into a small
 * scratch buffer only when they straddle chunks); a record's bytes cost one copy at most, and
 * the input is never re-concatenated.
 */

/** Largest `peek`: the biggest fixed header any reader looks at in one go. */
export const MAX_PEEK = 32;

const EMPTY = new Uint8Array(0);

export class ChunkList {
  /** Bytes received and not yet consumed. */
  available = 0;
  /** Bytes consumed so far: the stream offset of the next unconsumed byte. */
  consumed = 0;
  /** The view that the last `peek` made its bytes readable through. */
  dv: DataView;

  private readonly list: Uint8Array[] = [];
  /** Index in `list` of the first chunk with unconsumed bytes. */
  private head = 0;
  /** Bytes of `list[head]` already consumed. */
  private headOff = 0;
  /** View over `list[head]`, made on first use: one per chunk, not one per record. */
  private headView: DataView | null = null;
  private readonly scratch = new Uint8Array(MAX_PEEK);
  private readonly scratchView = new DataView(this.scratch.buffer);

  constructor() {
    this.dv = this.scratchView;
  }

  /** Bytes of the chunks the list still references: what it keeps from being collected. */
  get retained(): number {
    let n = 0;
    for (const c of this.list) n += c.length;
    return n;
  }

  push(chunk: Uint8Array): void {
    if (chunk.length === 0) return;
    // A Buffer's slice() is a view, not a copy, and frames should be plain Uint8Arrays:
    // hold every chunk as a plain view of its memory.
    if (chunk.constructor !== Uint8Array) chunk = new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    this.list.push(chunk);
    this.available += chunk.length;
  }

  /**
   * Makes the next `n` bytes (n ≤ MAX_PEEK, n ≤ available) readable through `this.dv` and
   * returns their offset in it, without consuming them.
   */
  peek(n: number): number {
    const chunk = this.list[this.head]!;
    if (chunk.length - this.headOff >= n) {
      if (this.headView === null) this.headView = new DataView(chunk.buffer, chunk.byteOffset, chunk.byteLength);
      this.dv = this.headView;
      return this.headOff;
    }
    // The header straddles chunks: gather it into the scratch buffer.
    this.copyOut(this.scratch, n);
    this.dv = this.scratchView;
    return 0;
  }

  /** Consumes `n` bytes (n ≤ available). */
  skip(n: number): void {
    this.available -= n;
    this.consumed += n;
    let off = this.headOff + n;
    let chunk = this.list[this.head];
    while (chunk !== undefined && off >= chunk.length) {
      off -= chunk.length;
      // Let the consumed chunk go now: a record straddling chunks keeps `head` short of the
      // list's end, and the list would otherwise pin every chunk read until the compaction.
      this.list[this.head] = EMPTY;
      chunk = this.list[++this.head];
      this.headView = null;
    }
    this.headOff = off;
    this.release();
  }

  /**
   * Consumes up to `n` bytes and returns how many it consumed: for blocks skipped unread,
   * which need not be held in memory however long they claim to be.
   */
  discard(n: number): number {
    const m = n < this.available ? n : this.available;
    this.skip(m);
    return m;
  }

  /**
   * Consumes `n` bytes (n ≤ available) and returns them: a view when they lie in one chunk,
   * for bytes parsed at once and dropped.
   */
  take(n: number): Uint8Array {
    return this.takeBytes(n, false);
  }

  /**
   * Consumes `n` bytes (n ≤ available) and returns them in memory of their own. Packet data
   * leave the reader in frames a consumer may keep for as long as an SA lives; a view would
   * pin the whole read chunk behind it, and memory would grow with the file.
   */
  takeCopy(n: number): Uint8Array {
    return this.takeBytes(n, true);
  }

  private takeBytes(n: number, copy: boolean): Uint8Array {
    // An empty record may end the input, after the last chunk was released.
    if (n === 0) return new Uint8Array(0);
    const chunk = this.list[this.head]!;
    const start = this.headOff;
    if (chunk.length - start >= n) {
      this.skip(n);
      return copy ? chunk.slice(start, start + n) : chunk.subarray(start, start + n);
    }
    // Straddling chunks: the copy is needed anyway, and is the record's own.
    const out = new Uint8Array(n);
    this.copyOut(out, n);
    this.skip(n);
    return out;
  }

  /** Copies the next `n` unconsumed bytes into `dst` without consuming them. */
  private copyOut(dst: Uint8Array, n: number): void {
    let i = this.head;
    let off = this.headOff;
    let done = 0;
    while (done < n) {
      const chunk = this.list[i++]!;
      const m = Math.min(chunk.length - off, n - done);
      dst.set(chunk.subarray(off, off + m), done);
      done += m;
      off = 0;
    }
  }

  /** Drops consumed chunks so the list holds only what is still needed. */
  private release(): void {
    if (this.head === this.list.length) {
      this.list.length = 0;
      this.head = 0;
    } else if (this.head >= 1024) {
      // Many tiny chunks consumed while a long record gathered: compact once, not per chunk.
      this.list.splice(0, this.head);
      this.head = 0;
    }
  }
}
