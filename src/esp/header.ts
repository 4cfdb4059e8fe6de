/** ESP packet header (RFC 4303 §2): SPI and sequence number; the rest is opaque until decrypted. */
import type { Decoded } from '../problem.js';
import { fail, ok } from '../problem.js';

export interface EspPacket {
  readonly spi: number;
  /** Low 32 bits of the sequence number (RFC 4303 §2.2; the high half of an ESN is not sent). */
  readonly seq: number;
  /** IV, ciphertext, padding, trailer and ICV, undivided. */
  readonly body: Uint8Array;
  /** Length of the whole ESP packet, SPI through ICV. */
  readonly length: number;
}

export function parseEsp(bytes: Uint8Array): Decoded<EspPacket> {
  if (bytes.length < 8) return fail(0, `ESP packet of ${bytes.length} bytes is shorter than its 8-byte header`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const spi = view.getUint32(0);
  // RFC 4303 §2.1: SPI 0 is reserved for local use and MUST NOT be sent on the wire.
  if (spi === 0) return fail(0, 'ESP SPI 0 is reserved (RFC 4303 §2.1)');
  return ok({ spi, seq: view.getUint32(4), body: bytes.subarray(8), length: bytes.length });
}

export function serializeEsp(spi: number, seq: number, body: Uint8Array): Uint8Array {
  const out = new Uint8Array(8 + body.length);
  const view = new DataView(out.buffer);
  view.setUint32(0, spi >>> 0);
  view.setUint32(4, seq >>> 0);
  out.set(body, 8);
  return out;
}

export const spiHex = (spi: number): string => (spi >>> 0).toString(16).padStart(8, '0');
