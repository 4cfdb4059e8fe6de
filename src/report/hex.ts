export const toHex = (b: Uint8Array): string => Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('hex');

/** Long values shortened for one-line display: the first and last bytes and the length. */
export function shortHex(b: Uint8Array, keep = 8): string {
  if (b.length <= keep * 2) return toHex(b);
  return `${toHex(b.subarray(0, keep))}…${toHex(b.subarray(b.length - 4))} (${b.length} bytes)`;
}
