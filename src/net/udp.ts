/** UDP header (RFC 768). */
import type { Decoded } from '../problem.js';
import { fail, ok } from '../problem.js';

export interface UdpDatagram {
  readonly srcPort: number;
  readonly dstPort: number;
  /** Trimmed to the UDP length field when it is shorter than what was captured. */
  readonly payload: Uint8Array;
}

export function parseUdp(data: Uint8Array): Decoded<UdpDatagram> {
  if (data.length < 8) return fail(0, 'UDP header truncated');
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  const length = view.getUint16(4);
  if (length !== 0 && length < 8) return fail(4, `UDP length ${length} is below 8`);
  // Length 0 appears with IPv6 jumbograms (RFC 2675); otherwise trust the smaller of the two.
  const end = length === 0 ? data.length : Math.min(length, data.length);
  return ok({ srcPort: view.getUint16(0), dstPort: view.getUint16(2), payload: data.subarray(8, end) });
}
