/**
 * Keyed integrity transforms: an IntegAlgorithm plus its key becomes a Mac whose output the
 * caller truncates to `alg.icvBytes` (RFC 2404 §2, RFC 4868 §2.6: the ICV is the leftmost
 * bits of the MAC).
 */
import { integSpec } from './algorithms.js';
import type { Keyed } from './cipher.js';
import { AesCmac } from './cmac.js';
import { hmacKey, type Mac } from './hmac.js';
import type { IntegAlgorithm } from './types.js';
import { AesXcbc } from './xcbc.js';

export function createIntegrity(alg: IntegAlgorithm, key: Uint8Array): Keyed<Mac> {
  const spec = integSpec(alg);
  if (!spec) return { ok: false, message: `${alg.name} is not implemented` };
  // RFC 2104 accepts any key length, but an integrity transform's key is fixed by the
  // transform (RFC 7296 §2.14: SK_a "of the length the integrity algorithm takes"); a
  // different length means the key file row belongs to another algorithm.
  if (key.length !== alg.keyBytes) {
    return { ok: false, message: `${alg.name} needs ${alg.keyBytes} octets of key, got ${key.length}` };
  }
  switch (spec.kind) {
    case 'hmac':
      return { ok: true, value: hmacKey(spec.hash!, key) };
    case 'xcbc':
      return { ok: true, value: new AesXcbc(key) };
    case 'cmac':
      return { ok: true, value: new AesCmac(key) };
  }
}
