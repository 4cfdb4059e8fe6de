/** A Vendor ID as a person reads it: the catalog's name, or the hex. */
import { shortHex } from './hex.js';

export function describeVendorId(data: Uint8Array): string {
  return shortHex(data, 20);
}
