/** IANA "IKEv2 Hash Algorithms" (RFC 7427 §7), carried by N(SIGNATURE_HASH_ALGORITHMS). 1024-65535 Private Use. */
import { namer, reverse } from './names.js';

export const HashAlgorithm = Object.freeze({
  SHA1: 1,
  SHA2_256: 2,
  SHA2_384: 3,
  SHA2_512: 4,
  IDENTITY: 5, // RFC 8420 (EdDSA)
  STREEBOG_256: 6, // RFC 9385
  STREEBOG_512: 7, // RFC 9385
} as const);

export const hashAlgorithmName = namer(reverse(HashAlgorithm), 'HASH', [
  { from: 1024, to: 65535, label: 'PRIVATE_USE' },
]);
