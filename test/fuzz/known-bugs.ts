/**
 * Bugs the fuzz tests found in code other people own, reported and not fixed yet. The fuzz loops
 * step over them (so the rest keeps being checked), and each has an `it.fails` test with its
 * minimal case, which turns red once the bug is fixed: then delete the entry and `.fails`.
 */
import type { KnownBug } from '../helpers/fuzz-harness.js';

/**
 * src/capture/chunks.ts ChunkList.takeBytes(0) with nothing left to read: `this.list[this.head]`
 * is undefined after the last chunk was released, and `.length` of it throws. A pcap record
 * with 0 captured bytes that ends the input (a 40-byte file: header + one empty record) makes
 * `ikescope analyze` fail with "internal error" and exit 2; tshark reads it as 1 frame.
 * Found by capture/random-structure, seed 0xca97e005, case 2274. The fix is one line at the
 * top of takeBytes: `if (n === 0) return new Uint8Array(0);`.
 */
export const EMPTY_RECORD_AT_END: KnownBug = {
  id: 'capture/empty-record-at-end',
  matches: (e) => e instanceof TypeError && /reading 'length'/.test(e.message) && /takeBytes/.test(e.stack ?? ''),
};

/** The 40-byte capture of EMPTY_RECORD_AT_END: a pcap header and one record of 0 bytes. */
export function emptyRecordPcap(): Uint8Array {
  const b = new Uint8Array(40);
  const v = new DataView(b.buffer);
  v.setUint32(0, 0xa1b2c3d4, true);
  v.setUint16(4, 2, true);
  v.setUint16(6, 4, true);
  v.setUint32(16, 65535, true);
  v.setUint32(20, 1, true);
  v.setUint32(24, 1, true); // ts_sec; ts_usec, incl_len and orig_len stay 0
  return b;
}
