/**
 * DES-EDE3-CBC (RFC 2451, ENCR_3DES) and DES-CBC (RFC 2405, ENCR_DES).
 *
 * OpenSSL 3 moved single DES to its legacy provider, which Node does not load, so ENCR_DES
 * runs as EDE3 with K1 = K2 = K3: E_K(D_K(E_K(x))) = E_K(x) (the "keying option 3" of ANSI
 * X9.52 / NIST SP 800-67, which is single DES). That is what reading a DES peer's traffic
 * needs; it is not an endorsement of 56-bit keys.
 */
import { CbcCipher } from './aes-cbc.js';
import { concatBytes } from './bytes.js';

/** 3DES-CBC with a 24-octet key (K1 | K2 | K3), 8-octet blocks and IV (RFC 2451 §2.3, §2.4). */
export function des3Cbc(key: Uint8Array): CbcCipher {
  if (key.length !== 24) throw new RangeError(`3DES key of ${key.length} octets, needs 24`);
  return new CbcCipher('des-ede3-cbc', 'des-ede3-ecb', key, 8);
}

/** DES-CBC with an 8-octet key (parity bits ignored, as RFC 2405 §5 allows). */
export function desCbc(key: Uint8Array): CbcCipher {
  if (key.length !== 8) throw new RangeError(`DES key of ${key.length} octets, needs 8`);
  return new CbcCipher('des-ede3-cbc', 'des-ede3-ecb', concatBytes(key, key, key), 8);
}
