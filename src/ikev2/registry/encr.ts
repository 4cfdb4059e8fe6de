/** IANA "Transform Type 1 - Encryption Algorithm Transform IDs". 1024-65535 Private Use. */
import { namer, reverse } from './names.js';

export const EncrId = Object.freeze({
  ENCR_DES_IV64: 1, // RFC 1827
  ENCR_DES: 2, // RFC 2405
  ENCR_3DES: 3, // RFC 2451
  ENCR_RC5: 4,
  ENCR_IDEA: 5,
  ENCR_CAST: 6,
  ENCR_BLOWFISH: 7,
  ENCR_3IDEA: 8,
  ENCR_DES_IV32: 9,
  ENCR_NULL: 11, // RFC 2410
  ENCR_AES_CBC: 12, // RFC 3602
  ENCR_AES_CTR: 13, // RFC 3686
  ENCR_AES_CCM_8: 14, // RFC 4309
  ENCR_AES_CCM_12: 15,
  ENCR_AES_CCM_16: 16,
  ENCR_AES_GCM_8: 18, // RFC 4106
  ENCR_AES_GCM_12: 19,
  ENCR_AES_GCM_16: 20,
  ENCR_NULL_AUTH_AES_GMAC: 21, // RFC 4543
  ENCR_CAMELLIA_CBC: 23, // RFC 5529
  ENCR_CAMELLIA_CTR: 24,
  ENCR_CAMELLIA_CCM_8: 25,
  ENCR_CAMELLIA_CCM_12: 26,
  ENCR_CAMELLIA_CCM_16: 27,
  ENCR_CHACHA20_POLY1305: 28, // RFC 7634
  ENCR_AES_CCM_8_IIV: 29, // RFC 8750
  ENCR_AES_GCM_16_IIV: 30, // RFC 8750
  ENCR_CHACHA20_POLY1305_IIV: 31, // RFC 8750
  ENCR_KUZNYECHIK_MGM_KTREE: 32, // RFC 9227
  ENCR_MAGMA_MGM_KTREE: 33, // RFC 9227
  ENCR_KUZNYECHIK_MGM_MAC_KTREE: 34, // RFC 9227
  ENCR_MAGMA_MGM_MAC_KTREE: 35, // RFC 9227
} as const);

export const encrName = namer(reverse(EncrId), 'ENCR', [{ from: 1024, to: 65535, label: 'ENCR_PRIVATE_USE' }]);

/** Combined-mode (AEAD) ciphers take no separate INTEG transform (RFC 7296 §3.3.3, RFC 5282). */
export function isAeadEncr(id: number): boolean {
  return (
    (id >= EncrId.ENCR_AES_CCM_8 && id <= EncrId.ENCR_AES_GCM_16 && id !== 17) ||
    id === EncrId.ENCR_NULL_AUTH_AES_GMAC ||
    (id >= EncrId.ENCR_CAMELLIA_CCM_8 && id <= EncrId.ENCR_MAGMA_MGM_MAC_KTREE)
  );
}
