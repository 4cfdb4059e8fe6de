/**
 * The negotiated pseudorandom function, RFC 7296 §2.13: prf(K, S). HMAC PRFs take keys of
 * any length (RFC 2104 §3); PRF_AES128_XCBC (RFC 4434) and PRF_AES128_CMAC (RFC 4615)
 * normalize other key lengths to 128 bits themselves.
 */
import { prfSpec } from './algorithms.js';
import { cmacPrfKey, AesCmac } from './cmac.js';
import { hmacKey, type Mac } from './hmac.js';
import type { PrfAlgorithm } from './types.js';
import { AesXcbc, xcbcPrfKey } from './xcbc.js';

/** prf keyed once, for prf+ which calls it with one key many times. */
export function prfKey(alg: PrfAlgorithm, key: Uint8Array): Mac {
  const spec = prfSpec(alg);
  if (!spec) throw new RangeError(`${alg.name} is not implemented`);
  switch (spec.kind) {
    case 'hmac':
      return hmacKey(spec.hash!, key);
    case 'xcbc':
      return new AesXcbc(xcbcPrfKey(key));
    case 'cmac':
      return new AesCmac(cmacPrfKey(key));
  }
}

/** prf(K, S), the full output of the PRF (RFC 7296 §2.13). */
export function prf(alg: PrfAlgorithm, key: Uint8Array, data: Uint8Array): Uint8Array {
  return prfKey(alg, key).compute(data);
}
