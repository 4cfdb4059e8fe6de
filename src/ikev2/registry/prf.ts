/** IANA "Transform Type 2 - Pseudorandom Function Transform IDs". 1024-65535 Private Use. */
import { namer, reverse } from './names.js';

export const PrfId = Object.freeze({
  PRF_HMAC_MD5: 1, // RFC 2104
  PRF_HMAC_SHA1: 2, // RFC 2104
  PRF_HMAC_TIGER: 3,
  PRF_AES128_XCBC: 4, // RFC 4434
  PRF_HMAC_SHA2_256: 5, // RFC 4868
  PRF_HMAC_SHA2_384: 6, // RFC 4868
  PRF_HMAC_SHA2_512: 7, // RFC 4868
  PRF_AES128_CMAC: 8, // RFC 4615
  PRF_HMAC_STREEBOG_512: 9, // RFC 9385
} as const);

export const prfName = namer(reverse(PrfId), 'PRF', [{ from: 1024, to: 65535, label: 'PRF_PRIVATE_USE' }]);
