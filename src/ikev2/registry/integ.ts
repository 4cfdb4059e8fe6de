/** IANA "Transform Type 3 - Integrity Algorithm Transform IDs". 1024-65535 Private Use. */
import { namer, reverse } from './names.js';

export const IntegId = Object.freeze({
  NONE: 0,
  AUTH_HMAC_MD5_96: 1, // RFC 2403
  AUTH_HMAC_SHA1_96: 2, // RFC 2404
  AUTH_DES_MAC: 3,
  AUTH_KPDK_MD5: 4, // RFC 1826
  AUTH_AES_XCBC_96: 5, // RFC 3566
  AUTH_HMAC_MD5_128: 6, // RFC 4595
  AUTH_HMAC_SHA1_160: 7, // RFC 4595
  AUTH_AES_CMAC_96: 8, // RFC 4494
  AUTH_AES_128_GMAC: 9, // RFC 4543
  AUTH_AES_192_GMAC: 10, // RFC 4543
  AUTH_AES_256_GMAC: 11, // RFC 4543
  AUTH_HMAC_SHA2_256_128: 12, // RFC 4868
  AUTH_HMAC_SHA2_384_192: 13, // RFC 4868
  AUTH_HMAC_SHA2_512_256: 14, // RFC 4868
} as const);

export const integName = namer(reverse(IntegId), 'AUTH', [{ from: 1024, to: 65535, label: 'AUTH_PRIVATE_USE' }]);
