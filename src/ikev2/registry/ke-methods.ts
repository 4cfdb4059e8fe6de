/**
 * IANA "Transform Type 4 - Key Exchange Method Transform IDs" (the D-H groups).
 * IANA's names are prose ("1024-bit MODP Group"); ikescope uses the short forms DESIGN.md fixes
 * ("MODP_1024", "ECP_384", "Curve25519") and IANA's own names where they are already short
 * (brainpool, Curve448, GOST). 1-21 come from IKEv1's group registry; 3, 4, 6-13 are reserved
 * for IKEv2. 32768-65535 Private Use.
 */
import { namer, reverse } from './names.js';

export const KeMethod = Object.freeze({
  NONE: 0, // RFC 9370: "no additional key exchange"
  MODP_768: 1, // RFC 7296 App. B
  MODP_1024: 2, // RFC 7296 App. B
  MODP_1536: 5, // RFC 3526
  MODP_2048: 14, // RFC 3526
  MODP_3072: 15, // RFC 3526
  MODP_4096: 16, // RFC 3526
  MODP_6144: 17, // RFC 3526
  MODP_8192: 18, // RFC 3526
  ECP_256: 19, // RFC 5903
  ECP_384: 20, // RFC 5903
  ECP_521: 21, // RFC 5903
  MODP_1024_160: 22, // RFC 5114: 1024-bit MODP with 160-bit prime order subgroup
  MODP_2048_224: 23, // RFC 5114
  MODP_2048_256: 24, // RFC 5114
  ECP_192: 25, // RFC 5114
  ECP_224: 26, // RFC 5114
  brainpoolP224r1: 27, // RFC 6954
  brainpoolP256r1: 28, // RFC 6954
  brainpoolP384r1: 29, // RFC 6954
  brainpoolP512r1: 30, // RFC 6954
  Curve25519: 31, // RFC 8031
  Curve448: 32, // RFC 8031
  GOST3410_2012_256: 33, // RFC 9385
  GOST3410_2012_512: 34, // RFC 9385
  ML_KEM_512: 35, // draft-ietf-ipsecme-ikev2-mlkem (IANA: "ml-kem-512")
  ML_KEM_768: 36,
  ML_KEM_1024: 37,
} as const);

export const dhGroupName = namer(reverse(KeMethod), 'GROUP', [{ from: 32768, to: 65535, label: 'PRIVATE_USE' }]);
/** Same registry under its RFC 9370 name. */
export const keMethodName = dhGroupName;
