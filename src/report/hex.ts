import { hex } from '../ikev2/bytes.js';

export { hex as toHex };

/** Long values shortened for one-line display: the first and last bytes and the length. */
export function shortHex(b: Uint8Array, keep = 8): string {
  if (b.length <= keep * 2) return hex(b);
  return `${hex(b.subarray(0, keep))}…${hex(b.subarray(b.length - 4))} (${b.length} bytes)`;
}
